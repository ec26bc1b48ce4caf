// ApiVersions, Metadata, CreateTopics, DeleteTopics and FindCoordinator.
#include <algorithm>
#include <map>

#include "sluice/common/logging.h"
#include "sluice/log/server/broker.h"

namespace sluice::log {

void Broker::HandleApiVersions(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::string body;
  ByteWriter w(&body);
  w.Int16(Code(ErrorCode::kNone));
  WriteSupportedApis(w);
  if (version >= 1) w.Int32(0);  // throttle_time_ms
  Respond(context, body);
}

void Broker::HandleMetadata(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  int32_t count = reader.Int32();
  bool all = count < 0 || (version == 0 && count == 0);
  std::vector<std::string> names;
  for (int32_t i = 0; i < count && reader.ok(); ++i) names.emplace_back(reader.String());
  bool allow_create = version >= 4 ? reader.Bool() : true;
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  if (all) {
    for (const auto& [name, topic] : logs_->topics()) names.push_back(name);
  }
  std::string body;
  ByteWriter w(&body);
  if (version >= 3) w.Int32(0);  // throttle_time_ms
  w.Int32(1);                    // brokers
  w.Int32(0);                    // node id
  w.String(AdvertisedHost());
  w.Int32(options_.port);
  if (version >= 1) w.NullableString(std::nullopt);  // rack
  if (version >= 2) w.NullableString("sluice");      // cluster id
  if (version >= 1) w.Int32(0);                      // controller id
  w.Int32(static_cast<int32_t>(names.size()));
  for (const std::string& name : names) {
    Topic* topic = nullptr;
    ErrorCode error = ErrorCode::kNone;
    if (!ValidateTopicName(name).ok()) {
      error = ErrorCode::kInvalidTopic;
    } else {
      topic = FindOrCreateTopic(name, allow_create);
      if (topic == nullptr) error = ErrorCode::kUnknownTopicOrPartition;
    }
    w.Int16(Code(error));
    w.String(name);
    if (version >= 1) w.Bool(false);  // is_internal
    int32_t partitions = topic == nullptr ? 0 : static_cast<int32_t>(topic->partitions.size());
    w.Int32(partitions);
    for (int32_t p = 0; p < partitions; ++p) {
      w.Int16(Code(ErrorCode::kNone));
      w.Int32(p);
      w.Int32(0);  // leader
      w.Int32(1);  // replicas
      w.Int32(0);
      w.Int32(1);  // in-sync replicas
      w.Int32(0);
    }
  }
  Respond(context, body);
}

void Broker::HandleCreateTopics(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  struct Creation {
    std::string name;
    int32_t partitions = 0;
    int16_t replication = 0;
    int32_t assigned = 0;  // partitions given by replica assignment
    bool assignment_ok = true;
    std::map<std::string, std::string> configs;
    bool config_null = false;
  };
  std::vector<Creation> creations;
  int32_t count = reader.ArrayLength();
  for (int32_t i = 0; i < count && reader.ok(); ++i) {
    Creation c;
    c.name = std::string(reader.String());
    c.partitions = reader.Int32();
    c.replication = reader.Int16();
    int32_t assignments = reader.ArrayLength();
    for (int32_t a = 0; a < assignments && reader.ok(); ++a) {
      reader.Int32();  // partition index
      int32_t brokers = reader.ArrayLength();
      for (int32_t b = 0; b < brokers; ++b) c.assignment_ok &= reader.Int32() == 0;
      c.assignment_ok &= brokers == 1;
      ++c.assigned;
    }
    int32_t configs = reader.ArrayLength();
    for (int32_t k = 0; k < configs && reader.ok(); ++k) {
      std::string key(reader.String());
      auto value = reader.NullableString();
      if (value) {
        c.configs[key] = std::string(*value);
      } else {
        c.config_null = true;
      }
    }
    creations.push_back(std::move(c));
  }
  reader.Int32();  // timeout_ms
  bool validate_only = version >= 1 && reader.Bool();
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);

  std::string body;
  ByteWriter w(&body);
  if (version >= 2) w.Int32(0);
  w.Int32(static_cast<int32_t>(creations.size()));
  for (Creation& c : creations) {
    ErrorCode error = ErrorCode::kNone;
    std::string message;
    int32_t partitions = c.assigned > 0       ? c.assigned
                         : c.partitions == -1 ? options_.default_partitions
                                              : c.partitions;
    Status name_ok = ValidateTopicName(c.name);
    auto config = TopicConfig::FromMap(c.configs);
    if (!name_ok.ok()) {
      error = ErrorCode::kInvalidTopic;
      message = std::string(name_ok.message());
    } else if (logs_->FindTopic(c.name) != nullptr) {
      error = ErrorCode::kTopicAlreadyExists;
      message = "Topic '" + c.name + "' already exists.";
    } else if (c.assigned > 0 && (c.partitions != -1 || c.replication != -1 || !c.assignment_ok)) {
      error = ErrorCode::kInvalidReplicaAssignment;
      message = "replica assignments may only name broker 0";
    } else if (partitions < 1 || partitions > LogManager::kMaxPartitions) {
      error = ErrorCode::kInvalidPartitions;
      message = "Number of partitions must be between 1 and 10000.";
    } else if (c.assigned == 0 && c.replication != 1 && c.replication != -1) {
      error = ErrorCode::kInvalidReplicationFactor;
      message = "Replication factor must be 1: this is a single broker.";
    } else if (c.config_null || !config.ok()) {
      error = ErrorCode::kInvalidConfig;
      message =
          c.config_null ? "config values must not be null" : std::string(config.status().message());
    } else if (!validate_only) {
      Status created = logs_->CreateTopic(c.name, partitions, c.configs);
      if (!created.ok()) {
        error = ErrorCode::kUnknownServerError;
        message = std::string(created.message());
      } else {
        LogInfo("created topic '{}' with {} partitions", c.name, partitions);
      }
    }
    w.String(c.name);
    w.Int16(Code(error));
    if (version >= 1) {
      w.NullableString(error == ErrorCode::kNone ? std::nullopt
                                                 : std::optional<std::string_view>(message));
    }
  }
  Respond(context, body);
}

void Broker::HandleDeleteTopics(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::vector<std::string> names;
  int32_t count = reader.ArrayLength();
  for (int32_t i = 0; i < count && reader.ok(); ++i) names.emplace_back(reader.String());
  reader.Int32();  // timeout_ms
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  std::string body;
  ByteWriter w(&body);
  if (version >= 1) w.Int32(0);
  w.Int32(static_cast<int32_t>(names.size()));
  for (const std::string& name : names) {
    ErrorCode error = ErrorCode::kNone;
    if (logs_->FindTopic(name) == nullptr) {
      error = ErrorCode::kUnknownTopicOrPartition;
    } else {
      Status deleted = logs_->DeleteTopic(name);
      if (deleted.ok()) deleted = offsets_->ForgetTopic(name);
      if (!deleted.ok()) {
        LogWarn("deleting topic '{}': {}", name, std::string(deleted.message()));
        error = ErrorCode::kUnknownServerError;
      } else {
        LogInfo("deleted topic '{}'", name);
      }
    }
    w.String(name);
    w.Int16(Code(error));
  }
  Respond(context, body);
}

void Broker::HandleFindCoordinator(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  reader.String();                  // key: group or transactional id
  if (version >= 1) reader.Int8();  // key type
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  std::string body;
  ByteWriter w(&body);
  if (version >= 1) w.Int32(0);
  w.Int16(Code(ErrorCode::kNone));
  if (version >= 1) w.NullableString(std::nullopt);
  w.Int32(0);
  w.String(AdvertisedHost());
  w.Int32(options_.port);
  Respond(context, body);
}

void Broker::HandleDescribeConfigs(const RequestContext& context, ByteReader& reader) {
  constexpr int8_t kTopicResource = 2;
  constexpr int8_t kBrokerResource = 4;
  constexpr int8_t kTopicSource = 1;    // DYNAMIC_TOPIC_CONFIG: set when the topic was created
  constexpr int8_t kStaticSource = 4;   // STATIC_BROKER_CONFIG: from the command line
  constexpr int8_t kDefaultSource = 5;  // DEFAULT_CONFIG
  int16_t version = context.header.api_version;
  struct Resource {
    int8_t type;
    std::string name;
    std::optional<std::vector<std::string>> keys;  // nullopt: all
  };
  std::vector<Resource> resources;
  int32_t count = reader.ArrayLength();
  for (int32_t i = 0; i < count && reader.ok(); ++i) {
    Resource resource;
    resource.type = reader.Int8();
    resource.name = std::string(reader.String());
    int32_t keys = reader.Int32();
    if (keys >= 0) {
      resource.keys.emplace();
      for (int32_t k = 0; k < keys && reader.ok(); ++k)
        resource.keys->emplace_back(reader.String());
    }
    resources.push_back(std::move(resource));
  }
  if (version >= 1) reader.Bool();  // include_synonyms: there are none
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);

  std::string body;
  ByteWriter w(&body);
  w.Int32(0);
  w.Int32(static_cast<int32_t>(resources.size()));
  for (const Resource& resource : resources) {
    ErrorCode error = ErrorCode::kNone;
    // name -> (value, source)
    std::map<std::string, std::pair<std::string, int8_t>> configs;
    if (resource.type == kTopicResource) {
      Topic* topic = logs_->FindTopic(resource.name);
      if (topic == nullptr) {
        error = ErrorCode::kUnknownTopicOrPartition;
      } else {
        for (const auto& [name, value] : topic->config.ToMap()) {
          configs[name] = {value, topic->overrides.contains(name) ? kTopicSource : kDefaultSource};
        }
      }
    } else if (resource.type == kBrokerResource) {
      configs["auto.create.topics.enable"] = {options_.auto_create_topics ? "true" : "false",
                                              kStaticSource};
      configs["num.partitions"] = {std::to_string(options_.default_partitions), kStaticSource};
      configs["log.retention.check.interval.ms"] = {
          std::to_string(options_.retention_check_interval_ms), kDefaultSource};
      configs["log.dirs"] = {options_.data_dir, kStaticSource};
    } else {
      error = ErrorCode::kInvalidRequest;
    }
    if (resource.keys) {
      std::erase_if(configs, [&](const auto& entry) {
        return std::find(resource.keys->begin(), resource.keys->end(), entry.first) ==
               resource.keys->end();
      });
    }
    w.Int16(Code(error));
    w.NullableString(std::nullopt);
    w.Int8(resource.type);
    w.String(resource.name);
    w.Int32(static_cast<int32_t>(configs.size()));
    for (const auto& [name, entry] : configs) {
      w.String(name);
      w.NullableString(entry.first);
      w.Bool(true);  // read_only: there is no AlterConfigs
      if (version == 0) {
        w.Bool(entry.second == kDefaultSource);
      } else {
        w.Int8(entry.second);
      }
      w.Bool(false);                 // is_sensitive
      if (version >= 1) w.Int32(0);  // synonyms
    }
  }
  Respond(context, body);
}

}  // namespace sluice::log
