#include "sluice/log/partition_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sluice/common/logging.h"

namespace sluice::log {
namespace fs = std::filesystem;

StatusOr<std::unique_ptr<PartitionLog>> PartitionLog::Open(const std::string& dir,
                                                           const TopicConfig& config) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create partition folder '", dir, "': ", error.message()));
  }
  std::unique_ptr<PartitionLog> log(new PartitionLog(dir, config));
  SLUICE_RETURN_IF_ERROR(log->Load());
  return log;
}

PartitionLog::~PartitionLog() {
  if (recovery_point_fd_ >= 0) ::close(recovery_point_fd_);
}

Status PartitionLog::Load() {
  std::vector<int64_t> bases;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
    std::string name = entry.path().filename().string();
    int64_t base = 0;
    if (name.size() == 24 && name.ends_with(".log") &&
        absl::SimpleAtoi(name.substr(0, 20), &base)) {
      bases.push_back(base);
    }
  }
  std::sort(bases.begin(), bases.end());
  int64_t recovery_point = 0;
  std::string point_path = dir_ + "/recovery-point";
  recovery_point_fd_ = ::open(point_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (recovery_point_fd_ < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open '", point_path, "': ", std::strerror(errno)));
  }
  char text[32] = {};
  ssize_t n = ::pread(recovery_point_fd_, text, sizeof(text) - 1, 0);
  if (n > 0) {
    std::string_view value(text, static_cast<size_t>(n));
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    if (!absl::SimpleAtoi(std::string(value), &recovery_point)) recovery_point = 0;
  }
  auto visit = [this](const RecordBatchHeader& header, std::string_view batch) {
    producers_.Apply(header, batch);
  };
  for (size_t i = 0; i < bases.size(); ++i) {
    // Batches at or after the recovery point may not have reached the disk before a crash.
    bool recover = i + 1 == bases.size() || bases[i + 1] > recovery_point;
    SLUICE_ASSIGN_OR_RETURN(
        std::unique_ptr<Segment> segment,
        Segment::Open(dir_, bases[i], config_.index_interval_bytes, recover, visit));
    segments_.push_back(std::move(segment));
  }
  if (segments_.empty()) {
    SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<Segment> segment,
                            Segment::Create(dir_, 0, config_.index_interval_bytes));
    segments_.push_back(std::move(segment));
  }
  flushed_offset_ = end_offset();
  return Status();
}

int64_t PartitionLog::log_start_offset() const {
  for (const auto& segment : segments_) {
    if (!segment->empty()) return segment->base_offset();
  }
  return end_offset();
}

int64_t PartitionLog::last_stable_offset() const {
  return std::min(end_offset(), producers_.FirstOpenTransactionOffset());
}

int64_t PartitionLog::size_bytes() const {
  int64_t total = 0;
  for (const auto& segment : segments_) total += segment->size();
  return total;
}

Status PartitionLog::MaybeRoll(size_t incoming_bytes, int64_t now_ms) {
  Segment& active = *segments_.back();
  if (active.empty()) return Status();
  bool full = active.size() + static_cast<int64_t>(incoming_bytes) > config_.segment_bytes;
  bool old = now_ms - active.created_ms() >= config_.segment_ms;
  if (!full && !old) return Status();
  // Closed segments are synced once here, so recovery only needs to check the newer ones.
  SLUICE_RETURN_IF_ERROR(active.Flush());
  SLUICE_RETURN_IF_ERROR(active.SaveIndexes());
  SLUICE_ASSIGN_OR_RETURN(
      std::unique_ptr<Segment> segment,
      Segment::Create(dir_, active.next_offset(), config_.index_interval_bytes));
  segments_.push_back(std::move(segment));
  unflushed_records_ = 0;
  flushed_offset_ = end_offset();
  SaveRecoveryPoint();
  return Status();
}

Status PartitionLog::AppendBatch(std::string_view batch, RecordBatchHeader header) {
  header.base_offset = end_offset();
  SLUICE_RETURN_IF_ERROR(segments_.back()->Append(batch, header));
  producers_.Apply(header, batch);
  unflushed_records_ += header.last_offset_delta + 1;
  return Status();
}

StatusOr<AppendResult> PartitionLog::Append(std::string_view records, int64_t now_ms) {
  AppendResult result;
  auto batches = SplitBatches(records);
  if (!batches.ok() || batches->empty()) {
    result.error = AppendError::kCorruptMessage;
    return result;
  }
  std::vector<RecordBatchHeader> headers;
  for (std::string_view batch : *batches) {
    RecordBatchHeader header = *ParseBatchHeader(batch);
    if (batch.size() > static_cast<size_t>(config_.max_message_bytes)) {
      result.error = AppendError::kMessageTooLarge;
      return result;
    }
    int64_t duplicate_offset = -1;
    switch (producers_.Check(header, &duplicate_offset)) {
      case SequenceCheck::kOk:
        break;
      case SequenceCheck::kDuplicate:
        if (batches->size() == 1) {
          result.duplicate = true;
          result.base_offset = duplicate_offset;
          result.last_offset = duplicate_offset + header.last_offset_delta;
          return result;
        }
        result.error = AppendError::kOutOfOrderSequence;
        return result;
      case SequenceCheck::kOutOfOrder:
        result.error = AppendError::kOutOfOrderSequence;
        return result;
      case SequenceCheck::kFencedEpoch:
        result.error = AppendError::kInvalidProducerEpoch;
        return result;
    }
    headers.push_back(header);
  }
  SLUICE_RETURN_IF_ERROR(MaybeRoll(records.size(), now_ms));
  result.base_offset = end_offset();
  if (unflushed_records_ == 0) first_unflushed_ms_ = now_ms;
  for (size_t i = 0; i < batches->size(); ++i) {
    SLUICE_RETURN_IF_ERROR(AppendBatch((*batches)[i], headers[i]));
  }
  result.last_offset = end_offset() - 1;
  return result;
}

StatusOr<int64_t> PartitionLog::AppendMarker(int64_t producer_id, int16_t producer_epoch,
                                             ControlType type, int64_t now_ms) {
  std::string batch = RecordBatchBuilder::ControlBatch(producer_id, producer_epoch, type, now_ms);
  SLUICE_RETURN_IF_ERROR(MaybeRoll(batch.size(), now_ms));
  int64_t offset = end_offset();
  if (unflushed_records_ == 0) first_unflushed_ms_ = now_ms;
  SLUICE_RETURN_IF_ERROR(AppendBatch(batch, *ParseBatchHeader(batch)));
  return offset;
}

size_t PartitionLog::SegmentIndexOf(int64_t offset) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](int64_t value, const std::unique_ptr<Segment>& segment) {
                               return value < segment->base_offset();
                             });
  return it == segments_.begin() ? 0 : static_cast<size_t>(it - segments_.begin() - 1);
}

Status PartitionLog::Read(int64_t offset, int64_t max_offset, size_t max_bytes, bool min_one,
                          std::string* out) const {
  size_t before = out->size();
  for (size_t i = SegmentIndexOf(offset); i < segments_.size(); ++i) {
    // A segment truncated by recovery may end before the next one starts: read on from there.
    int64_t from = std::max(offset, segments_[i]->base_offset());
    if (from >= max_offset) break;
    SLUICE_RETURN_IF_ERROR(segments_[i]->Read(from, max_offset, max_bytes, min_one, out));
    if (out->size() > before) break;
  }
  return Status();
}

StatusOr<PartitionLog::TimestampOffset> PartitionLog::OffsetForTimestamp(int64_t timestamp) const {
  for (const auto& segment : segments_) {
    SLUICE_ASSIGN_OR_RETURN(int64_t base, segment->FindTimestamp(timestamp));
    if (base < 0) continue;
    std::string batch;
    SLUICE_RETURN_IF_ERROR(segment->Read(base, end_offset(), 1, true, &batch));
    auto reader = RecordReader::Open(batch);
    if (!reader.ok()) return TimestampOffset{base, ParseBatchHeader(batch)->base_timestamp};
    Record record;
    while (reader->Next(&record)) {
      if (record.timestamp >= timestamp) return TimestampOffset{record.offset, record.timestamp};
    }
    return TimestampOffset{base, reader->header().base_timestamp};
  }
  return TimestampOffset{};
}

bool PartitionLog::FlushDue(int64_t now_ms) const {
  if (unflushed_records_ == 0) return false;
  return unflushed_records_ >= config_.flush_messages ||
         now_ms - first_unflushed_ms_ >= config_.flush_ms;
}

int64_t PartitionLog::MillisUntilFlush(int64_t now_ms) const {
  if (unflushed_records_ == 0 || config_.flush_ms == TopicConfig::kNever) {
    return TopicConfig::kNever;
  }
  return std::max<int64_t>(0, first_unflushed_ms_ + config_.flush_ms - now_ms);
}

Status PartitionLog::Flush() {
  if (unflushed_records_ == 0 && flushed_offset_ == end_offset()) return Status();
  SLUICE_RETURN_IF_ERROR(segments_.back()->Flush());
  unflushed_records_ = 0;
  flushed_offset_ = end_offset();
  SaveRecoveryPoint();
  return Status();
}

void PartitionLog::SaveRecoveryPoint() {
  // Not synced: a lost update only makes the next recovery check more than it must.
  std::string text = absl::StrCat(segments_.back()->base_offset(), "\n");
  text.resize(24, ' ');
  if (::pwrite(recovery_point_fd_, text.data(), text.size(), 0) < 0) {
    LogWarn("cannot save the recovery point of {}: {}", dir_, std::strerror(errno));
  }
}

Status PartitionLog::ApplyRetention(int64_t now_ms) {
  size_t expired = 0;
  int64_t total = size_bytes();
  while (expired + 1 < segments_.size()) {
    const Segment& oldest = *segments_[expired];
    bool too_old = config_.retention_ms >= 0 && oldest.max_timestamp() >= 0 &&
                   now_ms - oldest.max_timestamp() > config_.retention_ms;
    bool too_big = config_.retention_bytes >= 0 && total - oldest.size() >= config_.retention_bytes;
    if (!too_old && !too_big) break;
    total -= oldest.size();
    ++expired;
  }
  if (expired == 0) return Status();
  for (size_t i = 0; i < expired; ++i) {
    LogInfo("retention deletes segment {} of {}", segments_[i]->base_offset(), dir_);
    SLUICE_RETURN_IF_ERROR(segments_[i]->Delete());
  }
  segments_.erase(segments_.begin(), segments_.begin() + static_cast<long>(expired));
  producers_.ForgetBefore(log_start_offset());
  return Status();
}

Status PartitionLog::Close() {
  SLUICE_RETURN_IF_ERROR(Flush());
  return segments_.back()->SaveIndexes();
}

Status PartitionLog::Delete() {
  for (auto& segment : segments_) SLUICE_RETURN_IF_ERROR(segment->Delete());
  segments_.clear();
  std::error_code error;
  fs::remove_all(dir_, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot delete '", dir_, "': ", error.message()));
  }
  return Status();
}

}  // namespace sluice::log
