#include "sluice/operators/sort.h"

#include <gtest/gtest.h>

#include "operator_harness.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::RowKind;
using types::Value;
using Rows = std::vector<std::string>;

types::SchemaPtr Schema() {
  static const auto schema = types::MakeSchema({{"k", DataType::String()}, {"v", DataType::Int()}});
  return schema;
}

planner::PlanPtr Node(std::vector<planner::SortKey> keys, int64_t limit, int64_t offset) {
  auto node = planner::NewNode(planner::NodeKind::kSort, {});
  node->schema = Schema();
  node->sort_keys = std::move(keys);
  node->limit = limit;
  node->offset = offset;
  return node;
}

std::vector<Value> Row(const char* k, std::optional<int64_t> v) {
  return {Value::String(k), v ? Value::Int(*v) : Value::Null()};
}

TEST(Sort, OrdersWithNullsLimitAndOffset) {
  // ORDER BY v DESC NULLS FIRST, k ASC LIMIT 4 OFFSET 1
  Sort op(*Node({{1, true, true}, {0, false, false}}, 4, 1));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(
      h.Process(MakeBatch(Schema(), {Row("b", 1), Row("a", 3), Row("z", std::nullopt)})).ok());
  ASSERT_TRUE(h.Process(MakeBatch(Schema(), {Row("c", 3), Row("B", 1), Row("a", 0)})).ok());
  EXPECT_TRUE(h.rows.empty());
  ASSERT_TRUE(h.End().ok());
  // Sorted: [z,NULL] [a,3] [c,3] [B,1] [b,1] [a,0]; offset 1, limit 4. 'B' < 'b' in byte order.
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 3]", "+I[c, 3]", "+I[B, 1]", "+I[b, 1]"}));
}

TEST(Sort, NullsLastAscendingIsStable) {
  Sort op(*Node({{1, false, false}}, -1, 0));
  OperatorHarness h(&op, Options(), absl::UTCTimeZone(), /*batch_size=*/2);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Schema(),
                                  {Row("x", std::nullopt), Row("b", 2), Row("a", 2), Row("c", 1)}))
                  .ok());
  ASSERT_TRUE(h.End().ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[c, 1]", "+I[b, 2]", "+I[a, 2]", "+I[x, NULL]"}));
  EXPECT_EQ(h.batches.size(), 2u);
}

TEST(Sort, RetractionsRemoveEarlierRows) {
  Sort op(*Node({{0, false, false}}, -1, 0));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Schema(), {Row("b", 1), Row("a", 1), Row("b", 1)})).ok());
  ASSERT_TRUE(h.Process(MakeBatch(Schema(),
                                  {Row("b", 1), Row("c", 2), Row("b", 2), Row("c", 2), Row("q", 9)},
                                  {RowKind::kUpdateBefore, RowKind::kUpdateAfter, RowKind::kInsert,
                                   RowKind::kDelete, RowKind::kDelete}))
                  .ok());
  ASSERT_TRUE(h.End().ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 1]", "+I[b, 1]", "+I[b, 2]"}));
  EXPECT_FALSE(h.batches[0].has_row_kinds());
}

TEST(Sort, WithoutKeysOnlyLimitsInArrivalOrder) {
  Sort op(*Node({}, 2, 1));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(
      h.Process(MakeBatch(Schema(), {Row("c", 1), Row("a", 2), Row("b", 3), Row("d", 4)})).ok());
  ASSERT_TRUE(h.End().ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 2]", "+I[b, 3]"}));
}

}  // namespace
}  // namespace sluice::operators
