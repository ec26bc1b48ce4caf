#include "sluice/connectors/kafka/kafka_client.h"

#include "absl/strings/str_cat.h"

namespace sluice::connectors {
namespace {

void QuietLog(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace

void KafkaClientDeleter::operator()(rd_kafka_t* client) const {
  if (client != nullptr) rd_kafka_destroy(client);
}

StatusOr<KafkaClient> NewKafkaClient(rd_kafka_type_t type,
                                     const std::map<std::string, std::string>& defaults,
                                     const std::map<std::string, std::string>& properties,
                                     const std::string& table_name,
                                     void (*configure)(rd_kafka_conf_t*), void* opaque) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char message[512];
  std::map<std::string, std::string> all = defaults;
  for (const auto& [key, value] : properties) all[key] = value;
  for (const auto& [key, value] : all) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), message, sizeof(message)) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return absl::InvalidArgumentError(
          absl::StrCat("option 'properties.", key, "' of table '", table_name, "': ", message));
    }
  }
  rd_kafka_conf_set_log_cb(conf, QuietLog);
  if (configure != nullptr) configure(conf);
  if (opaque != nullptr) rd_kafka_conf_set_opaque(conf, opaque);
  rd_kafka_t* client = rd_kafka_new(type, conf, message, sizeof(message));
  if (client == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create a kafka client for table '", table_name, "': ", message));
  }
  return KafkaClient(client);
}

StatusOr<int> KafkaPartitionCount(rd_kafka_t* client, const std::string& topic,
                                  const std::string& table_name, int timeout_ms) {
  rd_kafka_topic_t* handle = rd_kafka_topic_new(client, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(client, 0, handle, &metadata, timeout_ms);
  rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("cannot read the metadata of topic '", topic,
                                               "' for table '", table_name,
                                               "': ", rd_kafka_err2str(err)));
  }
  int count = -1;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (topic == metadata->topics[i].topic) {
      topic_err = metadata->topics[i].err;
      count = metadata->topics[i].partition_cnt;
    }
  }
  rd_kafka_metadata_destroy(metadata);
  if (topic_err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || count <= 0) {
    return absl::NotFoundError(
        absl::StrCat("topic '", topic, "' of table '", table_name, "' does not exist"));
  }
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("topic '", topic, "' of table '", table_name,
                                               "': ", rd_kafka_err2str(topic_err)));
  }
  return count;
}

}  // namespace sluice::connectors
