#include "sluice/connectors/kafka/kafka_source.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "sluice/connectors/kafka/kafka_client.h"

namespace sluice::connectors {
namespace {

using types::TypeId;

enum class MetadataKey { kOffset, kPartition, kTimestamp, kTimestampType, kTopic };

constexpr const char* kMetadataKeys = "offset, partition, timestamp, timestamp-type, topic";
constexpr int kMetadataTimeoutMs = 10000;

StatusOr<MetadataKey> ResolveMetadata(const MetadataColumn& column, const std::string& table) {
  const types::DataType& type = column.type;
  auto wrong_type = [&](const char* expected) {
    return MetadataTypeError(column, table, expected);
  };
  if (column.key == "offset") {
    if (type.id != TypeId::kBigInt) return wrong_type("BIGINT");
    return MetadataKey::kOffset;
  }
  if (column.key == "partition") {
    if (type.id != TypeId::kInt) return wrong_type("INT");
    return MetadataKey::kPartition;
  }
  if (column.key == "timestamp") {
    if (!type.IsTimestamp()) return wrong_type("TIMESTAMP_LTZ(3)");
    return MetadataKey::kTimestamp;
  }
  if (column.key == "topic" || column.key == "timestamp-type") {
    if (!type.IsString()) return wrong_type("STRING");
    return column.key == "topic" ? MetadataKey::kTopic : MetadataKey::kTimestampType;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown metadata key '", column.key,
                                                 "' for 'kafka' in table '", table,
                                                 "'; available: ", kMetadataKeys));
}

struct SourceShared {
  KafkaConfig config;
  types::SchemaPtr produced_schema;  // physical then metadata columns
  types::SchemaPtr metadata_schema;
  std::vector<MetadataKey> metadata_keys;
};

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
};

// One partition this reader owns.
struct Split {
  int partition = 0;
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue;
  int64_t end_offset = -1;  // bounded: the first offset not read
  bool finished = false;
};

class KafkaReader final : public runtime::SourceReader {
 public:
  KafkaReader(std::shared_ptr<const SourceShared> shared, int subtask_index, int parallelism)
      : shared_(std::move(shared)),
        config_(shared_->config),
        subtask_index_(subtask_index),
        parallelism_(parallelism) {}

  ~KafkaReader() override { Close(); }

  Status Open(const runtime::SourceContext& context) override {
    batch_size_ = std::max<int64_t>(1, context.batch_size);
    metrics_ = context.metrics;
    SLUICE_ASSIGN_OR_RETURN(value_decoder_, config_.value_format->CreateDecoder(
                                                config_.value_schema, config_.value_options));
    if (config_.key_format != nullptr) {
      SLUICE_ASSIGN_OR_RETURN(
          key_decoder_, config_.key_format->CreateDecoder(config_.key_schema, config_.key_options));
    }
    // Offsets are committed by checkpoints, not by librdkafka on its own; reaching the end of a
    // partition is reported so bounded reading can finish.
    SLUICE_ASSIGN_OR_RETURN(client_, NewKafkaClient(RD_KAFKA_CONSUMER,
                                                    {{"enable.auto.commit", "false"},
                                                     {"enable.partition.eof", "true"},
                                                     {"auto.offset.reset", "error"}},
                                                    config_.properties, config_.table_name));
    SLUICE_ASSIGN_OR_RETURN(
        int partitions,
        KafkaPartitionCount(client_.get(), config_.topic, config_.table_name, kMetadataTimeoutMs));
    for (int p = subtask_index_; p < partitions; p += parallelism_) {
      Split split;
      split.partition = p;
      splits_.push_back(std::move(split));
    }
    return Assign();
  }

  int num_splits() const override { return static_cast<int>(splits_.size()); }
  bool IsSplitFinished(int split) const override { return splits_[split].finished; }

  StatusOr<runtime::ReadResult> Read() override {
    runtime::ReadResult result;
    rd_kafka_poll(client_.get(), 0);  // serves the client's own events
    bool all_finished = true;
    for (size_t tried = 0; tried < splits_.size(); ++tried) {
      size_t index = next_split_;
      next_split_ = (next_split_ + 1) % splits_.size();
      if (splits_[index].finished) continue;
      all_finished = false;
      SLUICE_ASSIGN_OR_RETURN(bool has_rows, ReadSplit(index, &result.batch));
      if (has_rows) {
        result.status = runtime::ReadStatus::kBatch;
        result.split = static_cast<int>(index);
        if (metrics_ != nullptr) metrics_->rows_out += static_cast<int64_t>(result.batch.num_rows);
        return result;
      }
    }
    // A bounded reader ends when every split reached its end offset (at once when it has none).
    if (config_.bounded && all_finished) result.status = runtime::ReadStatus::kEnd;
    return result;
  }

  void Close() override {
    if (client_ == nullptr) return;
    for (Split& split : splits_) split.queue.reset();
    rd_kafka_assign(client_.get(), nullptr);
    client_.reset();
  }

 private:
  // Resolves the start (and, when bounded, end) offset of every split and assigns the
  // partitions that have anything to read.
  Status Assign() {
    rd_kafka_t* client = client_.get();
    rd_kafka_topic_partition_list_t* list =
        rd_kafka_topic_partition_list_new(static_cast<int>(splits_.size()));
    for (const Split& split : splits_) {
      rd_kafka_topic_partition_t* entry =
          rd_kafka_topic_partition_list_add(list, config_.topic.c_str(), split.partition);
      switch (config_.startup_mode) {
        case KafkaStartupMode::kEarliest:
          entry->offset = RD_KAFKA_OFFSET_BEGINNING;
          break;
        case KafkaStartupMode::kLatest:
          entry->offset = RD_KAFKA_OFFSET_END;
          break;
        case KafkaStartupMode::kGroupOffsets:
          entry->offset = RD_KAFKA_OFFSET_STORED;
          break;
        case KafkaStartupMode::kTimestamp:
          entry->offset = config_.startup_timestamp_millis;
          break;
      }
    }
    if (config_.startup_mode == KafkaStartupMode::kTimestamp && list->cnt > 0) {
      // The first offset whose timestamp is at or after the given one; -1 (the end) if none.
      rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(client, list, kMetadataTimeoutMs);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_topic_partition_list_destroy(list);
        return Unavailable("cannot look up offsets by timestamp", err);
      }
      for (int i = 0; i < list->cnt; ++i) {
        if (list->elems[i].offset < 0) list->elems[i].offset = RD_KAFKA_OFFSET_END;
      }
    }
    for (size_t i = 0; i < splits_.size(); ++i) {
      Split& split = splits_[i];
      if (config_.bounded) {
        int64_t low = 0;
        int64_t high = 0;
        rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
            client, config_.topic.c_str(), split.partition, &low, &high, kMetadataTimeoutMs);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
          rd_kafka_topic_partition_list_destroy(list);
          return Unavailable("cannot read the end offsets", err);
        }
        split.end_offset = high;
        int64_t start = list->elems[i].offset;
        split.finished = high <= low || start == RD_KAFKA_OFFSET_END || start >= high;
      }
      // Each partition's messages arrive on its own queue, not the consumer's.
      split.queue.reset(
          rd_kafka_queue_get_partition(client, config_.topic.c_str(), split.partition));
      if (split.queue == nullptr) {
        rd_kafka_topic_partition_list_destroy(list);
        return absl::InternalError(absl::StrCat("no queue for partition ", split.partition));
      }
      rd_kafka_queue_forward(split.queue.get(), nullptr);
    }
    rd_kafka_resp_err_t err = rd_kafka_assign(client, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Unavailable("cannot assign partitions", err);
    return Status();
  }

  Status Unavailable(const char* what, rd_kafka_resp_err_t err) const {
    return absl::UnavailableError(absl::StrCat(what, " of topic '", config_.topic, "' for table '",
                                               config_.table_name, "': ", rd_kafka_err2str(err)));
  }

  // Reads what split `index` has queued (up to the batch size) into `out`; false when no row.
  StatusOr<bool> ReadSplit(size_t index, types::Batch* out) {
    Split& split = splits_[index];
    messages_.resize(static_cast<size_t>(batch_size_));
    ssize_t count =
        rd_kafka_consume_batch_queue(split.queue.get(), 0, messages_.data(), messages_.size());
    if (count <= 0) return false;
    types::Batch values(config_.value_schema);
    types::Batch keys;
    if (key_decoder_ != nullptr) keys = types::Batch(config_.key_schema);
    types::Batch metadata(shared_->metadata_schema);
    Status status;
    for (ssize_t i = 0; i < count; ++i) {
      rd_kafka_message_t* message = messages_[i];
      if (status.ok() && !split.finished)
        status = Consume(split, *message, &values, &keys, &metadata);
      rd_kafka_message_destroy(message);
    }
    SLUICE_RETURN_IF_ERROR(status);
    if (values.num_rows == 0) return false;
    *out = Assemble(std::move(values), std::move(keys), std::move(metadata));
    return true;
  }

  // One record (or event) of `split`: decodes it and appends a row when it holds one.
  Status Consume(Split& split, const rd_kafka_message_t& message, types::Batch* values,
                 types::Batch* keys, types::Batch* metadata) {
    if (message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (config_.bounded && message.offset >= split.end_offset) split.finished = true;
      return Status();
    }
    if (message.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::string reason = rd_kafka_message_errstr(&message);
      if (message.err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET) {
        absl::StrAppend(&reason,
                        " (no committed offset for 'properties.group.id' and no "
                        "'properties.auto.offset.reset'; or set 'scan.startup.mode')");
      }
      return absl::UnavailableError(absl::StrCat("reading topic '", config_.topic, "' partition ",
                                                 split.partition, " for table '",
                                                 config_.table_name, "': ", reason));
    }
    if (config_.bounded && message.offset >= split.end_offset) {
      split.finished = true;
      return Status();
    }
    if (config_.bounded && message.offset + 1 >= split.end_offset) split.finished = true;
    if (message.payload == nullptr) return Status();  // a tombstone holds no row
    size_t rows = values->num_rows;
    std::string_view value(static_cast<const char*>(message.payload), message.len);
    Status status = value_decoder_->Decode(value, values);
    if (status.ok() && values->num_rows == rows) return Status();  // no row in the record
    if (status.ok() && key_decoder_ != nullptr) {
      if (message.key == nullptr) {
        for (auto& column : keys->columns) column->AppendNull();
        ++keys->num_rows;
      } else {
        std::string_view key(static_cast<const char*>(message.key), message.key_len);
        status = key_decoder_->Decode(key, keys);
        if (status.ok() && keys->num_rows == rows) {
          for (auto& column : keys->columns) column->AppendNull();
          ++keys->num_rows;
        }
        if (!status.ok()) {
          for (auto& column : values->columns) column->Resize(rows);
          values->num_rows = rows;
          if (key_decoder_->ignore_parse_errors()) return Skipped();
          return BadRecord(split, message, "key", status);
        }
      }
    }
    if (!status.ok()) {
      if (value_decoder_->ignore_parse_errors()) return Skipped();
      return BadRecord(split, message, "value", status);
    }
    AppendMetadata(split, message, metadata);
    return Status();
  }

  Status Skipped() {
    if (metrics_ != nullptr) ++metrics_->records_skipped;
    return Status();
  }

  Status BadRecord(const Split& split, const rd_kafka_message_t& message, const char* part,
                   const Status& status) const {
    return absl::InvalidArgumentError(absl::StrCat("topic '", config_.topic, "' partition ",
                                                   split.partition, " offset ", message.offset,
                                                   " (", part, "): ", status.message()));
  }

  void AppendMetadata(const Split& split, const rd_kafka_message_t& message,
                      types::Batch* metadata) const {
    for (size_t m = 0; m < shared_->metadata_keys.size(); ++m) {
      types::Column& column = *metadata->columns[m];
      switch (shared_->metadata_keys[m]) {
        case MetadataKey::kOffset:
          column.Append<int64_t>(message.offset);
          break;
        case MetadataKey::kPartition:
          column.Append<int32_t>(split.partition);
          break;
        case MetadataKey::kTimestamp: {
          rd_kafka_timestamp_type_t type;
          int64_t millis = rd_kafka_message_timestamp(&message, &type);
          if (type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE) {
            column.AppendNull();
          } else {
            column.Append<int64_t>(millis * 1000);
          }
          break;
        }
        case MetadataKey::kTimestampType: {
          rd_kafka_timestamp_type_t type;
          rd_kafka_message_timestamp(&message, &type);
          column.AppendString(type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? "CreateTime"
                              : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? "LogAppendTime"
                                                                           : "NoTimestampType");
          break;
        }
        case MetadataKey::kTopic:
          column.AppendString(config_.topic);
          break;
      }
    }
    ++metadata->num_rows;
  }

  // Physical columns from the value (and key) rows, then the metadata columns.
  types::Batch Assemble(types::Batch values, types::Batch keys, types::Batch metadata) const {
    types::Batch out;
    out.schema = shared_->produced_schema;
    out.num_rows = values.num_rows;
    out.columns.resize(out.schema->size());
    // A key column also in the value (value.fields-include = ALL) takes the value's.
    for (size_t j = 0; j < config_.key_columns.size(); ++j) {
      out.columns[config_.key_columns[j]] = std::move(keys.columns[j]);
    }
    for (size_t j = 0; j < config_.value_columns.size(); ++j) {
      out.columns[config_.value_columns[j]] = std::move(values.columns[j]);
    }
    size_t physical = config_.physical_schema->size();
    for (size_t m = 0; m < metadata.columns.size(); ++m) {
      out.columns[physical + m] = std::move(metadata.columns[m]);
    }
    return out;
  }

  std::shared_ptr<const SourceShared> shared_;
  const KafkaConfig& config_;
  int subtask_index_;
  int parallelism_;
  int64_t batch_size_ = 1024;
  runtime::OperatorMetrics* metrics_ = nullptr;
  std::unique_ptr<formats::RowDecoder> value_decoder_;
  std::unique_ptr<formats::RowDecoder> key_decoder_;
  KafkaClient client_;
  std::vector<Split> splits_;
  size_t next_split_ = 0;
  std::vector<rd_kafka_message_t*> messages_;
};

}  // namespace

StatusOr<std::unique_ptr<TableSource>> MakeKafkaSource(KafkaConfig config) {
  // Surface format option errors when the table is planned, not when it is read.
  SLUICE_RETURN_IF_ERROR(
      config.value_format->CreateDecoder(config.value_schema, config.value_options).status());
  if (config.key_format != nullptr) {
    SLUICE_RETURN_IF_ERROR(
        config.key_format->CreateDecoder(config.key_schema, config.key_options).status());
  }
  auto shared = std::make_shared<SourceShared>();
  std::vector<types::Field> produced = config.physical_schema->fields();
  std::vector<types::Field> metadata;
  for (const MetadataColumn& column : config.metadata) {
    SLUICE_ASSIGN_OR_RETURN(MetadataKey key, ResolveMetadata(column, config.table_name));
    shared->metadata_keys.push_back(key);
    produced.push_back({column.name, column.type});
    metadata.push_back({column.name, column.type});
  }
  shared->produced_schema = types::MakeSchema(std::move(produced));
  shared->metadata_schema = types::MakeSchema(std::move(metadata));
  shared->config = std::move(config);
  bool bounded = shared->config.bounded;
  return std::unique_ptr<TableSource>(
      std::make_unique<SharedStateSource<SourceShared, KafkaReader>>(std::move(shared), bounded));
}

}  // namespace sluice::connectors
