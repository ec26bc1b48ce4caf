// Functions with keyword syntax, normalized into plain FunctionCallExpr (see ast.h):
// EXTRACT, TRIM, SUBSTRING, POSITION, OVERLAY, CEIL/FLOOR ... TO, TIMESTAMPADD/TIMESTAMPDIFF.
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

namespace {
ExprPtr Symbol(std::string name, SourcePosition pos) {
  auto symbol = std::make_shared<SymbolExpr>();
  symbol->pos = pos;
  symbol->name = std::move(name);
  return symbol;
}
}  // namespace

StatusOr<ExprPtr> SqlParser::ParseSpecialFunction(const std::string& upper, SourcePosition pos,
                                                  bool* handled) {
  static constexpr std::string_view kSpecial[] = {
      "EXTRACT", "TRIM",    "SUBSTRING", "POSITION",     "OVERLAY",
      "CEIL",    "CEILING", "FLOOR",     "TIMESTAMPADD", "TIMESTAMPDIFF"};
  *handled = false;
  bool special = false;
  for (std::string_view name : kSpecial) special |= upper == name;
  if (!special) return ExprPtr();
  // Plain-call spellings (SUBSTRING(s, 1, 2), CEIL(x), FLOOR(x)) go through the generic path,
  // with the name upper-cased so the binder sees one spelling.
  auto call = std::make_shared<FunctionCallExpr>();
  call->pos = pos;
  call->name = upper == "CEILING" ? "CEIL" : upper;
  Advance();  // name
  Advance();  // (
  auto arg = [&]() -> absl::Status {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
    call->args.push_back(std::move(expr));
    return absl::OkStatus();
  };
  auto symbol_arg = [&](std::string_view expected) -> absl::Status {
    if (!PeekToken(TokenType::kIdentifier)) return Unexpected(expected);
    call->args.push_back(Symbol(Peek().upper, Peek().pos));
    Advance();
    return absl::OkStatus();
  };

  if (upper == "EXTRACT") {  // EXTRACT(unit FROM x)
    SLUICE_RETURN_IF_ERROR(symbol_arg("a time unit such as YEAR or HOUR"));
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("FROM"));
    SLUICE_RETURN_IF_ERROR(arg());
  } else if (upper == "TRIM") {  // TRIM([BOTH|LEADING|TRAILING] [chars] [FROM] s)
    SourcePosition side_pos = Peek().pos;
    std::string side = "BOTH";
    bool explicit_side = false;
    if (PeekKeyword("BOTH") || PeekKeyword("LEADING") || PeekKeyword("TRAILING")) {
      side = Peek().upper;
      explicit_side = true;
      Advance();
    }
    call->args.push_back(Symbol(side, side_pos));
    ExprPtr chars;
    ExprPtr source;
    if (AcceptKeyword("FROM")) {
      SLUICE_ASSIGN_OR_RETURN(source, ParseExpr());
    } else {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr first, ParseExpr());
      if (AcceptKeyword("FROM")) {
        chars = std::move(first);
        SLUICE_ASSIGN_OR_RETURN(source, ParseExpr());
      } else if (explicit_side) {
        return Unexpected("FROM");
      } else {
        source = std::move(first);
      }
    }
    if (!chars) {
      auto space = std::make_shared<LiteralExpr>();
      space->pos = pos;
      space->literal_kind = LiteralKind::kString;
      space->text = " ";
      chars = std::move(space);
    }
    call->args.push_back(std::move(chars));
    call->args.push_back(std::move(source));
  } else if (upper == "SUBSTRING") {  // SUBSTRING(s FROM a [FOR b]) | SUBSTRING(s, a [, b])
    SLUICE_RETURN_IF_ERROR(arg());
    if (AcceptKeyword("FROM")) {
      SLUICE_RETURN_IF_ERROR(arg());
      if (AcceptKeyword("FOR")) SLUICE_RETURN_IF_ERROR(arg());
    } else {
      while (AcceptToken(TokenType::kComma)) SLUICE_RETURN_IF_ERROR(arg());
    }
  } else if (upper == "POSITION") {  // POSITION(a IN b [FROM c]) | POSITION(a, b)
    SLUICE_ASSIGN_OR_RETURN(ExprPtr needle, ParseBinary(kPrecAdditive));
    call->args.push_back(std::move(needle));
    if (AcceptKeyword("IN")) {
      SLUICE_RETURN_IF_ERROR(arg());
      if (AcceptKeyword("FROM")) SLUICE_RETURN_IF_ERROR(arg());
    } else {
      while (AcceptToken(TokenType::kComma)) SLUICE_RETURN_IF_ERROR(arg());
    }
  } else if (upper == "OVERLAY") {  // OVERLAY(s PLACING r FROM a [FOR b])
    SLUICE_RETURN_IF_ERROR(arg());
    if (AcceptKeyword("PLACING")) {
      SLUICE_RETURN_IF_ERROR(arg());
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("FROM"));
      SLUICE_RETURN_IF_ERROR(arg());
      if (AcceptKeyword("FOR")) SLUICE_RETURN_IF_ERROR(arg());
    } else {
      while (AcceptToken(TokenType::kComma)) SLUICE_RETURN_IF_ERROR(arg());
    }
  } else if (upper == "CEIL" || upper == "CEILING" || upper == "FLOOR") {  // (x [TO unit])
    SLUICE_RETURN_IF_ERROR(arg());
    if (AcceptKeyword("TO")) SLUICE_RETURN_IF_ERROR(symbol_arg("a time unit such as DAY"));
  } else {  // TIMESTAMPADD(unit, n, ts) | TIMESTAMPDIFF(unit, a, b)
    SLUICE_RETURN_IF_ERROR(symbol_arg("a time unit such as DAY or SECOND"));
    while (AcceptToken(TokenType::kComma)) SLUICE_RETURN_IF_ERROR(arg());
  }
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  *handled = true;
  return ParseFunctionSuffix(std::move(call));
}

}  // namespace sluice::sql
