// Value: one scalar outside a column (literals, constant folding, result rows in tests and the
// client). Integers of every width, DECIMAL (unscaled), DATE, TIME, TIMESTAMP and intervals are
// held as int64; FLOAT/DOUBLE as double; strings and bytes as std::string.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "absl/time/time.h"
#include "sluice/types/column.h"
#include "sluice/types/data_type.h"

namespace sluice::types {

class Value {
 public:
  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Bool(bool v) { return Value(Storage(v)); }
  static Value Int(int64_t v) { return Value(Storage(v)); }
  static Value Double(double v) { return Value(Storage(v)); }
  static Value String(std::string v) { return Value(Storage(std::move(v))); }

  bool is_null() const { return std::holds_alternative<std::monostate>(storage_); }
  bool as_bool() const { return std::get<bool>(storage_); }
  int64_t as_int() const { return std::get<int64_t>(storage_); }
  double as_double() const { return std::get<double>(storage_); }
  const std::string& as_string() const { return std::get<std::string>(storage_); }
  bool is_bool() const { return std::holds_alternative<bool>(storage_); }
  bool is_int() const { return std::holds_alternative<int64_t>(storage_); }
  bool is_double() const { return std::holds_alternative<double>(storage_); }
  bool is_string() const { return std::holds_alternative<std::string>(storage_); }

  bool operator==(const Value& other) const { return storage_ == other.storage_; }
  bool operator<(const Value& other) const { return storage_ < other.storage_; }

 private:
  using Storage = std::variant<std::monostate, bool, int64_t, double, std::string>;
  explicit Value(Storage s) : storage_(std::move(s)) {}
  Storage storage_;
};

/// Reads row `row` of `column` as a Value.
Value GetValue(const Column& column, size_t row);
/// Appends `value` (of the column's type) to `column`.
void AppendValue(Column* column, const Value& value);

/// Flink's CAST(x AS STRING) rendering: TRUE/FALSE, "12.30" for DECIMAL(_, 2),
/// "2021-04-13 20:12:11.123" for TIMESTAMP(3); TIMESTAMP_LTZ in `zone`; NULL as "NULL".
std::string FormatValue(const Value& value, const DataType& type,
                        const absl::TimeZone& zone = absl::UTCTimeZone());
/// Appends the rendering of row `row` of `column` ("NULL" for null).
void AppendFormatted(const Column& column, size_t row, const absl::TimeZone& zone,
                     std::string* out);
/// Java's Double.toString form, which Flink uses for DOUBLE/FLOAT to STRING ("1.0", "1.0E10").
std::string FormatDouble(double value);
/// Renders an unscaled DECIMAL value with `scale` fractional digits.
std::string FormatDecimal(int64_t unscaled, int scale);

}  // namespace sluice::types
