// CASE, IF, COALESCE and IFNULL (lazy: the evaluator runs each branch only on its rows) and
// NULLIF. Result type: the common type of the value arguments.
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/type_rules.h"

namespace sluice::expr {

using types::Column;
using types::DataType;
using types::TypeId;

namespace {

// Casts the arguments at `value_positions` to their common type and returns it.
StatusOr<DataType> UnifyValues(std::vector<DataType>* args, const std::vector<size_t>& positions,
                               const char* expected) {
  std::vector<DataType> values;
  for (size_t p : positions) values.push_back((*args)[p]);
  DataType common;
  if (!CommonTypeOf(values, &common)) return SignatureError(expected);
  for (size_t p : positions) (*args)[p] = CastTarget(common, (*args)[p]);
  return common;
}

Status CheckConditions(std::vector<DataType>* args, const std::vector<size_t>& positions,
                       const char* expected) {
  for (size_t p : positions) {
    DataType& t = (*args)[p];
    if (!IsNullType(t) && t.id != TypeId::kBoolean) return SignatureError(expected);
    t = CastTarget(DataType::Boolean(), t);
  }
  return absl::OkStatus();
}

StatusOr<DataType> ResolveCase(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(BOOLEAN, value, ..., else value) with values of one type";
  if (args->size() < 3 || args->size() % 2 == 0) return SignatureError(kExpected);
  std::vector<size_t> conditions, values;
  for (size_t i = 0; i + 1 < args->size(); i += 2) {
    conditions.push_back(i);
    values.push_back(i + 1);
  }
  values.push_back(args->size() - 1);
  SLUICE_RETURN_IF_ERROR(CheckConditions(args, conditions, kExpected));
  return UnifyValues(args, values, kExpected);
}

StatusOr<DataType> ResolveIf(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(BOOLEAN, value, value) with values of one type";
  if (args->size() != 3) return SignatureError(kExpected);
  SLUICE_RETURN_IF_ERROR(CheckConditions(args, {0}, kExpected));
  return UnifyValues(args, {1, 2}, kExpected);
}

StatusOr<DataType> ResolveCoalesce(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(value, value, ...) of one type";
  if (args->empty()) return SignatureError(kExpected);
  std::vector<size_t> all;
  bool all_nullable = true;
  for (size_t i = 0; i < args->size(); ++i) {
    all.push_back(i);
    all_nullable = all_nullable && (*args)[i].nullable;
  }
  SLUICE_ASSIGN_OR_RETURN(DataType common, UnifyValues(args, all, kExpected));
  return common.WithNullable(all_nullable);
}

StatusOr<DataType> ResolveIfNull(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(value, value) of one type";
  if (args->size() != 2) return SignatureError(kExpected);
  const bool nullable = (*args)[0].nullable && (*args)[1].nullable;
  SLUICE_ASSIGN_OR_RETURN(DataType common, UnifyValues(args, {0, 1}, kExpected));
  return common.WithNullable(nullable);
}

StatusOr<DataType> ResolveNullIf(std::vector<DataType>* args) {
  constexpr const char* kExpected = "(value, value) of one type";
  if (args->size() != 2) return SignatureError(kExpected);
  SLUICE_ASSIGN_OR_RETURN(DataType common, UnifyValues(args, {0, 1}, kExpected));
  return common.WithNullable(true);
}

// NULLIF(a, b): NULL when a = b, else a.
Status NullIfKernel(const KernelArgs& args, Column* out) {
  const Column& a = *args.columns[0];
  const Column& b = *args.columns[1];
  DispatchPhysical(out->physical(), [&](auto tag) {
    using T = decltype(tag);
    const T* x = a.data<T>();
    const T* y = b.data<T>();
    T* r = out->mutable_data<T>();
    for (size_t i = 0; i < args.rows; ++i) {
      if (a.IsNull(i) || (!b.IsNull(i) && x[i] == y[i])) {
        out->SetNull(i);
      } else {
        r[i] = x[i];
      }
    }
  });
  if (out->physical() == types::PhysicalType::kString) out->ShareArenasOf(a);
  return absl::OkStatus();
}

}  // namespace

void RegisterConditionalFunctions(std::vector<ScalarFunction>* out) {
  constexpr NullHandling kCustom = NullHandling::kCustom;
  out->push_back({.name = "CASE",
                  .resolve = ResolveCase,
                  .kernel = nullptr,
                  .null_handling = kCustom,
                  .lazy = true});
  out->push_back({.name = "IF",
                  .resolve = ResolveIf,
                  .kernel = nullptr,
                  .null_handling = kCustom,
                  .lazy = true});
  out->push_back({.name = "COALESCE",
                  .resolve = ResolveCoalesce,
                  .kernel = nullptr,
                  .null_handling = kCustom,
                  .lazy = true});
  out->push_back({.name = "IFNULL",
                  .resolve = ResolveIfNull,
                  .kernel = nullptr,
                  .null_handling = kCustom,
                  .lazy = true});
  out->push_back({.name = "NULLIF",
                  .resolve = ResolveNullIf,
                  .kernel = NullIfKernel,
                  .null_handling = kCustom});
}

}  // namespace sluice::expr
