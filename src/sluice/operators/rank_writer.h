// RankWriter: the output of the rank operators. A row goes out with its rank appended when the
// rank column is selected, and only if its rank is within [rank_start, rank_end]; rank 0 means a
// row without rank (Flink's collect calls without a rank number). Muted (batch mode: state
// changes silently, final rows at end of input), it writes nothing.
#pragma once

#include <cstdint>

#include "sluice/operators/changelog_writer.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::operators {

class RankWriter {
 public:
  /// `node` is a kRank node.
  explicit RankWriter(const planner::PlanNode& node);

  Status Emit(types::RowKind kind, const Row& row, int64_t rank, runtime::Output* out);
  Status Flush(runtime::Output* out) { return writer_.Flush(out); }
  void set_batch_size(int64_t batch_size) { writer_.set_batch_size(batch_size); }
  bool InRange(int64_t rank) const { return rank >= rank_start_ && rank <= rank_end_; }

  bool muted = false;

 private:
  int64_t rank_start_;
  int64_t rank_end_;
  bool output_rank_;
  ChangelogWriter writer_;
  Row rank_value_;
};

}  // namespace sluice::operators
