// Comparisons (= <> < <= > >=) after implicit widening to a common type, the IS predicates,
// IS [NOT] DISTINCT FROM, IN with SQL three-valued logic, GREATEST and LEAST.
#include <functional>

#include "absl/container/flat_hash_set.h"
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/type_rules.h"

namespace sluice::expr {

using types::Column;
using types::DataType;
using types::TypeId;

namespace {

constexpr const char* kComparable = "(COMPARABLE, COMPARABLE) of compatible types";

// The type both sides of a comparison are cast to. Besides the common type, a character string
// compared with a number, boolean or datetime is cast to that type (date_col = '2024-01-01').
bool ComparisonType(const DataType& a, const DataType& b, DataType* out) {
  if (IsNullType(a) && IsNullType(b)) {
    *out = DataType::Int();
    return true;
  }
  if (CommonTypeOf({a, b}, out)) return true;
  auto castable = [](const DataType& t) {
    return t.IsNumeric() || t.IsTemporal() || t.id == TypeId::kBoolean;
  };
  if (a.IsString() && castable(b)) return *out = b.Materialized(), true;
  if (b.IsString() && castable(a)) return *out = a.Materialized(), true;
  return false;
}

StatusOr<DataType> ResolveCompareArgs(std::vector<DataType>* args, bool nullable_result) {
  if (args->size() != 2) return SignatureError(kComparable);
  DataType common;
  if (!ComparisonType((*args)[0], (*args)[1], &common)) return SignatureError(kComparable);
  const bool nullable = nullable_result && AnyNullable(*args);
  for (DataType& t : *args) t = CastTarget(common, t);
  return DataType::Boolean().WithNullable(nullable);
}

StatusOr<DataType> ResolveComparison(std::vector<DataType>* args) {
  return ResolveCompareArgs(args, true);
}
StatusOr<DataType> ResolveDistinct(std::vector<DataType>* args) {
  return ResolveCompareArgs(args, false);
}

template <typename Compare>
Status CompareKernel(const KernelArgs& args, Column* out) {
  DispatchPhysical(args.columns[0]->physical(), [&](auto tag) {
    using T = decltype(tag);
    MapBinary<T, T, uint8_t>(args, out, [](T a, T b) { return Compare{}(a, b); });
  });
  return absl::OkStatus();
}

// --- IS predicates -----------------------------------------------------------------------------

StatusOr<DataType> ResolveIsNull(std::vector<DataType>* args) {
  if (args->size() != 1) return SignatureError("(ANY)");
  return DataType::Boolean().WithNullable(false);
}

StatusOr<DataType> ResolveIsBoolean(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kBoolean}, 1));
  return DataType::Boolean().WithNullable(false);
}

template <bool kNegate>
Status IsNullKernel(const KernelArgs& args, Column* out) {
  const Column& a = *args.columns[0];
  uint8_t* r = out->mutable_data<uint8_t>();
  const uint8_t* nulls = a.nulls();
  for (size_t i = 0; i < args.rows; ++i) r[i] = (nulls != nullptr && nulls[i] != 0) != kNegate;
  return absl::OkStatus();
}

// IS TRUE / IS FALSE (kValue), negated for IS NOT TRUE / IS NOT FALSE.
template <bool kValue, bool kNegate>
Status IsBooleanKernel(const KernelArgs& args, Column* out) {
  const Column& a = *args.columns[0];
  const uint8_t* v = a.data<uint8_t>();
  const uint8_t* nulls = a.nulls();
  uint8_t* r = out->mutable_data<uint8_t>();
  for (size_t i = 0; i < args.rows; ++i) {
    bool is = !RowIsNull(nulls, i) && (v[i] != 0) == kValue;
    r[i] = is != kNegate;
  }
  return absl::OkStatus();
}

template <bool kNegate>
Status DistinctKernel(const KernelArgs& args, Column* out) {
  const Column& a = *args.columns[0];
  const Column& b = *args.columns[1];
  uint8_t* r = out->mutable_data<uint8_t>();
  DispatchPhysical(a.physical(), [&](auto tag) {
    using T = decltype(tag);
    const T* x = a.data<T>();
    const T* y = b.data<T>();
    for (size_t i = 0; i < args.rows; ++i) {
      bool xn = a.IsNull(i), yn = b.IsNull(i);
      bool distinct = (xn || yn) ? xn != yn : !(x[i] == y[i]);
      r[i] = distinct != kNegate;
    }
  });
  return absl::OkStatus();
}

// --- IN ----------------------------------------------------------------------------------------

StatusOr<DataType> ResolveIn(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(ANY, ANY, ...) of compatible types";
  if (args->size() < 2) return SignatureError(kExpected);
  DataType common;
  if (!CommonTypeOf(*args, &common)) {
    // A string list against a typed value, or the reverse: cast to the value's type.
    if (!ComparisonType((*args)[0], (*args)[1], &common)) return SignatureError(kExpected);
  }
  if (IsNullType(common)) common = DataType::Int();
  const bool nullable = AnyNullable(*args);
  for (DataType& t : *args) t = CastTarget(common, t);
  return DataType::Boolean().WithNullable(nullable);
}

// x IN (v1, ...): TRUE if some vi = x, else NULL if x or some vi is NULL, else FALSE.
Status InKernel(const KernelArgs& args, Column* out) {
  const Column& x = *args.columns[0];
  const size_t values = args.columns.size() - 1;
  uint8_t* r = out->mutable_data<uint8_t>();
  uint8_t* nulls = nullptr;
  auto set_null = [&](size_t i) {
    if (nulls == nullptr) nulls = out->mutable_nulls();
    nulls[i] = 1;
  };
  bool all_literal = true;
  for (size_t v = 1; v <= values; ++v) all_literal = all_literal && args.IsLiteral(v);
  DispatchPhysical(x.physical(), [&](auto tag) {
    using T = decltype(tag);
    const T* xv = x.data<T>();
    if (all_literal && values > 8) {
      // A constant list: one hash set per batch.
      absl::flat_hash_set<T> set;
      bool list_has_null = false;
      for (size_t v = 1; v <= values; ++v) {
        const Column& c = *args.columns[v];
        if (c.IsNull(0)) {
          list_has_null = true;
        } else {
          set.insert(c.data<T>()[0]);
        }
      }
      for (size_t i = 0; i < args.rows; ++i) {
        if (x.IsNull(i)) {
          set_null(i);
          continue;
        }
        r[i] = set.contains(xv[i]);
        if (!r[i] && list_has_null) set_null(i);
      }
      return;
    }
    for (size_t i = 0; i < args.rows; ++i) {
      if (x.IsNull(i)) {
        set_null(i);
        continue;
      }
      bool found = false, saw_null = false;
      for (size_t v = 1; v <= values && !found; ++v) {
        const Column& c = *args.columns[v];
        if (c.IsNull(i)) {
          saw_null = true;
        } else {
          found = c.data<T>()[i] == xv[i];
        }
      }
      r[i] = found;
      if (!found && saw_null) set_null(i);
    }
  });
  return absl::OkStatus();
}

// --- GREATEST / LEAST --------------------------------------------------------------------------

StatusOr<DataType> ResolveGreatest(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(COMPARABLE, ...) of compatible types";
  if (args->empty()) return SignatureError(kExpected);
  DataType common;
  if (!CommonTypeOf(*args, &common)) return SignatureError(kExpected);
  if (IsNullType(common)) common = DataType::Int();
  for (DataType& t : *args) t = CastTarget(common, t);
  return NullableIfAny(common, *args);
}

template <bool kGreatest>
Status ExtremeKernel(const KernelArgs& args, Column* out) {
  DispatchPhysical(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    T* r = out->mutable_data<T>();
    const T* first = args.columns[0]->data<T>();
    std::copy(first, first + args.rows, r);
    for (size_t a = 1; a < args.columns.size(); ++a) {
      const T* v = args.columns[a]->data<T>();
      for (size_t i = 0; i < args.rows; ++i) {
        if (kGreatest ? r[i] < v[i] : v[i] < r[i]) r[i] = v[i];
      }
    }
  });
  if (out->physical() == types::PhysicalType::kString) {
    for (const Column* c : args.columns) out->ShareArenasOf(*c);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterComparisonFunctions(std::vector<ScalarFunction>* out) {
  out->push_back(
      {.name = "=", .resolve = ResolveComparison, .kernel = CompareKernel<std::equal_to<>>});
  out->push_back(
      {.name = "<>", .resolve = ResolveComparison, .kernel = CompareKernel<std::not_equal_to<>>});
  out->push_back({.name = "<", .resolve = ResolveComparison, .kernel = CompareKernel<std::less<>>});
  out->push_back(
      {.name = "<=", .resolve = ResolveComparison, .kernel = CompareKernel<std::less_equal<>>});
  out->push_back(
      {.name = ">", .resolve = ResolveComparison, .kernel = CompareKernel<std::greater<>>});
  out->push_back(
      {.name = ">=", .resolve = ResolveComparison, .kernel = CompareKernel<std::greater_equal<>>});
  constexpr NullHandling kCustom = NullHandling::kCustom;
  out->push_back({.name = "IS NULL",
                  .resolve = ResolveIsNull,
                  .kernel = IsNullKernel<false>,
                  .null_handling = kCustom});
  out->push_back({.name = "IS NOT NULL",
                  .resolve = ResolveIsNull,
                  .kernel = IsNullKernel<true>,
                  .null_handling = kCustom});
  out->push_back({.name = "IS TRUE",
                  .resolve = ResolveIsBoolean,
                  .kernel = IsBooleanKernel<true, false>,
                  .null_handling = kCustom});
  out->push_back({.name = "IS FALSE",
                  .resolve = ResolveIsBoolean,
                  .kernel = IsBooleanKernel<false, false>,
                  .null_handling = kCustom});
  out->push_back({.name = "IS NOT TRUE",
                  .resolve = ResolveIsBoolean,
                  .kernel = IsBooleanKernel<true, true>,
                  .null_handling = kCustom});
  out->push_back({.name = "IS NOT FALSE",
                  .resolve = ResolveIsBoolean,
                  .kernel = IsBooleanKernel<false, true>,
                  .null_handling = kCustom});
  out->push_back({.name = "IS DISTINCT FROM",
                  .resolve = ResolveDistinct,
                  .kernel = DistinctKernel<false>,
                  .null_handling = kCustom});
  out->push_back({.name = "IS NOT DISTINCT FROM",
                  .resolve = ResolveDistinct,
                  .kernel = DistinctKernel<true>,
                  .null_handling = kCustom});
  out->push_back(
      {.name = "IN", .resolve = ResolveIn, .kernel = InKernel, .null_handling = kCustom});
  out->push_back({.name = "GREATEST", .resolve = ResolveGreatest, .kernel = ExtremeKernel<true>});
  out->push_back({.name = "LEAST", .resolve = ResolveGreatest, .kernel = ExtremeKernel<false>});
}

}  // namespace sluice::expr
