// DECIMAL arithmetic on unscaled int64 values (the types layer's representation): rescaling with
// Java BigDecimal's HALF_UP rounding, precision checks, parsing and double conversion. Values
// that do not fit int64 are reported (never wrapped); 128-bit integers hold intermediates.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::expr {

using Int128 = __int128;

/// 10^n for n in [0, 18].
int64_t Pow10(int n);
/// 10^n for n in [0, 38].
Int128 Pow10Wide(int n);

/// `numerator / denominator` rounded HALF_UP (ties away from zero); denominator != 0.
Int128 DivideHalfUp(Int128 numerator, Int128 denominator);

/// Whether an int128 fits int64.
inline bool FitsInt64(Int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

/// Rescales an unscaled value from scale `from` to scale `to` (HALF_UP when digits are dropped).
/// False when the result does not fit int64.
bool Rescale(int64_t value, int from, int to, int64_t* out);
/// Whether |unscaled| < 10^precision (always true for precision >= 19: int64 is the limit).
bool FitsPrecision(int64_t unscaled, int precision);

enum class DecimalParse { kOk, kInvalid, kOverflow };
/// Parses decimal text ("  -12.5e1 ", surrounding whitespace allowed) into an unscaled value of
/// `scale`, HALF_UP; kOverflow when it exceeds `precision` digits or int64.
DecimalParse ParseDecimal(std::string_view text, int precision, int scale, int64_t* out);
/// A double as DECIMAL(precision, scale), rounding its shortest decimal form HALF_UP like
/// BigDecimal.valueOf(d).setScale(scale, HALF_UP). kInvalid for NaN/Infinity.
DecimalParse DoubleToDecimal(double value, int precision, int scale, int64_t* out);
double DecimalToDouble(int64_t unscaled, int scale);
/// Rounds a double to `digits` decimal places HALF_UP on its shortest decimal form (Flink's
/// ROUND on DOUBLE: BigDecimal.valueOf(d).setScale(digits, HALF_UP).doubleValue()).
double RoundDouble(double value, int digits);
/// Same with truncation toward zero (TRUNCATE).
double TruncateDouble(double value, int digits);

}  // namespace sluice::expr
