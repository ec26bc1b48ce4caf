// WindowAggregate: GROUP BY window_start, window_end, keys over TABLE(TUMBLE(...)) with event
// time. Output per (window, key): keys, aggregates, window_start, window_end, window_time, emitted
// once as +I when the watermark reaches the window's window_time (window_end - 1 ms), in
// window_end order and within a window in the order keys were first seen; the window's state is
// then freed.
//
// Per batch, vectorized: every row's window end is computed in one loop; rows of windows that
// have already fired (window_time <= current watermark) are late: dropped and counted in
// OperatorMetrics::late_rows_dropped. The rows of each window are keyed column-wise (KeyEncoder),
// mapped to slots with one hash lookup per row (skipped when a row repeats the previous key) and
// aggregated by WindowAccumulators' per-aggregate loops. Input must be insert-only, as Flink's
// planner requires for window aggregation. Rows with a NULL time are dropped (as Flink).
// End of input needs nothing special: the runtime's final +infinity watermark fires everything.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/tumbling_window_assigner.h"
#include "sluice/operators/window_accumulators.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class WindowAggregate : public runtime::Operator {
 public:
  /// `node` is a kWindowAggregate node with a TUMBLE window.
  explicit WindowAggregate(const planner::PlanNode& node);
  ~WindowAggregate() override;

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  std::string name() const override { return "WindowAggregate"; }

  /// Windows holding state (for tests).
  size_t open_windows() const { return windows_.size(); }

 private:
  struct Window;

  Window* FindOrCreateWindow(int64_t window_end);
  void AccumulateRun(Window* window, const types::Batch& batch, const uint32_t* rows, size_t count);
  Status Fire(Window* window, runtime::Output* out);

  types::SchemaPtr schema_;
  planner::WindowSpec window_spec_;
  int time_column_;
  std::vector<int> group_keys_;
  std::vector<planner::AggregateCall> calls_;
  KeyEncoder encoder_;
  std::unique_ptr<TumblingWindowAssigner> assigner_;

  std::map<int64_t, std::unique_ptr<Window>> windows_;  // by window_end (wall-clock micros)
  int64_t watermark_;

  // Per-batch scratch, reused.
  std::vector<int64_t> ends_;
  std::vector<uint32_t> run_of_row_;
  std::vector<int64_t> run_ends_;
  std::vector<std::vector<uint32_t>> run_rows_;
  std::vector<uint32_t> identity_;
  std::vector<uint32_t> slots_;
  std::string key_buffer_;
  std::vector<uint32_t> key_offsets_;
};

}  // namespace sluice::operators
