// The 'filesystem' connector: a bounded source over a file or a folder of files, and a sink that
// writes part files with Flink's in-progress -> pending -> committed lifecycle. Rows are
// encoded one per line by the table's format (json, csv, raw).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/connectors/connector_factory.h"
#include "sluice/formats/format_factory.h"

namespace sluice::connectors {

/// A filesystem table's parsed options, shared by its source, sink, readers and writers.
struct FilesystemConfig {
  std::string table_name;
  std::string path;
  const formats::FormatFactory* format = nullptr;
  Options options;  // the WITH clause (the format reads its own keys)
  types::SchemaPtr physical_schema;
  std::vector<MetadataColumn> metadata;
  /// Physical columns stored in the files (all but the partition columns) and where they sit in
  /// the physical schema.
  types::SchemaPtr data_schema;
  std::vector<int> data_columns;
  /// Partition columns, in PARTITIONED BY order, as indexes into the physical schema.
  std::vector<int> partition_columns;
  std::string default_partition_name = "__DEFAULT_PARTITION__";  // 'partition.default-name'
  int64_t rolling_file_size = 128ll << 20;               // bytes, 'sink.rolling-policy.file-size'
  int64_t rollover_interval_micros = 30ll * 60'000'000;  // 'sink.rolling-policy.rollover-interval'
  std::optional<int> sink_parallelism;
};

/// Parses and validates the options (also the ones that are accepted but have no effect yet).
StatusOr<FilesystemConfig> ParseFilesystemConfig(const ConnectorTable& table);

class FilesystemConnectorFactory final : public ConnectorFactory {
 public:
  std::string name() const override { return "filesystem"; }
  std::vector<std::string> required_options() const override { return {"path", "format"}; }
  std::vector<std::string> optional_options() const override;
  bool uses_format() const override { return true; }
  StatusOr<std::unique_ptr<TableSource>> CreateSource(const ConnectorTable& table) const override;
  /// JSON finds fields by name, so a json table without partition columns can decode only the
  /// columns a query reads.
  bool SupportsProjection(const ConnectorTable& table) const override;
  StatusOr<std::unique_ptr<TableSink>> CreateSink(const ConnectorTable& table) const override;
};

}  // namespace sluice::connectors
