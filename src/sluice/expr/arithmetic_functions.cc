// + - * / % (MOD) and NEGATE with Flink's typing: integers stay integers (wrapping like Java,
// `/` truncating toward zero), anything with FLOAT/DOUBLE is approximate, DECIMAL follows
// LogicalTypeMerging's precision/scale rules; datetime +/- interval and interval arithmetic.
#include <cmath>

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

enum class Op { kPlus, kMinus, kTimes, kDivide, kMod };

const char* OpName(Op op) {
  switch (op) {
    case Op::kPlus:
      return "+";
    case Op::kMinus:
      return "-";
    case Op::kTimes:
      return "*";
    case Op::kDivide:
      return "/";
    case Op::kMod:
      return "MOD";
  }
  return "?";
}

Status DivisionByZero() { return absl::InvalidArgumentError("division by zero"); }

Status DecimalOverflow(Op op) {
  return absl::InvalidArgumentError(absl::StrCat("numeric overflow: DECIMAL result of '",
                                                 OpName(op), "' exceeds the supported 18 digits"));
}

// DECIMAL with `digits` integral digits and scale `scale` (an argument rescaled for +, -, MOD).
DataType DecimalWithScale(const DataType& t, int scale) {
  int digits = t.precision - t.scale;
  return DataType::Decimal(std::min(38, digits + scale), scale);
}

bool IsDateTime(const DataType& t) { return t.IsTemporal(); }

// --- resolve -----------------------------------------------------------------------------------

StatusOr<DataType> ResolveNumeric(Op op, std::vector<DataType>* args) {
  DataType& a = (*args)[0];
  DataType& b = (*args)[1];
  const bool nullable = a.nullable || b.nullable;
  if (op == Op::kMod && a.IsExactNumeric() && b.IsExactNumeric() && a.IsInteger() &&
      b.IsInteger()) {
    const DataType divisor{b.id};
    DataType common = NumericArithmeticType(a, b);
    a = CastTarget(common, a);
    b = CastTarget(common, b);
    return divisor.WithNullable(nullable);  // Flink: the result has the divisor's type
  }
  if (a.IsExactNumeric() && b.IsExactNumeric() &&
      (a.id == TypeId::kDecimal || b.id == TypeId::kDecimal)) {
    DataType da = AsDecimal(a), db = AsDecimal(b), result;
    switch (op) {
      case Op::kPlus:
      case Op::kMinus:
        result = DecimalPlusType(da, db);
        a = CastTarget(DecimalWithScale(da, result.scale), a);
        b = CastTarget(DecimalWithScale(db, result.scale), b);
        break;
      case Op::kMod:
        result = DecimalModType(da, db);
        a = CastTarget(DecimalWithScale(da, result.scale), a);
        b = CastTarget(DecimalWithScale(db, result.scale), b);
        break;
      case Op::kTimes:
        result = DecimalTimesType(da, db);
        a = CastTarget(da, a);
        b = CastTarget(db, b);
        break;
      case Op::kDivide:
        result = DecimalDivideType(da, db);
        a = CastTarget(da, a);
        b = CastTarget(db, b);
        break;
    }
    return result.WithNullable(nullable);
  }
  DataType common = NumericArithmeticType(a, b);
  a = CastTarget(common, a);
  b = CastTarget(common, b);
  return common.WithNullable(nullable);
}

StatusOr<DataType> ResolveArithmetic(Op op, std::vector<DataType>* args) {
  constexpr const char* kExpected[] = {
      "(NUMERIC, NUMERIC), (DATETIME, INTERVAL), (INTERVAL, DATETIME) or (INTERVAL, INTERVAL)",
      "(NUMERIC, NUMERIC), (DATETIME, INTERVAL) or (INTERVAL, INTERVAL)",
      "(NUMERIC, NUMERIC), (INTERVAL, NUMERIC) or (NUMERIC, INTERVAL)",
      "(NUMERIC, NUMERIC) or (INTERVAL, NUMERIC)",
      "(EXACT_NUMERIC, EXACT_NUMERIC)",
  };
  const char* expected = kExpected[static_cast<int>(op)];
  if (args->size() != 2) return SignatureError(expected);
  DataType& a = (*args)[0];
  DataType& b = (*args)[1];
  // An untyped NULL takes the type the other side implies.
  if (IsNullType(a) && IsNullType(b)) a = b = DataType::Int();
  if (IsNullType(a)) {
    a = (b.IsNumeric() || b.IsInterval() ? b : DataType::Int()).Materialized().WithNullable(true);
  }
  if (IsNullType(b)) {
    b = (a.IsNumeric() || (a.IsInterval() && op != Op::kTimes && op != Op::kDivide) ? a
         : a.IsTemporal() ? DataType::IntervalDayTime()
                          : DataType::Int())
            .Materialized()
            .WithNullable(true);
  }
  const bool nullable = a.nullable || b.nullable;
  if (a.IsNumeric() && b.IsNumeric()) {
    if (op == Op::kMod && (a.IsApproximate() || b.IsApproximate())) {
      return SignatureError(expected);
    }
    return ResolveNumeric(op, args);
  }
  switch (op) {
    case Op::kPlus:
    case Op::kMinus:
      if (IsDateTime(a) && b.IsInterval()) {
        if (a.id == TypeId::kTime && b.id == TypeId::kIntervalYearMonth) break;
        return a.Materialized().WithNullable(nullable);
      }
      if (op == Op::kPlus && a.IsInterval() && IsDateTime(b)) {
        if (b.id == TypeId::kTime && a.id == TypeId::kIntervalYearMonth) break;
        return b.Materialized().WithNullable(nullable);
      }
      if (a.IsInterval() && a.id == b.id) return a.Materialized().WithNullable(nullable);
      break;
    case Op::kTimes:
    case Op::kDivide: {
      DataType* interval =
          a.IsInterval() ? &a : (op == Op::kTimes && b.IsInterval() ? &b : nullptr);
      DataType* number = interval == &a ? &b : &a;
      if (interval == nullptr || !number->IsNumeric()) break;
      *number = CastTarget(number->IsInteger() ? DataType::BigInt() : DataType::Double(), *number);
      return interval->Materialized().WithNullable(nullable);
    }
    case Op::kMod:
      break;
  }
  return SignatureError(expected);
}

StatusOr<DataType> ResolvePlus(std::vector<DataType>* args) {
  return ResolveArithmetic(Op::kPlus, args);
}
StatusOr<DataType> ResolveMinus(std::vector<DataType>* args) {
  return ResolveArithmetic(Op::kMinus, args);
}
StatusOr<DataType> ResolveTimes(std::vector<DataType>* args) {
  return ResolveArithmetic(Op::kTimes, args);
}
StatusOr<DataType> ResolveDivide(std::vector<DataType>* args) {
  return ResolveArithmetic(Op::kDivide, args);
}
StatusOr<DataType> ResolveMod(std::vector<DataType>* args) {
  return ResolveArithmetic(Op::kMod, args);
}

StatusOr<DataType> ResolveNegate(std::vector<DataType>* args) {
  if (args->size() != 1) return SignatureError("(NUMERIC) or (INTERVAL)");
  DataType& a = (*args)[0];
  if (IsNullType(a)) a = DataType::Int().WithNullable(true);
  if (!a.IsNumeric() && !a.IsInterval()) return SignatureError("(NUMERIC) or (INTERVAL)");
  return a.Materialized();
}

// --- kernels -----------------------------------------------------------------------------------

// DECIMAL + and - on operands already at the result scale.
Status DecimalAddSub(const KernelArgs& args, Column* out, bool subtract) {
  int64_t row = MapBinaryChecked<int64_t, int64_t, int64_t>(
      args, out, [subtract](int64_t a, int64_t b, int64_t* r) {
        return subtract ? !__builtin_sub_overflow(a, b, r) : !__builtin_add_overflow(a, b, r);
      });
  return row < 0 ? absl::OkStatus() : DecimalOverflow(subtract ? Op::kMinus : Op::kPlus);
}

// datetime +/- interval and interval +/- interval.
Status TemporalAddSub(const KernelArgs& args, Column* out, bool subtract) {
  const Column* x = args.columns[0];
  const Column* y = args.columns[1];
  if (x->type().IsInterval() && !y->type().IsInterval()) std::swap(x, y);
  const TypeId target = x->type().id;
  const size_t n = args.rows;
  const uint8_t* nulls = out->nulls();
  const absl::TimeZone& zone = args.context.local_time_zone;
  if (y->type().id == TypeId::kIntervalYearMonth) {
    const int32_t* months = y->data<int32_t>();
    auto delta = [&](size_t i) { return subtract ? -static_cast<int64_t>(months[i]) : months[i]; };
    if (target == TypeId::kIntervalYearMonth) {
      const int32_t* a = x->data<int32_t>();
      int32_t* r = out->mutable_data<int32_t>();
      for (size_t i = 0; i < n; ++i) r[i] = static_cast<int32_t>(a[i] + delta(i));
    } else if (target == TypeId::kDate) {
      const int32_t* a = x->data<int32_t>();
      int32_t* r = out->mutable_data<int32_t>();
      for (size_t i = 0; i < n; ++i) {
        if (!RowIsNull(nulls, i)) r[i] = AddMonthsToDate(a[i], delta(i));
      }
    } else {
      const int64_t* a = x->data<int64_t>();
      int64_t* r = out->mutable_data<int64_t>();
      const bool ltz = target == TypeId::kTimestampLtz;
      for (size_t i = 0; i < n; ++i) {
        if (RowIsNull(nulls, i)) continue;
        if (ltz) {
          int64_t local = types::InstantToLocal(a[i], zone);
          r[i] = types::LocalToInstant(AddMonthsToTimestamp(local, delta(i)), zone);
        } else {
          r[i] = AddMonthsToTimestamp(a[i], delta(i));
        }
      }
    }
    return absl::OkStatus();
  }
  const int64_t* micros = y->data<int64_t>();
  if (target == TypeId::kDate) {
    const int32_t* a = x->data<int32_t>();
    int32_t* r = out->mutable_data<int32_t>();
    for (size_t i = 0; i < n; ++i) {
      int64_t v =
          static_cast<int64_t>(a[i]) * types::kMicrosPerDay + (subtract ? -micros[i] : micros[i]);
      r[i] = static_cast<int32_t>(types::FloorDiv(v, types::kMicrosPerDay));
    }
    return absl::OkStatus();
  }
  const int64_t* a = x->data<int64_t>();
  int64_t* r = out->mutable_data<int64_t>();
  for (size_t i = 0; i < n; ++i)
    r[i] = subtract ? WrapSub(a[i], micros[i]) : WrapAdd(a[i], micros[i]);
  if (target == TypeId::kTime) {
    for (size_t i = 0; i < n; ++i) r[i] = types::FloorMod(r[i], types::kMicrosPerDay);
  }
  return absl::OkStatus();
}

Status PlusKernel(const KernelArgs& args, Column* out) {
  const DataType& t = out->type();
  if (t.id == TypeId::kDecimal) return DecimalAddSub(args, out, false);
  if (!t.IsNumeric()) return TemporalAddSub(args, out, false);
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapBinary<T, T, T>(args, out, [](T a, T b) { return WrapAdd(a, b); });
  });
  return absl::OkStatus();
}

Status MinusKernel(const KernelArgs& args, Column* out) {
  const DataType& t = out->type();
  if (t.id == TypeId::kDecimal) return DecimalAddSub(args, out, true);
  if (!t.IsNumeric()) return TemporalAddSub(args, out, true);
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapBinary<T, T, T>(args, out, [](T a, T b) { return WrapSub(a, b); });
  });
  return absl::OkStatus();
}

// interval * number, number * interval, interval / number.
Status IntervalScale(const KernelArgs& args, Column* out, bool divide) {
  const bool interval_first = args.columns[0]->type().IsInterval();
  const Column& interval = *args.columns[interval_first ? 0 : 1];
  const Column& number = *args.columns[interval_first ? 1 : 0];
  const uint8_t* nulls = out->nulls();
  const bool months = interval.type().id == TypeId::kIntervalYearMonth;
  for (size_t i = 0; i < args.rows; ++i) {
    if (RowIsNull(nulls, i)) continue;
    double iv = months ? interval.data<int32_t>()[i] : interval.data<int64_t>()[i];
    double factor = number.type().IsInteger() ? static_cast<double>(number.data<int64_t>()[i])
                                              : number.data<double>()[i];
    if (divide && factor == 0) return DivisionByZero();
    double v = divide ? iv / factor : iv * factor;
    if (months) {
      out->mutable_data<int32_t>()[i] = static_cast<int32_t>(std::llround(v));
    } else {
      out->mutable_data<int64_t>()[i] = std::llround(v);
    }
  }
  return absl::OkStatus();
}

Status TimesKernel(const KernelArgs& args, Column* out) {
  const DataType& t = out->type();
  if (t.IsInterval()) return IntervalScale(args, out, false);
  if (t.id == TypeId::kDecimal) {
    const int shift = args.columns[0]->type().scale + args.columns[1]->type().scale - t.scale;
    const Int128 divisor = Pow10Wide(std::max(shift, 0));
    int64_t row = MapBinaryChecked<int64_t, int64_t, int64_t>(
        args, out, [&](int64_t a, int64_t b, int64_t* r) {
          Int128 product = static_cast<Int128>(a) * b;
          if (shift > 0) product = DivideHalfUp(product, divisor);
          if (!FitsInt64(product)) return false;
          *r = static_cast<int64_t>(product);
          return true;
        });
    return row < 0 ? absl::OkStatus() : DecimalOverflow(Op::kTimes);
  }
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapBinary<T, T, T>(args, out, [](T a, T b) { return WrapMul(a, b); });
  });
  return absl::OkStatus();
}

Status DecimalDivide(const KernelArgs& args, Column* out) {
  const int sa = args.columns[0]->type().scale, sb = args.columns[1]->type().scale;
  const int exponent = out->type().scale + sb - sa;  // result = a * 10^exponent / b
  const Int128 factor = Pow10Wide(std::min(std::abs(exponent), 38));
  bool zero = false;
  int64_t row =
      MapBinaryChecked<int64_t, int64_t, int64_t>(args, out, [&](int64_t a, int64_t b, int64_t* r) {
        if (b == 0) {
          zero = true;
          return false;
        }
        Int128 numerator = a, denominator = b;
        if (exponent >= 0) {
          if (exponent > 38 && a != 0) return false;
          if (__builtin_mul_overflow(numerator, factor, &numerator)) return false;
        } else {
          denominator *= factor;
        }
        Int128 q = DivideHalfUp(numerator, denominator);
        if (!FitsInt64(q)) return false;
        *r = static_cast<int64_t>(q);
        return true;
      });
  if (row < 0) return absl::OkStatus();
  return zero ? DivisionByZero() : DecimalOverflow(Op::kDivide);
}

Status DivideKernel(const KernelArgs& args, Column* out) {
  const DataType& t = out->type();
  if (t.IsInterval()) return IntervalScale(args, out, true);
  if (t.id == TypeId::kDecimal) return DecimalDivide(args, out);
  if (t.IsApproximate()) {
    DispatchNumeric(out->physical(), [&](auto tag) {
      using T = decltype(tag);
      MapBinary<T, T, T>(args, out, [](T a, T b) { return a / b; });
    });
    return absl::OkStatus();
  }
  int64_t row = DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    return MapBinaryChecked<T, T, T>(args, out, [](T a, T b, T* r) {
      if (b == 0) return false;
      *r = b == -1 ? WrapNeg(a) : static_cast<T>(a / b);  // MIN / -1 wraps as in Java
      return true;
    });
  });
  return row < 0 ? absl::OkStatus() : DivisionByZero();
}

Status ModKernel(const KernelArgs& args, Column* out) {
  const DataType& t = out->type();
  if (t.id == TypeId::kDecimal) {
    int64_t row = MapBinaryChecked<int64_t, int64_t, int64_t>(args, out,
                                                              [](int64_t a, int64_t b, int64_t* r) {
                                                                if (b == 0) return false;
                                                                *r = b == -1 ? 0 : a % b;
                                                                return true;
                                                              });
    return row < 0 ? absl::OkStatus() : DivisionByZero();
  }
  // Computed in the arguments' common type, stored in the divisor's type (|a % b| < |b|).
  int64_t row = DispatchNumeric(args.columns[0]->physical(), [&](auto arg_tag) {
    using T = decltype(arg_tag);
    return DispatchNumeric(out->physical(), [&](auto out_tag) {
      using R = decltype(out_tag);
      return MapBinaryChecked<T, T, R>(args, out, [](T a, T b, R* r) {
        if constexpr (std::is_integral_v<T>) {
          if (b == 0) return false;
          *r = b == -1 ? R{0} : static_cast<R>(a % b);
        } else {
          *r = static_cast<R>(std::fmod(a, b));
        }
        return true;
      });
    });
  });
  return row < 0 ? absl::OkStatus() : DivisionByZero();
}

Status NegateKernel(const KernelArgs& args, Column* out) {
  const Column& a = *args.columns[0];
  DispatchNumeric(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapUnary<T, T>(a, out, args.rows, [](T v) { return WrapNeg(v); });
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterArithmeticFunctions(std::vector<ScalarFunction>* out) {
  out->push_back({.name = "+", .resolve = ResolvePlus, .kernel = PlusKernel});
  out->push_back({.name = "-", .resolve = ResolveMinus, .kernel = MinusKernel});
  out->push_back({.name = "*", .resolve = ResolveTimes, .kernel = TimesKernel});
  out->push_back({.name = "/", .resolve = ResolveDivide, .kernel = DivideKernel});
  out->push_back({.name = "MOD", .resolve = ResolveMod, .kernel = ModKernel});
  out->push_back({.name = "NEGATE", .resolve = ResolveNegate, .kernel = NegateKernel});
}

}  // namespace sluice::expr
