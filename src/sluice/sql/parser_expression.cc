// Expressions: precedence climbing over OR < AND < NOT < comparison < additive < multiplicative <
// unary < postfix < primary; column references, function calls, CASE, CAST,
// constructors, subqueries (literals: parser_literal.cc; OVER: parser_window.cc).

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

namespace {

ExprPtr MakeBinary(BinaryOp op, ExprPtr left, ExprPtr right) {
  auto binary = std::make_shared<BinaryExpr>();
  binary->pos = left->pos;
  binary->op = op;
  binary->left = std::move(left);
  binary->right = std::move(right);
  return binary;
}

// -<numeric literal> is folded into a negative literal, which keeps LIMIT -1, ROWS ... and
// `-9223372036854775808` simple for the binder.
ExprPtr Negate(ExprPtr operand, SourcePosition pos) {
  if (operand->Is<LiteralExpr>()) {
    const LiteralExpr& literal = operand->As<LiteralExpr>();
    if (literal.literal_kind == LiteralKind::kInteger ||
        literal.literal_kind == LiteralKind::kDecimal ||
        literal.literal_kind == LiteralKind::kDouble) {
      if (literal.text.empty() || literal.text[0] != '-') {
        auto negated = std::make_shared<LiteralExpr>(literal);
        negated->pos = pos;
        negated->text = absl::StrCat("-", literal.text);
        negated->int_value = -literal.int_value;
        negated->double_value = -literal.double_value;
        if (literal.literal_kind == LiteralKind::kDecimal &&
            literal.text == "9223372036854775808") {
          negated->literal_kind = LiteralKind::kInteger;
          negated->int_value = INT64_MIN;
        }
        return negated;
      }
    }
  }
  auto unary = std::make_shared<UnaryExpr>();
  unary->pos = pos;
  unary->op = UnaryOp::kNegate;
  unary->operand = std::move(operand);
  return unary;
}

std::optional<BinaryOp> ComparisonOp(TokenType type) {
  switch (type) {
    case TokenType::kEqual:
      return BinaryOp::kEqual;
    case TokenType::kNotEqual:
      return BinaryOp::kNotEqual;
    case TokenType::kLess:
      return BinaryOp::kLess;
    case TokenType::kLessEqual:
      return BinaryOp::kLessEqual;
    case TokenType::kGreater:
      return BinaryOp::kGreater;
    case TokenType::kGreaterEqual:
      return BinaryOp::kGreaterEqual;
    default:
      return std::nullopt;
  }
}

}  // namespace

StatusOr<ExprPtr> SqlParser::ParseExpr() { return ParseBinary(kPrecOr); }

StatusOr<ExprPtr> SqlParser::ParseBinary(int min_precedence) {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  SLUICE_ASSIGN_OR_RETURN(ExprPtr left, ParseUnary());
  return ParseBinaryRest(std::move(left), min_precedence);
}

StatusOr<ExprPtr> SqlParser::ParseBinaryRest(ExprPtr left, int min_precedence) {
  ChainGuard chain(this);
  while (true) {
    if (!chain.Step()) return ChainError();
    const Token& token = Peek();
    if (min_precedence <= kPrecOr && PeekKeyword("OR")) {
      Advance();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecAnd));
      left = MakeBinary(BinaryOp::kOr, std::move(left), std::move(right));
      continue;
    }
    if (min_precedence <= kPrecAnd && PeekKeyword("AND")) {
      Advance();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecNot));
      left = MakeBinary(BinaryOp::kAnd, std::move(left), std::move(right));
      continue;
    }
    if (min_precedence <= kPrecComparison) {
      if (std::optional<BinaryOp> op = ComparisonOp(token.type)) {
        Advance();
        SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecAdditive));
        left = MakeBinary(*op, std::move(left), std::move(right));
        continue;
      }
      bool negated_predicate =
          PeekKeyword("NOT") && (PeekKeyword("IN", 1) || PeekKeyword("BETWEEN", 1) ||
                                 PeekKeyword("LIKE", 1) || PeekKeyword("SIMILAR", 1));
      if (negated_predicate || PeekKeyword("IS") || PeekKeyword("IN") || PeekKeyword("BETWEEN") ||
          PeekKeyword("LIKE") || PeekKeyword("SIMILAR")) {
        SLUICE_ASSIGN_OR_RETURN(left, ParseComparisonTail(std::move(left)));
        continue;
      }
    }
    if (min_precedence <= kPrecAdditive) {
      std::optional<BinaryOp> op;
      if (token.type == TokenType::kPlus) op = BinaryOp::kPlus;
      if (token.type == TokenType::kMinus) op = BinaryOp::kMinus;
      if (token.type == TokenType::kConcat) op = BinaryOp::kConcat;
      if (op) {
        Advance();
        SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecMultiplicative));
        left = MakeBinary(*op, std::move(left), std::move(right));
        continue;
      }
    }
    if (min_precedence <= kPrecMultiplicative) {
      std::optional<BinaryOp> op;
      if (token.type == TokenType::kStar) op = BinaryOp::kMultiply;
      if (token.type == TokenType::kSlash) op = BinaryOp::kDivide;
      if (token.type == TokenType::kPercent) op = BinaryOp::kModulo;
      if (op) {
        Advance();
        SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecUnary));
        left = MakeBinary(*op, std::move(left), std::move(right));
        continue;
      }
    }
    return left;
  }
}

// left IS [NOT] {NULL|TRUE|FALSE|UNKNOWN|DISTINCT FROM x} | [NOT] IN (..) |
// [NOT] BETWEEN [SYMMETRIC|ASYMMETRIC] a AND b | [NOT] LIKE p [ESCAPE e] | [NOT] SIMILAR TO p
StatusOr<ExprPtr> SqlParser::ParseComparisonTail(ExprPtr left) {
  SourcePosition pos = left->pos;
  if (AcceptKeyword("IS")) {
    bool negated = AcceptKeyword("NOT");
    if (AcceptKeywords({"DISTINCT", "FROM"})) {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecAdditive));
      return MakeBinary(negated ? BinaryOp::kIsNotDistinctFrom : BinaryOp::kIsDistinctFrom,
                        std::move(left), std::move(right));
    }
    auto is = std::make_shared<IsPredicateExpr>();
    is->pos = pos;
    is->negated = negated;
    is->operand = std::move(left);
    if (AcceptKeyword("NULL")) {
      is->test = IsTest::kNull;
    } else if (AcceptKeyword("TRUE")) {
      is->test = IsTest::kTrue;
    } else if (AcceptKeyword("FALSE")) {
      is->test = IsTest::kFalse;
    } else if (AcceptKeyword("UNKNOWN")) {
      is->test = IsTest::kUnknown;
    } else {
      return Unexpected("NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM");
    }
    return is;
  }
  bool negated = AcceptKeyword("NOT");
  if (AcceptKeyword("IN")) {
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
    QueryPtr query;
    std::vector<ExprPtr> list;
    SLUICE_RETURN_IF_ERROR(ParseParenthesizedContent(&query, &list));
    if (query) {
      auto in = std::make_shared<InSubqueryExpr>();
      in->pos = pos;
      in->negated = negated;
      in->operand = std::move(left);
      in->query = std::move(query);
      return in;
    }
    auto in = std::make_shared<InListExpr>();
    in->pos = pos;
    in->negated = negated;
    in->operand = std::move(left);
    in->list = std::move(list);
    return in;
  }
  if (AcceptKeyword("BETWEEN")) {
    auto between = std::make_shared<BetweenExpr>();
    between->pos = pos;
    between->negated = negated;
    between->operand = std::move(left);
    if (AcceptKeyword("SYMMETRIC")) {
      between->symmetric = true;
    } else {
      AcceptKeyword("ASYMMETRIC");
    }
    SLUICE_ASSIGN_OR_RETURN(between->low, ParseBinary(kPrecAdditive));
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("AND"));
    SLUICE_ASSIGN_OR_RETURN(between->high, ParseBinary(kPrecAdditive));
    return between;
  }
  auto like = std::make_shared<LikeExpr>();
  like->pos = pos;
  like->negated = negated;
  like->operand = std::move(left);
  if (AcceptKeyword("SIMILAR")) {
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("TO"));
    like->similar = true;
  } else if (!AcceptKeyword("LIKE")) {
    return Unexpected("IN, BETWEEN, LIKE or SIMILAR TO");
  }
  SLUICE_ASSIGN_OR_RETURN(like->pattern, ParseBinary(kPrecAdditive));
  if (AcceptKeyword("ESCAPE")) {
    SLUICE_ASSIGN_OR_RETURN(like->escape, ParseBinary(kPrecAdditive));
  }
  return like;
}

StatusOr<ExprPtr> SqlParser::ParseUnary() {
  SourcePosition pos = Peek().pos;
  if (AcceptKeyword("NOT")) {
    auto unary = std::make_shared<UnaryExpr>();
    unary->pos = pos;
    unary->op = UnaryOp::kNot;
    SLUICE_ASSIGN_OR_RETURN(unary->operand, ParseBinary(kPrecNot));
    return unary;
  }
  if (AcceptToken(TokenType::kMinus)) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, ParseBinary(kPrecUnary));
    return Negate(std::move(operand), pos);
  }
  if (AcceptToken(TokenType::kPlus)) {
    auto unary = std::make_shared<UnaryExpr>();
    unary->pos = pos;
    unary->op = UnaryOp::kPlus;
    SLUICE_ASSIGN_OR_RETURN(unary->operand, ParseBinary(kPrecUnary));
    return unary;
  }
  SLUICE_ASSIGN_OR_RETURN(ExprPtr primary, ParsePrimary());
  return ParsePostfix(std::move(primary));
}

// base[index], base.field
StatusOr<ExprPtr> SqlParser::ParsePostfix(ExprPtr base) {
  ChainGuard chain(this);
  while (true) {
    if (PeekToken(TokenType::kLeftBracket)) {
      if (!chain.Step()) return ChainError();
      Advance();
      auto subscript = std::make_shared<SubscriptExpr>();
      subscript->pos = base->pos;
      subscript->base = std::move(base);
      SLUICE_ASSIGN_OR_RETURN(subscript->index, ParseExpr());
      SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightBracket));
      base = std::move(subscript);
    } else if (PeekToken(TokenType::kDot) && (PeekToken(TokenType::kIdentifier, 1) ||
                                              PeekToken(TokenType::kQuotedIdentifier, 1))) {
      if (!chain.Step()) return ChainError();
      Advance();
      auto access = std::make_shared<FieldAccessExpr>();
      access->pos = base->pos;
      access->base = std::move(base);
      access->field = Peek().text;
      Advance();
      base = std::move(access);
    } else {
      return base;
    }
  }
}

StatusOr<ExprPtr> SqlParser::ParsePrimary() {
  const Token& token = Peek();
  SourcePosition pos = token.pos;
  switch (token.type) {
    case TokenType::kInteger:
    case TokenType::kDecimal:
    case TokenType::kApproxNumber:
      return ParseNumber();
    case TokenType::kString:
    case TokenType::kBinaryString: {
      auto literal = std::make_shared<LiteralExpr>();
      literal->pos = pos;
      literal->literal_kind =
          token.type == TokenType::kString ? LiteralKind::kString : LiteralKind::kBinary;
      literal->text = token.text;
      Advance();
      return literal;
    }
    case TokenType::kLeftParen:
      return ParseParenthesized();
    case TokenType::kQuotedIdentifier:
      return ParseIdentifierExpr();
    case TokenType::kStar:
      return ErrorAt(pos, "'*' is only allowed as a select item or in COUNT(*)");
    case TokenType::kQuestion:
      return ErrorAt(pos, "dynamic parameters ('?') are not supported");
    case TokenType::kIdentifier:
      break;
    default:
      return Unexpected("an expression");
  }
  const std::string& word = token.upper;
  bool call = PeekToken(TokenType::kLeftParen, 1);
  if (word == "TRUE" || word == "FALSE" || word == "NULL") {
    auto literal = std::make_shared<LiteralExpr>();
    literal->pos = pos;
    literal->literal_kind = word == "NULL" ? LiteralKind::kNull : LiteralKind::kBoolean;
    literal->bool_value = word == "TRUE";
    Advance();
    return literal;
  }
  if (PeekToken(TokenType::kString, 1)) {
    if (word == "DATE") return ParseTypedLiteral(LiteralKind::kDate);
    if (word == "TIME") return ParseTypedLiteral(LiteralKind::kTime);
    if (word == "TIMESTAMP") return ParseTypedLiteral(LiteralKind::kTimestamp);
    if (word == "TIMESTAMP_LTZ") return ParseTypedLiteral(LiteralKind::kTimestampLtz);
  }
  if (word == "INTERVAL") return ParseInterval();
  if (word == "CASE") return ParseCase();
  if ((word == "CAST" || word == "TRY_CAST") && call) return ParseCast(word == "TRY_CAST");
  if (word == "EXISTS" && call) {
    Advance();
    Advance();
    auto exists = std::make_shared<ExistsExpr>();
    exists->pos = pos;
    std::vector<ExprPtr> list;
    SLUICE_RETURN_IF_ERROR(ParseParenthesizedContent(&exists->query, &list));
    if (!exists->query) return ErrorAt(pos, "EXISTS needs a subquery");
    return exists;
  }
  if ((word == "ARRAY" || word == "MAP") && PeekToken(TokenType::kLeftBracket, 1)) {
    Advance();
    Advance();
    auto constructor = std::make_shared<ConstructorExpr>();
    constructor->pos = pos;
    constructor->constructor = word == "ARRAY" ? ConstructorKind::kArray : ConstructorKind::kMap;
    SLUICE_ASSIGN_OR_RETURN(constructor->elements, ParseExprList(TokenType::kRightBracket));
    if (word == "MAP" && (constructor->elements.empty() || constructor->elements.size() % 2)) {
      return ErrorAt(pos, "MAP[...] needs key, value pairs");
    }
    return constructor;
  }
  if (word == "ROW" && call) {
    Advance();
    Advance();
    auto constructor = std::make_shared<ConstructorExpr>();
    constructor->pos = pos;
    constructor->constructor = ConstructorKind::kRow;
    SLUICE_ASSIGN_OR_RETURN(constructor->elements, ParseExprList(TokenType::kRightParen));
    return constructor;
  }
  if (word == "DESCRIPTOR" && call) {
    Advance();
    auto descriptor = std::make_shared<DescriptorExpr>();
    descriptor->pos = pos;
    SLUICE_ASSIGN_OR_RETURN(descriptor->columns, ParseIdentifierList());
    return descriptor;
  }
  if (!call && (word == "CURRENT_TIMESTAMP" || word == "CURRENT_DATE" || word == "CURRENT_TIME" ||
                word == "LOCALTIMESTAMP" || word == "LOCALTIME" || word == "CURRENT_USER" ||
                word == "SESSION_USER")) {
    auto niladic = std::make_shared<FunctionCallExpr>();
    niladic->pos = pos;
    niladic->name = word;
    niladic->no_parentheses = true;
    Advance();
    return niladic;
  }
  if (call) {
    bool handled = false;
    SLUICE_ASSIGN_OR_RETURN(ExprPtr special, ParseSpecialFunction(word, pos, &handled));
    if (handled) return special;
  }
  // LEFT and RIGHT are reserved for joins but are also Flink's string functions LEFT(s, n) and
  // RIGHT(s, n).
  bool join_word_call = call && (word == "LEFT" || word == "RIGHT");
  if (IsReservedWord(word) && !join_word_call) return Unexpected("an expression");
  return ParseIdentifierExpr();
}

// '(' already current. A parenthesized expression, a row `(a, b)` or a scalar subquery.
StatusOr<ExprPtr> SqlParser::ParseParenthesized() {
  SourcePosition pos = Peek().pos;
  Advance();
  QueryPtr query;
  std::vector<ExprPtr> list;
  SLUICE_RETURN_IF_ERROR(ParseParenthesizedContent(&query, &list));
  if (query) {
    auto subquery = std::make_shared<SubqueryExpr>();
    subquery->pos = pos;
    subquery->query = std::move(query);
    return subquery;
  }
  if (list.empty()) return ErrorAt(pos, "empty parentheses, expected an expression");
  if (list.size() == 1) return std::move(list[0]);
  auto row = std::make_shared<ConstructorExpr>();
  row->pos = pos;
  row->constructor = ConstructorKind::kRow;
  row->implicit_row = true;
  row->elements = std::move(list);
  return row;
}

absl::Status SqlParser::ParseParenthesizedContent(QueryPtr* query, std::vector<ExprPtr>* list) {
  if (PeekQueryStart()) {
    bool parenthesized = PeekToken(TokenType::kLeftParen);
    SourcePosition pos = Peek().pos;
    SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<Query> parsed, ParseQueryNode());
    if (AcceptToken(TokenType::kRightParen)) {
      *query = std::move(parsed);
      return absl::OkStatus();
    }
    // `((SELECT 1) + 1, ...)`: the query was a parenthesized scalar subquery starting an
    // expression.
    if (!parenthesized) return Unexpected("')'");
    auto subquery = std::make_shared<SubqueryExpr>();
    subquery->pos = pos;
    subquery->query = std::move(parsed);
    SLUICE_ASSIGN_OR_RETURN(ExprPtr first, ParsePostfix(std::move(subquery)));
    SLUICE_ASSIGN_OR_RETURN(first, ParseBinaryRest(std::move(first), kPrecOr));
    list->push_back(std::move(first));
    if (AcceptToken(TokenType::kRightParen)) return absl::OkStatus();
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kComma));
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<ExprPtr> rest, ParseExprList(TokenType::kRightParen));
  for (ExprPtr& expr : rest) list->push_back(std::move(expr));
  return absl::OkStatus();
}

StatusOr<std::vector<ExprPtr>> SqlParser::ParseExprList(TokenType close) {
  std::vector<ExprPtr> list;
  if (AcceptToken(close)) return list;
  do {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
    list.push_back(std::move(expr));
  } while (AcceptToken(TokenType::kComma));
  SLUICE_RETURN_IF_ERROR(ExpectToken(close));
  return list;
}

// a | t.a | db.t.a | f(..) | db.f(..)
StatusOr<ExprPtr> SqlParser::ParseIdentifierExpr() {
  SourcePosition pos = Peek().pos;
  std::vector<std::string> names{Peek().text};
  Advance();
  while (PeekToken(TokenType::kDot)) {
    if (PeekToken(TokenType::kStar, 1)) {
      return ErrorAt(Peek(1).pos, "'t.*' is only allowed as a whole select item");
    }
    if (!PeekToken(TokenType::kIdentifier, 1) && !PeekToken(TokenType::kQuotedIdentifier, 1)) {
      Advance();
      return Unexpected("a field name");
    }
    Advance();
    names.push_back(Peek().text);
    Advance();
  }
  if (PeekToken(TokenType::kLeftParen)) return ParseFunctionCall(std::move(names), pos);
  auto column = std::make_shared<ColumnRefExpr>();
  column->pos = pos;
  column->names = std::move(names);
  return column;
}

StatusOr<ExprPtr> SqlParser::ParseFunctionCall(std::vector<std::string> name, SourcePosition pos) {
  auto call = std::make_shared<FunctionCallExpr>();
  call->pos = pos;
  call->name = std::move(name.back());
  name.pop_back();
  call->qualifier = std::move(name);
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  if (!AcceptToken(TokenType::kRightParen)) {
    if (AcceptKeyword("DISTINCT")) {
      call->distinct = true;
    } else {
      AcceptKeyword("ALL");
    }
    if (PeekToken(TokenType::kStar) && PeekToken(TokenType::kRightParen, 1)) {
      auto star = std::make_shared<StarExpr>();
      star->pos = Peek().pos;
      call->args.push_back(std::move(star));
      Advance();
      Advance();
    } else {
      SLUICE_ASSIGN_OR_RETURN(call->args, ParseExprList(TokenType::kRightParen));
      if (call->args.empty()) return Unexpected("an expression");
    }
  }
  return ParseFunctionSuffix(std::move(call));
}

// [FILTER (WHERE cond)] [OVER (window) | OVER name]
StatusOr<ExprPtr> SqlParser::ParseFunctionSuffix(std::shared_ptr<FunctionCallExpr> call) {
  if (PeekKeyword("FILTER") && PeekToken(TokenType::kLeftParen, 1)) {
    Advance();
    Advance();
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
    SLUICE_ASSIGN_OR_RETURN(call->filter, ParseExpr());
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  }
  if (AcceptKeyword("OVER")) {
    if (PeekToken(TokenType::kLeftParen)) {
      SLUICE_ASSIGN_OR_RETURN(WindowSpec spec, ParseWindowSpec());
      call->over = std::make_shared<WindowSpec>(std::move(spec));
    } else {
      auto spec = std::make_shared<WindowSpec>();
      spec->pos = Peek().pos;
      SLUICE_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier("'(' or a window name"));
      spec->reference_name = std::move(name.name);
      call->over = std::move(spec);
    }
  }
  return call;
}

// CASE [operand] WHEN a THEN b ... [ELSE c] END
StatusOr<ExprPtr> SqlParser::ParseCase() {
  auto expr = std::make_shared<CaseExpr>();
  expr->pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("CASE"));
  if (!PeekKeyword("WHEN")) {
    SLUICE_ASSIGN_OR_RETURN(expr->operand, ParseExpr());
  }
  if (!PeekKeyword("WHEN")) return Unexpected("WHEN");
  while (AcceptKeyword("WHEN")) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr when, ParseExpr());
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("THEN"));
    SLUICE_ASSIGN_OR_RETURN(ExprPtr then, ParseExpr());
    expr->when_then.emplace_back(std::move(when), std::move(then));
  }
  if (AcceptKeyword("ELSE")) {
    SLUICE_ASSIGN_OR_RETURN(expr->else_result, ParseExpr());
  }
  if (!AcceptKeyword("END")) return Unexpected(expr->else_result ? "END" : "WHEN, ELSE or END");
  return expr;
}

StatusOr<ExprPtr> SqlParser::ParseCast(bool try_cast) {
  auto cast = std::make_shared<CastExpr>();
  cast->pos = Peek().pos;
  cast->try_cast = try_cast;
  Advance();
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  SLUICE_ASSIGN_OR_RETURN(cast->operand, ParseExpr());
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS"));
  SLUICE_ASSIGN_OR_RETURN(cast->type, ParseType());
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  return cast;
}

}  // namespace sluice::sql
