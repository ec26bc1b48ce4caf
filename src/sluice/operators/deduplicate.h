// Deduplicate: ROW_NUMBER() OVER (PARTITION BY k ORDER BY time [DESC]) = 1, as Flink's
// ProcTimeDeduplicateKeepFirstRowFunction, ProcTimeDeduplicateKeepLastRowFunction and
// RowTimeDeduplicateFunction (without mini-batch), emitting per row as it arrives:
// - proctime, keep first: the first row of a key as +I, later rows dropped (insert-only);
// - proctime, keep last: the first row +I, every later row -U(previous), +U(row);
// - rowtime, keep first: a row replaces the kept one if its time is strictly smaller
//   (-U previous, +U row), so ties keep the earlier arrival;
// - rowtime, keep last: a row replaces the kept one if its time is greater or equal, so ties
//   keep the later arrival.
// With 'table.exec.state.ttl' a key's state expires that long (processing time) after it was last
// written (Flink's OnCreateAndWrite TTL): keep-first state is written once, so the key emits +I
// again for its first row after expiry; keep-last state is rewritten by every kept row.
// Rows with a NULL rowtime are dropped. Batch mode ('execution.runtime-mode' = 'batch') emits the
// kept row of every key once at end of input. Input must be insert-only (checked by the planner).
// The window variant (per window, fired by the watermark) is WindowRank.
//
// State: one kept row per key (proctime keep-first keeps only the key).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/state_ttl.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class Deduplicate : public runtime::Operator {
 public:
  /// `node` is a kDeduplicate node without window columns; `state_ttl` in microseconds, 0 = none.
  Deduplicate(const planner::PlanNode& node, bool batch_mode, int64_t state_ttl = 0);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status EndInput(int input, runtime::Output* out) override;
  std::string name() const override { return "Deduplicate"; }

 private:
  struct Kept {
    Row row;
    int64_t time = 0;     // rowtime, microseconds
    int64_t written = 0;  // processing time of the last write, for the state TTL
  };
  // Drops expired keys, at most once per TTL period.
  void DropExpired(int64_t now);

  KeyEncoder encoder_;
  int time_column_;
  bool rowtime_;
  bool keep_last_;
  bool batch_mode_;
  StateTtl ttl_;
  absl::flat_hash_map<std::string, uint32_t> index_;  // key -> slot in kept_
  std::vector<Kept> kept_;                            // in first-seen key order
  ChangelogWriter writer_;
  std::string key_;
};

}  // namespace sluice::operators
