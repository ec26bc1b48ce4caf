// Test tool: a transactional librdkafka producer that writes three transactions of COUNT
// records each to TOPIC: "committed-1-<i>" (committed), "aborted-<i>" (aborted) and
// "committed-2-<i>" (committed), and commits consumer offsets for GROUP inside the last one
// (TxnOffsetCommit: partition 0 at offset 42).
// Usage: transactional_producer BROKER TOPIC COUNT GROUP
#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

bool Check(rd_kafka_error_t* error, const char* what) {
  if (error == nullptr) return true;
  std::fprintf(stderr, "%s: %s\n", what, rd_kafka_error_string(error));
  rd_kafka_error_destroy(error);
  return false;
}

bool ProduceAll(rd_kafka_t* rk, const char* topic, const std::string& prefix, long count) {
  for (long i = 0; i < count; ++i) {
    std::string value = prefix + "-" + std::to_string(i);
    std::string key = "k" + std::to_string(i);
    rd_kafka_resp_err_t err =
        rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_KEY(key.data(), key.size()),
                          RD_KAFKA_V_VALUE(value.data(), value.size()), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(rk, 50);
      --i;
      continue;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::fprintf(stderr, "produce: %s\n", rd_kafka_err2str(err));
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: transactional_producer BROKER TOPIC COUNT GROUP\n");
    return 2;
  }
  long count = std::atol(argv[3]);
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], error, sizeof(error)) ||
      rd_kafka_conf_set(conf, "transactional.id", "sluice-test-txn", error, sizeof(error))) {
    std::fprintf(stderr, "%s\n", error);
    return 2;
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (rk == nullptr) return 2;
  const int timeout = 30000;
  if (!Check(rd_kafka_init_transactions(rk, timeout), "init_transactions")) return 1;

  if (!Check(rd_kafka_begin_transaction(rk), "begin 1") ||
      !ProduceAll(rk, argv[2], "committed-1", count) ||
      !Check(rd_kafka_commit_transaction(rk, timeout), "commit 1")) {
    return 1;
  }
  if (!Check(rd_kafka_begin_transaction(rk), "begin 2") ||
      !ProduceAll(rk, argv[2], "aborted", count) || rd_kafka_flush(rk, timeout) != 0 ||
      !Check(rd_kafka_abort_transaction(rk, timeout), "abort 2")) {
    return 1;
  }
  if (!Check(rd_kafka_begin_transaction(rk), "begin 3") ||
      !ProduceAll(rk, argv[2], "committed-2", count)) {
    return 1;
  }
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(offsets, argv[2], 0)->offset = 42;
  rd_kafka_consumer_group_metadata_t* group = rd_kafka_consumer_group_metadata_new(argv[4]);
  bool sent = Check(rd_kafka_send_offsets_to_transaction(rk, offsets, group, timeout),
                    "send_offsets_to_transaction");
  rd_kafka_consumer_group_metadata_destroy(group);
  rd_kafka_topic_partition_list_destroy(offsets);
  if (!sent || !Check(rd_kafka_commit_transaction(rk, timeout), "commit 3")) return 1;
  rd_kafka_destroy(rk);
  std::printf("transactions done\n");
  return 0;
}
