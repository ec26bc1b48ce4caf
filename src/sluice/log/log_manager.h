// The topics of one data folder. Layout:
//   DIR/topics/<topic>/topic.properties   partitions=N and the topic's config overrides
//   DIR/topics/<topic>/<partition>/       segments (00000000000000000000.log/.index/.timeindex)
//                                         and the recovery-point file
// Creating and deleting a topic go through a hidden folder and one rename, so a crash leaves
// the topic whole or absent. Not thread-safe: one owner (the broker's loop) calls it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/log/partition_log.h"
#include "sluice/log/topic_config.h"

namespace sluice::log {

struct Topic {
  std::string name;
  std::map<std::string, std::string> overrides;  // as given at creation
  TopicConfig config;
  std::vector<std::unique_ptr<PartitionLog>> partitions;
};

/// InvalidArgument unless `name` is 1-249 characters of [a-zA-Z0-9._-] and not "." or "..".
Status ValidateTopicName(const std::string& name);

class LogManager {
 public:
  static constexpr int32_t kMaxPartitions = 10000;

  /// Opens (creating when needed) the data folder and every topic in it, recovering each log.
  /// Fails when another process has the folder open.
  static StatusOr<std::unique_ptr<LogManager>> Open(const std::string& data_dir);
  ~LogManager();

  /// AlreadyExists, or InvalidArgument for a bad name, partition count or config.
  Status CreateTopic(const std::string& name, int32_t partitions,
                     const std::map<std::string, std::string>& configs);
  /// NotFound when there is no such topic.
  Status DeleteTopic(const std::string& name);

  const std::map<std::string, std::unique_ptr<Topic>>& topics() const { return topics_; }
  Topic* FindTopic(const std::string& name) const;
  PartitionLog* FindPartition(const std::string& topic, int32_t partition) const;

  /// Flushes every partition whose flush policy is due; returns how many were flushed.
  StatusOr<int> FlushDue(int64_t now_ms);
  /// Milliseconds until the next time-based flush is due (TopicConfig::kNever when none).
  int64_t MillisUntilNextFlush(int64_t now_ms) const;
  Status ApplyRetention(int64_t now_ms);
  /// Flushes everything and saves indexes (a clean shutdown).
  Status Close();

  const std::string& data_dir() const { return data_dir_; }

 private:
  explicit LogManager(std::string data_dir) : data_dir_(std::move(data_dir)) {}
  Status LoadTopic(const std::string& name);
  std::string TopicDir(const std::string& name) const;

  std::string data_dir_;
  int lock_fd_ = -1;  // holds an exclusive flock on DIR/.lock while open
  std::map<std::string, std::unique_ptr<Topic>> topics_;
};

}  // namespace sluice::log
