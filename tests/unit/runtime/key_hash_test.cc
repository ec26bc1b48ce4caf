#include "sluice/runtime/key_hash.h"

#include "gtest/gtest.h"
#include "sluice/common/hashing.h"
#include "sluice/runtime/partitioner.h"

namespace sluice::runtime {
namespace {

using types::Batch;
using types::DataType;

Batch TwoKeyBatch() {
  Batch batch(types::MakeSchema(
      {{"i", DataType::Int()}, {"b", DataType::BigInt()}, {"s", DataType::String()}}));
  for (int i = 0; i < 6; ++i) {
    batch.columns[0]->Append<int32_t>(i - 3);
    batch.columns[1]->Append<int64_t>(i - 3);
    batch.columns[2]->AppendString("k" + std::to_string(i % 3));
  }
  batch.columns[2]->SetNull(5);
  batch.SyncRowCount();
  return batch;
}

TEST(KeyHashTest, IntegerWidthsAgreeAndNullsHashToAFixedValue) {
  Batch batch = TwoKeyBatch();
  std::vector<uint64_t> by_int, by_bigint, by_string;
  HashKeyColumns(batch, {0}, &by_int);
  HashKeyColumns(batch, {1}, &by_bigint);
  HashKeyColumns(batch, {2}, &by_string);
  ASSERT_EQ(by_int.size(), 6u);
  EXPECT_EQ(by_int, by_bigint);
  EXPECT_EQ(by_int[0], HashCombine(0, HashInt(static_cast<uint64_t>(int64_t{-3}))));
  EXPECT_EQ(by_string[0], by_string[3]);  // "k0" twice
  EXPECT_NE(by_string[0], by_string[1]);
  EXPECT_EQ(by_string[5], HashCombine(0, kNullKeyHash));
}

TEST(KeyHashTest, CompositeKeysDependOnEveryColumn) {
  Batch batch = TwoKeyBatch();
  std::vector<uint64_t> one, both;
  HashKeyColumns(batch, {1}, &one);
  HashKeyColumns(batch, {1, 2}, &both);
  EXPECT_NE(one, both);
}

TEST(KeyHashTest, KeyGroupRangesMatchSubtaskOfKeyGroup) {
  for (int parallelism : {1, 2, 3, 7, 128}) {
    int expected_first = 0;
    for (int subtask = 0; subtask < parallelism; ++subtask) {
      KeyGroupRange range = KeyGroupRangeOf(subtask, parallelism, 128);
      EXPECT_EQ(range.first, expected_first);
      for (int group = range.first; group <= range.last; ++group) {
        EXPECT_EQ(SubtaskOfKeyGroup(group, 128, parallelism), subtask);
      }
      expected_first = range.last + 1;
    }
    EXPECT_EQ(expected_first, 128);
  }
}

TEST(PartitionerTest, HashSplitsRowsByOwnerAndKeepsAll) {
  Batch batch = TwoKeyBatch();
  Partitioner partitioner(PartitionerKind::kHash, {1}, 0, 3, 128);
  std::vector<std::pair<int, Batch>> routed;
  partitioner.Route(batch, &routed);
  std::vector<uint64_t> hashes;
  HashKeyColumns(batch, {1}, &hashes);
  size_t rows = 0;
  for (auto& [target, part] : routed) {
    ASSERT_GT(part.num_rows, 0u);
    std::vector<uint64_t> part_hashes;
    HashKeyColumns(part, {1}, &part_hashes);
    for (uint64_t hash : part_hashes) {
      EXPECT_EQ(SubtaskOfKeyGroup(KeyGroupOf(hash, 128), 128, 3), target);
    }
    rows += part.num_rows;
  }
  EXPECT_EQ(rows, batch.num_rows);
}

TEST(PartitionerTest, RebalanceRotatesAndBroadcastSharesColumns) {
  Partitioner rebalance(PartitionerKind::kRebalance, {}, 1, 3, 128);
  std::vector<std::pair<int, Batch>> routed;
  for (int i = 0; i < 3; ++i) rebalance.Route(TwoKeyBatch(), &routed);
  ASSERT_EQ(routed.size(), 3u);
  EXPECT_EQ(routed[0].first, 1);
  EXPECT_EQ(routed[1].first, 2);
  EXPECT_EQ(routed[2].first, 0);

  routed.clear();
  Batch batch = TwoKeyBatch();
  const types::Column* column = batch.columns[0].get();
  Partitioner broadcast(PartitionerKind::kBroadcast, {}, 0, 2, 128);
  broadcast.Route(std::move(batch), &routed);
  ASSERT_EQ(routed.size(), 2u);
  EXPECT_EQ(routed[0].second.columns[0].get(), column);
  EXPECT_EQ(routed[1].second.columns[0].get(), column);
}

}  // namespace
}  // namespace sluice::runtime
