// Conversions between datetimes, epoch numbers and formatted text: DATE_FORMAT, TO_TIMESTAMP,
// TO_TIMESTAMP_LTZ, TO_DATE, UNIX_TIMESTAMP, FROM_UNIXTIME and CONVERT_TZ. Date patterns use Java
// letters (see date_time_format.h) and are compiled once per pattern, not per row.
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/date_time_format.h"
#include "sluice/expr/decimal.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/pattern_cache.h"
#include "sluice/expr/type_rules.h"
#include "sluice/types/temporal.h"

namespace sluice::expr {

using types::Column;
using types::DataType;
using types::FloorDiv;
using types::kMicrosPerDay;
using types::kMicrosPerSecond;
using types::TypeId;

namespace {

using FormatCache = PatternCache<DateTimeFormat, DateTimeFormat::CompileShared>;

constexpr std::string_view kDefaultFormat = "yyyy-MM-dd HH:mm:ss";

int OffsetSeconds(int64_t utc_micros, const absl::TimeZone& zone) {
  return zone.At(absl::FromUnixMicros(utc_micros)).offset;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && absl::ascii_isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && absl::ascii_isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

template <typename Fn>
Status ForValidRows(const Column* out, size_t rows, Fn fn) {
  const uint8_t* nulls = out->nulls();
  for (size_t i = 0; i < rows; ++i) {
    if (!RowIsNull(nulls, i)) SLUICE_RETURN_IF_ERROR(fn(i));
  }
  return absl::OkStatus();
}

// --- DATE_FORMAT -------------------------------------------------------------------------------

StatusOr<DataType> ResolveDateFormat(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(TIMESTAMP, STRING) or (STRING, STRING)";
  if (args->size() != 2) return SignatureError(kExpected);
  DataType& x = (*args)[0];
  bool from_string = x.IsString();
  if (IsNullType(x) || x.id == TypeId::kDate) {
    x = CastTarget(DataType::Timestamp(3), x);
  } else if (!x.IsTimestamp() && !from_string) {
    return SignatureError(kExpected);
  }
  DataType& format = (*args)[1];
  if (!IsNullType(format) && !format.IsString()) return SignatureError(kExpected);
  if (IsNullType(format)) format = DataType::String().WithNullable(true);
  // Text input that does not parse gives NULL.
  return DataType::String().WithNullable(from_string || AnyNullable(*args));
}

Status DateFormatKernel(const KernelArgs& args, Column* out) {
  const Column& x = *args.columns[0];
  const std::string_view* format = args.columns[1]->strings();
  const absl::TimeZone& zone = args.context.local_time_zone;
  const TypeId id = x.type().id;
  FormatCache cache, input_cache;
  std::string buffer;
  std::string_view* r = out->mutable_strings();
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    SLUICE_ASSIGN_OR_RETURN(const DateTimeFormat* f, cache.Get(format[i]));
    int64_t local;
    int offset = 0;
    if (id == TypeId::kTimestampLtz) {
      int64_t instant = x.data<int64_t>()[i];
      local = types::InstantToLocal(instant, zone);
      offset = OffsetSeconds(instant, zone);
    } else if (id == TypeId::kTimestamp) {
      local = x.data<int64_t>()[i];
    } else {
      SLUICE_ASSIGN_OR_RETURN(const DateTimeFormat* in, input_cache.Get(kDefaultFormat));
      if (!in->Parse(x.strings()[i], /*allow_trailing=*/true, &local)) {
        out->SetNull(i);
        return absl::OkStatus();
      }
      offset = OffsetSeconds(types::LocalToInstant(local, zone), zone);
    }
    buffer.clear();
    f->Format(local, offset, &buffer);
    r[i] = out->CopyString(buffer);
    return absl::OkStatus();
  });
}

// --- TO_TIMESTAMP / TO_DATE ----------------------------------------------------------------------

StatusOr<DataType> ResolveToTimestamp(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString}, 1));
  return DataType::Timestamp(3).WithNullable(true);  // NULL when the text does not parse
}

// Parses wall-clock text: with `format` as DateTimeFormatter would, falling back to the
// 'yyyy-[M]M-[d]d[ HH:mm:ss[.fff]]' forms java.sql.Timestamp accepts.
bool ParseWithFallback(const DateTimeFormat* format, std::string_view text, int64_t* micros) {
  if (format != nullptr && format->Parse(text, /*allow_trailing=*/false, micros)) return true;
  return types::ParseTimestamp(Trim(text), micros);
}

Status ToTimestampKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* format = args.columns.size() > 1 ? args.columns[1]->strings() : nullptr;
  int64_t* r = out->mutable_data<int64_t>();
  FormatCache cache;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    const DateTimeFormat* f = nullptr;
    if (format != nullptr) {
      SLUICE_ASSIGN_OR_RETURN(f, cache.Get(format[i]));
    }
    int64_t micros;
    if (!ParseWithFallback(f, s[i], &micros)) {
      out->SetNull(i);
    } else {
      r[i] = FloorDiv(micros, 1000) * 1000;  // TIMESTAMP(3)
    }
    return absl::OkStatus();
  });
}

StatusOr<DataType> ResolveToDate(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString}, 1));
  return DataType::Date().WithNullable(true);  // NULL when the text does not parse
}

// Flink's lenient DateTimeUtils.parseDate: text before a space, "yyyy[-M[-d]]".
bool ParseLenientDate(std::string_view text, int32_t* days) {
  size_t space = text.find(' ');
  if (space != std::string_view::npos && space > 0) text = text.substr(0, space);
  int64_t parts[3] = {0, 1, 1};
  int count = 0;
  for (size_t pos = 0; count < 3;) {
    size_t dash = text.find('-', pos);
    std::string_view part =
        Trim(text.substr(pos, dash == std::string_view::npos ? dash : dash - pos));
    if (part.empty() || part.size() > 9) return false;
    int64_t v = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    parts[count++] = v;
    if (dash == std::string_view::npos) break;
    pos = dash + 1;
    if (count == 3) return false;
  }
  int64_t y = parts[0], m = parts[1], d = parts[2];
  if (y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] || (m == 2 && d == 29 && !leap)) return false;
  *days = types::DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

Status ToDateKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* format = args.columns.size() > 1 ? args.columns[1]->strings() : nullptr;
  int32_t* r = out->mutable_data<int32_t>();
  FormatCache cache;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    bool ok;
    if (format != nullptr) {
      SLUICE_ASSIGN_OR_RETURN(const DateTimeFormat* f, cache.Get(format[i]));
      int64_t micros;
      ok = f->Parse(s[i], /*allow_trailing=*/true, &micros);
      if (ok) r[i] = static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay));
    } else {
      ok = ParseLenientDate(s[i], &r[i]);
    }
    if (!ok) out->SetNull(i);
    return absl::OkStatus();
  });
}

// --- TO_TIMESTAMP_LTZ --------------------------------------------------------------------------

// TO_TIMESTAMP_LTZ(numeric[, precision 0 | 3]) or TO_TIMESTAMP_LTZ(string[, format[, zone]]).
StatusOr<DataType> ResolveToTimestampLtz(std::vector<DataType>* args) {
  constexpr const char* kExpected =
      "(NUMERIC[, INTEGER precision]) or (STRING[, STRING format[, STRING zone]])";
  if (args->empty() || args->size() > 3) return SignatureError(kExpected);
  DataType& x = (*args)[0];
  if (x.IsString()) {
    SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kString}, 1));
    return DataType::TimestampLtz(3).WithNullable(true);  // NULL when the text does not parse
  }
  if (IsNullType(x)) x = DataType::BigInt().WithNullable(true);
  if (!x.IsNumeric() || args->size() > 2) return SignatureError(kExpected);
  if (x.IsInteger()) x = CastTarget(DataType::BigInt(), x);
  if (x.IsApproximate()) x = CastTarget(DataType::Double(), x);
  if (args->size() == 2) {
    DataType& precision = (*args)[1];
    if (!IsNullType(precision) && !precision.IsInteger()) return SignatureError(kExpected);
    precision = CastTarget(DataType::Int(), precision);
  }
  return NullableIfAny(DataType::TimestampLtz(3), *args);
}

Status UnsupportedLtzPrecision(int64_t precision) {
  return absl::InvalidArgumentError(absl::StrCat(
      "The precision value '", precision,
      "' for function TO_TIMESTAMP_LTZ(numeric, precision) is unsupported, the supported value "
      "is '0' for second or '3' for millisecond."));
}

Status ToTimestampLtzKernel(const KernelArgs& args, Column* out) {
  const Column& x = *args.columns[0];
  int64_t* r = out->mutable_data<int64_t>();
  const absl::TimeZone& session_zone = args.context.local_time_zone;
  if (x.type().IsString()) {
    const std::string_view* format = args.columns.size() > 1 ? args.columns[1]->strings() : nullptr;
    const std::string_view* zone_name =
        args.columns.size() > 2 ? args.columns[2]->strings() : nullptr;
    FormatCache cache;
    std::string last_zone_name;
    absl::TimeZone zone = session_zone;
    return ForValidRows(out, args.rows, [&](size_t i) -> Status {
      if (zone_name != nullptr && zone_name[i] != last_zone_name) {
        last_zone_name.assign(zone_name[i]);
        if (!types::LoadZone(last_zone_name, &zone)) {
          return absl::InvalidArgumentError(
              absl::StrCat("unknown time zone '", last_zone_name, "'"));
        }
      }
      const DateTimeFormat* f = nullptr;
      if (format != nullptr) {
        SLUICE_ASSIGN_OR_RETURN(f, cache.Get(format[i]));
      }
      int64_t local;
      if (!ParseWithFallback(f, x.strings()[i], &local)) {
        out->SetNull(i);
      } else {
        r[i] = FloorDiv(types::LocalToInstant(local, zone), 1000) * 1000;
      }
      return absl::OkStatus();
    });
  }
  const int32_t* precision = args.columns.size() > 1 ? args.columns[1]->data<int32_t>() : nullptr;
  const DataType& t = x.type();
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    int64_t p = precision != nullptr ? precision[i] : 3;
    if (p != 0 && p != 3) return UnsupportedLtzPrecision(p);
    int64_t millis;
    if (t.id == TypeId::kDouble) {
      double v = x.data<double>()[i] * (p == 0 ? 1000.0 : 1.0);
      if (!std::isfinite(v) || std::fabs(v) > 9.2e15)
        return void(out->SetNull(i)), absl::OkStatus();
      millis = static_cast<int64_t>(v);
    } else {
      int64_t v = x.data<int64_t>()[i];
      if (t.id == TypeId::kDecimal) v = t.scale <= 18 ? v / Pow10(t.scale) : 0;
      if (p == 0 && __builtin_mul_overflow(v, int64_t{1000}, &v)) {
        return void(out->SetNull(i)), absl::OkStatus();
      }
      millis = v;
    }
    if (__builtin_mul_overflow(millis, int64_t{1000}, &r[i])) out->SetNull(i);
    return absl::OkStatus();
  });
}

// --- UNIX_TIMESTAMP / FROM_UNIXTIME ------------------------------------------------------------

StatusOr<DataType> ResolveUnixTimestamp(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString}, 0));
  return args->empty() ? DataType::BigInt().WithNullable(false)
                       : NullableIfAny(DataType::BigInt(), *args);
}

// UNIX_TIMESTAMP(): the batch clock in seconds. UNIX_TIMESTAMP(text[, format]): the text as
// wall-clock time in the session zone, in epoch seconds; Long.MIN_VALUE when it does not parse
// (Flink's DateTimeUtils.unixTimestamp).
Status UnixTimestampKernel(const KernelArgs& args, Column* out) {
  int64_t* r = out->mutable_data<int64_t>();
  const absl::TimeZone& zone = args.context.local_time_zone;
  if (args.columns.empty()) {
    std::fill_n(r, args.rows, FloorDiv(args.context.current_timestamp_micros, kMicrosPerSecond));
    return absl::OkStatus();
  }
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* format = args.columns.size() > 1 ? args.columns[1]->strings() : nullptr;
  FormatCache cache;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    SLUICE_ASSIGN_OR_RETURN(const DateTimeFormat* f,
                            cache.Get(format != nullptr ? format[i] : kDefaultFormat));
    int64_t local;
    r[i] = f->Parse(s[i], /*allow_trailing=*/true, &local)
               ? FloorDiv(types::LocalToInstant(local, zone), kMicrosPerSecond)
               : INT64_MIN;
    return absl::OkStatus();
  });
}

StatusOr<DataType> ResolveFromUnixtime(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kNumeric, Param::kString}, 1));
  DataType& seconds = (*args)[0];
  seconds = CastTarget(DataType::BigInt(), seconds);
  return NullableIfAny(DataType::String(), *args);
}

// FROM_UNIXTIME(seconds[, format]): the instant rendered in the session zone.
Status FromUnixtimeKernel(const KernelArgs& args, Column* out) {
  const int64_t* seconds = args.columns[0]->data<int64_t>();
  const std::string_view* format = args.columns.size() > 1 ? args.columns[1]->strings() : nullptr;
  const absl::TimeZone& zone = args.context.local_time_zone;
  std::string_view* r = out->mutable_strings();
  FormatCache cache;
  std::string buffer;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    SLUICE_ASSIGN_OR_RETURN(const DateTimeFormat* f,
                            cache.Get(format != nullptr ? format[i] : kDefaultFormat));
    int64_t instant = WrapMul(seconds[i], kMicrosPerSecond);
    buffer.clear();
    f->Format(types::InstantToLocal(instant, zone), OffsetSeconds(instant, zone), &buffer);
    r[i] = out->CopyString(buffer);
    return absl::OkStatus();
  });
}

// --- CONVERT_TZ --------------------------------------------------------------------------------

StatusOr<DataType> ResolveConvertTz(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kString, Param::kString, Param::kString}, 3));
  return DataType::String().WithNullable(true);  // NULL when the text does not parse
}

// CONVERT_TZ('yyyy-MM-dd HH:mm:ss', from_zone, to_zone).
Status ConvertTzKernel(const KernelArgs& args, Column* out) {
  const std::string_view* s = args.columns[0]->strings();
  const std::string_view* from = args.columns[1]->strings();
  const std::string_view* to = args.columns[2]->strings();
  std::string_view* r = out->mutable_strings();
  FormatCache cache;
  std::string buffer, from_name, to_name;
  absl::TimeZone from_zone, to_zone;
  bool loaded = false;
  return ForValidRows(out, args.rows, [&](size_t i) -> Status {
    if (!loaded || from[i] != from_name || to[i] != to_name) {
      from_name.assign(from[i]);
      to_name.assign(to[i]);
      for (const std::string* name : {&from_name, &to_name}) {
        if (!types::LoadZone(*name, name == &from_name ? &from_zone : &to_zone)) {
          return absl::InvalidArgumentError(absl::StrCat("unknown time zone '", *name, "'"));
        }
      }
      loaded = true;
    }
    SLUICE_ASSIGN_OR_RETURN(const DateTimeFormat* f, cache.Get(kDefaultFormat));
    int64_t local;
    if (!f->Parse(s[i], /*allow_trailing=*/true, &local)) {
      out->SetNull(i);
      return absl::OkStatus();
    }
    int64_t instant = types::LocalToInstant(local, from_zone);
    buffer.clear();
    f->Format(types::InstantToLocal(instant, to_zone), OffsetSeconds(instant, to_zone), &buffer);
    r[i] = out->CopyString(buffer);
    return absl::OkStatus();
  });
}

}  // namespace

void RegisterTimeConversionFunctions(std::vector<ScalarFunction>* out) {
  out->push_back({.name = "DATE_FORMAT", .resolve = ResolveDateFormat, .kernel = DateFormatKernel});
  out->push_back(
      {.name = "TO_TIMESTAMP", .resolve = ResolveToTimestamp, .kernel = ToTimestampKernel});
  out->push_back({.name = "TO_TIMESTAMP_LTZ",
                  .resolve = ResolveToTimestampLtz,
                  .kernel = ToTimestampLtzKernel});
  out->push_back({.name = "TO_DATE", .resolve = ResolveToDate, .kernel = ToDateKernel});
  out->push_back({.name = "UNIX_TIMESTAMP",
                  .resolve = ResolveUnixTimestamp,
                  .kernel = UnixTimestampKernel,
                  .deterministic = false});
  out->push_back(
      {.name = "FROM_UNIXTIME", .resolve = ResolveFromUnixtime, .kernel = FromUnixtimeKernel});
  out->push_back({.name = "CONVERT_TZ", .resolve = ResolveConvertTz, .kernel = ConvertTzKernel});
}

}  // namespace sluice::expr
