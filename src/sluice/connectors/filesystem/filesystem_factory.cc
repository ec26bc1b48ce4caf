#include "sluice/connectors/filesystem/filesystem_factory.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sluice/connectors/filesystem/filesystem_sink.h"
#include "sluice/connectors/filesystem/filesystem_source.h"
#include "sluice/types/temporal.h"

namespace sluice::connectors {
namespace {

// Options accepted for compatibility with Flink jobs; validated, but without effect yet
// (docs/connectors.md lists them).
constexpr const char* kDurationOptions[] = {
    "source.monitor-interval", "sink.rolling-policy.check-interval",
    "sink.rolling-policy.inactivity-interval", "sink.partition-commit.delay"};

Status CheckOneOf(const ConnectorTable& table, const std::string& key,
                  std::initializer_list<const char*> allowed) {
  std::optional<std::string> value = table.options.Get(key);
  if (!value) return Status();
  std::string list;
  for (const char* candidate : allowed) {
    if (*value == candidate) return Status();
    absl::StrAppend(&list, list.empty() ? "" : ", ", candidate);
  }
  return absl::InvalidArgumentError(absl::StrCat("option '", key, "' of table '", table.name,
                                                 "' must be one of [", list, "], got '", *value,
                                                 "'"));
}

StatusOr<int64_t> MemorySizeOption(const ConnectorTable& table, const std::string& key,
                                   int64_t fallback) {
  std::optional<std::string> value = table.options.Get(key);
  if (!value) return fallback;
  StatusOr<int64_t> bytes = ParseMemorySize(*value);
  if (!bytes.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option '", key, "': ", bytes.status().message()));
  }
  if (*bytes <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("option '", key, "' of table '", table.name, "' must be positive"));
  }
  return *bytes;
}

}  // namespace

StatusOr<FilesystemConfig> ParseFilesystemConfig(const ConnectorTable& table) {
  FilesystemConfig config;
  config.table_name = table.name;
  config.options = table.options;
  config.physical_schema = table.physical_schema;
  config.metadata = table.metadata;
  config.path = table.options.GetOr("path", "");
  if (config.path.rfind("file://", 0) == 0) config.path = config.path.substr(7);
  if (config.path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option 'path' of table '", table.name, "' must not be empty"));
  }
  std::string format_name = table.options.GetOr("format", "");
  config.format = formats::FindFormat(format_name);
  if (config.format == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown format '", format_name, "' for table '", table.name, "'"));
  }

  std::vector<bool> is_partition(table.physical_schema->size(), false);
  for (const std::string& key : table.partition_keys) {
    int index = table.physical_schema->IndexOf(key);
    if (index < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition key '", key, "' is not a column of table '", table.name, "'"));
    }
    is_partition[index] = true;
    config.partition_columns.push_back(index);
  }
  std::vector<types::Field> data_fields;
  for (size_t i = 0; i < table.physical_schema->size(); ++i) {
    if (is_partition[i]) continue;
    data_fields.push_back(table.physical_schema->field(i));
    config.data_columns.push_back(static_cast<int>(i));
  }
  config.data_schema = types::MakeSchema(std::move(data_fields));
  config.default_partition_name =
      table.options.GetOr("partition.default-name", "__DEFAULT_PARTITION__");

  SLUICE_ASSIGN_OR_RETURN(
      config.rolling_file_size,
      MemorySizeOption(table, "sink.rolling-policy.file-size", config.rolling_file_size));
  SLUICE_ASSIGN_OR_RETURN(config.rollover_interval_micros,
                          table.options.GetDuration("sink.rolling-policy.rollover-interval",
                                                    config.rollover_interval_micros));
  SLUICE_ASSIGN_OR_RETURN(config.sink_parallelism, SinkParallelism(table));

  // Accepted, validated, no effect yet.
  for (const char* key : kDurationOptions) {
    SLUICE_RETURN_IF_ERROR(table.options.GetDuration(key, 0).status());
  }
  SLUICE_RETURN_IF_ERROR(MemorySizeOption(table, "compaction.file-size", 1).status());
  SLUICE_RETURN_IF_ERROR(table.options.GetBool("auto-compaction", false).status());
  SLUICE_RETURN_IF_ERROR(table.options.GetBool("sink.shuffle-by-partition.enable", false).status());
  SLUICE_RETURN_IF_ERROR(CheckOneOf(table, "source.report-statistics", {"NONE", "ALL"}));
  SLUICE_RETURN_IF_ERROR(CheckOneOf(table, "partition.time-extractor.kind", {"default", "custom"}));
  SLUICE_RETURN_IF_ERROR(
      CheckOneOf(table, "sink.partition-commit.trigger", {"process-time", "partition-time"}));
  if (std::optional<std::string> kinds = table.options.Get("sink.partition-commit.policy.kind")) {
    for (absl::string_view kind : absl::StrSplit(*kinds, ',')) {
      std::string trimmed(kind);
      trimmed.erase(0, trimmed.find_first_not_of(' '));
      trimmed.erase(trimmed.find_last_not_of(' ') + 1);
      if (trimmed != "metastore" && trimmed != "success-file" && trimmed != "custom") {
        return absl::InvalidArgumentError(
            absl::StrCat("option 'sink.partition-commit.policy.kind' of table '", table.name,
                         "' must list metastore, success-file or custom, got '", trimmed, "'"));
      }
    }
  }
  if (std::optional<std::string> zone =
          table.options.Get("sink.partition-commit.watermark-time-zone")) {
    absl::TimeZone loaded;
    if (!types::LoadZone(*zone, &loaded)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option 'sink.partition-commit.watermark-time-zone' of table '", table.name,
                       "' names an unknown time zone '", *zone, "'"));
    }
  }
  return config;
}

std::vector<std::string> FilesystemConnectorFactory::optional_options() const {
  return {"source.monitor-interval",
          "source.path.regex-pattern",
          "source.report-statistics",
          "partition.default-name",
          "partition.time-extractor.kind",
          "partition.time-extractor.class",
          "partition.time-extractor.timestamp-pattern",
          "partition.time-extractor.timestamp-formatter",
          "sink.rolling-policy.file-size",
          "sink.rolling-policy.rollover-interval",
          "sink.rolling-policy.check-interval",
          "sink.rolling-policy.inactivity-interval",
          "sink.shuffle-by-partition.enable",
          "sink.partition-commit.trigger",
          "sink.partition-commit.delay",
          "sink.partition-commit.watermark-time-zone",
          "sink.partition-commit.policy.kind",
          "sink.partition-commit.policy.class",
          "sink.partition-commit.success-file.name",
          "sink.parallelism",
          "auto-compaction",
          "compaction.file-size"};
}

bool FilesystemConnectorFactory::SupportsProjection(const ConnectorTable& table) const {
  return table.partition_keys.empty() && table.options.GetOr("format", "") == "json";
}

StatusOr<std::unique_ptr<TableSource>> FilesystemConnectorFactory::CreateSource(
    const ConnectorTable& table) const {
  SLUICE_ASSIGN_OR_RETURN(FilesystemConfig config, ParseFilesystemConfig(table));
  if (table.projection.empty() || !SupportsProjection(table)) {
    return MakeFilesystemSource(std::move(config));
  }
  ConnectorTable projected = table;
  std::vector<types::Field> fields;
  for (int column : table.projection) fields.push_back(table.physical_schema->field(column));
  projected.physical_schema = types::MakeSchema(std::move(fields));
  SLUICE_ASSIGN_OR_RETURN(FilesystemConfig projected_config, ParseFilesystemConfig(projected));
  return MakeFilesystemSource(std::move(projected_config));
}

StatusOr<std::unique_ptr<TableSink>> FilesystemConnectorFactory::CreateSink(
    const ConnectorTable& table) const {
  SLUICE_ASSIGN_OR_RETURN(FilesystemConfig config, ParseFilesystemConfig(table));
  return MakeFilesystemSink(std::move(config));
}

}  // namespace sluice::connectors
