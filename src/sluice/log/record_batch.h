// Kafka RecordBatch v2 (magic 2): the unit the log stores and the wire carries. The header is
// parsed in place; records are read by RecordReader (uncompressed batches) and written by
// RecordBatchBuilder. Layout (big-endian): baseOffset int64 | batchLength int32 | leaderEpoch
// int32 | magic int8 | crc uint32 | attributes int16 | lastOffsetDelta int32 | baseTimestamp
// int64 | maxTimestamp int64 | producerId int64 | producerEpoch int16 | baseSequence int32 |
// recordCount int32 | records. The CRC-32C covers attributes..end, so stamping baseOffset keeps it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::log {

inline constexpr size_t kBatchHeaderSize = 61;
inline constexpr size_t kBatchLengthOffset = 8;
inline constexpr size_t kMagicOffset = 16;
inline constexpr size_t kCrcOffset = 17;
inline constexpr size_t kAttributesOffset = 21;
/// batchLength counts the bytes after itself: total size = batchLength + kBatchOverhead.
inline constexpr size_t kBatchOverhead = 12;

enum class Compression : int8_t { kNone = 0, kGzip = 1, kSnappy = 2, kLz4 = 3, kZstd = 4 };

/// The fixed 61-byte header of one batch.
struct RecordBatchHeader {
  int64_t base_offset = 0;
  int32_t batch_length = 0;
  int32_t partition_leader_epoch = -1;
  int8_t magic = 2;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t last_offset_delta = 0;
  int64_t base_timestamp = 0;  // milliseconds since the epoch
  int64_t max_timestamp = 0;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t record_count = 0;

  size_t total_size() const { return static_cast<size_t>(batch_length) + kBatchOverhead; }
  int64_t last_offset() const { return base_offset + last_offset_delta; }
  int64_t next_offset() const { return last_offset() + 1; }
  Compression compression() const { return static_cast<Compression>(attributes & 7); }
  bool log_append_time() const { return (attributes & 0x08) != 0; }
  bool transactional() const { return (attributes & 0x10) != 0; }
  bool control() const { return (attributes & 0x20) != 0; }
  bool idempotent() const { return producer_id >= 0; }
  int32_t last_sequence() const {
    return base_sequence < 0
               ? -1
               : static_cast<int32_t>((static_cast<int64_t>(base_sequence) + last_offset_delta) %
                                      (int64_t{1} << 31));
  }
};

/// Parses and sanity-checks the header at the start of `bytes` (magic 2, a length that at
/// least covers the header). Does not need the whole batch to be present.
StatusOr<RecordBatchHeader> ParseBatchHeader(std::string_view bytes);

/// True when the CRC-32C stored in `batch` (one whole batch) matches its content.
bool BatchCrcMatches(std::string_view batch);

/// Overwrites the base offset of the batch at `batch` (outside the CRC).
void StampBaseOffset(char* batch, int64_t base_offset);

/// Splits a record set (what Produce carries) into whole, CRC-checked v2 batches. Fails with
/// InvalidArgument (corrupt record) on an old magic, a truncated batch or a CRC mismatch.
StatusOr<std::vector<std::string_view>> SplitBatches(std::string_view records);

struct RecordHeader {
  std::string_view key;
  std::optional<std::string_view> value;
};

/// One record as RecordReader yields it; views point into the batch.
struct Record {
  int64_t offset = 0;
  int64_t timestamp = 0;  // milliseconds since the epoch
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  std::vector<RecordHeader> headers;
};

/// Iterates the records of one uncompressed batch.
class RecordReader {
 public:
  /// Fails for compressed batches (the broker never needs to look inside them).
  static StatusOr<RecordReader> Open(std::string_view batch);

  /// Reads the next record into `record`; false at the end. A malformed record sets status().
  bool Next(Record* record);
  const Status& status() const { return status_; }
  const RecordBatchHeader& header() const { return header_; }

 private:
  RecordReader(RecordBatchHeader header, std::string_view records)
      : header_(header), records_(records) {}

  RecordBatchHeader header_;
  std::string_view records_;
  size_t position_ = 0;
  int32_t read_ = 0;
  Status status_;
};

/// Control record types (transaction markers): key = version int16 (0) + type int16.
enum class ControlType : int16_t { kAbort = 0, kCommit = 1 };

/// Reads the marker type of a control batch; fails when the batch is not a valid control batch.
StatusOr<ControlType> ReadControlType(std::string_view batch);

/// Builds one uncompressed v2 batch. Offsets in the batch start at 0 (the log stamps the base).
class RecordBatchBuilder {
 public:
  struct Producer {
    int64_t id = -1;
    int16_t epoch = -1;
    int32_t base_sequence = -1;
    bool transactional = false;
  };

  RecordBatchBuilder() = default;
  explicit RecordBatchBuilder(Producer producer) : producer_(producer) {}

  void Add(int64_t timestamp, std::optional<std::string_view> key,
           std::optional<std::string_view> value, const std::vector<RecordHeader>& headers = {});
  int32_t record_count() const { return count_; }
  size_t size_estimate() const { return records_.size() + kBatchHeaderSize; }

  /// The finished batch (base offset 0); the builder is reset for the next batch.
  std::string Finish();

  /// A control batch holding one transaction marker record.
  static std::string ControlBatch(int64_t producer_id, int16_t producer_epoch, ControlType type,
                                  int64_t timestamp);

 private:
  std::string Build(int16_t attributes);

  Producer producer_;
  std::string records_;
  std::string scratch_;
  int32_t count_ = 0;
  int64_t base_timestamp_ = 0;
  int64_t max_timestamp_ = 0;
};

}  // namespace sluice::log
