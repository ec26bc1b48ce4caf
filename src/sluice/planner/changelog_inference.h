// Changelog-mode inference (DESIGN.md §4): which row kinds each node produces, and the check that
// every operator and sink can consume what its input produces.
#pragma once

#include <functional>

#include "sluice/common/status.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

/// What the planner needs to know about connectors (implemented by the session, which owns the
/// connector registry).
class ConnectorInspector {
 public:
  virtual ~ConnectorInspector() = default;
  virtual StatusOr<types::ChangelogMode> SourceChangelog(const catalog::CatalogTable& table) = 0;
  virtual StatusOr<bool> SourceIsBounded(const catalog::CatalogTable& table) = 0;
  virtual StatusOr<types::ChangelogMode> SinkAccepts(const catalog::CatalogTable& table) = 0;
  /// Whether a scan of `table` can produce only some of its physical columns.
  virtual bool SupportsProjection(const catalog::CatalogTable& table) { return false; }
};

/// Returns a copy of the plan with `changelog` (and Scan `bounded`) filled in. `batch_mode` is
/// execution.runtime-mode = batch: aggregations emit final rows only, so everything is
/// insert-only, and every source must be bounded.
StatusOr<PlanPtr> InferChangelog(const PlanPtr& plan, ConnectorInspector* inspector,
                                 bool batch_mode);

}  // namespace sluice::planner
