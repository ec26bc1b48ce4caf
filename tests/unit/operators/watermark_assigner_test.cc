#include "sluice/operators/watermark_assigner.h"

#include <gtest/gtest.h>

#include "operator_harness.h"
#include "sluice/expr/function_registry.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::Value;

constexpr int64_t kSecond = 1'000'000;

types::SchemaPtr Schema() {
  static const auto schema = types::MakeSchema(
      {{"ts", DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)},
       {"v", DataType::Int()}});
  return schema;
}

// WATERMARK FOR ts AS ts (or ts - INTERVAL `delay`).
planner::PlanPtr Node(int64_t delay = 0) {
  auto node = planner::NewNode(planner::NodeKind::kWatermarkAssigner, {});
  node->schema = Schema();
  node->rowtime_column = 0;
  auto ts = expr::MakeColumnRef(0, Schema()->field(0).type);
  if (delay == 0) {
    node->watermark = ts;
  } else {
    auto call = expr::ResolveCall(
        "-", {ts, expr::MakeLiteral(Value::Int(delay), DataType::IntervalDayTime())});
    EXPECT_TRUE(call.ok()) << call.status();
    node->watermark = *call;
  }
  return node;
}

types::Batch Times(std::vector<std::optional<int64_t>> times) {
  std::vector<std::vector<Value>> rows;
  for (auto t : times) rows.push_back({t ? Value::Int(*t) : Value::Null(), Value::Int(1)});
  return MakeBatch(Schema(), rows);
}

WatermarkOptions Every(int64_t interval, int64_t idle = 0) {
  WatermarkOptions options;
  options.interval_micros = interval;
  options.idle_timeout_micros = idle;
  return options;
}

TEST(WatermarkAssigner, ZeroIntervalEmitsAfterEveryRisingBatch) {
  WatermarkAssigner op(*Node(5 * kSecond), Every(0));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Times({10 * kSecond, 30 * kSecond, std::nullopt, 20 * kSecond})).ok());
  ASSERT_TRUE(h.Process(Times({12 * kSecond})).ok());
  ASSERT_TRUE(h.Process(Times({std::nullopt})).ok());
  ASSERT_TRUE(h.Process(Times({40 * kSecond})).ok());
  EXPECT_EQ(h.watermarks, (std::vector<int64_t>{25 * kSecond, 35 * kSecond}));
  EXPECT_EQ(h.rows.size(), 7u);  // rows pass through, NULL rowtimes included
  EXPECT_TRUE(h.timers().timers.empty());
}

TEST(WatermarkAssigner, MinimumOverSplits) {
  WatermarkAssigner op(*Node(), Every(0));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  h.context().current_split = 0;
  ASSERT_TRUE(h.Process(Times({10 * kSecond})).ok());
  h.context().current_split = 1;
  ASSERT_TRUE(h.Process(Times({5 * kSecond})).ok());
  ASSERT_TRUE(h.Process(Times({20 * kSecond})).ok());
  h.context().current_split = 0;
  ASSERT_TRUE(h.Process(Times({30 * kSecond})).ok());
  // Split 1 did not exist for the first watermark (documented simplification); afterwards the
  // minimum over both splits rules and the watermark never goes back.
  EXPECT_EQ(h.watermarks, (std::vector<int64_t>{10 * kSecond, 20 * kSecond}));
}

TEST(WatermarkAssigner, IdleSplitsDoNotHoldTheWatermarkBack) {
  WatermarkAssigner op(*Node(), Every(0, kSecond));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  const int64_t start = h.timers().now;
  h.context().current_split = 0;
  ASSERT_TRUE(h.Process(Times({5 * kSecond})).ok());
  h.timers().now = start + 900'000;
  h.context().current_split = 1;
  ASSERT_TRUE(h.Process(Times({20 * kSecond})).ok());
  EXPECT_EQ(h.watermarks, (std::vector<int64_t>{5 * kSecond}));
  ASSERT_FALSE(h.timers().timers.empty());
  EXPECT_EQ(h.timers().timers.front(), start + kSecond);
  // Split 0 turns idle at start + 1 s; split 1 is still active.
  ASSERT_TRUE(h.AdvanceTime(start + 1'500'000).ok());
  EXPECT_EQ(h.watermarks, (std::vector<int64_t>{5 * kSecond, 20 * kSecond}));
  EXPECT_EQ(h.timers().timers.back(), start + 1'900'000);  // when split 1 would turn idle
  // Every split idle: nothing to emit.
  ASSERT_TRUE(h.AdvanceTime(start + 3 * kSecond).ok());
  EXPECT_EQ(h.watermarks.size(), 2u);
}

TEST(WatermarkAssigner, PeriodicEmissionFromTimer) {
  WatermarkAssigner op(*Node(), Every(200'000));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  const int64_t start = h.timers().now;
  EXPECT_EQ(h.timers().timers, (std::vector<int64_t>{start + 200'000}));
  ASSERT_TRUE(h.Process(Times({10 * kSecond})).ok());
  ASSERT_TRUE(h.Process(Times({11 * kSecond})).ok());
  EXPECT_TRUE(h.watermarks.empty());
  ASSERT_TRUE(h.AdvanceTime(start + 200'000).ok());
  EXPECT_EQ(h.watermarks, (std::vector<int64_t>{11 * kSecond}));
  EXPECT_EQ(h.timers().timers.back(), start + 400'000);
  ASSERT_TRUE(h.AdvanceTime(start + 400'000).ok());
  EXPECT_EQ(h.watermarks.size(), 1u);  // not risen: not emitted again
}

TEST(WatermarkAssigner, BatchModeEmitsNoWatermark) {
  WatermarkOptions options = Every(0);
  options.batch_mode = true;
  WatermarkAssigner op(*Node(), options);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(Times({10 * kSecond})).ok());
  EXPECT_TRUE(h.watermarks.empty());
  EXPECT_EQ(h.rows.size(), 1u);
}

}  // namespace
}  // namespace sluice::operators
