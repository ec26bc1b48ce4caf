// Union: UNION ALL of its inputs; batches from any input are forwarded unchanged (the planner has
// already cast every input to the output types), relabelled with the output schema.
#pragma once

#include <string>

#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class Union : public runtime::Operator {
 public:
  explicit Union(const planner::PlanNode& node) : schema_(node.schema) {}

  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override {
    if (batch.num_rows == 0) return Status();
    batch.schema = schema_;
    return out->Collect(std::move(batch));
  }
  std::string name() const override { return "Union"; }

 private:
  types::SchemaPtr schema_;
};

}  // namespace sluice::operators
