// OVER (...) and WINDOW w AS (...) specifications: PARTITION BY, ORDER BY and ROWS/RANGE frames.
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

// ( [name] [PARTITION BY a, ..] [ORDER BY x [ASC|DESC], ..] [ROWS|RANGE frame] )
StatusOr<WindowSpec> SqlParser::ParseWindowSpec() {
  WindowSpec spec;
  spec.pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  if (PeekIdentifier() && !PeekKeyword("ROWS") && !PeekKeyword("RANGE")) {
    spec.reference_name = Peek().text;
    Advance();
  }
  if (AcceptKeywords({"PARTITION", "BY"})) {
    do {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr key, ParseExpr());
      spec.partition_by.push_back(std::move(key));
    } while (AcceptToken(TokenType::kComma));
  }
  if (AcceptKeywords({"ORDER", "BY"})) {
    SLUICE_ASSIGN_OR_RETURN(spec.order_by, ParseOrderByList());
  }
  if (PeekKeyword("ROWS") || PeekKeyword("RANGE")) {
    SLUICE_ASSIGN_OR_RETURN(spec.frame, ParseWindowFrame());
  }
  if (!AcceptToken(TokenType::kRightParen)) {
    return Unexpected(spec.order_by.empty() ? "PARTITION BY, ORDER BY, ROWS, RANGE or ')'"
                                            : "ROWS, RANGE or ')'");
  }
  return spec;
}

StatusOr<WindowFrame> SqlParser::ParseWindowFrame() {
  WindowFrame frame;
  frame.pos = Peek().pos;
  frame.rows = PeekKeyword("ROWS");
  Advance();
  if (AcceptKeyword("BETWEEN")) {
    SLUICE_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("AND"));
    SLUICE_ASSIGN_OR_RETURN(frame.end, ParseFrameBound());
  } else {
    SLUICE_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
    frame.end.kind = FrameBound::Kind::kCurrentRow;
  }
  return frame;
}

StatusOr<FrameBound> SqlParser::ParseFrameBound() {
  FrameBound bound;
  if (AcceptKeyword("UNBOUNDED")) {
    if (AcceptKeyword("PRECEDING")) {
      bound.kind = FrameBound::Kind::kUnboundedPreceding;
    } else if (AcceptKeyword("FOLLOWING")) {
      bound.kind = FrameBound::Kind::kUnboundedFollowing;
    } else {
      return Unexpected("PRECEDING or FOLLOWING");
    }
    return bound;
  }
  if (AcceptKeywords({"CURRENT", "ROW"})) {
    bound.kind = FrameBound::Kind::kCurrentRow;
    return bound;
  }
  SLUICE_ASSIGN_OR_RETURN(bound.offset, ParseBinary(kPrecAdditive));
  if (AcceptKeyword("PRECEDING")) {
    bound.kind = FrameBound::Kind::kPreceding;
  } else if (AcceptKeyword("FOLLOWING")) {
    bound.kind = FrameBound::Kind::kFollowing;
  } else {
    return Unexpected("PRECEDING or FOLLOWING");
  }
  return bound;
}

}  // namespace sluice::sql
