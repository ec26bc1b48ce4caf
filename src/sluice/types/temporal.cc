#include "sluice/types/temporal.h"

#include <cstdio>

#include "absl/strings/numbers.h"

namespace sluice::types {

// Howard Hinnant's civil-from-days algorithms.
int32_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int32_t>(era * 146097 + static_cast<int64_t>(doe) - 719468);
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = m;
  *day = d;
}

namespace {

void AppendDigits(std::string* out, int64_t value, int width) {
  char buf[24];
  int n = std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(value));
  out->append(buf, n);
}

void AppendFraction(std::string* out, int64_t micros_of_second, int precision) {
  if (precision <= 0) return;
  out->push_back('.');
  // Microsecond storage: digits beyond 6 are zeros.
  char digits[10] = {'0', '0', '0', '0', '0', '0', '0', '0', '0', '0'};
  int64_t v = micros_of_second;
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out->append(digits, std::min(precision, 9));
}

void AppendDate(int64_t days, std::string* out) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  AppendDigits(out, y, 4);
  out->push_back('-');
  AppendDigits(out, m, 2);
  out->push_back('-');
  AppendDigits(out, d, 2);
}

void AppendTimeOfDay(int64_t micros, int precision, std::string* out) {
  int64_t seconds = micros / kMicrosPerSecond;
  AppendDigits(out, seconds / 3600, 2);
  out->push_back(':');
  AppendDigits(out, (seconds / 60) % 60, 2);
  out->push_back(':');
  AppendDigits(out, seconds % 60, 2);
  AppendFraction(out, micros % kMicrosPerSecond, precision);
}

bool ParseFixedInt(std::string_view text, size_t* pos, size_t digits, int64_t* value) {
  if (*pos + digits > text.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += digits;
  *value = v;
  return true;
}

// Parses 1 or 2 digits.
bool ParseSmallInt(std::string_view text, size_t* pos, int64_t* value) {
  size_t start = *pos;
  int64_t v = 0;
  while (*pos < text.size() && *pos - start < 2 && text[*pos] >= '0' && text[*pos] <= '9') {
    v = v * 10 + (text[*pos] - '0');
    ++*pos;
  }
  *value = v;
  return *pos > start;
}

bool ParseDatePart(std::string_view text, size_t* pos, int32_t* days) {
  int64_t y, m, d;
  size_t start = *pos;
  while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') ++*pos;
  if (*pos - start < 1 || *pos - start > 6) return false;
  if (!absl::SimpleAtoi(absl::string_view(text.data() + start, *pos - start), &y)) return false;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ParseSmallInt(text, pos, &m)) return false;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ParseSmallInt(text, pos, &d)) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  static const int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDaysInMonth[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

bool ParseTimePart(std::string_view text, size_t* pos, int64_t* micros) {
  int64_t h, mi, s = 0, frac = 0;
  if (!ParseSmallInt(text, pos, &h)) return false;
  if (*pos >= text.size() || text[*pos] != ':') return false;
  ++*pos;
  if (!ParseFixedInt(text, pos, 2, &mi)) return false;
  if (*pos < text.size() && text[*pos] == ':') {
    ++*pos;
    if (!ParseFixedInt(text, pos, 2, &s)) return false;
    if (*pos < text.size() && text[*pos] == '.') {
      ++*pos;
      int digits = 0;
      while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
        if (digits < 6) frac = frac * 10 + (text[*pos] - '0');
        ++digits;
        ++*pos;
      }
      if (digits == 0 || digits > 9) return false;
      for (int i = digits; i < 6; ++i) frac *= 10;
    }
  }
  if (h > 23 || mi > 59 || s > 59) return false;
  *micros = ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + frac;
  return true;
}

}  // namespace

std::string FormatDate(int32_t days) {
  std::string out;
  AppendDate(days, &out);
  return out;
}

std::string FormatTime(int64_t micros_of_day, int precision) {
  std::string out;
  AppendTimeOfDay(micros_of_day, precision, &out);
  return out;
}

void AppendTimestamp(int64_t micros, int precision, std::string* out) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  AppendDate(days, out);
  out->push_back(' ');
  AppendTimeOfDay(micros - days * kMicrosPerDay, precision, out);
}

std::string FormatTimestamp(int64_t micros, int precision) {
  std::string out;
  AppendTimestamp(micros, precision, &out);
  return out;
}

bool ParseDate(std::string_view text, int32_t* days) {
  size_t pos = 0;
  return ParseDatePart(text, &pos, days) && pos == text.size();
}

bool ParseTime(std::string_view text, int64_t* micros_of_day) {
  size_t pos = 0;
  return ParseTimePart(text, &pos, micros_of_day) && pos == text.size();
}

bool ParseTimestamp(std::string_view text, int64_t* micros) {
  size_t pos = 0;
  int32_t days;
  if (!ParseDatePart(text, &pos, &days)) return false;
  int64_t time = 0;
  if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
    ++pos;
    if (!ParseTimePart(text, &pos, &time)) return false;
  }
  if (pos < text.size() && text[pos] == 'Z') ++pos;
  if (pos != text.size()) return false;
  *micros = static_cast<int64_t>(days) * kMicrosPerDay + time;
  return true;
}

int64_t InstantToLocal(int64_t utc_micros, const absl::TimeZone& zone) {
  absl::Time t = absl::FromUnixMicros(utc_micros);
  absl::TimeZone::CivilInfo info = zone.At(t);
  int64_t local_seconds = absl::ToUnixSeconds(absl::FromCivil(info.cs, absl::UTCTimeZone()));
  return local_seconds * kMicrosPerSecond + FloorMod(utc_micros, kMicrosPerSecond);
}

int64_t LocalToInstant(int64_t local_micros, const absl::TimeZone& zone) {
  int64_t seconds = FloorDiv(local_micros, kMicrosPerSecond);
  absl::CivilSecond cs = absl::ToCivilSecond(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  absl::Time t = zone.At(cs).pre;
  return absl::ToUnixMicros(t) + FloorMod(local_micros, kMicrosPerSecond);
}

bool LoadZone(const std::string& name, absl::TimeZone* zone) {
  if (name == "UTC" || name == "Z" || name == "GMT") {
    *zone = absl::UTCTimeZone();
    return true;
  }
  // Fixed offsets: "+08:00", "GMT+08:00", "UTC-3".
  std::string_view text = name;
  if (text.substr(0, 3) == "GMT" || text.substr(0, 3) == "UTC") text.remove_prefix(3);
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    int sign = text[0] == '-' ? -1 : 1;
    size_t pos = 1;
    int64_t hours = 0, minutes = 0;
    if (!ParseSmallInt(text, &pos, &hours)) return false;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ParseFixedInt(text, &pos, 2, &minutes)) return false;
    }
    if (pos != text.size()) return false;
    *zone = absl::FixedTimeZone(static_cast<int>(sign * (hours * 3600 + minutes * 60)));
    return true;
  }
  return absl::LoadTimeZone(name, zone);
}

}  // namespace sluice::types
