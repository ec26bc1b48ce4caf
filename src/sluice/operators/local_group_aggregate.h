// LocalGroupAggregate: the local half of two-phase aggregation
// ('table.optimizer.agg-phase-strategy', with mini-batch on), chained to its input before the
// hash exchange, as Flink's LocalGroupAggregate. It folds the rows of one mini-batch bundle per
// key (accumulating +I/+U, retracting -U/-D) and, when the bundle ends, sends one insert row per
// key: the keys, the bundle's net row count and each aggregate's partial accumulator
// (GroupAccumulators::Serialize). A hot key thus reaches its global subtask once per bundle
// instead of once per row. It keeps no state between bundles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/group_accumulators.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/mini_batch.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class LocalGroupAggregate : public runtime::Operator {
 public:
  /// `node` is a kAggregate node of phase kLocal.
  LocalGroupAggregate(const planner::PlanNode& node, MiniBatchOptions mini_batch);

  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  Status OnProcessingTime(int64_t now, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return "LocalGroupAggregate"; }

 private:
  struct Group {
    int64_t row_count = 0;
    std::vector<types::Value> keys;
    std::vector<GroupAccumulators::State> states;
  };

  Status FlushBundle(runtime::Output* out);

  types::SchemaPtr schema_;
  std::vector<int> group_keys_;
  GroupAccumulators accumulators_;
  MiniBatch mini_batch_;
  KeyEncoder encoder_;
  absl::flat_hash_map<std::string, uint32_t> index_;  // encoded key -> position in groups_
  std::vector<Group> groups_;                         // the bundle's keys, first seen first
  size_t group_count_ = 0;                            // entries of groups_ in use
  std::string key_;
  std::string partial_;
};

}  // namespace sluice::operators
