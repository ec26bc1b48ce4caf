// GroupWindowAggregate: window aggregation with one state per (key, window), as Flink's
// WindowOperator for legacy group windows. It runs what the slicing WindowAggregate cannot:
// SESSION windows (merging windows per key), and TUMBLE/HOP windows with an emit strategy
// (WindowSpec::early_fire_delay, late_fire_delay, allow_lateness).
//
// Triggers follow Flink's EventTimeTriggers.afterEndOfWindow with early/late firings:
// - on time: when the watermark reaches window_end - 1 ms the window fires (+I, or -U/+U when an
//   early firing already emitted a different result);
// - early (before on time): delay 0 fires on every row, delay > 0 on a processing-time timer;
// - late (after on time, while the watermark is below window_end - 1 ms + allow_lateness): a late
//   row updates the window and fires at once, or on a processing-time timer with late delay > 0;
//   a row for a window past its lateness is dropped and counted.
// A firing whose result equals the last emitted one emits nothing. State of a window is freed
// when the watermark passes window_end - 1 ms + allow_lateness.
//
// Sessions: a row at t opens [t, t + gap) and merges with every session of its key it
// intersects (touching ends merge, as Flink's TimeWindow.intersects); a session fires when the
// watermark reaches its end - 1 ms. Rows are processed one at a time in arrival order.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/window_accumulators.h"
#include "sluice/operators/window_assigner.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/value.h"

namespace sluice::operators {

class GroupWindowAggregate : public runtime::Operator {
 public:
  /// `node` is a kWindowAggregate node; in batch mode emit strategies are ignored.
  GroupWindowAggregate(const planner::PlanNode& node, bool batch_mode);
  ~GroupWindowAggregate() override;

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  Status OnProcessingTime(int64_t now_micros, runtime::Output* out) override;
  std::string name() const override { return "GroupWindowAggregate"; }

  /// Windows holding state (for tests).
  size_t open_windows() const { return live_slots_; }

 private:
  struct Window {
    int64_t start = 0;  // wall clock micros
    int64_t end = 0;
    uint32_t slot = 0;  // accumulators
    bool fired_on_time = false;
    bool emitted = false;                // `previous` holds the last emitted aggregates
    std::vector<types::Value> previous;  // last emitted aggregate values
    int64_t processing_fire = -1;        // pending early/late processing-time firing
  };
  struct KeyState {
    std::vector<types::Value> key;
    std::vector<Window> windows;  // by start
  };
  enum class TimerKind { kFire, kCleanup };
  // (time, kind, key id, window start): event-time timers, checked against the window on firing.
  using Timer = std::tuple<int64_t, TimerKind, uint32_t, int64_t>;

  Status ProcessRow(const types::Batch& batch, size_t row, runtime::Output* out);
  Window* FindWindow(KeyState& state, int64_t start, int64_t end);
  Window* AddWindow(uint32_t key_id, int64_t start, int64_t end);
  /// SESSION: adds [start, end) to the key's sessions, merging every session it intersects;
  /// returns the resulting session.
  Window* AddSession(uint32_t key_id, int64_t start, int64_t end);
  void RemoveWindow(KeyState& state, size_t index);
  Status OnElementTrigger(uint32_t key_id, Window* window, runtime::Output* out);
  Status EmitResult(uint32_t key_id, Window* window, runtime::Output* out);
  void ResultOf(const Window& window, std::vector<types::Value>* values);
  void AppendRow(types::RowKind kind, const KeyState& state, const Window& window,
                 const std::vector<types::Value>& values);
  Status Flush(runtime::Output* out);
  int64_t TriggerTime(const Window& window) { return assigner_->WindowTime(window.end); }
  int64_t CleanupTime(const Window& window) {
    return assigner_->WindowTime(window.end + allow_lateness_);
  }
  uint32_t NewSlot();
  void FreeSlot();
  /// Copies the live windows' accumulators into a dense new set once most slots are dead.
  void CompactSlots();

  types::SchemaPtr schema_;
  planner::WindowSpec window_spec_;
  int time_column_;
  std::vector<planner::AggregateCall> calls_;
  KeyEncoder encoder_;
  bool produce_updates_;
  int64_t early_delay_;
  int64_t late_delay_;
  int64_t allow_lateness_;
  std::unique_ptr<WindowAssigner> assigner_;

  absl::flat_hash_map<std::string, uint32_t> key_ids_;
  std::vector<KeyState> keys_;
  std::unique_ptr<WindowAccumulators> accumulators_;  // a slot per live window, plus dead ones
  std::unique_ptr<WindowAccumulators> scratch_;       // merging a slot into another
  size_t live_slots_ = 0;
  std::set<Timer> timers_;
  std::set<Timer> processing_timers_;  // kind is unused: kFire
  int64_t watermark_;
  types::Batch pending_;

  // Scratch.
  std::string key_buffer_;
  std::vector<std::pair<int64_t, int64_t>> assigned_;
  std::vector<types::Value> result_;
  std::vector<types::ColumnPtr> result_columns_;  // one row: a window's aggregate results
};

}  // namespace sluice::operators
