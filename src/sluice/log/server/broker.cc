#include "sluice/log/server/broker.h"

#include <algorithm>

#include "sluice/common/clock.h"
#include "sluice/common/logging.h"

namespace sluice::log {

StatusOr<std::unique_ptr<Broker>> Broker::Open(const BrokerOptions& options) {
  std::unique_ptr<Broker> broker(new Broker(options));
  SLUICE_ASSIGN_OR_RETURN(broker->logs_, LogManager::Open(options.data_dir));
  SLUICE_ASSIGN_OR_RETURN(OffsetStore offsets, OffsetStore::Open(options.data_dir));
  broker->offsets_ = std::make_unique<OffsetStore>(std::move(offsets));
  SLUICE_ASSIGN_OR_RETURN(broker->transactions_,
                          TransactionCoordinator::Open(options.data_dir, broker->logs_.get(),
                                                       broker->offsets_.get(), NowMicros() / 1000));
  return broker;
}

Broker::~Broker() = default;

void Broker::Attach(Responder* responder, int port) {
  responder_ = responder;
  options_.port = port;
}

const std::string& Broker::AdvertisedHost() const {
  static const std::string kLoopback = "127.0.0.1";
  if (!options_.advertised_host.empty()) return options_.advertised_host;
  return options_.host == "0.0.0.0" ? kLoopback : options_.host;
}

void Broker::RespondError(const RequestContext& context, ErrorCode error) {
  std::string body;
  ByteWriter(&body).Int16(Code(error));
  Respond(context, body);
}

void Broker::HandleRequest(const RequestContext& context, std::string_view body) {
  ByteReader reader(body);
  const RequestHeader& header = context.header;
  auto range = FindApi(header.api_key);
  if (header.api_key == static_cast<int16_t>(ApiKey::kApiVersions) &&
      header.api_version > range->max) {
    // Answered in v0 with the supported ranges so the client retries with a version we serve.
    std::string response;
    ByteWriter w(&response);
    w.Int16(Code(ErrorCode::kUnsupportedVersion));
    WriteSupportedApis(w);
    return Respond(context, response);
  }
  if (!range || header.api_version < range->min || header.api_version > range->max) {
    LogWarn("unsupported request from {} ({}): api key {} version {}", context.client_host,
            header.client_id, header.api_key, header.api_version);
    return RespondError(context, ErrorCode::kUnsupportedVersion);
  }
  groups_.set_current_connection(context.connection_id);
  switch (static_cast<ApiKey>(header.api_key)) {
    case ApiKey::kApiVersions:
      return HandleApiVersions(context, reader);
    case ApiKey::kMetadata:
      return HandleMetadata(context, reader);
    case ApiKey::kCreateTopics:
      return HandleCreateTopics(context, reader);
    case ApiKey::kDeleteTopics:
      return HandleDeleteTopics(context, reader);
    case ApiKey::kFindCoordinator:
      return HandleFindCoordinator(context, reader);
    case ApiKey::kProduce:
      return HandleProduce(context, reader);
    case ApiKey::kFetch:
      return HandleFetch(context, reader);
    case ApiKey::kListOffsets:
      return HandleListOffsets(context, reader);
    case ApiKey::kJoinGroup:
      return HandleJoinGroup(context, reader);
    case ApiKey::kSyncGroup:
      return HandleSyncGroup(context, reader);
    case ApiKey::kHeartbeat:
      return HandleHeartbeat(context, reader);
    case ApiKey::kLeaveGroup:
      return HandleLeaveGroup(context, reader);
    case ApiKey::kOffsetCommit:
      return HandleOffsetCommit(context, reader);
    case ApiKey::kOffsetFetch:
      return HandleOffsetFetch(context, reader);
    case ApiKey::kDescribeGroups:
      return HandleDescribeGroups(context, reader);
    case ApiKey::kListGroups:
      return HandleListGroups(context, reader);
    case ApiKey::kInitProducerId:
      return HandleInitProducerId(context, reader);
    case ApiKey::kAddPartitionsToTxn:
      return HandleAddPartitionsToTxn(context, reader);
    case ApiKey::kAddOffsetsToTxn:
      return HandleAddOffsetsToTxn(context, reader);
    case ApiKey::kEndTxn:
      return HandleEndTxn(context, reader);
    case ApiKey::kTxnOffsetCommit:
      return HandleTxnOffsetCommit(context, reader);
    case ApiKey::kDescribeConfigs:
      return HandleDescribeConfigs(context, reader);
  }
  RespondError(context, ErrorCode::kUnsupportedVersion);
}

int64_t Broker::Tick(int64_t now_ms) {
  auto flushed = logs_->FlushDue(now_ms);
  if (!flushed.ok()) LogWarn("flush failed: {}", std::string(flushed.status().message()));
  if (!parked_produces_.empty()) AnswerFlushedProduces();
  if (now_ms >= next_retention_ms_) {
    Status retention = logs_->ApplyRetention(now_ms);
    if (!retention.ok()) LogWarn("retention failed: {}", std::string(retention.message()));
    next_retention_ms_ = now_ms + options_.retention_check_interval_ms;
  }
  int64_t next = std::min(groups_.Tick(now_ms), transactions_->Tick(now_ms));
  AnswerParkedFetches(now_ms);
  for (const ParkedFetch& fetch : parked_fetches_) {
    next = std::min(next, std::max<int64_t>(0, fetch.deadline_ms - now_ms));
  }
  next = std::min(next, logs_->MillisUntilNextFlush(now_ms));
  return next;
}

void Broker::ConnectionClosed(uint64_t connection_id) {
  std::erase_if(parked_fetches_,
                [&](const ParkedFetch& f) { return f.context.connection_id == connection_id; });
  std::erase_if(parked_produces_,
                [&](const ParkedProduce& p) { return p.context.connection_id == connection_id; });
  groups_.ForgetCallbacksOf(connection_id);
}

Topic* Broker::FindOrCreateTopic(const std::string& name, bool allow_create) {
  Topic* topic = logs_->FindTopic(name);
  if (topic != nullptr || !allow_create || !options_.auto_create_topics) return topic;
  Status created = logs_->CreateTopic(name, options_.default_partitions, {});
  if (!created.ok()) {
    LogWarn("cannot auto-create topic '{}': {}", name, std::string(created.message()));
    return nullptr;
  }
  LogInfo("auto-created topic '{}' with {} partitions", name, options_.default_partitions);
  return logs_->FindTopic(name);
}

}  // namespace sluice::log
