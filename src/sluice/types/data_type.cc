#include "sluice/types/data_type.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sluice::types {

DataType DataType::Decimal(int precision, int scale) {
  DataType t{TypeId::kDecimal};
  t.precision = static_cast<int8_t>(precision);
  t.scale = static_cast<int8_t>(scale);
  return t;
}
DataType DataType::Char(int32_t length) {
  DataType t{TypeId::kChar};
  t.length = length;
  return t;
}
DataType DataType::Varchar(int32_t length) {
  DataType t{TypeId::kVarchar};
  t.length = length;
  return t;
}
DataType DataType::Binary(int32_t length) {
  DataType t{TypeId::kBinary};
  t.length = length;
  return t;
}
DataType DataType::Varbinary(int32_t length) {
  DataType t{TypeId::kVarbinary};
  t.length = length;
  return t;
}
DataType DataType::Time(int precision) {
  DataType t{TypeId::kTime};
  t.precision = static_cast<int8_t>(precision);
  return t;
}
DataType DataType::Timestamp(int precision) {
  DataType t{TypeId::kTimestamp};
  t.precision = static_cast<int8_t>(precision);
  return t;
}
DataType DataType::TimestampLtz(int precision) {
  DataType t{TypeId::kTimestampLtz};
  t.precision = static_cast<int8_t>(precision);
  return t;
}

DataType DataType::WithNullable(bool value) const {
  DataType t = *this;
  t.nullable = value;
  return t;
}
DataType DataType::WithTimeAttribute(TimeAttribute value) const {
  DataType t = *this;
  t.time_attribute = value;
  return t;
}

PhysicalType DataType::physical() const {
  switch (id) {
    case TypeId::kNull:
    case TypeId::kBoolean:
      return PhysicalType::kBool;
    case TypeId::kTinyInt:
      return PhysicalType::kInt8;
    case TypeId::kSmallInt:
      return PhysicalType::kInt16;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return PhysicalType::kInt32;
    case TypeId::kBigInt:
    case TypeId::kDecimal:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return PhysicalType::kInt64;
    case TypeId::kFloat:
      return PhysicalType::kFloat;
    case TypeId::kDouble:
      return PhysicalType::kDouble;
    case TypeId::kChar:
    case TypeId::kVarchar:
    case TypeId::kBinary:
    case TypeId::kVarbinary:
      return PhysicalType::kString;
  }
  return PhysicalType::kInt64;
}

int PhysicalWidth(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8:
      return 1;
    case PhysicalType::kInt16:
      return 2;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kString:
      return sizeof(std::string_view);
  }
  return 8;
}

bool DataType::IsNumeric() const { return IsExactNumeric() || IsApproximate(); }

bool DataType::IsInteger() const {
  return id == TypeId::kTinyInt || id == TypeId::kSmallInt || id == TypeId::kInt ||
         id == TypeId::kBigInt;
}

std::string DataType::ToBaseString() const {
  switch (id) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kTinyInt:
      return "TINYINT";
    case TypeId::kSmallInt:
      return "SMALLINT";
    case TypeId::kInt:
      return "INT";
    case TypeId::kBigInt:
      return "BIGINT";
    case TypeId::kFloat:
      return "FLOAT";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kDecimal:
      return absl::StrCat("DECIMAL(", precision, ", ", scale, ")");
    case TypeId::kChar:
      return absl::StrCat("CHAR(", length, ")");
    case TypeId::kVarchar:
      return length == kMaxLength ? "STRING" : absl::StrCat("VARCHAR(", length, ")");
    case TypeId::kBinary:
      return absl::StrCat("BINARY(", length, ")");
    case TypeId::kVarbinary:
      return length == kMaxLength ? "BYTES" : absl::StrCat("VARBINARY(", length, ")");
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTime:
      return absl::StrCat("TIME(", precision, ")");
    case TypeId::kTimestamp:
      return absl::StrCat("TIMESTAMP(", precision, ")");
    case TypeId::kTimestampLtz:
      return absl::StrCat("TIMESTAMP_LTZ(", precision, ")");
    case TypeId::kIntervalDayTime:
      return "INTERVAL SECOND(3)";
    case TypeId::kIntervalYearMonth:
      return "INTERVAL MONTH";
  }
  return "?";
}

std::string DataType::ToString() const {
  std::string out = ToBaseString();
  if (!nullable) out += " NOT NULL";
  if (time_attribute == TimeAttribute::kRowtime) out += " *ROWTIME*";
  if (time_attribute == TimeAttribute::kProctime) out += " *PROCTIME*";
  return out;
}

bool DataType::SameAs(const DataType& other) const {
  return id == other.id && length == other.length && precision == other.precision &&
         scale == other.scale;
}

bool DataType::operator==(const DataType& other) const {
  return SameAs(other) && nullable == other.nullable && time_attribute == other.time_attribute;
}

namespace {

int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
      return 1;
    case TypeId::kSmallInt:
      return 2;
    case TypeId::kInt:
      return 3;
    case TypeId::kBigInt:
      return 4;
    case TypeId::kDecimal:
      return 5;
    case TypeId::kFloat:
      return 6;
    case TypeId::kDouble:
      return 7;
    default:
      return 0;
  }
}

}  // namespace

int IntegerDigits(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
      return 3;
    case TypeId::kSmallInt:
      return 5;
    case TypeId::kInt:
      return 10;
    default:
      return 19;
  }
}

bool CommonType(const DataType& a, const DataType& b, DataType* out) {
  bool nullable = a.nullable || b.nullable;
  if (a.id == TypeId::kNull) {
    *out = b.Materialized().WithNullable(true);
    return true;
  }
  if (b.id == TypeId::kNull) {
    *out = a.Materialized().WithNullable(true);
    return true;
  }
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.id == TypeId::kDecimal && b.id == TypeId::kDecimal) {
      int scale = std::max(a.scale, b.scale);
      int digits = std::max(a.precision - a.scale, b.precision - b.scale);
      *out = DataType::Decimal(std::min(38, digits + scale), scale).WithNullable(nullable);
      return true;
    }
    if (a.id == TypeId::kDecimal && b.IsInteger()) {
      int digits = std::max(a.precision - a.scale, IntegerDigits(b.id));
      *out = DataType::Decimal(std::min(38, digits + a.scale), a.scale).WithNullable(nullable);
      return true;
    }
    if (b.id == TypeId::kDecimal && a.IsInteger()) return CommonType(b, a, out);
    const DataType& wider = NumericRank(a.id) >= NumericRank(b.id) ? a : b;
    *out = DataType{wider.id}.WithNullable(nullable);
    return true;
  }
  if (a.IsString() && b.IsString()) {
    // Flink's type system converts "ragged" CHARs to VARCHAR: CHAR(1) and CHAR(3) meet as
    // VARCHAR(3), so CASE/UNION do not pad the shorter value with spaces.
    if (a.id == TypeId::kChar && b.id == TypeId::kChar && a.length == b.length) {
      *out = DataType::Char(a.length).WithNullable(nullable);
    } else {
      *out = DataType::Varchar(std::max(a.length, b.length)).WithNullable(nullable);
    }
    return true;
  }
  if (a.IsBinary() && b.IsBinary()) {
    *out = DataType::Varbinary(std::max(a.length, b.length)).WithNullable(nullable);
    return true;
  }
  if (a.IsTimestamp() && b.IsTimestamp()) {
    DataType t = a.id == b.id ? DataType{a.id} : DataType{TypeId::kTimestampLtz};
    t.precision = std::max(a.precision, b.precision);
    *out = t.WithNullable(nullable);
    return true;
  }
  if ((a.IsTimestamp() && b.id == TypeId::kDate) || (b.IsTimestamp() && a.id == TypeId::kDate)) {
    const DataType& ts = a.IsTimestamp() ? a : b;
    *out = ts.Materialized().WithNullable(nullable);
    return true;
  }
  if (a.id == b.id) {
    DataType t = a.Materialized();
    t.precision = std::max(a.precision, b.precision);
    *out = t.WithNullable(nullable);
    return true;
  }
  return false;
}

bool CanCastImplicitly(const DataType& from, const DataType& to) {
  if (from.id == TypeId::kNull) return true;
  if (from.SameAs(to) || from.id == to.id) return true;
  if (from.IsNumeric() && to.IsNumeric()) {
    if (to.id == TypeId::kDecimal && from.IsInteger()) return true;
    if (from.id == TypeId::kDecimal && to.IsInteger()) return false;
    return NumericRank(from.id) <= NumericRank(to.id);
  }
  if (from.IsString() && to.IsString()) return true;
  if (from.IsBinary() && to.IsBinary()) return true;
  if (from.IsTimestamp() && to.IsTimestamp()) return true;
  if (from.id == TypeId::kDate && to.IsTimestamp()) return true;
  return false;
}

bool CanCastExplicitly(const DataType& from, const DataType& to) {
  if (CanCastImplicitly(from, to)) return true;
  if (from.IsString() || to.IsString()) return true;  // parse or render
  if (from.IsNumeric() && to.IsNumeric()) return true;
  if (from.id == TypeId::kBoolean && to.IsNumeric()) return true;
  if (from.IsNumeric() && to.id == TypeId::kBoolean) return true;
  if (from.IsTemporal() && to.IsTemporal()) return true;
  if (from.IsInteger() && to.IsTimestamp()) return true;
  if (from.IsTimestamp() && to.IsInteger()) return true;
  if (from.IsInterval() && to.IsInteger()) return true;
  return false;
}

}  // namespace sluice::types
