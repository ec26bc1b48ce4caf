#include "sluice/expr/date_time_format.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"
#include "sluice/types/temporal.h"

namespace sluice::expr {

using types::kMicrosPerDay;
using types::kMicrosPerSecond;

namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

bool IsSupportedLetter(char c) { return std::strchr("yMLdDHkKhamsSEZXx", c) != nullptr; }
bool IsNumericLetter(char c) { return std::strchr("yMLdDHkKhmsS", c) != nullptr; }

void AppendPadded(std::string* out, int64_t value, int width) {
  char digits[20];
  int n = 0;
  uint64_t v = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (value < 0) out->push_back('-');
  if (width > n) out->append(width - n, '0');
  while (n > 0) out->push_back(digits[--n]);
}

void AppendOffset(std::string* out, int offset_seconds, char letter, int count) {
  if (offset_seconds == 0 && letter == 'X') {
    out->push_back('Z');
    return;
  }
  int total_minutes = (offset_seconds < 0 ? -offset_seconds : offset_seconds) / 60;
  out->push_back(offset_seconds < 0 ? '-' : '+');
  AppendPadded(out, total_minutes / 60, 2);
  int minutes = total_minutes % 60;
  if (letter == 'Z' || count == 2 || count == 4) {
    AppendPadded(out, minutes, 2);
  } else if (count >= 3) {
    out->push_back(':');
    AppendPadded(out, minutes, 2);
  } else if (minutes != 0) {
    AppendPadded(out, minutes, 2);
  }
}

// Matches a month or day name (full or three-letter, case-insensitive) at `*pos`.
int ParseName(std::string_view text, size_t* pos, const char* const* names, int count) {
  for (int full = 1; full >= 0; --full) {
    for (int i = 0; i < count; ++i) {
      std::string_view name = names[i];
      if (!full) name = name.substr(0, 3);
      if (text.size() - *pos >= name.size() &&
          EqualsIgnoreCase(text.substr(*pos, name.size()), name)) {
        *pos += name.size();
        return i;
      }
    }
  }
  return -1;
}

}  // namespace

StatusOr<DateTimeFormat> DateTimeFormat::Compile(std::string_view pattern) {
  DateTimeFormat f;
  auto literal = [&f]() -> std::string& {
    if (f.fields_.empty() || f.fields_.back().letter != 0) f.fields_.push_back({0, 0, {}});
    return f.fields_.back().literal;
  };
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        literal().push_back('\'');
        i += 2;
        continue;
      }
      size_t close = i + 1;
      std::string text;
      while (true) {
        if (close >= pattern.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("invalid date format '", ToAbsl(pattern), "': unterminated quote"));
        }
        if (pattern[close] == '\'') {
          if (close + 1 < pattern.size() && pattern[close + 1] == '\'') {
            text.push_back('\'');
            close += 2;
            continue;
          }
          break;
        }
        text.push_back(pattern[close++]);
      }
      literal().append(text);
      i = close + 1;
      continue;
    }
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      if (!IsSupportedLetter(c)) {
        return absl::InvalidArgumentError(absl::StrCat("invalid date format '", ToAbsl(pattern),
                                                       "': unsupported pattern letter '",
                                                       std::string(1, c), "'"));
      }
      int count = 0;
      while (i < pattern.size() && pattern[i] == c) {
        ++count;
        ++i;
      }
      f.fields_.push_back({c, count, {}});
      continue;
    }
    literal().push_back(c);
    ++i;
  }
  return f;
}

StatusOr<std::shared_ptr<const DateTimeFormat>> DateTimeFormat::CompileShared(
    std::string_view pattern) {
  auto compiled = Compile(pattern);
  if (!compiled.ok()) return compiled.status();
  return std::make_shared<const DateTimeFormat>(std::move(*compiled));
}

void DateTimeFormat::Format(int64_t local_micros, int offset_seconds, std::string* out) const {
  int64_t days = types::FloorDiv(local_micros, kMicrosPerDay);
  int64_t time = local_micros - days * kMicrosPerDay;
  int64_t year;
  unsigned month, day;
  types::CivilFromDays(days, &year, &month, &day);
  int64_t second_of_day = time / kMicrosPerSecond;
  int hour = static_cast<int>(second_of_day / 3600);
  int minute = static_cast<int>(second_of_day / 60 % 60);
  int second = static_cast<int>(second_of_day % 60);
  int64_t micros = time % kMicrosPerSecond;
  for (const Field& field : fields_) {
    int n = field.count;
    switch (field.letter) {
      case 0:
        out->append(field.literal);
        break;
      case 'y':
        if (n == 2) {
          AppendPadded(out, ((year % 100) + 100) % 100, 2);
        } else {
          AppendPadded(out, year, n);
        }
        break;
      case 'M':
      case 'L':
        if (n >= 4) {
          out->append(kMonthNames[month - 1]);
        } else if (n == 3) {
          out->append(kMonthNames[month - 1], 3);
        } else {
          AppendPadded(out, month, n);
        }
        break;
      case 'd':
        AppendPadded(out, day, n);
        break;
      case 'D':
        AppendPadded(out, days - types::DaysFromCivil(year, 1, 1) + 1, n);
        break;
      case 'H':
        AppendPadded(out, hour, n);
        break;
      case 'k':
        AppendPadded(out, hour == 0 ? 24 : hour, n);
        break;
      case 'K':
        AppendPadded(out, hour % 12, n);
        break;
      case 'h':
        AppendPadded(out, hour % 12 == 0 ? 12 : hour % 12, n);
        break;
      case 'a':
        out->append(hour < 12 ? "AM" : "PM");
        break;
      case 'm':
        AppendPadded(out, minute, n);
        break;
      case 's':
        AppendPadded(out, second, n);
        break;
      case 'S': {
        int64_t unit = 100000;  // fraction digits, most significant first
        for (int k = 0; k < n; ++k) {
          out->push_back(k < 6 ? static_cast<char>('0' + micros / unit % 10) : '0');
          unit /= 10;
        }
        break;
      }
      case 'E': {
        const char* name = kDayNames[types::FloorMod(days + 4, 7)];
        if (n >= 4) {
          out->append(name);
        } else {
          out->append(name, 3);
        }
        break;
      }
      default:  // Z, X, x
        AppendOffset(out, offset_seconds, field.letter, n);
        break;
    }
  }
}

bool DateTimeFormat::Parse(std::string_view text, bool allow_trailing,
                           int64_t* local_micros) const {
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0;
  int64_t day_of_year = -1;
  bool pm = false, has_ampm = false, twelve_hour = false;
  size_t pos = 0;
  for (size_t f = 0; f < fields_.size(); ++f) {
    const Field& field = fields_[f];
    if (field.letter == 0) {
      if (text.substr(pos, field.literal.size()) != field.literal) return false;
      pos += field.literal.size();
      continue;
    }
    char letter = field.letter;
    if ((letter == 'M' || letter == 'L') && field.count >= 3) {
      int m = ParseName(text, &pos, kMonthNames, 12);
      if (m < 0) return false;
      month = m + 1;
      continue;
    }
    if (letter == 'E') {
      if (ParseName(text, &pos, kDayNames, 7) < 0) return false;
      continue;
    }
    if (letter == 'a') {
      if (text.size() - pos < 2) return false;
      std::string_view marker = text.substr(pos, 2);
      if (EqualsIgnoreCase(marker, "AM")) {
        pm = false;
      } else if (EqualsIgnoreCase(marker, "PM")) {
        pm = true;
      } else {
        return false;
      }
      has_ampm = true;
      pos += 2;
      continue;
    }
    if (!IsNumericLetter(letter)) {  // zone offsets: accepted and ignored
      if (pos < text.size() && text[pos] == 'Z') {
        ++pos;
        continue;
      }
      if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
      ++pos;
      while (pos < text.size() && (absl::ascii_isdigit(text[pos]) || text[pos] == ':')) ++pos;
      continue;
    }
    // A numeric field followed directly by another numeric field takes exactly `count` digits.
    bool adjacent = f + 1 < fields_.size() && IsNumericLetter(fields_[f + 1].letter);
    size_t max_digits = adjacent ? field.count : (letter == 'y' ? 9 : letter == 'S' ? 9 : 4);
    size_t start = pos;
    int64_t value = 0;
    while (pos < text.size() && pos - start < max_digits && absl::ascii_isdigit(text[pos])) {
      value = value * 10 + (text[pos] - '0');
      ++pos;
    }
    size_t digits = pos - start;
    if (digits == 0 || (adjacent && digits != static_cast<size_t>(field.count))) return false;
    switch (letter) {
      case 'y':
        year = (field.count == 2 && digits == 2) ? 2000 + value : value;
        break;
      case 'M':
      case 'L':
        month = value;
        break;
      case 'd':
        day = value;
        break;
      case 'D':
        day_of_year = value;
        break;
      case 'H':
        hour = value;
        break;
      case 'k':
        hour = value == 24 ? 0 : value;
        break;
      case 'K':
      case 'h':
        hour = value % 12;
        twelve_hour = true;
        break;
      case 'm':
        minute = value;
        break;
      case 's':
        second = value;
        break;
      case 'S': {
        fraction = value;
        for (size_t k = digits; k < 6; ++k) fraction *= 10;
        for (size_t k = 6; k < digits; ++k) fraction /= 10;
        break;
      }
    }
  }
  if (pos != text.size() && !allow_trailing) return false;
  if (has_ampm && pm && (twelve_hour || hour < 12)) hour = hour % 12 + 12;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  static const int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDaysInMonth[month - 1] || (month == 2 && day == 29 && !leap)) return false;
  int64_t days =
      types::DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (day_of_year > 0) days = types::DaysFromCivil(year, 1, 1) + day_of_year - 1;
  *local_micros =
      days * kMicrosPerDay + ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + fraction;
  return true;
}

}  // namespace sluice::expr
