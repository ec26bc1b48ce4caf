// GroupAccumulators: the aggregate state of one group of a non-windowed GROUP BY and the rules
// that update it, shared by GroupAggregate (one phase or the global phase) and
// LocalGroupAggregate (the local phase of two-phase aggregation).
//
// Aggregates: COUNT(x) skips NULLs, COUNT(*) counts rows; SUM/MIN/MAX/AVG ignore NULLs and give
// NULL without values; SUM of integers wraps like Java; AVG of integers truncates; AVG of DECIMAL
// is rounded half up to the result scale. DISTINCT keeps a count per distinct value per group so
// retraction works; MIN/MAX keep a multiset per group (always, so any retraction is exact). FILTER:
// a row whose filter column is not TRUE leaves that aggregate untouched. FIRST_VALUE, LAST_VALUE
// and LISTAGG skip NULLs; over insert-only input they keep one value (LISTAGG: the joined text),
// over a changelog every value in arrival order (ArrivalOrderedValues), so that any retraction
// is exact. APPROX_COUNT_DISTINCT keeps a HyperLogLog sketch.
//
// Partial form (two-phase aggregation): Serialize writes one aggregate's state as bytes and Merge
// adds such bytes into another state, for COUNT, SUM, AVG, MIN, MAX with or without DISTINCT (the
// planner only splits aggregations whose calls are all of these kinds). A DISTINCT partial is its
// value counts; merging applies each value that becomes present or absent to the aggregate.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/operators/arrival_ordered_values.h"
#include "sluice/operators/hyper_log_log.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/types/batch.h"
#include "sluice/types/value.h"

namespace sluice::operators {

class GroupAccumulators {
 public:
  // One aggregate of one group.
  struct State {
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

  /// `retracting`: the input may retract, so keep the state retraction needs. `partial`: the
  /// states are a local bundle's partials, where a retraction may come before (in an earlier
  /// bundle) the value it retracts, so DISTINCT and MIN/MAX value counts may go negative.
  GroupAccumulators(std::vector<planner::AggregateCall> calls, bool retracting,
                    bool partial = false);

  size_t size() const { return calls_.size(); }
  const std::vector<planner::AggregateCall>& calls() const { return calls_; }

  /// Fresh states, one per aggregate.
  void Init(std::vector<State>* states) const;
  /// Points the aggregates at the argument and filter columns of `batch`.
  void Bind(const types::Batch& batch);
  /// Accumulates (or retracts) row `row` of the bound batch into every aggregate.
  void Update(std::vector<State>* states, size_t row, bool accumulate);
  /// The current results, one per aggregate.
  void Results(const std::vector<State>& states, std::vector<types::Value>* results) const;

  /// Appends the partial form of aggregate `a`'s state to `out`.
  void Serialize(size_t a, const State& state, std::string* out) const;
  /// Adds a partial written by Serialize into `state`.
  Status Merge(size_t a, State* state, std::string_view partial);

 private:
  struct BoundAggregate {
    const types::Column* argument = nullptr;
    const types::Column* filter = nullptr;
  };

  void UpdateOne(size_t a, State* state, size_t row, bool accumulate);
  // Applies one (non-NULL, distinct-filtered) value to a COUNT/SUM/AVG/MIN/MAX aggregate.
  void ApplyValue(size_t a, State* state, const types::Value& value, int64_t delta) const;
  types::Value Result(size_t a, const State& state) const;

  std::vector<planner::AggregateCall> calls_;
  bool retracting_;
  bool partial_;
  uint64_t next_order_ = 0;  // arrival number of the next value of ArrivalOrderedValues
  std::vector<BoundAggregate> bound_;
  std::vector<int> argument_scales_;  // DECIMAL scale of each aggregate's argument
  std::string encoded_;               // a value's encoding, to hash into a sketch
};

}  // namespace sluice::operators
