// RegularJoin: a JOIN b ON ... over unbounded inputs, as Flink's StreamingJoinOperator. Each side
// keeps its rows (with a count per distinct row) by join key; a row arriving on one side meets
// the other side's rows of its key that pass the residual condition. A NULL key never matches.
//
// Changelog (`l`, `r` rows; the outer side is the one whose unmatched rows are null-padded):
// - inner join: a row emits one joined row per match, with its own kind (+I/+U/-U/-D);
// - accumulating (+I/+U) on an outer side with no match: +I[l, null]; with matches: +I[l, r];
// - when the other side is outer and one of its rows gets its first match: -D[null, r] first,
//   then +I[l, r]; when it loses its last match: -D[l, r] then +I[null, r];
// - retracting (-U/-D) an outer side's row: -D[l, r] per match, or -D[l, null] without.
// Batch mode ('execution.runtime-mode' = 'batch') emits each joined row once (+I) when both
// inputs have ended. 'table.exec.state.ttl' forgets a row that long (processing time) after it
// was last added; a forgotten row no longer matches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/join_condition.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/state_ttl.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/value.h"

namespace sluice::operators {

class RegularJoin : public runtime::Operator {
 public:
  /// `node` is a kJoin node.
  RegularJoin(const planner::PlanNode& node, bool batch_mode, int64_t state_ttl);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return "Join"; }

  /// Rows held per side (distinct rows), for tests.
  size_t row_count(int side) const;

 private:
  struct Record {
    std::vector<types::Value> row;
    int64_t count = 0;         // occurrences of this row
    int64_t associations = 0;  // outer side: matching rows on the other side
    int64_t written = 0;       // processing time it was last added (state TTL)
  };
  using Bucket = std::vector<Record>;
  struct Side {
    std::vector<int> keys;
    bool outer = false;  // unmatched rows are emitted null-padded
    size_t width = 0;
    absl::flat_hash_map<std::string, Bucket> rows;  // encoded key -> rows
  };
  // The other side's rows of `key` that match `row` (from side `side`).
  Status FindMatches(int side, const std::string& key, const std::vector<types::Value>& row,
                     int64_t now, std::vector<Record*>* matches);
  Status Process(int side, types::RowKind kind, bool null_key, const std::string& key, int64_t now,
                 runtime::Output* out);
  void AddRecord(Side* side, const std::string& key, int64_t associations, int64_t now);
  void RetractRecord(Side* side, const std::string& key);
  // Appends a joined row; `left`/`right` null means null padding.
  Status Emit(types::RowKind kind, const std::vector<types::Value>* left,
              const std::vector<types::Value>* right, runtime::Output* out);
  Status EmitBatchResults(runtime::Output* out);
  void SweepExpired(int64_t now);

  types::SchemaPtr schema_;
  JoinCondition condition_;  // residual, over the output columns
  bool batch_mode_;
  StateTtl ttl_;
  Side sides_[2];
  KeyEncoder encoders_[2];
  int ended_inputs_ = 0;

  std::string key_;
  std::vector<types::Value> row_;
  std::vector<Record*> matches_;
  std::vector<const std::vector<types::Value>*> candidates_;
  Row null_rows_[2];  // the null padding of each side
  ChangelogWriter writer_;
};

}  // namespace sluice::operators
