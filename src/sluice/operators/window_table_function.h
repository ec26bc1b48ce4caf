// WindowTableFunction: TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])). Appends
// window_start, window_end (TIMESTAMP(3), wall clock) and window_time (window_end - 1 ms, of the
// time column's kind: for a TIMESTAMP_LTZ column the instant of that wall-clock time) to every
// row; the input columns pass through uncopied. Rows whose time is NULL are dropped, as Flink's
// window table function does. Only TUMBLE is implemented; HOP/CUMULATE/SESSION are refused by
// CreateOperator.
#pragma once

#include <string>

#include "sluice/operators/tumbling_window_assigner.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class WindowTableFunction : public runtime::Operator {
 public:
  /// `node` is a kWindowTableFunction node with a TUMBLE window.
  explicit WindowTableFunction(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  std::string name() const override { return "WindowTableFunction"; }

 private:
  types::SchemaPtr schema_;
  planner::WindowSpec window_;
  int time_column_;
  std::unique_ptr<TumblingWindowAssigner> assigner_;
  std::vector<uint32_t> selection_;
};

}  // namespace sluice::operators
