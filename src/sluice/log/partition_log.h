// One partition of a topic: a folder of segments (see Segment), the producer state rebuilt from
// them, and the policies of its TopicConfig (roll, retention, flush). Recovery at open checks
// every batch written after the last recorded flush (the `recovery-point` file) and always the
// last segment, and truncates a torn or corrupt tail. Not thread-safe: one owner calls it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/log/producer_state.h"
#include "sluice/log/segment.h"
#include "sluice/log/topic_config.h"

namespace sluice::log {

/// Why an append was refused; the broker maps each to its Kafka error code.
enum class AppendError {
  kNone,
  kCorruptMessage,        // bad CRC, bad framing, old magic
  kMessageTooLarge,       // a batch over max.message.bytes
  kOutOfOrderSequence,    // idempotent producer skipped or reordered a sequence
  kInvalidProducerEpoch,  // an older epoch of the producer (fenced)
};

struct AppendResult {
  AppendError error = AppendError::kNone;
  int64_t base_offset = -1;  // of the first appended (or, for a resend, the stored) batch
  int64_t last_offset = -1;
  bool duplicate = false;  // the batches were a resend and were not stored again
};

class PartitionLog {
 public:
  static StatusOr<std::unique_ptr<PartitionLog>> Open(const std::string& dir,
                                                      const TopicConfig& config);
  ~PartitionLog();

  /// Appends a produce request's record set (whole v2 batches) after checking CRCs, sizes and
  /// idempotent sequences; all batches are stored or none. I/O failures are a non-ok status.
  StatusOr<AppendResult> Append(std::string_view records, int64_t now_ms);
  /// Appends a transaction marker for `producer_id` (written by the transaction coordinator).
  StatusOr<int64_t> AppendMarker(int64_t producer_id, int16_t producer_epoch, ControlType type,
                                 int64_t now_ms);

  /// Appends to `out` whole batches from the one holding `offset` up to (not including)
  /// `max_offset`, while they fit in `max_bytes` (always one whole batch when `min_one`).
  Status Read(int64_t offset, int64_t max_offset, size_t max_bytes, bool min_one,
              std::string* out) const;
  struct TimestampOffset {
    int64_t offset = -1;     // -1 when no record is that new
    int64_t timestamp = -1;  // of the record at `offset`
  };
  /// The first record whose timestamp is >= `timestamp`. In a compressed batch (not inflated
  /// here) it is the batch's first record.
  StatusOr<TimestampOffset> OffsetForTimestamp(int64_t timestamp) const;

  int64_t log_start_offset() const;
  /// The next offset to be written (the high watermark: there are no replicas).
  int64_t end_offset() const { return segments_.back()->next_offset(); }
  /// The end offset, or the first offset of the oldest open transaction when that is lower.
  int64_t last_stable_offset() const;
  std::vector<AbortedTransaction> AbortedTransactions(int64_t from, int64_t to) const {
    return producers_.AbortedBetween(from, to);
  }
  /// Everything below this offset has been fsynced.
  int64_t flushed_offset() const { return flushed_offset_; }
  int64_t size_bytes() const;
  size_t segment_count() const { return segments_.size(); }

  /// False under the default policy (flush.messages and flush.ms unset), which leaves syncing to
  /// the operating system: then nothing waits for a flush.
  bool has_flush_policy() const {
    return config_.flush_messages != TopicConfig::kNever || config_.flush_ms != TopicConfig::kNever;
  }
  /// True when flush.messages or flush.ms says unflushed records must be synced by `now_ms`.
  bool FlushDue(int64_t now_ms) const;
  /// Milliseconds from `now_ms` until FlushDue becomes true by time (kNever when not pending).
  int64_t MillisUntilFlush(int64_t now_ms) const;
  Status Flush();
  /// Deletes whole non-active segments outside retention.ms / retention.bytes.
  Status ApplyRetention(int64_t now_ms);
  /// Flushes and saves the active segment's indexes.
  Status Close();
  /// Removes every file of the partition (the object is unusable afterwards).
  Status Delete();

  const std::string& dir() const { return dir_; }

 private:
  PartitionLog(std::string dir, const TopicConfig& config)
      : dir_(std::move(dir)), config_(config) {}
  Status Load();
  Status MaybeRoll(size_t incoming_bytes, int64_t now_ms);
  Status AppendBatch(std::string_view batch, RecordBatchHeader header);
  void SaveRecoveryPoint();
  size_t SegmentIndexOf(int64_t offset) const;

  std::string dir_;
  TopicConfig config_;
  std::vector<std::unique_ptr<Segment>> segments_;  // by base offset; back() is active
  ProducerState producers_;
  int64_t flushed_offset_ = 0;
  int64_t unflushed_records_ = 0;
  int64_t first_unflushed_ms_ = 0;
  int recovery_point_fd_ = -1;
};

}  // namespace sluice::log
