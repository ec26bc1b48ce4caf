// WindowJoin: a join of two windowed inputs on their window_start and window_end (and other keys),
// as Flink's WindowJoinOperator. Each side's rows are kept per window and join key until the
// watermark passes the window's window_time (window_end - 1 ms); then the window emits, insert-
// only: every pair that passes the residual condition, and for outer sides their rows without a
// match, null-padded. A row whose window has already fired is late: dropped and counted. Windows
// fire in window_end order, keys in first-seen order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/join_condition.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/window_assigner.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class WindowJoin : public runtime::Operator {
 public:
  /// `node` is a kJoin node with window_end columns on both sides.
  explicit WindowJoin(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  std::string name() const override { return "WindowJoin"; }

 private:
  struct Bucket {
    std::vector<Row> rows[2];
  };
  struct Window {
    int64_t fire_time = 0;
    absl::flat_hash_map<std::string, uint32_t> index;  // encoded key -> bucket
    std::vector<Bucket> buckets;                       // first-seen order
    std::vector<Row> null_keys[2];                     // rows with a NULL key: they never match
  };

  Status Fire(Window* window, runtime::Output* out);
  Status JoinBucket(Bucket* bucket, runtime::Output* out);

  const planner::PlanNode& node_;
  JoinCondition condition_;
  bool outer_[2];
  int window_end_[2];
  std::vector<int> keys_[2];
  KeyEncoder encoders_[2];
  std::unique_ptr<WindowAssigner> window_time_;  // window_end -> fire time
  std::map<int64_t, Window> windows_;            // by window_end
  int64_t watermark_ = runtime::kMinWatermark;
  Row null_rows_[2];
  std::string key_;
  std::vector<const Row*> candidates_;
  std::vector<bool> matched_;
  ChangelogWriter writer_;
};

}  // namespace sluice::operators
