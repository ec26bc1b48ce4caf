// WindowTableFunction: TABLE(TUMBLE|HOP|CUMULATE(TABLE t, DESCRIPTOR(ts), ...)). Appends
// window_start, window_end (TIMESTAMP(3), wall clock) and window_time (window_end - 1 ms, of the
// time column's kind: for a TIMESTAMP_LTZ column the instant of that wall-clock time) to every
// row, once per window the row falls into (TUMBLE: one; HOP: size/slide, latest window first;
// CUMULATE: every window of its max-size window ending after it, earliest first, as Flink lists
// them). For TUMBLE the input columns pass through uncopied. Rows whose time is NULL are dropped,
// as Flink's window table function does. SESSION windows are SessionWindowTableFunction's.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sluice/operators/window_assigner.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class WindowTableFunction : public runtime::Operator {
 public:
  /// `node` is a kWindowTableFunction node with a TUMBLE, HOP or CUMULATE window.
  explicit WindowTableFunction(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  std::string name() const override { return "WindowTableFunction"; }

 private:
  types::SchemaPtr schema_;
  planner::WindowSpec window_;
  int time_column_;
  std::unique_ptr<WindowAssigner> assigner_;
  std::vector<uint32_t> selection_;
  std::vector<std::pair<int64_t, int64_t>> windows_;
};

}  // namespace sluice::operators
