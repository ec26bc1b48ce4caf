// Calc: WHERE then SELECT over each batch (Flink's Calc). The condition gives a selection vector;
// projections are evaluated over the selected rows, column references without a copy. Row kinds
// pass through, so Calc works on changelog streams too.
#pragma once

#include <string>
#include <vector>

#include "sluice/expr/expression.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class Calc : public runtime::Operator {
 public:
  /// `node` is a kCalc node: projections, optional condition, output schema.
  explicit Calc(const planner::PlanNode& node);

  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  std::string name() const override { return "Calc"; }

 private:
  types::SchemaPtr schema_;
  std::vector<expr::ExprPtr> projections_;
  expr::ExprPtr condition_;
  // Input columns the projections read: only these are gathered when the condition drops rows.
  std::vector<bool> projection_reads_;
  std::vector<uint32_t> selection_;
};

}  // namespace sluice::operators
