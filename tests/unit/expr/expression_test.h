// ExpressionTest: a GoogleTest fixture that builds an input batch column by column, binds calls
// with ResolveCall and evaluates them, returning plain Values to compare against.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "sluice/expr/expression.h"
#include "sluice/expr/expression_evaluator.h"
#include "sluice/expr/function_registry.h"
#include "sluice/types/batch.h"
#include "sluice/types/temporal.h"
#include "sluice/types/value.h"

namespace sluice::types {
// Readable Values in failure messages.
inline void PrintTo(const Value& v, std::ostream* os) {
  if (v.is_null()) {
    *os << "NULL";
  } else if (v.is_bool()) {
    *os << (v.as_bool() ? "TRUE" : "FALSE");
  } else if (v.is_int()) {
    *os << v.as_int();
  } else if (v.is_double()) {
    *os << v.as_double() << "d";
  } else {
    *os << "'" << v.as_string() << "'";
  }
}
}  // namespace sluice::types

namespace sluice::expr {

using types::DataType;
using types::Value;

inline Value I(int64_t v) { return Value::Int(v); }
inline Value D(double v) { return Value::Double(v); }
inline Value S(std::string v) { return Value::String(std::move(v)); }
inline Value B(bool v) { return Value::Bool(v); }
inline Value N() { return Value::Null(); }

inline int32_t Days(const std::string& text) {
  int32_t days = 0;
  EXPECT_TRUE(types::ParseDate(text, &days)) << text;
  return days;
}
inline int64_t Micros(const std::string& text) {
  int64_t micros = 0;
  EXPECT_TRUE(types::ParseTimestamp(text, &micros)) << text;
  return micros;
}

class ExpressionTest : public ::testing::Test {
 protected:
  /// Adds an input column named `name`; every column must have the same number of values.
  void AddColumn(const std::string& name, DataType type, const std::vector<Value>& values) {
    fields_.push_back({name, type});
    auto column = types::MakeColumn(type);
    for (const Value& v : values) types::AppendValue(column.get(), v);
    columns_.push_back(column);
    rows_ = values.size();
  }

  types::Batch MakeBatch() const {
    types::Batch batch;
    batch.schema = types::MakeSchema(fields_);
    batch.columns = columns_;
    batch.num_rows = rows_;
    return batch;
  }

  ExprPtr Col(const std::string& name) const {
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].name == name) return MakeColumnRef(static_cast<int>(i), fields_[i].type);
    }
    ADD_FAILURE() << "no column " << name;
    return nullptr;
  }

  static ExprPtr Lit(Value v, DataType type) {
    const bool is_null = v.is_null();
    return MakeLiteral(std::move(v), type.WithNullable(is_null));
  }
  static ExprPtr Int(int64_t v) { return Lit(I(v), DataType::Int()); }
  static ExprPtr BigInt(int64_t v) { return Lit(I(v), DataType::BigInt()); }
  static ExprPtr Dbl(double v) { return Lit(D(v), DataType::Double()); }
  static ExprPtr Bool(bool v) { return Lit(B(v), DataType::Boolean()); }
  static ExprPtr Str(const std::string& v) {
    return Lit(S(v), DataType::Char(static_cast<int32_t>(v.size())));
  }
  static ExprPtr Dec(int64_t unscaled, int precision, int scale) {
    return Lit(I(unscaled), DataType::Decimal(precision, scale));
  }
  static ExprPtr Null(DataType type = DataType::Null()) { return Lit(N(), type); }

  /// Binds a call; fails the test (and returns a NULL literal) if binding fails.
  static ExprPtr Call(const std::string& name, std::vector<ExprPtr> args) {
    auto result = ResolveCall(name, std::move(args));
    EXPECT_TRUE(result.ok()) << name << ": " << result.status();
    return result.ok() ? *result : Null();
  }
  static Status CallError(const std::string& name, std::vector<ExprPtr> args) {
    return ResolveCall(name, std::move(args)).status();
  }

  /// Evaluates over the input batch (or one row when there are no columns).
  std::vector<Value> Eval(const ExprPtr& expr) const {
    auto column = EvalColumn(expr);
    std::vector<Value> out;
    if (!column.ok()) {
      ADD_FAILURE() << expr->ToString() << ": " << column.status();
      return out;
    }
    for (size_t i = 0; i < (*column)->size(); ++i) out.push_back(types::GetValue(**column, i));
    return out;
  }
  Value EvalOne(const ExprPtr& expr) const {
    std::vector<Value> values = Eval(expr);
    return values.empty() ? Value() : values[0];
  }
  StatusOr<types::ColumnPtr> EvalColumn(const ExprPtr& expr) const {
    types::Batch batch = MakeBatch();
    if (fields_.empty()) batch.num_rows = 1;
    return Evaluate(*expr, batch, context_);
  }
  Status EvalStatus(const ExprPtr& expr) const { return EvalColumn(expr).status(); }

  std::vector<types::Field> fields_;
  std::vector<types::ColumnPtr> columns_;
  size_t rows_ = 0;
  EvalContext context_;
};

}  // namespace sluice::expr
