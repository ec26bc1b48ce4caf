// UpdatableRank: Top-N over an updating input whose rows are identified by a unique key and whose
// sort keys only move up as a row updates (Flink's update-fast strategy, UpdatableTopNFunction):
// e.g. the top pages by COUNT(*) DESC of a GROUP BY. -U/-D input rows are skipped (Flink's
// aggregate does not even produce them for this strategy); a +I/+U row is an upsert by its
// unique key:
// - a known row keeps or improves its place: without the rank column -U(old), +U(row); with
//   it the positions from the row's new place to its old one shift down with -U/+U pairs (the
//   row's old version is retracted right before its new version is emitted);
// - a new row enters if it sorts strictly before the worst kept row or fewer than N are kept:
//   as in AppendOnlyTopNFunction (-D of the row pushed out, +I; or the shifting -U/+U, +I).
// The Top-1 case is Rank's FastTop1 mode. 'table.exec.state.ttl' expires a partition as in Rank.
//
// State: per partition key, the sort keys in order with their rows' unique keys in arrival order,
// and each kept row by unique key.
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

class UpdatableRank : public runtime::Operator {
 public:
  /// `node` is a kRank node with rank_unique_key.
  /// `state_ttl` in microseconds, 0 = none.
  UpdatableRank(const planner::PlanNode& node, bool batch_mode, int64_t state_ttl = 0);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return "UpdatableRank"; }

 private:
  using KeyBuffer = std::map<Row, std::vector<std::string>, SortKeyLess>;
  struct Partition {
    explicit Partition(SortKeyLess less) : buffer(less) {}
    KeyBuffer buffer;                            // sort key -> unique keys in arrival order
    absl::flat_hash_map<std::string, Row> rows;  // unique key -> row
    int64_t size = 0;
    int64_t written = 0;  // processing time of the partition's last row, for the state TTL
  };

  Status Process(Partition* p, Row sort_key, std::string row_key, Row row, runtime::Output* out);
  Status ProcessWithRowNumber(Partition* p, Row sort_key, std::string row_key, Row row,
                              runtime::Output* out);
  // Flink's emitRecordsWithRowNumber; `old_row` is null for a new row.
  Status EmitShifts(Partition* p, const Row& sort_key, const Row& row, const Row* old_sort_key,
                    const Row* old_row, int64_t old_rank, runtime::Output* out);
  int64_t RankOf(const Partition& p, const Row& sort_key, const std::string& row_key) const;
  bool InBufferRange(const Partition& p, const Row& sort_key) const;

  RankOrder order_;
  int64_t rank_start_;
  int64_t rank_end_;
  bool output_rank_;
  bool batch_mode_;
  StateTtl ttl_;
  KeyEncoder partition_encoder_;
  KeyEncoder row_key_encoder_;
  absl::flat_hash_map<std::string, Partition> partitions_;
  std::vector<std::string> partition_order_;
  RankWriter writer_;
  std::string key_;
};

}  // namespace sluice::operators
