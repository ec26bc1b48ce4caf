// WindowAccumulators: the aggregate values of every (key) slot of one window, stored column-wise
// (one typed vector per aggregate) and updated by tight per-aggregate loops over a batch's rows
// and their slots, with no per-row virtual call or allocation (DESIGN.md §10). Input is
// insert-only (window aggregation never retracts). DISTINCT keeps a hash set per slot.
// FIRST_VALUE/LAST_VALUE keep one value per slot (as MIN/MAX), LISTAGG the encoded values in
// arrival order (joined when the result is taken), APPROX_COUNT_DISTINCT a HyperLogLog sketch.
// Merge combines slots of two sets as if the rows of one had arrived after the other's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "sluice/operators/distinct_set.h"
#include "sluice/operators/hyper_log_log.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/types/batch.h"

namespace sluice::operators {

class WindowAccumulators {
 public:
  /// `calls` must outlive this object.
  explicit WindowAccumulators(const std::vector<planner::AggregateCall>* calls);

  size_t slots() const { return slots_; }
  /// Adds slots (zero values) up to `slots`.
  void Resize(size_t slots);

  /// Accumulates row rows[i] of `batch` into slot slots[i], for i < count.
  void Accumulate(const types::Batch& batch, const uint32_t* rows, const uint32_t* slots,
                  size_t count);

  /// Merges slot from_slots[i] of `from` (same calls) into slot to_slots[i] of this, for i < count.
  /// `from` holds rows that arrived after the rows already in the target slots (matters for
  /// FIRST_VALUE / LAST_VALUE / LISTAGG order).
  void Merge(const WindowAccumulators& from, const uint32_t* from_slots, const uint32_t* to_slots,
             size_t count);

  /// Drops every slot (back to 0 slots), keeping capacity.
  void Clear();

  /// Appends the result of aggregate `aggregate` for slots [begin, end) to `out` (a column of
  /// the call's result type).
  void AppendResults(size_t aggregate, size_t begin, size_t end, types::Column* out) const;

 private:
  struct Accumulator {
    std::vector<int64_t> counts;        // COUNT, and non-NULL values of every other kind
    std::vector<int64_t> integers;      // integer/DECIMAL SUM, AVG sum, MIN/MAX of integer-likes
    std::vector<double> doubles;        // FLOAT/DOUBLE SUM, AVG sum, MIN/MAX
    std::vector<std::string> strings;   // MIN/MAX of strings
    std::vector<DistinctSet> distinct;  // DISTINCT: values seen per slot
    // LISTAGG and LAST_VALUE(DISTINCT): the KeyEncoder encodings of the values, in arrival order.
    std::vector<std::string> lists;
    std::vector<HyperLogLog> sketches;                        // APPROX_COUNT_DISTINCT
    types::PhysicalType input = types::PhysicalType::kInt64;  // argument's physical type
    int input_scale = 0;                                      // argument's DECIMAL scale
    bool input_known = false;  // `input` was set (from a batch, or merged in)
  };

  void AccumulateOne(size_t aggregate, const types::Batch& batch, const uint32_t* rows,
                     const uint32_t* slots, size_t count);
  void MergeOne(size_t aggregate, const Accumulator& from, const uint32_t* from_slots,
                const uint32_t* to_slots, size_t count);
  /// DISTINCT: adds the values of `from`'s slot that `slot` has not seen, one by one.
  void MergeDistinct(size_t aggregate, const Accumulator& from, uint32_t from_slot, uint32_t slot);
  /// Adds one DISTINCT value (KeyEncoder encoding, not NULL) to `slot`, as Accumulate would
  /// (for COUNT, SUM, AVG, LISTAGG and LAST_VALUE: the kinds that keep a DISTINCT set).
  void AddEncodedValue(size_t aggregate, uint32_t slot, std::string_view encoded);

  const std::vector<planner::AggregateCall>* calls_;
  std::vector<Accumulator> accumulators_;
  size_t slots_ = 0;
  // Scratch: rows and slots left after FILTER, NULL and DISTINCT pruning.
  std::vector<uint32_t> kept_rows_;
  std::vector<uint32_t> kept_slots_;
  std::string value_;
};

}  // namespace sluice::operators
