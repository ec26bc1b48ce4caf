#include "sluice/sql/interval_literal.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace sluice::sql {

bool IsYearMonthUnit(TimeUnit unit) {
  return unit == TimeUnit::kYear || unit == TimeUnit::kQuarter || unit == TimeUnit::kMonth;
}

namespace {

// The fields of a qualifier, most significant first, with the separator written before each
// field after the first ('-' for YEAR TO MONTH, ' ' before the hour of DAY TO ..., ':' else).
struct Field {
  TimeUnit unit;
  char separator;
  int64_t limit;  // exclusive upper bound for non-leading fields
};

std::vector<Field> FieldsOf(TimeUnit start, TimeUnit end) {
  static const Field kAll[] = {
      {TimeUnit::kYear, 0, 0},    {TimeUnit::kMonth, '-', 12},  {TimeUnit::kDay, 0, 0},
      {TimeUnit::kHour, ' ', 24}, {TimeUnit::kMinute, ':', 60}, {TimeUnit::kSecond, ':', 60},
  };
  std::vector<Field> fields;
  bool inside = false;
  for (const Field& field : kAll) {
    if (field.unit == start) inside = true;
    if (inside) fields.push_back(field);
    if (field.unit == end) break;
  }
  return fields;
}

int64_t UnitMillis(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kWeek:
      return 7 * 86'400'000LL;
    case TimeUnit::kDay:
      return 86'400'000LL;
    case TimeUnit::kHour:
      return 3'600'000LL;
    case TimeUnit::kMinute:
      return 60'000LL;
    case TimeUnit::kSecond:
      return 1'000LL;
    default:
      return 1;
  }
}

int64_t UnitMonths(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kYear:
      return 12;
    case TimeUnit::kQuarter:
      return 3;
    default:
      return 1;
  }
}

}  // namespace

StatusOr<int64_t> EvaluateIntervalLiteral(std::string_view text, TimeUnit start,
                                          std::optional<TimeUnit> end) {
  std::string qualifier = TimeUnitName(start);
  if (end) absl::StrAppend(&qualifier, " TO ", TimeUnitName(*end));
  auto invalid = [&]() {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid INTERVAL ", qualifier, " literal '", std::string(text), "'"));
  };
  auto out_of_range = [&]() {
    return absl::InvalidArgumentError(
        absl::StrCat("INTERVAL ", qualifier, " literal '", std::string(text), "' is out of range"));
  };
  std::string_view rest = text;
  while (!rest.empty() && absl::ascii_isspace(rest.front())) rest.remove_prefix(1);
  while (!rest.empty() && absl::ascii_isspace(rest.back())) rest.remove_suffix(1);
  bool negative = false;
  if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) {
    negative = rest[0] == '-';
    rest.remove_prefix(1);
  }

  std::vector<Field> fields;
  if (!end) {
    fields.push_back(Field{start, 0, 0});
  } else {
    fields = FieldsOf(start, *end);
    if (fields.size() < 2 || fields.back().unit != *end ||
        IsYearMonthUnit(start) != IsYearMonthUnit(*end)) {
      return absl::InvalidArgumentError(absl::StrCat("invalid interval qualifier ", qualifier));
    }
  }

  bool year_month = IsYearMonthUnit(start);
  int64_t total = 0;  // months or milliseconds
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& field = fields[i];
    if (i > 0) {
      if (rest.empty() || rest[0] != field.separator) return invalid();
      rest.remove_prefix(1);
    }
    size_t digits = 0;
    int64_t value = 0;
    while (digits < rest.size() && absl::ascii_isdigit(rest[digits])) {
      if (__builtin_mul_overflow(value, 10, &value) ||
          __builtin_add_overflow(value, rest[digits] - '0', &value)) {
        return out_of_range();
      }
      ++digits;
    }
    if (digits == 0) return invalid();
    rest.remove_prefix(digits);
    if (i > 0 && value >= field.limit) return invalid();
    int64_t scale = year_month ? UnitMonths(field.unit) : UnitMillis(field.unit);
    if (year_month && i > 0) scale = 1;  // the MONTH of YEAR TO MONTH
    int64_t scaled;
    if (__builtin_mul_overflow(value, scale, &scaled) ||
        __builtin_add_overflow(total, scaled, &total)) {
      return out_of_range();
    }
    // Fractional seconds: only on a trailing SECOND field.
    if (field.unit == TimeUnit::kSecond && i + 1 == fields.size() && !rest.empty() &&
        rest[0] == '.') {
      rest.remove_prefix(1);
      int64_t millis = 0;
      size_t fraction_digits = 0;
      while (fraction_digits < rest.size() && absl::ascii_isdigit(rest[fraction_digits])) {
        if (fraction_digits < 3) millis = millis * 10 + (rest[fraction_digits] - '0');
        ++fraction_digits;
      }
      if (fraction_digits == 0) return invalid();
      for (size_t d = fraction_digits; d < 3; ++d) millis *= 10;
      rest.remove_prefix(fraction_digits);
      if (__builtin_add_overflow(total, millis, &total)) return out_of_range();
    }
  }
  if (!rest.empty()) return invalid();
  return negative ? -total : total;
}

}  // namespace sluice::sql
