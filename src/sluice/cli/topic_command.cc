#include "sluice/cli/topic_command.h"

#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sluice::cli {
namespace {

constexpr const char* kTopicUsage =
    R"(Usage: sluice topic <action> [options]   (--broker HOST:PORT, default 127.0.0.1:9092)
  create NAME [--partitions N] [--config key=value]...
  list
  describe NAME
  produce NAME [--key-separator C] [--partition N]      one record per stdin line
  consume NAME [--from-beginning] [--group ID] [--exit-at-end] [--max-messages N]
               [--print-key]                            one record value per line
  delete NAME
)";

constexpr int kTimeoutMs = 5000;

struct Args {
  std::string action;
  std::string topic;
  std::string broker = "127.0.0.1:9092";
  int32_t partitions = 1;
  int32_t partition = -1;
  std::map<std::string, std::string> configs;
  std::string key_separator;
  std::string group;
  bool from_beginning = false;
  bool exit_at_end = false;
  bool print_key = false;
  int64_t max_messages = -1;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "[ERROR] %s\n", message.c_str());
  return 1;
}

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

void QuietLog(const rd_kafka_t*, int, const char*, const char*) {}

void CountDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* failures = static_cast<std::pair<int64_t, std::string>*>(opaque);
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++failures->first;
    failures->second = rd_kafka_err2str(message->err);
  }
}

/// A librdkafka handle; extra settings are key/value pairs.
KafkaHandle Connect(const Args& args, rd_kafka_type_t type,
                    const std::vector<std::pair<std::string, std::string>>& settings,
                    std::string* error, void* delivery_failures = nullptr) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char message[512];
  std::vector<std::pair<std::string, std::string>> all = {{"bootstrap.servers", args.broker}};
  all.insert(all.end(), settings.begin(), settings.end());
  for (const auto& [key, value] : all) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), message, sizeof(message)) !=
        RD_KAFKA_CONF_OK) {
      *error = message;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  rd_kafka_conf_set_log_cb(conf, QuietLog);
  if (delivery_failures != nullptr) {
    rd_kafka_conf_set_dr_msg_cb(conf, CountDelivery);
    rd_kafka_conf_set_opaque(conf, delivery_failures);
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, message, sizeof(message));
  if (rk == nullptr) {
    *error = message;
    return nullptr;
  }
  return KafkaHandle(rk);
}

/// Metadata for one topic (or all with an empty name); fails with a clear message when the
/// broker cannot be reached or the topic does not exist.
bool FetchMetadata(rd_kafka_t* rk, const Args& args, const std::string& topic,
                   const rd_kafka_metadata_t** metadata, std::string* error) {
  rd_kafka_topic_t* handle =
      topic.empty() ? nullptr : rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk, topic.empty() ? 1 : 0, handle, metadata, kTimeoutMs);
  if (handle != nullptr) rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    *error = err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT
                 ? absl::StrCat("cannot reach broker at ", args.broker)
                 : absl::StrCat("metadata request failed: ", rd_kafka_err2str(err));
    return false;
  }
  if (!topic.empty()) {
    rd_kafka_resp_err_t topic_err = (*metadata)->topic_cnt == 1
                                        ? (*metadata)->topics[0].err
                                        : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
    if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      *error = topic_err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                   ? absl::StrCat("unknown topic '", topic, "'")
                   : absl::StrCat("topic '", topic, "': ", rd_kafka_err2str(topic_err));
      rd_kafka_metadata_destroy(*metadata);
      return false;
    }
  }
  return true;
}

/// Waits for the admin result event of one request and returns its per-topic outcome.
int AdminOutcome(rd_kafka_queue_t* queue, bool create) {
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kTimeoutMs * 2);
  if (event == nullptr) return Fail("no answer from the broker");
  int code = 0;
  if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    code = Fail(rd_kafka_event_error_string(event));
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        create
            ? rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
            : rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event),
                                                  &count);
    for (size_t i = 0; i < count; ++i) {
      rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
      const char* name = rd_kafka_topic_result_name(results[i]);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::printf("%s topic '%s'\n", create ? "created" : "deleted", name);
      } else if (err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
        code = Fail(absl::StrCat("unknown topic '", name, "'"));
      } else {
        const char* message = rd_kafka_topic_result_error_string(results[i]);
        code = Fail(absl::StrCat("cannot ", create ? "create" : "delete", " topic '", name,
                                 "': ", message != nullptr ? message : rd_kafka_err2str(err)));
      }
    }
  }
  rd_kafka_event_destroy(event);
  return code;
}

int CreateOrDelete(const Args& args, bool create) {
  std::string error;
  KafkaHandle rk = Connect(args, RD_KAFKA_PRODUCER, {}, &error);
  if (!rk) return Fail(error);
  const rd_kafka_metadata_t* metadata = nullptr;
  if (!FetchMetadata(rk.get(), args, "", &metadata, &error)) return Fail(error);
  rd_kafka_metadata_destroy(metadata);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  char message[512];
  int code = 0;
  if (create) {
    rd_kafka_NewTopic_t* topic =
        rd_kafka_NewTopic_new(args.topic.c_str(), args.partitions, 1, message, sizeof(message));
    if (topic == nullptr) {
      code = Fail(message);
    } else {
      for (const auto& [key, value] : args.configs) {
        rd_kafka_NewTopic_set_config(topic, key.c_str(), value.c_str());
      }
      rd_kafka_CreateTopics(rk.get(), &topic, 1, nullptr, queue);
      code = AdminOutcome(queue, true);
      rd_kafka_NewTopic_destroy(topic);
    }
  } else {
    rd_kafka_DeleteTopic_t* topic = rd_kafka_DeleteTopic_new(args.topic.c_str());
    rd_kafka_DeleteTopics(rk.get(), &topic, 1, nullptr, queue);
    code = AdminOutcome(queue, false);
    rd_kafka_DeleteTopic_destroy(topic);
  }
  rd_kafka_queue_destroy(queue);
  return code;
}

/// Prints a topic's configs ("name=value", "(set)" for those given at creation); prints
/// nothing when the broker does not serve DescribeConfigs.
void PrintConfigs(rd_kafka_t* rk, const char* topic) {
  rd_kafka_ConfigResource_t* resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_DescribeConfigs(rk, &resource, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kTimeoutMs);
  if (event != nullptr && rd_kafka_event_error(event) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    size_t count = 0;
    const rd_kafka_ConfigResource_t** results = rd_kafka_DescribeConfigs_result_resources(
        rd_kafka_event_DescribeConfigs_result(event), &count);
    for (size_t r = 0; r < count; ++r) {
      if (rd_kafka_ConfigResource_error(results[r]) != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
      size_t entries = 0;
      const rd_kafka_ConfigEntry_t** configs =
          rd_kafka_ConfigResource_configs(results[r], &entries);
      std::printf("configs:\n");
      for (size_t e = 0; e < entries; ++e) {
        const char* value = rd_kafka_ConfigEntry_value(configs[e]);
        bool set =
            rd_kafka_ConfigEntry_source(configs[e]) == RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG;
        std::printf("  %s=%s%s\n", rd_kafka_ConfigEntry_name(configs[e]),
                    value != nullptr ? value : "", set ? "  (set)" : "");
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_queue_destroy(queue);
  rd_kafka_ConfigResource_destroy(resource);
}

int ListOrDescribe(const Args& args) {
  std::string error;
  KafkaHandle rk = Connect(args, RD_KAFKA_PRODUCER, {}, &error);
  if (!rk) return Fail(error);
  const rd_kafka_metadata_t* metadata = nullptr;
  if (!FetchMetadata(rk.get(), args, args.action == "list" ? "" : args.topic, &metadata, &error)) {
    return Fail(error);
  }
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[t];
    if (args.action == "list") {
      std::printf("%s\n", topic.topic);
      continue;
    }
    std::printf("topic %s: %d partitions\n", topic.topic, topic.partition_cnt);
    std::printf("partition  leader  start_offset  end_offset\n");
    for (int p = 0; p < topic.partition_cnt; ++p) {
      int64_t low = -1;
      int64_t high = -1;
      rd_kafka_query_watermark_offsets(rk.get(), topic.topic, topic.partitions[p].id, &low, &high,
                                       kTimeoutMs);
      std::printf("%9d  %6d  %12lld  %10lld\n", topic.partitions[p].id, topic.partitions[p].leader,
                  static_cast<long long>(low), static_cast<long long>(high));
    }
    PrintConfigs(rk.get(), topic.topic);
  }
  rd_kafka_metadata_destroy(metadata);
  return 0;
}

int Produce(const Args& args, const std::atomic<bool>& stop) {
  std::string error;
  std::pair<int64_t, std::string> failures{0, ""};  // count, last error
  KafkaHandle rk = Connect(args, RD_KAFKA_PRODUCER,
                           {{"acks", "all"}, {"enable.idempotence", "true"}, {"linger.ms", "5"}},
                           &error, &failures);
  if (!rk) return Fail(error);
  const rd_kafka_metadata_t* metadata = nullptr;
  if (!FetchMetadata(rk.get(), args, args.topic, &metadata, &error)) return Fail(error);
  rd_kafka_metadata_destroy(metadata);
  int64_t produced = 0;
  std::string line;
  while (!stop.load() && std::getline(std::cin, line)) {
    std::string key;
    std::string value = line;
    bool has_key = false;
    if (!args.key_separator.empty()) {
      size_t at = line.find(args.key_separator);
      if (at != std::string::npos) {
        key = line.substr(0, at);
        value = line.substr(at + args.key_separator.size());
        has_key = true;
      }
    }
    while (true) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk.get(), RD_KAFKA_V_TOPIC(args.topic.c_str()),
          RD_KAFKA_V_PARTITION(args.partition >= 0 ? args.partition : RD_KAFKA_PARTITION_UA),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(value.data(), value.size()),
          RD_KAFKA_V_KEY(has_key ? key.data() : nullptr, has_key ? key.size() : 0), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk.get(), 100);
        continue;
      }
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Fail(rd_kafka_err2str(err));
      break;
    }
    ++produced;
    rd_kafka_poll(rk.get(), 0);
  }
  rd_kafka_resp_err_t flushed = rd_kafka_flush(rk.get(), 60000);
  if (flushed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Fail(absl::StrCat("records not confirmed by the broker: ", rd_kafka_err2str(flushed)));
  }
  if (failures.first > 0) {
    return Fail(absl::StrCat(failures.first, " of ", produced,
                             " records were not stored: ", failures.second));
  }
  std::fprintf(stderr, "produced %lld records to '%s'\n", static_cast<long long>(produced),
               args.topic.c_str());
  return 0;
}

int Consume(const Args& args, const std::atomic<bool>& stop) {
  std::string error;
  std::string group = args.group.empty() ? "sluice-topic-consume" : args.group;
  KafkaHandle rk = Connect(args, RD_KAFKA_CONSUMER,
                           {{"group.id", group},
                            {"enable.partition.eof", "true"},
                            {"auto.offset.reset", args.from_beginning ? "earliest" : "latest"},
                            {"enable.auto.commit", args.group.empty() ? "false" : "true"}},
                           &error);
  if (!rk) return Fail(error);
  const rd_kafka_metadata_t* metadata = nullptr;
  if (!FetchMetadata(rk.get(), args, args.topic, &metadata, &error)) return Fail(error);
  int partitions = metadata->topics[0].partition_cnt;
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  rd_kafka_resp_err_t err;
  if (args.group.empty()) {
    for (int p = 0; p < partitions; ++p) {
      rd_kafka_topic_partition_list_add(list, args.topic.c_str(),
                                        metadata->topics[0].partitions[p].id)
          ->offset = args.from_beginning ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
    }
    err = rd_kafka_assign(rk.get(), list);
  } else {
    rd_kafka_topic_partition_list_add(list, args.topic.c_str(), RD_KAFKA_PARTITION_UA);
    err = rd_kafka_subscribe(rk.get(), list);
  }
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_metadata_destroy(metadata);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Fail(rd_kafka_err2str(err));
  rd_kafka_poll_set_consumer(rk.get());
  int64_t consumed = 0;
  std::map<int32_t, bool> at_end;
  int code = 0;
  while (!stop.load() && (args.max_messages < 0 || consumed < args.max_messages)) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(rk.get(), 200);
    if (message == nullptr) continue;
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end[message->partition] = true;
      rd_kafka_message_destroy(message);
      if (args.exit_at_end && static_cast<int>(at_end.size()) >= partitions) break;
      continue;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::string text = rd_kafka_message_errstr(message);
      rd_kafka_message_destroy(message);
      code = Fail(text);
      break;
    }
    at_end.erase(message->partition);
    if (args.print_key) {
      std::fwrite(message->key, 1, message->key_len, stdout);
      std::fputc('\t', stdout);
    }
    std::fwrite(message->payload, 1, message->len, stdout);
    std::fputc('\n', stdout);
    ++consumed;
    rd_kafka_message_destroy(message);
  }
  std::fflush(stdout);
  rd_kafka_consumer_close(rk.get());
  return code;
}

bool ParseTopicArgs(int argc, char** argv, Args* args, std::string* error) {
  std::vector<std::string> positional;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *error = absl::StrCat("option ", arg, " needs a value");
        return false;
      }
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--broker" || arg == "-b") {
      if (!value(&args->broker)) return false;
    } else if (arg == "--partitions") {
      if (!value(&v)) return false;
      if (!absl::SimpleAtoi(v, &args->partitions) || args->partitions < 1) {
        *error = absl::StrCat("invalid --partitions '", v, "'");
        return false;
      }
    } else if (arg == "--partition") {
      if (!value(&v)) return false;
      if (!absl::SimpleAtoi(v, &args->partition) || args->partition < 0) {
        *error = absl::StrCat("invalid --partition '", v, "'");
        return false;
      }
    } else if (arg == "--config") {
      if (!value(&v)) return false;
      size_t eq = v.find('=');
      if (eq == std::string::npos) {
        *error = absl::StrCat("--config expects key=value, got '", v, "'");
        return false;
      }
      args->configs[v.substr(0, eq)] = v.substr(eq + 1);
    } else if (arg == "--key-separator") {
      if (!value(&args->key_separator)) return false;
    } else if (arg == "--group") {
      if (!value(&args->group)) return false;
    } else if (arg == "--max-messages") {
      if (!value(&v)) return false;
      if (!absl::SimpleAtoi(v, &args->max_messages) || args->max_messages < 0) {
        *error = absl::StrCat("invalid --max-messages '", v, "'");
        return false;
      }
    } else if (arg == "--from-beginning") {
      args->from_beginning = true;
    } else if (arg == "--exit-at-end" || arg == "-e") {
      args->exit_at_end = true;
    } else if (arg == "--print-key") {
      args->print_key = true;
    } else if (arg.starts_with("-")) {
      *error = absl::StrCat("unknown option '", arg, "'");
      return false;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.empty()) {
    *error = "missing action";
    return false;
  }
  args->action = positional[0];
  bool needs_topic = args->action != "list";
  if (positional.size() != (needs_topic ? 2u : 1u)) {
    *error = needs_topic ? absl::StrCat("'", args->action, "' needs one topic name")
                         : "'list' takes no topic name";
    return false;
  }
  if (needs_topic) args->topic = positional[1];
  return true;
}

}  // namespace

int TopicCommand(int argc, char** argv, const std::atomic<bool>& stop) {
  Args args;
  std::string error;
  if (argc >= 3 && (std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h")) {
    std::fputs(kTopicUsage, stdout);
    return 0;
  }
  if (!ParseTopicArgs(argc, argv, &args, &error)) {
    std::fprintf(stderr, "[ERROR] %s\n\n%s", error.c_str(), kTopicUsage);
    return 2;
  }
  if (args.action == "create") return CreateOrDelete(args, true);
  if (args.action == "delete") return CreateOrDelete(args, false);
  if (args.action == "list" || args.action == "describe") return ListOrDescribe(args);
  if (args.action == "produce") return Produce(args, stop);
  if (args.action == "consume") return Consume(args, stop);
  std::fprintf(stderr, "[ERROR] unknown topic action '%s'\n\n%s", args.action.c_str(), kTopicUsage);
  return 2;
}

}  // namespace sluice::cli
