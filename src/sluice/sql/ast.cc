// ToString for names, types and expressions: SQL text that parses back to the same tree.
#include "sluice/sql/ast.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/sql/token.h"

namespace sluice::sql {

std::string QuoteIdentifier(std::string_view name) {
  bool plain = !name.empty() && (absl::ascii_isalpha(name[0]) || name[0] == '_');
  for (char c : name) plain &= absl::ascii_isalnum(c) || c == '_' || c == '$';
  if (plain) {
    std::string upper = absl::AsciiStrToUpper(std::string(name));
    // Words the expression parser reads as something other than a column.
    plain = !IsReservedWord(upper) && upper != "CURRENT_TIMESTAMP" && upper != "CURRENT_DATE" &&
            upper != "CURRENT_TIME" && upper != "LOCALTIMESTAMP" && upper != "LOCALTIME" &&
            upper != "CURRENT_USER" && upper != "SESSION_USER";
  }
  if (plain) return std::string(name);
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

std::string QuoteString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

std::string QualifiedName::ToString() const {
  std::vector<std::string> quoted;
  for (const std::string& part : parts) quoted.push_back(QuoteIdentifier(part));
  return absl::StrJoin(quoted, ".");
}

std::string TypeSpec::ToString() const {
  std::string out = name;
  if (name == "ARRAY" || name == "MULTISET") {
    absl::StrAppend(&out, "<", children.empty() ? "?" : children[0].ToString(), ">");
  } else if (name == "MAP") {
    absl::StrAppend(&out, "<", children.size() > 0 ? children[0].ToString() : "?", ", ",
                    children.size() > 1 ? children[1].ToString() : "?", ">");
  } else if (name == "ROW") {
    std::vector<std::string> fields;
    for (size_t i = 0; i < children.size(); ++i) {
      std::string field =
          absl::StrCat(i < field_names.size() ? QuoteIdentifier(field_names[i]) : "?", " ",
                       children[i].ToString());
      if (i < field_comments.size() && !field_comments[i].empty()) {
        absl::StrAppend(&field, " ", QuoteString(field_comments[i]));
      }
      fields.push_back(std::move(field));
    }
    absl::StrAppend(&out, "<", absl::StrJoin(fields, ", "), ">");
  } else if (!params.empty()) {
    absl::StrAppend(&out, "(", absl::StrJoin(params, ", "), ")");
  }
  if (!nullable) absl::StrAppend(&out, " NOT NULL");
  return out;
}

const char* TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kYear:
      return "YEAR";
    case TimeUnit::kQuarter:
      return "QUARTER";
    case TimeUnit::kMonth:
      return "MONTH";
    case TimeUnit::kWeek:
      return "WEEK";
    case TimeUnit::kDay:
      return "DAY";
    case TimeUnit::kHour:
      return "HOUR";
    case TimeUnit::kMinute:
      return "MINUTE";
    case TimeUnit::kSecond:
      return "SECOND";
    case TimeUnit::kMillisecond:
      return "MILLISECOND";
    case TimeUnit::kMicrosecond:
      return "MICROSECOND";
    case TimeUnit::kNanosecond:
      return "NANOSECOND";
  }
  return "?";
}

const char* BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return "OR";
    case BinaryOp::kAnd:
      return "AND";
    case BinaryOp::kEqual:
      return "=";
    case BinaryOp::kNotEqual:
      return "<>";
    case BinaryOp::kLess:
      return "<";
    case BinaryOp::kLessEqual:
      return "<=";
    case BinaryOp::kGreater:
      return ">";
    case BinaryOp::kGreaterEqual:
      return ">=";
    case BinaryOp::kIsDistinctFrom:
      return "IS DISTINCT FROM";
    case BinaryOp::kIsNotDistinctFrom:
      return "IS NOT DISTINCT FROM";
    case BinaryOp::kPlus:
      return "+";
    case BinaryOp::kMinus:
      return "-";
    case BinaryOp::kConcat:
      return "||";
    case BinaryOp::kMultiply:
      return "*";
    case BinaryOp::kDivide:
      return "/";
    case BinaryOp::kModulo:
      return "%";
  }
  return "?";
}

namespace {

// Precedence levels matching the parser (higher binds tighter).
constexpr int kOr = 1, kAnd = 2, kNot = 3, kComparison = 4, kAdditive = 5, kMultiplicative = 6,
              kUnary = 7, kPrimary = 10;

int BinaryPrecedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return kOr;
    case BinaryOp::kAnd:
      return kAnd;
    case BinaryOp::kPlus:
    case BinaryOp::kMinus:
    case BinaryOp::kConcat:
      return kAdditive;
    case BinaryOp::kMultiply:
    case BinaryOp::kDivide:
    case BinaryOp::kModulo:
      return kMultiplicative;
    default:
      return kComparison;
  }
}

int Precedence(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kBinary:
      return BinaryPrecedence(expr.As<BinaryExpr>().op);
    case ExprKind::kUnary:
      return expr.As<UnaryExpr>().op == UnaryOp::kNot ? kNot : kUnary;
    case ExprKind::kIsPredicate:
    case ExprKind::kInList:
    case ExprKind::kInSubquery:
    case ExprKind::kBetween:
    case ExprKind::kLike:
      return kComparison;
    case ExprKind::kLiteral: {
      const std::string& text = expr.As<LiteralExpr>().text;
      bool negative_number = expr.As<LiteralExpr>().literal_kind != LiteralKind::kString &&
                             !text.empty() && text[0] == '-';
      return negative_number ? kUnary : kPrimary;
    }
    default:
      return kPrimary;
  }
}

// `expr`, parenthesized when it binds looser than `min_precedence`.
std::string Operand(const ExprPtr& expr, int min_precedence) {
  if (!expr) return "?";
  std::string text = expr->ToString();
  if (Precedence(*expr) < min_precedence) return absl::StrCat("(", text, ")");
  return text;
}

std::string JoinExprs(const std::vector<ExprPtr>& exprs) {
  std::vector<std::string> parts;
  for (const ExprPtr& expr : exprs) parts.push_back(expr ? expr->ToString() : "?");
  return absl::StrJoin(parts, ", ");
}

bool IsSymbol(const std::vector<ExprPtr>& args, size_t i) {
  return i < args.size() && args[i] && args[i]->Is<SymbolExpr>();
}

std::string FunctionCallToString(const FunctionCallExpr& call) {
  std::vector<std::string> name_parts;
  for (const std::string& part : call.qualifier) name_parts.push_back(QuoteIdentifier(part));
  name_parts.push_back(call.no_parentheses ? call.name : QuoteIdentifier(call.name));
  std::string out = absl::StrJoin(name_parts, ".");
  if (call.no_parentheses) return out;
  const std::vector<ExprPtr>& args = call.args;
  auto arg = [&](size_t i) { return args[i] ? args[i]->ToString() : "?"; };
  // Keyword syntaxes, so that the text parses back to the same call.
  const std::string& name = call.name;
  if (call.qualifier.empty()) {
    if (name == "EXTRACT" && args.size() == 2 && IsSymbol(args, 0)) {
      return absl::StrCat("EXTRACT(", arg(0), " FROM ", arg(1), ")");
    }
    if (name == "TRIM" && args.size() == 3 && IsSymbol(args, 0)) {
      return absl::StrCat("TRIM(", arg(0), " ", arg(1), " FROM ", arg(2), ")");
    }
    if ((name == "CEIL" || name == "FLOOR") && args.size() == 2 && IsSymbol(args, 1)) {
      return absl::StrCat(name, "(", arg(0), " TO ", arg(1), ")");
    }
    if (name == "POSITION" && (args.size() == 2 || args.size() == 3)) {
      return absl::StrCat("POSITION(", Operand(args[0], kAdditive), " IN ", arg(1),
                          args.size() == 3 ? absl::StrCat(" FROM ", arg(2)) : "", ")");
    }
    if (name == "OVERLAY" && (args.size() == 3 || args.size() == 4)) {
      return absl::StrCat("OVERLAY(", arg(0), " PLACING ", arg(1), " FROM ", arg(2),
                          args.size() == 4 ? absl::StrCat(" FOR ", arg(3)) : "", ")");
    }
  }
  absl::StrAppend(&out, "(", call.distinct ? "DISTINCT " : "", JoinExprs(args), ")");
  if (call.filter) absl::StrAppend(&out, " FILTER (WHERE ", call.filter->ToString(), ")");
  if (call.over) absl::StrAppend(&out, " OVER ", call.over->ToString());
  return out;
}

std::string LiteralToString(const LiteralExpr& literal) {
  switch (literal.literal_kind) {
    case LiteralKind::kNull:
      return "NULL";
    case LiteralKind::kBoolean:
      return literal.bool_value ? "TRUE" : "FALSE";
    case LiteralKind::kInteger:
      return literal.text.empty() ? absl::StrCat(literal.int_value) : literal.text;
    case LiteralKind::kDecimal:
    case LiteralKind::kDouble:
      return literal.text.empty() ? absl::StrCat(literal.double_value) : literal.text;
    case LiteralKind::kString:
      return QuoteString(literal.text);
    case LiteralKind::kBinary:
      return absl::StrCat("X'", literal.text, "'");
    case LiteralKind::kDate:
      return absl::StrCat("DATE ", QuoteString(literal.text));
    case LiteralKind::kTime:
      return absl::StrCat("TIME ", QuoteString(literal.text));
    case LiteralKind::kTimestamp:
      return absl::StrCat("TIMESTAMP ", QuoteString(literal.text));
    case LiteralKind::kTimestampLtz:
      return absl::StrCat("TIMESTAMP_LTZ ", QuoteString(literal.text));
  }
  return "?";
}

}  // namespace

std::string OrderItem::ToString() const {
  std::string out = expr ? expr->ToString() : "?";
  if (descending) absl::StrAppend(&out, " DESC");
  if (nulls == Nulls::kFirst) absl::StrAppend(&out, " NULLS FIRST");
  if (nulls == Nulls::kLast) absl::StrAppend(&out, " NULLS LAST");
  return out;
}

namespace {
std::string FrameBoundToString(const FrameBound& bound) {
  switch (bound.kind) {
    case FrameBound::Kind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case FrameBound::Kind::kPreceding:
      return absl::StrCat(Operand(bound.offset, kAdditive), " PRECEDING");
    case FrameBound::Kind::kCurrentRow:
      return "CURRENT ROW";
    case FrameBound::Kind::kFollowing:
      return absl::StrCat(Operand(bound.offset, kAdditive), " FOLLOWING");
    case FrameBound::Kind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "?";
}
}  // namespace

std::string WindowSpec::ToString() const {
  bool only_reference =
      !reference_name.empty() && partition_by.empty() && order_by.empty() && !frame.has_value();
  if (only_reference) return QuoteIdentifier(reference_name);
  std::vector<std::string> parts;
  if (!reference_name.empty()) parts.push_back(QuoteIdentifier(reference_name));
  if (!partition_by.empty())
    parts.push_back(absl::StrCat("PARTITION BY ", JoinExprs(partition_by)));
  if (!order_by.empty()) {
    std::vector<std::string> items;
    for (const OrderItem& item : order_by) items.push_back(item.ToString());
    parts.push_back(absl::StrCat("ORDER BY ", absl::StrJoin(items, ", ")));
  }
  if (frame) {
    parts.push_back(absl::StrCat(frame->rows ? "ROWS" : "RANGE", " BETWEEN ",
                                 FrameBoundToString(frame->start), " AND ",
                                 FrameBoundToString(frame->end)));
  }
  return absl::StrCat("(", absl::StrJoin(parts, " "), ")");
}

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kLiteral:
      return LiteralToString(As<LiteralExpr>());
    case ExprKind::kInterval: {
      const auto& interval = As<IntervalExpr>();
      std::string out = absl::StrCat("INTERVAL ", QuoteString(interval.text), " ",
                                     TimeUnitName(interval.start_unit));
      if (interval.precision) absl::StrAppend(&out, "(", *interval.precision, ")");
      if (interval.end_unit) absl::StrAppend(&out, " TO ", TimeUnitName(*interval.end_unit));
      return out;
    }
    case ExprKind::kColumnRef: {
      std::vector<std::string> parts;
      for (const std::string& name : As<ColumnRefExpr>().names) {
        parts.push_back(QuoteIdentifier(name));
      }
      return absl::StrJoin(parts, ".");
    }
    case ExprKind::kStar: {
      std::string out;
      for (const std::string& name : As<StarExpr>().qualifier) {
        absl::StrAppend(&out, QuoteIdentifier(name), ".");
      }
      return out + "*";
    }
    case ExprKind::kUnary: {
      const auto& unary = As<UnaryExpr>();
      if (unary.op == UnaryOp::kNot) return absl::StrCat("NOT ", Operand(unary.operand, kNot));
      std::string operand = Operand(unary.operand, kPrimary);
      return absl::StrCat(unary.op == UnaryOp::kNegate ? "-" : "+", operand);
    }
    case ExprKind::kBinary: {
      const auto& binary = As<BinaryExpr>();
      int precedence = BinaryPrecedence(binary.op);
      return absl::StrCat(Operand(binary.left, precedence), " ", BinaryOpName(binary.op), " ",
                          Operand(binary.right, precedence + 1));
    }
    case ExprKind::kIsPredicate: {
      const auto& is = As<IsPredicateExpr>();
      static constexpr const char* kTests[] = {"NULL", "TRUE", "FALSE", "UNKNOWN"};
      return absl::StrCat(Operand(is.operand, kComparison), " IS ", is.negated ? "NOT " : "",
                          kTests[static_cast<int>(is.test)]);
    }
    case ExprKind::kInList: {
      const auto& in = As<InListExpr>();
      return absl::StrCat(Operand(in.operand, kComparison), in.negated ? " NOT IN (" : " IN (",
                          JoinExprs(in.list), ")");
    }
    case ExprKind::kInSubquery: {
      const auto& in = As<InSubqueryExpr>();
      return absl::StrCat(Operand(in.operand, kComparison), in.negated ? " NOT IN (" : " IN (",
                          in.query ? in.query->ToString() : "?", ")");
    }
    case ExprKind::kExists: {
      const auto& exists = As<ExistsExpr>();
      return absl::StrCat("EXISTS (", exists.query ? exists.query->ToString() : "?", ")");
    }
    case ExprKind::kSubquery: {
      const auto& subquery = As<SubqueryExpr>();
      return absl::StrCat("(", subquery.query ? subquery.query->ToString() : "?", ")");
    }
    case ExprKind::kBetween: {
      const auto& between = As<BetweenExpr>();
      return absl::StrCat(Operand(between.operand, kComparison),
                          between.negated ? " NOT BETWEEN " : " BETWEEN ",
                          between.symmetric ? "SYMMETRIC " : "", Operand(between.low, kAdditive),
                          " AND ", Operand(between.high, kAdditive));
    }
    case ExprKind::kLike: {
      const auto& like = As<LikeExpr>();
      std::string out =
          absl::StrCat(Operand(like.operand, kComparison), like.negated ? " NOT" : "",
                       like.similar ? " SIMILAR TO " : " LIKE ", Operand(like.pattern, kAdditive));
      if (like.escape) absl::StrAppend(&out, " ESCAPE ", Operand(like.escape, kAdditive));
      return out;
    }
    case ExprKind::kFunctionCall:
      return FunctionCallToString(As<FunctionCallExpr>());
    case ExprKind::kCase: {
      const auto& case_expr = As<CaseExpr>();
      std::string out = "CASE";
      if (case_expr.operand) absl::StrAppend(&out, " ", case_expr.operand->ToString());
      for (const auto& [when, then] : case_expr.when_then) {
        absl::StrAppend(&out, " WHEN ", when ? when->ToString() : "?", " THEN ",
                        then ? then->ToString() : "?");
      }
      if (case_expr.else_result) absl::StrAppend(&out, " ELSE ", case_expr.else_result->ToString());
      return out + " END";
    }
    case ExprKind::kCast: {
      const auto& cast = As<CastExpr>();
      return absl::StrCat(cast.try_cast ? "TRY_CAST(" : "CAST(",
                          cast.operand ? cast.operand->ToString() : "?", " AS ",
                          cast.type.ToString(), ")");
    }
    case ExprKind::kConstructor: {
      const auto& constructor = As<ConstructorExpr>();
      switch (constructor.constructor) {
        case ConstructorKind::kArray:
          return absl::StrCat("ARRAY[", JoinExprs(constructor.elements), "]");
        case ConstructorKind::kMap:
          return absl::StrCat("MAP[", JoinExprs(constructor.elements), "]");
        case ConstructorKind::kRow:
          return absl::StrCat(constructor.implicit_row ? "(" : "ROW(",
                              JoinExprs(constructor.elements), ")");
      }
      return "?";
    }
    case ExprKind::kSubscript: {
      const auto& subscript = As<SubscriptExpr>();
      return absl::StrCat(Operand(subscript.base, kPrimary), "[",
                          subscript.index ? subscript.index->ToString() : "?", "]");
    }
    case ExprKind::kFieldAccess: {
      const auto& access = As<FieldAccessExpr>();
      std::string base = Operand(access.base, kPrimary);
      // (a).b, not a.b, which would parse back as a column path.
      if (access.base && access.base->Is<ColumnRefExpr>()) base = absl::StrCat("(", base, ")");
      return absl::StrCat(base, ".", QuoteIdentifier(access.field));
    }
    case ExprKind::kSymbol:
      return As<SymbolExpr>().name;
    case ExprKind::kDescriptor: {
      std::vector<std::string> columns;
      for (const Identifier& column : As<DescriptorExpr>().columns) {
        columns.push_back(QuoteIdentifier(column.name));
      }
      return absl::StrCat("DESCRIPTOR(", absl::StrJoin(columns, ", "), ")");
    }
  }
  return "?";
}

}  // namespace sluice::sql
