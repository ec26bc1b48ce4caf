// Which window column (window_start, window_end, window_time, or the window table function's
// time column) a column of a plan is, following Calc column references down to the window table
// function or window aggregation that made it. Used by window Top-N/deduplication and window
// join recognition.
#pragma once

#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

enum class WindowColumn { kNone, kStart, kEnd, kTime, kTvfTime };

/// Traces `column` of `plan`; fills `window` (when given) with the window it belongs to.
WindowColumn TraceWindowColumn(const PlanNode* plan, int column, WindowSpec* window = nullptr);

/// Marks the joins whose keys equate window_start and window_end of two window table functions
/// or window aggregations with the same window as window joins (PlanNode::left_window_end);
/// different windows on the two sides are an error, as in Flink.
StatusOr<PlanPtr> RecognizeWindowJoins(const PlanPtr& plan);

}  // namespace sluice::planner
