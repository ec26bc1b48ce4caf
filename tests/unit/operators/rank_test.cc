#include "sluice/operators/rank.h"

#include <gtest/gtest.h>

#include "operator_harness.h"
#include "sluice/operators/updatable_rank.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::RowKind;
using types::Value;
using Rows = std::vector<std::string>;

constexpr int64_t kSecond = 1'000'000;

// Input (k STRING, v INT); Top-N of v DESC per k.
planner::PlanPtr Node(int64_t n, bool rank_column) {
  auto input = planner::NewNode(planner::NodeKind::kValues, {});
  input->schema = types::MakeSchema({{"k", DataType::String()}, {"v", DataType::Int()}});
  auto node = planner::NewNode(planner::NodeKind::kRank, {input});
  std::vector<types::Field> fields = input->schema->fields();
  if (rank_column) fields.push_back({"rn", DataType::BigInt().WithNullable(false)});
  node->schema = types::MakeSchema(fields);
  node->partition_keys = {0};
  planner::SortKey key;
  key.column = 1;
  key.descending = true;
  node->sort_keys = {key};
  node->rank_end = n;
  node->output_rank_number = rank_column;
  return node;
}

types::Batch Batch(const planner::PlanPtr& node, std::vector<std::pair<const char*, int>> rows,
                   std::vector<RowKind> kinds = {}) {
  std::vector<std::vector<Value>> values;
  for (const auto& [k, v] : rows) values.push_back({Value::String(k), Value::Int(v)});
  return MakeBatch(node->inputs[0]->schema, values, kinds);
}

TEST(Rank, AppendOnlyWithoutRankColumnDeletesThePushedOutRow) {
  auto node = Node(2, false);
  Rank op(*node, false, false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Batch(node, {{"a", 1}, {"a", 3}, {"a", 2}, {"a", 2}})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 1]", "+I[a, 3]", "-D[a, 1]", "+I[a, 2]"}));
}

TEST(Rank, RetractWithRankColumnShiftsRowsUp) {
  auto node = Node(2, true);
  Rank op(*node, true, false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Batch(node, {{"a", 3}, {"a", 2}, {"a", 1}})).ok());
  h.TakeRows();
  ASSERT_TRUE(h.Process(Batch(node, {{"a", 3}}, {RowKind::kDelete})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"-U[a, 3, 1]", "+U[a, 2, 1]", "-U[a, 2, 2]", "+U[a, 1, 2]"}));
}

TEST(Rank, StateTtlStartsAnExpiredPartitionOver) {
  auto node = Node(1, false);
  Rank op(*node, false, false, 10 * kSecond);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  const int64_t start = h.timers().now;
  ASSERT_TRUE(h.Process(Batch(node, {{"a", 5}})).ok());
  h.timers().now = start + 5 * kSecond;
  ASSERT_TRUE(h.Process(Batch(node, {{"a", 4}})).ok());  // not better: nothing
  h.timers().now = start + 15 * kSecond;                 // 10 s after the last row: expired
  ASSERT_TRUE(h.Process(Batch(node, {{"a", 1}})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 5]", "+I[a, 1]"}));
}

TEST(UpdatableRank, UpsertsByUniqueKey) {
  auto node = Node(2, false);
  auto mutable_node = std::const_pointer_cast<planner::PlanNode>(node);
  mutable_node->partition_keys = {};
  mutable_node->rank_unique_key = {0};
  UpdatableRank op(*node, false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Batch(node, {{"a", 1}, {"b", 1}, {"a", 1}, {"a", 2}, {"c", 3}},
                              {RowKind::kInsert, RowKind::kInsert, RowKind::kUpdateBefore,
                               RowKind::kUpdateAfter, RowKind::kInsert}))
                  .ok());
  EXPECT_EQ(h.TakeRows(),
            (Rows{"+I[a, 1]", "+I[b, 1]", "-U[a, 1]", "+U[a, 2]", "-D[b, 1]", "+I[c, 3]"}));
}

}  // namespace
}  // namespace sluice::operators
