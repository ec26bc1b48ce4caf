#include "sluice/expr/type_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"

namespace sluice::expr {

using types::DataType;
using types::TypeId;

namespace {

constexpr std::string_view kExpectedPrefix = "expected ";
constexpr int kMaxPrecision = 38;
constexpr int kMinimumAdjustedScale = 6;

const char* ParamName(Param p) {
  switch (p) {
    case Param::kString:
      return "STRING";
    case Param::kInteger:
    case Param::kInt:
      return "INTEGER";
    case Param::kDouble:
    case Param::kNumeric:
      return "NUMERIC";
    case Param::kBoolean:
      return "BOOLEAN";
    case Param::kAny:
      return "ANY";
  }
  return "?";
}

// Whether `t` fits `p`, and the type it is cast to.
bool MatchParam(Param p, const DataType& t, DataType* target) {
  bool is_null = t.id == TypeId::kNull;
  switch (p) {
    case Param::kString:
      if (is_null) {
        *target = DataType::String();
        return true;
      }
      *target = t;
      return t.IsString();
    case Param::kInteger:
      *target = DataType::BigInt();
      return is_null || t.IsInteger();
    case Param::kInt:
      *target = DataType::Int();
      return is_null || (t.IsInteger() && t.id != TypeId::kBigInt);
    case Param::kDouble:
      *target = DataType::Double();
      return is_null || t.IsNumeric();
    case Param::kNumeric:
      *target = is_null ? DataType::Int() : t;
      return is_null || t.IsNumeric();
    case Param::kBoolean:
      *target = DataType::Boolean();
      return is_null || t.id == TypeId::kBoolean;
    case Param::kAny:
      *target = t;
      return true;
  }
  return false;
}

}  // namespace

Status SignatureError(std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(kExpectedPrefix), ToAbsl(expected)));
}

bool IsSignatureError(const Status& status) {
  return absl::IsInvalidArgument(status) && FromAbsl(status.message()).starts_with(kExpectedPrefix);
}

std::string_view SignatureExpectation(const Status& status) {
  return FromAbsl(status.message()).substr(kExpectedPrefix.size());
}

Status CheckParams(std::vector<DataType>* args, std::initializer_list<Param> params,
                   size_t required) {
  std::string expected = "(";
  size_t i = 0;
  for (Param p : params) {
    if (i == required) expected.push_back('[');
    if (i > 0) expected.append(", ");
    expected.append(ParamName(p));
    ++i;
  }
  if (required < params.size()) expected.push_back(']');
  expected.push_back(')');
  if (args->size() < required || args->size() > params.size()) return SignatureError(expected);
  i = 0;
  std::vector<DataType> targets;
  for (Param p : params) {
    if (i == args->size()) break;
    DataType target;
    if (!MatchParam(p, (*args)[i], &target)) return SignatureError(expected);
    targets.push_back(CastTarget(target, (*args)[i]));
    ++i;
  }
  for (size_t k = 0; k < targets.size(); ++k) (*args)[k] = targets[k];
  return absl::OkStatus();
}

bool IsNullType(const DataType& t) { return t.id == TypeId::kNull; }

bool AnyNullable(const std::vector<DataType>& types) {
  for (const DataType& t : types) {
    if (t.nullable) return true;
  }
  return false;
}

DataType NullableIfAny(DataType type, const std::vector<DataType>& args) {
  return type.Materialized().WithNullable(AnyNullable(args));
}

DataType CastTarget(const DataType& target, const DataType& original) {
  return target.Materialized().WithNullable(original.nullable);
}

DataType AsDecimal(const DataType& t) {
  if (t.id == TypeId::kDecimal) return t;
  return DataType::Decimal(IntegerDigits(t.id), 0).WithNullable(t.nullable);
}

DataType AdjustDecimal(int precision, int scale) {
  if (precision <= kMaxPrecision) return DataType::Decimal(precision, scale);
  int digits = precision - scale;
  int min_scale = std::min(scale, kMinimumAdjustedScale);
  int adjusted = std::max(kMaxPrecision - digits, min_scale);
  return DataType::Decimal(kMaxPrecision, adjusted);
}

DataType DecimalPlusType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale, b.scale);
  int precision = std::max(a.precision - a.scale, b.precision - b.scale) + scale + 1;
  return AdjustDecimal(precision, scale);
}

// p1 + p2 as Flink 1.x (Flink 2.0 adds one digit); Nexmark q1's BIGINT * 0.908 is DECIMAL(23, 3).
DataType DecimalTimesType(const DataType& a, const DataType& b) {
  return AdjustDecimal(a.precision + b.precision, a.scale + b.scale);
}

DataType DecimalDivideType(const DataType& a, const DataType& b) {
  int scale = std::max(6, a.scale + b.precision + 1);
  int precision = a.precision - a.scale + b.scale + scale;
  return AdjustDecimal(precision, scale);
}

DataType DecimalModType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale, b.scale);
  int precision = std::min(a.precision - a.scale, b.precision - b.scale) + scale;
  return AdjustDecimal(precision, scale);
}

DataType DecimalRoundType(const DataType& t, int digits) {
  if (digits >= t.scale) return DataType::Decimal(t.precision, t.scale);
  if (digits < 0) return DataType::Decimal(std::min(kMaxPrecision, 1 + t.precision - t.scale), 0);
  return DataType::Decimal(std::min(kMaxPrecision, 1 + t.precision - t.scale + digits), digits);
}

bool CommonTypeOf(const std::vector<DataType>& types, DataType* out) {
  DataType result = DataType::Null();
  bool nullable = false;
  for (const DataType& t : types) {
    nullable = nullable || t.nullable;
    if (IsNullType(t)) continue;
    if (IsNullType(result)) {
      result = t.Materialized();
      continue;
    }
    DataType merged;
    if (!types::CommonType(result, t, &merged)) return false;
    // Flink: DECIMAL mixed with an approximate numeric is DOUBLE.
    if (merged.IsApproximate() && (result.id == TypeId::kDecimal || t.id == TypeId::kDecimal)) {
      merged = DataType::Double();
    }
    result = merged;
  }
  *out = result.Materialized().WithNullable(nullable);
  return true;
}

DataType NumericArithmeticType(const DataType& a, const DataType& b) {
  bool nullable = a.nullable || b.nullable;
  if (a.id == TypeId::kDouble || b.id == TypeId::kDouble || a.id == TypeId::kDecimal ||
      b.id == TypeId::kDecimal) {
    return DataType::Double().WithNullable(nullable);
  }
  if (a.id == TypeId::kFloat || b.id == TypeId::kFloat) {
    return DataType::Float().WithNullable(nullable);
  }
  DataType common;
  types::CommonType(a, b, &common);
  return common.Materialized().WithNullable(nullable);
}

std::string TypeListString(const std::vector<DataType>& types) {
  std::string out = "(";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out.append(", ");
    out.append(types[i].ToBaseString());
  }
  out.push_back(')');
  return out;
}

}  // namespace sluice::expr
