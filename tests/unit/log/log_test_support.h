// Helpers for the log tests: a fresh temporary folder and batches of numbered records.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "sluice/log/record_batch.h"

namespace sluice::log {

class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sluice-log-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TemporaryFolder() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A batch of `count` records valued "<prefix>-<i>" with timestamps `timestamp + i`.
inline std::string MakeBatch(int count, const std::string& prefix, int64_t timestamp = 1000,
                             RecordBatchBuilder::Producer producer = {}) {
  RecordBatchBuilder builder(producer);
  for (int i = 0; i < count; ++i) {
    builder.Add(timestamp + i, std::nullopt, prefix + "-" + std::to_string(i));
  }
  return builder.Finish();
}

}  // namespace sluice::log
