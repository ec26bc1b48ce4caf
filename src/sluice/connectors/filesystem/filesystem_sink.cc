#include "sluice/connectors/filesystem/filesystem_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "sluice/common/clock.h"
#include "sluice/connectors/filesystem/partition_path.h"

namespace sluice::connectors {
namespace {

constexpr size_t kFlushBytes = 64 << 10;

std::string RandomUuid() {
  static thread_local std::mt19937_64 generator(std::random_device{}() ^
                                                static_cast<uint64_t>(MonotonicMicros()));
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & ~0xf000ULL) | 0x4000ULL;      // version 4
  low = (low & ~(3ULL << 62)) | (2ULL << 62);  // variant 1
  char text[37];
  std::snprintf(text, sizeof(text), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0xffff), static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

Status FileError(const char* action, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat("cannot ", action, " file '", path, "': ", std::strerror(errno)));
}

struct PendingFile {
  std::string hidden_path;
  std::string visible_path;
};

/// The open part file of one partition folder.
struct Bucket {
  std::string folder;  // absolute
  int fd = -1;
  std::string hidden_path;
  std::string visible_path;
  int64_t bytes = 0;      // written plus buffered
  int64_t opened_at = 0;  // monotonic micros
  std::string buffer;     // encoded rows not yet written
};

class FilesystemWriter final : public runtime::SinkWriter {
 public:
  FilesystemWriter(std::shared_ptr<const FilesystemConfig> config, std::string job_uuid,
                   int subtask_index)
      : config_(std::move(config)), job_uuid_(std::move(job_uuid)), subtask_index_(subtask_index) {}

  ~FilesystemWriter() override { Close(); }

  Status Open(const runtime::SinkContext& context) override {
    metrics_ = context.metrics;
    SLUICE_ASSIGN_OR_RETURN(encoder_,
                            config_->format->CreateEncoder(config_->data_schema, config_->options,
                                                           context.local_time_zone));
    std::error_code error;
    std::filesystem::create_directories(config_->path, error);
    if (error || !std::filesystem::is_directory(config_->path)) {
      return absl::UnavailableError(absl::StrCat("cannot create folder '", config_->path,
                                                 "' of table '", config_->table_name,
                                                 "': ", error ? error.message() : "not a folder"));
    }
    return Status();
  }

  Status Write(const types::Batch& batch) override {
    for (size_t row = 0; row < batch.num_rows; ++row) {
      if (batch.kind(row) != types::RowKind::kInsert) {
        return absl::InvalidArgumentError(
            absl::StrCat("the filesystem sink of table '", config_->table_name,
                         "' accepts only INSERT rows, got ",
                         std::string(types::RowKindShortString(batch.kind(row)))));
      }
      if (!batch.has_row_kinds()) break;
    }
    // The file columns of the batch, without copying.
    types::Batch data;
    data.schema = config_->data_schema;
    data.num_rows = batch.num_rows;
    for (int index : config_->data_columns) data.columns.push_back(batch.columns[index]);
    int64_t now = MonotonicMicros();
    if (config_->partition_columns.empty()) {
      Bucket* bucket = FindBucket("");
      for (size_t row = 0; row < batch.num_rows; ++row) {
        SLUICE_RETURN_IF_ERROR(WriteRow(bucket, data, row, now));
      }
    } else {
      Bucket* bucket = nullptr;
      for (size_t row = 0; row < batch.num_rows; ++row) {
        folder_.clear();
        AppendPartitionPath(*config_, batch, row, &folder_);
        if (bucket == nullptr || folder_ != last_folder_) {
          bucket = FindBucket(folder_);
          last_folder_ = folder_;
        }
        SLUICE_RETURN_IF_ERROR(WriteRow(bucket, data, row, now));
      }
    }
    if (metrics_ != nullptr) metrics_->rows_in += static_cast<int64_t>(batch.num_rows);
    return Status();
  }

  Status PrepareCommit(int64_t checkpoint_id) override {
    SLUICE_RETURN_IF_ERROR(CloseAll());
    std::vector<PendingFile>& staged = pending_by_checkpoint_[checkpoint_id];
    staged.insert(staged.end(), pending_.begin(), pending_.end());
    pending_.clear();
    return Status();
  }

  Status Commit(int64_t checkpoint_id) override {
    auto end = pending_by_checkpoint_.upper_bound(checkpoint_id);
    for (auto it = pending_by_checkpoint_.begin(); it != end;) {
      SLUICE_RETURN_IF_ERROR(Publish(&it->second));
      it = pending_by_checkpoint_.erase(it);
    }
    return Status();
  }

  Status Finish() override {
    SLUICE_RETURN_IF_ERROR(CloseAll());
    for (auto it = pending_by_checkpoint_.begin(); it != pending_by_checkpoint_.end();) {
      SLUICE_RETURN_IF_ERROR(Publish(&it->second));
      it = pending_by_checkpoint_.erase(it);
    }
    return Publish(&pending_);
  }

  /// Abandons open files: in-progress files stay hidden (readers skip them).
  void Close() override {
    for (auto& [folder, bucket] : buckets_) {
      if (bucket.fd >= 0) ::close(bucket.fd);
      bucket.fd = -1;
    }
  }

 private:
  Bucket* FindBucket(const std::string& folder) {
    auto it = buckets_.find(folder);
    if (it != buckets_.end()) return &it->second;
    Bucket& bucket = buckets_[folder];
    bucket.folder = folder.empty() ? config_->path : absl::StrCat(config_->path, "/", folder);
    return &bucket;
  }

  Status WriteRow(Bucket* bucket, const types::Batch& data, size_t row, int64_t now) {
    if (bucket->fd >= 0 && (bucket->bytes >= config_->rolling_file_size ||
                            now - bucket->opened_at >= config_->rollover_interval_micros)) {
      SLUICE_RETURN_IF_ERROR(CloseFile(bucket));
    }
    if (bucket->fd < 0) SLUICE_RETURN_IF_ERROR(OpenFile(bucket, now));
    size_t before = bucket->buffer.size();
    encoder_->Encode(data, row, &bucket->buffer);
    bucket->buffer.push_back('\n');
    bucket->bytes += static_cast<int64_t>(bucket->buffer.size() - before);
    if (bucket->buffer.size() >= kFlushBytes) SLUICE_RETURN_IF_ERROR(Flush(bucket));
    return Status();
  }

  Status OpenFile(Bucket* bucket, int64_t now) {
    if (bucket->folder != config_->path) {
      std::error_code error;
      std::filesystem::create_directories(bucket->folder, error);
      if (error) {
        return absl::UnavailableError(
            absl::StrCat("cannot create folder '", bucket->folder, "': ", error.message()));
      }
    }
    std::string name = absl::StrCat("part-", job_uuid_, "-", subtask_index_, "-", part_counter_++);
    bucket->visible_path = absl::StrCat(bucket->folder, "/", name);
    bucket->hidden_path = absl::StrCat(bucket->folder, "/.", name, ".inprogress.", RandomUuid());
    bucket->fd =
        ::open(bucket->hidden_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (bucket->fd < 0) return FileError("create", bucket->hidden_path);
    bucket->bytes = 0;
    bucket->opened_at = now;
    bucket->buffer.clear();
    return Status();
  }

  Status Flush(Bucket* bucket) {
    const char* data = bucket->buffer.data();
    size_t left = bucket->buffer.size();
    while (left > 0) {
      ssize_t n = ::write(bucket->fd, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return FileError("write", bucket->hidden_path);
      data += n;
      left -= static_cast<size_t>(n);
    }
    bucket->buffer.clear();
    return Status();
  }

  // Closes the bucket's file: it becomes pending (committed at the next checkpoint or Finish).
  Status CloseFile(Bucket* bucket) {
    SLUICE_RETURN_IF_ERROR(Flush(bucket));
    if (::fsync(bucket->fd) != 0) return FileError("sync", bucket->hidden_path);
    if (::close(bucket->fd) != 0) {
      bucket->fd = -1;
      return FileError("close", bucket->hidden_path);
    }
    bucket->fd = -1;
    pending_.push_back({bucket->hidden_path, bucket->visible_path});
    return Status();
  }

  Status CloseAll() {
    for (auto& [folder, bucket] : buckets_) {
      if (bucket.fd >= 0) SLUICE_RETURN_IF_ERROR(CloseFile(&bucket));
    }
    return Status();
  }

  static Status Publish(std::vector<PendingFile>* files) {
    for (const PendingFile& file : *files) {
      if (::rename(file.hidden_path.c_str(), file.visible_path.c_str()) != 0) {
        return absl::UnavailableError(absl::StrCat("cannot rename file '", file.hidden_path,
                                                   "' to '", file.visible_path,
                                                   "': ", std::strerror(errno)));
      }
    }
    files->clear();
    return Status();
  }

  std::shared_ptr<const FilesystemConfig> config_;
  std::string job_uuid_;
  int subtask_index_;
  runtime::OperatorMetrics* metrics_ = nullptr;
  std::unique_ptr<formats::RowEncoder> encoder_;
  std::map<std::string, Bucket> buckets_;  // by partition folder ("" when unpartitioned)
  int64_t part_counter_ = 0;
  std::vector<PendingFile> pending_;  // closed since the last PrepareCommit
  std::map<int64_t, std::vector<PendingFile>> pending_by_checkpoint_;
  std::string folder_;       // scratch: the current row's partition folder
  std::string last_folder_;  // the folder of the previous row
};

class FilesystemSink final : public TableSink {
 public:
  explicit FilesystemSink(FilesystemConfig config)
      : config_(std::make_shared<const FilesystemConfig>(std::move(config))),
        job_uuid_(RandomUuid()) {}

  types::ChangelogMode accepted_changelog_mode() const override {
    return types::ChangelogMode::InsertOnly();
  }
  StatusOr<std::unique_ptr<runtime::SinkWriter>> CreateWriter(int subtask_index,
                                                              int parallelism) const override {
    return std::unique_ptr<runtime::SinkWriter>(
        std::make_unique<FilesystemWriter>(config_, job_uuid_, subtask_index));
  }
  std::optional<int> parallelism() const override { return config_->sink_parallelism; }

 private:
  std::shared_ptr<const FilesystemConfig> config_;
  std::string job_uuid_;  // shared by the writers of this sink, as Flink's per-job uuid
};

}  // namespace

StatusOr<std::unique_ptr<TableSink>> MakeFilesystemSink(FilesystemConfig config) {
  // Surface format option errors when the table is planned, not when it is written.
  SLUICE_RETURN_IF_ERROR(
      config.format->CreateEncoder(config.data_schema, config.options, absl::UTCTimeZone())
          .status());
  // Metadata columns (file.path, ...) are read-only: the planner leaves them out of sink rows.
  while (config.path.size() > 1 && config.path.back() == '/') config.path.pop_back();
  return std::unique_ptr<TableSink>(std::make_unique<FilesystemSink>(std::move(config)));
}

}  // namespace sluice::connectors
