// Rule-based rewrites applied to every plan before it runs (DESIGN.md §2 planner):
// constant folding, merging adjacent Calcs, pushing filters below unions, and projection
// push-down: columns nobody reads are not computed below a watermark assigner and, where the
// connector can, not read at all.
#pragma once

#include "sluice/common/status.h"
#include "sluice/expr/function_registry.h"
#include "sluice/planner/changelog_inference.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

/// `inspector` (may be null) tells which scans accept a projection.
StatusOr<PlanPtr> Optimize(const PlanPtr& plan, const expr::EvalContext& context,
                           ConnectorInspector* inspector = nullptr);

/// Replaces constant subexpressions by literals (deterministic functions only).
StatusOr<expr::ExprPtr> FoldConstants(const expr::ExprPtr& e, const expr::EvalContext& context);

}  // namespace sluice::planner
