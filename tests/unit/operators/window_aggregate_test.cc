#include "sluice/operators/window_aggregate.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "operator_harness.h"
#include "sluice/operators/group_window_aggregate.h"

namespace sluice::operators {
namespace {

using planner::AggregateCall;
using planner::AggregateKind;
using testing::MakeBatch;
using testing::OperatorHarness;
using testing::Ts;
using types::DataType;
using types::Value;
using Rows = std::vector<std::string>;

AggregateCall Call(AggregateKind kind, int argument, DataType result, bool distinct = false,
                   int filter = -1) {
  AggregateCall call;
  call.kind = kind;
  call.argument = argument;
  call.result_type = result;
  call.distinct = distinct;
  call.filter = filter;
  return call;
}

// Input (ts, k STRING, v BIGINT, f BOOLEAN).
types::SchemaPtr Input(bool ltz = false) {
  DataType time = ltz ? DataType::TimestampLtz(3) : DataType::Timestamp(3);
  return types::MakeSchema({{"ts", time.WithTimeAttribute(types::TimeAttribute::kRowtime)},
                            {"k", DataType::String()},
                            {"v", DataType::BigInt()},
                            {"f", DataType::Boolean()}});
}

planner::PlanPtr Node(const planner::WindowSpec& window, std::vector<int> keys,
                      std::vector<AggregateCall> calls) {
  const bool ltz = window.ltz;
  auto node = planner::NewNode(planner::NodeKind::kWindowAggregate, {});
  node->window = window;
  node->time_column = 0;
  std::vector<types::Field> fields;
  for (int k : keys) fields.push_back(Input()->field(k));
  for (size_t i = 0; i < calls.size(); ++i) {
    fields.push_back({"a" + std::to_string(i), calls[i].result_type});
  }
  DataType bound = DataType::Timestamp(3).WithNullable(false);
  fields.push_back({"window_start", bound});
  fields.push_back({"window_end", bound});
  fields.push_back({"window_time", (ltz ? DataType::TimestampLtz(3) : DataType::Timestamp(3))
                                       .WithTimeAttribute(types::TimeAttribute::kRowtime)});
  node->group_keys = std::move(keys);
  node->aggregates = std::move(calls);
  node->schema = types::MakeSchema(fields);
  return node;
}

planner::PlanPtr Node(int64_t size, std::vector<int> keys, std::vector<AggregateCall> calls,
                      bool ltz = false) {
  planner::WindowSpec window;
  window.size = size;
  window.ltz = ltz;
  return Node(window, std::move(keys), std::move(calls));
}

std::vector<Value> Row(int64_t ts, const char* k, std::optional<int64_t> v, bool f = true) {
  return {Value::Int(ts), Value::String(k), v ? Value::Int(*v) : Value::Null(), Value::Bool(f)};
}

constexpr int64_t kSecond = 1'000'000;

TEST(WindowAggregate, TumbleFiresOnWatermarkAndDropsLateRows) {
  WindowAggregate op(*Node(10 * kSecond, {1},
                           {Call(AggregateKind::kCountStar, -1, DataType::BigInt()),
                            Call(AggregateKind::kSum, 2, DataType::BigInt())}));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  // Out of order within and across windows.
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(Ts("2021-04-13 10:00:01"), "a", 1),
                                            Row(Ts("2021-04-13 10:00:12"), "b", 2),
                                            Row(Ts("2021-04-13 10:00:03"), "a", 3),
                                            Row(Ts("2021-04-13 10:00:05"), "b", 4)}))
                  .ok());
  EXPECT_EQ(op.open_windows(), 2u);
  ASSERT_TRUE(h.Watermark(Ts("2021-04-13 10:00:09.998")).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.Watermark(Ts("2021-04-13 10:00:09.999")).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 2, 4, 2021-04-13 10:00:00.000, 2021-04-13 10:00:10.000, "
                                "2021-04-13 10:00:09.999]",
                                "+I[b, 1, 4, 2021-04-13 10:00:00.000, 2021-04-13 10:00:10.000, "
                                "2021-04-13 10:00:09.999]"}));
  EXPECT_EQ(op.open_windows(), 1u);

  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(Ts("2021-04-13 10:00:08"), "a", 1),
                                            Row(Ts("2021-04-13 10:00:15"), "a", 10),
                                            Row(Ts("2021-04-13 10:00:09.999"), "c", 1)}))
                  .ok());
  EXPECT_EQ(h.metrics().late_rows_dropped, 2);
  ASSERT_TRUE(h.Watermark(runtime::kMaxWatermark).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[b, 1, 2, 2021-04-13 10:00:10.000, 2021-04-13 10:00:20.000, "
                                "2021-04-13 10:00:19.999]",
                                "+I[a, 1, 10, 2021-04-13 10:00:10.000, 2021-04-13 10:00:20.000, "
                                "2021-04-13 10:00:19.999]"}));
  EXPECT_EQ(op.open_windows(), 0u);
}

TEST(WindowAggregate, WindowsFireInEndOrder) {
  WindowAggregate op(*Node(kSecond, {}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(
      h.Process(MakeBatch(Input(), {Row(3 * kSecond, "a", 1), Row(1 * kSecond, "a", 1),
                                    Row(2 * kSecond + 5, "a", 1), Row(1 * kSecond, "a", 1)}))
          .ok());
  ASSERT_TRUE(h.Watermark(runtime::kMaxWatermark).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[2, 1970-01-01 00:00:01.000, 1970-01-01 00:00:02.000, "
                                "1970-01-01 00:00:01.999]",
                                "+I[1, 1970-01-01 00:00:02.000, 1970-01-01 00:00:03.000, "
                                "1970-01-01 00:00:02.999]",
                                "+I[1, 1970-01-01 00:00:03.000, 1970-01-01 00:00:04.000, "
                                "1970-01-01 00:00:03.999]"}));
}

TEST(WindowAggregate, LocalTimeZoneAlignsDailyWindowsAtLocalMidnight) {
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  WindowAggregate op(*Node(24 * 3600 * kSecond, {1},
                           {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}, true));
  OperatorHarness h(&op, Options(), shanghai);
  ASSERT_TRUE(h.Open().ok());
  // Instants (UTC): 15:30 is 23:30 in Shanghai (April 13), 16:30 is 00:30 on April 14.
  ASSERT_TRUE(h.Process(MakeBatch(Input(true), {Row(Ts("2021-04-13 15:30:00"), "a", 1),
                                                Row(Ts("2021-04-13 16:30:00"), "a", 1),
                                                Row(Ts("2021-04-13 01:00:00"), "a", 1)}))
                  .ok());
  // The April 13 local window ends at 16:00 UTC: its window_time is 15:59:59.999 UTC.
  ASSERT_TRUE(h.Watermark(Ts("2021-04-13 15:59:59.998")).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.Watermark(Ts("2021-04-13 15:59:59.999")).ok());
  // window_time is a TIMESTAMP_LTZ, rendered in the session zone.
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 2, 2021-04-13 00:00:00.000, 2021-04-14 00:00:00.000, "
                                "2021-04-13 23:59:59.999]"}));
  ASSERT_TRUE(h.Watermark(runtime::kMaxWatermark).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 1, 2021-04-14 00:00:00.000, 2021-04-15 00:00:00.000, "
                                "2021-04-14 23:59:59.999]"}));
  EXPECT_EQ(h.batches.back().columns[4]->data<int64_t>()[0], Ts("2021-04-14 15:59:59.999"));
}

TEST(WindowAggregate, AllAggregateKindsDistinctAndFilter) {
  WindowAggregate op(*Node(10 * kSecond, {1},
                           {Call(AggregateKind::kCount, 2, DataType::BigInt(), true),
                            Call(AggregateKind::kMin, 1, DataType::String()),
                            Call(AggregateKind::kMax, 2, DataType::BigInt()),
                            Call(AggregateKind::kAvg, 2, DataType::BigInt()),
                            Call(AggregateKind::kSum, 2, DataType::BigInt(), false, 3),
                            Call(AggregateKind::kCount, 2, DataType::BigInt())}));
  OperatorHarness h(&op, Options(), absl::UTCTimeZone(), /*batch_size=*/2);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(1, "a", 5, true), Row(2, "a", 5, false),
                                            Row(3, "a", 2, true), Row(4, "b", std::nullopt),
                                            Row(5, "c", -7, false)}))
                  .ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(6, "a", 2, false), Row(7, "a", 9, true)})).ok());
  ASSERT_TRUE(h.Watermark(runtime::kMaxWatermark).ok());
  const std::string window =
      "1970-01-01 00:00:00.000, 1970-01-01 00:00:10.000, 1970-01-01 00:00:09.999";
  // COUNT(DISTINCT v), MIN(k), MAX(v), AVG(v) (integer), SUM(v) FILTER f, COUNT(v).
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 3, a, 9, 4, 16, 5, " + window + "]",
                                "+I[b, 0, b, NULL, NULL, NULL, 0, " + window + "]",
                                "+I[c, 1, c, -7, -7, NULL, 1, " + window + "]"}));
  EXPECT_EQ(h.batches.size(), 2u);  // three keys in batches of two
}

TEST(WindowAggregate, ManyKeysAcrossBatches) {
  WindowAggregate op(*Node(10 * kSecond, {2},
                           {Call(AggregateKind::kCountStar, -1, DataType::BigInt()),
                            Call(AggregateKind::kSum, 2, DataType::BigInt())}));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  for (int b = 0; b < 10; ++b) {
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 1000; ++i) rows.push_back(Row(b * kSecond + i, "x", i % 100));
    ASSERT_TRUE(h.Process(MakeBatch(Input(), rows)).ok());
  }
  ASSERT_TRUE(h.Watermark(runtime::kMaxWatermark).ok());
  ASSERT_EQ(h.rows.size(), 100u);
  // Keys in first-seen order; each seen 10 times per batch over 10 batches.
  EXPECT_EQ(h.rows[0].substr(0, 13), "+I[0, 100, 0,");
  EXPECT_EQ(h.rows[99].substr(0, 17), "+I[99, 100, 9900,");
}

constexpr int64_t kMinute = 60 * kSecond;

TEST(WindowAggregate, CumulateKeepsOneSlicePerStepNotOneCopyPerWindow) {
  planner::WindowSpec day;
  day.kind = planner::WindowKind::kCumulate;
  day.slide = kMinute;
  day.size = 1440 * kMinute;
  WindowAggregate op(*Node(day, {1}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  // Ten minutes of rows for two keys: ten slices and one day's cumulation, nothing per window.
  for (int minute = 0; minute < 10; ++minute) {
    ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(minute * kMinute + kSecond, "a", 1),
                                              Row(minute * kMinute + 2 * kSecond, "b", 1)}))
                    .ok());
  }
  EXPECT_EQ(op.open_windows(), 11u);
  // Firing the first three steps merges their slices into the day's running total.
  ASSERT_TRUE(h.Watermark(3 * kMinute - 1000).ok());
  EXPECT_EQ(op.open_windows(), 8u);
  Rows rows = h.TakeRows();
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[4],
            "+I[a, 3, 1970-01-01 00:00:00.000, 1970-01-01 00:03:00.000, "
            "1970-01-01 00:02:59.999]");
}

// Processing-time windows: rows go to the window of the clock when they arrive (the column is
// not read), windows fire on processing-time timers, watermarks before the last are ignored.
TEST(WindowAggregate, ProcessingTimeTumbleFiresOnTheClock) {
  auto node = std::const_pointer_cast<planner::PlanNode>(
      Node(10 * kSecond, {1}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}));
  auto input = planner::NewNode(planner::NodeKind::kValues, {});
  input->schema = types::MakeSchema(
      {{"ts", DataType::TimestampLtz(3).WithTimeAttribute(types::TimeAttribute::kProctime)},
       {"k", DataType::String()},
       {"v", DataType::BigInt()},
       {"f", DataType::Boolean()}});
  node->inputs = {input};
  WindowAggregate op(*node);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  h.timers().now = 1'000 * kSecond + 2 * kSecond;  // 1970-01-01 00:16:42
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(0, "a", 1), Row(0, "b", 1)})).ok());
  // The window [00:16:40, 00:16:50) fires at its window_time.
  ASSERT_EQ(h.timers().timers, (std::vector<int64_t>{1'010 * kSecond - 1'000}));
  ASSERT_TRUE(h.Watermark(2'000 * kSecond).ok());  // ignored
  EXPECT_TRUE(h.TakeRows().empty());
  h.timers().now = 1'005 * kSecond;
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(0, "a", 1)})).ok());
  ASSERT_TRUE(h.AdvanceTime(1'010 * kSecond - 1'000).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 2, 1970-01-01 00:16:40.000, 1970-01-01 00:16:50.000, "
                                "1970-01-01 00:16:49.999]",
                                "+I[b, 1, 1970-01-01 00:16:40.000, 1970-01-01 00:16:50.000, "
                                "1970-01-01 00:16:49.999]"}));
  EXPECT_EQ(op.open_windows(), 0u);
  // A row in the millisecond the window fired goes to the next window; the last watermark (end
  // of input) fires what is left.
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(0, "c", 1)})).ok());
  EXPECT_EQ(h.timers().timers.back(), 1'020 * kSecond - 1'000);
  ASSERT_TRUE(h.Watermark(runtime::kMaxWatermark).ok());
  EXPECT_EQ(h.TakeRows().size(), 1u);
}

TEST(GroupWindowAggregate, EarlyFiringOnProcessingTimeThenOnTime) {
  planner::WindowSpec tumble;
  tumble.size = kMinute;
  tumble.early_fire_delay = 5 * kSecond;
  GroupWindowAggregate op(*Node(tumble, {1}, {Call(AggregateKind::kSum, 2, DataType::BigInt())}),
                          false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.AdvanceTime(1000 * kSecond).ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(kSecond, "a", 1), Row(2 * kSecond, "a", 2)})).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.AdvanceTime(1005 * kSecond).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 3, 1970-01-01 00:00:00.000, 1970-01-01 00:01:00.000, "
                                "1970-01-01 00:00:59.999]"}));
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(3 * kSecond, "a", 4)})).ok());
  ASSERT_TRUE(h.Watermark(kMinute - 1000).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"-U[a, 3, 1970-01-01 00:00:00.000, 1970-01-01 00:01:00.000, "
                                "1970-01-01 00:00:59.999]",
                                "+U[a, 7, 1970-01-01 00:00:00.000, 1970-01-01 00:01:00.000, "
                                "1970-01-01 00:00:59.999]"}));
  // The on-time firing cancelled the pending early one.
  ASSERT_TRUE(h.AdvanceTime(2000 * kSecond).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  EXPECT_EQ(op.open_windows(), 0u);
}

TEST(GroupWindowAggregate, SessionsSurviveSlotCompaction) {
  planner::WindowSpec session;
  session.kind = planner::WindowKind::kSession;
  session.size = kSecond;
  GroupWindowAggregate op(*Node(session, {1}, {Call(AggregateKind::kSum, 2, DataType::BigInt())}),
                          false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  // Thousands of sessions fire one after another; freed slots get compacted away while the
  // next session is open, and that session's state must survive the move.
  for (int i = 0; i < 5000; ++i) {
    const int64_t t = i * 10 * kSecond;
    ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(t, "a", i)})).ok());
    ASSERT_TRUE(h.Watermark(t - 2 * kSecond).ok());  // fires the previous session
    ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row(t + kSecond / 2, "a", i)})).ok());
    EXPECT_LE(op.open_windows(), 1u);
  }
  ASSERT_TRUE(h.Watermark(runtime::kMaxWatermark).ok());
  Rows rows = h.TakeRows();
  ASSERT_EQ(rows.size(), 5000u);
  for (int i = 0; i < 5000; ++i) {
    ASSERT_EQ(rows[i].substr(0, rows[i].find(',', 5)), "+I[a, " + std::to_string(2 * i)) << i;
  }
}

}  // namespace
}  // namespace sluice::operators
