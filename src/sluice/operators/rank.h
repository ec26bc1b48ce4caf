// Rank: streaming Top-N, `ROW_NUMBER() OVER (PARTITION BY k ORDER BY s) AS rn ... WHERE rn <= N`,
// emitting exactly Flink's changelog:
// - insert-only input: AppendOnlyTopNFunction. A row enters the partition's sorted buffer if it
//   sorts strictly before the worst kept row or the buffer holds fewer than N rows (ties keep
//   arrival order: an equal row goes after the rows already there). Without the rank column, a
//   row that pushes the N-th row out emits -D(pushed out) then +I(row). With the rank column
//   (or a rank start above 1) every row from the new row's position down to N shifts:
//   -U(old, r), +U(new, r) per position, +I for a position that was empty; rows beyond N leave
//   the buffer.
// - updating input: RetractableTopNFunction. Every row is kept; +I/+U rows are placed as above
//   (without the rank column: -D(row pushed to N+1), +I(row)); -U/-D rows are removed: without
//   the rank column -D(row) and +I(the row that moves up to N); with it the positions below
//   shift up with -U/+U pairs and the last position emits -D.
// - Top-1 (rank 1..1, insert-only input or the update-fast strategy): FastTop1Function. The
//   first row of a partition emits +I; a row that sorts strictly before the kept one replaces it
//   with -U(kept), +U(row); -U/-D input rows are not needed and skipped.
// Only positions within [rank_start, rank_end] are emitted. With 'table.exec.state.ttl' a
// partition's state expires that long (processing time) after its last row and the partition
// starts over (Flink expires per sort key entry; Sluice per partition). Batch mode applies the same
// state changes silently and emits each partition's final rows at end of input.
//
// State: per partition key, a map from sort key to the rows with that key in arrival order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/rank_order.h"
#include "sluice/operators/rank_writer.h"
#include "sluice/operators/state_ttl.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class Rank : public runtime::Operator {
 public:
  /// `node` is a resolved kRank node without window columns; `retract` when its input has updates.
  /// `state_ttl` in microseconds, 0 = none.
  Rank(const planner::PlanNode& node, bool retract, bool batch_mode, int64_t state_ttl = 0);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return "Rank"; }

 private:
  struct Partition {
    explicit Partition(SortKeyLess less) : buffer(less) {}
    TopNBuffer buffer;
    int64_t size = 0;     // rows in buffer
    int64_t written = 0;  // processing time of the partition's last row, for the state TTL
  };

  Status Accumulate(Partition* p, Row sort_key, Row row, runtime::Output* out);
  Status AccumulateTop1(Partition* p, Row sort_key, Row row, runtime::Output* out);
  Status Retract(Partition* p, const Row& sort_key, const Row& row, runtime::Output* out);
  // Emits the shifts after `row` was added under `sort_key`; true to trim beyond rank_end.
  Status EmitWithRowNumber(Partition* p, const Row& sort_key, const Row& row, bool trim,
                           runtime::Output* out);
  Status EmitRetractWithRowNumber(Partition* p, const Row& sort_key, const Row& row, bool* removed,
                                  runtime::Output* out);
  Status EmitRetractWithoutRowNumber(Partition* p, const Row& sort_key, const Row& row,
                                     bool* removed, runtime::Output* out);

  RankOrder order_;
  int64_t rank_start_;
  int64_t rank_end_;
  bool output_rank_;
  bool retract_;
  bool fast_top1_;
  bool batch_mode_;
  StateTtl ttl_;
  KeyEncoder encoder_;
  absl::flat_hash_map<std::string, Partition> partitions_;
  std::vector<std::string> partition_order_;  // first-seen order, for batch-mode output
  RankWriter writer_;
  std::string key_;
};

}  // namespace sluice::operators
