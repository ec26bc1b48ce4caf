#include "sluice/types/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "sluice/types/temporal.h"

namespace sluice::types {

Value GetValue(const Column& column, size_t row) {
  if (column.IsNull(row)) return Value::Null();
  switch (column.physical()) {
    case PhysicalType::kBool:
      return Value::Bool(column.data<uint8_t>()[row] != 0);
    case PhysicalType::kInt8:
      return Value::Int(column.data<int8_t>()[row]);
    case PhysicalType::kInt16:
      return Value::Int(column.data<int16_t>()[row]);
    case PhysicalType::kInt32:
      return Value::Int(column.data<int32_t>()[row]);
    case PhysicalType::kInt64:
      return Value::Int(column.data<int64_t>()[row]);
    case PhysicalType::kFloat:
      return Value::Double(column.data<float>()[row]);
    case PhysicalType::kDouble:
      return Value::Double(column.data<double>()[row]);
    case PhysicalType::kString:
      return Value::String(std::string(column.strings()[row]));
  }
  return Value::Null();
}

void AppendValue(Column* column, const Value& value) {
  if (value.is_null()) {
    column->AppendNull();
    return;
  }
  switch (column->physical()) {
    case PhysicalType::kBool:
      column->Append<uint8_t>(value.is_bool() ? value.as_bool() : value.as_int() != 0);
      break;
    case PhysicalType::kInt8:
      column->Append<int8_t>(static_cast<int8_t>(value.as_int()));
      break;
    case PhysicalType::kInt16:
      column->Append<int16_t>(static_cast<int16_t>(value.as_int()));
      break;
    case PhysicalType::kInt32:
      column->Append<int32_t>(static_cast<int32_t>(value.as_int()));
      break;
    case PhysicalType::kInt64:
      column->Append<int64_t>(value.as_int());
      break;
    case PhysicalType::kFloat:
      column->Append<float>(static_cast<float>(value.is_double() ? value.as_double()
                                                                 : value.as_int()));
      break;
    case PhysicalType::kDouble:
      column->Append<double>(value.is_double() ? value.as_double()
                                               : static_cast<double>(value.as_int()));
      break;
    case PhysicalType::kString:
      column->AppendString(value.as_string());
      break;
  }
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  double magnitude = std::fabs(value);
  char buf[64];
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    auto result = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed);
    std::string out(buf, result.ptr);
    if (out.find('.') == std::string::npos) out += ".0";
    return out;
  }
  // Scientific with the shortest mantissa that round-trips: "1.0E10", "1.234E-5".
  auto result = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  std::string text(buf, result.ptr);
  size_t e = text.find('e');
  std::string mantissa = text.substr(0, e);
  int exponent = std::stoi(text.substr(e + 1));
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  return absl::StrCat(mantissa, "E", exponent);
}

std::string FormatDecimal(int64_t unscaled, int scale) {
  bool negative = unscaled < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(unscaled) : unscaled;
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) {
      digits.insert(0, scale - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - scale, ".");
  }
  return negative ? "-" + digits : digits;
}

namespace {

void AppendInt(int64_t value, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, result.ptr);
}

void AppendScalar(int64_t i, double d, std::string_view s, const DataType& type,
                  const absl::TimeZone& zone, std::string* out) {
  switch (type.id) {
    case TypeId::kNull:
      out->append("NULL");
      return;
    case TypeId::kBoolean:
      out->append(i ? "TRUE" : "FALSE");
      return;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
      AppendInt(i, out);
      return;
    case TypeId::kFloat:
    case TypeId::kDouble:
      out->append(FormatDouble(d));
      return;
    case TypeId::kDecimal:
      out->append(FormatDecimal(i, type.scale));
      return;
    case TypeId::kChar:
    case TypeId::kVarchar:
      out->append(s);
      return;
    case TypeId::kBinary:
    case TypeId::kVarbinary: {
      // Flink renders bytes to STRING as hex? It decodes as UTF-8; keep the bytes.
      out->append(s);
      return;
    }
    case TypeId::kDate:
      out->append(FormatDate(static_cast<int32_t>(i)));
      return;
    case TypeId::kTime:
      out->append(FormatTime(i, type.precision));
      return;
    case TypeId::kTimestamp:
      AppendTimestamp(i, type.precision, out);
      return;
    case TypeId::kTimestampLtz:
      AppendTimestamp(InstantToLocal(i, zone), type.precision, out);
      return;
    case TypeId::kIntervalDayTime: {
      // Flink: "+1 02:03:04.000"
      int64_t v = i;
      out->push_back(v < 0 ? '-' : '+');
      if (v < 0) v = -v;
      AppendInt(v / kMicrosPerDay, out);
      out->push_back(' ');
      out->append(FormatTime(v % kMicrosPerDay, 3));
      return;
    }
    case TypeId::kIntervalYearMonth: {
      int64_t v = i;
      out->push_back(v < 0 ? '-' : '+');
      if (v < 0) v = -v;
      AppendInt(v / 12, out);
      out->push_back('-');
      char buf[8];
      std::snprintf(buf, sizeof(buf), "%02d", static_cast<int>(v % 12));
      out->append(buf);
      return;
    }
  }
}

}  // namespace

std::string FormatValue(const Value& value, const DataType& type, const absl::TimeZone& zone) {
  if (value.is_null()) return "NULL";
  std::string out;
  int64_t i = value.is_int() ? value.as_int() : value.is_bool() ? value.as_bool() : 0;
  double d = value.is_double() ? value.as_double() : static_cast<double>(i);
  std::string_view s = value.is_string() ? std::string_view(value.as_string()) : "";
  AppendScalar(i, d, s, type, zone, &out);
  return out;
}

void AppendFormatted(const Column& column, size_t row, const absl::TimeZone& zone,
                     std::string* out) {
  if (column.IsNull(row)) {
    out->append("NULL");
    return;
  }
  int64_t i = 0;
  double d = 0;
  std::string_view s;
  switch (column.physical()) {
    case PhysicalType::kBool:
      i = column.data<uint8_t>()[row];
      break;
    case PhysicalType::kInt8:
      i = column.data<int8_t>()[row];
      break;
    case PhysicalType::kInt16:
      i = column.data<int16_t>()[row];
      break;
    case PhysicalType::kInt32:
      i = column.data<int32_t>()[row];
      break;
    case PhysicalType::kInt64:
      i = column.data<int64_t>()[row];
      break;
    case PhysicalType::kFloat:
      d = column.data<float>()[row];
      break;
    case PhysicalType::kDouble:
      d = column.data<double>()[row];
      break;
    case PhysicalType::kString:
      s = column.strings()[row];
      break;
  }
  if (column.type().id == TypeId::kFloat) {
    // Java renders the float's own shortest digits, not the widened double's.
    float f = column.data<float>()[row];
    char buf[32];
    auto result = std::to_chars(buf, buf + sizeof(buf), f);
    double shortest = std::strtod(std::string(buf, result.ptr).c_str(), nullptr);
    d = shortest;
  }
  AppendScalar(i, d, s, column.type(), zone, out);
}

}  // namespace sluice::types
