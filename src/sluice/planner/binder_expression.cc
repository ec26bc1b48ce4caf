// Binding of AST expressions to bound expressions (expr/expression.h).
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/expr/function_registry.h"
#include "sluice/planner/binder.h"
#include "sluice/sql/sql_error.h"
#include "sluice/types/temporal.h"

namespace sluice::planner {

using expr::ExprPtr;
using types::DataType;
using types::TypeId;
using types::Value;

bool IsAggregateFunction(std::string_view name) {
  std::string upper = absl::AsciiStrToUpper(absl::string_view(name.data(), name.size()));
  return upper == "COUNT" || upper == "SUM" || upper == "MIN" || upper == "MAX" || upper == "AVG" ||
         upper == "FIRST_VALUE" || upper == "LAST_VALUE" || upper == "LISTAGG" ||
         upper == "APPROX_COUNT_DISTINCT";
}

namespace {

// Flink's built-in aggregate and ranking functions that Sluice does not implement yet: a call
// says so instead of "unknown function".
bool IsFlinkAggregateNotYetSupported(std::string_view upper_name) {
  static constexpr std::string_view kNames[] = {
      "STDDEV_POP", "STDDEV_SAMP",  "VAR_POP",        "VAR_SAMP",      "VARIANCE",   "STDDEV",
      "COLLECT",    "ARRAY_AGG",    "JSON_OBJECTAGG", "JSON_ARRAYAGG", "ROW_NUMBER", "RANK",
      "DENSE_RANK", "PERCENT_RANK", "CUME_DIST",      "NTILE",         "LEAD",       "LAG"};
  return std::find(std::begin(kNames), std::end(kNames), upper_name) != std::end(kNames);
}

}  // namespace

StatusOr<ExprPtr> Binder::Call(sql::SourcePosition pos, std::string_view name,
                               std::vector<ExprPtr> args) {
  auto result = expr::ResolveCall(name, std::move(args));
  if (!result.ok()) return Error(pos, result.status().message());
  return result;
}

StatusOr<ExprPtr> Binder::BindExpression(const sql::Expr& expr, const Scope& scope) {
  return BindExpr(expr, scope, AggregateMapping());
}

StatusOr<ExprPtr> Binder::BindColumnRef(const sql::ColumnRefExpr& ref, const Scope& scope) {
  const std::string& name = ref.names.back();
  std::string qualifier = ref.names.size() >= 2 ? ref.names[ref.names.size() - 2] : "";
  int found = -1;
  for (size_t i = 0; i < scope.columns.size(); ++i) {
    const ScopeColumn& c = scope.columns[i];
    if (c.name != name) continue;
    if (!qualifier.empty() && c.qualifier != qualifier) continue;
    if (found >= 0) {
      return Error(ref.pos, absl::StrCat("column '", name,
                                         "' is ambiguous; qualify it with a table alias"));
    }
    found = static_cast<int>(i);
  }
  if (found < 0 && !qualifier.empty() &&
      std::none_of(scope.columns.begin(), scope.columns.end(),
                   [&](const ScopeColumn& c) { return c.qualifier == qualifier; })) {
    return Error(ref.pos, absl::StrCat("unknown table '", qualifier, "' in column reference '",
                                       absl::StrJoin(ref.names, "."), "'"));
  }
  if (found < 0) {
    std::string where = !qualifier.empty()         ? absl::StrCat(" in table '", qualifier, "'")
                        : !scope.table_name.empty() ? absl::StrCat(" in table '",
                                                                  scope.table_name, "'")
                                                    : "";
    std::vector<std::string> names;
    for (const ScopeColumn& c : scope.columns) {
      if (!c.hidden) names.push_back(c.name);
    }
    std::string available =
        names.empty() ? "" : absl::StrCat(" (available: ", absl::StrJoin(names, ", "), ")");
    return Error(ref.pos, absl::StrCat("unknown column '", name, "'", where, available));
  }
  return expr::MakeColumnRef(found, scope.columns[found].type);
}

StatusOr<ExprPtr> Binder::BindLiteral(const sql::LiteralExpr& literal) {
  switch (literal.literal_kind) {
    case sql::LiteralKind::kNull:
      return expr::MakeLiteral(Value::Null(), DataType::Null());
    case sql::LiteralKind::kBoolean:
      return expr::MakeLiteral(Value::Bool(literal.bool_value),
                               DataType::Boolean().WithNullable(false));
    case sql::LiteralKind::kInteger: {
      int64_t v = literal.int_value;
      DataType type = (v >= INT32_MIN && v <= INT32_MAX) ? DataType::Int() : DataType::BigInt();
      return expr::MakeLiteral(Value::Int(v), type.WithNullable(false));
    }
    case sql::LiteralKind::kDecimal: {
      std::string digits;
      int scale = 0;
      bool seen_point = false;
      for (char c : literal.text) {
        if (c == '.') {
          seen_point = true;
        } else if (c >= '0' && c <= '9') {
          digits.push_back(c);
          if (seen_point) ++scale;
        }
      }
      int64_t unscaled = 0;
      if (digits.size() > 18 || !absl::SimpleAtoi(digits, &unscaled)) {
        return Error(literal.pos, absl::StrCat("numeric literal '", literal.text,
                                               "' has more than 18 digits"));
      }
      int precision = std::max<int>(static_cast<int>(digits.size()), 1);
      // Leading zeros ("0.5") do not count toward precision beyond the scale.
      while (precision > scale + 1 && digits[digits.size() - precision] == '0') --precision;
      if (precision < scale) precision = scale;
      // The parser folds a minus sign into the literal's text ("-3.7").
      if (absl::StartsWith(literal.text, "-")) unscaled = -unscaled;
      return expr::MakeLiteral(Value::Int(unscaled),
                               DataType::Decimal(precision, scale).WithNullable(false));
    }
    case sql::LiteralKind::kDouble:
      return expr::MakeLiteral(Value::Double(literal.double_value),
                               DataType::Double().WithNullable(false));
    case sql::LiteralKind::kString:
      return expr::MakeLiteral(
          Value::String(literal.text),
          DataType::Char(std::max<int32_t>(1, static_cast<int32_t>(literal.text.size())))
              .WithNullable(false));
    case sql::LiteralKind::kBinary:
      return Error(literal.pos, "binary literals are not supported yet");
    case sql::LiteralKind::kDate: {
      int32_t days;
      if (!types::ParseDate(literal.text, &days)) {
        return Error(literal.pos, absl::StrCat("invalid DATE literal '", literal.text, "'"));
      }
      return expr::MakeLiteral(Value::Int(days), DataType::Date().WithNullable(false));
    }
    case sql::LiteralKind::kTime: {
      int64_t micros;
      if (!types::ParseTime(literal.text, &micros)) {
        return Error(literal.pos, absl::StrCat("invalid TIME literal '", literal.text, "'"));
      }
      return expr::MakeLiteral(Value::Int(micros), DataType::Time(0).WithNullable(false));
    }
    case sql::LiteralKind::kTimestamp:
    case sql::LiteralKind::kTimestampLtz: {
      int64_t micros;
      if (!types::ParseTimestamp(literal.text, &micros)) {
        return Error(literal.pos,
                     absl::StrCat("invalid TIMESTAMP literal '", literal.text, "'"));
      }
      // Precision follows the written fraction, at least 0 (Flink: TIMESTAMP(3) for '.123').
      int precision = 0;
      size_t dot = literal.text.find('.');
      if (dot != std::string::npos) {
        precision = static_cast<int>(literal.text.size() - dot - 1);
        if (precision > 9) precision = 9;
      }
      DataType type = literal.literal_kind == sql::LiteralKind::kTimestamp
                          ? DataType::Timestamp(precision)
                          : DataType::TimestampLtz(precision);
      if (literal.literal_kind == sql::LiteralKind::kTimestampLtz) {
        micros = types::LocalToInstant(micros, absl::UTCTimeZone());
      }
      return expr::MakeLiteral(Value::Int(micros), type.WithNullable(false));
    }
  }
  return Error(literal.pos, "unsupported literal");
}

namespace {

const char* BinaryFunctionName(sql::BinaryOp op) {
  switch (op) {
    case sql::BinaryOp::kOr:
      return "OR";
    case sql::BinaryOp::kAnd:
      return "AND";
    case sql::BinaryOp::kEqual:
      return "=";
    case sql::BinaryOp::kNotEqual:
      return "<>";
    case sql::BinaryOp::kLess:
      return "<";
    case sql::BinaryOp::kLessEqual:
      return "<=";
    case sql::BinaryOp::kGreater:
      return ">";
    case sql::BinaryOp::kGreaterEqual:
      return ">=";
    case sql::BinaryOp::kIsDistinctFrom:
      return "IS DISTINCT FROM";
    case sql::BinaryOp::kIsNotDistinctFrom:
      return "IS NOT DISTINCT FROM";
    case sql::BinaryOp::kPlus:
      return "+";
    case sql::BinaryOp::kMinus:
      return "-";
    case sql::BinaryOp::kConcat:
      return "||";
    case sql::BinaryOp::kMultiply:
      return "*";
    case sql::BinaryOp::kDivide:
      return "/";
    case sql::BinaryOp::kModulo:
      return "%";
  }
  return "?";
}

}  // namespace

StatusOr<ExprPtr> Binder::BindExpr(const sql::Expr& node, const Scope& scope,
                                   const AggregateMapping& mapping) {
  if (mapping.active) {
    auto it = mapping.expressions.find(node.ToString());
    if (it != mapping.expressions.end()) {
      return expr::MakeColumnRef(it->second, scope.columns[it->second].type);
    }
  }
  switch (node.kind) {
    case sql::ExprKind::kLiteral:
      return BindLiteral(node.As<sql::LiteralExpr>());
    case sql::ExprKind::kInterval: {
      const auto& interval = node.As<sql::IntervalExpr>();
      if (interval.year_month) {
        return expr::MakeLiteral(Value::Int(interval.value),
                                 DataType::IntervalYearMonth().WithNullable(false));
      }
      return expr::MakeLiteral(Value::Int(interval.value * 1000),
                               DataType::IntervalDayTime().WithNullable(false));
    }
    case sql::ExprKind::kColumnRef: {
      const auto& ref = node.As<sql::ColumnRefExpr>();
      if (mapping.active && !mapping.over) {
        // A column that is neither grouped nor aggregated.
        auto bound = BindColumnRef(ref, scope);
        if (bound.ok()) return bound;
        return Error(ref.pos, absl::StrCat("expression '", node.ToString(),
                                           "' is not being grouped"));
      }
      return BindColumnRef(ref, scope);
    }
    case sql::ExprKind::kStar:
      return Error(node.pos, "'*' is only allowed in the select list and COUNT(*)");
    case sql::ExprKind::kUnary: {
      const auto& unary = node.As<sql::UnaryExpr>();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, BindExpr(*unary.operand, scope, mapping));
      if (unary.op == sql::UnaryOp::kPlus) return operand;
      return Call(node.pos, unary.op == sql::UnaryOp::kNot ? "NOT" : "NEGATE", {operand});
    }
    case sql::ExprKind::kBinary: {
      const auto& binary = node.As<sql::BinaryExpr>();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr left, BindExpr(*binary.left, scope, mapping));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr right, BindExpr(*binary.right, scope, mapping));
      return Call(node.pos, BinaryFunctionName(binary.op), {left, right});
    }
    case sql::ExprKind::kIsPredicate: {
      const auto& is = node.As<sql::IsPredicateExpr>();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, BindExpr(*is.operand, scope, mapping));
      std::string name = is.negated ? "IS NOT " : "IS ";
      switch (is.test) {
        case sql::IsTest::kNull:
        case sql::IsTest::kUnknown:
          name += "NULL";
          break;
        case sql::IsTest::kTrue:
          name += "TRUE";
          break;
        case sql::IsTest::kFalse:
          name += "FALSE";
          break;
      }
      return Call(node.pos, name, {operand});
    }
    case sql::ExprKind::kInList: {
      const auto& in = node.As<sql::InListExpr>();
      std::vector<ExprPtr> args;
      SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, BindExpr(*in.operand, scope, mapping));
      args.push_back(operand);
      for (const sql::ExprPtr& e : in.list) {
        SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpr(*e, scope, mapping));
        args.push_back(bound);
      }
      SLUICE_ASSIGN_OR_RETURN(ExprPtr call, Call(node.pos, "IN", std::move(args)));
      if (in.negated) return Call(node.pos, "NOT", {call});
      return call;
    }
    case sql::ExprKind::kBetween: {
      const auto& between = node.As<sql::BetweenExpr>();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, BindExpr(*between.operand, scope, mapping));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr low, BindExpr(*between.low, scope, mapping));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr high, BindExpr(*between.high, scope, mapping));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr ge, Call(node.pos, ">=", {operand, low}));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr le, Call(node.pos, "<=", {operand, high}));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr both, Call(node.pos, "AND", {ge, le}));
      if (between.symmetric) {
        // SYMMETRIC accepts the bounds in either order: (x >= a AND x <= b) OR (x >= b AND x <= a).
        SLUICE_ASSIGN_OR_RETURN(ExprPtr ge_high, Call(node.pos, ">=", {operand, high}));
        SLUICE_ASSIGN_OR_RETURN(ExprPtr le_low, Call(node.pos, "<=", {operand, low}));
        SLUICE_ASSIGN_OR_RETURN(ExprPtr swapped, Call(node.pos, "AND", {ge_high, le_low}));
        SLUICE_ASSIGN_OR_RETURN(both, Call(node.pos, "OR", {both, swapped}));
      }
      if (between.negated) return Call(node.pos, "NOT", {both});
      return both;
    }
    case sql::ExprKind::kLike: {
      const auto& like = node.As<sql::LikeExpr>();
      if (like.similar) return Error(node.pos, "SIMILAR TO is not supported yet");
      std::vector<ExprPtr> args;
      SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, BindExpr(*like.operand, scope, mapping));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr pattern, BindExpr(*like.pattern, scope, mapping));
      args = {operand, pattern};
      if (like.escape) {
        SLUICE_ASSIGN_OR_RETURN(ExprPtr escape, BindExpr(*like.escape, scope, mapping));
        args.push_back(escape);
      }
      SLUICE_ASSIGN_OR_RETURN(ExprPtr call, Call(node.pos, "LIKE", std::move(args)));
      if (like.negated) return Call(node.pos, "NOT", {call});
      return call;
    }
    case sql::ExprKind::kFunctionCall:
      return BindFunctionCall(node.As<sql::FunctionCallExpr>(), scope, mapping);
    case sql::ExprKind::kCase: {
      const auto& c = node.As<sql::CaseExpr>();
      std::vector<ExprPtr> args;
      ExprPtr operand;
      if (c.operand) {
        SLUICE_ASSIGN_OR_RETURN(operand, BindExpr(*c.operand, scope, mapping));
      }
      for (const auto& [when, then] : c.when_then) {
        SLUICE_ASSIGN_OR_RETURN(ExprPtr condition, BindExpr(*when, scope, mapping));
        if (operand) {
          SLUICE_ASSIGN_OR_RETURN(condition, Call(when->pos, "=", {operand, condition}));
        }
        SLUICE_ASSIGN_OR_RETURN(ExprPtr value, BindExpr(*then, scope, mapping));
        args.push_back(condition);
        args.push_back(value);
      }
      if (c.else_result) {
        SLUICE_ASSIGN_OR_RETURN(ExprPtr value, BindExpr(*c.else_result, scope, mapping));
        args.push_back(value);
      } else {
        args.push_back(expr::MakeLiteral(Value::Null(), DataType::Null()));
      }
      return Call(node.pos, "CASE", std::move(args));
    }
    case sql::ExprKind::kCast: {
      const auto& cast = node.As<sql::CastExpr>();
      SLUICE_ASSIGN_OR_RETURN(ExprPtr operand, BindExpr(*cast.operand, scope, mapping));
      SLUICE_ASSIGN_OR_RETURN(DataType target, ConvertType(cast.type));
      if (!types::CanCastExplicitly(operand->type, target)) {
        return Error(node.pos, absl::StrCat("cannot cast ", operand->type.ToBaseString(), " to ",
                                            target.ToBaseString()));
      }
      // As Flink's SqlCastFunction: nullable iff the operand is (or TRY_CAST).
      target = target.WithNullable(operand->type.nullable || cast.try_cast);
      return expr::MakeCast(operand, target, cast.try_cast);
    }
    case sql::ExprKind::kSymbol:
      return expr::MakeLiteral(Value::String(node.As<sql::SymbolExpr>().name),
                               DataType::String().WithNullable(false));
    case sql::ExprKind::kSubquery:
    case sql::ExprKind::kInSubquery:
    case sql::ExprKind::kExists:
      return Error(node.pos, "subqueries in expressions are not supported yet");
    case sql::ExprKind::kConstructor:
    case sql::ExprKind::kSubscript:
    case sql::ExprKind::kFieldAccess:
      return Error(node.pos, "ARRAY, MAP and ROW values are not supported yet");
    case sql::ExprKind::kDescriptor:
      return Error(node.pos, "DESCRIPTOR is only allowed as a window table function argument");
  }
  return Error(node.pos, "unsupported expression");
}

StatusOr<ExprPtr> Binder::BindFunctionCall(const sql::FunctionCallExpr& call, const Scope& scope,
                                           const AggregateMapping& mapping) {
  std::string name = absl::AsciiStrToUpper(call.name);
  if (call.over) {
    return Error(call.pos, absl::StrCat(name,
                                        " OVER (...) is only allowed in the select list of a "
                                        "query without GROUP BY"));
  }
  if (IsAggregateFunction(name)) {
    return Error(call.pos, absl::StrCat("aggregate function ", name,
                                        " is not allowed here (only in SELECT and HAVING of an "
                                        "aggregating query)"));
  }
  if (IsFlinkAggregateNotYetSupported(name)) {
    return Error(call.pos, absl::StrCat("aggregate function ", name, " is not supported yet"));
  }
  if (name == "TUMBLE" || name == "HOP" || name == "SESSION" || name == "TUMBLE_START" ||
      name == "TUMBLE_END" || name == "TUMBLE_ROWTIME" || name == "TUMBLE_PROCTIME" ||
      name == "HOP_START" || name == "HOP_END" || name == "HOP_ROWTIME" ||
      name == "HOP_PROCTIME" || name == "SESSION_START" || name == "SESSION_END" ||
      name == "SESSION_ROWTIME" || name == "SESSION_PROCTIME") {
    if (mapping.active) {
      // An auxiliary of the query's group window, however its name is capitalised.
      sql::FunctionCallExpr normalized = call;
      normalized.name = name;
      auto it = mapping.expressions.find(normalized.ToString());
      if (it != mapping.expressions.end()) {
        return expr::MakeColumnRef(it->second, scope.columns[it->second].type);
      }
    }
    return Error(call.pos, absl::StrCat("group window function ", name,
                                        " is only allowed in GROUP BY and with its window"));
  }
  if (call.distinct || call.filter) {
    return Error(call.pos, absl::StrCat("DISTINCT and FILTER apply to aggregate functions, not ",
                                        name));
  }
  std::vector<ExprPtr> args;
  for (const sql::ExprPtr& arg : call.args) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpr(*arg, scope, mapping));
    args.push_back(bound);
  }
  return Call(call.pos, name, std::move(args));
}

StatusOr<DataType> Binder::ConvertType(const sql::TypeSpec& spec) {
  auto param = [&spec](size_t i, int fallback) {
    return i < spec.params.size() ? spec.params[i] : fallback;
  };
  DataType t;
  const std::string& n = spec.name;
  if (n == "BOOLEAN") {
    t = DataType::Boolean();
  } else if (n == "TINYINT") {
    t = DataType::TinyInt();
  } else if (n == "SMALLINT") {
    t = DataType::SmallInt();
  } else if (n == "INT") {
    t = DataType::Int();
  } else if (n == "BIGINT") {
    t = DataType::BigInt();
  } else if (n == "FLOAT") {
    t = DataType::Float();
  } else if (n == "DOUBLE") {
    t = DataType::Double();
  } else if (n == "DECIMAL") {
    int precision = param(0, 10);
    int scale = param(1, 0);
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      return Error(spec.pos, absl::StrCat("invalid DECIMAL(", precision, ", ", scale,
                                          "): precision 1..38 and 0 <= scale <= precision"));
    }
    t = DataType::Decimal(precision, scale);
  } else if (n == "CHAR") {
    t = DataType::Char(param(0, 1));
  } else if (n == "VARCHAR") {
    t = DataType::Varchar(param(0, 1));
  } else if (n == "STRING") {
    t = DataType::String();
  } else if (n == "BINARY") {
    t = DataType::Binary(param(0, 1));
  } else if (n == "VARBINARY") {
    t = DataType::Varbinary(param(0, 1));
  } else if (n == "BYTES") {
    t = DataType::Bytes();
  } else if (n == "DATE") {
    t = DataType::Date();
  } else if (n == "TIME") {
    t = DataType::Time(param(0, 0));
  } else if (n == "TIMESTAMP") {
    t = DataType::Timestamp(param(0, 6));
  } else if (n == "TIMESTAMP_LTZ") {
    t = DataType::TimestampLtz(param(0, 6));
  } else {
    return Error(spec.pos, absl::StrCat("type ", spec.ToString(), " is not supported yet"));
  }
  if ((t.id == TypeId::kTime || t.IsTimestamp()) && (t.precision < 0 || t.precision > 9)) {
    return Error(spec.pos, absl::StrCat("invalid precision ", t.precision, " for ", n,
                                        ": expected 0..9"));
  }
  return t.WithNullable(spec.nullable);
}

Status Binder::Error(sql::SourcePosition pos, std::string_view message) const {
  return sql::SqlError(sql_, pos, message);
}

}  // namespace sluice::planner
