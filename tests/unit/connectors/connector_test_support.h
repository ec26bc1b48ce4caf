// Helpers for the connector tests: tables, temp folders, draining readers.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "sluice/connectors/connector_factory.h"
#include "sluice/types/value.h"

namespace sluice::connectors::test_support {

constexpr char kTableName[] = "default_catalog.default_database.t";

/// Passes when `text` starts with `prefix`.
inline ::testing::AssertionResult HasPrefix(absl::string_view text, absl::string_view prefix) {
  if (text.substr(0, prefix.size()) == prefix) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not start with '" << prefix << "'";
}

inline ConnectorTable MakeTable(std::vector<types::Field> fields,
                                std::map<std::string, std::string> options,
                                std::vector<std::string> partition_keys = {}) {
  ConnectorTable table;
  table.name = kTableName;
  table.physical_schema = types::MakeSchema(std::move(fields));
  table.options = Options(std::move(options));
  table.partition_keys = std::move(partition_keys);
  return table;
}

/// A fresh folder under /tmp, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/sluice-connectors-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& relative, const std::string& content) const {
    std::filesystem::path file = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Every file under `folder`, relative, sorted (hidden ones included).
inline std::vector<std::string> ListAll(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) {
      names.push_back(std::filesystem::relative(entry.path(), folder).string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Row `row` as "v1|v2|..." (types::AppendFormatted).
inline std::string FormatRow(const types::Batch& batch, size_t row) {
  std::string out;
  for (size_t i = 0; i < batch.columns.size(); ++i) {
    if (i > 0) out += "|";
    types::AppendFormatted(*batch.columns[i], row, absl::UTCTimeZone(), &out);
  }
  return out;
}

/// Reads a bounded reader to its end; returns every batch.
inline StatusOr<std::vector<types::Batch>> Drain(runtime::SourceReader* reader,
                                                 int64_t batch_size = 1024,
                                                 runtime::OperatorMetrics* metrics = nullptr,
                                                 int subtask_index = 0, int parallelism = 1) {
  runtime::SourceContext context;
  context.subtask_index = subtask_index;
  context.parallelism = parallelism;
  context.batch_size = batch_size;
  context.metrics = metrics;
  SLUICE_RETURN_IF_ERROR(reader->Open(context));
  std::vector<types::Batch> batches;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(runtime::ReadResult result, reader->Read());
    if (result.status == runtime::ReadStatus::kEnd) break;
    if (result.status == runtime::ReadStatus::kBatch) batches.push_back(std::move(result.batch));
  }
  return batches;
}

inline std::vector<std::string> Rows(const std::vector<types::Batch>& batches) {
  std::vector<std::string> rows;
  for (const types::Batch& batch : batches) {
    for (size_t r = 0; r < batch.num_rows; ++r) rows.push_back(FormatRow(batch, r));
  }
  return rows;
}

}  // namespace sluice::connectors::test_support
