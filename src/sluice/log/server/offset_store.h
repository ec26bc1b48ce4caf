// Committed consumer-group offsets, kept in memory and persisted per group in
// DIR/groups/<hex of group id>.offsets (one "topic partition offset metadata-hex" line per
// partition, rewritten atomically on every commit). Single-threaded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::log {

struct CommittedOffset {
  int64_t offset = -1;
  std::string metadata;
};

class OffsetStore {
 public:
  using PartitionKey = std::pair<std::string, int32_t>;  // topic, partition

  /// Loads every group's offsets from DIR/groups.
  static StatusOr<OffsetStore> Open(const std::string& data_dir);

  /// Stores the offsets of one commit (all or nothing) and persists the group.
  Status Commit(const std::string& group_id,
                const std::vector<std::pair<PartitionKey, CommittedOffset>>& offsets);
  std::optional<CommittedOffset> Find(const std::string& group_id, const std::string& topic,
                                      int32_t partition) const;
  /// Every committed partition of a group.
  std::vector<std::pair<PartitionKey, CommittedOffset>> AllOf(const std::string& group_id) const;
  /// Every group with committed offsets.
  std::vector<std::string> GroupIds() const;
  /// Forgets a deleted topic's offsets in every group.
  Status ForgetTopic(const std::string& topic);

 private:
  Status Save(const std::string& group_id) const;

  std::string dir_;
  std::map<std::string, std::map<PartitionKey, CommittedOffset>> groups_;
};

}  // namespace sluice::log
