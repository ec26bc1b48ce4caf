#include "sluice/log/record_batch.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "sluice/common/crc32c.h"
#include "sluice/log/byte_reader.h"
#include "sluice/log/byte_writer.h"

namespace sluice::log {

StatusOr<RecordBatchHeader> ParseBatchHeader(std::string_view bytes) {
  if (bytes.size() < kBatchHeaderSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("corrupt record batch: ", bytes.size(), " bytes is shorter than a header"));
  }
  ByteReader reader(bytes);
  RecordBatchHeader h;
  h.base_offset = reader.Int64();
  h.batch_length = reader.Int32();
  h.partition_leader_epoch = reader.Int32();
  h.magic = reader.Int8();
  h.crc = static_cast<uint32_t>(reader.Int32());
  h.attributes = reader.Int16();
  h.last_offset_delta = reader.Int32();
  h.base_timestamp = reader.Int64();
  h.max_timestamp = reader.Int64();
  h.producer_id = reader.Int64();
  h.producer_epoch = reader.Int16();
  h.base_sequence = reader.Int32();
  h.record_count = reader.Int32();
  if (h.magic != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported record batch magic ", static_cast<int>(h.magic), ", expected 2"));
  }
  if (h.total_size() < kBatchHeaderSize || h.batch_length < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("corrupt record batch: length ", h.batch_length, " is too small"));
  }
  if (h.last_offset_delta < 0 || h.record_count < 0) {
    return absl::InvalidArgumentError("corrupt record batch: negative record count");
  }
  return h;
}

bool BatchCrcMatches(std::string_view batch) {
  if (batch.size() < kBatchHeaderSize) return false;
  auto stored = static_cast<uint32_t>(ReadBigEndian32(batch.data() + kCrcOffset));
  return Crc32c(batch.data() + kAttributesOffset, batch.size() - kAttributesOffset) == stored;
}

void StampBaseOffset(char* batch, int64_t base_offset) { WriteBigEndian64(batch, base_offset); }

StatusOr<std::vector<std::string_view>> SplitBatches(std::string_view records) {
  std::vector<std::string_view> batches;
  while (!records.empty()) {
    SLUICE_ASSIGN_OR_RETURN(RecordBatchHeader header, ParseBatchHeader(records));
    if (header.total_size() > records.size()) {
      return absl::InvalidArgumentError(absl::StrCat("corrupt record batch: length ",
                                                     header.total_size(), " exceeds the ",
                                                     records.size(), " bytes sent"));
    }
    std::string_view batch = records.substr(0, header.total_size());
    if (!BatchCrcMatches(batch)) {
      return absl::InvalidArgumentError("corrupt record batch: CRC-32C mismatch");
    }
    batches.push_back(batch);
    records.remove_prefix(batch.size());
  }
  return batches;
}

StatusOr<RecordReader> RecordReader::Open(std::string_view batch) {
  SLUICE_ASSIGN_OR_RETURN(RecordBatchHeader header, ParseBatchHeader(batch));
  if (header.total_size() > batch.size()) {
    return absl::InvalidArgumentError("corrupt record batch: truncated");
  }
  if (header.compression() != Compression::kNone) {
    return absl::UnimplementedError(absl::StrCat("compressed record batch (codec ",
                                                 static_cast<int>(header.compression()),
                                                 ") cannot be read here"));
  }
  return RecordReader(header,
                      batch.substr(kBatchHeaderSize, header.total_size() - kBatchHeaderSize));
}

bool RecordReader::Next(Record* record) {
  if (!status_.ok() || read_ >= header_.record_count) return false;
  ByteReader outer(records_.substr(position_));
  int64_t length = outer.Varint();
  if (!outer.ok() || length < 0 || static_cast<size_t>(length) > outer.remaining()) {
    status_ = absl::InvalidArgumentError("corrupt record: bad length");
    return false;
  }
  ByteReader r(outer.Raw(static_cast<size_t>(length)));
  position_ += outer.position();
  r.Int8();  // attributes, unused
  record->timestamp = header_.base_timestamp + r.Varint();
  record->offset = header_.base_offset + r.Varint();
  auto read_optional = [&r]() -> std::optional<std::string_view> {
    int64_t size = r.Varint();
    if (size < 0) return std::nullopt;
    return r.Raw(static_cast<size_t>(size));
  };
  record->key = read_optional();
  record->value = read_optional();
  int64_t header_count = r.Varint();
  record->headers.clear();
  for (int64_t i = 0; i < header_count && r.ok(); ++i) {
    RecordHeader h;
    int64_t key_size = r.Varint();
    h.key = r.Raw(static_cast<size_t>(std::max<int64_t>(key_size, 0)));
    h.value = read_optional();
    record->headers.push_back(h);
  }
  if (!r.ok() || header_count < 0) {
    status_ = absl::InvalidArgumentError("corrupt record: truncated field");
    return false;
  }
  ++read_;
  return true;
}

StatusOr<ControlType> ReadControlType(std::string_view batch) {
  SLUICE_ASSIGN_OR_RETURN(RecordReader reader, RecordReader::Open(batch));
  if (!reader.header().control()) return absl::InvalidArgumentError("not a control batch");
  Record record;
  if (!reader.Next(&record) || !record.key || record.key->size() < 4) {
    return absl::InvalidArgumentError("corrupt control batch");
  }
  int16_t type = ReadBigEndian16(record.key->data() + 2);
  if (type != 0 && type != 1) return absl::InvalidArgumentError("unknown control record type");
  return static_cast<ControlType>(type);
}

void RecordBatchBuilder::Add(int64_t timestamp, std::optional<std::string_view> key,
                             std::optional<std::string_view> value,
                             const std::vector<RecordHeader>& headers) {
  if (count_ == 0) {
    base_timestamp_ = timestamp;
    max_timestamp_ = timestamp;
  }
  max_timestamp_ = std::max(max_timestamp_, timestamp);
  scratch_.clear();
  ByteWriter body(&scratch_);
  body.Int8(0);
  body.Varint(timestamp - base_timestamp_);
  body.Varint(count_);
  auto write_optional = [&body](const std::optional<std::string_view>& bytes) {
    if (!bytes) return body.Varint(-1);
    body.Varint(static_cast<int64_t>(bytes->size()));
    body.Raw(*bytes);
  };
  write_optional(key);
  write_optional(value);
  body.Varint(static_cast<int64_t>(headers.size()));
  for (const RecordHeader& h : headers) {
    body.Varint(static_cast<int64_t>(h.key.size()));
    body.Raw(h.key);
    write_optional(h.value);
  }
  ByteWriter out(&records_);
  out.Varint(static_cast<int64_t>(scratch_.size()));
  out.Raw(scratch_);
  ++count_;
}

std::string RecordBatchBuilder::Build(int16_t attributes) {
  std::string batch;
  batch.reserve(kBatchHeaderSize + records_.size());
  ByteWriter w(&batch);
  w.Int64(0);
  w.Int32(static_cast<int32_t>(kBatchHeaderSize - kBatchOverhead + records_.size()));
  w.Int32(-1);  // partition leader epoch
  w.Int8(2);
  w.Int32(0);  // CRC, patched below
  w.Int16(attributes);
  w.Int32(count_ - 1);
  w.Int64(base_timestamp_);
  w.Int64(max_timestamp_);
  w.Int64(producer_.id);
  w.Int16(producer_.epoch);
  w.Int32(producer_.base_sequence);
  w.Int32(count_);
  w.Raw(records_);
  uint32_t crc = Crc32c(batch.data() + kAttributesOffset, batch.size() - kAttributesOffset);
  w.PatchInt32(kCrcOffset, static_cast<int32_t>(crc));
  records_.clear();
  count_ = 0;
  return batch;
}

std::string RecordBatchBuilder::Finish() {
  return Build(producer_.transactional ? int16_t{0x10} : int16_t{0});
}

std::string RecordBatchBuilder::ControlBatch(int64_t producer_id, int16_t producer_epoch,
                                             ControlType type, int64_t timestamp) {
  RecordBatchBuilder builder(Producer{producer_id, producer_epoch, -1, true});
  std::string key;
  ByteWriter k(&key);
  k.Int16(0);
  k.Int16(static_cast<int16_t>(type));
  std::string value;
  ByteWriter v(&value);
  v.Int16(0);  // version
  v.Int32(0);  // coordinator epoch
  builder.Add(timestamp, key, value);
  return builder.Build(0x10 | 0x20);
}

}  // namespace sluice::log
