#include "sluice/operators/operator_factory.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/operators/calc.h"
#include "sluice/operators/compact_window_deduplicate.h"
#include "sluice/operators/deduplicate.h"
#include "sluice/operators/group_aggregate.h"
#include "sluice/operators/group_window_aggregate.h"
#include "sluice/operators/interval_join.h"
#include "sluice/operators/local_group_aggregate.h"
#include "sluice/operators/over_aggregate.h"
#include "sluice/operators/rank.h"
#include "sluice/operators/regular_join.h"
#include "sluice/operators/sort.h"
#include "sluice/operators/temporal_join.h"
#include "sluice/operators/union.h"
#include "sluice/operators/updatable_rank.h"
#include "sluice/operators/watermark_assigner.h"
#include "sluice/operators/window_aggregate.h"
#include "sluice/operators/window_join.h"
#include "sluice/operators/window_rank.h"
#include "sluice/operators/window_table_function.h"
#include "sluice/planner/aggregate_strategy.h"

namespace sluice::operators {

namespace {

// The binder validates windows; this guards plans built by other means (tests, future callers).
Status CheckSlicedWindow(const planner::PlanNode& node) {
  const planner::WindowSpec& window = node.window;
  const bool sliding =
      window.kind == planner::WindowKind::kHop || window.kind == planner::WindowKind::kCumulate;
  if (window.kind == planner::WindowKind::kSession) {
    return absl::InvalidArgumentError(
        "the SESSION window table function is only supported in a window aggregation (GROUP BY "
        "window_start, window_end)");
  }
  if (window.size <= 0 || (sliding && window.slide <= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("window size and slide must be positive: ", window.ToString()));
  }
  if (node.kind == planner::NodeKind::kWindowAggregate && sliding &&
      window.size % window.slide != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("window size must be a multiple of its slide or step: ", window.ToString()));
  }
  return Status();
}

}  // namespace

StatusOr<bool> IsBatchMode(const Options& job_options) {
  std::string mode =
      absl::AsciiStrToLower(job_options.GetOr("execution.runtime-mode", "streaming"));
  if (mode == "batch") return true;
  if (mode == "streaming") return false;
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid value for 'execution.runtime-mode' (expected 'streaming' or 'batch'): '", mode,
      "'"));
}

namespace {

// table.exec.state.ttl in microseconds (0 = state never expires).
StatusOr<int64_t> StateTtlOption(const Options& job_options) {
  SLUICE_ASSIGN_OR_RETURN(int64_t ttl, job_options.GetDuration("table.exec.state.ttl", 0));
  if (ttl < 0) return absl::InvalidArgumentError("'table.exec.state.ttl' must not be negative");
  return ttl;
}

StatusOr<MiniBatchOptions> MiniBatchOption(const Options& job_options) {
  SLUICE_ASSIGN_OR_RETURN(planner::MiniBatchConfig config,
                          planner::ReadMiniBatchConfig(job_options));
  MiniBatchOptions options;
  if (config.enabled) options = MiniBatchOptions{config.size, config.latency};
  return options;
}

}  // namespace

StatusOr<runtime::OperatorPtr> CreateOperator(const planner::PlanNode& node,
                                              const Options& job_options) {
  SLUICE_ASSIGN_OR_RETURN(bool batch_mode, IsBatchMode(job_options));
  switch (node.kind) {
    case planner::NodeKind::kCalc:
      return runtime::OperatorPtr(std::make_unique<Calc>(node));
    case planner::NodeKind::kWatermarkAssigner: {
      WatermarkOptions options;
      options.batch_mode = batch_mode;
      SLUICE_ASSIGN_OR_RETURN(options.interval_micros,
                              job_options.GetDuration("pipeline.auto-watermark-interval", 200'000));
      SLUICE_ASSIGN_OR_RETURN(options.idle_timeout_micros,
                              job_options.GetDuration("table.exec.source.idle-timeout", 0));
      if (options.interval_micros < 0 || options.idle_timeout_micros < 0) {
        return absl::InvalidArgumentError(
            "'pipeline.auto-watermark-interval' and 'table.exec.source.idle-timeout' must not be "
            "negative");
      }
      return runtime::OperatorPtr(std::make_unique<WatermarkAssigner>(node, options));
    }
    case planner::NodeKind::kWindowTableFunction:
      SLUICE_RETURN_IF_ERROR(CheckSlicedWindow(node));
      return runtime::OperatorPtr(std::make_unique<WindowTableFunction>(node));
    case planner::NodeKind::kAggregate: {
      GroupAggregateOptions options;
      options.batch_mode = batch_mode;
      SLUICE_ASSIGN_OR_RETURN(options.mini_batch, MiniBatchOption(job_options));
      SLUICE_ASSIGN_OR_RETURN(options.state_ttl, StateTtlOption(job_options));
      if (node.aggregate_phase == planner::AggregatePhase::kLocal) {
        return runtime::OperatorPtr(
            std::make_unique<LocalGroupAggregate>(node, options.mini_batch));
      }
      return runtime::OperatorPtr(std::make_unique<GroupAggregate>(node, options));
    }
    case planner::NodeKind::kWindowAggregate:
      if (node.window.kind == planner::WindowKind::kSession ||
          (!batch_mode && node.window.ProducesUpdates())) {
        return runtime::OperatorPtr(std::make_unique<GroupWindowAggregate>(node, batch_mode));
      }
      SLUICE_RETURN_IF_ERROR(CheckSlicedWindow(node));
      return runtime::OperatorPtr(std::make_unique<WindowAggregate>(node));
    case planner::NodeKind::kUnion:
      return runtime::OperatorPtr(std::make_unique<Union>(node));
    case planner::NodeKind::kSort:
      return runtime::OperatorPtr(std::make_unique<Sort>(node));
    case planner::NodeKind::kDeduplicate: {
      if (node.compact_window) {
        return runtime::OperatorPtr(std::make_unique<CompactWindowDeduplicate>(node));
      }
      if (node.window_end_column >= 0) {
        return runtime::OperatorPtr(std::make_unique<WindowRank>(node));
      }
      SLUICE_ASSIGN_OR_RETURN(int64_t state_ttl, StateTtlOption(job_options));
      return runtime::OperatorPtr(std::make_unique<Deduplicate>(node, batch_mode, state_ttl));
    }
    case planner::NodeKind::kRank: {
      if (node.window_end_column >= 0) {
        return runtime::OperatorPtr(std::make_unique<WindowRank>(node));
      }
      SLUICE_ASSIGN_OR_RETURN(int64_t state_ttl, StateTtlOption(job_options));
      if (!node.rank_unique_key.empty() && !(node.rank_start == 1 && node.rank_end == 1)) {
        return runtime::OperatorPtr(std::make_unique<UpdatableRank>(node, batch_mode, state_ttl));
      }
      return runtime::OperatorPtr(std::make_unique<Rank>(
          node, !node.inputs[0]->changelog.IsInsertOnly() && node.rank_unique_key.empty(),
          batch_mode, state_ttl));
    }
    case planner::NodeKind::kOverAggregate:
      return runtime::OperatorPtr(std::make_unique<OverAggregate>(node));
    case planner::NodeKind::kJoin: {
      if (node.IsIntervalJoin()) return runtime::OperatorPtr(std::make_unique<IntervalJoin>(node));
      if (node.IsWindowJoin()) return runtime::OperatorPtr(std::make_unique<WindowJoin>(node));
      if (node.IsTemporalJoin()) return runtime::OperatorPtr(std::make_unique<TemporalJoin>(node));
      SLUICE_ASSIGN_OR_RETURN(int64_t state_ttl, StateTtlOption(job_options));
      return runtime::OperatorPtr(std::make_unique<RegularJoin>(node, batch_mode, state_ttl));
    }
    case planner::NodeKind::kScan:
    case planner::NodeKind::kValues:
    case planner::NodeKind::kSink:
      break;
  }
  return absl::InternalError(
      absl::StrCat("plan node ", node.KindName(), " is not created by CreateOperator"));
}

}  // namespace sluice::operators
