#include "sluice/connectors/filesystem/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace sluice::connectors {
namespace {

constexpr size_t kInitialBufferBytes = 1 << 20;

}  // namespace

Status LineReader::Open(const std::string& path) {
  Close();
  path_ = path;
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open file '", path, "': ", std::strerror(errno)));
  }
  if (buffer_.empty()) buffer_.resize(kInitialBufferBytes);
  begin_ = end_ = scanned_ = 0;
  eof_ = false;
  return Status();
}

void LineReader::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status LineReader::Fill() {
  // Move the unread tail to the front, grow when a single line fills the buffer.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  while (true) {
    ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot read file '", path_, "': ", std::strerror(errno)));
    }
    if (n == 0) eof_ = true;
    end_ += static_cast<size_t>(n);
    return Status();
  }
}

StatusOr<bool> LineReader::Next(std::string_view* line) {
  while (true) {
    const char* start = buffer_.data() + begin_;
    const char* newline =
        static_cast<const char*>(std::memchr(start + scanned_, '\n', end_ - begin_ - scanned_));
    size_t length;
    if (newline != nullptr) {
      length = static_cast<size_t>(newline - start);
      begin_ += length + 1;
    } else if (eof_) {
      if (begin_ == end_) return false;
      length = end_ - begin_;  // the last line has no newline
      begin_ = end_;
    } else {
      scanned_ = end_ - begin_;
      SLUICE_RETURN_IF_ERROR(Fill());
      continue;
    }
    scanned_ = 0;
    if (length > 0 && start[length - 1] == '\r') --length;
    *line = std::string_view(start, length);
    return true;
  }
}

}  // namespace sluice::connectors
