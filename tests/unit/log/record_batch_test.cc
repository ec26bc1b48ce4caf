#include "sluice/log/record_batch.h"

#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "sluice/log/byte_reader.h"
#include "sluice/log/byte_writer.h"

namespace sluice::log {
namespace {

TEST(ByteCodecTest, VarintsRoundTrip) {
  std::string buffer;
  ByteWriter w(&buffer);
  const int64_t values[] = {0,
                            1,
                            -1,
                            63,
                            -64,
                            64,
                            300,
                            -300,
                            std::numeric_limits<int64_t>::max(),
                            std::numeric_limits<int64_t>::min()};
  for (int64_t v : values) w.Varint(v);
  w.UnsignedVarint(0xffffffffffffffffULL);
  ByteReader r(buffer);
  for (int64_t v : values) EXPECT_EQ(r.Varint(), v);
  EXPECT_EQ(r.UnsignedVarint(), 0xffffffffffffffffULL);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
  // Zig-zag: -1 is one byte 0x01, 1 is 0x02.
  std::string small;
  ByteWriter(&small).Varint(-1);
  EXPECT_EQ(small, std::string("\x01", 1));
}

TEST(ByteCodecTest, ShortReadIsSticky) {
  std::string buffer(
      "\x00\x05"
      "ab",
      4);
  ByteReader r(buffer);
  EXPECT_EQ(r.String(), "");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.Int32(), 0);
}

TEST(RecordBatchTest, BuildParseAndRead) {
  RecordBatchBuilder builder;
  builder.Add(1000, "k1", "v1");
  builder.Add(1005, std::nullopt, "v2", {{"h", "x"}, {"n", std::nullopt}});
  builder.Add(999, "k3", std::nullopt);
  std::string batch = builder.Finish();
  auto header = ParseBatchHeader(batch);
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->total_size(), batch.size());
  EXPECT_EQ(header->record_count, 3);
  EXPECT_EQ(header->last_offset_delta, 2);
  EXPECT_EQ(header->base_timestamp, 1000);
  EXPECT_EQ(header->max_timestamp, 1005);
  EXPECT_FALSE(header->idempotent());
  EXPECT_TRUE(BatchCrcMatches(batch));

  StampBaseOffset(batch.data(), 42);
  EXPECT_TRUE(BatchCrcMatches(batch)) << "base offset is outside the CRC";
  auto reader = RecordReader::Open(batch);
  ASSERT_TRUE(reader.ok());
  Record record;
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(record.offset, 42);
  EXPECT_EQ(record.timestamp, 1000);
  EXPECT_EQ(*record.key, "k1");
  EXPECT_EQ(*record.value, "v1");
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(record.offset, 43);
  EXPECT_FALSE(record.key.has_value());
  ASSERT_EQ(record.headers.size(), 2u);
  EXPECT_EQ(record.headers[0].key, "h");
  EXPECT_EQ(*record.headers[0].value, "x");
  EXPECT_FALSE(record.headers[1].value.has_value());
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(record.timestamp, 999);
  EXPECT_FALSE(record.value.has_value());
  EXPECT_FALSE(reader->Next(&record));
  EXPECT_TRUE(reader->status().ok());
}

TEST(RecordBatchTest, CorruptionIsDetected) {
  RecordBatchBuilder builder;
  for (int i = 0; i < 10; ++i) builder.Add(i, std::nullopt, "value-" + std::to_string(i));
  std::string batch = builder.Finish();
  std::string two = batch + batch;
  auto split = SplitBatches(two);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->size(), 2u);

  std::string flipped = batch;
  flipped[batch.size() - 3] ^= 0x40;
  EXPECT_FALSE(BatchCrcMatches(flipped));
  EXPECT_FALSE(SplitBatches(flipped).ok());
  EXPECT_FALSE(SplitBatches(std::string_view(batch).substr(0, batch.size() - 1)).ok());
  std::string old_magic = batch;
  old_magic[kMagicOffset] = 1;
  EXPECT_FALSE(ParseBatchHeader(old_magic).ok());
}

TEST(RecordBatchTest, IdempotentAndControlBatches) {
  RecordBatchBuilder builder({7, 2, 10, true});
  builder.Add(5, "a", "b");
  builder.Add(6, "a", "c");
  auto header = ParseBatchHeader(builder.Finish());
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->producer_id, 7);
  EXPECT_EQ(header->producer_epoch, 2);
  EXPECT_EQ(header->base_sequence, 10);
  EXPECT_EQ(header->last_sequence(), 11);
  EXPECT_TRUE(header->transactional());
  EXPECT_FALSE(header->control());

  std::string marker = RecordBatchBuilder::ControlBatch(7, 2, ControlType::kCommit, 100);
  auto control = ParseBatchHeader(marker);
  ASSERT_TRUE(control.ok());
  EXPECT_TRUE(control->control());
  EXPECT_TRUE(control->transactional());
  EXPECT_TRUE(BatchCrcMatches(marker));
  auto type = ReadControlType(marker);
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(*type, ControlType::kCommit);
  EXPECT_EQ(*ReadControlType(RecordBatchBuilder::ControlBatch(7, 2, ControlType::kAbort, 1)),
            ControlType::kAbort);
}

}  // namespace
}  // namespace sluice::log
