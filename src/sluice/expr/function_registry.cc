#include "sluice/expr/function_registry.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "sluice/expr/ascii.h"
#include "sluice/expr/builtin_functions.h"
#include "sluice/expr/expression_evaluator.h"
#include "sluice/expr/type_rules.h"

namespace sluice::expr {

using types::DataType;
using types::TypeId;

namespace {

// Other spellings of registered functions; the bound call carries the canonical name.
constexpr std::pair<const char*, const char*> kAliases[] = {
    {"!=", "<>"},
    {"CHARACTER_LENGTH", "CHAR_LENGTH"},
    {"CEILING", "CEIL"},
    {"SUBSTR", "SUBSTRING"},
    {"%", "MOD"},
    {"POW", "POWER"},
    {"LCASE", "LOWER"},
    {"UCASE", "UPPER"},
    {"NVL", "IFNULL"},
    {"CURRENT_ROW_TIMESTAMP", "NOW"},
    {"IS UNKNOWN", "IS NULL"},
    {"IS NOT UNKNOWN", "IS NOT NULL"},
};

struct Registry {
  std::vector<ScalarFunction> functions;
  absl::flat_hash_map<std::string, const ScalarFunction*> by_name;
};

const Registry& GetRegistry() {
  static const Registry* registry = [] {
    auto* r = new Registry;
    // The one explicit list of built-in scalar functions.
    RegisterArithmeticFunctions(&r->functions);
    RegisterComparisonFunctions(&r->functions);
    RegisterLogicalFunctions(&r->functions);
    RegisterConditionalFunctions(&r->functions);
    RegisterStringFunctions(&r->functions);
    RegisterPatternFunctions(&r->functions);
    RegisterMathFunctions(&r->functions);
    RegisterTemporalFunctions(&r->functions);
    RegisterTimeConversionFunctions(&r->functions);
    RegisterHashFunctions(&r->functions);
    for (const ScalarFunction& f : r->functions) {
      SLUICE_CHECK(r->by_name.emplace(f.name, &f).second)
          << "function registered twice: " << f.name;
    }
    for (const auto& [alias, name] : kAliases) {
      auto it = r->by_name.find(name);
      SLUICE_CHECK(it != r->by_name.end()) << "alias of unknown function " << name;
      r->by_name.emplace(alias, it->second);
    }
    return r;
  }();
  return *registry;
}

// Only casts that do not depend on the session time zone are folded at bind time.
bool DependsOnZone(const DataType& from, const DataType& to) {
  return (from.id == TypeId::kTimestampLtz) != (to.id == TypeId::kTimestampLtz);
}

// `arg` as `target`: unchanged when the types agree, a typed NULL or a folded constant for
// literals, otherwise an implicit CAST.
ExprPtr CoerceArgument(ExprPtr arg, const DataType& target) {
  if (arg->type.SameAs(target) || target.id == TypeId::kNull) return arg;
  if (arg->IsLiteral()) {
    if (arg->literal.is_null()) return MakeLiteral(types::Value::Null(), target);
    ExprPtr cast = MakeCast(arg, target);
    if (!DependsOnZone(arg->type, target)) {
      auto value = EvaluateConstant(*cast, EvalContext{});
      if (value.ok() && !value->is_null()) {
        return MakeLiteral(*value, target.WithNullable(arg->type.nullable));
      }
    }
    return cast;
  }
  return MakeCast(arg, target);
}

}  // namespace

const ScalarFunction* FindScalarFunction(std::string_view name) {
  const Registry& r = GetRegistry();
  auto it = r.by_name.find(ToUpperAscii(name));
  return it == r.by_name.end() ? nullptr : it->second;
}

std::vector<std::string> ScalarFunctionNames() {
  std::vector<std::string> names;
  for (const auto& [name, function] : GetRegistry().by_name) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

StatusOr<ExprPtr> ResolveCall(std::string_view name, std::vector<ExprPtr> args) {
  const ScalarFunction* function = FindScalarFunction(name);
  if (function == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unknown function '", ToUpperAscii(name), "'"));
  }
  std::vector<DataType> arg_types;
  arg_types.reserve(args.size());
  for (const ExprPtr& arg : args) arg_types.push_back(arg->type);
  const std::vector<DataType> original = arg_types;
  StatusOr<DataType> result = function->resolve_exprs != nullptr
                                  ? function->resolve_exprs(args, &arg_types)
                                  : function->resolve(&arg_types);
  if (!result.ok()) {
    if (IsSignatureError(result.status())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot apply '", function->name, "' to arguments of type ", TypeListString(original),
          "; expected ", ToAbsl(SignatureExpectation(result.status()))));
    }
    return result.status();
  }
  SLUICE_CHECK(arg_types.size() == args.size()) << function->name << " resolve changed arity";
  for (size_t i = 0; i < args.size(); ++i) args[i] = CoerceArgument(args[i], arg_types[i]);
  return MakeCall(function, std::move(args), *result);
}

}  // namespace sluice::expr
