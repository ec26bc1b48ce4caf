#include "sluice/common/options.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sluice {
namespace {

// Splits "10 s" / "200ms" into the number and the lowercase unit.
bool SplitNumberUnit(const std::string& text, std::string* number, std::string* unit) {
  std::string trimmed(absl::StripAsciiWhitespace(text));
  size_t i = 0;
  while (i < trimmed.size() && (std::isdigit(static_cast<unsigned char>(trimmed[i])) ||
                                trimmed[i] == '-' || trimmed[i] == '.')) {
    ++i;
  }
  if (i == 0) return false;
  *number = trimmed.substr(0, i);
  *unit = absl::AsciiStrToLower(absl::StripAsciiWhitespace(trimmed.substr(i)));
  return true;
}

}  // namespace

StatusOr<int64_t> ParseDuration(const std::string& text) {
  std::string number, unit;
  double value = 0;
  if (!SplitNumberUnit(text, &number, &unit) || !absl::SimpleAtod(number, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid duration '", text, "': expected a number and a unit such as '10 s'"));
  }
  double micros_per_unit;
  if (unit.empty() || unit == "ms" || unit == "milli" || unit == "millis" ||
      unit == "millisecond" || unit == "milliseconds") {
    micros_per_unit = 1e3;
  } else if (unit == "us" || unit == "micro" || unit == "micros" || unit == "microsecond" ||
             unit == "microseconds" || unit == "µs") {
    micros_per_unit = 1;
  } else if (unit == "ns" || unit == "nano" || unit == "nanos" || unit == "nanosecond" ||
             unit == "nanoseconds") {
    micros_per_unit = 1e-3;
  } else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
             unit == "seconds") {
    micros_per_unit = 1e6;
  } else if (unit == "min" || unit == "m" || unit == "mins" || unit == "minute" ||
             unit == "minutes") {
    micros_per_unit = 60e6;
  } else if (unit == "h" || unit == "hour" || unit == "hours") {
    micros_per_unit = 3600e6;
  } else if (unit == "d" || unit == "day" || unit == "days") {
    micros_per_unit = 86400e6;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("invalid duration '", text,
                                                   "': unknown unit '", unit,
                                                   "' (use ms, s, min, h or d)"));
  }
  return static_cast<int64_t>(value * micros_per_unit);
}

StatusOr<int64_t> ParseMemorySize(const std::string& text) {
  std::string number, unit;
  double value = 0;
  if (!SplitNumberUnit(text, &number, &unit) || !absl::SimpleAtod(number, &value)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid memory size '", text, "'"));
  }
  double scale;
  if (unit.empty() || unit == "b" || unit == "bytes") {
    scale = 1;
  } else if (unit == "k" || unit == "kb" || unit == "kibibytes") {
    scale = 1024;
  } else if (unit == "m" || unit == "mb" || unit == "mebibytes") {
    scale = 1024.0 * 1024;
  } else if (unit == "g" || unit == "gb" || unit == "gibibytes") {
    scale = 1024.0 * 1024 * 1024;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid memory size '", text, "': unknown unit '", unit, "'"));
  }
  return static_cast<int64_t>(value * scale);
}

std::optional<std::string> Options::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Options::GetOr(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

StatusOr<int64_t> Options::GetInt(const std::string& key, int64_t fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  int64_t value;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(it->second), &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("option '", key, "' expects an integer, got '", it->second, "'"));
  }
  return value;
}

StatusOr<double> Options::GetDouble(const std::string& key, double fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  double value;
  if (!absl::SimpleAtod(absl::StripAsciiWhitespace(it->second), &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("option '", key, "' expects a number, got '", it->second, "'"));
  }
  return value;
}

StatusOr<bool> Options::GetBool(const std::string& key, bool fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  std::string v = absl::AsciiStrToLower(absl::StripAsciiWhitespace(it->second));
  if (v == "true") return true;
  if (v == "false") return false;
  return absl::InvalidArgumentError(
      absl::StrCat("option '", key, "' expects true or false, got '", it->second, "'"));
}

StatusOr<int64_t> Options::GetDuration(const std::string& key, int64_t fallback_micros) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback_micros;
  auto parsed = ParseDuration(it->second);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option '", key, "': ", parsed.status().message()));
  }
  return *parsed;
}

std::map<std::string, std::string> Options::WithPrefix(const std::string& prefix) const {
  std::map<std::string, std::string> out;
  for (auto it = values_.lower_bound(prefix);
       it != values_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    out[it->first.substr(prefix.size())] = it->second;
  }
  return out;
}

void Options::Merge(const Options& other) {
  for (const auto& [k, v] : other.values_) values_[k] = v;
}

}  // namespace sluice
