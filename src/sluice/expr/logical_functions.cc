// AND, OR (n-ary, three-valued, short-circuit: evaluated lazily by the evaluator so that
// `b <> 0 AND a / b > 1` never divides by zero) and NOT.
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/kernel_templates.h"
#include "sluice/expr/type_rules.h"

namespace sluice::expr {

using types::Column;
using types::DataType;

namespace {

StatusOr<DataType> ResolveAndOr(std::vector<DataType>* args) {
  if (args->size() < 2) return SignatureError("(BOOLEAN, BOOLEAN, ...)");
  for (DataType& t : *args) {
    if (!IsNullType(t) && t.id != types::TypeId::kBoolean) {
      return SignatureError("(BOOLEAN, BOOLEAN, ...)");
    }
    t = CastTarget(DataType::Boolean(), t);
  }
  return NullableIfAny(DataType::Boolean(), *args);
}

StatusOr<DataType> ResolveNot(std::vector<DataType>* args) {
  SLUICE_RETURN_IF_ERROR(CheckParams(args, {Param::kBoolean}, 1));
  return NullableIfAny(DataType::Boolean(), *args);
}

Status NotKernel(const KernelArgs& args, Column* out) {
  MapUnary<uint8_t, uint8_t>(*args.columns[0], out, args.rows, [](uint8_t v) { return v == 0; });
  return absl::OkStatus();
}

}  // namespace

void RegisterLogicalFunctions(std::vector<ScalarFunction>* out) {
  out->push_back({.name = "AND",
                  .resolve = ResolveAndOr,
                  .kernel = nullptr,
                  .null_handling = NullHandling::kCustom,
                  .lazy = true});
  out->push_back({.name = "OR",
                  .resolve = ResolveAndOr,
                  .kernel = nullptr,
                  .null_handling = NullHandling::kCustom,
                  .lazy = true});
  out->push_back({.name = "NOT", .resolve = ResolveNot, .kernel = NotKernel});
}

}  // namespace sluice::expr
