#include "sluice/expr/expression.h"

#include "absl/strings/str_cat.h"
#include "sluice/common/status.h"
#include "sluice/expr/function_registry.h"

namespace sluice::expr {

namespace {

void AppendQuoted(std::string_view text, std::string* out) {
  out->push_back('\'');
  for (char c : text) {
    if (c == '\'') out->push_back('\'');
    out->push_back(c);
  }
  out->push_back('\'');
}

std::string LiteralToString(const types::Value& value, const types::DataType& type) {
  using types::TypeId;
  if (value.is_null()) return absl::StrCat("null:", type.ToBaseString());
  std::string out;
  switch (type.id) {
    case TypeId::kChar:
    case TypeId::kVarchar:
    case TypeId::kBinary:
    case TypeId::kVarbinary:
      AppendQuoted(value.is_string() ? value.as_string() : types::FormatValue(value, type), &out);
      return out;
    case TypeId::kDate:
      out = "DATE ";
      break;
    case TypeId::kTime:
      out = "TIME ";
      break;
    case TypeId::kTimestamp:
      out = "TIMESTAMP ";
      break;
    case TypeId::kTimestampLtz:
      out = "TIMESTAMP_LTZ ";
      break;
    case TypeId::kIntervalDayTime:
    case TypeId::kIntervalYearMonth:
      out = "INTERVAL ";
      break;
    default:
      return types::FormatValue(value, type);
  }
  AppendQuoted(types::FormatValue(value, type), &out);
  return out;
}

}  // namespace

std::string Expression::ToString(const types::Schema* input) const {
  switch (kind) {
    case ExprKind::kColumn:
      if (input != nullptr && column_index >= 0 &&
          static_cast<size_t>(column_index) < input->size()) {
        return input->field(column_index).name;
      }
      return absl::StrCat("$", column_index);
    case ExprKind::kLiteral:
      return LiteralToString(literal, type);
    case ExprKind::kCast:
      return absl::StrCat(try_cast ? "TRY_CAST(" : "CAST(", args[0]->ToString(input), " AS ",
                          type.Materialized().ToString(), ")");
    case ExprKind::kCall: {
      std::string out = function != nullptr ? function->name : "?";
      out.push_back('(');
      for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out.append(", ");
        out.append(args[i]->ToString(input));
      }
      out.push_back(')');
      return out;
    }
  }
  return "?";
}

bool Expression::IsConstant() const {
  switch (kind) {
    case ExprKind::kColumn:
      return false;
    case ExprKind::kLiteral:
      return true;
    case ExprKind::kCall:
      if (function == nullptr || !function->deterministic) return false;
      break;
    case ExprKind::kCast:
      break;
  }
  for (const ExprPtr& arg : args) {
    if (!arg->IsConstant()) return false;
  }
  return true;
}

void Expression::CollectColumns(std::vector<int>* out) const {
  if (kind == ExprKind::kColumn) {
    out->push_back(column_index);
    return;
  }
  for (const ExprPtr& arg : args) arg->CollectColumns(out);
}

ExprPtr MakeColumnRef(int index, types::DataType type) {
  auto e = std::make_shared<Expression>();
  e->kind = ExprKind::kColumn;
  e->column_index = index;
  e->type = type;
  return e;
}

ExprPtr MakeLiteral(types::Value value, types::DataType type) {
  auto e = std::make_shared<Expression>();
  e->kind = ExprKind::kLiteral;
  e->literal = std::move(value);
  e->type = e->literal.is_null() ? type.WithNullable(true) : type;
  return e;
}

ExprPtr MakeCall(const ScalarFunction* function, std::vector<ExprPtr> args, types::DataType type) {
  auto e = std::make_shared<Expression>();
  e->kind = ExprKind::kCall;
  e->function = function;
  e->args = std::move(args);
  e->type = type;
  return e;
}

ExprPtr MakeCast(ExprPtr input, types::DataType type, bool try_cast) {
  auto e = std::make_shared<Expression>();
  e->kind = ExprKind::kCast;
  e->try_cast = try_cast;
  // TRY_CAST turns failures into NULL, so its result is nullable whatever the target says.
  e->type = try_cast ? type.WithNullable(true) : type;
  e->args.push_back(std::move(input));
  return e;
}

ExprPtr RemapColumns(const ExprPtr& expr, const std::vector<int>& mapping) {
  if (expr->kind == ExprKind::kLiteral) return expr;
  auto copy = std::make_shared<Expression>(*expr);
  if (expr->kind == ExprKind::kColumn) {
    SLUICE_CHECK(expr->column_index >= 0 &&
                 static_cast<size_t>(expr->column_index) < mapping.size() &&
                 mapping[expr->column_index] >= 0)
        << "column $" << expr->column_index << " has no mapping";
    copy->column_index = mapping[expr->column_index];
    return copy;
  }
  for (ExprPtr& arg : copy->args) arg = RemapColumns(arg, mapping);
  return copy;
}

}  // namespace sluice::expr
