// Calendar arithmetic and the text forms of DATE, TIME and TIMESTAMP values, as Flink renders and
// parses them ("2021-04-13 20:12:11.123"). TIMESTAMP values are wall-clock microseconds since
// 1970-01-01 00:00:00; TIMESTAMP_LTZ values are instants (UTC micros) rendered in a time zone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace sluice::types {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

/// Days since 1970-01-01 of a proleptic Gregorian date.
int32_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

/// Floor division and modulo for time arithmetic on negative values.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

/// "2021-04-13"
std::string FormatDate(int32_t days);
/// "20:12:11" plus `precision` fractional digits.
std::string FormatTime(int64_t micros_of_day, int precision);
/// "2021-04-13 20:12:11" plus `precision` fractional digits (Flink pads TIMESTAMP(3) to .SSS).
std::string FormatTimestamp(int64_t micros, int precision);
void AppendTimestamp(int64_t micros, int precision, std::string* out);

/// Parses "yyyy-MM-dd".
bool ParseDate(std::string_view text, int32_t* days);
/// Parses "HH:mm:ss[.fraction]".
bool ParseTime(std::string_view text, int64_t* micros_of_day);
/// Parses "yyyy-MM-dd[ HH:mm[:ss[.fraction]]]" (also with 'T' and a trailing 'Z').
bool ParseTimestamp(std::string_view text, int64_t* micros);

/// A TIMESTAMP_LTZ instant as wall-clock micros in `zone`.
int64_t InstantToLocal(int64_t utc_micros, const absl::TimeZone& zone);
/// Wall-clock micros in `zone` to the instant (UTC micros).
int64_t LocalToInstant(int64_t local_micros, const absl::TimeZone& zone);
/// Loads an IANA zone name ("UTC", "Asia/Shanghai", "+08:00"); false if unknown.
bool LoadZone(const std::string& name, absl::TimeZone* zone);

}  // namespace sluice::types
