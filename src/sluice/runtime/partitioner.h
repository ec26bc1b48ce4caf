// Partitioner: decides which downstream subtasks of one edge receive (parts of) a batch.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sluice/runtime/job_spec.h"
#include "sluice/types/batch.h"

namespace sluice::runtime {

/// One per (edge, upstream subtask); used only by that subtask's thread.
class Partitioner {
 public:
  /// `kind` kForward must only be used when both sides have the same parallelism (the executor
  /// turns a forward edge between different parallelisms into kRebalance).
  /// The only downstream subtask this upstream subtask talks to on a forward edge, else -1:
  /// watermarks and end of input go where batches go.
  int forward_target() const {
    return kind_ == PartitionerKind::kForward ? upstream_subtask_ : -1;
  }
  Partitioner(PartitionerKind kind, std::vector<int> key_columns, int upstream_subtask,
              int num_targets, int max_parallelism);

  /// Appends (target subtask, batch) pairs for every non-empty share of `batch` to `routed`.
  /// Forward, rebalance, global and a hash batch whose rows all land on one subtask move the
  /// batch; broadcast shares its columns (Batch columns are shared_ptr).
  void Route(types::Batch batch, std::vector<std::pair<int, types::Batch>>* routed);

 private:
  void RouteByHash(types::Batch batch, std::vector<std::pair<int, types::Batch>>* routed);

  const PartitionerKind kind_;
  const std::vector<int> key_columns_;
  const int upstream_subtask_;
  const int num_targets_;
  const int max_parallelism_;
  int next_target_;  // kRebalance
  // kHash scratch, reused across batches.
  std::vector<uint64_t> hashes_;
  std::vector<uint64_t> hash_scratch_;
  std::vector<uint32_t> targets_;
  std::vector<std::vector<uint32_t>> rows_per_target_;
};

}  // namespace sluice::runtime
