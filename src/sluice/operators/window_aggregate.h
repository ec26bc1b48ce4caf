// WindowAggregate: GROUP BY window_start, window_end, keys over TABLE(TUMBLE|HOP|CUMULATE(...))
// with event time (and the legacy GROUP BY TUMBLE(...)/HOP(...) windows). Output per (window,
// key): keys, aggregates, window_start, window_end, window_time, emitted once as +I when the
// watermark reaches the window's window_time (window_end - 1 ms), windows in end order and within
// a window keys in first-seen order.
//
// Slices, as Flink's slicing window operators: every row goes into exactly one slice (TUMBLE: its
// window; HOP: the slide; CUMULATE: the step), so a row is never copied into each window it
// covers. A HOP window merges its size/slide slices when it fires; the oldest slice is then freed.
// A CUMULATE max-size window keeps a base: when the window ending at step k fires, slice k is
// merged into the base and the base is emitted, for every key seen so far in the max window, at
// every step until the max window ends.
//
// Lateness (Flink's rule): a row whose slice has fired is dropped (and counted in
// OperatorMetrics::late_rows_dropped) only if the last window containing that slice has fired;
// otherwise it still counts toward the windows not fired yet (HOP: into its own slice; CUMULATE:
// into the base, so it shows up from the next step on). Input must be insert-only, as Flink's
// planner requires; rows with a NULL time are dropped. End of input needs nothing special: the
// runtime's final +infinity watermark fires everything.
//
// Processing time (the time column is a PROCTIME() attribute): as Flink's processing-time window
// operators, a row belongs to the slice of the operator's processing time when it arrives (the
// column's value is not read), windows fire on processing-time timers when the clock passes their
// window_time, and watermarks are ignored except the final one at end of input, which fires what
// is left. Nothing is ever late.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sluice/operators/key_encoder.h"
#include "sluice/operators/keyed_accumulators.h"
#include "sluice/operators/window_assigner.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class WindowAggregate : public runtime::Operator {
 public:
  /// `node` is a kWindowAggregate node with a TUMBLE, HOP or CUMULATE window.
  explicit WindowAggregate(const planner::PlanNode& node);
  ~WindowAggregate() override;

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  Status OnProcessingTime(int64_t now, runtime::Output* out) override;
  std::string name() const override { return "WindowAggregate"; }

  /// Slices holding state, plus CUMULATE bases (for tests).
  size_t open_windows() const { return slices_.size() + cumulations_.size(); }

 private:
  // CUMULATE: the state of one max-size window.
  struct Cumulation {
    std::unique_ptr<KeyedAccumulators> base;  // merged slices of the windows fired so far
    int64_t next_end = INT64_MAX;             // end of the next window to fire
  };

  std::unique_ptr<KeyedAccumulators> NewGroups() const;
  KeyedAccumulators* SliceGroups(int64_t slice_end);
  void AccumulateLate(int64_t slice_end, const types::Batch& batch, const uint32_t* rows,
                      size_t count);
  Status FireSlidingWindows(runtime::Output* out);
  Status FireCumulations(runtime::Output* out);
  Status Emit(const KeyedAccumulators& groups, int64_t window_start, int64_t window_end,
              bool last_use, runtime::Output* out);
  Status Fire(runtime::Output* out);
  // Processing time: a timer at the window_time of the next slice boundary after `now`, while
  // there is state to fire.
  void ScheduleNextFiring(int64_t now);

  types::SchemaPtr schema_;
  planner::WindowSpec window_spec_;
  int time_column_;
  bool proctime_;                   // windows by processing time
  int64_t next_timer_ = INT64_MIN;  // processing time: the timer registered last
  std::vector<types::DataType> key_types_;
  std::vector<planner::AggregateCall> calls_;
  KeyEncoder encoder_;
  std::unique_ptr<WindowAssigner> assigner_;

  std::map<int64_t, std::unique_ptr<KeyedAccumulators>> slices_;  // by slice end (wall clock)
  std::map<int64_t, Cumulation> cumulations_;                     // CUMULATE, by max window end
  int64_t last_fired_end_ = INT64_MIN;         // TUMBLE/HOP: end of the last window fired
  std::unique_ptr<KeyedAccumulators> merged_;  // HOP: scratch for merging a window's slices
  int64_t watermark_;

  // Per-batch scratch, reused.
  std::vector<int64_t> now_times_;  // processing time: every row's time
  std::vector<int64_t> slice_ends_;
  std::vector<uint32_t> run_of_row_;
  std::vector<int64_t> run_ends_;
  std::vector<std::vector<uint32_t>> run_rows_;
  std::vector<uint32_t> identity_;
};

}  // namespace sluice::operators
