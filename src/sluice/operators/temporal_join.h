// TemporalJoin: o JOIN r FOR SYSTEM_TIME AS OF o.rowtime ON o.k = r.k, an event-time temporal
// join against a versioned table, as Flink's TemporalRowTimeJoinOperator. The right side keeps,
// per key, its versions by their rowtime (+I/+U add a version, -D ends the row, -U is ignored);
// a left row waits until the watermark reaches its time, then meets the version valid at that
// time (the latest one at or before it, unless that one is a deletion) and emits, insert-only,
// the joined row if it passes the residual condition, or for a LEFT join the row null-padded.
// Versions older than the one valid at the watermark are dropped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/join_condition.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class TemporalJoin : public runtime::Operator {
 public:
  /// `node` is a kJoin node with temporal_left_time/temporal_right_time.
  explicit TemporalJoin(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  std::string name() const override { return "TemporalJoin"; }

 private:
  struct Version {
    Row row;
    bool deleted = false;
  };
  struct Key {
    std::multimap<int64_t, Row> waiting;  // left rows by time
    std::map<int64_t, Version> versions;  // right versions by time
  };

  Status Emit(const Row& left, const Version* version, runtime::Output* out);

  JoinCondition condition_;
  bool left_outer_;
  int left_time_;
  int right_time_;
  std::vector<int> keys_[2];
  KeyEncoder encoders_[2];
  absl::flat_hash_map<std::string, Key> state_;
  int64_t watermark_ = runtime::kMinWatermark;
  Row row_;
  Row null_right_;
  std::string key_;
  std::vector<const Row*> candidates_;
  ChangelogWriter writer_;
};

}  // namespace sluice::operators
