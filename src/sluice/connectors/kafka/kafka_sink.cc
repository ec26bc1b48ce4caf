#include "sluice/connectors/kafka/kafka_sink.h"

#include "absl/strings/str_cat.h"
#include "sluice/connectors/kafka/kafka_client.h"

namespace sluice::connectors {
namespace {

constexpr int kMetadataTimeoutMs = 10000;
constexpr int kFlushTimeoutMs = 60000;

// Delivery reports: the first failure is kept and fails the next Write/flush.
struct DeliveryState {
  int64_t failed = 0;
  std::string first_error;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  auto* state = static_cast<DeliveryState*>(opaque);
  if (state->failed++ == 0) state->first_error = rd_kafka_err2str(message->err);
}

void SetDeliveryCallback(rd_kafka_conf_t* conf) { rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery); }

// The columns `columns` of `batch` as a batch of `schema` (shared, not copied).
types::Batch View(const types::Batch& batch, const types::SchemaPtr& schema,
                  const std::vector<int>& columns) {
  types::Batch view;
  view.schema = schema;
  view.num_rows = batch.num_rows;
  for (int column : columns) view.columns.push_back(batch.columns[column]);
  return view;
}

class KafkaWriter final : public runtime::SinkWriter {
 public:
  KafkaWriter(std::shared_ptr<const KafkaConfig> config, int subtask_index)
      : config_(std::move(config)), subtask_index_(subtask_index) {}

  Status Open(const runtime::SinkContext& context) override {
    const KafkaConfig& config = *config_;
    SLUICE_ASSIGN_OR_RETURN(
        value_encoder_, config.value_format->CreateEncoder(
                            config.value_schema, config.value_options, context.local_time_zone));
    if (config.key_format != nullptr) {
      SLUICE_ASSIGN_OR_RETURN(
          key_encoder_, config.key_format->CreateEncoder(config.key_schema, config.key_options,
                                                         context.local_time_zone));
    }
    // Keyed records go where Kafka's Java clients put them (murmur2 of the key).
    SLUICE_ASSIGN_OR_RETURN(
        client_,
        NewKafkaClient(RD_KAFKA_PRODUCER, {{"partitioner", "murmur2_random"}}, config.properties,
                       config.table_name, SetDeliveryCallback, &delivery_));
    SLUICE_ASSIGN_OR_RETURN(
        partitions_,
        KafkaPartitionCount(client_.get(), config.topic, config.table_name, kMetadataTimeoutMs));
    return Status();
  }

  Status Write(const types::Batch& batch) override {
    const KafkaConfig& config = *config_;
    for (size_t row = 0; row < batch.num_rows; ++row) {
      if (batch.kind(row) != types::RowKind::kInsert) {
        return absl::InvalidArgumentError(
            absl::StrCat("kafka table '", config.table_name, "' accepts only inserts (+I) rows"));
      }
    }
    types::Batch values = View(batch, config.value_schema, config.value_columns);
    types::Batch keys;
    if (key_encoder_ != nullptr) keys = View(batch, config.key_schema, config.key_columns);
    for (size_t row = 0; row < batch.num_rows; ++row) {
      value_.clear();
      value_encoder_->Encode(values, row, &value_);
      key_.clear();
      if (key_encoder_ != nullptr) key_encoder_->Encode(keys, row, &key_);
      SLUICE_RETURN_IF_ERROR(Produce());
    }
    rd_kafka_poll(client_.get(), 0);  // delivery reports
    return DeliveryStatus();
  }

  Status PrepareCommit(int64_t) override {
    if (config_->delivery_guarantee == KafkaDeliveryGuarantee::kNone) return Status();
    return Flush();
  }

  Status Finish() override { return Flush(); }

  void Close() override {
    if (client_ == nullptr) return;
    rd_kafka_purge(client_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    client_.reset();
  }

 private:
  Status Produce() {
    int32_t partition = RD_KAFKA_PARTITION_UA;
    if (config_->partitioner == KafkaPartitioner::kFixed) {
      partition = subtask_index_ % partitions_;
    } else if (config_->partitioner == KafkaPartitioner::kRoundRobin) {
      partition = static_cast<int32_t>(next_partition_++ % partitions_);
    }
    const char* key = key_encoder_ != nullptr ? key_.data() : nullptr;
    size_t key_size = key_encoder_ != nullptr ? key_.size() : 0;
    while (true) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          client_.get(), RD_KAFKA_V_TOPIC(config_->topic.c_str()), RD_KAFKA_V_PARTITION(partition),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(value_.data(), value_.size()),
          RD_KAFKA_V_KEY(key, key_size), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status();
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        return absl::UnavailableError(absl::StrCat("cannot produce to topic '", config_->topic,
                                                   "' for table '", config_->table_name,
                                                   "': ", rd_kafka_err2str(err)));
      }
      rd_kafka_poll(client_.get(), 100);  // the local queue is full: wait for deliveries
      SLUICE_RETURN_IF_ERROR(DeliveryStatus());
    }
  }

  Status Flush() {
    rd_kafka_resp_err_t err = rd_kafka_flush(client_.get(), kFlushTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return absl::UnavailableError(absl::StrCat(
          "timed out delivering ", rd_kafka_outq_len(client_.get()), " records to topic '",
          config_->topic, "' for table '", config_->table_name, "'"));
    }
    return DeliveryStatus();
  }

  Status DeliveryStatus() const {
    if (delivery_.failed == 0) return Status();
    return absl::UnavailableError(
        absl::StrCat(delivery_.failed, " records could not be delivered to topic '", config_->topic,
                     "' for table '", config_->table_name, "': ", delivery_.first_error));
  }

  std::shared_ptr<const KafkaConfig> config_;
  int subtask_index_;
  std::unique_ptr<formats::RowEncoder> value_encoder_;
  std::unique_ptr<formats::RowEncoder> key_encoder_;
  DeliveryState delivery_;
  KafkaClient client_;
  int partitions_ = 1;
  int64_t next_partition_ = 0;
  std::string value_;
  std::string key_;
};

class KafkaSink final : public TableSink {
 public:
  explicit KafkaSink(std::shared_ptr<const KafkaConfig> config) : config_(std::move(config)) {}
  types::ChangelogMode accepted_changelog_mode() const override {
    return types::ChangelogMode::InsertOnly();
  }
  StatusOr<std::unique_ptr<runtime::SinkWriter>> CreateWriter(int subtask_index,
                                                              int parallelism) const override {
    return std::unique_ptr<runtime::SinkWriter>(
        std::make_unique<KafkaWriter>(config_, subtask_index));
  }
  std::optional<int> parallelism() const override { return config_->sink_parallelism; }

 private:
  std::shared_ptr<const KafkaConfig> config_;
};

}  // namespace

StatusOr<std::unique_ptr<TableSink>> MakeKafkaSink(KafkaConfig config) {
  SLUICE_RETURN_IF_ERROR(
      config.value_format
          ->CreateEncoder(config.value_schema, config.value_options, absl::UTCTimeZone())
          .status());
  if (config.key_format != nullptr) {
    SLUICE_RETURN_IF_ERROR(
        config.key_format->CreateEncoder(config.key_schema, config.key_options, absl::UTCTimeZone())
            .status());
  }
  return std::unique_ptr<TableSink>(
      std::make_unique<KafkaSink>(std::make_shared<const KafkaConfig>(std::move(config))));
}

}  // namespace sluice::connectors
