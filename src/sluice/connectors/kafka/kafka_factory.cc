#include "sluice/connectors/kafka/kafka_factory.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "sluice/connectors/kafka/kafka_sink.h"
#include "sluice/connectors/kafka/kafka_source.h"

namespace sluice::connectors {
namespace {

// Options accepted so Flink jobs run unchanged; they have no effect here (docs/connectors.md).
constexpr const char* kNoEffectOptions[] = {"scan.topic-partition-discovery.interval",
                                            "sink.transactional-id-prefix"};

StatusOr<std::string> OneOf(const ConnectorTable& table, const std::string& key,
                            const std::string& fallback,
                            std::initializer_list<const char*> allowed) {
  std::string value = table.options.GetOr(key, fallback);
  for (const char* candidate : allowed) {
    if (value == candidate) return value;
  }
  return absl::InvalidArgumentError(absl::StrCat("option '", key, "' of table '", table.name,
                                                 "' must be one of [", absl::StrJoin(allowed, ", "),
                                                 "], got '", value, "'"));
}

// `options` keys starting with `prefix`, with the prefix removed: a format configured under
// 'value.' or 'key.' ('value.json.ignore-parse-errors') sees its plain keys.
Options Unprefixed(const Options& options, const std::string& prefix) {
  return Options(options.WithPrefix(prefix));
}

StatusOr<const formats::FormatFactory*> Format(const ConnectorTable& table,
                                               const std::string& key) {
  std::string name = table.options.GetOr(key, "");
  const formats::FormatFactory* format = formats::FindFormat(name);
  if (format == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown format '", name, "' in option '", key, "' of table '", table.name,
                     "'; available: ", absl::StrJoin(formats::FormatNames(), ", ")));
  }
  return format;
}

// Splits the physical columns into the key's ('key.fields') and the value's
// ('value.fields-include') as Flink does.
Status ResolveFields(const ConnectorTable& table, KafkaConfig* config) {
  const types::Schema& schema = *table.physical_schema;
  std::string prefix = table.options.GetOr("key.fields-prefix", "");
  std::vector<bool> in_key(schema.size(), false);
  if (std::optional<std::string> fields = table.options.Get("key.fields")) {
    if (config->key_format == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("option 'key.fields' of table '", table.name,
                                                     "' needs 'key.format' to be set"));
    }
    std::vector<types::Field> key_fields;
    for (absl::string_view part : absl::StrSplit(*fields, ';')) {
      std::string name(part);
      int index = schema.IndexOf(name);
      if (index < 0) {
        return absl::InvalidArgumentError(absl::StrCat("'key.fields' of table '", table.name,
                                                       "' names '", name,
                                                       "', which is not a physical column"));
      }
      if (name.rfind(prefix, 0) != 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("key field '", name, "' of table '", table.name,
                         "' does not start with 'key.fields-prefix' '", prefix, "'"));
      }
      in_key[index] = true;
      config->key_columns.push_back(index);
      key_fields.push_back({name.substr(prefix.size()), schema.field(index).type});
    }
    config->key_schema = types::MakeSchema(std::move(key_fields));
  } else if (config->key_format != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("option 'key.format' of table '", table.name,
                                                   "' needs 'key.fields' to be set"));
  }
  SLUICE_ASSIGN_OR_RETURN(std::string include,
                          OneOf(table, "value.fields-include", "ALL", {"ALL", "EXCEPT_KEY"}));
  if (!prefix.empty() && include != "EXCEPT_KEY") {
    return absl::InvalidArgumentError(
        absl::StrCat("option 'key.fields-prefix' of table '", table.name,
                     "' needs 'value.fields-include' = 'EXCEPT_KEY'"));
  }
  std::vector<types::Field> value_fields;
  for (size_t i = 0; i < schema.size(); ++i) {
    if (include == "EXCEPT_KEY" && in_key[i]) continue;
    value_fields.push_back(schema.field(i));
    config->value_columns.push_back(static_cast<int>(i));
  }
  config->value_schema = types::MakeSchema(std::move(value_fields));
  return Status();
}

}  // namespace

StatusOr<KafkaConfig> ParseKafkaConfig(const ConnectorTable& table) {
  KafkaConfig config;
  config.table_name = table.name;
  config.physical_schema = table.physical_schema;
  config.metadata = table.metadata;
  config.properties = table.options.WithPrefix("properties.");
  config.topic = table.options.GetOr("topic", "");
  if (config.topic.empty() || config.topic.find(';') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "option 'topic' of table '", table.name,
        "' must name one topic (several topics are not supported yet), got '", config.topic, "'"));
  }
  if (table.options.Has("topic-pattern")) {
    return absl::InvalidArgumentError(absl::StrCat("option 'topic-pattern' of table '", table.name,
                                                   "' is not supported yet; use 'topic'"));
  }

  // The value format: 'value.format' (options under 'value.') or 'format'.
  bool has_format = table.options.Has("format");
  bool has_value_format = table.options.Has("value.format");
  if (has_format == has_value_format) {
    return absl::InvalidArgumentError(absl::StrCat(
        "table '", table.name, "' must set exactly one of 'format' and 'value.format'"));
  }
  if (has_value_format) {
    SLUICE_ASSIGN_OR_RETURN(config.value_format, Format(table, "value.format"));
    config.value_options = Unprefixed(table.options, "value.");
  } else {
    SLUICE_ASSIGN_OR_RETURN(config.value_format, Format(table, "format"));
    config.value_options = table.options;
  }
  if (table.options.Has("key.format")) {
    SLUICE_ASSIGN_OR_RETURN(config.key_format, Format(table, "key.format"));
    config.key_options = Unprefixed(table.options, "key.");
  }
  SLUICE_RETURN_IF_ERROR(ResolveFields(table, &config));

  SLUICE_ASSIGN_OR_RETURN(std::string startup,
                          OneOf(table, "scan.startup.mode", "group-offsets",
                                {"earliest-offset", "latest-offset", "group-offsets", "timestamp",
                                 "specific-offsets"}));
  if (startup == "specific-offsets") {
    return absl::InvalidArgumentError(
        absl::StrCat("'scan.startup.mode' = 'specific-offsets' of table '", table.name,
                     "' is not supported yet"));
  }
  config.startup_mode = startup == "earliest-offset" ? KafkaStartupMode::kEarliest
                        : startup == "latest-offset" ? KafkaStartupMode::kLatest
                        : startup == "timestamp"     ? KafkaStartupMode::kTimestamp
                                                     : KafkaStartupMode::kGroupOffsets;
  if (config.startup_mode == KafkaStartupMode::kTimestamp) {
    if (!table.options.Has("scan.startup.timestamp-millis")) {
      return absl::InvalidArgumentError(absl::StrCat("'scan.startup.mode' = 'timestamp' of table '",
                                                     table.name,
                                                     "' needs 'scan.startup.timestamp-millis'"));
    }
    SLUICE_ASSIGN_OR_RETURN(config.startup_timestamp_millis,
                            table.options.GetInt("scan.startup.timestamp-millis", 0));
  }
  // As Flink, a source without a group id reads (and would commit) as 'KafkaSource-<table>'.
  if (!config.properties.count("group.id")) {
    config.properties["group.id"] = absl::StrCat("KafkaSource-", table.name);
  }
  SLUICE_ASSIGN_OR_RETURN(std::string bounded, OneOf(table, "scan.bounded.mode", "unbounded",
                                                     {"unbounded", "latest-offset", "group-offsets",
                                                      "timestamp", "specific-offsets"}));
  if (bounded != "unbounded" && bounded != "latest-offset") {
    return absl::InvalidArgumentError(absl::StrCat("'scan.bounded.mode' = '", bounded,
                                                   "' of table '", table.name,
                                                   "' is not supported yet; use 'latest-offset'"));
  }
  config.bounded = bounded == "latest-offset";

  SLUICE_ASSIGN_OR_RETURN(std::string guarantee,
                          OneOf(table, "sink.delivery-guarantee", "at-least-once",
                                {"at-least-once", "none", "exactly-once"}));
  if (guarantee == "exactly-once") {
    return absl::InvalidArgumentError(
        absl::StrCat("'sink.delivery-guarantee' = 'exactly-once' of table '", table.name,
                     "' is not supported yet (it needs checkpoints); use 'at-least-once'"));
  }
  config.delivery_guarantee =
      guarantee == "none" ? KafkaDeliveryGuarantee::kNone : KafkaDeliveryGuarantee::kAtLeastOnce;
  SLUICE_ASSIGN_OR_RETURN(std::string partitioner, OneOf(table, "sink.partitioner", "default",
                                                         {"default", "fixed", "round-robin"}));
  config.partitioner = partitioner == "fixed"         ? KafkaPartitioner::kFixed
                       : partitioner == "round-robin" ? KafkaPartitioner::kRoundRobin
                                                      : KafkaPartitioner::kDefault;
  SLUICE_ASSIGN_OR_RETURN(config.sink_parallelism, SinkParallelism(table));
  SLUICE_RETURN_IF_ERROR(
      table.options.GetDuration("scan.topic-partition-discovery.interval", 0).status());
  return config;
}

std::vector<std::string> KafkaConnectorFactory::optional_options() const {
  std::vector<std::string> keys = {"topic-pattern",
                                   "properties.",
                                   "value.format",
                                   "value.fields-include",
                                   "key.format",
                                   "key.fields",
                                   "key.fields-prefix",
                                   "scan.startup.mode",
                                   "scan.startup.timestamp-millis",
                                   "scan.startup.specific-offsets",
                                   "scan.bounded.mode",
                                   "sink.delivery-guarantee",
                                   "sink.partitioner",
                                   "sink.parallelism"};
  for (const char* key : kNoEffectOptions) keys.push_back(key);
  // Format options under 'value.' and 'key.' ('value.json.ignore-parse-errors').
  for (const std::string& name : formats::FormatNames()) {
    for (const std::string& key : formats::FindFormat(name)->option_keys()) {
      keys.push_back("value." + key);
      keys.push_back("key." + key);
    }
  }
  return keys;
}

StatusOr<std::unique_ptr<TableSource>> KafkaConnectorFactory::CreateSource(
    const ConnectorTable& table) const {
  SLUICE_ASSIGN_OR_RETURN(KafkaConfig config, ParseKafkaConfig(table));
  return MakeKafkaSource(std::move(config));
}

StatusOr<std::unique_ptr<TableSink>> KafkaConnectorFactory::CreateSink(
    const ConnectorTable& table) const {
  SLUICE_ASSIGN_OR_RETURN(KafkaConfig config, ParseKafkaConfig(table));
  return MakeKafkaSink(std::move(config));
}

}  // namespace sluice::connectors
