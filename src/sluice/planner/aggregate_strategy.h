// How non-windowed GROUP BY runs, from Flink's tuning options:
// - 'table.exec.mini-batch.enabled' / '.allow-latency' / '.size': buffer rows per key and emit
//   once per key per bundle (the operators do it; the planner validates the options);
// - 'table.optimizer.distinct-agg.split.enabled' / '.bucket-num': SplitDistinctAggregates
//   rewrites an aggregation with DISTINCT into two levels, the inner one grouped by the keys
//   plus MOD(HASH_CODE(distinct argument), bucket-num), the outer one adding the buckets up, so a
//   hot key's distinct values spread over many subtasks;
// - 'table.optimizer.agg-phase-strategy' (AUTO | ONE_PHASE | TWO_PHASE): with mini-batch on,
//   TwoPhaseAggregation splits each GROUP BY into LocalGroupAggregate (chained before the
//   exchange, pre-aggregating each bundle) and GlobalGroupAggregate (merging partials).
// Each changes how many intermediate updates a query emits, never its final results.
#pragma once

#include <cstdint>

#include "sluice/common/options.h"
#include "sluice/common/status.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

struct MiniBatchConfig {
  bool enabled = false;
  int64_t latency = 0;  // microseconds
  int64_t size = 0;     // rows per bundle
};

/// Reads the mini-batch options; when enabled, both allow-latency and size must be positive.
StatusOr<MiniBatchConfig> ReadMiniBatchConfig(const Options& options);

enum class AggPhaseStrategy { kAuto, kOnePhase, kTwoPhase };
StatusOr<AggPhaseStrategy> ReadAggPhaseStrategy(const Options& options);

/// Streaming only; run before changelog inference (the outer level consumes updates).
StatusOr<PlanPtr> SplitDistinctAggregates(const PlanPtr& plan, const Options& options);

/// Streaming only; run after changelog inference (it keeps the nodes' changelog modes).
StatusOr<PlanPtr> TwoPhaseAggregation(const PlanPtr& plan, const Options& options);

}  // namespace sluice::planner
