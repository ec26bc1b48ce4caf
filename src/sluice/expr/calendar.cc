#include "sluice/expr/calendar.h"

#include <string>

#include "sluice/expr/ascii.h"

namespace sluice::expr {

using types::FloorDiv;
using types::FloorMod;
using types::kMicrosPerDay;
using types::kMicrosPerHour;
using types::kMicrosPerMinute;
using types::kMicrosPerSecond;

namespace {

struct UnitName {
  const char* name;
  TimeUnit unit;
};

constexpr UnitName kUnitNames[] = {
    {"MILLENNIUM", TimeUnit::kMillennium},
    {"CENTURY", TimeUnit::kCentury},
    {"DECADE", TimeUnit::kDecade},
    {"YEAR", TimeUnit::kYear},
    {"ISOYEAR", TimeUnit::kIsoYear},
    {"QUARTER", TimeUnit::kQuarter},
    {"MONTH", TimeUnit::kMonth},
    {"WEEK", TimeUnit::kWeek},
    {"DAY", TimeUnit::kDay},
    {"DOW", TimeUnit::kDayOfWeek},
    {"ISODOW", TimeUnit::kIsoDayOfWeek},
    {"DOY", TimeUnit::kDayOfYear},
    {"HOUR", TimeUnit::kHour},
    {"MINUTE", TimeUnit::kMinute},
    {"SECOND", TimeUnit::kSecond},
    {"MILLISECOND", TimeUnit::kMillisecond},
    {"MICROSECOND", TimeUnit::kMicrosecond},
    {"EPOCH", TimeUnit::kEpoch},
};

// ISO 8601 week-numbering year and week of a date.
void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week) {
  int64_t iso_dow = FloorMod(days + 3, 7) + 1;  // Monday = 1 (1970-01-01 was a Thursday)
  int64_t thursday = days - iso_dow + 4;        // the Thursday of this ISO week
  int64_t y;
  unsigned m, d;
  types::CivilFromDays(thursday, &y, &m, &d);
  *iso_year = y;
  *week = (thursday - types::DaysFromCivil(y, 1, 1)) / 7 + 1;
}

}  // namespace

bool ParseTimeUnit(std::string_view name, TimeUnit* unit) {
  std::string upper = ToUpperAscii(name);
  if (upper.size() > 1 && upper.back() == 'S' && upper != "DOWS") upper.pop_back();  // DAYS
  if (upper == "DAYOFWEEK") upper = "DOW";
  if (upper == "DAYOFYEAR") upper = "DOY";
  if (upper == "DAYOFMONTH") upper = "DAY";
  for (const UnitName& u : kUnitNames) {
    if (upper == u.name) {
      *unit = u.unit;
      return true;
    }
  }
  return false;
}

int32_t AddMonthsToDate(int64_t days, int64_t months) {
  int64_t y;
  unsigned m, d;
  types::CivilFromDays(days, &y, &m, &d);
  int64_t total = y * 12 + (m - 1) + months;
  int64_t year = FloorDiv(total, 12);
  unsigned month = static_cast<unsigned>(FloorMod(total, 12)) + 1;
  unsigned last = DaysInMonth(year, month);
  return types::DaysFromCivil(year, month, d > last ? last : d);
}

int64_t AddMonthsToTimestamp(int64_t micros, int64_t months) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t time = micros - days * kMicrosPerDay;
  return static_cast<int64_t>(AddMonthsToDate(days, months)) * kMicrosPerDay + time;
}

int64_t ExtractFromDate(TimeUnit unit, int64_t days) {
  int64_t y;
  unsigned m, d;
  types::CivilFromDays(days, &y, &m, &d);
  switch (unit) {
    case TimeUnit::kMillennium:
      return y > 0 ? (y + 999) / 1000 : (y - 999) / 1000;
    case TimeUnit::kCentury:
      return y > 0 ? (y + 99) / 100 : (y - 99) / 100;
    case TimeUnit::kDecade:
      return y / 10;
    case TimeUnit::kYear:
      return y;
    case TimeUnit::kQuarter:
      return (m + 2) / 3;
    case TimeUnit::kMonth:
      return m;
    case TimeUnit::kDay:
      return d;
    case TimeUnit::kDayOfWeek:
      return FloorMod(days + 4, 7) + 1;
    case TimeUnit::kIsoDayOfWeek:
      return FloorMod(days + 3, 7) + 1;
    case TimeUnit::kDayOfYear:
      return days - types::DaysFromCivil(y, 1, 1) + 1;
    case TimeUnit::kWeek:
    case TimeUnit::kIsoYear: {
      int64_t iso_year, week;
      IsoWeek(days, &iso_year, &week);
      return unit == TimeUnit::kWeek ? week : iso_year;
    }
    case TimeUnit::kEpoch:
      return days * 86400;
    default:
      return 0;  // time-of-day fields of a date
  }
}

int64_t ExtractFromTimestamp(TimeUnit unit, int64_t micros) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t time = micros - days * kMicrosPerDay;
  switch (unit) {
    case TimeUnit::kHour:
      return time / kMicrosPerHour;
    case TimeUnit::kMinute:
      return time / kMicrosPerMinute % 60;
    case TimeUnit::kSecond:
      return time / kMicrosPerSecond % 60;
    case TimeUnit::kMillisecond:
      return time / 1000 % 1000;
    case TimeUnit::kMicrosecond:
      return time % kMicrosPerSecond;
    case TimeUnit::kEpoch:
      return FloorDiv(micros, kMicrosPerSecond);
    default:
      return ExtractFromDate(unit, days);
  }
}

bool TruncateTimestamp(TimeUnit unit, bool ceil, int64_t micros, int64_t* out) {
  int64_t step = 0;
  switch (unit) {
    case TimeUnit::kMicrosecond:
      *out = micros;
      return true;
    case TimeUnit::kMillisecond:
      step = 1000;
      break;
    case TimeUnit::kSecond:
      step = kMicrosPerSecond;
      break;
    case TimeUnit::kMinute:
      step = kMicrosPerMinute;
      break;
    case TimeUnit::kHour:
      step = kMicrosPerHour;
      break;
    case TimeUnit::kDay:
      step = kMicrosPerDay;
      break;
    default:
      break;
  }
  if (step != 0) {
    int64_t floor = FloorDiv(micros, step) * step;
    *out = ceil && floor != micros ? floor + step : floor;
    return true;
  }
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t y;
  unsigned m, d;
  types::CivilFromDays(days, &y, &m, &d);
  int64_t floor_days;
  switch (unit) {
    case TimeUnit::kYear:
      floor_days = types::DaysFromCivil(y, 1, 1);
      break;
    case TimeUnit::kQuarter:
      floor_days = types::DaysFromCivil(y, (m - 1) / 3 * 3 + 1, 1);
      break;
    case TimeUnit::kMonth:
      floor_days = types::DaysFromCivil(y, m, 1);
      break;
    case TimeUnit::kWeek:
      floor_days = days - FloorMod(days + 4, 7);  // back to Sunday
      break;
    case TimeUnit::kDecade:
      floor_days = types::DaysFromCivil(FloorDiv(y, 10) * 10, 1, 1);
      break;
    case TimeUnit::kCentury:
      floor_days = types::DaysFromCivil(FloorDiv(y - 1, 100) * 100 + 1, 1, 1);
      break;
    case TimeUnit::kMillennium:
      floor_days = types::DaysFromCivil(FloorDiv(y - 1, 1000) * 1000 + 1, 1, 1);
      break;
    default:
      return false;
  }
  int64_t floor = floor_days * kMicrosPerDay;
  if (!ceil || floor == micros) {
    *out = floor;
    return true;
  }
  switch (unit) {
    case TimeUnit::kYear:
      *out = static_cast<int64_t>(AddMonthsToDate(floor_days, 12)) * kMicrosPerDay;
      break;
    case TimeUnit::kQuarter:
      *out = static_cast<int64_t>(AddMonthsToDate(floor_days, 3)) * kMicrosPerDay;
      break;
    case TimeUnit::kMonth:
      *out = static_cast<int64_t>(AddMonthsToDate(floor_days, 1)) * kMicrosPerDay;
      break;
    case TimeUnit::kWeek:
      *out = (floor_days + 7) * kMicrosPerDay;
      break;
    case TimeUnit::kDecade:
      *out = static_cast<int64_t>(AddMonthsToDate(floor_days, 120)) * kMicrosPerDay;
      break;
    case TimeUnit::kCentury:
      *out = static_cast<int64_t>(AddMonthsToDate(floor_days, 1200)) * kMicrosPerDay;
      break;
    default:
      *out = static_cast<int64_t>(AddMonthsToDate(floor_days, 12000)) * kMicrosPerDay;
      break;
  }
  return true;
}

}  // namespace sluice::expr
