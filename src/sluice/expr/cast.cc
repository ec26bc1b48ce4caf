// CastColumn: CAST / TRY_CAST between every pair of types Flink can cast, a batch at a time.
// Invalid input is an error naming the value (Flink 1.15+), or NULL under TRY_CAST.
#include <charconv>
#include <cmath>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"
#include "sluice/expr/decimal.h"
#include "sluice/expr/expression_evaluator.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/utf8.h"
#include "sluice/types/local_time_converter.h"
#include "sluice/types/temporal.h"
#include "sluice/types/value.h"

namespace sluice::expr {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::kMicrosPerDay;
using types::kMicrosPerSecond;
using types::PhysicalType;
using types::TypeId;

namespace {

struct CastJob {
  const Column& in;
  Column* out;
  size_t rows;
  const EvalContext& context;
  bool try_cast;

  const DataType& from() const { return in.type(); }
  const DataType& to() const { return out->type(); }
  bool IsNull(size_t row) const { return in.IsNull(row); }
};

// A row that cannot be converted: NULL under TRY_CAST, else the error.
Status Fail(const CastJob& job, size_t row, std::string_view reason) {
  if (job.try_cast) {
    job.out->SetNull(row);
    return absl::OkStatus();
  }
  std::string value;
  types::AppendFormatted(job.in, row, job.context.local_time_zone, &value);
  if (job.from().IsString()) value = absl::StrCat("'", value, "'");
  return absl::InvalidArgumentError(
      absl::StrCat("CAST(", value, " AS ", job.to().ToBaseString(), ") failed: ", ToAbsl(reason)));
}

Status Unsupported(const CastJob& job) {
  return absl::InvalidArgumentError(
      absl::StrCat("cannot cast ", job.from().ToBaseString(), " to ", job.to().ToBaseString()));
}

// A DECIMAL result beyond the target precision is NULL (Flink); beyond the int64 storage of
// precisions above 18 it is an error.
Status DecimalOutOfRange(const CastJob& job, size_t row) {
  if (job.to().precision <= 18) {
    job.out->SetNull(row);
    return absl::OkStatus();
  }
  return Fail(job, row, "value exceeds the supported DECIMAL range (18 digits)");
}

std::string_view TrimSpace(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && absl::ascii_isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && absl::ascii_isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

enum class ParseResult { kOk, kInvalid, kOutOfRange };

// Flink's string-to-integer: optional sign, digits, and an ignored fraction ("1.9" -> 1).
ParseResult ParseInteger(std::string_view s, int64_t min, int64_t max, int64_t* out) {
  s = TrimSpace(s);
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (i == s.size()) return ParseResult::kInvalid;
  Int128 value = 0;
  bool digits = false, overflow = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return ParseResult::kInvalid;
    value = value * 10 + (s[i] - '0');
    if (value > static_cast<Int128>(INT64_MAX) + 1) overflow = true, value = 0;
    digits = true;
  }
  if (i < s.size()) {  // fraction: digits only
    for (++i; i < s.size(); ++i) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return ParseResult::kInvalid;
      digits = true;
    }
  }
  if (!digits) return ParseResult::kInvalid;
  if (negative) value = -value;
  if (overflow || value < min || value > max) return ParseResult::kOutOfRange;
  *out = static_cast<int64_t>(value);
  return ParseResult::kOk;
}

bool ParseDouble(std::string_view s, double* out) {
  s = TrimSpace(s);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (!s.empty() && std::string_view("dDfF").find(s.back()) != std::string_view::npos &&
      s.size() > 1 && absl::ascii_isdigit(static_cast<unsigned char>(s[s.size() - 2]))) {
    s.remove_suffix(1);
  }
  if (s.empty()) return false;
  auto result = std::from_chars(s.data(), s.data() + s.size(), *out);
  return result.ec == std::errc() && result.ptr == s.data() + s.size();
}

// Flink's string-to-boolean words.
bool ParseBoolean(std::string_view s, bool* out) {
  s = TrimSpace(s);
  for (const char* word : {"true", "t", "yes", "y", "1"}) {
    if (EqualsIgnoreCase(s, word)) return *out = true, true;
  }
  for (const char* word : {"false", "f", "no", "n", "0"}) {
    if (EqualsIgnoreCase(s, word)) return *out = false, true;
  }
  return false;
}

// Java's narrowing of a double: NaN -> 0, saturating to int/long, then wrapping to byte/short.
template <typename D>
D JavaDoubleToIntegral(double v) {
  if (std::isnan(v)) return 0;
  if constexpr (sizeof(D) == 8) {
    if (v >= 9223372036854775807.0) return INT64_MAX;
    if (v <= -9223372036854775808.0) return INT64_MIN;
    return static_cast<int64_t>(v);
  } else {
    int32_t i;
    if (v >= 2147483647.0) {
      i = INT32_MAX;
    } else if (v <= -2147483648.0) {
      i = INT32_MIN;
    } else {
      i = static_cast<int32_t>(v);
    }
    return static_cast<D>(i);
  }
}

// Reads a numeric (or BOOLEAN) value of any physical type as S.
template <typename S, typename Fn>
void ForEachSource(const CastJob& job, Fn fn) {
  const S* in = job.in.data<S>();
  for (size_t i = 0; i < job.rows; ++i) fn(i, in[i]);
}

// --- numeric targets -------------------------------------------------------------------------

template <typename D>
Status CastToIntegral(const CastJob& job) {
  D* out = job.out->mutable_data<D>();
  const DataType& from = job.from();
  if (from.id == TypeId::kBoolean) {
    ForEachSource<uint8_t>(job, [&](size_t i, uint8_t v) { out[i] = v != 0; });
    return absl::OkStatus();
  }
  if (from.IsInteger()) {
    DispatchNumeric(job.in.physical(), [&](auto tag) {
      using S = decltype(tag);
      ForEachSource<S>(job, [&](size_t i, S v) { out[i] = static_cast<D>(v); });
    });
    return absl::OkStatus();
  }
  if (from.IsApproximate()) {
    DispatchNumeric(job.in.physical(), [&](auto tag) {
      using S = decltype(tag);
      ForEachSource<S>(
          job, [&](size_t i, S v) { out[i] = JavaDoubleToIntegral<D>(static_cast<double>(v)); });
    });
    return absl::OkStatus();
  }
  if (from.id == TypeId::kDecimal) {
    const int64_t* in = job.in.data<int64_t>();
    if (from.scale > 18) {
      for (size_t i = 0; i < job.rows; ++i) out[i] = 0;
    } else {
      const int64_t divisor = Pow10(from.scale);
      for (size_t i = 0; i < job.rows; ++i) out[i] = static_cast<D>(in[i] / divisor);
    }
    return absl::OkStatus();
  }
  if (from.IsString()) {
    const std::string_view* in = job.in.strings();
    int64_t min = std::numeric_limits<D>::min(), max = std::numeric_limits<D>::max();
    for (size_t i = 0; i < job.rows; ++i) {
      if (job.IsNull(i)) continue;
      int64_t v;
      ParseResult r = ParseInteger(in[i], min, max, &v);
      if (r == ParseResult::kOk) {
        out[i] = static_cast<D>(v);
      } else {
        SLUICE_RETURN_IF_ERROR(
            Fail(job, i, r == ParseResult::kInvalid ? "not a valid number" : "value out of range"));
      }
    }
    return absl::OkStatus();
  }
  if (from.IsTimestamp()) {  // epoch seconds
    const int64_t* in = job.in.data<int64_t>();
    for (size_t i = 0; i < job.rows; ++i) {
      out[i] = static_cast<D>(types::FloorDiv(in[i], kMicrosPerSecond));
    }
    return absl::OkStatus();
  }
  if (from.id == TypeId::kIntervalYearMonth) {  // months
    const int32_t* in = job.in.data<int32_t>();
    for (size_t i = 0; i < job.rows; ++i) out[i] = static_cast<D>(in[i]);
    return absl::OkStatus();
  }
  if (from.id == TypeId::kIntervalDayTime) {  // milliseconds, Flink's internal unit
    const int64_t* in = job.in.data<int64_t>();
    for (size_t i = 0; i < job.rows; ++i) out[i] = static_cast<D>(in[i] / 1000);
    return absl::OkStatus();
  }
  return Unsupported(job);
}

template <typename D>
Status CastToApproximate(const CastJob& job) {
  D* out = job.out->mutable_data<D>();
  const DataType& from = job.from();
  if (from.id == TypeId::kBoolean) {
    ForEachSource<uint8_t>(job, [&](size_t i, uint8_t v) { out[i] = v != 0; });
    return absl::OkStatus();
  }
  if (from.IsInteger() || from.IsApproximate()) {
    DispatchNumeric(job.in.physical(), [&](auto tag) {
      using S = decltype(tag);
      ForEachSource<S>(job, [&](size_t i, S v) { out[i] = static_cast<D>(v); });
    });
    return absl::OkStatus();
  }
  if (from.id == TypeId::kDecimal) {
    const int64_t* in = job.in.data<int64_t>();
    for (size_t i = 0; i < job.rows; ++i) {
      out[i] = static_cast<D>(DecimalToDouble(in[i], from.scale));
    }
    return absl::OkStatus();
  }
  if (from.IsString()) {
    const std::string_view* in = job.in.strings();
    for (size_t i = 0; i < job.rows; ++i) {
      if (job.IsNull(i)) continue;
      double v;
      if (ParseDouble(in[i], &v)) {
        out[i] = static_cast<D>(v);
      } else {
        SLUICE_RETURN_IF_ERROR(Fail(job, i, "not a valid number"));
      }
    }
    return absl::OkStatus();
  }
  return Unsupported(job);
}

Status CastToDecimal(const CastJob& job) {
  int64_t* out = job.out->mutable_data<int64_t>();
  const DataType& from = job.from();
  const int precision = job.to().precision, scale = job.to().scale;
  auto store = [&](size_t i, Int128 v) -> Status {
    if (!FitsInt64(v) || !FitsPrecision(static_cast<int64_t>(v), precision)) {
      return DecimalOutOfRange(job, i);
    }
    out[i] = static_cast<int64_t>(v);
    return absl::OkStatus();
  };
  if (from.id == TypeId::kBoolean || from.IsInteger()) {
    const Int128 factor = Pow10Wide(std::min(scale, 38));
    Status status;
    DispatchNumeric(from.id == TypeId::kBoolean ? PhysicalType::kInt8 : job.in.physical(),
                    [&](auto tag) {
                      using S = decltype(tag);
                      const S* in = job.in.data<S>();
                      for (size_t i = 0; i < job.rows && status.ok(); ++i) {
                        if (job.IsNull(i)) continue;
                        status = store(i, static_cast<Int128>(in[i]) * factor);
                      }
                    });
    return status;
  }
  if (from.id == TypeId::kDecimal) {
    const int64_t* in = job.in.data<int64_t>();
    for (size_t i = 0; i < job.rows; ++i) {
      if (job.IsNull(i)) continue;
      int64_t v;
      if (!Rescale(in[i], from.scale, scale, &v) || !FitsPrecision(v, precision)) {
        SLUICE_RETURN_IF_ERROR(DecimalOutOfRange(job, i));
        continue;
      }
      out[i] = v;
    }
    return absl::OkStatus();
  }
  auto convert = [&](size_t i, DecimalParse result, int64_t v) -> Status {
    if (result == DecimalParse::kOk) {
      out[i] = v;
      return absl::OkStatus();
    }
    if (result == DecimalParse::kOverflow) return DecimalOutOfRange(job, i);
    return Fail(job, i, "not a valid number");
  };
  if (from.IsApproximate()) {
    Status status;
    DispatchNumeric(job.in.physical(), [&](auto tag) {
      using S = decltype(tag);
      const S* in = job.in.data<S>();
      for (size_t i = 0; i < job.rows && status.ok(); ++i) {
        if (job.IsNull(i)) continue;
        int64_t v = 0;
        DecimalParse parsed = DoubleToDecimal(static_cast<double>(in[i]), precision, scale, &v);
        status = convert(i, parsed, v);
      }
    });
    return status;
  }
  if (from.IsString()) {
    const std::string_view* in = job.in.strings();
    for (size_t i = 0; i < job.rows; ++i) {
      if (job.IsNull(i)) continue;
      int64_t v = 0;
      DecimalParse parsed = ParseDecimal(in[i], precision, scale, &v);
      SLUICE_RETURN_IF_ERROR(convert(i, parsed, v));
    }
    return absl::OkStatus();
  }
  return Unsupported(job);
}

Status CastToBoolean(const CastJob& job) {
  uint8_t* out = job.out->mutable_data<uint8_t>();
  const DataType& from = job.from();
  if (from.id == TypeId::kBoolean || from.IsNumeric()) {
    DispatchNumeric(from.id == TypeId::kBoolean ? PhysicalType::kInt8 : job.in.physical(),
                    [&](auto tag) {
                      using S = decltype(tag);
                      ForEachSource<S>(job, [&](size_t i, S v) { out[i] = v != 0; });
                    });
    return absl::OkStatus();
  }
  if (from.IsString()) {
    const std::string_view* in = job.in.strings();
    for (size_t i = 0; i < job.rows; ++i) {
      if (job.IsNull(i)) continue;
      bool v;
      if (ParseBoolean(in[i], &v)) {
        out[i] = v;
      } else {
        SLUICE_RETURN_IF_ERROR(Fail(job, i, "not a valid BOOLEAN"));
      }
    }
    return absl::OkStatus();
  }
  return Unsupported(job);
}

// --- strings -----------------------------------------------------------------------------------

// `value` fitted to CHAR(n) (space padded) or VARCHAR(n) (truncated), as Flink 1.15+ casts.
std::string_view FitLength(std::string_view value, const DataType& to, std::string* buffer) {
  if (to.length >= types::kMaxLength) return value;
  size_t length = static_cast<size_t>(to.length);
  if (value.size() > length) {  // bytes > n: may have more than n code points
    size_t cut = CodePointOffset(value, length);
    if (cut < value.size()) value = value.substr(0, cut);
  }
  if (to.id == TypeId::kChar || to.id == TypeId::kBinary) {
    size_t points = to.id == TypeId::kChar ? CodePointCount(value) : value.size();
    if (points < length) {
      buffer->assign(value.data(), value.size());
      buffer->append(length - points, to.id == TypeId::kChar ? ' ' : '\0');
      return *buffer;
    }
  }
  return value;
}

Status CastToString(const CastJob& job) {
  std::string_view* out = job.out->mutable_strings();
  const DataType& from = job.from();
  const DataType& to = job.to();
  std::string buffer, padded;
  if (from.IsString() || from.IsBinary()) {
    job.out->ShareArenasOf(job.in);
    const std::string_view* in = job.in.strings();
    for (size_t i = 0; i < job.rows; ++i) {
      std::string_view v = FitLength(in[i], to, &padded);
      out[i] = v.data() == padded.data() ? job.out->CopyString(v) : v;
    }
    return absl::OkStatus();
  }
  for (size_t i = 0; i < job.rows; ++i) {
    if (job.IsNull(i)) continue;
    buffer.clear();
    types::AppendFormatted(job.in, i, job.context.local_time_zone, &buffer);
    out[i] = job.out->CopyString(FitLength(buffer, to, &padded));
  }
  return absl::OkStatus();
}

// --- temporal targets --------------------------------------------------------------------------

int64_t TruncateMicros(int64_t micros, int precision) {
  if (precision >= 6) return micros;
  int64_t unit = Pow10(6 - precision);
  return types::FloorDiv(micros, unit) * unit;
}

// Parses a string into a wall-clock timestamp; DATE strings give midnight.
bool ParseWallClock(std::string_view s, int64_t* micros) {
  return types::ParseTimestamp(TrimSpace(s), micros);
}

template <typename Fn>
Status ForEachStringRow(const CastJob& job, const char* what, Fn parse) {
  const std::string_view* in = job.in.strings();
  for (size_t i = 0; i < job.rows; ++i) {
    if (job.IsNull(i)) continue;
    if (!parse(i, in[i])) SLUICE_RETURN_IF_ERROR(Fail(job, i, what));
  }
  return absl::OkStatus();
}

Status CastToDate(const CastJob& job) {
  int32_t* out = job.out->mutable_data<int32_t>();
  const DataType& from = job.from();
  const absl::TimeZone& zone = job.context.local_time_zone;
  if (from.IsString()) {
    return ForEachStringRow(job, "not a valid DATE", [&](size_t i, std::string_view s) {
      int64_t micros;
      if (!ParseWallClock(s, &micros)) return false;
      out[i] = static_cast<int32_t>(types::FloorDiv(micros, kMicrosPerDay));
      return true;
    });
  }
  if (from.IsTimestamp()) {
    const int64_t* in = job.in.data<int64_t>();
    bool ltz = from.id == TypeId::kTimestampLtz;
    types::LocalTimeConverter converter(zone);
    for (size_t i = 0; i < job.rows; ++i) {
      int64_t local = ltz && !job.IsNull(i) ? converter.ToLocal(in[i]) : in[i];
      out[i] = static_cast<int32_t>(types::FloorDiv(local, kMicrosPerDay));
    }
    return absl::OkStatus();
  }
  return Unsupported(job);
}

Status CastToTime(const CastJob& job) {
  int64_t* out = job.out->mutable_data<int64_t>();
  const DataType& from = job.from();
  const int precision = job.to().precision;
  if (from.IsString()) {
    return ForEachStringRow(job, "not a valid TIME", [&](size_t i, std::string_view s) {
      int64_t micros;
      if (!types::ParseTime(TrimSpace(s), &micros)) return false;
      out[i] = TruncateMicros(micros, precision);
      return true;
    });
  }
  if (from.IsTimestamp() || from.id == TypeId::kTime) {
    const int64_t* in = job.in.data<int64_t>();
    bool ltz = from.id == TypeId::kTimestampLtz;
    types::LocalTimeConverter converter(job.context.local_time_zone);
    for (size_t i = 0; i < job.rows; ++i) {
      int64_t v = ltz && !job.IsNull(i) ? converter.ToLocal(in[i]) : in[i];
      out[i] = TruncateMicros(types::FloorMod(v, kMicrosPerDay), precision);
    }
    return absl::OkStatus();
  }
  return Unsupported(job);
}

// TIMESTAMP (wall clock) and TIMESTAMP_LTZ (instant) targets.
Status CastToTimestamp(const CastJob& job) {
  int64_t* out = job.out->mutable_data<int64_t>();
  const DataType& from = job.from();
  const int precision = job.to().precision;
  const bool to_ltz = job.to().id == TypeId::kTimestampLtz;
  const absl::TimeZone& zone = job.context.local_time_zone;
  // Wall-clock micros to the target representation.
  auto from_local = [&](int64_t local) {
    return TruncateMicros(to_ltz ? types::LocalToInstant(local, zone) : local, precision);
  };
  if (from.IsString()) {
    return ForEachStringRow(job, "not a valid TIMESTAMP", [&](size_t i, std::string_view s) {
      int64_t micros;
      if (!ParseWallClock(s, &micros)) return false;
      out[i] = from_local(micros);
      return true;
    });
  }
  const bool null_rows = job.in.has_nulls();
  if (from.id == TypeId::kDate) {
    const int32_t* in = job.in.data<int32_t>();
    for (size_t i = 0; i < job.rows; ++i) {
      if (null_rows && job.IsNull(i)) continue;
      out[i] = from_local(static_cast<int64_t>(in[i]) * kMicrosPerDay);
    }
    return absl::OkStatus();
  }
  if (from.IsTimestamp() || from.id == TypeId::kTime) {
    const int64_t* in = job.in.data<int64_t>();
    const bool from_ltz = from.id == TypeId::kTimestampLtz;
    types::LocalTimeConverter converter(zone);
    for (size_t i = 0; i < job.rows; ++i) {
      if (null_rows && job.IsNull(i)) continue;
      if (from_ltz == to_ltz) {
        out[i] = TruncateMicros(in[i], precision);
      } else if (from_ltz) {
        out[i] = TruncateMicros(converter.ToLocal(in[i]), precision);
      } else {
        out[i] = from_local(in[i]);
      }
    }
    return absl::OkStatus();
  }
  if (from.IsInteger()) {  // epoch seconds (an instant, shown as UTC wall clock for TIMESTAMP)
    DispatchNumeric(job.in.physical(), [&](auto tag) {
      using S = decltype(tag);
      ForEachSource<S>(job, [&](size_t i, S v) {
        out[i] = WrapMul<int64_t>(static_cast<int64_t>(v), kMicrosPerSecond);
      });
    });
    return absl::OkStatus();
  }
  return Unsupported(job);
}

Status CastToInterval(const CastJob& job) {
  if (job.from().id != job.to().id) return Unsupported(job);
  job.out->Resize(0);
  job.out->AppendRange(job.in, 0, job.rows);
  return absl::OkStatus();
}

Status RunCast(const CastJob& job) {
  switch (job.to().id) {
    case TypeId::kBoolean:
      return CastToBoolean(job);
    case TypeId::kTinyInt:
      return CastToIntegral<int8_t>(job);
    case TypeId::kSmallInt:
      return CastToIntegral<int16_t>(job);
    case TypeId::kInt:
      return CastToIntegral<int32_t>(job);
    case TypeId::kBigInt:
      return CastToIntegral<int64_t>(job);
    case TypeId::kFloat:
      return CastToApproximate<float>(job);
    case TypeId::kDouble:
      return CastToApproximate<double>(job);
    case TypeId::kDecimal:
      return CastToDecimal(job);
    case TypeId::kChar:
    case TypeId::kVarchar:
    case TypeId::kBinary:
    case TypeId::kVarbinary:
      if (job.to().IsBinary() && !job.from().IsString() && !job.from().IsBinary()) {
        return Unsupported(job);
      }
      return CastToString(job);
    case TypeId::kDate:
      return CastToDate(job);
    case TypeId::kTime:
      return CastToTime(job);
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      return CastToTimestamp(job);
    case TypeId::kIntervalDayTime:
    case TypeId::kIntervalYearMonth:
      return CastToInterval(job);
    case TypeId::kNull:
      break;
  }
  return Unsupported(job);
}

}  // namespace

StatusOr<ColumnPtr> CastColumn(const Column& input, const DataType& type,
                               const EvalContext& context, bool try_cast) {
  const size_t rows = input.size();
  ColumnPtr out = types::MakeColumn(type);
  out->Resize(rows);
  if (rows == 0) return out;
  if (input.type().id == TypeId::kNull) {
    std::memset(out->mutable_nulls(), 1, rows);
    return out;
  }
  if (input.has_nulls()) std::memcpy(out->mutable_nulls(), input.nulls(), rows);
  CastJob job{input, out.get(), rows, context, try_cast};
  SLUICE_RETURN_IF_ERROR(RunCast(job));
  return out;
}

}  // namespace sluice::expr
