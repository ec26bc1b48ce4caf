// The scalar function registry: every built-in function and operator Sluice evaluates, with its
// type rules and vectorized kernel. Registration is one explicit list in function_registry.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "sluice/common/status.h"
#include "sluice/expr/expression.h"
#include "sluice/types/column.h"

namespace sluice::expr {

/// What a kernel may read besides its arguments.
struct EvalContext {
  absl::TimeZone local_time_zone = absl::UTCTimeZone();  // table.local-time-zone
  /// Microseconds since epoch used for CURRENT_TIMESTAMP / NOW() / PROCTIME() in this batch.
  int64_t current_timestamp_micros = 0;
};

/// Arguments of a kernel call: columns already cast to the types the function's Resolve asked
/// for, all with `rows` rows.
struct KernelArgs {
  const std::vector<const types::Column*>& columns;
  size_t rows;
  const EvalContext& context;
};

/// Result-type rule: given the argument types, fill `arg_types` with the types the arguments must
/// be cast to (initially the argument types themselves) and return the result type, or an
/// InvalidArgument error ("function 'X' does not accept (INT, STRING); expected ...").
using ResolveFn = StatusOr<types::DataType> (*)(std::vector<types::DataType>* arg_types);

/// Kernel: writes `args.rows` values into `out` (already typed as the result type and empty).
using KernelFn = Status (*)(const KernelArgs& args, types::Column* out);

enum class NullHandling {
  kPropagate,  // a NULL in any argument gives NULL; the kernel may ignore nulls entirely
  kCustom,     // the kernel looks at nulls itself (IS NULL, COALESCE, AND/OR, CASE, IF, ...)
};

struct ScalarFunction {
  std::string name;  // upper case: "+", "=", "AND", "UPPER", "DATE_FORMAT", ...
  ResolveFn resolve;
  KernelFn kernel;
  NullHandling null_handling = NullHandling::kPropagate;
  bool deterministic = true;  // false for NOW(), RAND(), PROCTIME(): never constant-folded
  /// Lazy: the evaluator evaluates each argument only on the rows that need it (CASE, IF) so that
  /// an untaken branch cannot fail; `kernel` is unused for these.
  bool lazy = false;
};

/// Looks up a function by name (case-insensitive), nullptr if unknown.
const ScalarFunction* FindScalarFunction(std::string_view name);
/// All registered names, for SHOW FUNCTIONS.
std::vector<std::string> ScalarFunctionNames();

/// Resolves a call: finds `name`, checks the argument types, wraps arguments in implicit casts
/// and returns the bound call. Errors: "unknown function 'FOO'", type mismatches.
StatusOr<ExprPtr> ResolveCall(std::string_view name, std::vector<ExprPtr> args);

}  // namespace sluice::expr
