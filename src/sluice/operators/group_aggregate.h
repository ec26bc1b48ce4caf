// GroupAggregate: non-windowed GROUP BY (and SELECT DISTINCT) with changelog output, as Flink's
// GroupAggFunction; also the global half of two-phase aggregation (GlobalGroupAggregate, which
// merges the partial accumulators LocalGroupAggregate sends instead of reading rows).
//
// Streaming mode processes rows in arrival order: +I/+U rows accumulate into their group, -U/-D
// rows retract (a retraction for an unknown group is ignored). After each row — or, with
// mini-batch, once per key at the end of each bundle (MiniBatch) — the group's row count reached
// 0 -> -D with the previous result and the group is deleted; the group's first result -> +I; an
// unchanged result -> nothing; otherwise -U(previous), +U(new).
// Batch mode ('execution.runtime-mode' = 'batch') emits one +I per non-empty group at end of
// input, in first-seen order; a global aggregate (no GROUP BY) over an empty input emits one row
// (COUNT 0, everything else NULL), while streaming mode emits nothing until the first row.
// With 'table.exec.state.ttl' a group not written for that long (processing time) is forgotten:
// its next row starts it over with +I, as Flink's state TTL does.
//
// The aggregates' rules are GroupAccumulators'. State: groups live in a hash map from the encoded
// key to a group id; per-group state is in a vector indexed by id, with the last emitted result
// (to compare and to retract).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/group_accumulators.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/mini_batch.h"
#include "sluice/operators/state_ttl.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/value.h"

namespace sluice::operators {

struct GroupAggregateOptions {
  bool batch_mode = false;
  MiniBatchOptions mini_batch;
  int64_t state_ttl = 0;  // microseconds, 0 = never expires
};

class GroupAggregate : public runtime::Operator {
 public:
  /// `node` is a kAggregate node (group_keys, aggregates); output = keys then aggregates. A
  /// kGlobal node reads keys, a row count and one partial per aggregate (at its argument column).
  GroupAggregate(const planner::PlanNode& node, GroupAggregateOptions options);
  GroupAggregate(const planner::PlanNode& node, bool batch_mode)
      : GroupAggregate(node, GroupAggregateOptions{batch_mode, {}, 0}) {}

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  Status OnProcessingTime(int64_t now, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return merge_ ? "GlobalGroupAggregate" : "GroupAggregate"; }

  /// Number of live groups (for tests and EXPLAIN ANALYZE-style reporting).
  size_t group_count() const { return index_.size(); }

 private:
  struct Group {
    int64_t row_count = 0;  // accumulated minus retracted rows
    bool emitted = false;   // a result was sent and not deleted since
    bool dirty = false;     // changed in the current mini-batch bundle
    int64_t written = 0;    // processing time of the last change (state TTL)
    std::vector<types::Value> keys;
    std::vector<types::Value> result;  // last emitted aggregate values
    std::vector<GroupAccumulators::State> states;
  };
  using Index = absl::flat_hash_map<std::string, uint32_t>;

  uint32_t NewGroup(const types::Batch& batch, size_t row);
  void ResetGroup(Group* group);
  // Sends what changed in the group since its last emission; deletes an empty group.
  Status EmitChange(Index::iterator it, runtime::Output* out);
  Status FlushBundle(runtime::Output* out);
  Status Emit(types::RowKind kind, const std::vector<types::Value>& keys,
              const std::vector<types::Value>& values, runtime::Output* out) {
    return writer_.Append(kind, keys, &values, out);
  }
  void SweepExpired(int64_t now);

  types::SchemaPtr schema_;
  std::vector<int> group_keys_;
  GroupAggregateOptions options_;
  bool merge_;  // global phase: inputs are partial accumulators
  GroupAccumulators accumulators_;
  MiniBatch mini_batch_;
  StateTtl ttl_;

  KeyEncoder encoder_;
  Index index_;  // encoded key -> group id
  std::vector<Group> groups_;
  std::vector<uint32_t> free_ids_;
  std::vector<std::string> dirty_keys_;  // the bundle's changed groups, first change first
  size_t dirty_count_ = 0;               // entries of dirty_keys_ in use (their capacity stays)

  std::string key_;
  std::vector<types::Value> scratch_;
  ChangelogWriter writer_;
};

}  // namespace sluice::operators
