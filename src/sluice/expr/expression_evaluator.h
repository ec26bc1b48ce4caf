// Vectorized evaluation of bound expressions over a batch.
#pragma once

#include "sluice/common/status.h"
#include "sluice/expr/expression.h"
#include "sluice/expr/function_registry.h"
#include "sluice/types/batch.h"

namespace sluice::expr {

/// Evaluates `expr` over every row of `input`. A column reference returns the input column itself
/// (no copy). Errors (e.g. a CAST that cannot parse, integer division by zero) are
/// InvalidArgument naming the function and the offending value.
StatusOr<types::ColumnPtr> Evaluate(const Expression& expr, const types::Batch& input,
                                    const EvalContext& context);

/// Evaluates a constant expression (no column references) to a Value.
StatusOr<types::Value> EvaluateConstant(const Expression& expr, const EvalContext& context);

/// Evaluates a BOOLEAN predicate and returns the indexes of rows where it is TRUE (NULL and FALSE
/// rows are dropped), as a selection vector.
Status EvaluateFilter(const Expression& predicate, const types::Batch& input,
                      const EvalContext& context, std::vector<uint32_t>* selection);

/// Casts a column to `type` (used for implicit casts at sinks and in CAST).
StatusOr<types::ColumnPtr> CastColumn(const types::Column& input, const types::DataType& type,
                                      const EvalContext& context, bool try_cast = false);

}  // namespace sluice::expr
