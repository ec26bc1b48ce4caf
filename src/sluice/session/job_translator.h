// Turns a planner JobGraph into the runtime's JobSpec: sources and sinks from the connector
// registry, every other node from the operator factory.
#pragma once

#include "sluice/planner/job_graph.h"
#include "sluice/runtime/job_spec.h"
#include "sluice/session/result_table.h"

namespace sluice::session {

/// `listener` receives the rows of a collect sink (a SELECT's result), may be null otherwise.
StatusOr<runtime::JobSpec> TranslateJob(const planner::JobGraph& graph, const Options& config,
                                        QueryListener* listener);

}  // namespace sluice::session
