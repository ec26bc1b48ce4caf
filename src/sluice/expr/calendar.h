// Calendar arithmetic on the engine's temporal representations (DATE = days since epoch,
// TIMESTAMP = wall-clock micros): month addition with end-of-month clamping as Flink's
// DateTimeUtils.addMonths, field extraction, and truncation to a unit (FLOOR/CEIL ... TO).
#pragma once

#include <cstdint>
#include <string_view>

#include "sluice/types/temporal.h"

namespace sluice::expr {

enum class TimeUnit : uint8_t {
  kMillennium,
  kCentury,
  kDecade,
  kYear,
  kIsoYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kDayOfWeek,     // DOW: Sunday = 1 .. Saturday = 7
  kIsoDayOfWeek,  // ISODOW: Monday = 1 .. Sunday = 7
  kDayOfYear,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kEpoch,
};

/// Parses an upper- or lower-case unit name ("YEAR", "DOW", "MILLISECOND"; plurals "DAYS" too).
bool ParseTimeUnit(std::string_view name, TimeUnit* unit);

inline bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

inline unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

/// `days` plus `months`, the day clamped to the end of the target month.
int32_t AddMonthsToDate(int64_t days, int64_t months);
/// Wall-clock micros plus `months` (time of day kept).
int64_t AddMonthsToTimestamp(int64_t micros, int64_t months);

/// EXTRACT(unit FROM date).
int64_t ExtractFromDate(TimeUnit unit, int64_t days);
/// EXTRACT(unit FROM wall-clock micros).
int64_t ExtractFromTimestamp(TimeUnit unit, int64_t micros);

/// FLOOR(wall-clock micros TO unit) (WEEK starts on Sunday, as Calcite); CEIL when `ceil`.
/// Units below a day are plain arithmetic; false for units that cannot truncate (DOW, EPOCH...).
bool TruncateTimestamp(TimeUnit unit, bool ceil, int64_t micros, int64_t* out);

}  // namespace sluice::expr
