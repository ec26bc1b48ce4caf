// One segment of a partition log: `<base offset>.log` holding whole RecordBatch v2 batches back
// to back, a sparse offset index (`.index`: relative offset int32 + file position int32 every
// index.interval.bytes) and a time index (`.timeindex`: max timestamp so far int64 + relative
// offset int32). Indexes are kept in memory and saved when the segment is rolled or closed.
// Not thread-safe: the owning PartitionLog serialises calls.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/log/record_batch.h"

namespace sluice::log {

/// Sees every batch found while a segment is opened (producer and transaction state are rebuilt
/// from them). `batch` is the whole batch when recovering and for control batches, empty
/// otherwise.
using BatchVisitor = std::function<void(const RecordBatchHeader&, std::string_view batch)>;

/// Kafka's file name for a base offset: 20 digits, zero padded.
std::string SegmentFileName(int64_t base_offset, std::string_view extension);

class Segment {
 public:
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  static StatusOr<std::unique_ptr<Segment>> Create(const std::string& dir, int64_t base_offset,
                                                   int32_t index_interval_bytes);
  /// Opens an existing segment. With `recover`, every batch is read and CRC-checked and the
  /// file is truncated after the last good batch (a torn or corrupt tail); otherwise saved
  /// indexes are loaded when present and only batch headers are read.
  static StatusOr<std::unique_ptr<Segment>> Open(const std::string& dir, int64_t base_offset,
                                                 int32_t index_interval_bytes, bool recover,
                                                 const BatchVisitor& visit);

  /// Appends one batch whose base offset is `header.base_offset` (stamped here into the file).
  Status Append(std::string_view batch, const RecordBatchHeader& header);

  /// Appends to `out` whole batches, starting with the one holding `offset`, that start below
  /// `max_offset`, while they fit in `max_bytes` (the first one always when `min_one`).
  Status Read(int64_t offset, int64_t max_offset, size_t max_bytes, bool min_one,
              std::string* out) const;

  /// The base offset of the first batch whose max timestamp is >= `timestamp`, or -1.
  StatusOr<int64_t> FindTimestamp(int64_t timestamp) const;

  Status Flush();
  Status SaveIndexes() const;
  /// Closes and removes the segment's files.
  Status Delete();

  int64_t base_offset() const { return base_offset_; }
  int64_t next_offset() const { return next_offset_; }
  int64_t size() const { return size_; }
  int64_t max_timestamp() const { return max_timestamp_; }
  /// Wall-clock milliseconds when the segment was created (or opened): segment.ms rolls by it.
  int64_t created_ms() const { return created_ms_; }
  bool empty() const { return size_ == 0; }

 private:
  struct OffsetEntry {
    int32_t relative_offset;
    int32_t position;
  };
  struct TimeEntry {
    int64_t timestamp;
    int32_t relative_offset;
  };

  Segment(std::string dir, int64_t base_offset, int32_t index_interval_bytes, int fd);
  std::string PathOf(std::string_view extension) const;
  Status Scan(bool recover, const BatchVisitor& visit);
  bool LoadIndexes();
  void IndexBatch(const RecordBatchHeader& header, int64_t position);
  StatusOr<RecordBatchHeader> HeaderAt(int64_t position) const;
  /// File position of the batch holding `offset` (or the first after it); size_ when none.
  StatusOr<int64_t> PositionOf(int64_t offset) const;

  std::string dir_;
  int64_t base_offset_;
  int32_t index_interval_bytes_;
  int fd_;
  int64_t size_ = 0;
  int64_t next_offset_;
  int64_t max_timestamp_ = -1;
  int64_t max_timestamp_offset_ = -1;
  int64_t created_ms_ = 0;
  int64_t bytes_since_index_ = 0;
  std::vector<OffsetEntry> offset_index_;
  std::vector<TimeEntry> time_index_;
};

}  // namespace sluice::log
