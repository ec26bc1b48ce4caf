// Sort: ORDER BY [LIMIT n] [OFFSET m] over a bounded input. Buffers every row, applying the
// changelog on the way (a -U/-D row removes one equal earlier row), and at end of input emits the
// rows sorted (stable; NULLs first or last per key; strings in byte order) as +I, skipping
// `offset` rows and keeping at most `limit`. Without sort keys it only applies OFFSET/LIMIT in
// arrival order. Unbounded inputs never end, so they never produce output here: the planner only
// uses Sort for bounded queries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class Sort : public runtime::Operator {
 public:
  /// `node` is a kSort node (sort_keys, limit, offset).
  explicit Sort(const planner::PlanNode& node);

  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return "Sort"; }

 private:
  // Removes one live buffered row equal to row `row` of `batch`; false if there is none.
  bool Retract(const types::Batch& batch, size_t row);
  void IndexRows(size_t begin, size_t end);
  // Three-way comparison of buffered rows a and b on the sort keys.
  int Compare(uint32_t a, uint32_t b) const;

  types::SchemaPtr schema_;
  std::vector<planner::SortKey> keys_;
  int64_t limit_;
  int64_t offset_;
  types::Batch rows_;             // every buffered row, in arrival order
  std::vector<uint8_t> removed_;  // per buffered row: retracted
  // Rows by their full encoding, built on the first retraction (insert-only inputs never pay).
  bool indexed_ = false;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> index_;
  KeyEncoder encoder_;
  std::string key_;
};

}  // namespace sluice::operators
