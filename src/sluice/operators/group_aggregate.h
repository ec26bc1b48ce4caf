// GroupAggregate: non-windowed GROUP BY (and SELECT DISTINCT) with changelog output, as Flink's
// GroupAggFunction without mini-batch.
//
// Streaming mode processes rows one by one in arrival order: +I/+U rows accumulate into their
// group, -U/-D rows retract (a retraction for an unknown group is ignored). After each row:
// the group's row count reached 0 -> -D with the previous result and the group is deleted; the
// group's first result -> +I; an unchanged result -> nothing; otherwise -U(previous), +U(new).
// Batch mode ('execution.runtime-mode' = 'batch') emits one +I per non-empty group at end of
// input, in first-seen order; a global aggregate (no GROUP BY) over an empty input emits one row
// (COUNT 0, everything else NULL), while streaming mode emits nothing until the first row.
//
// Aggregates: COUNT(x) skips NULLs, COUNT(*) counts rows; SUM/MIN/MAX/AVG ignore NULLs and give
// NULL without values; SUM of integers wraps like Java; AVG of integers truncates; AVG of DECIMAL
// is rounded half up to the result scale. DISTINCT keeps a count per distinct value per group so
// retraction works; MIN/MAX keep a multiset per group (always, so any retraction is exact). FILTER:
// a row whose filter column is not TRUE leaves that aggregate untouched. FIRST_VALUE, LAST_VALUE
// and LISTAGG skip NULLs; over insert-only input they keep one value (LISTAGG: the joined text),
// over a changelog every value in arrival order (ArrivalOrderedValues), so that any retraction
// is exact. APPROX_COUNT_DISTINCT keeps a HyperLogLog sketch; the planner rejects it over a
// changelog.
//
// State: groups live in a hash map from the encoded key to a group id; per-group state is in a
// vector indexed by id, with the last emitted result (to compare and to retract).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/arrival_ordered_values.h"
#include "sluice/operators/hyper_log_log.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/value.h"

namespace sluice::operators {

class GroupAggregate : public runtime::Operator {
 public:
  /// `node` is a kAggregate node (group_keys, aggregates); output = keys then aggregates.
  GroupAggregate(const planner::PlanNode& node, bool batch_mode);

  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return "GroupAggregate"; }

  /// Number of live groups (for tests and EXPLAIN ANALYZE-style reporting).
  size_t group_count() const { return index_.size(); }

 private:
  // One aggregate of one group.
  struct AggregateState {
    int64_t count = 0;      // rows (COUNT(*)) or non-NULL values accumulated minus retracted
    int64_t int_sum = 0;    // SUM/AVG of integers and DECIMAL (unscaled), wrapping
    double double_sum = 0;  // SUM/AVG of FLOAT/DOUBLE
    std::unique_ptr<std::map<types::Value, int64_t>> values;    // MIN/MAX multiset
    std::unique_ptr<std::map<types::Value, int64_t>> distinct;  // DISTINCT value -> count
    types::Value value;  // FIRST_VALUE/LAST_VALUE over insert-only input
    std::string text;    // LISTAGG over insert-only input: the values joined by the separator
    std::unique_ptr<ArrivalOrderedValues> ordered;  // FIRST_VALUE/LAST_VALUE/LISTAGG, changelog
    std::unique_ptr<HyperLogLog> sketch;            // APPROX_COUNT_DISTINCT
  };
  struct Group {
    int64_t row_count = 0;  // accumulated minus retracted rows
    std::vector<types::Value> keys;
    std::vector<types::Value> result;  // last emitted aggregate values
    std::vector<AggregateState> states;
  };
  // Per batch: the columns each aggregate reads.
  struct BoundAggregate {
    const types::Column* argument = nullptr;
    const types::Column* filter = nullptr;
  };

  uint32_t NewGroup(const types::Batch& batch, size_t row);
  void Update(size_t aggregate, AggregateState* state, size_t row, bool accumulate);
  types::Value Result(size_t aggregate, const AggregateState& state) const;
  void ComputeResult(const Group& group, std::vector<types::Value>* result) const;
  Status Emit(types::RowKind kind, const std::vector<types::Value>& keys,
              const std::vector<types::Value>& values, runtime::Output* out);
  Status Flush(runtime::Output* out);

  types::SchemaPtr schema_;
  std::vector<int> group_keys_;
  std::vector<planner::AggregateCall> calls_;
  bool batch_mode_;
  bool retracting_;          // the input may retract: keep the state retraction needs
  uint64_t next_order_ = 0;  // arrival number of the next value of ArrivalOrderedValues

  KeyEncoder encoder_;
  absl::flat_hash_map<std::string, uint32_t> index_;  // encoded key -> group id
  std::vector<Group> groups_;
  std::vector<uint32_t> free_ids_;
  std::vector<BoundAggregate> bound_;
  std::vector<int> argument_scales_;  // DECIMAL scale of each aggregate's argument

  std::string key_;
  std::string encoded_;  // a value's encoding, to hash into a sketch
  std::vector<types::Value> scratch_;
  types::Batch pending_;  // output rows not yet collected
};

}  // namespace sluice::operators
