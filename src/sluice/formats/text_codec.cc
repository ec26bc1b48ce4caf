#include "sluice/formats/text_codec.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/escaping.h"
#include "sluice/types/temporal.h"

namespace sluice::formats {
namespace {

using types::Column;
using types::TypeId;

constexpr int64_t kPowersOfTen[] = {1,
                                    10,
                                    100,
                                    1000,
                                    10000,
                                    100000,
                                    1000000,
                                    10000000,
                                    100000000,
                                    1000000000,
                                    10000000000,
                                    100000000000,
                                    1000000000000,
                                    10000000000000,
                                    100000000000000,
                                    1000000000000000,
                                    10000000000000000,
                                    100000000000000000,
                                    1000000000000000000};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Java's Integer.parseInt: optional sign, decimal digits, nothing else; false when out of range.
template <typename T>
bool ParseInteger(std::string_view text, T* value) {
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text[0] == '-') return false;
  }
  if (text.empty()) return false;
  T parsed;
  auto result = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return false;
  *value = parsed;
  return true;
}

// Java's Double.parseDouble for the forms people write: decimal or scientific with an optional
// sign, "NaN", "Infinity" (and from_chars' "inf", "nan").
template <typename T>
bool ParseFloating(std::string_view text, T* value) {
  bool negative = false;
  std::string_view body = text;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") {
    *value = negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    return true;
  }
  if (body == "NaN") {
    *value = std::numeric_limits<T>::quiet_NaN();
    return true;
  }
  if (body.empty() || body[0] == '+' || body[0] == '-') return false;
  T parsed;
  auto result = std::from_chars(body.data(), body.data() + body.size(), parsed);
  if (result.ec == std::errc::result_out_of_range) {
    // Overflow is infinite and underflow zero, as in Java; from_chars leaves them unset.
    size_t e = body.find_first_of("eE");
    bool tiny = (e != std::string_view::npos && e + 1 < body.size() && body[e + 1] == '-') ||
                body[0] == '.' || (body.size() > 1 && body[0] == '0' && body[1] == '.');
    parsed = tiny ? T(0) : std::numeric_limits<T>::infinity();
  } else if (result.ec != std::errc() || result.ptr != body.data() + body.size()) {
    return false;
  }
  *value = negative ? -parsed : parsed;
  return true;
}

// The SQL standard separates date and time with ' ', ISO-8601 with 'T'; the time is required.
bool HasTimestampSeparator(std::string_view text, TimestampStandard standard) {
  size_t separator = text.find_first_of(" T");
  if (separator == std::string_view::npos) return false;
  return text[separator] == (standard == TimestampStandard::kSql ? ' ' : 'T');
}

// Lays out shortest round-trip digits (from std::to_chars scientific form "d.ddde+XX") the way
// Java's Double.toString does.
void AppendJavaLayout(const char* begin, const char* end, double magnitude, std::string* out) {
  const char* e = static_cast<const char*>(std::memchr(begin, 'e', end - begin));
  const char* mantissa_end = e ? e : end;
  int exponent = 0;
  if (e) std::from_chars(e[1] == '+' ? e + 2 : e + 1, end, exponent);
  const char* p = begin;
  if (*p == '-') {
    out->push_back('-');
    ++p;
  }
  char digits[32];
  int count = 0;
  for (; p < mantissa_end; ++p) {
    if (*p != '.' && count < 32) digits[count++] = *p;
  }
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      for (int i = 0; i <= exponent; ++i) out->push_back(i < count ? digits[i] : '0');
      out->push_back('.');
      if (count > exponent + 1) {
        out->append(digits + exponent + 1, count - exponent - 1);
      } else {
        out->push_back('0');
      }
    } else {
      out->append("0.");
      out->append(-exponent - 1, '0');
      out->append(digits, count);
    }
    return;
  }
  out->push_back(digits[0]);
  out->push_back('.');
  if (count > 1) {
    out->append(digits + 1, count - 1);
  } else {
    out->push_back('0');
  }
  out->push_back('E');
  char buf[8];
  auto result = std::to_chars(buf, buf + sizeof(buf), exponent);
  out->append(buf, result.ptr);
}

template <typename T>
void AppendJavaFloating(T value, std::string* out) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(value)) {
    out->append(value > 0 ? "Infinity" : "-Infinity");
    return;
  }
  if (value == 0) {
    out->append(std::signbit(value) ? "-0.0" : "0.0");
    return;
  }
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  AppendJavaLayout(buf, result.ptr, std::fabs(static_cast<double>(value)), out);
}

void AppendInteger(int64_t value, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, result.ptr);
}

void AppendDecimal(int64_t unscaled, int scale, std::string* out) {
  char digits[24];
  uint64_t magnitude = unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled) : unscaled;
  auto result = std::to_chars(digits, digits + sizeof(digits), magnitude);
  int count = static_cast<int>(result.ptr - digits);
  if (unscaled < 0) out->push_back('-');
  if (scale <= 0) {
    out->append(digits, count);
    return;
  }
  if (count <= scale) {
    out->append("0.");
    out->append(scale - count, '0');
    out->append(digits, count);
    return;
  }
  out->append(digits, count - scale);
  out->push_back('.');
  out->append(digits + count - scale, scale);
}

// Writes `value` as exactly `width` digits (value >= 0, fits the width).
void AppendFixedDigits(int64_t value, int width, std::string* out) {
  char digits[20];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(digits, width);
}

// The temporal text forms without printf (hot in encoders): "2021-04-13", "20:12:11.123".
void AppendDateText(int64_t days, std::string* out) {
  int64_t year;
  unsigned month, day;
  types::CivilFromDays(days, &year, &month, &day);
  if (year >= 0 && year <= 9999) {
    AppendFixedDigits(year, 4, out);
  } else {
    char buf[24];
    auto result = std::to_chars(buf, buf + sizeof(buf), year);
    out->append(buf, result.ptr);
  }
  out->push_back('-');
  AppendFixedDigits(month, 2, out);
  out->push_back('-');
  AppendFixedDigits(day, 2, out);
}

// As Flink's json/csv TimeFormats (`HH:mm:ss` + appendFraction(NANO_OF_SECOND, 0, 9, true)):
// the fraction has no trailing zeros and is left out when zero ("20:12:11", "20:12:11.5").
void AppendTimeText(int64_t micros_of_day, int precision, std::string* out) {
  int64_t seconds = micros_of_day / types::kMicrosPerSecond;
  AppendFixedDigits(seconds / 3600, 2, out);
  out->push_back(':');
  AppendFixedDigits((seconds / 60) % 60, 2, out);
  out->push_back(':');
  AppendFixedDigits(seconds % 60, 2, out);
  int64_t fraction = micros_of_day % types::kMicrosPerSecond;
  if (precision <= 0 || fraction == 0) return;
  out->push_back('.');
  // Values are already truncated to the type's precision (at most microseconds).
  AppendFixedDigits(fraction, 6, out);
  while (out->back() == '0') out->pop_back();
}

}  // namespace

std::string_view TrimAsciiWhitespace(std::string_view text) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string Abbreviate(std::string_view text) {
  constexpr size_t kMaxChars = 200;
  if (text.size() <= kMaxChars) return std::string(text);
  return std::string(text.substr(0, kMaxChars)) + "...";
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

int64_t TruncateToPrecision(int64_t micros, int precision) {
  if (precision >= 6 || precision < 0) return micros;
  int64_t unit = kPowersOfTen[6 - precision];
  return micros - types::FloorMod(micros, unit);
}

DecimalParse ParseDecimalText(std::string_view text, int precision, int scale, int64_t* unscaled) {
  text = TrimAsciiWhitespace(text);
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  // Significant digits (leading zeros dropped) and the count of digits after the point.
  // Only the first 64 significant digits are stored: at most 19 survive scaling into an int64,
  // plus one rounding digit.
  char digits[64];
  int64_t count = 0;
  int64_t fraction_digits = 0;
  int any_digits = 0;
  bool in_fraction = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (IsDigit(c)) {
      ++any_digits;
      if (in_fraction) ++fraction_digits;
      if (count == 0 && c == '0') continue;
      if (count < static_cast<int64_t>(sizeof(digits))) digits[count] = c;
      ++count;
    } else if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else {
      break;
    }
  }
  if (any_digits == 0) return DecimalParse::kInvalid;
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    size_t start = i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (exponent < 100000) exponent = exponent * 10 + (text[i] - '0');
    }
    if (i == start) return DecimalParse::kInvalid;
    if (exponent_negative) exponent = -exponent;
  }
  if (i != text.size()) return DecimalParse::kInvalid;
  if (count == 0) {
    *unscaled = 0;
    return DecimalParse::kOk;
  }
  // unscaled = digits * 10^shift; `keep` digits survive when shift < 0.
  int64_t shift = exponent - fraction_digits + scale;
  int64_t keep = std::min<int64_t>(count, std::max<int64_t>(-1, count + shift));
  if (keep > 19) return DecimalParse::kOverflow;
  unsigned __int128 magnitude = 0;
  for (int64_t d = 0; d < keep; ++d) {
    magnitude = magnitude * 10 + (digits[d] - '0');
    if (magnitude > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) {
      return DecimalParse::kOverflow;
    }
  }
  if (shift > 0) {
    for (int64_t s = 0; s < shift && magnitude != 0; ++s) {
      magnitude *= 10;
      if (magnitude > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) {
        return DecimalParse::kOverflow;
      }
    }
  } else if (keep >= 0 && keep < count && digits[keep] >= '5') {
    magnitude += 1;  // HALF_UP on the magnitude = away from zero
  }
  if (magnitude > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) {
    return DecimalParse::kOverflow;
  }
  if (precision > 0 && precision <= 18 &&
      magnitude >= static_cast<unsigned __int128>(kPowersOfTen[precision])) {
    return DecimalParse::kOverflow;
  }
  int64_t value = static_cast<int64_t>(magnitude);
  *unscaled = negative ? -value : value;
  return DecimalParse::kOk;
}

bool AppendParsedText(std::string_view text, TimestampStandard standard, Column* column,
                      std::string* scratch) {
  const types::DataType& type = column->type();
  std::string_view trimmed = TrimAsciiWhitespace(text);
  switch (type.id) {
    case TypeId::kNull:
      return false;
    case TypeId::kBoolean: {
      if (EqualsIgnoreAsciiCase(trimmed, "true")) {
        column->Append<uint8_t>(1);
      } else if (EqualsIgnoreAsciiCase(trimmed, "false")) {
        column->Append<uint8_t>(0);
      } else {
        return false;
      }
      return true;
    }
    case TypeId::kTinyInt: {
      int8_t v;
      if (!ParseInteger(trimmed, &v)) return false;
      column->Append(v);
      return true;
    }
    case TypeId::kSmallInt: {
      int16_t v;
      if (!ParseInteger(trimmed, &v)) return false;
      column->Append(v);
      return true;
    }
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth: {
      int32_t v;
      if (!ParseInteger(trimmed, &v)) return false;
      column->Append(v);
      return true;
    }
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime: {
      int64_t v;
      if (!ParseInteger(trimmed, &v)) return false;
      column->Append(v);
      return true;
    }
    case TypeId::kFloat: {
      float v;
      if (!ParseFloating(trimmed, &v)) return false;
      column->Append(v);
      return true;
    }
    case TypeId::kDouble: {
      double v;
      if (!ParseFloating(trimmed, &v)) return false;
      column->Append(v);
      return true;
    }
    case TypeId::kDecimal: {
      int64_t v;
      switch (ParseDecimalText(trimmed, type.precision, type.scale, &v)) {
        case DecimalParse::kOk:
          column->Append(v);
          return true;
        case DecimalParse::kOverflow:
          column->AppendNull();
          return true;
        case DecimalParse::kInvalid:
          return false;
      }
      return false;
    }
    case TypeId::kChar:
    case TypeId::kVarchar:
      column->AppendString(text);
      return true;
    case TypeId::kBinary:
    case TypeId::kVarbinary:
      if (!absl::Base64Unescape(absl::string_view(trimmed.data(), trimmed.size()), scratch)) {
        return false;
      }
      column->AppendString(*scratch);
      return true;
    case TypeId::kDate: {
      int32_t days;
      if (!types::ParseDate(trimmed, &days)) return false;
      column->Append(days);
      return true;
    }
    case TypeId::kTime: {
      int64_t micros;
      if (!types::ParseTime(trimmed, &micros)) return false;
      column->Append(TruncateToPrecision(micros, type.precision));
      return true;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      int64_t micros;
      if (!HasTimestampSeparator(trimmed, standard) || !types::ParseTimestamp(trimmed, &micros)) {
        return false;
      }
      column->Append(TruncateToPrecision(micros, type.precision));
      return true;
    }
  }
  return false;
}

void AppendJavaDouble(double value, std::string* out) { AppendJavaFloating(value, out); }
void AppendJavaFloat(float value, std::string* out) { AppendJavaFloating(value, out); }

void AppendValueText(const Column& column, size_t row, TimestampStandard standard,
                     std::string* out) {
  const types::DataType& type = column.type();
  switch (type.id) {
    case TypeId::kNull:
      out->append("null");
      return;
    case TypeId::kBoolean:
      out->append(column.data<uint8_t>()[row] ? "true" : "false");
      return;
    case TypeId::kTinyInt:
      AppendInteger(column.data<int8_t>()[row], out);
      return;
    case TypeId::kSmallInt:
      AppendInteger(column.data<int16_t>()[row], out);
      return;
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth:
      AppendInteger(column.data<int32_t>()[row], out);
      return;
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime:
      AppendInteger(column.data<int64_t>()[row], out);
      return;
    case TypeId::kFloat:
      AppendJavaFloat(column.data<float>()[row], out);
      return;
    case TypeId::kDouble:
      AppendJavaDouble(column.data<double>()[row], out);
      return;
    case TypeId::kDecimal:
      AppendDecimal(column.data<int64_t>()[row], type.scale, out);
      return;
    case TypeId::kChar:
    case TypeId::kVarchar:
      out->append(column.strings()[row]);
      return;
    case TypeId::kBinary:
    case TypeId::kVarbinary: {
      std::string encoded;
      std::string_view bytes = column.strings()[row];
      absl::Base64Escape(absl::string_view(bytes.data(), bytes.size()), &encoded);
      out->append(encoded);
      return;
    }
    case TypeId::kDate:
      AppendDateText(column.data<int32_t>()[row], out);
      return;
    case TypeId::kTime:
      AppendTimeText(column.data<int64_t>()[row], type.precision, out);
      return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      int64_t micros = column.data<int64_t>()[row];
      int64_t days = types::FloorDiv(micros, types::kMicrosPerDay);
      AppendDateText(days, out);
      out->push_back(standard == TimestampStandard::kIso8601 ? 'T' : ' ');
      AppendTimeText(micros - days * types::kMicrosPerDay, type.precision, out);
      if (type.id == TypeId::kTimestampLtz) out->push_back('Z');
      return;
    }
  }
}

}  // namespace sluice::formats
