#include "sluice/operators/window_table_function.h"

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

constexpr int64_t kMinute = 60'000'000;

planner::PlanPtr Node(int64_t size, int64_t offset, bool ltz) {
  DataType time = ltz ? DataType::TimestampLtz(3) : DataType::Timestamp(3);
  auto node = planner::NewNode(planner::NodeKind::kWindowTableFunction, {});
  node->window.kind = planner::WindowKind::kTumble;
  node->window.size = size;
  node->window.offset = offset;
  node->window.ltz = ltz;
  node->time_column = 0;
  DataType bound = DataType::Timestamp(3).WithNullable(false);
  node->schema = types::MakeSchema({{"ts", time},
                                    {"v", DataType::Int()},
                                    {"window_start", bound},
                                    {"window_end", bound},
                                    {"window_time", time.WithNullable(false)}});
  return node;
}

types::SchemaPtr Input(bool ltz) {
  DataType time = ltz ? DataType::TimestampLtz(3) : DataType::Timestamp(3);
  return types::MakeSchema(
      {{"ts", time.WithTimeAttribute(types::TimeAttribute::kRowtime)}, {"v", DataType::Int()}});
}

TEST(WindowTableFunction, TumbleWithOffsetAppendsWindowColumns) {
  WindowTableFunction op(*Node(10 * kMinute, kMinute, false));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  auto batch = MakeBatch(Input(false), {{Value::Int(Ts("2021-04-13 08:05:00")), Value::Int(1)},
                                        {Value::Null(), Value::Int(2)},
                                        {Value::Int(Ts("2021-04-13 08:11:00")), Value::Int(3)},
                                        {Value::Int(Ts("1969-12-31 23:59:55")), Value::Int(4)}});
  ASSERT_TRUE(h.Process(std::move(batch)).ok());
  // [08:01, 08:11) with a 1-minute offset; the NULL time row is dropped; negative times floor.
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[2021-04-13 08:05:00.000, 1, 2021-04-13 08:01:00.000, "
                                "2021-04-13 08:11:00.000, 2021-04-13 08:10:59.999]",
                                "+I[2021-04-13 08:11:00.000, 3, 2021-04-13 08:11:00.000, "
                                "2021-04-13 08:21:00.000, 2021-04-13 08:20:59.999]",
                                "+I[1969-12-31 23:59:55.000, 4, 1969-12-31 23:51:00.000, "
                                "1970-01-01 00:01:00.000, 1970-01-01 00:00:59.999]"}));
}

TEST(WindowTableFunction, InputColumnsAreNotCopied) {
  WindowTableFunction op(*Node(kMinute, 0, false));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  auto batch = MakeBatch(Input(false), {{Value::Int(5), Value::Int(1)}}, {types::RowKind::kDelete});
  const types::Column* value_column = batch.columns[1].get();
  ASSERT_TRUE(h.Process(std::move(batch)).ok());
  ASSERT_EQ(h.batches.size(), 1u);
  EXPECT_EQ(h.batches[0].columns[1].get(), value_column);
  EXPECT_EQ(h.batches[0].kind(0), types::RowKind::kDelete);
}

TEST(WindowTableFunction, LocalTimeZoneWindows) {
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  WindowTableFunction op(*Node(24 * 60 * kMinute, 0, true));
  OperatorHarness h(&op, Options(), shanghai);
  ASSERT_TRUE(h.Open().ok());
  // 16:30 UTC is 00:30 on April 14 in Shanghai.
  ASSERT_TRUE(
      h.Process(MakeBatch(Input(true), {{Value::Int(Ts("2021-04-13 16:30:00")), Value::Int(1)}}))
          .ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[2021-04-14 00:30:00.000, 1, 2021-04-14 00:00:00.000, "
                                "2021-04-15 00:00:00.000, 2021-04-14 23:59:59.999]"}));
  EXPECT_EQ(h.batches[0].columns[4]->data<int64_t>()[0], Ts("2021-04-14 15:59:59.999"));
}

}  // namespace
}  // namespace sluice::operators
