// Test tool: produces COUNT records "<prefix>-<i>" (keys "k<i>") with acks=all and idempotence
// and appends the value of every record the broker acknowledged to ACKED_FILE, flushed as each
// delivery report arrives, so a test can kill the broker at any moment and then check that
// every acknowledged record survived.
// Usage: acked_producer BROKER TOPIC COUNT ACKED_FILE [PREFIX]
#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Progress {
  FILE* acked = nullptr;
  long delivered = 0;
  long failed = 0;
  std::string last_error;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* progress = static_cast<Progress*>(opaque);
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++progress->failed;
    progress->last_error = rd_kafka_err2str(message->err);
    return;
  }
  std::fwrite(message->payload, 1, message->len, progress->acked);
  std::fputc('\n', progress->acked);
  std::fflush(progress->acked);
  ++progress->delivered;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: acked_producer BROKER TOPIC COUNT ACKED_FILE [PREFIX]\n");
    return 2;
  }
  long count = std::atol(argv[3]);
  std::string prefix = argc > 5 ? argv[5] : "value";
  Progress progress;
  progress.acked = std::fopen(argv[4], "a");
  if (progress.acked == nullptr) return 2;
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  const char* settings[][2] = {
      {"bootstrap.servers", argv[1]},     {"acks", "all"},    {"enable.idempotence", "true"},
      {"message.timeout.ms", "60000"},    {"linger.ms", "2"}, {"reconnect.backoff.ms", "50"},
      {"reconnect.backoff.max.ms", "200"}};
  for (const auto& setting : settings) {
    if (rd_kafka_conf_set(conf, setting[0], setting[1], error, sizeof(error)) != RD_KAFKA_CONF_OK) {
      std::fprintf(stderr, "%s\n", error);
      return 2;
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_conf_set_opaque(conf, &progress);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (rk == nullptr) {
    std::fprintf(stderr, "%s\n", error);
    return 2;
  }
  for (long i = 0; i < count; ++i) {
    std::string key = "k" + std::to_string(i);
    std::string value = prefix + "-" + std::to_string(i);
    while (true) {
      rd_kafka_resp_err_t err =
          rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(argv[2]), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_KEY(key.data(), key.size()),
                            RD_KAFKA_V_VALUE(value.data(), value.size()), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk, 50);
        continue;
      }
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::fprintf(stderr, "produce: %s\n", rd_kafka_err2str(err));
        return 1;
      }
      break;
    }
    rd_kafka_poll(rk, 0);
  }
  rd_kafka_flush(rk, 120000);
  char fatal[512];
  rd_kafka_resp_err_t fatal_err = rd_kafka_fatal_error(rk, fatal, sizeof(fatal));
  rd_kafka_destroy(rk);
  std::fclose(progress.acked);
  std::printf("delivered %ld failed %ld\n", progress.delivered, progress.failed);
  if (fatal_err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::fprintf(stderr, "fatal producer error: %s\n", fatal);
    return 1;
  }
  if (progress.failed > 0) {
    std::fprintf(stderr, "last delivery error: %s\n", progress.last_error.c_str());
    return 1;
  }
  return 0;
}
