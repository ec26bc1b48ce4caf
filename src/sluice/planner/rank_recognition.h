// Rank recognition (Flink's FlinkLogicalRankRule, RankNumberColumnRemoveRule and the
// deduplicate / window rank conversions): a Calc whose condition bounds the ROW_NUMBER() column of
// the unresolved Rank below it becomes a Top-N (Rank), a deduplication (Deduplicate) when the
// range is 1..1, the rank is not selected and the order is a time attribute, or their window
// variants when the partition keys hold window_start and window_end of a window TVF or window
// aggregation. A keep-first window deduplication over TUMBLE whose consumers read only the window
// columns and the partition keys, under a watermark delay of at most 64 windows, is marked
// `compact_window` (CompactWindowDeduplicate: same rows, a 16-byte state per key).
#pragma once

#include "sluice/common/status.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

/// Resolves every Rank of the plan from the Calc directly above it (run once adjacent Calcs are
/// merged). InvalidArgument (the Rank's SQL error with line:column) for a Rank without a filter
/// on its rank.
StatusOr<PlanPtr> ResolveRanks(const PlanPtr& plan);

/// For a Rank over an updating input, Flink's choice of the update-fast strategy
/// (RankProcessStrategy): the input has a unique key holding the partition keys (the group keys
/// of a GROUP BY over insert-only input, through Calcs that keep them), and every sort key is a
/// group key, or COUNT/MAX sorted DESC, or MIN sorted ASC. Returns that unique key (columns of
/// the Rank's input), or empty for the retract strategy.
std::vector<int> UpdateFastUniqueKey(const PlanNode& rank);

}  // namespace sluice::planner
