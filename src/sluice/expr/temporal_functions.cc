// Datetime fields and arithmetic: EXTRACT and its shorthands (YEAR, MONTH, HOUR, ...),
// TIMESTAMPADD, TIMESTAMPDIFF, and the clock functions (CURRENT_TIMESTAMP / NOW, CURRENT_DATE,
// CURRENT_TIME, LOCALTIME, LOCALTIMESTAMP, PROCTIME) read from EvalContext. TIMESTAMP_LTZ values
// are seen as wall-clock time in the session zone.
#include "absl/strings/str_cat.h"
#include "sluice/types/local_time_converter.h"
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/calendar.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/type_rules.h"
#include "sluice/types/temporal.h"

namespace sluice::expr {

using types::Column;
using types::DataType;
using types::FloorDiv;
using types::kMicrosPerDay;
using types::kMicrosPerHour;
using types::kMicrosPerMinute;
using types::kMicrosPerSecond;
using types::TypeId;

namespace {

constexpr bool IsTimeOfDayUnit(TimeUnit u) {
  return u == TimeUnit::kHour || u == TimeUnit::kMinute || u == TimeUnit::kSecond ||
         u == TimeUnit::kMillisecond || u == TimeUnit::kMicrosecond;
}

// Whether EXTRACT(unit FROM t) is defined.
bool CanExtract(TimeUnit unit, const DataType& t) {
  switch (t.id) {
    case TypeId::kDate:
      return !IsTimeOfDayUnit(unit);
    case TypeId::kTime:
      return IsTimeOfDayUnit(unit);
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      return true;
    case TypeId::kIntervalDayTime:
      return unit == TimeUnit::kDay || IsTimeOfDayUnit(unit) || unit == TimeUnit::kEpoch;
    case TypeId::kIntervalYearMonth:
      return unit == TimeUnit::kYear || unit == TimeUnit::kMonth || unit == TimeUnit::kQuarter;
    default:
      return false;
  }
}

int64_t ExtractFromInterval(TimeUnit unit, const DataType& t, int64_t v) {
  if (t.id == TypeId::kIntervalYearMonth) {
    if (unit == TimeUnit::kYear) return v / 12;
    if (unit == TimeUnit::kQuarter) return v % 12 / 3 + 1;
    return v % 12;
  }
  switch (unit) {
    case TimeUnit::kDay:
      return v / kMicrosPerDay;
    case TimeUnit::kHour:
      return v / kMicrosPerHour % 24;
    case TimeUnit::kMinute:
      return v / kMicrosPerMinute % 60;
    case TimeUnit::kSecond:
      return v / kMicrosPerSecond % 60;
    case TimeUnit::kMillisecond:
      return v / 1000 % 1000;
    case TimeUnit::kMicrosecond:
      return v % kMicrosPerSecond;
    default:  // EPOCH
      return v / kMicrosPerSecond;
  }
}

void ExtractColumn(TimeUnit unit, const Column& in, size_t rows, const absl::TimeZone& zone,
                   Column* out) {
  int64_t* r = out->mutable_data<int64_t>();
  const uint8_t* nulls = out->nulls();
  const DataType& t = in.type();
  types::LocalTimeConverter converter(zone);
  for (size_t i = 0; i < rows; ++i) {
    if (RowIsNull(nulls, i)) continue;
    switch (t.id) {
      case TypeId::kDate:
        r[i] = ExtractFromDate(unit, in.data<int32_t>()[i]);
        break;
      case TypeId::kTime:
      case TypeId::kTimestamp:
        r[i] = ExtractFromTimestamp(unit, in.data<int64_t>()[i]);
        break;
      case TypeId::kTimestampLtz: {
        int64_t v = in.data<int64_t>()[i];
        r[i] = unit == TimeUnit::kEpoch
                   ? FloorDiv(v, kMicrosPerSecond)
                   : ExtractFromTimestamp(unit, converter.ToLocal(v));
        break;
      }
      case TypeId::kIntervalYearMonth:
        r[i] = ExtractFromInterval(unit, t, in.data<int32_t>()[i]);
        break;
      default:
        r[i] = ExtractFromInterval(unit, t, in.data<int64_t>()[i]);
        break;
    }
  }
}

bool UnitLiteral(const ExprPtr& arg, TimeUnit* unit) {
  return arg->IsLiteral() && arg->literal.is_string() &&
         ParseTimeUnit(arg->literal.as_string(), unit);
}

// EXTRACT(unit, x) with unit a literal such as 'YEAR'.
StatusOr<DataType> ResolveExtract(const std::vector<ExprPtr>& args, std::vector<DataType>* types) {
  constexpr const char* kExpected = "(unit literal, DATETIME or INTERVAL)";
  TimeUnit unit;
  if (args.size() != 2 || !UnitLiteral(args[0], &unit)) return SignatureError(kExpected);
  const DataType& t = (*types)[1];
  if (IsNullType(t)) {
    (*types)[1] = DataType::Timestamp(3).WithNullable(true);
  } else if (!CanExtract(unit, t)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot EXTRACT ", args[0]->literal.as_string(), " from ", t.ToBaseString()));
  }
  return DataType::BigInt().WithNullable((*types)[1].nullable);
}

Status ExtractKernel(const KernelArgs& args, Column* out) {
  TimeUnit unit = TimeUnit::kYear;
  ParseTimeUnit(args.columns[0]->strings()[0], &unit);
  ExtractColumn(unit, *args.columns[1], args.rows, args.context.local_time_zone, out);
  return absl::OkStatus();
}

// YEAR(x), MONTH(x), HOUR(x), ...: EXTRACT with a fixed unit.
template <TimeUnit kUnit>
StatusOr<DataType> ResolveField(std::vector<DataType>* args) {
  constexpr const char* kExpected =
      IsTimeOfDayUnit(kUnit) ? "(TIMESTAMP or TIME)" : "(DATE or TIMESTAMP)";
  if (args->size() != 1) return SignatureError(kExpected);
  DataType& t = (*args)[0];
  if (IsNullType(t)) t = DataType::Timestamp(3).WithNullable(true);
  if (!t.IsTemporal() || !CanExtract(kUnit, t)) return SignatureError(kExpected);
  return DataType::BigInt().WithNullable(t.nullable);
}

template <TimeUnit kUnit>
Status FieldKernel(const KernelArgs& args, Column* out) {
  ExtractColumn(kUnit, *args.columns[0], args.rows, args.context.local_time_zone, out);
  return absl::OkStatus();
}

// --- TIMESTAMPADD / TIMESTAMPDIFF ----------------------------------------------------------

// Months in one unit for YEAR/QUARTER/MONTH, or 0; micros in one unit otherwise.
bool UnitSize(TimeUnit unit, int64_t* months, int64_t* micros) {
  *months = 0;
  *micros = 0;
  switch (unit) {
    case TimeUnit::kYear:
      *months = 12;
      return true;
    case TimeUnit::kQuarter:
      *months = 3;
      return true;
    case TimeUnit::kMonth:
      *months = 1;
      return true;
    case TimeUnit::kWeek:
      *micros = 7 * kMicrosPerDay;
      return true;
    case TimeUnit::kDay:
      *micros = kMicrosPerDay;
      return true;
    case TimeUnit::kHour:
      *micros = kMicrosPerHour;
      return true;
    case TimeUnit::kMinute:
      *micros = kMicrosPerMinute;
      return true;
    case TimeUnit::kSecond:
      *micros = kMicrosPerSecond;
      return true;
    case TimeUnit::kMillisecond:
      *micros = 1000;
      return true;
    case TimeUnit::kMicrosecond:
      *micros = 1;
      return true;
    default:
      return false;
  }
}

StatusOr<DataType> ResolveTimestampAdd(const std::vector<ExprPtr>& args,
                                       std::vector<DataType>* types) {
  constexpr const char* kExpected = "(unit literal, INTEGER, DATETIME)";
  TimeUnit unit;
  int64_t months, micros;
  if (args.size() != 3 || !UnitLiteral(args[0], &unit) || !UnitSize(unit, &months, &micros)) {
    return SignatureError(kExpected);
  }
  DataType& n = (*types)[1];
  DataType& x = (*types)[2];
  if (!IsNullType(n) && !n.IsInteger()) return SignatureError(kExpected);
  n = CastTarget(DataType::BigInt(), n);
  if (IsNullType(x)) x = DataType::Timestamp(3).WithNullable(true);
  if (!x.IsTemporal()) return SignatureError(kExpected);
  return x.Materialized().WithNullable(n.nullable || x.nullable);
}

Status TimestampAddKernel(const KernelArgs& args, Column* out) {
  TimeUnit unit = TimeUnit::kDay;
  ParseTimeUnit(args.columns[0]->strings()[0], &unit);
  int64_t months, micros;
  UnitSize(unit, &months, &micros);
  const int64_t* n = args.columns[1]->data<int64_t>();
  const Column& x = *args.columns[2];
  const TypeId id = out->type().id;
  const uint8_t* nulls = out->nulls();
  const absl::TimeZone& zone = args.context.local_time_zone;
  for (size_t i = 0; i < args.rows; ++i) {
    if (RowIsNull(nulls, i)) continue;
    if (id == TypeId::kDate) {
      int64_t v = static_cast<int64_t>(x.data<int32_t>()[i]) * kMicrosPerDay;
      v = months != 0 ? AddMonthsToTimestamp(v, n[i] * months) : v + n[i] * micros;
      out->mutable_data<int32_t>()[i] = static_cast<int32_t>(FloorDiv(v, kMicrosPerDay));
      continue;
    }
    int64_t v = x.data<int64_t>()[i];
    if (months == 0) {
      v = WrapAdd(v, WrapMul(n[i], micros));
      if (id == TypeId::kTime) v = types::FloorMod(v, kMicrosPerDay);
    } else if (id == TypeId::kTimestampLtz) {
      v = types::LocalToInstant(AddMonthsToTimestamp(types::InstantToLocal(v, zone), n[i] * months),
                                zone);
    } else if (id == TypeId::kTimestamp) {
      v = AddMonthsToTimestamp(v, n[i] * months);
    }
    out->mutable_data<int64_t>()[i] = v;
  }
  return absl::OkStatus();
}

// Whole months from t1 to t0 (Flink's DateTimeUtils.subtractMonths on wall-clock micros).
int64_t SubtractMonths(int64_t t0, int64_t t1) {
  if (t0 < t1) return -SubtractMonths(t1, t0);
  int64_t d0 = FloorDiv(t0, kMicrosPerDay), d1 = FloorDiv(t1, kMicrosPerDay);
  int64_t time0 = t0 - d0 * kMicrosPerDay, time1 = t1 - d1 * kMicrosPerDay;
  int64_t m = (d0 - d1) / 31;
  while (true) {
    int64_t next = AddMonthsToDate(d1, m + 1);
    if (next > d0) break;
    ++m;
  }
  if (AddMonthsToDate(d1, m) == d0 && time0 < time1) --m;
  return m;
}

StatusOr<DataType> ResolveTimestampDiff(const std::vector<ExprPtr>& args,
                                        std::vector<DataType>* types) {
  constexpr const char* kExpected = "(unit literal, DATETIME, DATETIME)";
  TimeUnit unit;
  int64_t months, micros;
  if (args.size() != 3 || !UnitLiteral(args[0], &unit) || !UnitSize(unit, &months, &micros)) {
    return SignatureError(kExpected);
  }
  DataType common;
  if (!CommonTypeOf({(*types)[1], (*types)[2]}, &common) || !common.IsTemporal() ||
      common.id == TypeId::kTime) {
    return SignatureError(kExpected);
  }
  (*types)[1] = CastTarget(common, (*types)[1]);
  (*types)[2] = CastTarget(common, (*types)[2]);
  return DataType::Int().WithNullable((*types)[1].nullable || (*types)[2].nullable);
}

// TIMESTAMPDIFF(unit, a, b): whole units from a to b, truncated toward zero.
Status TimestampDiffKernel(const KernelArgs& args, Column* out) {
  TimeUnit unit = TimeUnit::kDay;
  ParseTimeUnit(args.columns[0]->strings()[0], &unit);
  int64_t months, micros;
  UnitSize(unit, &months, &micros);
  const Column& a = *args.columns[1];
  const Column& b = *args.columns[2];
  const TypeId id = a.type().id;
  const absl::TimeZone& zone = args.context.local_time_zone;
  auto wall_clock = [&](const Column& c, size_t i) -> int64_t {
    if (id == TypeId::kDate) return static_cast<int64_t>(c.data<int32_t>()[i]) * kMicrosPerDay;
    int64_t v = c.data<int64_t>()[i];
    return id == TypeId::kTimestampLtz && months != 0 ? types::InstantToLocal(v, zone) : v;
  };
  int32_t* r = out->mutable_data<int32_t>();
  const uint8_t* nulls = out->nulls();
  for (size_t i = 0; i < args.rows; ++i) {
    if (RowIsNull(nulls, i)) continue;
    int64_t from = wall_clock(a, i), to = wall_clock(b, i);
    r[i] = static_cast<int32_t>(months != 0 ? SubtractMonths(to, from) / months
                                            : (to - from) / micros);
  }
  return absl::OkStatus();
}

// --- clock functions -----------------------------------------------------------------------

template <TypeId kType>
StatusOr<DataType> ResolveClock(std::vector<DataType>* args) {
  if (!args->empty()) return SignatureError("()");
  switch (kType) {
    case TypeId::kDate:
      return DataType::Date().WithNullable(false);
    case TypeId::kTime:
      return DataType::Time(0).WithNullable(false);
    case TypeId::kTimestamp:
      return DataType::Timestamp(3).WithNullable(false);
    default:
      return DataType::TimestampLtz(3).WithNullable(false);
  }
}

StatusOr<DataType> ResolveProctime(std::vector<DataType>* args) {
  if (!args->empty()) return SignatureError("()");
  return DataType::TimestampLtz(3).WithNullable(false).WithTimeAttribute(
      types::TimeAttribute::kProctime);
}

// The batch's clock reading in the type `kType` (millisecond precision, as Flink's clock).
template <TypeId kType>
Status ClockKernel(const KernelArgs& args, Column* out) {
  const int64_t now = FloorDiv(args.context.current_timestamp_micros, 1000) * 1000;
  const int64_t local = types::InstantToLocal(now, args.context.local_time_zone);
  switch (kType) {
    case TypeId::kDate:
      std::fill_n(out->mutable_data<int32_t>(), args.rows,
                  static_cast<int32_t>(FloorDiv(local, kMicrosPerDay)));
      break;
    case TypeId::kTime:
      std::fill_n(out->mutable_data<int64_t>(), args.rows,
                  types::FloorMod(local, kMicrosPerDay) / kMicrosPerSecond * kMicrosPerSecond);
      break;
    case TypeId::kTimestamp:
      std::fill_n(out->mutable_data<int64_t>(), args.rows, local);
      break;
    default:
      std::fill_n(out->mutable_data<int64_t>(), args.rows, now);
      break;
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterTemporalFunctions(std::vector<ScalarFunction>* out) {
  out->push_back({.name = "EXTRACT",
                  .resolve = nullptr,
                  .kernel = ExtractKernel,
                  .resolve_exprs = ResolveExtract});
  struct Field {
    const char* name;
    ResolveFn resolve;
    KernelFn kernel;
  };
  const Field fields[] = {
      {"YEAR", ResolveField<TimeUnit::kYear>, FieldKernel<TimeUnit::kYear>},
      {"QUARTER", ResolveField<TimeUnit::kQuarter>, FieldKernel<TimeUnit::kQuarter>},
      {"MONTH", ResolveField<TimeUnit::kMonth>, FieldKernel<TimeUnit::kMonth>},
      {"WEEK", ResolveField<TimeUnit::kWeek>, FieldKernel<TimeUnit::kWeek>},
      {"DAYOFYEAR", ResolveField<TimeUnit::kDayOfYear>, FieldKernel<TimeUnit::kDayOfYear>},
      {"DAYOFMONTH", ResolveField<TimeUnit::kDay>, FieldKernel<TimeUnit::kDay>},
      {"DAYOFWEEK", ResolveField<TimeUnit::kDayOfWeek>, FieldKernel<TimeUnit::kDayOfWeek>},
      {"HOUR", ResolveField<TimeUnit::kHour>, FieldKernel<TimeUnit::kHour>},
      {"MINUTE", ResolveField<TimeUnit::kMinute>, FieldKernel<TimeUnit::kMinute>},
      {"SECOND", ResolveField<TimeUnit::kSecond>, FieldKernel<TimeUnit::kSecond>},
  };
  for (const Field& f : fields) {
    out->push_back({.name = f.name, .resolve = f.resolve, .kernel = f.kernel});
  }
  out->push_back({.name = "TIMESTAMPADD",
                  .resolve = nullptr,
                  .kernel = TimestampAddKernel,
                  .resolve_exprs = ResolveTimestampAdd});
  out->push_back({.name = "TIMESTAMPDIFF",
                  .resolve = nullptr,
                  .kernel = TimestampDiffKernel,
                  .resolve_exprs = ResolveTimestampDiff});
  constexpr NullHandling kCustom = NullHandling::kCustom;
  auto clock = [&](const char* name, ResolveFn resolve, KernelFn kernel) {
    out->push_back({.name = name,
                    .resolve = resolve,
                    .kernel = kernel,
                    .null_handling = kCustom,
                    .deterministic = false});
  };
  clock("CURRENT_TIMESTAMP", ResolveClock<TypeId::kTimestampLtz>,
        ClockKernel<TypeId::kTimestampLtz>);
  clock("NOW", ResolveClock<TypeId::kTimestampLtz>, ClockKernel<TypeId::kTimestampLtz>);
  clock("PROCTIME", ResolveProctime, ClockKernel<TypeId::kTimestampLtz>);
  clock("LOCALTIMESTAMP", ResolveClock<TypeId::kTimestamp>, ClockKernel<TypeId::kTimestamp>);
  clock("CURRENT_DATE", ResolveClock<TypeId::kDate>, ClockKernel<TypeId::kDate>);
  clock("CURRENT_TIME", ResolveClock<TypeId::kTime>, ClockKernel<TypeId::kTime>);
  clock("LOCALTIME", ResolveClock<TypeId::kTime>, ClockKernel<TypeId::kTime>);
}

}  // namespace sluice::expr
