// Numeric functions: ABS, SIGN, FLOOR/CEIL (also FLOOR/CEIL(datetime TO unit)), ROUND and
// TRUNCATE (HALF_UP / DOWN on the decimal digits, as Java's BigDecimal), the DOUBLE functions
// (POWER, SQRT, LN, LOG*, EXP, trigonometry), PI, E and the random functions.
#include <cmath>
#include <random>

#include "absl/strings/str_cat.h"
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/calendar.h"
#include "sluice/expr/decimal.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/type_rules.h"
#include "sluice/types/temporal.h"

namespace sluice::expr {

using types::Column;
using types::DataType;
using types::TypeId;

namespace {

StatusOr<DataType> ResolveSameNumeric(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kNumeric}, 1));
  return (*args)[0].Materialized();
}

Status AbsKernel(const KernelArgs& args, Column* out) {
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapUnary<T, T>(*args.columns[0], out, args.rows, [](T v) { return v < 0 ? WrapNeg(v) : v; });
  });
  return absl::OkStatus();
}

Status SignKernel(const KernelArgs& args, Column* out) {
  const DataType& t = out->type();
  const int64_t one = t.id == TypeId::kDecimal && t.scale <= 18 ? Pow10(t.scale) : 1;
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapUnary<T, T>(*args.columns[0], out, args.rows, [one](T v) {
      if constexpr (std::is_floating_point_v<T>) {
        return v > 0 ? T{1} : v < 0 ? T{-1} : v;  // keeps -0.0 and NaN as Math.signum
      } else {
        return static_cast<T>(v > 0 ? one : v < 0 ? -one : 0);
      }
    });
  });
  return absl::OkStatus();
}

// --- FLOOR / CEIL ------------------------------------------------------------------------------

bool ParseUnitLiteral(const ExprPtr& arg, TimeUnit* unit) {
  return arg->IsLiteral() && arg->literal.is_string() &&
         ParseTimeUnit(arg->literal.as_string(), unit);
}

// FLOOR(x) / CEIL(x) on numerics, or FLOOR(x, unit) / CEIL(x, unit) for FLOOR(x TO unit).
StatusOr<DataType> ResolveFloorCeil(const std::vector<ExprPtr>& args,
                                    std::vector<DataType>* types) {
  constexpr const char* kExpected = "(NUMERIC) or (DATETIME, unit literal)";
  if (types->size() == 1) {
    DataType& t = (*types)[0];
    if (IsNullType(t)) t = DataType::Int().WithNullable(true);
    if (!t.IsNumeric()) return SignatureError(kExpected);
    if (t.id == TypeId::kDecimal) return DataType::Decimal(t.precision, 0).WithNullable(t.nullable);
    return t.Materialized();
  }
  TimeUnit unit;
  if (types->size() != 2 || !(*types)[0].IsTemporal() || !ParseUnitLiteral(args[1], &unit)) {
    return SignatureError(kExpected);
  }
  int64_t probe;
  if (!TruncateTimestamp(unit, false, 0, &probe)) {
    return absl::InvalidArgumentError(
        absl::StrCat("FLOOR/CEIL cannot truncate to ", args[1]->literal.as_string()));
  }
  return (*types)[0].Materialized();
}

template <bool kCeil>
Status TemporalFloorCeil(const KernelArgs& args, Column* out) {
  TimeUnit unit = TimeUnit::kDay;
  ParseTimeUnit(args.columns[1]->strings()[0], &unit);
  const TypeId id = out->type().id;
  const uint8_t* nulls = out->nulls();
  const absl::TimeZone& zone = args.context.local_time_zone;
  if (id == TypeId::kDate) {
    const int32_t* in = args.columns[0]->data<int32_t>();
    int32_t* r = out->mutable_data<int32_t>();
    for (size_t i = 0; i < args.rows; ++i) {
      if (RowIsNull(nulls, i)) continue;
      int64_t v;
      TruncateTimestamp(unit, kCeil, in[i] * types::kMicrosPerDay, &v);
      r[i] = static_cast<int32_t>(types::FloorDiv(v, types::kMicrosPerDay));
    }
    return absl::OkStatus();
  }
  const int64_t* in = args.columns[0]->data<int64_t>();
  int64_t* r = out->mutable_data<int64_t>();
  for (size_t i = 0; i < args.rows; ++i) {
    if (RowIsNull(nulls, i)) continue;
    if (id == TypeId::kTimestampLtz) {
      int64_t local;
      TruncateTimestamp(unit, kCeil, types::InstantToLocal(in[i], zone), &local);
      r[i] = types::LocalToInstant(local, zone);
    } else {
      TruncateTimestamp(unit, kCeil, in[i], &r[i]);
      if (id == TypeId::kTime) r[i] = types::FloorMod(r[i], types::kMicrosPerDay);
    }
  }
  return absl::OkStatus();
}

template <bool kCeil>
Status FloorCeilKernel(const KernelArgs& args, Column* out) {
  if (args.columns.size() == 2) return TemporalFloorCeil<kCeil>(args, out);
  const DataType& from = args.columns[0]->type();
  if (from.id == TypeId::kDecimal) {
    const Int128 divisor = Pow10Wide(std::min<int>(from.scale, 38));
    MapUnary<int64_t, int64_t>(*args.columns[0], out, args.rows, [divisor](int64_t v) {
      Int128 q = v / divisor, r = v % divisor;
      if (kCeil && r > 0) ++q;
      if (!kCeil && r < 0) --q;
      return static_cast<int64_t>(q);
    });
    return absl::OkStatus();
  }
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapUnary<T, T>(*args.columns[0], out, args.rows, [](T v) {
      if constexpr (std::is_floating_point_v<T>) {
        return kCeil ? std::ceil(v) : std::floor(v);
      } else {
        return v;
      }
    });
  });
  return absl::OkStatus();
}

// --- ROUND / TRUNCATE --------------------------------------------------------------------------

// ROUND(x[, d]) / TRUNCATE(x[, d]): DECIMAL results take Flink's findRoundDecimalType when d is
// a literal; other numerics keep their type.
StatusOr<DataType> ResolveRound(const std::vector<ExprPtr>& args, std::vector<DataType>* types) {
  SLUICE_RETURN_IF_ERROR(CheckParams(types, {Param::kNumeric, Param::kInt}, 1));
  const DataType& x = (*types)[0];
  if (x.id != TypeId::kDecimal) return NullableIfAny(x, *types);
  int digits = 0;
  if (types->size() == 2) {
    if (!args[1]->IsLiteral() || !args[1]->literal.is_int()) return NullableIfAny(x, *types);
    digits = static_cast<int>(args[1]->literal.as_int());
  }
  return NullableIfAny(DecimalRoundType(x, digits), *types);
}

// Rounds an integer to 10^-digits (digits < 0), HALF_UP or toward zero.
template <typename T>
T RoundIntegral(T v, int64_t digits, bool half_up) {
  if (digits >= 0) return v;
  if (digits < -18) return 0;
  Int128 unit = Pow10Wide(static_cast<int>(-digits));
  Int128 q = half_up ? DivideHalfUp(v, unit) : static_cast<Int128>(v) / unit;
  return static_cast<T>(q * unit);
}

template <bool kHalfUp>
Status RoundKernel(const KernelArgs& args, Column* out) {
  const Column& x = *args.columns[0];
  const int32_t* digits = args.columns.size() > 1 ? args.columns[1]->data<int32_t>() : nullptr;
  auto digits_at = [digits](size_t i) -> int64_t { return digits != nullptr ? digits[i] : 0; };
  const uint8_t* nulls = out->nulls();
  const DataType& from = x.type();
  if (from.id == TypeId::kDecimal) {
    const int s = from.scale, rs = out->type().scale;
    const int64_t* in = x.data<int64_t>();
    int64_t* r = out->mutable_data<int64_t>();
    for (size_t i = 0; i < args.rows; ++i) {
      if (RowIsNull(nulls, i)) continue;
      int64_t d = std::clamp<int64_t>(digits_at(i), -38, 38);
      Int128 v = in[i];
      int64_t at_scale = s;  // v is at this scale
      if (d < s) {
        Int128 unit = Pow10Wide(static_cast<int>(s - d));
        v = kHalfUp ? DivideHalfUp(v, unit) : v / unit;
        at_scale = d;
      }
      if (rs > at_scale) {
        v *= Pow10Wide(static_cast<int>(rs - at_scale));
      } else if (rs < at_scale) {
        v = kHalfUp ? DivideHalfUp(v, Pow10Wide(static_cast<int>(at_scale - rs)))
                    : v / Pow10Wide(static_cast<int>(at_scale - rs));
      }
      if (!FitsInt64(v)) {
        return absl::InvalidArgumentError("numeric overflow: DECIMAL result of ROUND");
      }
      r[i] = static_cast<int64_t>(v);
    }
    return absl::OkStatus();
  }
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    const T* in = x.data<T>();
    T* r = out->mutable_data<T>();
    for (size_t i = 0; i < args.rows; ++i) {
      if (RowIsNull(nulls, i)) continue;
      if constexpr (std::is_floating_point_v<T>) {
        int d = static_cast<int>(std::clamp<int64_t>(digits_at(i), -400, 400));
        r[i] = static_cast<T>(kHalfUp ? RoundDouble(in[i], d) : TruncateDouble(in[i], d));
      } else {
        r[i] = RoundIntegral(in[i], digits_at(i), kHalfUp);
      }
    }
  });
  return absl::OkStatus();
}

// --- DOUBLE functions --------------------------------------------------------------------------

StatusOr<DataType> ResolveDoubleUnary(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kDouble}, 1));
  return NullableIfAny(DataType::Double(), *args);
}

StatusOr<DataType> ResolveDoubleBinary(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kDouble, Param::kDouble}, 2));
  return NullableIfAny(DataType::Double(), *args);
}

StatusOr<DataType> ResolveLog(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kDouble, Param::kDouble}, 1));
  return NullableIfAny(DataType::Double(), *args);
}

template <double (*F)(double)>
Status DoubleUnaryKernel(const KernelArgs& args, Column* out) {
  MapUnary<double, double>(*args.columns[0], out, args.rows, F);
  return absl::OkStatus();
}

template <double (*F)(double, double)>
Status DoubleBinaryKernel(const KernelArgs& args, Column* out) {
  MapBinary<double, double, double>(args, out, F);
  return absl::OkStatus();
}

double Sqrt(double x) { return std::sqrt(x); }
double Ln(double x) { return std::log(x); }
double Log10(double x) { return std::log10(x); }
double Log2(double x) { return std::log(x) / std::log(2.0); }
double Exp(double x) { return std::exp(x); }
double Sin(double x) { return std::sin(x); }
double Cos(double x) { return std::cos(x); }
double Tan(double x) { return std::tan(x); }
double Cot(double x) { return 1.0 / std::tan(x); }
double Asin(double x) { return std::asin(x); }
double Acos(double x) { return std::acos(x); }
double Atan(double x) { return std::atan(x); }
double Sinh(double x) { return std::sinh(x); }
double Cosh(double x) { return std::cosh(x); }
double Tanh(double x) { return std::tanh(x); }
double Degrees(double x) { return x * (180.0 / M_PI); }
double Radians(double x) { return x * (M_PI / 180.0); }
double Power(double x, double y) { return std::pow(x, y); }
double Atan2(double y, double x) { return std::atan2(y, x); }

// LOG(x) is the natural logarithm; LOG(base, x) = ln(x) / ln(base).
Status LogKernel(const KernelArgs& args, Column* out) {
  if (args.columns.size() == 1) return DoubleUnaryKernel<Ln>(args, out);
  MapBinary<double, double, double>(
      args, out, [](double base, double x) { return std::log(x) / std::log(base); });
  return absl::OkStatus();
}

// --- constants and random numbers ------------------------------------------------------------

StatusOr<DataType> ResolveDoubleConstant(std::vector<DataType>* args) {
  if (!args->empty()) return SignatureError("()");
  return DataType::Double().WithNullable(false);
}

Status PiKernel(const KernelArgs& args, Column* out) {
  std::fill_n(out->mutable_data<double>(), args.rows, M_PI);
  return absl::OkStatus();
}

Status EKernel(const KernelArgs& args, Column* out) {
  std::fill_n(out->mutable_data<double>(), args.rows, M_E);
  return absl::OkStatus();
}

// java.util.Random, so RAND(seed) gives Java's sequence (restarting with every batch).
class JavaRandom {
 public:
  explicit JavaRandom(int64_t seed) : seed_((static_cast<uint64_t>(seed) ^ kMultiplier) & kMask) {}
  int32_t Next(int bits) {
    seed_ = (seed_ * kMultiplier + 0xB) & kMask;  // unsigned: wraps like Java's long
    return static_cast<int32_t>(seed_ >> (48 - bits));
  }
  double NextDouble() {
    return static_cast<double>((static_cast<int64_t>(Next(26)) << 27) + Next(27)) * 0x1.0p-53;
  }
  int32_t NextInt(int32_t bound) {
    if ((bound & -bound) == bound) {
      return static_cast<int32_t>((bound * static_cast<int64_t>(Next(31))) >> 31);
    }
    int32_t bits, value;
    do {
      bits = Next(31);
      value = bits % bound;
    } while (static_cast<int32_t>(static_cast<uint32_t>(bits) - value + (bound - 1)) < 0);
    return value;
  }

 private:
  static constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr uint64_t kMask = (uint64_t{1} << 48) - 1;
  uint64_t seed_;
};

std::mt19937_64& ThreadRandom() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  return generator;
}

StatusOr<DataType> ResolveRand(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kInt}, 0));
  return DataType::Double().WithNullable(false);
}

Status RandKernel(const KernelArgs& args, Column* out) {
  double* r = out->mutable_data<double>();
  if (args.columns.empty()) {
    auto& generator = ThreadRandom();
    for (size_t i = 0; i < args.rows; ++i) r[i] = (generator() >> 11) * 0x1.0p-53;
    return absl::OkStatus();
  }
  JavaRandom random(args.columns[0]->IsNull(0) ? 0 : args.columns[0]->data<int32_t>()[0]);
  for (size_t i = 0; i < args.rows; ++i) r[i] = random.NextDouble();
  return absl::OkStatus();
}

StatusOr<DataType> ResolveRandInteger(std::vector<DataType>* args) {
  if (args->size() == 1) {
    SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kInt}, 1));
  } else {
    SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kInt, Param::kInt}, 2));
  }
  return DataType::Int().WithNullable(false);
}

// RAND_INTEGER([seed,] bound): uniform in [0, bound).
Status RandIntegerKernel(const KernelArgs& args, Column* out) {
  const Column& bound_column = *args.columns.back();
  int32_t* r = out->mutable_data<int32_t>();
  const int32_t* bound = bound_column.data<int32_t>();
  for (size_t i = 0; i < args.rows; ++i) {
    if (bound_column.IsNull(i) || bound[i] <= 0) {
      return absl::InvalidArgumentError("RAND_INTEGER bound must be positive");
    }
  }
  if (args.columns.size() == 1) {
    auto& generator = ThreadRandom();
    for (size_t i = 0; i < args.rows; ++i) {
      r[i] = static_cast<int32_t>(generator() % static_cast<uint64_t>(bound[i]));
    }
    return absl::OkStatus();
  }
  JavaRandom random(args.columns[0]->IsNull(0) ? 0 : args.columns[0]->data<int32_t>()[0]);
  for (size_t i = 0; i < args.rows; ++i) r[i] = random.NextInt(bound[i]);
  return absl::OkStatus();
}

}  // namespace

void RegisterMathFunctions(std::vector<ScalarFunction>* out) {
  constexpr NullHandling kCustom = NullHandling::kCustom;
  out->push_back({.name = "ABS", .resolve = ResolveSameNumeric, .kernel = AbsKernel});
  out->push_back({.name = "SIGN", .resolve = ResolveSameNumeric, .kernel = SignKernel});
  out->push_back({.name = "FLOOR",
                  .resolve = nullptr,
                  .kernel = FloorCeilKernel<false>,
                  .resolve_exprs = ResolveFloorCeil});
  out->push_back({.name = "CEIL",
                  .resolve = nullptr,
                  .kernel = FloorCeilKernel<true>,
                  .resolve_exprs = ResolveFloorCeil});
  out->push_back({.name = "ROUND",
                  .resolve = nullptr,
                  .kernel = RoundKernel<true>,
                  .resolve_exprs = ResolveRound});
  out->push_back({.name = "TRUNCATE",
                  .resolve = nullptr,
                  .kernel = RoundKernel<false>,
                  .resolve_exprs = ResolveRound});
  out->push_back(
      {.name = "POWER", .resolve = ResolveDoubleBinary, .kernel = DoubleBinaryKernel<Power>});
  out->push_back(
      {.name = "ATAN2", .resolve = ResolveDoubleBinary, .kernel = DoubleBinaryKernel<Atan2>});
  out->push_back({.name = "LOG", .resolve = ResolveLog, .kernel = LogKernel});
  struct Unary {
    const char* name;
    KernelFn kernel;
  };
  for (const Unary& u :
       {Unary{"SQRT", DoubleUnaryKernel<Sqrt>}, Unary{"LN", DoubleUnaryKernel<Ln>},
        Unary{"LOG10", DoubleUnaryKernel<Log10>}, Unary{"LOG2", DoubleUnaryKernel<Log2>},
        Unary{"EXP", DoubleUnaryKernel<Exp>}, Unary{"SIN", DoubleUnaryKernel<Sin>},
        Unary{"COS", DoubleUnaryKernel<Cos>}, Unary{"TAN", DoubleUnaryKernel<Tan>},
        Unary{"COT", DoubleUnaryKernel<Cot>}, Unary{"ASIN", DoubleUnaryKernel<Asin>},
        Unary{"ACOS", DoubleUnaryKernel<Acos>}, Unary{"ATAN", DoubleUnaryKernel<Atan>},
        Unary{"SINH", DoubleUnaryKernel<Sinh>}, Unary{"COSH", DoubleUnaryKernel<Cosh>},
        Unary{"TANH", DoubleUnaryKernel<Tanh>}, Unary{"DEGREES", DoubleUnaryKernel<Degrees>},
        Unary{"RADIANS", DoubleUnaryKernel<Radians>}}) {
    out->push_back({.name = u.name, .resolve = ResolveDoubleUnary, .kernel = u.kernel});
  }
  out->push_back({.name = "PI",
                  .resolve = ResolveDoubleConstant,
                  .kernel = PiKernel,
                  .null_handling = kCustom});
  out->push_back(
      {.name = "E", .resolve = ResolveDoubleConstant, .kernel = EKernel, .null_handling = kCustom});
  out->push_back({.name = "RAND",
                  .resolve = ResolveRand,
                  .kernel = RandKernel,
                  .null_handling = kCustom,
                  .deterministic = false});
  out->push_back({.name = "RAND_INTEGER",
                  .resolve = ResolveRandInteger,
                  .kernel = RandIntegerKernel,
                  .null_handling = kCustom,
                  .deterministic = false});
}

}  // namespace sluice::expr
