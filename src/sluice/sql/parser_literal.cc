// Literals: numbers, typed literals (DATE '..', TIMESTAMP '..') and INTERVAL with its value.
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "sluice/sql/interval_literal.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

StatusOr<ExprPtr> SqlParser::ParseNumber() {
  const Token& token = Peek();
  auto literal = std::make_shared<LiteralExpr>();
  literal->pos = token.pos;
  literal->text = token.text;
  literal->double_value = std::strtod(token.text.c_str(), nullptr);
  if (token.type == TokenType::kInteger) {
    const char* begin = token.text.data();
    const char* end = begin + token.text.size();
    auto [ptr, error] = std::from_chars(begin, end, literal->int_value);
    literal->literal_kind =
        error == std::errc() && ptr == end ? LiteralKind::kInteger : LiteralKind::kDecimal;
  } else if (token.type == TokenType::kDecimal) {
    literal->literal_kind = LiteralKind::kDecimal;
  } else {
    literal->literal_kind = LiteralKind::kDouble;
    if (!std::isfinite(literal->double_value)) {
      return ErrorAt(token.pos, absl::StrCat("numeric literal ", token.text, " is out of range"));
    }
  }
  Advance();
  return literal;
}

StatusOr<ExprPtr> SqlParser::ParseTypedLiteral(LiteralKind kind) {
  auto literal = std::make_shared<LiteralExpr>();
  literal->pos = Peek().pos;
  literal->literal_kind = kind;
  Advance();
  literal->text = Peek().text;
  Advance();
  return literal;
}

std::optional<TimeUnit> SqlParser::PeekTimeUnit(bool allow_plural) const {
  if (!PeekToken(TokenType::kIdentifier)) return std::nullopt;
  std::string_view word = Peek().upper;
  if (allow_plural && word.size() > 1 && word.back() == 'S') word.remove_suffix(1);
  static constexpr std::pair<std::string_view, TimeUnit> kUnits[] = {
      {"YEAR", TimeUnit::kYear},
      {"QUARTER", TimeUnit::kQuarter},
      {"MONTH", TimeUnit::kMonth},
      {"WEEK", TimeUnit::kWeek},
      {"DAY", TimeUnit::kDay},
      {"HOUR", TimeUnit::kHour},
      {"MINUTE", TimeUnit::kMinute},
      {"SECOND", TimeUnit::kSecond},
      {"MILLISECOND", TimeUnit::kMillisecond},
      {"MICROSECOND", TimeUnit::kMicrosecond},
      {"NANOSECOND", TimeUnit::kNanosecond},
  };
  for (const auto& [name, unit] : kUnits) {
    if (word == name) return unit;
  }
  return std::nullopt;
}

// INTERVAL [+|-] 'text' unit [(p)] [TO unit [(p)]]; plural units (MINUTES) are accepted.
StatusOr<ExprPtr> SqlParser::ParseInterval() {
  auto interval = std::make_shared<IntervalExpr>();
  interval->pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("INTERVAL"));
  bool negative = false;
  if (AcceptToken(TokenType::kMinus)) {
    negative = true;
  } else {
    AcceptToken(TokenType::kPlus);
  }
  SourcePosition text_pos = Peek().pos;
  if (!PeekToken(TokenType::kString) && !PeekToken(TokenType::kInteger) &&
      !PeekToken(TokenType::kDecimal)) {
    return Unexpected("a quoted interval value like '10'");
  }
  interval->text = absl::StrCat(negative ? "-" : "", Peek().text);
  Advance();
  auto is_interval_unit = [](TimeUnit unit) {
    return unit == TimeUnit::kYear || unit == TimeUnit::kMonth || unit == TimeUnit::kDay ||
           unit == TimeUnit::kHour || unit == TimeUnit::kMinute || unit == TimeUnit::kSecond;
  };
  std::optional<TimeUnit> start = PeekTimeUnit(/*allow_plural=*/true);
  if (!start || !is_interval_unit(*start)) {
    return Unexpected("an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND)");
  }
  Advance();
  interval->start_unit = *start;
  auto parse_precision = [&]() -> absl::Status {
    if (!AcceptToken(TokenType::kLeftParen)) return absl::OkStatus();
    if (!PeekToken(TokenType::kInteger)) return Unexpected("a precision");
    interval->precision = std::atoi(Peek().text.c_str());
    Advance();
    if (AcceptToken(TokenType::kComma)) {  // SECOND(p, fraction)
      if (!PeekToken(TokenType::kInteger)) return Unexpected("a fractional precision");
      Advance();
    }
    return ExpectToken(TokenType::kRightParen);
  };
  SLUICE_RETURN_IF_ERROR(parse_precision());
  if (AcceptKeyword("TO")) {
    std::optional<TimeUnit> end = PeekTimeUnit(/*allow_plural=*/true);
    if (!end || !is_interval_unit(*end)) return Unexpected("an interval unit");
    Advance();
    interval->end_unit = *end;
    if (AcceptToken(TokenType::kLeftParen)) {
      if (!PeekToken(TokenType::kInteger)) return Unexpected("a fractional precision");
      Advance();
      SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
    }
  }
  interval->year_month = IsYearMonthUnit(interval->start_unit);
  StatusOr<int64_t> value =
      EvaluateIntervalLiteral(interval->text, interval->start_unit, interval->end_unit);
  if (!value.ok()) return ErrorAt(text_pos, std::string(value.status().message()));
  interval->value = *value;
  return interval;
}

}  // namespace sluice::sql
