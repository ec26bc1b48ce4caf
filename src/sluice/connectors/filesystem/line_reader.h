// LineReader: reads a file line by line through one reused buffer. Lines end at '\n'; a '\r'
// before it is dropped, and a last line without a final newline is still a line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::connectors {

class LineReader {
 public:
  LineReader() = default;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  ~LineReader() { Close(); }

  /// Opens `path`; Unavailable naming the file when it cannot be opened.
  Status Open(const std::string& path);
  /// Sets `*line` to the next line (valid until the next call) and returns true, or returns false
  /// at the end of the file. A read error is Unavailable naming the file.
  StatusOr<bool> Next(std::string_view* line);
  void Close();

 private:
  Status Fill();

  std::string path_;
  int fd_ = -1;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // unread data is buffer_[begin_, end_)
  size_t end_ = 0;
  size_t scanned_ = 0;  // bytes after begin_ already known to hold no '\n'
  bool eof_ = false;
};

}  // namespace sluice::connectors
