#include "sluice/operators/regular_join.h"

#include <gtest/gtest.h>

#include "operator_harness.h"
#include "sluice/expr/function_registry.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::RowKind;
using types::Value;
using Rows = std::vector<std::string>;

constexpr RowKind kI = RowKind::kInsert;
constexpr RowKind kUB = RowKind::kUpdateBefore;
constexpr RowKind kUA = RowKind::kUpdateAfter;
constexpr RowKind kD = RowKind::kDelete;

// Left (id STRING, a INT) joins right (id STRING, b INT) on id.
types::SchemaPtr Left() {
  static const auto schema =
      types::MakeSchema({{"id", DataType::String()}, {"a", DataType::Int()}});
  return schema;
}
types::SchemaPtr Right() {
  static const auto schema =
      types::MakeSchema({{"id", DataType::String()}, {"b", DataType::Int()}});
  return schema;
}

planner::PlanPtr Join(planner::JoinKind kind, bool residual = false) {
  auto left = planner::NewNode(planner::NodeKind::kValues, {});
  left->schema = Left();
  auto right = planner::NewNode(planner::NodeKind::kValues, {});
  right->schema = Right();
  auto node = planner::NewNode(planner::NodeKind::kJoin, {left, right});
  node->join_kind = kind;
  node->left_keys = {0};
  node->right_keys = {0};
  node->schema = types::MakeSchema({{"id", DataType::String()},
                                    {"a", DataType::Int()},
                                    {"id0", DataType::String()},
                                    {"b", DataType::Int()}});
  if (residual) {  // a < b
    node->condition = expr::ResolveCall("<", {expr::MakeColumnRef(1, DataType::Int()),
                                              expr::MakeColumnRef(3, DataType::Int())})
                          .value();
  }
  return node;
}

std::vector<Value> Row(std::optional<const char*> id, int64_t v) {
  return {id ? Value::String(*id) : Value::Null(), Value::Int(v)};
}

types::Batch L(std::vector<std::vector<Value>> rows, std::vector<RowKind> kinds = {}) {
  return MakeBatch(Left(), rows, kinds);
}
types::Batch R(std::vector<std::vector<Value>> rows, std::vector<RowKind> kinds = {}) {
  return MakeBatch(Right(), rows, kinds);
}

TEST(RegularJoin, InnerJoinKeepsTheInputRowKind) {
  auto plan = Join(planner::JoinKind::kInner);
  RegularJoin op(*plan, false, 0);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(L({Row("k", 1), Row("x", 5)}), 0).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.Process(R({Row("k", 10), Row("k", 11)}), 1).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[k, 1, k, 10]", "+I[k, 1, k, 11]"}));
  ASSERT_TRUE(h.Process(L({Row("k", 1), Row("k", 2)}, {kUB, kUA}), 0).ok());
  EXPECT_EQ(h.TakeRows(),
            (Rows{"-U[k, 1, k, 10]", "-U[k, 1, k, 11]", "+U[k, 2, k, 10]", "+U[k, 2, k, 11]"}));
  ASSERT_TRUE(h.Process(R({Row("k", 10)}, {kD}), 1).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"-D[k, 2, k, 10]"}));
}

// LEFT JOIN: +I[l, null] until a match, then -D[l, null] +I[l, r]; losing the last match gives
// -D[l, r] +I[l, null]; retracting the left row deletes whatever it showed.
TEST(RegularJoin, LeftJoinRetractsItsNullPadding) {
  auto plan = Join(planner::JoinKind::kLeft);
  RegularJoin op(*plan, false, 0);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(L({Row("k", 1)}), 0).ok());
  ASSERT_TRUE(h.Process(R({Row("k", 10), Row("k", 11)}), 1).ok());
  ASSERT_TRUE(h.Process(R({Row("k", 10), Row("k", 11)}, {kD, kD}), 1).ok());
  ASSERT_TRUE(h.Process(L({Row("k", 1)}, {kD}), 0).ok());
  // A right row without a left partner shows nothing in a LEFT JOIN.
  ASSERT_TRUE(h.Process(R({Row("z", 1)}), 1).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[k, 1, NULL, NULL]", "-D[k, 1, NULL, NULL]", "+I[k, 1, k, 10]",
                                "+I[k, 1, k, 11]", "-D[k, 1, k, 10]", "-D[k, 1, k, 11]",
                                "+I[k, 1, NULL, NULL]", "-D[k, 1, NULL, NULL]"}));
  EXPECT_EQ(op.row_count(0), 0u);
}

TEST(RegularJoin, FullJoinPadsBothSidesAndNullKeysNeverMatch) {
  auto plan = Join(planner::JoinKind::kFull);
  RegularJoin op(*plan, false, 0);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(R({Row("k", 10), Row(std::nullopt, 7)}), 1).ok());
  ASSERT_TRUE(h.Process(L({Row("k", 1), Row("k", 1), Row(std::nullopt, 2)}), 0).ok());
  ASSERT_TRUE(h.Process(L({Row("k", 1)}, {kD}), 0).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[NULL, NULL, k, 10]", "+I[NULL, NULL, NULL, 7]",
                                "-D[NULL, NULL, k, 10]", "+I[k, 1, k, 10]", "+I[k, 1, k, 10]",
                                "+I[NULL, 2, NULL, NULL]", "-D[k, 1, k, 10]"}));
  // The right row still has one partner: no padding yet. Removing it pads the right row again.
  ASSERT_TRUE(h.Process(L({Row("k", 1)}, {kD}), 0).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"-D[k, 1, k, 10]", "+I[NULL, NULL, k, 10]"}));
}

TEST(RegularJoin, ResidualConditionFiltersPairs) {
  auto plan = Join(planner::JoinKind::kLeft, /*residual=*/true);
  RegularJoin op(*plan, false, 0);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(R({Row("k", 5), Row("k", 20)}), 1).ok());
  ASSERT_TRUE(h.Process(L({Row("k", 10), Row("k", 30)}), 0).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[k, 10, k, 20]", "+I[k, 30, NULL, NULL]"}));
}

TEST(RegularJoin, StateTtlForgetsRows) {
  auto plan = Join(planner::JoinKind::kInner);
  RegularJoin op(*plan, false, 10'000'000);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(L({Row("k", 1)}), 0).ok());
  h.timers().now += 11'000'000;
  ASSERT_TRUE(h.Process(R({Row("k", 10)}), 1).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.Process(L({Row("k", 2)}), 0).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[k, 2, k, 10]"}));
}

TEST(RegularJoin, BatchModeEmitsEachRowOnceAtTheEnd) {
  auto plan = Join(planner::JoinKind::kFull);
  RegularJoin op(*plan, true, 0);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(L({Row("k", 1), Row("a", 2)}), 0).ok());
  ASSERT_TRUE(h.Process(R({Row("k", 10), Row("b", 3)}), 1).ok());
  ASSERT_TRUE(h.End(0).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.End(1).ok());
  Rows rows = h.TakeRows();
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (Rows{"+I[NULL, NULL, b, 3]", "+I[a, 2, NULL, NULL]", "+I[k, 1, k, 10]"}));
}

}  // namespace
}  // namespace sluice::operators
