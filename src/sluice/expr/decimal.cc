#include "sluice/expr/decimal.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace sluice::expr {

namespace {

constexpr int64_t kPow10[] = {1LL,
                              10LL,
                              100LL,
                              1000LL,
                              10000LL,
                              100000LL,
                              1000000LL,
                              10000000LL,
                              100000000LL,
                              1000000000LL,
                              10000000000LL,
                              100000000000LL,
                              1000000000000LL,
                              10000000000000LL,
                              100000000000000LL,
                              1000000000000000LL,
                              10000000000000000LL,
                              100000000000000000LL,
                              1000000000000000000LL};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Decimal digits (no sign, no leading zeros needed) and a power-of-ten exponent:
// value = digits * 10^exponent.
struct DecimalText {
  bool negative = false;
  std::string digits;
  int exponent = 0;
};

bool SplitDecimal(std::string_view text, DecimalText* out) {
  size_t i = 0, n = text.size();
  while (i < n && IsSpace(text[i])) ++i;
  while (n > i && IsSpace(text[n - 1])) --n;
  if (i == n) return false;
  if (text[i] == '+' || text[i] == '-') {
    out->negative = text[i] == '-';
    ++i;
  }
  bool any_digit = false, seen_point = false;
  int fraction_digits = 0;
  for (; i < n; ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!(out->digits.empty() && c == '0')) out->digits.push_back(c);
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return false;
  int exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i == n) return false;
    for (; i < n; ++i) {
      char c = text[i];
      if (c < '0' || c > '9') return false;
      if (exponent < 100000) exponent = exponent * 10 + (c - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return false;
  out->exponent = exponent - fraction_digits;
  return true;
}

// Rounds `text` to `scale` digits after the point, HALF_UP.
DecimalParse ToUnscaled(const DecimalText& text, int precision, int scale, int64_t* out) {
  if (text.digits.empty()) {
    *out = 0;
    return DecimalParse::kOk;
  }
  // value * 10^scale = digits * 10^(exponent + scale)
  int shift = text.exponent + scale;
  int total_digits = static_cast<int>(text.digits.size()) + shift;
  if (total_digits > 19) return DecimalParse::kOverflow;
  Int128 v = 0;
  if (shift >= 0) {
    for (char c : text.digits) v = v * 10 + (c - '0');
    v *= Pow10Wide(shift);
  } else {
    int keep = static_cast<int>(text.digits.size()) + shift;  // may be <= 0
    for (int k = 0; k < keep; ++k) v = v * 10 + (text.digits[k] - '0');
    int first_dropped = keep >= 0 ? text.digits[keep] - '0' : 0;
    if (keep >= 0 && first_dropped >= 5) v += 1;
  }
  if (text.negative) v = -v;
  if (!FitsInt64(v)) return DecimalParse::kOverflow;
  if (!FitsPrecision(static_cast<int64_t>(v), precision)) return DecimalParse::kOverflow;
  *out = static_cast<int64_t>(v);
  return DecimalParse::kOk;
}

// The shortest decimal form of a double, as Java's Double.toString digits.
bool ShortestDecimal(double value, DecimalText* out) {
  if (!std::isfinite(value)) return false;
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  return SplitDecimal(std::string_view(buf, result.ptr - buf), out);
}

double FromDecimalText(const DecimalText& text) {
  char buf[96];
  size_t n = 0;
  if (text.negative) buf[n++] = '-';
  std::string_view digits = text.digits.empty() ? std::string_view("0") : text.digits;
  if (digits.size() > 60) digits = digits.substr(0, 60);  // beyond double precision anyway
  int exponent =
      text.exponent + static_cast<int>(text.digits.size() - std::max<size_t>(digits.size(), 1));
  if (text.digits.empty()) exponent = 0;
  std::memcpy(buf + n, digits.data(), digits.size());
  n += digits.size();
  buf[n++] = 'e';
  auto result = std::to_chars(buf + n, buf + sizeof(buf) - 1, exponent);
  *result.ptr = '\0';
  return std::strtod(buf, nullptr);
}

// Drops digits of `text` beyond `digits` decimal places; `round_half_up` adds one unit when the
// first dropped digit is >= 5.
double RoundDecimalText(DecimalText text, int digits, bool round_half_up) {
  int drop = -(text.exponent + digits);  // digits to remove from the right
  if (drop <= 0) return FromDecimalText(text);
  int keep = static_cast<int>(text.digits.size()) - drop;
  bool up = round_half_up && keep >= 0 && text.digits[keep] >= '5';
  std::string kept = keep > 0 ? text.digits.substr(0, keep) : "";
  if (up) {
    int k = static_cast<int>(kept.size()) - 1;
    while (k >= 0 && kept[k] == '9') kept[k--] = '0';
    if (k >= 0) {
      kept[k]++;
    } else {
      kept.insert(kept.begin(), '1');
    }
  }
  text.digits = kept;
  text.exponent = -digits;
  return FromDecimalText(text);
}

}  // namespace

int64_t Pow10(int n) { return kPow10[n]; }

Int128 Pow10Wide(int n) {
  Int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

Int128 DivideHalfUp(Int128 numerator, Int128 denominator) {
  Int128 q = numerator / denominator;
  Int128 r = numerator % denominator;
  if (r != 0) {
    Int128 abs_r = r < 0 ? -r : r;
    Int128 abs_d = denominator < 0 ? -denominator : denominator;
    if (abs_r * 2 >= abs_d) q += ((numerator < 0) != (denominator < 0)) ? -1 : 1;
  }
  return q;
}

bool Rescale(int64_t value, int from, int to, int64_t* out) {
  if (from == to) {
    *out = value;
    return true;
  }
  Int128 v;
  if (to > from) {
    if (to - from > 38) return value == 0 ? (*out = 0, true) : false;
    v = static_cast<Int128>(value) * Pow10Wide(to - from);
    // The product of an int64 and 10^19.. can exceed int128 only beyond 10^38.
  } else {
    if (from - to > 38) {
      *out = 0;
      return true;
    }
    v = DivideHalfUp(value, Pow10Wide(from - to));
  }
  if (!FitsInt64(v)) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

bool FitsPrecision(int64_t unscaled, int precision) {
  if (precision >= 19) return true;
  uint64_t magnitude = unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled) : unscaled;
  return magnitude < static_cast<uint64_t>(kPow10[precision]);
}

DecimalParse ParseDecimal(std::string_view text, int precision, int scale, int64_t* out) {
  DecimalText parsed;
  if (!SplitDecimal(text, &parsed)) return DecimalParse::kInvalid;
  return ToUnscaled(parsed, precision, scale, out);
}

DecimalParse DoubleToDecimal(double value, int precision, int scale, int64_t* out) {
  DecimalText parsed;
  if (!ShortestDecimal(value, &parsed)) return DecimalParse::kInvalid;
  return ToUnscaled(parsed, precision, scale, out);
}

double DecimalToDouble(int64_t unscaled, int scale) {
  if (scale <= 18) return static_cast<double>(unscaled) / static_cast<double>(kPow10[scale]);
  return static_cast<double>(unscaled) / std::pow(10.0, scale);
}

double RoundDouble(double value, int digits) {
  DecimalText text;
  if (!ShortestDecimal(value, &text)) return value;
  return RoundDecimalText(text, digits, /*round_half_up=*/true);
}

double TruncateDouble(double value, int digits) {
  DecimalText text;
  if (!ShortestDecimal(value, &text)) return value;
  return RoundDecimalText(text, digits, /*round_half_up=*/false);
}

}  // namespace sluice::expr
