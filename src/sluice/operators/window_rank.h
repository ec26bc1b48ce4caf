// WindowRank: window Top-N and window deduplication over rows that carry window_start and
// window_end (window TVF or window aggregation output), as Flink's WindowRankOperator and
// RowTimeWindowDeduplicateOperator. Rows are kept per (window, partition key); when the watermark
// reaches the window's last millisecond (window_end - 1 ms, in the local time zone for
// TIMESTAMP_LTZ windows) the window emits, insert-only:
// - Top-N: its rows in sort order (equal keys in arrival order), ranks rank_start..rank_end,
//   with the rank column when selected;
// - deduplication: per key the row with the smallest time (ORDER BY time ASC; a tie keeps the
//   earlier arrival) or the largest (DESC; a tie keeps the later arrival).
// Windows fire in window_end order, keys in first-seen order. A row whose window has already
// fired is late: dropped and counted. Input must be insert-only (checked by the planner).
// Keep-first TUMBLE deduplication that reads only window and key columns runs as
// CompactWindowDeduplicate instead (same rows, emitted on arrival, far less state).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/rank_order.h"
#include "sluice/operators/rank_writer.h"
#include "sluice/operators/window_assigner.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class WindowRank : public runtime::Operator {
 public:
  /// `node` is a kRank or kDeduplicate node with window columns.
  explicit WindowRank(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  std::string name() const override { return dedup_ ? "WindowDeduplicate" : "WindowRank"; }

 private:
  struct Group {
    explicit Group(SortKeyLess less) : buffer(less) {}
    TopNBuffer buffer;  // Top-N
    int64_t size = 0;
    Row kept;  // deduplication
    int64_t kept_time = 0;
  };
  struct Window {
    int64_t fire_time = 0;  // the watermark that fires it
    absl::flat_hash_map<std::string, uint32_t> index;
    std::vector<Group> groups;  // first-seen order
  };

  void Add(Group* group, const types::Batch& batch, size_t row);
  Status Fire(const Window& window, runtime::Output* out);

  const planner::PlanNode& node_;
  bool dedup_;
  int window_end_column_;
  int time_column_;
  bool keep_last_;
  RankOrder order_;
  KeyEncoder encoder_;
  std::unique_ptr<WindowAssigner> window_time_;  // window_end -> fire time
  std::map<int64_t, Window> windows_;                    // by window_end
  int64_t watermark_ = runtime::kMinWatermark;
  RankWriter writer_;
  std::string key_;
};

}  // namespace sluice::operators
