// JobGraph: the plan cut into vertices (chains of plan nodes that run in one task) joined by
// edges with a partitioning (DESIGN.md §4). Adjacent nodes with the same parallelism and a
// forward edge are chained; aggregations get a hash exchange on their keys.
#pragma once

#include <string>
#include <vector>

#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

enum class EdgeKind { kForward, kHash, kGlobal, kRebalance };

struct JobEdge {
  int source = 0;  // vertex index
  EdgeKind kind = EdgeKind::kForward;
  std::vector<int> keys;  // kHash: columns of the source vertex's output
  int target_input = 0;
};

struct JobVertex {
  int id = 0;
  int parallelism = 1;
  /// Plan nodes in the order they run; the first may be a Scan or Values (a source vertex).
  std::vector<PlanPtr> chain;
  std::vector<JobEdge> inputs;
  std::string Name() const;
};

struct JobGraph {
  std::vector<JobVertex> vertices;  // topological order
  std::string ToString() const;
};

/// Builds one graph for all `sinks` (the INSERTs of a statement set, or one query's collector).
/// `parallelism` is parallelism.default.
JobGraph BuildJobGraph(const std::vector<PlanPtr>& sinks, int parallelism);

}  // namespace sluice::planner
