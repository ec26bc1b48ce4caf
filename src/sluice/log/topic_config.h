// Per-topic log settings with Kafka's topic-level config names and defaults.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "sluice/common/status.h"

namespace sluice::log {

struct TopicConfig {
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  int64_t segment_bytes = 1073741824;   // segment.bytes: roll when a segment would pass it
  int64_t segment_ms = 604800000;       // segment.ms: roll a segment older than this
  int64_t retention_ms = 604800000;     // retention.ms: -1 keeps forever
  int64_t retention_bytes = -1;         // retention.bytes per partition: -1 unlimited
  int64_t flush_messages = kNever;      // flush.messages: fsync after this many records
  int64_t flush_ms = kNever;            // flush.ms: fsync data older than this
  int32_t index_interval_bytes = 4096;  // index.interval.bytes: offset index density
  int32_t max_message_bytes = 1048588;  // max.message.bytes: largest batch accepted

  /// Applies `values` over the defaults. An unknown name or a bad value is InvalidArgument
  /// naming it (and listing the valid names for an unknown one).
  static StatusOr<TopicConfig> FromMap(const std::map<std::string, std::string>& values);
  /// Every setting by its Kafka name.
  std::map<std::string, std::string> ToMap() const;
};

}  // namespace sluice::log
