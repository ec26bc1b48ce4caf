// DateTimeFormat: a compiled Java date pattern ("yyyy-MM-dd HH:mm:ss.SSS", "dd/MMM/yyyy 'at' h a")
// as DATE_FORMAT, TO_TIMESTAMP, UNIX_TIMESTAMP, FROM_UNIXTIME and TO_DATE take it. Letters follow
// java.time.format.DateTimeFormatter (S is a fraction digit; SSS = milliseconds):
//   y year (yy = two digits)  M/L month (MMM Jan, MMMM January)  d day  D day of year
//   H hour 0-23  k 1-24  K 0-11  h 1-12  a AM/PM  m minute  s second  S fraction
//   E weekday (EEE Mon, EEEE Monday)  Z +0800  X/x +08, +0800, +08:00 (X gives Z for zero)
//   'text' literal, '' a quote; any other non-letter is literal.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::expr {

class DateTimeFormat {
 public:
  /// Error: "invalid date format 'yyyy-qq': unsupported pattern letter 'q'".
  static StatusOr<DateTimeFormat> Compile(std::string_view pattern);
  static StatusOr<std::shared_ptr<const DateTimeFormat>> CompileShared(std::string_view pattern);

  /// Appends wall-clock microseconds `local_micros` rendered with the pattern; `offset_seconds`
  /// is the zone offset printed by Z/X/x.
  void Format(int64_t local_micros, int offset_seconds, std::string* out) const;
  /// Parses `text` into wall-clock microseconds (missing fields default to 1970-01-01 00:00:00).
  /// `allow_trailing` accepts extra text after the pattern (java.text.SimpleDateFormat.parse).
  bool Parse(std::string_view text, bool allow_trailing, int64_t* local_micros) const;

 private:
  struct Field {
    char letter;  // 0 for a literal
    int count;
    std::string literal;
  };
  std::vector<Field> fields_;
};

}  // namespace sluice::expr
