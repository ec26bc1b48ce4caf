#include "sluice/operators/interval_join.h"

#include <gtest/gtest.h>

#include "operator_harness.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using testing::Ts;
using types::DataType;
using types::Value;
using Rows = std::vector<std::string>;

// Left and right: (id STRING, ts TIMESTAMP(3) rowtime); lower = -10 min, upper = 0:
// r.ts BETWEEN l.ts AND l.ts + 10 min.
types::SchemaPtr Side() {
  static const auto schema =
      types::MakeSchema({{"id", DataType::String()}, {"ts", DataType::Timestamp(3)}});
  return schema;
}

planner::PlanPtr Join(planner::JoinKind kind) {
  auto left = planner::NewNode(planner::NodeKind::kValues, {});
  left->schema = Side();
  auto right = planner::NewNode(planner::NodeKind::kValues, {});
  right->schema = Side();
  auto node = planner::NewNode(planner::NodeKind::kJoin, {left, right});
  node->join_kind = kind;
  node->left_keys = {0};
  node->right_keys = {0};
  node->interval_left_time = 1;
  node->interval_right_time = 1;
  node->interval_lower = -600'000'000;
  node->interval_upper = 0;
  node->schema = types::MakeSchema({{"id", DataType::String()},
                                    {"ts", DataType::Timestamp(3)},
                                    {"id0", DataType::String()},
                                    {"ts0", DataType::Timestamp(3)}});
  return node;
}

types::Batch Rows1(const char* id, const char* ts) {
  return MakeBatch(Side(), {{Value::String(id), Value::Int(Ts(ts))}});
}

TEST(IntervalJoin, MatchesWithinTheBoundsAndPadsWhenTheWatermarkPasses) {
  auto plan = Join(planner::JoinKind::kFull);
  IntervalJoin op(*plan);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Rows1("k", "2024-01-01 10:00:00.000"), 0).ok());
  ASSERT_TRUE(h.Process(Rows1("k", "2024-01-01 10:10:00.000"), 1).ok());  // the upper bound
  ASSERT_TRUE(h.Process(Rows1("k", "2024-01-01 10:11:00.000"), 1).ok());  // too late for it
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[k, 2024-01-01 10:00:00.000, k, 2024-01-01 10:10:00.000]"}));
  // The left row waits 10 minutes after its time for right rows; the unmatched right row at
  // 10:11 waits for left rows up to its own time.
  ASSERT_TRUE(h.Watermark(Ts("2024-01-01 10:11:00.000")).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.Watermark(Ts("2024-01-01 10:11:00.001")).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[NULL, NULL, k, 2024-01-01 10:11:00.000]"}));
  EXPECT_EQ(op.row_count(0), 0u);  // the left row expired with the watermark (matched: no padding)
  EXPECT_EQ(op.row_count(1), 0u);
  // Output watermarks trail by the larger span (10 minutes).
  EXPECT_EQ(h.watermarks.back(), Ts("2024-01-01 10:01:00.001"));
}

TEST(IntervalJoin, ALateRowMeetsWhatIsLeftAndAnOuterOneIsPaddedAtOnce) {
  auto plan = Join(planner::JoinKind::kLeft);
  IntervalJoin op(*plan);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Watermark(Ts("2024-01-01 11:00:00.000")).ok());
  // No right row can still come for a left row of 10:00 (its interval ended at 10:10).
  ASSERT_TRUE(h.Process(Rows1("k", "2024-01-01 10:00:00.000"), 0).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[k, 2024-01-01 10:00:00.000, NULL, NULL]"}));
  EXPECT_EQ(op.row_count(0), 0u);
  // A right row at 11:05 is kept for left rows up to 11:05.
  ASSERT_TRUE(h.Process(Rows1("k", "2024-01-01 11:05:00.000"), 1).ok());
  ASSERT_TRUE(h.Process(Rows1("k", "2024-01-01 10:58:00.000"), 0).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[k, 2024-01-01 10:58:00.000, k, 2024-01-01 11:05:00.000]"}));
}

}  // namespace
}  // namespace sluice::operators
