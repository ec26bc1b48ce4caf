// CreateOperator: the one explicit list mapping a plan node to the operator that runs it
// (DESIGN.md §4, CONVENTIONS "extension points are explicit lists"). Sources (kScan, kValues) and
// sinks (kSink) are built by the job-graph builder from connectors, ValuesReader and
// SinkOperator instead.
#pragma once

#include "sluice/common/options.h"
#include "sluice/common/status.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

/// Creates the operator for `node`: kCalc, kWatermarkAssigner, kWindowTableFunction, kAggregate,
/// kWindowAggregate, kUnion or kSort. `job_options` supplies 'execution.runtime-mode',
/// 'pipeline.auto-watermark-interval' and 'table.exec.source.idle-timeout'. Errors:
/// InvalidArgument for a bad option value or a window kind that is not supported yet;
/// Internal for a node kind that is not an operator.
StatusOr<runtime::OperatorPtr> CreateOperator(const planner::PlanNode& node,
                                              const Options& job_options);

/// Whether 'execution.runtime-mode' is 'batch' (case-insensitive); an unknown value is an error.
StatusOr<bool> IsBatchMode(const Options& job_options);

}  // namespace sluice::operators
