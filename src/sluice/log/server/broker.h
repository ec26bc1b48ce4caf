// The Kafka broker: serves the Kafka protocol (see kafka_protocol.cc for the APIs and versions)
// over a LogManager. One node (id 0) leads every partition; the high watermark is the log end.
// Requests arrive from KafkaServer's loop thread and are handled on it; a request whose answer
// must wait (Fetch long-poll, Produce acks=all until flushed, JoinGroup, SyncGroup) is parked
// and answered from Tick. The request handlers live in broker_<family>.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/log/byte_reader.h"
#include "sluice/log/byte_writer.h"
#include "sluice/log/log_manager.h"
#include "sluice/log/server/group_coordinator.h"
#include "sluice/log/server/kafka_server.h"
#include "sluice/log/server/offset_store.h"
#include "sluice/log/server/transaction_coordinator.h"

namespace sluice::log {

struct BrokerOptions {
  std::string data_dir;
  std::string host = "127.0.0.1";  // the listening address
  // The address clients are told to connect to (Metadata, FindCoordinator); empty: `host`, or
  // 127.0.0.1 when listening on 0.0.0.0.
  std::string advertised_host;
  int port = 9092;
  bool auto_create_topics = false;               // auto.create.topics.enable
  int32_t default_partitions = 1;                // num.partitions for auto-created topics
  int64_t retention_check_interval_ms = 300000;  // log.retention.check.interval.ms
};

class Broker : public RequestHandler {
 public:
  static StatusOr<std::unique_ptr<Broker>> Open(const BrokerOptions& options);
  ~Broker() override;

  /// Where responses go; must be set before the first request. `port` is the bound port.
  void Attach(Responder* responder, int port);

  void HandleRequest(const RequestContext& context, std::string_view body) override;
  int64_t Tick(int64_t now_ms) override;
  void ConnectionClosed(uint64_t connection_id) override;

  LogManager& logs() { return *logs_; }

 private:
  struct FetchPartition {
    int32_t partition = 0;
    int64_t offset = 0;
    int32_t max_bytes = 0;
  };
  struct FetchTopic {
    std::string name;
    std::vector<FetchPartition> partitions;
  };
  struct FetchRequest {
    int32_t max_wait_ms = 0;
    int32_t min_bytes = 0;
    int32_t max_bytes = 0;
    int8_t isolation_level = 0;
    std::vector<FetchTopic> topics;
  };
  struct ParkedFetch {
    RequestContext context;
    FetchRequest request;
    int64_t deadline_ms = 0;
  };
  struct AwaitedFlush {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = 0;  // answered once flushed_offset() passes it
  };
  struct ParkedProduce {
    RequestContext context;
    std::string response;
    std::vector<AwaitedFlush> awaited;
  };

  explicit Broker(const BrokerOptions& options) : options_(options) {}

  void Respond(const RequestContext& context, const std::string& body) {
    responder_->Respond(context, body);
  }
  void RespondError(const RequestContext& context, ErrorCode error);
  const std::string& AdvertisedHost() const;

  // broker_admin.cc
  void HandleApiVersions(const RequestContext& context, ByteReader& reader);
  void HandleMetadata(const RequestContext& context, ByteReader& reader);
  void HandleCreateTopics(const RequestContext& context, ByteReader& reader);
  void HandleDeleteTopics(const RequestContext& context, ByteReader& reader);
  void HandleFindCoordinator(const RequestContext& context, ByteReader& reader);
  void HandleDescribeConfigs(const RequestContext& context, ByteReader& reader);
  // broker_produce.cc
  void HandleProduce(const RequestContext& context, ByteReader& reader);
  void AnswerFlushedProduces();
  /// For a transactional record set: whether its transaction may write to the partition.
  ErrorCode TransactionalBatchError(std::string_view records, const std::string& topic,
                                    int32_t partition) const;
  // broker_fetch.cc
  void HandleFetch(const RequestContext& context, ByteReader& reader);
  /// Builds the fetch response; returns the record bytes it holds (-1 when a partition failed).
  int64_t BuildFetchResponse(const FetchRequest& request, int16_t version, std::string* body);
  void AnswerParkedFetches(int64_t now_ms);
  void HandleListOffsets(const RequestContext& context, ByteReader& reader);
  // broker_groups.cc
  void HandleJoinGroup(const RequestContext& context, ByteReader& reader);
  void HandleSyncGroup(const RequestContext& context, ByteReader& reader);
  void HandleHeartbeat(const RequestContext& context, ByteReader& reader);
  void HandleLeaveGroup(const RequestContext& context, ByteReader& reader);
  void HandleOffsetCommit(const RequestContext& context, ByteReader& reader);
  void HandleOffsetFetch(const RequestContext& context, ByteReader& reader);
  void HandleDescribeGroups(const RequestContext& context, ByteReader& reader);
  void HandleListGroups(const RequestContext& context, ByteReader& reader);
  // broker_transactions.cc
  void HandleInitProducerId(const RequestContext& context, ByteReader& reader);
  void HandleAddPartitionsToTxn(const RequestContext& context, ByteReader& reader);
  void HandleAddOffsetsToTxn(const RequestContext& context, ByteReader& reader);
  void HandleEndTxn(const RequestContext& context, ByteReader& reader);
  void HandleTxnOffsetCommit(const RequestContext& context, ByteReader& reader);

  /// Walks a request's topics array (name, then a partitions array) and writes the response's
  /// matching arrays (name, count); `per_partition(topic)` reads one partition's request fields
  /// and writes its response fields.
  template <typename PerPartition>
  static void ForEachPartition(ByteReader& reader, ByteWriter& writer, PerPartition per_partition) {
    int32_t topics = reader.ArrayLength();
    writer.Int32(topics);
    for (int32_t t = 0; t < topics && reader.ok(); ++t) {
      std::string name(reader.String());
      writer.String(name);
      int32_t partitions = reader.ArrayLength();
      writer.Int32(partitions);
      for (int32_t p = 0; p < partitions && reader.ok(); ++p) per_partition(name);
    }
  }

  /// The topic, created on the fly when auto-creation is on and `allow_create`.
  Topic* FindOrCreateTopic(const std::string& name, bool allow_create);

  BrokerOptions options_;
  Responder* responder_ = nullptr;
  std::unique_ptr<LogManager> logs_;
  std::unique_ptr<OffsetStore> offsets_;
  std::unique_ptr<TransactionCoordinator> transactions_;
  GroupCoordinator groups_;
  std::vector<ParkedFetch> parked_fetches_;
  std::vector<ParkedProduce> parked_produces_;
  bool appended_ = false;  // data arrived since parked fetches were last looked at
  // Reused by every fetch (sent before the next one is built): no fresh pages per response.
  std::string fetch_response_;
  std::string fetch_records_;
  int64_t next_retention_ms_ = 0;
};

}  // namespace sluice::log
