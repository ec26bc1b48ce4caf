// A librdkafka client (consumer or producer) owned by a unique_ptr, configured from a kafka
// table's 'properties.*'.
#pragma once

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>

#include "sluice/common/status.h"

namespace sluice::connectors {

struct KafkaClientDeleter {
  void operator()(rd_kafka_t* client) const;
};
using KafkaClient = std::unique_ptr<rd_kafka_t, KafkaClientDeleter>;

/// Creates a client of `type` with `defaults` overridden by `properties` (the user's
/// 'properties.*'); librdkafka's own logging is silenced (errors reach us as events).
/// `opaque` is given to callbacks set by `configure` (may be null).
StatusOr<KafkaClient> NewKafkaClient(rd_kafka_type_t type,
                                     const std::map<std::string, std::string>& defaults,
                                     const std::map<std::string, std::string>& properties,
                                     const std::string& table_name,
                                     void (*configure)(rd_kafka_conf_t*) = nullptr,
                                     void* opaque = nullptr);

/// The number of partitions of `topic`: NotFound when it does not exist, Unavailable when the
/// brokers cannot be reached within `timeout_ms`.
StatusOr<int> KafkaPartitionCount(rd_kafka_t* client, const std::string& topic,
                                  const std::string& table_name, int timeout_ms);

}  // namespace sluice::connectors
