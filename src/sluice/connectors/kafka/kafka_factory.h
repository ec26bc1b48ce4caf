// The 'kafka' connector (Flink's option names) on librdkafka: a source that reads one topic's
// partitions with rd_kafka_assign from the chosen start offsets (optionally bounded by the
// offsets at start), and a sink that produces each row as one record. Values (and optionally
// keys) are encoded by the table's formats (json, csv, raw).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/connectors/connector_factory.h"
#include "sluice/formats/format_factory.h"

namespace sluice::connectors {

enum class KafkaStartupMode { kEarliest, kLatest, kGroupOffsets, kTimestamp };
enum class KafkaDeliveryGuarantee { kAtLeastOnce, kNone };
enum class KafkaPartitioner { kDefault, kFixed, kRoundRobin };

/// A kafka table's parsed options, shared by its source, sink, readers and writers.
struct KafkaConfig {
  std::string table_name;
  std::string topic;
  /// 'properties.*' with the prefix removed (bootstrap.servers, group.id, ...): given to
  /// librdkafka as they are.
  std::map<std::string, std::string> properties;
  types::SchemaPtr physical_schema;
  std::vector<MetadataColumn> metadata;

  const formats::FormatFactory* value_format = nullptr;
  Options value_options;  // the format's own keys, without the 'value.' prefix
  types::SchemaPtr value_schema;
  std::vector<int> value_columns;  // indexes into physical_schema

  const formats::FormatFactory* key_format = nullptr;  // null: records carry no decoded key
  Options key_options;
  types::SchemaPtr key_schema;   // field names without 'key.fields-prefix'
  std::vector<int> key_columns;  // indexes into physical_schema, in 'key.fields' order

  KafkaStartupMode startup_mode = KafkaStartupMode::kGroupOffsets;
  int64_t startup_timestamp_millis = 0;
  bool bounded = false;  // 'scan.bounded.mode' = 'latest-offset'

  KafkaDeliveryGuarantee delivery_guarantee = KafkaDeliveryGuarantee::kAtLeastOnce;
  KafkaPartitioner partitioner = KafkaPartitioner::kDefault;
  std::optional<int> sink_parallelism;
};

/// Parses and validates the options.
StatusOr<KafkaConfig> ParseKafkaConfig(const ConnectorTable& table);

class KafkaConnectorFactory final : public ConnectorFactory {
 public:
  std::string name() const override { return "kafka"; }
  std::vector<std::string> required_options() const override {
    return {"topic", "properties.bootstrap.servers"};
  }
  std::vector<std::string> optional_options() const override;
  bool uses_format() const override { return true; }
  StatusOr<std::unique_ptr<TableSource>> CreateSource(const ConnectorTable& table) const override;
  StatusOr<std::unique_ptr<TableSink>> CreateSink(const ConnectorTable& table) const override;
};

}  // namespace sluice::connectors
