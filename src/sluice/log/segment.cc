#include "sluice/log/segment.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sluice/common/clock.h"
#include "sluice/common/logging.h"
#include "sluice/log/byte_writer.h"

namespace sluice::log {
namespace {

Status IoError(const char* what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " '", path, "': ", std::strerror(errno)));
}

int64_t NowMillis() { return NowMicros() / 1000; }

Status WriteWhole(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("cannot write", path);
    done += static_cast<size_t>(n);
  }
  return Status();
}

}  // namespace

std::string SegmentFileName(int64_t base_offset, std::string_view extension) {
  return absl::StrFormat("%020d%s", base_offset, extension);
}

Segment::Segment(std::string dir, int64_t base_offset, int32_t index_interval_bytes, int fd)
    : dir_(std::move(dir)),
      base_offset_(base_offset),
      index_interval_bytes_(index_interval_bytes),
      fd_(fd),
      next_offset_(base_offset),
      created_ms_(NowMillis()) {}

Segment::~Segment() {
  if (fd_ >= 0) ::close(fd_);
}

std::string Segment::PathOf(std::string_view extension) const {
  return absl::StrCat(dir_, "/", SegmentFileName(base_offset_, extension));
}

StatusOr<std::unique_ptr<Segment>> Segment::Create(const std::string& dir, int64_t base_offset,
                                                   int32_t index_interval_bytes) {
  std::string path = absl::StrCat(dir, "/", SegmentFileName(base_offset, ".log"));
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create segment", path);
  return std::unique_ptr<Segment>(new Segment(dir, base_offset, index_interval_bytes, fd));
}

StatusOr<std::unique_ptr<Segment>> Segment::Open(const std::string& dir, int64_t base_offset,
                                                 int32_t index_interval_bytes, bool recover,
                                                 const BatchVisitor& visit) {
  std::string path = absl::StrCat(dir, "/", SegmentFileName(base_offset, ".log"));
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open segment", path);
  std::unique_ptr<Segment> segment(new Segment(dir, base_offset, index_interval_bytes, fd));
  SLUICE_RETURN_IF_ERROR(segment->Scan(recover, visit));
  return segment;
}

StatusOr<RecordBatchHeader> Segment::HeaderAt(int64_t position) const {
  char header[kBatchHeaderSize];
  ssize_t n = ::pread(fd_, header, sizeof(header), position);
  if (n < 0) return IoError("cannot read segment", PathOf(".log"));
  return ParseBatchHeader(std::string_view(header, static_cast<size_t>(n)));
}

Status Segment::Scan(bool recover, const BatchVisitor& visit) {
  struct stat st;
  if (::fstat(fd_, &st) != 0) return IoError("cannot stat segment", PathOf(".log"));
  const int64_t file_size = st.st_size;
  int64_t position = 0;
  std::string problem;
  // Bytes [chunk_start, chunk_start + chunk.size()) of the file: small batches are walked in
  // 64 KiB reads instead of one read per batch; a batch is read whole only when needed.
  constexpr size_t kScanChunk = 64 * 1024;
  std::string chunk;
  int64_t chunk_start = 0;
  auto window = [&](int64_t at, size_t length) -> StatusOr<std::string_view> {
    int64_t chunk_end = chunk_start + static_cast<int64_t>(chunk.size());
    if (at < chunk_start || at + static_cast<int64_t>(length) > chunk_end) {
      size_t want = std::min<size_t>(std::max(length, kScanChunk), file_size - at);
      chunk.resize(want);
      ssize_t n = ::pread(fd_, chunk.data(), want, at);
      if (n < 0) return IoError("cannot read segment", PathOf(".log"));
      chunk.resize(static_cast<size_t>(n));
      chunk_start = at;
    }
    size_t offset = static_cast<size_t>(at - chunk_start);
    return std::string_view(chunk).substr(offset, length);
  };
  while (position < file_size) {
    SLUICE_ASSIGN_OR_RETURN(std::string_view head, window(position, kBatchHeaderSize));
    auto header = ParseBatchHeader(head);
    if (!header.ok()) {
      problem = std::string(header.status().message());
      break;
    }
    if (position + static_cast<int64_t>(header->total_size()) > file_size) {
      problem = "batch runs past the end of the file";
      break;
    }
    if (header->base_offset < next_offset_) {
      problem = absl::StrCat("offset ", header->base_offset, " goes backwards");
      break;
    }
    std::string_view view;
    if (recover || header->control()) {
      SLUICE_ASSIGN_OR_RETURN(view, window(position, header->total_size()));
      if (recover && !BatchCrcMatches(view)) {
        problem = absl::StrCat("CRC-32C mismatch in the batch at offset ", header->base_offset);
        break;
      }
    }
    visit(*header, view);
    IndexBatch(*header, position);
    next_offset_ = header->next_offset();
    position += static_cast<int64_t>(header->total_size());
  }
  if (position < file_size) {
    if (!recover) {
      return absl::DataLossError(
          absl::StrCat("corrupt segment '", PathOf(".log"), "' at byte ", position, ": ", problem));
    }
    LogWarn("truncating {} at byte {} of {} ({}): the tail was torn or corrupt", PathOf(".log"),
            position, file_size, problem);
    if (::ftruncate(fd_, position) != 0) return IoError("cannot truncate", PathOf(".log"));
  }
  size_ = position;
  return Status();
}

void Segment::IndexBatch(const RecordBatchHeader& header, int64_t position) {
  if (header.max_timestamp > max_timestamp_) {
    max_timestamp_ = header.max_timestamp;
    max_timestamp_offset_ = header.base_offset;
  }
  if (bytes_since_index_ >= index_interval_bytes_) {
    offset_index_.push_back(
        {static_cast<int32_t>(header.base_offset - base_offset_), static_cast<int32_t>(position)});
    if (time_index_.empty() || max_timestamp_ > time_index_.back().timestamp) {
      time_index_.push_back(
          {max_timestamp_, static_cast<int32_t>(max_timestamp_offset_ - base_offset_)});
    }
    bytes_since_index_ = 0;
  }
  bytes_since_index_ += static_cast<int64_t>(header.total_size());
}

Status Segment::Append(std::string_view batch, const RecordBatchHeader& header) {
  char stamped[8];
  WriteBigEndian64(stamped, header.base_offset);
  struct iovec parts[2] = {{stamped, 8}, {const_cast<char*>(batch.data()) + 8, batch.size() - 8}};
  size_t total = batch.size();
  size_t done = 0;
  while (done < total) {
    ssize_t n;
    if (done < 8) {
      parts[0].iov_base = stamped + done;
      parts[0].iov_len = 8 - done;
      n = ::pwritev(fd_, parts, 2, size_ + static_cast<int64_t>(done));
    } else {
      n = ::pwrite(fd_, batch.data() + done, total - done, size_ + static_cast<int64_t>(done));
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status error = IoError("cannot append to segment", PathOf(".log"));
      if (::ftruncate(fd_, size_) != 0) LogWarn("cannot undo a partial append");
      return error;
    }
    done += static_cast<size_t>(n);
  }
  IndexBatch(header, size_);
  size_ += static_cast<int64_t>(total);
  next_offset_ = header.next_offset();
  return Status();
}

StatusOr<int64_t> Segment::PositionOf(int64_t offset) const {
  int64_t relative = offset - base_offset_;
  auto it = std::upper_bound(
      offset_index_.begin(), offset_index_.end(), relative,
      [](int64_t value, const OffsetEntry& entry) { return value < entry.relative_offset; });
  int64_t position = it == offset_index_.begin() ? 0 : std::prev(it)->position;
  while (position < size_) {
    SLUICE_ASSIGN_OR_RETURN(RecordBatchHeader header, HeaderAt(position));
    if (header.last_offset() >= offset) return position;
    position += static_cast<int64_t>(header.total_size());
  }
  return size_;
}

Status Segment::Read(int64_t offset, int64_t max_offset, size_t max_bytes, bool min_one,
                     std::string* out) const {
  SLUICE_ASSIGN_OR_RETURN(int64_t start, PositionOf(offset));
  if (start >= size_) return Status();
  // One read of up to max_bytes, then the batch headers are walked in memory and the tail
  // after the last whole batch that qualifies is dropped (no read per batch).
  const size_t available = static_cast<size_t>(size_ - start);
  size_t want = std::min(max_bytes, available);
  if (min_one) want = std::max(want, std::min(available, kBatchHeaderSize));
  const size_t old_size = out->size();
  auto read_at = [&](size_t from, size_t length) {
    out->resize(old_size + from + length);
    ssize_t n =
        ::pread(fd_, out->data() + old_size + from, length, start + static_cast<int64_t>(from));
    return n == static_cast<ssize_t>(length);
  };
  if (!read_at(0, want)) {
    out->resize(old_size);
    return IoError("cannot read segment", PathOf(".log"));
  }
  size_t taken = 0;
  while (taken + kBatchHeaderSize <= want) {
    auto header = ParseBatchHeader(std::string_view(out->data() + old_size + taken, want - taken));
    if (!header.ok() || header->base_offset >= max_offset) break;
    size_t total = header->total_size();
    if (taken + total > want) {
      // The first batch is larger than max_bytes: it is sent whole when asked (KIP-74).
      if (taken == 0 && min_one && total <= available) {
        if (!read_at(want, total - want)) {
          out->resize(old_size);
          return IoError("cannot read segment", PathOf(".log"));
        }
        taken = total;
      }
      break;
    }
    taken += total;
  }
  out->resize(old_size + taken);
  return Status();
}

StatusOr<int64_t> Segment::FindTimestamp(int64_t timestamp) const {
  if (max_timestamp_ < timestamp) return -1;
  auto it = std::lower_bound(
      time_index_.begin(), time_index_.end(), timestamp,
      [](const TimeEntry& entry, int64_t value) { return entry.timestamp < value; });
  int64_t from =
      it == time_index_.begin() ? base_offset_ : base_offset_ + std::prev(it)->relative_offset;
  SLUICE_ASSIGN_OR_RETURN(int64_t position, PositionOf(from));
  while (position < size_) {
    SLUICE_ASSIGN_OR_RETURN(RecordBatchHeader header, HeaderAt(position));
    if (header.max_timestamp >= timestamp) return header.base_offset;
    position += static_cast<int64_t>(header.total_size());
  }
  return -1;
}

Status Segment::Flush() {
  if (::fdatasync(fd_) != 0) return IoError("cannot sync segment", PathOf(".log"));
  return Status();
}

Status Segment::SaveIndexes() const {
  std::string offsets;
  ByteWriter o(&offsets);
  for (const OffsetEntry& e : offset_index_) {
    o.Int32(e.relative_offset);
    o.Int32(e.position);
  }
  std::string times;
  ByteWriter t(&times);
  for (const TimeEntry& e : time_index_) {
    t.Int64(e.timestamp);
    t.Int32(e.relative_offset);
  }
  for (const auto& [extension, data] : {std::pair{".index", &offsets}, {".timeindex", &times}}) {
    std::string path = PathOf(extension);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return IoError("cannot write index", path);
    Status status = WriteWhole(fd, *data, path);
    ::close(fd);
    SLUICE_RETURN_IF_ERROR(status);
  }
  return Status();
}

Status Segment::Delete() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  for (const char* extension : {".log", ".index", ".timeindex"}) {
    std::string path = PathOf(extension);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("cannot delete", path);
  }
  return Status();
}

}  // namespace sluice::log
