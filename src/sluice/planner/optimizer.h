// Rule-based rewrites applied to every plan before it runs (DESIGN.md §2 planner):
// constant folding, merging adjacent Calcs (which pushes projections down to the scan's Calc),
// and pushing filters below unions.
#pragma once

#include "sluice/common/status.h"
#include "sluice/expr/function_registry.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

StatusOr<PlanPtr> Optimize(const PlanPtr& plan, const expr::EvalContext& context);

/// Replaces constant subexpressions by literals (deterministic functions only).
StatusOr<expr::ExprPtr> FoldConstants(const expr::ExprPtr& e, const expr::EvalContext& context);

}  // namespace sluice::planner
