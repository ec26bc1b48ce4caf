// JobExecutor data flow: forward, hash, broadcast and rebalance exchanges, several consumers,
// two-input operators, watermarks and end of input.
#include "sluice/runtime/job_executor.h"

#include <algorithm>

#include "gtest/gtest.h"
#include "sluice/common/hashing.h"
#include "sluice/runtime/key_hash.h"
#include "test_operators.h"

namespace sluice::runtime {
namespace {

using testing::CollectSink;
using testing::Factory;
using testing::FeedReader;
using testing::Journal;
using testing::KeyedCount;
using testing::MakeBatch;
using testing::PassThrough;
using testing::VectorReader;

/// Keys first..first+count-1 spread over `splits` splits of batches of 7 rows.
std::vector<std::vector<types::Batch>> Splits(int64_t first, int64_t count, int splits) {
  std::vector<std::vector<types::Batch>> result(splits);
  std::vector<int64_t> keys;
  int split = 0;
  for (int64_t key = first; key < first + count; ++key) {
    keys.push_back(key);
    if (keys.size() == 7 || key + 1 == first + count) {
      result[split].push_back(MakeBatch(keys));
      split = (split + 1) % splits;
      keys.clear();
    }
  }
  return result;
}

/// A bounded source vertex whose subtask s reads keys [s * 1000, s * 1000 + rows).
VertexSpec BoundedSource(Journal* journal, int parallelism, int64_t rows,
                         std::vector<OperatorFactory> chain = {}) {
  VertexSpec vertex;
  vertex.name = "Source: numbers";
  vertex.parallelism = parallelism;
  vertex.source = [=](int subtask) -> StatusOr<std::unique_ptr<SourceReader>> {
    return std::make_unique<VectorReader>(Splits(subtask * 1000, rows, 3), journal, subtask);
  };
  vertex.chain = std::move(chain);
  return vertex;
}

VertexSpec Consumer(std::string name, int parallelism, std::vector<OperatorFactory> chain,
                    std::vector<EdgeSpec> inputs) {
  VertexSpec vertex;
  vertex.name = std::move(name);
  vertex.parallelism = parallelism;
  vertex.chain = std::move(chain);
  vertex.inputs = std::move(inputs);
  return vertex;
}

EdgeSpec Edge(int source, PartitionerKind kind, std::vector<int> keys = {}, int input = 0) {
  EdgeSpec edge;
  edge.source_vertex = source;
  edge.partitioner = kind;
  edge.key_columns = std::move(keys);
  edge.target_input = input;
  return edge;
}

Status RunJob(JobSpec spec) {
  JobExecutor executor(std::move(spec));
  SLUICE_RETURN_IF_ERROR(executor.Start());
  return executor.Wait();
}

std::vector<int64_t> Sorted(std::vector<int64_t> keys) {
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<int64_t> Range(int64_t first, int64_t count) {
  std::vector<int64_t> keys;
  for (int64_t key = first; key < first + count; ++key) keys.push_back(key);
  return keys;
}

/// Every subtask's watermarks strictly increase and end with kMaxWatermark.
void ExpectWatermarksEndAtMax(Journal& journal, int subtasks) {
  for (int s = 0; s < subtasks; ++s) {
    const std::vector<int64_t>& list = journal.watermarks[s];
    ASSERT_FALSE(list.empty()) << "subtask " << s;
    EXPECT_EQ(list.back(), kMaxWatermark) << "subtask " << s;
    for (size_t i = 1; i < list.size(); ++i) EXPECT_LT(list[i - 1], list[i]);
  }
}

TEST(JobExecutorTest, ForwardsSourceToSinkTask) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(BoundedSource(&journal, 1, 100, {Factory<PassThrough>(&journal)}));
  spec.vertices.push_back(Consumer("Sink: out", 1, {Factory<CollectSink>(&journal)},
                                   {Edge(0, PartitionerKind::kForward)}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  ASSERT_TRUE(executor.Wait().ok());
  EXPECT_EQ(Sorted(journal.keys[0]), Range(0, 100));
  EXPECT_EQ(executor.progress().rows_read.load(), 100);
  EXPECT_EQ(executor.progress().rows_written.load(), 100);
  EXPECT_EQ(journal.watermarks[0], std::vector<int64_t>{kMaxWatermark});
  for (const char* op : {"map", "sink"}) {
    for (const char* event : {"open", "end0", "close"}) {
      EXPECT_EQ(journal.Calls(std::string(op) + "/0/" + event), 1) << op << " " << event;
    }
  }
  EXPECT_EQ(journal.Calls("reader/0/open"), 1);
  EXPECT_EQ(journal.Calls("reader/0/close"), 1);
}

TEST(JobExecutorTest, ChainsOperatorsInOneTask) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(BoundedSource(
      &journal, 1, 50, {Factory<PassThrough>(&journal), Factory<CollectSink>(&journal)}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  ASSERT_TRUE(executor.Wait().ok());
  EXPECT_EQ(Sorted(journal.keys[0]), Range(0, 50));
  EXPECT_EQ(executor.progress().rows_written.load(), 50);
  EXPECT_EQ(journal.watermarks[0], std::vector<int64_t>{kMaxWatermark});
  EXPECT_EQ(journal.Calls("map/0/end0"), 1);
  EXPECT_EQ(journal.Calls("sink/0/end0"), 1);
}

TEST(JobExecutorTest, HashExchangeSendsEachKeyToItsOwner) {
  Journal journal;
  std::map<int64_t, std::set<int>> owners;
  JobSpec spec;
  spec.options.Set("execution.batch-size", "16");
  spec.vertices.push_back(BoundedSource(&journal, 2, 300));
  spec.vertices.push_back(Consumer(
      "GroupAggregate", 2, {Factory<KeyedCount>(&journal, &owners), Factory<CollectSink>(&journal)},
      {Edge(0, PartitionerKind::kHash, {0})}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  ASSERT_TRUE(executor.Wait().ok());
  std::vector<int64_t> all = journal.keys[0];
  all.insert(all.end(), journal.keys[1].begin(), journal.keys[1].end());
  std::vector<int64_t> expected = Range(0, 300);
  std::vector<int64_t> second = Range(1000, 300);
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(Sorted(all), expected);
  ASSERT_EQ(owners.size(), 600u);
  int per_subtask[2] = {0, 0};
  for (auto& [key, subtasks] : owners) {
    ASSERT_EQ(subtasks.size(), 1u) << "key " << key;
    uint64_t hash = HashCombine(0, HashInt(static_cast<uint64_t>(key)));
    EXPECT_EQ(*subtasks.begin(), SubtaskOfKeyGroup(KeyGroupOf(hash, 128), 128, 2));
    ++per_subtask[*subtasks.begin()];
  }
  EXPECT_GT(per_subtask[0], 0);
  EXPECT_GT(per_subtask[1], 0);
  ExpectWatermarksEndAtMax(journal, 2);
  EXPECT_EQ(executor.progress().rows_read.load(), 600);
  EXPECT_EQ(executor.progress().rows_written.load(), 600);
}

TEST(JobExecutorTest, UnionWatermarkIsTheMinimumOfBothInputs) {
  Journal journal;
  FeedReader::Feed feed_a, feed_b;
  auto feed_source = [&](const char* name, FeedReader::Feed* feed) {
    VertexSpec vertex;
    vertex.name = name;
    vertex.source = [feed](int) -> StatusOr<std::unique_ptr<SourceReader>> {
      return std::make_unique<FeedReader>(feed);
    };
    vertex.chain = {Factory<PassThrough>(&journal, std::string(name), true)};
    return vertex;
  };
  JobSpec spec;
  spec.vertices.push_back(feed_source("a", &feed_a));
  spec.vertices.push_back(feed_source("b", &feed_b));
  spec.vertices.push_back(
      Consumer("Sink: out", 1, {Factory<CollectSink>(&journal)},
               {Edge(0, PartitionerKind::kForward), Edge(1, PartitionerKind::kForward)}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  auto watermarks = [&] { return journal.watermarks[0].size(); };

  feed_a.Push(MakeBatch({10}));  // a's watermark 10 ...
  feed_a.Push(MakeBatch({1}));   // ... arrives before this batch on the same channel
  journal.WaitFor([&] { return journal.keys[0].size() == 2; });
  {
    std::lock_guard<std::mutex> lock(journal.mutex);
    EXPECT_TRUE(journal.watermarks[0].empty()) << "b has no watermark yet";
  }
  feed_b.Push(MakeBatch({5}));
  journal.WaitFor([&] { return watermarks() == 1; });
  feed_b.Push(MakeBatch({20}));
  journal.WaitFor([&] { return watermarks() == 2; });
  feed_a.Finish();  // an ended input no longer holds time back
  journal.WaitFor([&] { return watermarks() == 3; });
  feed_b.Finish();
  ASSERT_TRUE(executor.Wait().ok());
  EXPECT_EQ(journal.watermarks[0], (std::vector<int64_t>{5, 10, 20, kMaxWatermark}));
  EXPECT_EQ(journal.Calls("sink/0/end0"), 1);
}

TEST(JobExecutorTest, TwoInputOperatorEndsEachInputOnce) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(BoundedSource(&journal, 2, 40));
  spec.vertices.push_back(BoundedSource(&journal, 1, 30));
  spec.vertices[1].source = [&](int subtask) -> StatusOr<std::unique_ptr<SourceReader>> {
    return std::make_unique<VectorReader>(Splits(5000, 30, 2), &journal, 9);
  };
  spec.vertices.push_back(Consumer(
      "Join", 2,
      {Factory<PassThrough>(&journal, std::string("join")), Factory<CollectSink>(&journal)},
      {Edge(0, PartitionerKind::kHash, {0}, 0), Edge(1, PartitionerKind::kRebalance, {}, 1)}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  ASSERT_TRUE(executor.Wait().ok());
  for (int s = 0; s < 2; ++s) {
    const std::string prefix = std::to_string(s);
    EXPECT_EQ(journal.Calls("join/" + prefix + "/end0"), 1);
    EXPECT_EQ(journal.Calls("join/" + prefix + "/end1"), 1);
    EXPECT_EQ(journal.Calls("sink/" + prefix + "/end0"), 1);
    EXPECT_EQ(journal.Calls("sink/" + prefix + "/end1"), 0);
  }
  EXPECT_EQ(journal.TotalRows(), 110u);
  ExpectWatermarksEndAtMax(journal, 2);
}

TEST(JobExecutorTest, BroadcastDeliversEveryRowToEverySubtask) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(BoundedSource(&journal, 1, 64));
  spec.vertices.push_back(Consumer("Sink: out", 3, {Factory<CollectSink>(&journal)},
                                   {Edge(0, PartitionerKind::kBroadcast)}));
  ASSERT_TRUE(RunJob(std::move(spec)).ok());
  for (int s = 0; s < 3; ++s) EXPECT_EQ(Sorted(journal.keys[s]), Range(0, 64)) << s;
  ExpectWatermarksEndAtMax(journal, 3);
}

TEST(JobExecutorTest, SharedSourceFeedsEveryConsumerAndForwardRebalancesAcrossParallelisms) {
  Journal journal_a, journal_b;
  JobSpec spec;
  spec.vertices.push_back(BoundedSource(&journal_a, 1, 77));
  spec.vertices.push_back(Consumer("Sink: a", 1, {Factory<CollectSink>(&journal_a)},
                                   {Edge(0, PartitionerKind::kForward)}));
  // Forward between parallelism 1 and 2 behaves as rebalance.
  spec.vertices.push_back(Consumer("Sink: b", 2, {Factory<CollectSink>(&journal_b)},
                                   {Edge(0, PartitionerKind::kForward)}));
  JobExecutor executor(std::move(spec));
  ASSERT_TRUE(executor.Start().ok());
  ASSERT_TRUE(executor.Wait().ok());
  EXPECT_EQ(Sorted(journal_a.keys[0]), Range(0, 77));
  std::vector<int64_t> b = journal_b.keys[0];
  b.insert(b.end(), journal_b.keys[1].begin(), journal_b.keys[1].end());
  EXPECT_EQ(Sorted(b), Range(0, 77));
  EXPECT_FALSE(journal_b.keys[0].empty());
  EXPECT_FALSE(journal_b.keys[1].empty());
  ExpectWatermarksEndAtMax(journal_b, 2);
  EXPECT_EQ(journal_b.Calls("sink/1/end0"), 1);
  EXPECT_EQ(executor.progress().rows_written.load(), 154);
}

TEST(JobExecutorTest, GlobalSendsAllRowsToSubtaskZero) {
  Journal journal;
  JobSpec spec;
  spec.vertices.push_back(BoundedSource(&journal, 2, 20));
  spec.vertices.push_back(Consumer("Sink: out", 2, {Factory<CollectSink>(&journal)},
                                   {Edge(0, PartitionerKind::kGlobal)}));
  ASSERT_TRUE(RunJob(std::move(spec)).ok());
  EXPECT_EQ(journal.keys[0].size(), 40u);
  EXPECT_TRUE(journal.keys[1].empty());
  ExpectWatermarksEndAtMax(journal, 2);
}

TEST(JobExecutorTest, RejectsInvalidSettings) {
  JobSpec spec;
  spec.options.Set("table.local-time-zone", "Mars/Olympus");
  JobExecutor executor(std::move(spec));
  Status status = executor.Start();
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_EQ(executor.Wait(), status);
}

}  // namespace
}  // namespace sluice::runtime
