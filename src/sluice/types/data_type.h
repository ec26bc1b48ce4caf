// The logical type system (DESIGN.md §3): Flink's SQL types with nullability and time attributes,
// and the physical representation each one uses inside a column vector.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sluice::types {

enum class TypeId : uint8_t {
  kNull,  // the type of an untyped NULL literal
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kFloat,
  kDouble,
  kDecimal,
  kChar,
  kVarchar,
  kBinary,
  kVarbinary,
  kDate,
  kTime,
  kTimestamp,
  kTimestampLtz,
  kIntervalDayTime,
  kIntervalYearMonth,
};

/// Rowtime and proctime attributes travel with the type, as in Flink: a column reference keeps
/// them, any computation on the column drops them.
enum class TimeAttribute : uint8_t { kNone, kRowtime, kProctime };

/// How values of a type are stored in a column vector.
enum class PhysicalType : uint8_t {
  kBool,    // uint8_t 0/1
  kInt8,    // TINYINT
  kInt16,   // SMALLINT
  kInt32,   // INT, DATE (days since epoch), INTERVAL YEAR TO MONTH (months)
  kInt64,   // BIGINT, DECIMAL (unscaled), TIME (micros of day), TIMESTAMP[_LTZ] (micros since
            // epoch), INTERVAL DAY TO SECOND (micros)
  kFloat,
  kDouble,
  kString,  // std::string_view into arenas the column keeps alive (CHAR/VARCHAR/BINARY/...)
};

constexpr int32_t kMaxLength = 2147483647;

struct DataType {
  TypeId id = TypeId::kNull;
  bool nullable = true;
  int32_t length = 0;    // CHAR/VARCHAR/BINARY/VARBINARY length
  int8_t precision = 0;  // DECIMAL precision; TIME/TIMESTAMP fractional-second precision
  int8_t scale = 0;      // DECIMAL scale
  TimeAttribute time_attribute = TimeAttribute::kNone;

  static DataType Null() { return DataType{TypeId::kNull}; }
  static DataType Boolean() { return DataType{TypeId::kBoolean}; }
  static DataType TinyInt() { return DataType{TypeId::kTinyInt}; }
  static DataType SmallInt() { return DataType{TypeId::kSmallInt}; }
  static DataType Int() { return DataType{TypeId::kInt}; }
  static DataType BigInt() { return DataType{TypeId::kBigInt}; }
  static DataType Float() { return DataType{TypeId::kFloat}; }
  static DataType Double() { return DataType{TypeId::kDouble}; }
  static DataType Decimal(int precision, int scale);
  static DataType Char(int32_t length);
  static DataType Varchar(int32_t length);
  static DataType String() { return Varchar(kMaxLength); }
  static DataType Binary(int32_t length);
  static DataType Varbinary(int32_t length);
  static DataType Bytes() { return Varbinary(kMaxLength); }
  static DataType Date() { return DataType{TypeId::kDate}; }
  static DataType Time(int precision = 0);
  static DataType Timestamp(int precision = 6);
  static DataType TimestampLtz(int precision = 6);
  static DataType IntervalDayTime() { return DataType{TypeId::kIntervalDayTime}; }
  static DataType IntervalYearMonth() { return DataType{TypeId::kIntervalYearMonth}; }

  DataType WithNullable(bool value) const;
  DataType WithTimeAttribute(TimeAttribute value) const;
  /// Same type without rowtime/proctime marker (the result of computing on a time attribute).
  DataType Materialized() const { return WithTimeAttribute(TimeAttribute::kNone); }

  PhysicalType physical() const;
  bool IsNumeric() const;
  bool IsInteger() const;  // TINYINT .. BIGINT
  bool IsExactNumeric() const { return IsInteger() || id == TypeId::kDecimal; }
  bool IsApproximate() const { return id == TypeId::kFloat || id == TypeId::kDouble; }
  bool IsString() const { return id == TypeId::kChar || id == TypeId::kVarchar; }
  bool IsBinary() const { return id == TypeId::kBinary || id == TypeId::kVarbinary; }
  bool IsTimestamp() const { return id == TypeId::kTimestamp || id == TypeId::kTimestampLtz; }
  bool IsTemporal() const {
    return IsTimestamp() || id == TypeId::kDate || id == TypeId::kTime;
  }
  bool IsInterval() const {
    return id == TypeId::kIntervalDayTime || id == TypeId::kIntervalYearMonth;
  }
  bool IsTimeAttribute() const { return time_attribute != TimeAttribute::kNone; }

  /// Flink's rendering: `BIGINT`, `STRING`, `VARCHAR(10)`, `DECIMAL(18, 2)`, `INT NOT NULL`,
  /// `TIMESTAMP(3) *ROWTIME*`, `TIMESTAMP_LTZ(3) *PROCTIME*`.
  std::string ToString() const;
  /// Same as ToString() without nullability and time-attribute markers.
  std::string ToBaseString() const;

  /// Equal ignoring nullability and time attributes.
  bool SameAs(const DataType& other) const;
  bool operator==(const DataType& other) const;
};

/// Digits an integer type needs as a DECIMAL(p, 0): TINYINT 3, SMALLINT 5, INT 10, BIGINT 19.
int IntegerDigits(TypeId id);

/// FLOAT or DOUBLE storage.
inline bool IsApproximatePhysical(PhysicalType type) {
  return type == PhysicalType::kFloat || type == PhysicalType::kDouble;
}

/// Width in bytes of one value of a physical type.
int PhysicalWidth(PhysicalType type);

/// Flink's implicit widening: the common type both operands are cast to in comparisons,
/// arithmetic, CASE branches, UNION and IN lists; not found when no implicit cast exists.
bool CommonType(const DataType& a, const DataType& b, DataType* out);
/// Whether `from` can be cast to `to` implicitly (assignment to a sink column, function
/// arguments).
bool CanCastImplicitly(const DataType& from, const DataType& to);
/// Whether CAST(from AS to) is allowed at all.
bool CanCastExplicitly(const DataType& from, const DataType& to);

}  // namespace sluice::types
