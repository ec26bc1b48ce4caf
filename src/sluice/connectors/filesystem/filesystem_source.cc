#include "sluice/connectors/filesystem/filesystem_source.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/connectors/filesystem/line_reader.h"
#include "sluice/connectors/filesystem/partition_path.h"
#include "sluice/formats/text_codec.h"

namespace sluice::connectors {
namespace {

namespace fs = std::filesystem;
using types::TypeId;

bool IsHidden(const std::string& name) {
  return !name.empty() && (name[0] == '.' || name[0] == '_');
}

enum class MetadataKey { kPath, kName, kSize, kModificationTime };

constexpr const char* kMetadataKeys = "file.modification-time, file.name, file.path, file.size";

StatusOr<MetadataKey> ResolveMetadata(const MetadataColumn& column, const std::string& table) {
  const types::DataType& type = column.type;
  auto wrong_type = [&](const char* expected) {
    return MetadataTypeError(column, table, expected);
  };
  if (column.key == "file.path" || column.key == "file.name") {
    if (!type.IsString()) return wrong_type("STRING");
    return column.key == "file.path" ? MetadataKey::kPath : MetadataKey::kName;
  }
  if (column.key == "file.size") {
    if (type.id != TypeId::kBigInt) return wrong_type("BIGINT");
    return MetadataKey::kSize;
  }
  if (column.key == "file.modification-time") {
    if (!type.IsTimestamp()) return wrong_type("TIMESTAMP_LTZ(3)");
    return MetadataKey::kModificationTime;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown metadata key '", column.key,
                                                 "' for 'filesystem' in table '", table,
                                                 "'; available: ", kMetadataKeys));
}

struct SourceShared {
  FilesystemConfig config;
  types::SchemaPtr produced_schema;  // physical then metadata columns
  std::vector<MetadataKey> metadata_keys;
};

class FilesystemReader final : public runtime::SourceReader {
 public:
  FilesystemReader(std::shared_ptr<const SourceShared> shared, int subtask_index, int parallelism)
      : shared_(std::move(shared)),
        config_(shared_->config),
        subtask_index_(subtask_index),
        parallelism_(parallelism) {}

  Status Open(const runtime::SourceContext& context) override {
    batch_size_ = std::max<int64_t>(1, context.batch_size);
    metrics_ = context.metrics;
    SLUICE_ASSIGN_OR_RETURN(decoder_,
                            config_.format->CreateDecoder(config_.data_schema, config_.options));
    SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> all,
                            ListDataFiles(config_.path, config_.table_name));
    for (size_t i = static_cast<size_t>(subtask_index_); i < all.size();
         i += static_cast<size_t>(parallelism_)) {
      files_.push_back(all[i]);
    }
    finished_.assign(files_.size(), false);
    return Status();
  }

  int num_splits() const override { return static_cast<int>(files_.size()); }
  bool IsSplitFinished(int split) const override { return finished_[split]; }

  StatusOr<runtime::ReadResult> Read() override {
    runtime::ReadResult result;
    while (true) {
      if (current_ < 0) {
        if (next_file_ >= files_.size()) {
          result.status = runtime::ReadStatus::kEnd;
          return result;
        }
        SLUICE_RETURN_IF_ERROR(OpenFile(next_file_++));
      }
      types::Batch data(config_.data_schema);
      bool end_of_file = false;
      while (static_cast<int64_t>(data.num_rows) < batch_size_) {
        std::string_view line;
        SLUICE_ASSIGN_OR_RETURN(bool has_line, lines_.Next(&line));
        if (!has_line) {
          end_of_file = true;
          break;
        }
        int64_t record_line = ++line_number_;
        if (decoder_->NeedsMoreLines(line)) {
          // A quoted csv field holds line breaks: the record continues on the next lines.
          record_.assign(line);
          std::string_view more;
          while (decoder_->NeedsMoreLines(record_)) {
            SLUICE_ASSIGN_OR_RETURN(bool has_more, lines_.Next(&more));
            if (!has_more) break;  // the decoder reports the unterminated field
            ++line_number_;
            record_.push_back('\n');
            record_.append(more);
          }
          line = record_;
        }
        Status status = decoder_->Decode(line, &data);
        if (status.ok()) continue;
        if (decoder_->ignore_parse_errors()) {
          if (metrics_ != nullptr) ++metrics_->records_skipped;
          continue;
        }
        return absl::InvalidArgumentError(
            absl::StrCat(files_[current_], ":", record_line, ": ", status.message()));
      }
      int split = current_;
      if (end_of_file) {
        lines_.Close();
        finished_[current_] = true;
        current_ = -1;
      }
      if (data.num_rows == 0) continue;
      result.status = runtime::ReadStatus::kBatch;
      result.batch = Assemble(std::move(data));
      result.split = split;
      if (metrics_ != nullptr) metrics_->rows_out += static_cast<int64_t>(result.batch.num_rows);
      return result;
    }
  }

  void Close() override { lines_.Close(); }

 private:
  Status OpenFile(size_t index) {
    const std::string& path = files_[index];
    SLUICE_RETURN_IF_ERROR(lines_.Open(path));
    current_ = static_cast<int>(index);
    line_number_ = 0;
    // Per-file constant columns: partition values from the folder names, then metadata.
    constants_.clear();
    std::string relative = path.size() > config_.path.size() && path.rfind(config_.path, 0) == 0
                               ? path.substr(config_.path.size() + 1)
                               : std::string();
    auto pairs = ParsePartitionPath(relative);
    std::string scratch;
    for (int index_in_schema : config_.partition_columns) {
      const types::Field& field = config_.physical_schema->field(index_in_schema);
      auto column = types::MakeColumn(field.type);
      auto found = std::find_if(pairs.begin(), pairs.end(),
                                [&](const auto& pair) { return pair.first == field.name; });
      if (found == pairs.end()) {
        return absl::InvalidArgumentError(absl::StrCat("file '", path, "' of table '",
                                                       config_.table_name, "' is not inside a '",
                                                       field.name, "=<value>' partition folder"));
      }
      if (found->second == config_.default_partition_name) {
        column->AppendNull();
      } else if (!formats::AppendParsedText(found->second, formats::TimestampStandard::kSql,
                                            column.get(), &scratch)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "invalid value for partition column '", field.name, "' of type ",
            field.type.ToBaseString(), " in path '", path, "': '", found->second, "'"));
      }
      constants_.push_back(std::move(column));
    }
    if (!shared_->metadata_keys.empty()) {
      struct stat info {};
      if (::stat(path.c_str(), &info) != 0) {
        return absl::UnavailableError(
            absl::StrCat("cannot stat file '", path, "': ", std::strerror(errno)));
      }
      for (size_t m = 0; m < shared_->metadata_keys.size(); ++m) {
        auto column = types::MakeColumn(config_.metadata[m].type);
        switch (shared_->metadata_keys[m]) {
          case MetadataKey::kPath:
            column->AppendString(path);
            break;
          case MetadataKey::kName:
            column->AppendString(fs::path(path).filename().string());
            break;
          case MetadataKey::kSize:
            column->Append<int64_t>(info.st_size);
            break;
          case MetadataKey::kModificationTime:
            column->Append<int64_t>(formats::TruncateToPrecision(
                static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000 + info.st_mtim.tv_nsec / 1000,
                config_.metadata[m].type.precision));
            break;
        }
        constants_.push_back(std::move(column));
      }
    }
    return Status();
  }

  // The decoded data columns plus the file's constant columns, in the produced schema's order.
  types::Batch Assemble(types::Batch data) {
    if (constants_.empty()) {
      data.schema = shared_->produced_schema;
      return data;
    }
    types::Batch out;
    out.schema = shared_->produced_schema;
    out.num_rows = data.num_rows;
    out.columns.resize(out.schema->size());
    for (size_t j = 0; j < config_.data_columns.size(); ++j) {
      out.columns[config_.data_columns[j]] = std::move(data.columns[j]);
    }
    size_t physical = config_.physical_schema->size();
    for (size_t k = 0; k < constants_.size(); ++k) {
      size_t target = k < config_.partition_columns.size()
                          ? static_cast<size_t>(config_.partition_columns[k])
                          : physical + (k - config_.partition_columns.size());
      auto column = types::MakeColumn(constants_[k]->type());
      column->Reserve(data.num_rows);
      for (size_t r = 0; r < data.num_rows; ++r) column->AppendRange(*constants_[k], 0, 1);
      out.columns[target] = std::move(column);
    }
    return out;
  }

  std::shared_ptr<const SourceShared> shared_;
  const FilesystemConfig& config_;
  int subtask_index_;
  int parallelism_;
  int64_t batch_size_ = 1024;
  runtime::OperatorMetrics* metrics_ = nullptr;
  std::unique_ptr<formats::RowDecoder> decoder_;
  std::vector<std::string> files_;  // this subtask's splits
  std::vector<bool> finished_;
  size_t next_file_ = 0;
  int current_ = -1;  // the split being read, or -1
  int64_t line_number_ = 0;
  LineReader lines_;
  std::string record_;                       // a record spanning several lines
  std::vector<types::ColumnPtr> constants_;  // one row each: partition values, then metadata
};

}  // namespace

StatusOr<std::vector<std::string>> ListDataFiles(const std::string& path,
                                                 const std::string& table_name) {
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    return absl::NotFoundError(
        absl::StrCat("path '", path, "' of table '", table_name, "' does not exist"));
  }
  std::vector<std::string> files;
  if (!fs::is_directory(status)) {
    files.push_back(path);
    return files;
  }
  fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::string name = it->path().filename().string();
    if (IsHidden(name)) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(error)) files.push_back(it->path().string());
  }
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot list folder '", path, "' of table '",
                                               table_name, "': ", error.message()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

StatusOr<std::unique_ptr<TableSource>> MakeFilesystemSource(FilesystemConfig config) {
  // Surface format option errors when the table is planned, not when it is read.
  SLUICE_RETURN_IF_ERROR(config.format->CreateDecoder(config.data_schema, config.options).status());
  auto shared = std::make_shared<SourceShared>();
  std::vector<types::Field> produced = config.physical_schema->fields();
  for (const MetadataColumn& column : config.metadata) {
    SLUICE_ASSIGN_OR_RETURN(MetadataKey key, ResolveMetadata(column, config.table_name));
    shared->metadata_keys.push_back(key);
    produced.push_back({column.name, column.type});
  }
  shared->produced_schema = types::MakeSchema(std::move(produced));
  while (config.path.size() > 1 && config.path.back() == '/') config.path.pop_back();
  shared->config = std::move(config);
  return std::unique_ptr<TableSource>(
      std::make_unique<SharedStateSource<SourceShared, FilesystemReader>>(std::move(shared),
                                                                          /*bounded=*/true));
}

}  // namespace sluice::connectors
