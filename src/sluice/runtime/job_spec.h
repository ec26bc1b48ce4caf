// JobSpec: what the runtime executes. The session layer translates a planner JobGraph into this:
// vertices (tasks) holding a chain of operators, optionally headed by a source reader, and edges
// with partitioners. The runtime knows nothing about SQL or plans.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sluice/common/options.h"
#include "sluice/runtime/operator.h"
#include "sluice/runtime/source_reader.h"

namespace sluice::runtime {

enum class PartitionerKind {
  kForward,    // subtask i -> subtask i (same parallelism)
  kHash,       // by key group of `key_columns` (DESIGN.md §4)
  kBroadcast,  // every batch to every subtask
  kRebalance,  // round-robin batches
  kGlobal,     // everything to subtask 0
};

struct EdgeSpec {
  int source_vertex = 0;  // index into JobSpec::vertices (must be an earlier vertex)
  PartitionerKind partitioner = PartitionerKind::kForward;
  std::vector<int> key_columns;  // kHash: columns of the upstream output batch
  int target_input = 0;          // the input index of the head operator (joins: 0 left, 1 right)
};

using SourceFactory = std::function<StatusOr<std::unique_ptr<SourceReader>>(int subtask_index)>;
using OperatorFactory = std::function<StatusOr<OperatorPtr>(int subtask_index)>;

struct VertexSpec {
  std::string name;  // for logs and progress: "Source: orders -> Calc -> WatermarkAssigner"
  int parallelism = 1;
  SourceFactory source;                // set for source vertices (then `inputs` is empty)
  std::vector<OperatorFactory> chain;  // operators in order; the last one's output goes to the
                                       // edges that name this vertex as their source
  std::vector<EdgeSpec> inputs;
};

struct JobSpec {
  std::string name;
  std::vector<VertexSpec> vertices;  // topologically ordered
  Options options;                   // the job's configuration (SET values)
};

}  // namespace sluice::runtime
