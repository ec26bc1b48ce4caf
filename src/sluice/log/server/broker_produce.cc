// Produce: appends whole client batches. Under a flush policy, acks=all is answered once an
// fsync covers the records (at the end of the loop round: group commit); under the default
// policy, which leaves syncing to the OS, at once.
#include "sluice/common/clock.h"
#include "sluice/common/logging.h"
#include "sluice/log/server/broker.h"

namespace sluice::log {
namespace {

ErrorCode ErrorOf(AppendError error) {
  switch (error) {
    case AppendError::kNone:
      return ErrorCode::kNone;
    case AppendError::kCorruptMessage:
      return ErrorCode::kCorruptMessage;
    case AppendError::kMessageTooLarge:
      return ErrorCode::kMessageTooLarge;
    case AppendError::kOutOfOrderSequence:
      return ErrorCode::kOutOfOrderSequenceNumber;
    case AppendError::kInvalidProducerEpoch:
      return ErrorCode::kInvalidProducerEpoch;
  }
  return ErrorCode::kUnknownServerError;
}

}  // namespace

void Broker::HandleProduce(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  int64_t now_ms = NowMicros() / 1000;
  reader.NullableString();  // transactional_id: batches carry the producer id themselves
  int16_t acks = reader.Int16();
  reader.Int32();  // timeout_ms
  std::string body;
  ByteWriter w(&body);
  std::vector<AwaitedFlush> awaited;
  ForEachPartition(reader, w, [&](const std::string& name) {
    int32_t index = reader.Int32();
    std::string_view records = reader.Bytes();
    ErrorCode error = ErrorCode::kNone;
    int64_t base_offset = -1;
    PartitionLog* log =
        FindOrCreateTopic(name, true) == nullptr ? nullptr : logs_->FindPartition(name, index);
    if (!reader.ok()) {
      error = ErrorCode::kInvalidRequest;
    } else if (acks != 0 && acks != 1 && acks != -1) {
      error = ErrorCode::kInvalidRequiredAcks;
    } else if (log == nullptr) {
      error = ErrorCode::kUnknownTopicOrPartition;
    } else {
      error = TransactionalBatchError(records, name, index);
    }
    if (error == ErrorCode::kNone) {
      auto result = log->Append(records, now_ms);
      if (!result.ok()) {
        LogWarn("append to {}-{} failed: {}", name, index, std::string(result.status().message()));
        error = ErrorCode::kKafkaStorageError;
      } else {
        error = ErrorOf(result->error);
        base_offset = result->base_offset;
        if (error == ErrorCode::kNone && !result->duplicate) {
          appended_ = true;
          if (acks == -1 && log->has_flush_policy() &&
              log->flushed_offset() <= result->last_offset) {
            awaited.push_back({name, index, result->last_offset});
          }
        }
      }
    }
    w.Int32(index);
    w.Int16(Code(error));
    w.Int64(base_offset);
    w.Int64(-1);  // log_append_time_ms: CreateTime topics
    if (version >= 5) w.Int64(log == nullptr ? -1 : log->log_start_offset());
  });
  w.Int32(0);  // throttle_time_ms
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  if (acks == 0) return responder_->Skip(context);
  if (awaited.empty()) return Respond(context, body);
  parked_produces_.push_back({context, std::move(body), std::move(awaited)});
}

ErrorCode Broker::TransactionalBatchError(std::string_view records, const std::string& topic,
                                          int32_t partition) const {
  auto header = ParseBatchHeader(records);
  if (!header.ok() || !header->transactional()) return ErrorCode::kNone;
  return transactions_->VerifyPartition(header->producer_id, header->producer_epoch, topic,
                                        partition);
}

void Broker::AnswerFlushedProduces() {
  // Group commit: one fsync per partition covers every acks=all request that waits on it,
  // without waiting for flush.ms (which bounds how long acks=0/1 data may stay unsynced).
  for (const ParkedProduce& produce : parked_produces_) {
    for (const AwaitedFlush& awaited : produce.awaited) {
      PartitionLog* log = logs_->FindPartition(awaited.topic, awaited.partition);
      if (log == nullptr || log->flushed_offset() > awaited.offset) continue;
      Status flushed = log->Flush();
      if (!flushed.ok()) LogWarn("flush failed: {}", std::string(flushed.message()));
    }
  }
  std::vector<ParkedProduce> ready;
  std::erase_if(parked_produces_, [&](ParkedProduce& produce) {
    for (const AwaitedFlush& awaited : produce.awaited) {
      PartitionLog* log = logs_->FindPartition(awaited.topic, awaited.partition);
      if (log != nullptr && log->flushed_offset() <= awaited.offset) return false;
    }
    ready.push_back(std::move(produce));
    return true;
  });
  for (const ParkedProduce& produce : ready) Respond(produce.context, produce.response);
}

}  // namespace sluice::log
