#include "sluice/log/server/broker.h"

#include <map>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "log_test_support.h"
#include "sluice/common/clock.h"

namespace sluice::log {
namespace {

/// Collects responses by correlation id instead of sending them.
class RecordingResponder : public Responder {
 public:
  void Respond(const RequestContext& context, std::string_view body) override {
    responses[context.header.correlation_id] = std::string(body);
  }
  void Skip(const RequestContext& context) override {
    skipped.push_back(context.header.correlation_id);
  }
  std::map<int32_t, std::string> responses;
  std::vector<int32_t> skipped;
};

class BrokerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(false); }

  void Start(bool auto_create) {
    broker_.reset();
    BrokerOptions options;
    options.data_dir = folder_.path();
    options.auto_create_topics = auto_create;
    auto broker = Broker::Open(options);
    ASSERT_TRUE(broker.ok()) << broker.status();
    broker_ = std::move(*broker);
    broker_->Attach(&responder_, 9092);
  }

  /// Sends a request; returns its correlation id.
  int32_t Send(ApiKey key, int16_t version, const std::string& body) {
    RequestContext context;
    context.connection_id = 1;
    context.header.api_key = static_cast<int16_t>(key);
    context.header.api_version = version;
    context.header.correlation_id = ++correlation_;
    context.header.client_id = "test";
    broker_->HandleRequest(context, body);
    return correlation_;
  }
  bool Answered(int32_t id) const { return responder_.responses.contains(id); }
  ByteReader Response(int32_t id) {
    EXPECT_TRUE(Answered(id)) << "no response to request " << id;
    return ByteReader(responder_.responses[id]);
  }
  void Tick() { broker_->Tick(NowMicros() / 1000); }

  std::string CreateTopicsBody(const std::string& name, int32_t partitions, int16_t replication,
                               const std::map<std::string, std::string>& configs = {}) {
    std::string body;
    ByteWriter w(&body);
    w.Int32(1);
    w.String(name);
    w.Int32(partitions);
    w.Int16(replication);
    w.Int32(0);  // assignments
    w.Int32(static_cast<int32_t>(configs.size()));
    for (const auto& [k, v] : configs) {
      w.String(k);
      w.NullableString(v);
    }
    w.Int32(1000);
    w.Bool(false);
    return body;
  }
  int16_t CreateTopic(const std::string& name, int32_t partitions, int16_t replication = 1,
                      const std::map<std::string, std::string>& configs = {}) {
    ByteReader r = Response(
        Send(ApiKey::kCreateTopics, 3, CreateTopicsBody(name, partitions, replication, configs)));
    r.Int32();  // throttle
    EXPECT_EQ(r.Int32(), 1);
    EXPECT_EQ(r.String(), name);
    int16_t error = r.Int16();
    r.NullableString();
    EXPECT_TRUE(r.ok());
    return error;
  }
  std::string ProduceBody(const std::string& topic, int32_t partition, int16_t acks,
                          const std::string& records) {
    std::string body;
    ByteWriter w(&body);
    w.NullableString(std::nullopt);
    w.Int16(acks);
    w.Int32(1000);
    w.Int32(1);
    w.String(topic);
    w.Int32(1);
    w.Int32(partition);
    w.Bytes(records);
    return body;
  }
  std::string FetchBody(const std::string& topic, int32_t partition, int64_t offset,
                        int32_t max_wait_ms) {
    std::string body;
    ByteWriter w(&body);
    w.Int32(-1);
    w.Int32(max_wait_ms);
    w.Int32(1);  // min bytes
    w.Int32(1 << 20);
    w.Int8(0);
    w.Int32(1);
    w.String(topic);
    w.Int32(1);
    w.Int32(partition);
    w.Int64(offset);
    w.Int32(1 << 20);
    return body;
  }
  /// Reads a v4 fetch response for one partition: error code and record bytes.
  std::pair<int16_t, std::string> FetchResult(int32_t id) {
    ByteReader r = Response(id);
    r.Int32();  // throttle
    EXPECT_EQ(r.Int32(), 1);
    r.String();
    EXPECT_EQ(r.Int32(), 1);
    r.Int32();
    int16_t error = r.Int16();
    r.Int64();  // high watermark
    r.Int64();  // last stable offset
    r.Int32();  // aborted transactions (null)
    std::string records(r.Bytes());
    EXPECT_TRUE(r.ok());
    return {error, records};
  }

  TemporaryFolder folder_;
  RecordingResponder responder_;
  std::unique_ptr<Broker> broker_;
  int32_t correlation_ = 0;
};

TEST_F(BrokerTest, ApiVersionsListsRangesAndAnswersNewerVersionsInV0) {
  ByteReader r = Response(Send(ApiKey::kApiVersions, 2, ""));
  EXPECT_EQ(r.Int16(), 0);
  int32_t count = r.Int32();
  EXPECT_EQ(count, static_cast<int32_t>(SupportedApis().size()));
  std::map<int16_t, std::pair<int16_t, int16_t>> ranges;
  for (int32_t i = 0; i < count; ++i) {
    int16_t key = r.Int16();
    int16_t min = r.Int16();
    ranges[key] = {min, r.Int16()};
  }
  EXPECT_EQ(r.Int32(), 0);  // throttle (v1+)
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(ranges[0], std::make_pair(int16_t{3}, int16_t{7}));   // Produce: MsgVer2 needs v3
  EXPECT_EQ(ranges[1], std::make_pair(int16_t{4}, int16_t{11}));  // Fetch
  EXPECT_EQ(ranges[18].second, 2);

  ByteReader newer = Response(Send(ApiKey::kApiVersions, 3, ""));
  EXPECT_EQ(newer.Int16(), 35);
  EXPECT_EQ(newer.Int32(), count) << "the v0 body still lists the supported ranges";
}

TEST_F(BrokerTest, UnsupportedRequestsGetAnErrorNotAClosedConnection) {
  ByteReader produce_v8 = Response(Send(ApiKey::kProduce, 8, ""));
  EXPECT_EQ(produce_v8.Int16(), 35);
  ByteReader unknown = Response(Send(static_cast<ApiKey>(21), 0, ""));  // DeleteRecords
  EXPECT_EQ(unknown.Int16(), 35);
}

TEST_F(BrokerTest, CreateTopicsErrorCodes) {
  EXPECT_EQ(CreateTopic("orders", 3), 0);
  EXPECT_EQ(CreateTopic("orders", 3), 36);         // TOPIC_ALREADY_EXISTS
  EXPECT_EQ(CreateTopic("bad/name", 1), 17);       // INVALID_TOPIC_EXCEPTION
  EXPECT_EQ(CreateTopic("zero", 0), 37);           // INVALID_PARTITIONS
  EXPECT_EQ(CreateTopic("replicated", 1, 3), 38);  // INVALID_REPLICATION_FACTOR
  EXPECT_EQ(CreateTopic("configured", 1, 1, {{"retention.hours", "1"}}), 40);  // INVALID_CONFIG
  EXPECT_EQ(broker_->logs().FindTopic("orders")->partitions.size(), 3u);
}

TEST_F(BrokerTest, DescribeConfigsShowsOverridesAndDefaults) {
  ASSERT_EQ(CreateTopic("c", 1, 1, {{"retention.ms", "1000"}}), 0);
  std::string body;
  ByteWriter w(&body);
  w.Int32(2);
  w.Int8(2);  // topic
  w.String("c");
  w.Int32(2);
  w.String("retention.ms");
  w.String("segment.bytes");
  w.Int8(2);
  w.String("missing");
  w.Int32(-1);
  w.Bool(false);
  ByteReader r = Response(Send(ApiKey::kDescribeConfigs, 1, body));
  r.Int32();
  EXPECT_EQ(r.Int32(), 2);
  EXPECT_EQ(r.Int16(), 0);
  r.NullableString();
  EXPECT_EQ(r.Int8(), 2);
  EXPECT_EQ(r.String(), "c");
  ASSERT_EQ(r.Int32(), 2);
  EXPECT_EQ(r.String(), "retention.ms");
  EXPECT_EQ(*r.NullableString(), "1000");
  r.Bool();
  EXPECT_EQ(r.Int8(), 1) << "set at creation";
  r.Bool();
  r.Int32();
  EXPECT_EQ(r.String(), "segment.bytes");
  EXPECT_EQ(*r.NullableString(), "1073741824");
  r.Bool();
  EXPECT_EQ(r.Int8(), 5) << "default";
  r.Bool();
  r.Int32();
  EXPECT_EQ(r.Int16(), 3) << "unknown topic";
}

TEST_F(BrokerTest, ListAndDescribeGroups) {
  std::string join;
  ByteWriter j(&join);
  j.String("team");
  j.Int32(10000);  // session timeout
  j.String("");    // new member
  j.String("consumer");
  j.Int32(1);
  j.String("range");
  j.Bytes("subscription");
  ByteReader joined = Response(Send(ApiKey::kJoinGroup, 0, join));
  EXPECT_EQ(joined.Int16(), 0);
  EXPECT_EQ(joined.Int32(), 1);  // generation

  ByteReader list = Response(Send(ApiKey::kListGroups, 1, ""));
  list.Int32();
  EXPECT_EQ(list.Int16(), 0);
  ASSERT_EQ(list.Int32(), 1);
  EXPECT_EQ(list.String(), "team");
  EXPECT_EQ(list.String(), "consumer");

  std::string describe;
  ByteWriter d(&describe);
  d.Int32(2);
  d.String("team");
  d.String("nobody");
  ByteReader r = Response(Send(ApiKey::kDescribeGroups, 1, describe));
  r.Int32();
  ASSERT_EQ(r.Int32(), 2);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.String(), "team");
  EXPECT_EQ(r.String(), "CompletingRebalance") << "joined, not yet synced";
  EXPECT_EQ(r.String(), "consumer");
  EXPECT_EQ(r.String(), "range");
  ASSERT_EQ(r.Int32(), 1);
  r.String();                     // member id
  EXPECT_EQ(r.String(), "test");  // client id
  r.String();                     // client host
  EXPECT_EQ(r.Bytes(), "subscription");
  EXPECT_EQ(r.Bytes(), "");
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.String(), "nobody");
  EXPECT_EQ(r.String(), "Dead");
  EXPECT_TRUE(r.ok());
}

TEST_F(BrokerTest, TransactionalBatchesNeedAnOpenTransactionWithTheirPartition) {
  ASSERT_EQ(CreateTopic("tx", 1), 0);
  auto init = [&]() {
    std::string body;
    ByteWriter w(&body);
    w.NullableString("txn-1");
    w.Int32(60000);
    ByteReader r = Response(Send(ApiKey::kInitProducerId, 1, body));
    r.Int32();
    EXPECT_EQ(r.Int16(), 0);
    int64_t producer_id = r.Int64();
    return std::make_pair(producer_id, r.Int16());
  };
  auto produce_error = [&](int64_t producer_id, int16_t epoch, int32_t sequence) {
    std::string batch = MakeBatch(2, "t", 1000, {producer_id, epoch, sequence, true});
    ByteReader r = Response(Send(ApiKey::kProduce, 7, ProduceBody("tx", 0, 1, batch)));
    r.Int32();
    r.String();
    r.Int32();
    r.Int32();
    return r.Int16();
  };
  auto [producer_id, epoch] = init();
  EXPECT_EQ(produce_error(producer_id, epoch, 0), 48) << "partition not added: INVALID_TXN_STATE";
  std::string add;
  ByteWriter a(&add);
  a.String("txn-1");
  a.Int64(producer_id);
  a.Int16(epoch);
  a.Int32(1);
  a.String("tx");
  a.Int32(1);
  a.Int32(0);
  ByteReader added = Response(Send(ApiKey::kAddPartitionsToTxn, 1, add));
  added.Int32();
  added.Int32();
  added.String();
  added.Int32();
  added.Int32();
  EXPECT_EQ(added.Int16(), 0);
  EXPECT_EQ(produce_error(producer_id, epoch, 0), 0);
  PartitionLog* log = broker_->logs().FindPartition("tx", 0);
  EXPECT_EQ(log->last_stable_offset(), 0) << "the open transaction holds the stable offset";
  EXPECT_EQ(log->end_offset(), 2);

  auto [same_id, new_epoch] = init();  // a new producer instance: aborts and fences the old one
  EXPECT_EQ(same_id, producer_id);
  EXPECT_EQ(new_epoch, epoch + 1);
  EXPECT_EQ(log->last_stable_offset(), 3) << "abort marker written";
  EXPECT_EQ(log->AbortedTransactions(0, 3).size(), 1u);
  EXPECT_EQ(produce_error(producer_id, epoch, 2), 47) << "INVALID_PRODUCER_EPOCH";
}

TEST_F(BrokerTest, MetadataReportsUnknownTopicsUnlessAutoCreated) {
  std::string body;
  ByteWriter w(&body);
  w.Int32(1);
  w.String("missing");
  w.Bool(true);  // allow_auto_topic_creation (v4)
  ByteReader r = Response(Send(ApiKey::kMetadata, 4, body));
  r.Int32();                // throttle
  EXPECT_EQ(r.Int32(), 1);  // one broker
  EXPECT_EQ(r.Int32(), 0);  // node id
  EXPECT_EQ(r.String(), "127.0.0.1");
  EXPECT_EQ(r.Int32(), 9092);
  r.NullableString();       // rack
  r.NullableString();       // cluster id
  EXPECT_EQ(r.Int32(), 0);  // controller
  EXPECT_EQ(r.Int32(), 1);
  EXPECT_EQ(r.Int16(), 3);  // UNKNOWN_TOPIC_OR_PARTITION
  EXPECT_EQ(broker_->logs().FindTopic("missing"), nullptr);

  Start(/*auto_create=*/true);
  Send(ApiKey::kMetadata, 4, body);
  EXPECT_NE(broker_->logs().FindTopic("missing"), nullptr);
}

TEST_F(BrokerTest, ProduceThenFetch) {
  ASSERT_EQ(CreateTopic("t", 2), 0);
  std::string batch = MakeBatch(5, "v");
  ByteReader r = Response(Send(ApiKey::kProduce, 7, ProduceBody("t", 1, 1, batch)));
  EXPECT_EQ(r.Int32(), 1);
  EXPECT_EQ(r.String(), "t");
  EXPECT_EQ(r.Int32(), 1);
  EXPECT_EQ(r.Int32(), 1);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.Int64(), 0);  // base offset
  Send(ApiKey::kProduce, 7, ProduceBody("t", 1, 0, batch));
  EXPECT_EQ(responder_.skipped.size(), 1u) << "acks=0 has no response";

  auto [error, records] = FetchResult(Send(ApiKey::kFetch, 4, FetchBody("t", 1, 3, 0)));
  EXPECT_EQ(error, 0);
  auto batches = SplitBatches(records);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ(ParseBatchHeader((*batches)[1])->base_offset, 5);
  EXPECT_EQ(FetchResult(Send(ApiKey::kFetch, 4, FetchBody("t", 1, 11, 0))).first, 1)
      << "OFFSET_OUT_OF_RANGE";
  EXPECT_EQ(FetchResult(Send(ApiKey::kFetch, 4, FetchBody("nope", 0, 0, 0))).first, 3);

  ByteReader bad_acks = Response(Send(ApiKey::kProduce, 7, ProduceBody("t", 0, 2, batch)));
  bad_acks.Int32();
  bad_acks.String();
  bad_acks.Int32();
  bad_acks.Int32();
  EXPECT_EQ(bad_acks.Int16(), 21);  // INVALID_REQUIRED_ACKS
  std::string corrupt = batch;
  corrupt.back() ^= 1;
  ByteReader bad_crc = Response(Send(ApiKey::kProduce, 7, ProduceBody("t", 0, 1, corrupt)));
  bad_crc.Int32();
  bad_crc.String();
  bad_crc.Int32();
  bad_crc.Int32();
  EXPECT_EQ(bad_crc.Int16(), 2);  // CORRUPT_MESSAGE
}

TEST_F(BrokerTest, FetchLongPollIsAnsweredWhenDataArrives) {
  ASSERT_EQ(CreateTopic("t", 1), 0);
  int32_t fetch = Send(ApiKey::kFetch, 4, FetchBody("t", 0, 0, 60000));
  Tick();
  EXPECT_FALSE(Answered(fetch)) << "parked until data arrives";
  Send(ApiKey::kProduce, 7, ProduceBody("t", 0, 1, MakeBatch(2, "x")));
  Tick();
  ASSERT_TRUE(Answered(fetch));
  EXPECT_FALSE(FetchResult(fetch).second.empty());

  int32_t empty = Send(ApiKey::kFetch, 4, FetchBody("t", 0, 2, 1));
  for (int i = 0; i < 1000 && !Answered(empty); ++i) {
    broker_->Tick(NowMicros() / 1000 + 1000);  // a clock past the 1 ms deadline
  }
  ASSERT_TRUE(Answered(empty));
  EXPECT_TRUE(FetchResult(empty).second.empty());
}

TEST_F(BrokerTest, AcksAllWaitsForTheFlushPolicy) {
  ASSERT_EQ(CreateTopic("durable", 1, 1, {{"flush.ms", "50"}}), 0);
  int32_t produce = Send(ApiKey::kProduce, 7, ProduceBody("durable", 0, -1, MakeBatch(3, "d")));
  EXPECT_FALSE(Answered(produce)) << "not yet flushed";
  Tick();  // the end of the loop round syncs for waiting acks=all requests, before flush.ms
  EXPECT_TRUE(Answered(produce));
  EXPECT_EQ(broker_->logs().FindPartition("durable", 0)->flushed_offset(), 3);
  int32_t acks1 = Send(ApiKey::kProduce, 7, ProduceBody("durable", 0, 1, MakeBatch(1, "d")));
  EXPECT_TRUE(Answered(acks1)) << "acks=1 does not wait";
}

}  // namespace
}  // namespace sluice::log

namespace sluice::log {
namespace {

TEST_F(BrokerTest, MalformedRequestsNeverCrashTheBroker) {
  ASSERT_EQ(CreateTopic("t", 2), 0);
  Send(ApiKey::kProduce, 7, ProduceBody("t", 0, 1, MakeBatch(3, "x")));
  std::mt19937 random(42);
  for (const ApiVersionRange& api : SupportedApis()) {
    for (int16_t version = api.min; version <= api.max; ++version) {
      for (int i = 0; i < 200; ++i) {
        std::string body(random() % 64, '\0');
        for (char& c : body) c = static_cast<char>(random() % 4 == 0 ? random() : 0);
        int32_t id = Send(api.key, version, body);
        bool parked_or_silent = api.key == ApiKey::kProduce || api.key == ApiKey::kFetch ||
                                api.key == ApiKey::kJoinGroup || api.key == ApiKey::kSyncGroup;
        if (!parked_or_silent) EXPECT_TRUE(Answered(id)) << static_cast<int>(api.key);
      }
    }
  }
  broker_->Tick(NowMicros() / 1000 + 3600 * 1000);
  EXPECT_EQ(broker_->logs().FindPartition("t", 0)->end_offset(), 3) << "nothing was appended";
}

}  // namespace
}  // namespace sluice::log
