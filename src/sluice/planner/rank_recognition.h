// Rank recognition (Flink's FlinkLogicalRankRule, RankNumberColumnRemoveRule and the
// deduplicate / window rank conversions): a Calc whose condition bounds the ROW_NUMBER() column of
// the unresolved Rank below it becomes a Top-N (Rank), a deduplication (Deduplicate) when the
// range is 1..1, the rank is not selected and the order is a time attribute, or their window
// variants when the partition keys hold window_start and window_end of a window TVF or window
// aggregation.
#pragma once

#include "sluice/common/status.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

/// `calc` is a Calc over a Rank with rank_end < 0. Returns the rewritten Calc over a resolved
/// Rank or Deduplicate, or nullptr when the condition sets no rank range.
StatusOr<PlanPtr> ResolveRank(const PlanNode& calc);

/// InvalidArgument (the Rank's SQL error) if the plan still holds an unresolved Rank.
Status CheckRanksResolved(const PlanPtr& plan);

}  // namespace sluice::planner
