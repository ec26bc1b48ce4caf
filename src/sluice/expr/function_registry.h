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
  /// Per argument, true when it is a literal broadcast to every row (kernels may read row 0 once
  /// instead of every row); null when unknown.
  const std::vector<bool>* literal_args = nullptr;

  bool IsLiteral(size_t i) const { return literal_args != nullptr && (*literal_args)[i]; }
};

/// Result-type rule: given the argument types, fill `arg_types` with the types the arguments must
/// be cast to (initially the argument types themselves) and return the result type, or an
/// InvalidArgument error. Rules return type_rules.h's SignatureError("(STRING, INTEGER)"), which
/// ResolveCall reports as "cannot apply 'F' to arguments of type (INT); expected (STRING, ...)".
using ResolveFn = StatusOr<types::DataType> (*)(std::vector<types::DataType>* arg_types);

/// Result-type rule for functions whose result type or validity depends on a literal argument
/// (ROUND(d, 2), EXTRACT's unit, TRIM's mode): same contract as ResolveFn, and it may read the
/// argument expressions. Used instead of `resolve` when set.
using ResolveExprsFn = StatusOr<types::DataType> (*)(const std::vector<ExprPtr>& args,
                                                     std::vector<types::DataType>* arg_types);

/// Kernel: writes `args.rows` values into `out`. `out` is typed as the result type and already
/// sized to `args.rows` rows; for kPropagate functions its null bytes already hold the OR of the
/// argument nulls (absent when no argument has nulls), so a kernel may skip or ignore null rows
/// and must not clear those bytes. A kernel may add nulls (SetNull / mutable_nulls()).
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
  /// Lazy: the evaluator evaluates each argument only on the rows that need it (CASE, IF,
  /// COALESCE, IFNULL, AND, OR) so that an untaken branch cannot fail; `kernel` is unused.
  bool lazy = false;
  /// See ResolveExprsFn; null for most functions.
  ResolveExprsFn resolve_exprs = nullptr;
};

/// Looks up a function by name (case-insensitive), nullptr if unknown.
const ScalarFunction* FindScalarFunction(std::string_view name);
/// All registered names, for SHOW FUNCTIONS.
std::vector<std::string> ScalarFunctionNames();

/// Resolves a call: finds `name`, checks the argument types, wraps arguments in implicit casts
/// and returns the bound call. Errors: "unknown function 'FOO'", type mismatches
/// ("cannot apply '+' to arguments of type (INT, BOOLEAN)").
///
/// Argument conventions of the special forms (keywords are passed as upper-case STRING
/// literals, e.g. MakeLiteral(Value::String("YEAR"), DataType::String())):
///   NEGATE(x)                         unary minus
///   || (a, b)                         string concatenation (same as CONCAT)
///   CASE(c1, v1, c2, v2, ..., else)   searched CASE; always with an ELSE (NULL literal if absent)
///   IF(c, a, b), COALESCE(a, ...), IFNULL(a, b), NULLIF(a, b)
///   IN(x, v1, v2, ...)                NOT IN is NOT(IN(...))
///   LIKE(s, pattern[, escape])        NOT LIKE is NOT(LIKE(...))
///   TRIM(mode, chars, s)              mode 'BOTH' | 'LEADING' | 'TRAILING' literal
///   EXTRACT(unit, x)                  unit 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK' | 'DAY' |
///                                     'DOW' | 'ISODOW' | 'DOY' | 'HOUR' | 'MINUTE' | 'SECOND' |
///                                     'MILLISECOND' | 'MICROSECOND' | 'EPOCH' | 'DECADE' |
///                                     'CENTURY' | 'MILLENNIUM' | 'ISOYEAR' literal
///   FLOOR(x, unit), CEIL(x, unit)     FLOOR/CEIL(x TO unit) on DATE/TIMESTAMP[_LTZ]; unit
///                                     'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK' | 'DAY' | 'HOUR' |
///                                     'MINUTE' | 'SECOND' | 'MILLISECOND' literal
///   TIMESTAMPADD(unit, n, x), TIMESTAMPDIFF(unit, a, b)   unit 'YEAR' | 'QUARTER' | 'MONTH' |
///                                     'WEEK' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND' |
///                                     'MILLISECOND' | 'MICROSECOND' literal
///   POSITION(needle, haystack)        POSITION(a IN b)
///   IS NULL, IS NOT NULL, IS TRUE, IS FALSE, IS NOT TRUE, IS NOT FALSE, IS [NOT] UNKNOWN,
///   IS DISTINCT FROM, IS NOT DISTINCT FROM   (names with spaces, one or two arguments)
/// Unit names may also be plural or lower case ('days').
StatusOr<ExprPtr> ResolveCall(std::string_view name, std::vector<ExprPtr> args);

}  // namespace sluice::expr
