// RankOrder: the ORDER BY of a ROW_NUMBER(): reads a row's sort key (one Value per key) and orders
// sort keys by the keys' directions and NULL placement. TopNBuffer is the sorted map the rank
// operators keep per partition.
#pragma once

#include <map>
#include <vector>

#include "sluice/operators/changelog_writer.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/types/batch.h"

namespace sluice::operators {

/// Orders sort keys (one Value per ORDER BY key) by the keys' directions and NULL placement.
struct SortKeyLess {
  const std::vector<planner::SortKey>* keys = nullptr;
  bool operator()(const Row& a, const Row& b) const;
};

/// The rows of one partition ordered by sort key; rows with equal keys in arrival order.
using TopNBuffer = std::map<Row, std::vector<Row>, SortKeyLess>;

class RankOrder {
 public:
  /// `keys` are ORDER BY keys over the rank's input columns.
  explicit RankOrder(const std::vector<planner::SortKey>& keys);
  RankOrder(const RankOrder&) = delete;
  RankOrder& operator=(const RankOrder&) = delete;

  /// The sort key of row `row` of `batch`.
  Row Read(const types::Batch& batch, size_t row) const;
  /// The sort key of a row held as Values.
  Row Of(const Row& row) const;
  /// The comparison; valid as long as this RankOrder.
  SortKeyLess less() const { return SortKeyLess{&keys_}; }

 private:
  std::vector<int> columns_;            // input column of each key
  std::vector<planner::SortKey> keys_;  // column = index into the sort key row
};

}  // namespace sluice::operators
