#include "sluice/log/partition_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "gtest/gtest.h"
#include "log_test_support.h"

namespace sluice::log {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ReadValues(const PartitionLog& log, int64_t from) {
  std::vector<std::string> values;
  int64_t offset = from;
  while (offset < log.end_offset()) {
    std::string bytes;
    EXPECT_TRUE(log.Read(offset, log.end_offset(), 1 << 20, true, &bytes).ok());
    if (bytes.empty()) break;
    auto batches = SplitBatches(bytes);
    EXPECT_TRUE(batches.ok());
    for (std::string_view batch : *batches) {
      auto reader = RecordReader::Open(batch);
      Record record;
      while (reader->Next(&record)) {
        if (record.offset < offset) continue;
        values.emplace_back(*record.value);
        offset = record.offset + 1;
      }
    }
  }
  return values;
}

std::string SegmentPath(const std::string& dir, int64_t base) {
  return dir + "/" + SegmentFileName(base, ".log");
}

TEST(PartitionLogTest, AppendAndReadBack) {
  TemporaryFolder folder;
  auto log = PartitionLog::Open(folder.path(), TopicConfig{});
  ASSERT_TRUE(log.ok()) << log.status();
  auto first = (*log)->Append(MakeBatch(3, "a"), 0);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->base_offset, 0);
  EXPECT_EQ(first->last_offset, 2);
  auto second = (*log)->Append(MakeBatch(2, "b"), 0);
  EXPECT_EQ(second->base_offset, 3);
  EXPECT_EQ((*log)->end_offset(), 5);
  EXPECT_EQ(ReadValues(**log, 0), (std::vector<std::string>{"a-0", "a-1", "a-2", "b-0", "b-1"}));
  EXPECT_EQ(ReadValues(**log, 4), (std::vector<std::string>{"b-1"}));
  // Reading from inside a batch returns the whole batch; the stored base offset is stamped.
  std::string bytes;
  ASSERT_TRUE((*log)->Read(1, 5, 1, true, &bytes).ok());
  EXPECT_EQ(ParseBatchHeader(bytes)->base_offset, 0);
  EXPECT_EQ(ParseBatchHeader(bytes)->total_size(), bytes.size()) << "one batch only";
  EXPECT_TRUE(BatchCrcMatches(bytes));
  bytes.clear();
  ASSERT_TRUE((*log)->Read(0, 3, 1 << 20, true, &bytes).ok());
  EXPECT_EQ(SplitBatches(bytes)->size(), 1u) << "max_offset stops before the second batch";
  bytes.clear();
  ASSERT_TRUE((*log)->Read(0, 5, 1, false, &bytes).ok());
  EXPECT_TRUE(bytes.empty()) << "no partial batch without min_one";
}

TEST(PartitionLogTest, ReadsWholeBatchesWithinTheBudget) {
  TemporaryFolder folder;
  auto log = PartitionLog::Open(folder.path(), TopicConfig{});
  std::string one = MakeBatch(1, "small");
  for (int i = 0; i < 100; ++i) ASSERT_TRUE((*log)->Append(one, 0).ok());
  std::string bytes = "prefix";
  size_t budget = one.size() * 7 + one.size() / 2;  // room for 7.5 batches
  ASSERT_TRUE((*log)->Read(10, 100, budget, true, &bytes).ok());
  EXPECT_EQ(bytes.substr(0, 6), "prefix") << "appends to what `out` holds";
  auto batches = SplitBatches(std::string_view(bytes).substr(6));
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 7u);
  EXPECT_EQ(ParseBatchHeader((*batches)[0])->base_offset, 10);
  EXPECT_EQ(ParseBatchHeader((*batches)[6])->base_offset, 16);
}

TEST(PartitionLogTest, RejectsCorruptAndOversizedBatches) {
  TemporaryFolder folder;
  TopicConfig config;
  config.max_message_bytes = 200;
  auto log = PartitionLog::Open(folder.path(), config);
  std::string batch = MakeBatch(2, "x");
  batch[batch.size() - 1] ^= 1;
  EXPECT_EQ((*log)->Append(batch, 0)->error, AppendError::kCorruptMessage);
  EXPECT_EQ((*log)->Append(MakeBatch(50, "big"), 0)->error, AppendError::kMessageTooLarge);
  EXPECT_EQ((*log)->end_offset(), 0);
}

TEST(PartitionLogTest, RollsBySizeAndReopens) {
  TemporaryFolder folder;
  TopicConfig config;
  config.segment_bytes = 1000;
  config.index_interval_bytes = 100;
  {
    auto log = PartitionLog::Open(folder.path(), config);
    for (int i = 0; i < 40; ++i) ASSERT_TRUE((*log)->Append(MakeBatch(5, "r"), 0).ok());
    EXPECT_EQ((*log)->segment_count(), 5u) << "nine 111-byte batches fit in 1000 bytes";
    ASSERT_TRUE((*log)->Close().ok());
  }
  EXPECT_TRUE(fs::exists(SegmentPath(folder.path(), 0)));
  EXPECT_TRUE(fs::exists(folder.path() + "/" + SegmentFileName(0, ".index")));
  auto log = PartitionLog::Open(folder.path(), config);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)->end_offset(), 200);
  EXPECT_EQ(ReadValues(**log, 0).size(), 200u);
  EXPECT_EQ(ReadValues(**log, 137).size(), 63u);
}

TEST(PartitionLogTest, TornTailIsTruncatedOnOpen) {
  TemporaryFolder folder;
  int64_t good_size = 0;
  {
    auto log = PartitionLog::Open(folder.path(), TopicConfig{});
    ASSERT_TRUE((*log)->Append(MakeBatch(10, "keep"), 0).ok());
    good_size = (*log)->size_bytes();
    ASSERT_TRUE((*log)->Append(MakeBatch(10, "torn"), 0).ok());
  }
  std::string path = SegmentPath(folder.path(), 0);
  fs::resize_file(path, static_cast<uintmax_t>(good_size + 30));  // mid-batch
  auto log = PartitionLog::Open(folder.path(), TopicConfig{});
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ((*log)->end_offset(), 10);
  EXPECT_EQ(fs::file_size(path), static_cast<uintmax_t>(good_size));
  EXPECT_EQ(ReadValues(**log, 0).size(), 10u);
  // Appends continue at the truncation point.
  EXPECT_EQ((*log)->Append(MakeBatch(1, "next"), 0)->base_offset, 10);
}

TEST(PartitionLogTest, CorruptBatchIsTruncatedOnOpen) {
  TemporaryFolder folder;
  int64_t good_size = 0;
  {
    auto log = PartitionLog::Open(folder.path(), TopicConfig{});
    ASSERT_TRUE((*log)->Append(MakeBatch(4, "a"), 0).ok());
    good_size = (*log)->size_bytes();
    ASSERT_TRUE((*log)->Append(MakeBatch(4, "b"), 0).ok());
    ASSERT_TRUE((*log)->Append(MakeBatch(4, "c"), 0).ok());
  }
  std::string path = SegmentPath(folder.path(), 0);
  int fd = ::open(path.c_str(), O_RDWR);
  char byte = 0;
  ASSERT_EQ(::pread(fd, &byte, 1, good_size + 70), 1);
  byte ^= 0x10;
  ASSERT_EQ(::pwrite(fd, &byte, 1, good_size + 70), 1);
  ::close(fd);
  auto log = PartitionLog::Open(folder.path(), TopicConfig{});
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)->end_offset(), 4) << "the bad batch and everything after it are dropped";
  EXPECT_EQ(ReadValues(**log, 0), (std::vector<std::string>{"a-0", "a-1", "a-2", "a-3"}));
}

TEST(PartitionLogTest, RetentionBySizeAndTime) {
  TemporaryFolder folder;
  TopicConfig config;
  config.segment_bytes = 500;
  config.retention_bytes = 1500;
  auto log = PartitionLog::Open(folder.path(), config);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE((*log)->Append(MakeBatch(3, "s", 1000), 0).ok());
  int64_t before = (*log)->size_bytes();
  ASSERT_TRUE((*log)->ApplyRetention(2000).ok());
  EXPECT_LT((*log)->size_bytes(), before);
  EXPECT_LE((*log)->size_bytes(), 1500 + 500);
  EXPECT_GT((*log)->log_start_offset(), 0);
  EXPECT_EQ((*log)->end_offset(), 90);
  int64_t start = (*log)->log_start_offset();
  EXPECT_EQ(ReadValues(**log, start).size(), static_cast<size_t>(90 - start));

  TemporaryFolder folder2;
  TopicConfig by_time;
  by_time.segment_bytes = 500;
  by_time.retention_ms = 10000;
  auto timed = PartitionLog::Open(folder2.path(), by_time);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE((*timed)->Append(MakeBatch(3, "t", 1000), 0).ok());
  ASSERT_TRUE((*timed)->Append(MakeBatch(3, "t", 50000), 0).ok());
  ASSERT_TRUE((*timed)->ApplyRetention(11000).ok());
  EXPECT_EQ((*timed)->log_start_offset(), 0) << "nothing older than 10 s yet";
  ASSERT_TRUE((*timed)->ApplyRetention(40000).ok());
  EXPECT_GT((*timed)->log_start_offset(), 0);
  EXPECT_EQ((*timed)->segment_count(), 1u) << "only the active segment is kept";
}

TEST(PartitionLogTest, FlushPolicy) {
  TemporaryFolder folder;
  TopicConfig config;
  config.flush_messages = 5;
  config.flush_ms = 100;
  auto log = PartitionLog::Open(folder.path(), config);
  ASSERT_TRUE((*log)->Append(MakeBatch(2, "f"), 1000).ok());
  EXPECT_FALSE((*log)->FlushDue(1000));
  EXPECT_EQ((*log)->MillisUntilFlush(1040), 60);
  EXPECT_TRUE((*log)->FlushDue(1100)) << "flush.ms";
  ASSERT_TRUE((*log)->Append(MakeBatch(3, "f"), 1001).ok());
  EXPECT_TRUE((*log)->FlushDue(1001)) << "flush.messages";
  EXPECT_EQ((*log)->flushed_offset(), 0);
  ASSERT_TRUE((*log)->Flush().ok());
  EXPECT_EQ((*log)->flushed_offset(), 5);
  EXPECT_FALSE((*log)->FlushDue(5000));
}

TEST(PartitionLogTest, IdempotentSequencesSurviveReopen) {
  TemporaryFolder folder;
  using P = RecordBatchBuilder::Producer;
  {
    auto log = PartitionLog::Open(folder.path(), TopicConfig{});
    EXPECT_EQ((*log)->Append(MakeBatch(3, "i", 1, P{9, 0, 0, false}), 0)->base_offset, 0);
    EXPECT_EQ((*log)->Append(MakeBatch(2, "i", 1, P{9, 0, 3, false}), 0)->base_offset, 3);
    auto resend = (*log)->Append(MakeBatch(3, "i", 1, P{9, 0, 0, false}), 0);
    EXPECT_TRUE(resend->duplicate);
    EXPECT_EQ(resend->base_offset, 0);
    EXPECT_EQ((*log)->end_offset(), 5);
  }
  auto log = PartitionLog::Open(folder.path(), TopicConfig{});
  auto resend = (*log)->Append(MakeBatch(2, "i", 1, P{9, 0, 3, false}), 0);
  EXPECT_TRUE(resend->duplicate) << "state rebuilt from the log";
  EXPECT_EQ(resend->base_offset, 3);
  EXPECT_EQ((*log)->Append(MakeBatch(1, "i", 1, P{9, 0, 7, false}), 0)->error,
            AppendError::kOutOfOrderSequence);
  EXPECT_EQ((*log)->Append(MakeBatch(1, "i", 1, P{9, 0, 5, false}), 0)->base_offset, 5);
  EXPECT_EQ((*log)->Append(MakeBatch(1, "i", 1, P{9, 1, 4, false}), 0)->error,
            AppendError::kOutOfOrderSequence)
      << "a new epoch starts at sequence 0";
  EXPECT_EQ((*log)->Append(MakeBatch(1, "i", 1, P{9, 1, 0, false}), 0)->base_offset, 6);
  EXPECT_EQ((*log)->Append(MakeBatch(1, "i", 1, P{9, 0, 6, false}), 0)->error,
            AppendError::kInvalidProducerEpoch);
}

TEST(PartitionLogTest, TransactionsSetStableOffsetAndAbortedList) {
  TemporaryFolder folder;
  using P = RecordBatchBuilder::Producer;
  {
    auto log = PartitionLog::Open(folder.path(), TopicConfig{});
    ASSERT_TRUE((*log)->Append(MakeBatch(2, "plain"), 0).ok());
    ASSERT_TRUE((*log)->Append(MakeBatch(3, "t1", 1, P{5, 0, 0, true}), 0).ok());  // 2..4
    ASSERT_TRUE((*log)->Append(MakeBatch(1, "plain"), 0).ok());                    // 5
    EXPECT_EQ((*log)->last_stable_offset(), 2);
    EXPECT_EQ((*log)->end_offset(), 6);
    EXPECT_EQ(*(*log)->AppendMarker(5, 0, ControlType::kAbort, 0), 6);
    EXPECT_EQ((*log)->last_stable_offset(), 7);
    ASSERT_TRUE((*log)->Append(MakeBatch(2, "t2", 1, P{5, 0, 3, true}), 0).ok());  // 7..8
    EXPECT_EQ((*log)->last_stable_offset(), 7);
  }
  auto log = PartitionLog::Open(folder.path(), TopicConfig{});
  EXPECT_EQ((*log)->last_stable_offset(), 7) << "open transaction rebuilt";
  auto aborted = (*log)->AbortedTransactions(0, 9);
  ASSERT_EQ(aborted.size(), 1u);
  EXPECT_EQ(aborted[0].producer_id, 5);
  EXPECT_EQ(aborted[0].first_offset, 2);
  EXPECT_EQ(aborted[0].last_offset, 6);
  EXPECT_TRUE((*log)->AbortedTransactions(7, 9).empty());
  ASSERT_TRUE((*log)->AppendMarker(5, 0, ControlType::kCommit, 0).ok());
  EXPECT_EQ((*log)->last_stable_offset(), 10);
  EXPECT_EQ((*log)->AbortedTransactions(0, 11).size(), 1u);
}

TEST(PartitionLogTest, OffsetForTimestamp) {
  TemporaryFolder folder;
  TopicConfig config;
  config.segment_bytes = 400;
  config.index_interval_bytes = 50;
  auto log = PartitionLog::Open(folder.path(), config);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE((*log)->Append(MakeBatch(5, "t", i * 10), 0).ok());
  // Batch i holds timestamps 10i..10i+4 at offsets 5i..5i+4.
  EXPECT_EQ((*log)->OffsetForTimestamp(0)->offset, 0);
  EXPECT_EQ((*log)->OffsetForTimestamp(73)->offset, 38);
  EXPECT_EQ((*log)->OffsetForTimestamp(73)->timestamp, 73);
  EXPECT_EQ((*log)->OffsetForTimestamp(76)->offset, 40);
  EXPECT_EQ((*log)->OffsetForTimestamp(76)->timestamp, 80);
  EXPECT_EQ((*log)->OffsetForTimestamp(1000)->offset, -1);
}

}  // namespace
}  // namespace sluice::log
