// InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn and TxnOffsetCommit.
#include "sluice/common/clock.h"
#include "sluice/log/server/broker.h"

namespace sluice::log {
namespace {

int64_t NowMillis() { return NowMicros() / 1000; }

std::string ErrorBody(ErrorCode error) {
  std::string body;
  ByteWriter w(&body);
  w.Int32(0);  // throttle_time_ms
  w.Int16(Code(error));
  return body;
}

}  // namespace

void Broker::HandleInitProducerId(const RequestContext& context, ByteReader& reader) {
  auto transactional_id = reader.NullableString();
  int32_t timeout_ms = reader.Int32();
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  std::optional<std::string> id;
  if (transactional_id) id = std::string(*transactional_id);
  auto identity = transactions_->InitProducerId(id, timeout_ms, NowMillis());
  appended_ = true;  // aborting a previous transaction moves the stable offset
  std::string body;
  ByteWriter w(&body);
  w.Int32(0);
  w.Int16(Code(identity.error));
  w.Int64(identity.producer_id);
  w.Int16(identity.epoch);
  Respond(context, body);
}

void Broker::HandleAddPartitionsToTxn(const RequestContext& context, ByteReader& reader) {
  std::string transactional_id(reader.String());
  int64_t producer_id = reader.Int64();
  int16_t epoch = reader.Int16();
  std::string body;
  ByteWriter w(&body);
  w.Int32(0);
  ForEachPartition(reader, w, [&](const std::string& name) {
    int32_t partition = reader.Int32();
    ErrorCode error = transactions_->AddPartition(transactional_id, producer_id, epoch, name,
                                                  partition, NowMillis());
    w.Int32(partition);
    w.Int16(Code(error));
  });
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  Respond(context, body);
}

void Broker::HandleAddOffsetsToTxn(const RequestContext& context, ByteReader& reader) {
  std::string transactional_id(reader.String());
  int64_t producer_id = reader.Int64();
  int16_t epoch = reader.Int16();
  std::string group_id(reader.String());
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  Respond(context, ErrorBody(transactions_->AddOffsets(transactional_id, producer_id, epoch,
                                                       group_id, NowMillis())));
}

void Broker::HandleEndTxn(const RequestContext& context, ByteReader& reader) {
  std::string transactional_id(reader.String());
  int64_t producer_id = reader.Int64();
  int16_t epoch = reader.Int16();
  bool commit = reader.Bool();
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  ErrorCode error = transactions_->End(transactional_id, producer_id, epoch, commit, NowMillis());
  appended_ = true;  // markers were written: read_committed fetches may move on
  Respond(context, ErrorBody(error));
}

void Broker::HandleTxnOffsetCommit(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::string transactional_id(reader.String());
  std::string group_id(reader.String());
  int64_t producer_id = reader.Int64();
  int16_t epoch = reader.Int16();
  std::vector<std::pair<std::string, std::vector<int32_t>>> layout;
  std::vector<std::pair<OffsetStore::PartitionKey, CommittedOffset>> offsets;
  int32_t topics = reader.ArrayLength();
  for (int32_t t = 0; t < topics && reader.ok(); ++t) {
    std::string name(reader.String());
    layout.push_back({name, {}});
    int32_t partitions = reader.ArrayLength();
    for (int32_t p = 0; p < partitions && reader.ok(); ++p) {
      int32_t partition = reader.Int32();
      CommittedOffset committed;
      committed.offset = reader.Int64();
      if (version >= 2) reader.Int32();  // committed_leader_epoch
      auto metadata = reader.NullableString();
      if (metadata) committed.metadata = std::string(*metadata);
      offsets.push_back({{name, partition}, committed});
      layout.back().second.push_back(partition);
    }
  }
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  ErrorCode error =
      transactions_->StageOffsets(transactional_id, producer_id, epoch, group_id, offsets);
  std::string body;
  ByteWriter w(&body);
  w.Int32(0);
  w.Int32(static_cast<int32_t>(layout.size()));
  for (const auto& [topic, partitions] : layout) {
    w.String(topic);
    w.Int32(static_cast<int32_t>(partitions.size()));
    for (int32_t partition : partitions) {
      w.Int32(partition);
      w.Int16(Code(error));
    }
  }
  Respond(context, body);
}

}  // namespace sluice::log
