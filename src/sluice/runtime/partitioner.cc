#include "sluice/runtime/partitioner.h"

#include "sluice/common/hashing.h"
#include "sluice/runtime/key_hash.h"

namespace sluice::runtime {

Partitioner::Partitioner(PartitionerKind kind, std::vector<int> key_columns, int upstream_subtask,
                         int num_targets, int max_parallelism)
    : kind_(kind),
      key_columns_(std::move(key_columns)),
      upstream_subtask_(upstream_subtask),
      num_targets_(num_targets),
      max_parallelism_(max_parallelism),
      next_target_(num_targets > 0 ? upstream_subtask % num_targets : 0) {}

void Partitioner::Route(types::Batch batch, std::vector<std::pair<int, types::Batch>>* routed) {
  if (batch.num_rows == 0 || num_targets_ == 0) return;
  switch (kind_) {
    case PartitionerKind::kForward:
      routed->emplace_back(upstream_subtask_, std::move(batch));
      return;
    case PartitionerKind::kGlobal:
      routed->emplace_back(0, std::move(batch));
      return;
    case PartitionerKind::kRebalance:
      routed->emplace_back(next_target_, std::move(batch));
      next_target_ = (next_target_ + 1) % num_targets_;
      return;
    case PartitionerKind::kBroadcast:
      for (int target = 0; target + 1 < num_targets_; ++target) routed->emplace_back(target, batch);
      routed->emplace_back(num_targets_ - 1, std::move(batch));
      return;
    case PartitionerKind::kHash:
      RouteByHash(std::move(batch), routed);
      return;
  }
}

void Partitioner::RouteByHash(types::Batch batch,
                              std::vector<std::pair<int, types::Batch>>* routed) {
  if (num_targets_ == 1) {
    routed->emplace_back(0, std::move(batch));
    return;
  }
  const size_t rows = batch.num_rows;
  HashKeyColumns(batch, key_columns_, &hashes_, &hash_scratch_);
  targets_.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    targets_[i] = static_cast<uint32_t>(SubtaskOfKeyGroup(KeyGroupOf(hashes_[i], max_parallelism_),
                                                          max_parallelism_, num_targets_));
  }
  // Common case with skewed or pre-partitioned input: every row goes to one subtask.
  const uint32_t first = targets_[0];
  size_t same = 1;
  while (same < rows && targets_[same] == first) ++same;
  if (same == rows) {
    routed->emplace_back(static_cast<int>(first), std::move(batch));
    return;
  }
  rows_per_target_.resize(num_targets_);
  for (auto& list : rows_per_target_) list.clear();
  for (size_t i = 0; i < rows; ++i)
    rows_per_target_[targets_[i]].push_back(static_cast<uint32_t>(i));
  for (int target = 0; target < num_targets_; ++target) {
    const std::vector<uint32_t>& list = rows_per_target_[target];
    if (!list.empty()) routed->emplace_back(target, batch.Select(list.data(), list.size()));
  }
}

}  // namespace sluice::runtime
