// WindowAccumulators: the aggregate values of every (key) slot of one window, stored column-wise
// (one typed vector per aggregate) and updated by tight per-aggregate loops over a batch's rows
// and their slots, with no per-row virtual call or allocation (DESIGN.md §10). Input is
// insert-only (window aggregation never retracts). DISTINCT keeps a hash set per slot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
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

  /// Appends the result of aggregate `aggregate` for slots [begin, end) to `out` (a column of
  /// the call's result type).
  void AppendResults(size_t aggregate, size_t begin, size_t end, types::Column* out) const;

 private:
  struct Accumulator {
    std::vector<int64_t> counts;       // COUNT, and non-NULL values of every other kind
    std::vector<int64_t> integers;     // integer/DECIMAL SUM, AVG sum, MIN/MAX of integer-likes
    std::vector<double> doubles;       // FLOAT/DOUBLE SUM, AVG sum, MIN/MAX
    std::vector<std::string> strings;  // MIN/MAX of strings
    std::vector<absl::flat_hash_set<std::string>> distinct;   // DISTINCT: values seen per slot
    types::PhysicalType input = types::PhysicalType::kInt64;  // argument's physical type
    int input_scale = 0;                                      // argument's DECIMAL scale
  };

  void AccumulateOne(size_t aggregate, const types::Batch& batch, const uint32_t* rows,
                     const uint32_t* slots, size_t count);

  const std::vector<planner::AggregateCall>* calls_;
  std::vector<Accumulator> accumulators_;
  size_t slots_ = 0;
  // Scratch: rows and slots left after FILTER, NULL and DISTINCT pruning.
  std::vector<uint32_t> kept_rows_;
  std::vector<uint32_t> kept_slots_;
  std::string value_;
};

}  // namespace sluice::operators
