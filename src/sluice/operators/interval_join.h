// IntervalJoin: a join whose condition bounds one side's rowtime by the other's,
//   l.ts BETWEEN r.ts - INTERVAL '10' MINUTE AND r.ts + INTERVAL '5' MINUTE,
// as Flink's RowTimeIntervalJoin. Rows are kept per join key by time; a row meets the other
// side's rows of its key within the bounds (and the residual condition) and emits the joined
// rows at once, insert-only. The watermark (the operator time) expires rows: a left row at time t
// is dropped once the watermark passes t + (-lower), a right row once it passes t + upper, where
// lower <= l.ts - r.ts <= upper; an outer side's row that never matched is then emitted
// null-padded. A row that arrives when the other side can no longer match it is not kept (for an
// outer side it is emitted null-padded at once). The output watermark is held back by the larger
// of the two spans, as output rows carry times that far behind the input watermark.
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

class IntervalJoin : public runtime::Operator {
 public:
  /// `node` is a kJoin node with interval bounds.
  explicit IntervalJoin(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  int64_t OutputWatermark(int64_t watermark) const override;
  std::string name() const override { return "IntervalJoin"; }

  /// Rows held per side, for tests.
  size_t row_count(int side) const;

 private:
  struct Entry {
    Row row;
    bool emitted = false;  // joined at least once (outer sides)
  };
  using Rows = std::map<int64_t, std::vector<Entry>>;  // by row time
  struct Side {
    std::vector<int> keys;
    int time_column = -1;
    bool outer = false;
    size_t width = 0;
    int64_t relative_size = 0;    // how long after its time a row of this side may match
    int64_t expiration_time = 0;  // rows at or before it are gone (Flink's *ExpirationTime)
    absl::flat_hash_map<std::string, Rows> rows;  // encoded key -> rows by time
  };

  Status Process(int side, const std::string& key, int64_t time, runtime::Output* out);
  // Drops the rows of `side` at or before `expiration` under `key` (all keys when null),
  // emitting an outer side's unmatched rows null-padded.
  Status Expire(int side, int64_t expiration, Rows* rows, runtime::Output* out);
  Status EmitPadded(int side, const Row& row, runtime::Output* out);
  int64_t ExpirationTime(int64_t operator_time, int64_t relative_size) const;

  JoinCondition condition_;
  Side sides_[2];
  KeyEncoder encoders_[2];
  int64_t operator_time_ = 0;  // the watermark, or 0 before the first one
  Row row_;
  Row null_rows_[2];
  std::string key_;
  std::vector<const Row*> candidates_;
  std::vector<Entry*> candidate_entries_;
  ChangelogWriter writer_;
};

}  // namespace sluice::operators
