#include "sluice/operators/deduplicate.h"

#include <gtest/gtest.h>

#include "operator_harness.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::Value;
using Rows = std::vector<std::string>;

constexpr int64_t kSecond = 1'000'000;

// Input (k STRING, v INT, pt TIMESTAMP_LTZ(3) *PROCTIME* or ts TIMESTAMP(3) *ROWTIME*).
planner::PlanPtr Node(bool rowtime, bool keep_last) {
  DataType time =
      rowtime ? DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)
              : DataType::TimestampLtz(3).WithTimeAttribute(types::TimeAttribute::kProctime);
  auto input = planner::NewNode(planner::NodeKind::kValues, {});
  input->schema =
      types::MakeSchema({{"k", DataType::String()}, {"v", DataType::Int()}, {"t", time}});
  auto node = planner::NewNode(planner::NodeKind::kDeduplicate, {input});
  node->schema = input->schema;
  node->partition_keys = {0};
  node->time_column = 2;
  node->keep_last = keep_last;
  return node;
}

types::Batch Rows2(const planner::PlanPtr& node, std::vector<std::vector<Value>> rows) {
  return MakeBatch(node->schema, rows);
}

std::vector<Value> Row(const char* k, int64_t v, int64_t t = 0) {
  return {Value::String(k), Value::Int(v), Value::Int(t)};
}

TEST(Deduplicate, ProctimeKeepFirstIsInsertOnly) {
  auto node = Node(false, false);
  Deduplicate op(*node, false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Rows2(node, {Row("a", 1), Row("b", 2), Row("a", 3)})).ok());
  EXPECT_EQ(h.TakeRows(),
            (Rows{"+I[a, 1, 1970-01-01 00:00:00.000]", "+I[b, 2, 1970-01-01 00:00:00.000]"}));
}

TEST(Deduplicate, RowtimeKeepLastReplacesOnTies) {
  auto node = Node(true, true);
  Deduplicate op(*node, false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Rows2(node, {Row("a", 1, 5), Row("a", 2, 4), Row("a", 3, 5)})).ok());
  EXPECT_EQ(h.TakeRows(),
            (Rows{"+I[a, 1, 1970-01-01 00:00:00.000]", "-U[a, 1, 1970-01-01 00:00:00.000]",
                  "+U[a, 3, 1970-01-01 00:00:00.000]"}));
}

// table.exec.state.ttl: keep-first state is written once, so the key starts over ttl after its
// first row; keep-last state is refreshed by every row.
TEST(Deduplicate, StateTtlExpiresKeysAfterTheirLastWrite) {
  auto first_node = Node(false, false);
  Deduplicate first(*first_node, false, 10 * kSecond);
  OperatorHarness h(&first);
  ASSERT_TRUE(h.Open().ok());
  const int64_t start = h.timers().now;
  ASSERT_TRUE(h.Process(Rows2(first_node, {Row("a", 1)})).ok());
  h.timers().now = start + 9 * kSecond;
  ASSERT_TRUE(h.Process(Rows2(first_node, {Row("a", 2)})).ok());
  h.timers().now = start + 10 * kSecond;
  ASSERT_TRUE(h.Process(Rows2(first_node, {Row("a", 3)})).ok());
  EXPECT_EQ(h.TakeRows(),
            (Rows{"+I[a, 1, 1970-01-01 00:00:00.000]", "+I[a, 3, 1970-01-01 00:00:00.000]"}));

  auto last_node = Node(false, true);
  Deduplicate last(*last_node, false, 10 * kSecond);
  OperatorHarness g(&last);
  ASSERT_TRUE(g.Open().ok());
  ASSERT_TRUE(g.Process(Rows2(last_node, {Row("a", 1)})).ok());
  g.timers().now = start + 9 * kSecond;
  ASSERT_TRUE(g.Process(Rows2(last_node, {Row("a", 2)})).ok());
  g.timers().now = start + 18 * kSecond;  // 9 s after the last write: still alive
  ASSERT_TRUE(g.Process(Rows2(last_node, {Row("a", 3)})).ok());
  g.timers().now = start + 40 * kSecond;  // expired (and swept): starts over with +I
  ASSERT_TRUE(g.Process(Rows2(last_node, {Row("b", 9)})).ok());
  ASSERT_TRUE(g.Process(Rows2(last_node, {Row("a", 4)})).ok());
  EXPECT_EQ(g.TakeRows(),
            (Rows{"+I[a, 1, 1970-01-01 00:00:00.000]", "-U[a, 1, 1970-01-01 00:00:00.000]",
                  "+U[a, 2, 1970-01-01 00:00:00.000]", "-U[a, 2, 1970-01-01 00:00:00.000]",
                  "+U[a, 3, 1970-01-01 00:00:00.000]", "+I[b, 9, 1970-01-01 00:00:00.000]",
                  "+I[a, 4, 1970-01-01 00:00:00.000]"}));
}

}  // namespace
}  // namespace sluice::operators
