// TextCodec: the text form of one typed value, shared by the text formats (csv, json strings,
// filesystem partition paths). Parsing follows Flink's converters: numbers from their decimal
// text (whitespace trimmed), DECIMAL exactly from the digits, booleans "true"/"false", bytes as
// base64, DATE "yyyy-MM-dd", TIME "HH:mm:ss[.fff]", TIMESTAMP "yyyy-MM-dd HH:mm:ss[.fff]" (SQL)
// or "yyyy-MM-ddTHH:mm:ss[.fff]" (ISO-8601), TIMESTAMP_LTZ the same in UTC with a trailing 'Z'.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/types/column.h"
#include "sluice/types/data_type.h"

namespace sluice::formats {

/// 'json.timestamp-format.standard': how TIMESTAMP and TIMESTAMP_LTZ values are written.
enum class TimestampStandard { kSql, kIso8601 };

enum class DecimalParse { kOk, kInvalid, kOverflow };

/// Parses decimal text ("-12.345", "1.5e3") into an unscaled value with `scale` fractional digits,
/// rounding half up as Java's BigDecimal.setScale(HALF_UP). kOverflow when the value needs more
/// than `precision` digits (or does not fit in int64).
DecimalParse ParseDecimalText(std::string_view text, int precision, int scale, int64_t* unscaled);

/// Parses `text` as a value of `column`'s type and appends it. Returns false (column unchanged)
/// when the text is not a value of the type. A DECIMAL that overflows its precision is appended
/// as NULL, as Flink's DecimalData.fromBigDecimal does. `scratch` is reused for base64 decoding.
bool AppendParsedText(std::string_view text, TimestampStandard standard, types::Column* column,
                      std::string* scratch);

/// Appends the text form of the non-null value at `row` of `column`.
void AppendValueText(const types::Column& column, size_t row, TimestampStandard standard,
                     std::string* out);

/// Java's Double.toString / Float.toString layout of the shortest round-trip digits: "1.0",
/// "0.001", "1.0E7", "1.234E-5", "NaN", "Infinity".
void AppendJavaDouble(double value, std::string* out);
void AppendJavaFloat(float value, std::string* out);

/// `text` without leading and trailing ASCII whitespace (std::string_view: this absl build's
/// absl::string_view is a distinct type).
std::string_view TrimAsciiWhitespace(std::string_view text);
/// `text` shortened to its first 200 characters plus "..." for error messages.
std::string Abbreviate(std::string_view text);
/// Case-insensitive ASCII comparison.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

/// Drops microseconds below the type's fractional-second precision (TIME/TIMESTAMP(p), p < 6).
int64_t TruncateToPrecision(int64_t micros, int precision);

}  // namespace sluice::formats
