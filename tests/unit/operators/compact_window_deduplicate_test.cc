#include "sluice/operators/compact_window_deduplicate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "operator_harness.h"
#include "sluice/operators/window_rank.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using testing::Ts;
using types::DataType;
using types::Value;
using Rows = std::vector<std::string>;

constexpr int64_t kMinute = 60'000'000;
constexpr int64_t kMilli = 1000;
const int64_t kStart = Ts("2024-01-01 08:00:00.000");

// Window TVF rows (k STRING, v INT, ts TIMESTAMP(3) *ROWTIME*, window_start, window_end,
// window_time) deduplicated per k and 1-minute TUMBLE window, keeping the first row.
planner::PlanPtr Node(bool compact = true, bool ltz = false) {
  DataType time = (ltz ? DataType::TimestampLtz(3) : DataType::Timestamp(3))
                      .WithTimeAttribute(types::TimeAttribute::kRowtime);
  auto input = planner::NewNode(planner::NodeKind::kValues, {});
  input->schema = types::MakeSchema({{"k", DataType::String()},
                                     {"v", DataType::Int()},
                                     {"ts", time},
                                     {"window_start", DataType::Timestamp(3)},
                                     {"window_end", DataType::Timestamp(3)},
                                     {"window_time", time}});
  auto node = planner::NewNode(planner::NodeKind::kDeduplicate, {input});
  node->schema = input->schema;
  node->partition_keys = {0};
  node->time_column = 2;
  node->sort_keys = {planner::SortKey{2, false, false}};
  node->window.kind = planner::WindowKind::kTumble;
  node->window.size = kMinute;
  node->window.ltz = ltz;
  node->window_start_column = 3;
  node->window_end_column = 4;
  node->compact_window = compact;
  return node;
}

// A row of key `k` at `ts` micros in the 1-minute window holding it (`local` is the wall-clock
// time the window is aligned to, `ts` itself unless the windows are LTZ).
std::vector<Value> Row(const std::string& k, int64_t v, int64_t ts, int64_t local = -1) {
  if (local < 0) local = ts;
  const int64_t start = local - types::FloorMod(local, kMinute);
  const int64_t window_time = ts + (start + kMinute - kMilli - local);
  return {Value::String(k),
          Value::Int(v),
          Value::Int(ts),
          Value::Int(start),
          Value::Int(start + kMinute),
          Value::Int(window_time)};
}

int64_t At(int minute, int second = 0) { return kStart + minute * kMinute + second * 1'000'000; }

class CompactWindowDeduplicateTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(harness_.Open().ok()); }
  void Feed(std::vector<std::vector<Value>> rows) {
    ASSERT_TRUE(harness_.Process(MakeBatch(node_->schema, rows)).ok());
  }
  // k and v of the rows emitted since the last call.
  Rows Emitted() {
    Rows out;
    for (const std::string& row : harness_.TakeRows()) {
      out.push_back(row.substr(0, row.find(", 2024")) + "]");
    }
    return out;
  }

  planner::PlanPtr node_ = Node();
  CompactWindowDeduplicate op_{*node_};
  OperatorHarness harness_{&op_};
};

TEST_F(CompactWindowDeduplicateTest, EmitsTheFirstRowOfEachKeyAndWindowAtOnce) {
  Feed({Row("a", 1, At(0, 10)), Row("b", 2, At(0, 20)), Row("a", 3, At(0, 30)),
        Row("a", 4, At(1, 5)), Row("a", 5, At(0, 50)), Row("b", 6, At(3))});
  EXPECT_EQ(Emitted(), (Rows{"+I[a, 1]", "+I[b, 2]", "+I[a, 4]", "+I[b, 6]"}));
  // Out of order within the bitmap: b's windows 1 and 2 are new, its window 0 is not.
  Feed({Row("b", 7, At(1)), Row("b", 8, At(2, 59)), Row("b", 9, At(0, 1)), Row("b", 10, At(2))});
  EXPECT_EQ(Emitted(), (Rows{"+I[b, 7]", "+I[b, 8]"}));
  // The output keeps the input's columns, window_time included.
  Feed({Row("c", 11, At(5, 1))});
  EXPECT_EQ(harness_.TakeRows(),
            (Rows{"+I[c, 11, 2024-01-01 08:05:01.000, 2024-01-01 08:05:00.000, "
                  "2024-01-01 08:06:00.000, 2024-01-01 08:05:59.999]"}));
}

TEST_F(CompactWindowDeduplicateTest, RowsOfFiredWindowsAreLateAndCounted) {
  Feed({Row("a", 1, At(0)), Row("a", 2, At(2))});
  // Window 08:00-08:01 fires when the watermark reaches 08:00:59.999.
  ASSERT_TRUE(harness_.Watermark(At(1) - 2 * kMilli).ok());
  Feed({Row("b", 3, At(0, 59))});
  ASSERT_TRUE(harness_.Watermark(At(1) - kMilli).ok());
  Feed({Row("c", 4, At(0, 59)), Row("a", 5, At(1))});
  EXPECT_EQ(Emitted(), (Rows{"+I[a, 1]", "+I[a, 2]", "+I[b, 3]", "+I[a, 5]"}));
  EXPECT_EQ(harness_.metrics().late_rows_dropped, 1);
}

TEST_F(CompactWindowDeduplicateTest, DropsKeysWhoseWindowsHaveAllFired) {
  Feed({Row("a", 1, At(0)), Row("b", 2, At(0)), Row("b", 3, At(2))});
  EXPECT_EQ(op_.key_count(), 2u);
  ASSERT_TRUE(harness_.Watermark(At(1)).ok());  // window 08:00 fired: a goes, b stays
  EXPECT_EQ(op_.key_count(), 1u);
  ASSERT_TRUE(harness_.Watermark(At(3)).ok());
  EXPECT_EQ(op_.key_count(), 0u);
  // A dropped key starts over in a window that is still open.
  Feed({Row("a", 4, At(3, 1)), Row("a", 5, At(3, 2)), Row("b", 6, At(2, 30))});
  EXPECT_EQ(Emitted(), (Rows{"+I[a, 1]", "+I[b, 2]", "+I[b, 3]", "+I[a, 4]"}));
  EXPECT_EQ(harness_.metrics().late_rows_dropped, 1);
}

TEST_F(CompactWindowDeduplicateTest, TheBitmapCoversTheSixtyFourWindowsBeforeTheNewest) {
  Feed({Row("a", 1, At(0)), Row("a", 2, At(64)), Row("a", 3, At(0, 30)), Row("a", 4, At(1))});
  EXPECT_EQ(Emitted(), (Rows{"+I[a, 1]", "+I[a, 2]", "+I[a, 4]"}));
  EXPECT_EQ(op_.overflow_windows(), 0u);
}

// Before the first watermark any disorder is allowed: windows the bitmap no longer covers are kept
// in the overflow list while open, and dropped from it once they fire.
TEST_F(CompactWindowDeduplicateTest, DisorderBeyondTheBitmapUsesTheOverflowList) {
  Feed({Row("a", 1, At(0)), Row("a", 2, At(2)), Row("a", 3, At(100))});
  EXPECT_EQ(op_.overflow_windows(), 2u);  // windows 0 and 2 left a's bitmap
  Feed({Row("a", 4, At(0, 1)), Row("a", 5, At(2, 1)), Row("a", 6, At(1)), Row("a", 7, At(1, 1)),
        Row("b", 8, At(1))});
  EXPECT_EQ(Emitted(), (Rows{"+I[a, 1]", "+I[a, 2]", "+I[a, 3]", "+I[a, 6]", "+I[b, 8]"}));
  EXPECT_EQ(op_.overflow_windows(), 3u);
  ASSERT_TRUE(harness_.Watermark(At(2)).ok());  // windows 0 and 1 fired
  EXPECT_EQ(op_.overflow_windows(), 1u);
  EXPECT_EQ(op_.key_count(), 1u);  // b went
  Feed({Row("a", 9, At(2, 2))});
  EXPECT_EQ(Emitted(), Rows{});
  ASSERT_TRUE(harness_.Watermark(runtime::kMaxWatermark).ok());
  EXPECT_EQ(op_.overflow_windows(), 0u);
  EXPECT_EQ(op_.key_count(), 0u);
}

TEST(CompactWindowDeduplicate, NullKeysAreOneKeyAndNullTimesAreSkipped) {
  auto node = Node();
  CompactWindowDeduplicate op(*node);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  std::vector<Value> null_key = Row("x", 1, At(0));
  null_key[0] = Value::Null();
  std::vector<Value> null_key_again = Row("x", 2, At(0, 5));
  null_key_again[0] = Value::Null();
  std::vector<Value> null_time = Row("y", 3, At(0));
  null_time[2] = Value::Null();
  ASSERT_TRUE(h.Process(MakeBatch(node->schema, {null_key, null_key_again, null_time})).ok());
  ASSERT_EQ(h.rows.size(), 1u);
  EXPECT_EQ(h.rows[0].substr(0, 12), "+I[NULL, 1, ");
}

// TIMESTAMP_LTZ windows align to the session zone's wall clock: in Asia/Shanghai (+08:00) the
// window 08:00-08:01 fires at 00:00:59.999 UTC.
TEST(CompactWindowDeduplicate, LtzWindowsFireAtTheirLocalEnd) {
  auto node = Node(true, true);
  CompactWindowDeduplicate op(*node);
  absl::TimeZone shanghai;
  ASSERT_TRUE(types::LoadZone("Asia/Shanghai", &shanghai));
  OperatorHarness h(&op, Options(), shanghai);
  ASSERT_TRUE(h.Open().ok());
  const int64_t hour = 60 * kMinute;
  auto utc = [&](int minute, int second) { return At(minute, second) - 8 * hour; };
  ASSERT_TRUE(h.Process(MakeBatch(node->schema, {Row("a", 1, utc(0, 10), At(0, 10))})).ok());
  ASSERT_TRUE(h.Watermark(utc(1, 0) - 2 * kMilli).ok());
  EXPECT_EQ(op.key_count(), 1u);
  ASSERT_TRUE(h.Process(MakeBatch(node->schema, {Row("b", 2, utc(0, 20), At(0, 20))})).ok());
  ASSERT_TRUE(h.Watermark(utc(1, 0) - kMilli).ok());
  EXPECT_EQ(op.key_count(), 0u);
  ASSERT_TRUE(h.Process(MakeBatch(node->schema, {Row("c", 3, utc(0, 30), At(0, 30))})).ok());
  EXPECT_EQ(h.rows.size(), 2u);
  EXPECT_EQ(h.metrics().late_rows_dropped, 1);
}

// Random rows with random disorder and watermarks: the compact operator emits the same
// (key, window) pairs as WindowRank and drops the same late rows.
TEST(CompactWindowDeduplicate, MatchesWindowRankOnRandomInput) {
  auto compact_node = Node(true);
  auto plain_node = Node(false);
  std::mt19937_64 random(7);
  for (int round = 0; round < 20; ++round) {
    CompactWindowDeduplicate compact(*compact_node);
    WindowRank plain(*plain_node);
    OperatorHarness hc(&compact);
    OperatorHarness hp(&plain);
    ASSERT_TRUE(hc.Open().ok());
    ASSERT_TRUE(hp.Open().ok());
    // Every other round the disorder reaches beyond the 64-window bitmap.
    const int64_t spread = round % 2 == 0 ? 20 * kMinute : 200 * kMinute;
    int64_t max_time = kStart;
    int64_t watermark = runtime::kMinWatermark;
    size_t most_overflow = 0;
    for (int batch = 0; batch < 30; ++batch) {
      std::vector<std::vector<Value>> rows;
      for (int r = 0; r < 40; ++r) {
        const int64_t ts = max_time - static_cast<int64_t>(random() % spread) +
                           static_cast<int64_t>(random() % (3 * kMinute));
        max_time = std::max(max_time, ts);
        rows.push_back(Row(std::string(1, static_cast<char>('a' + random() % 6)), r, ts));
      }
      ASSERT_TRUE(hc.Process(MakeBatch(compact_node->schema, rows)).ok());
      ASSERT_TRUE(hp.Process(MakeBatch(plain_node->schema, rows)).ok());
      most_overflow = std::max(most_overflow, compact.overflow_windows());
      if (random() % 3 == 0) {
        watermark = std::max(watermark, max_time - spread / 2);
        ASSERT_TRUE(hc.Watermark(watermark).ok());
        ASSERT_TRUE(hp.Watermark(watermark).ok());
      }
    }
    ASSERT_TRUE(hc.Watermark(runtime::kMaxWatermark).ok());
    ASSERT_TRUE(hp.Watermark(runtime::kMaxWatermark).ok());
    // Key and window of every emitted row.
    auto pairs = [](const Rows& rows) {
      Rows out;
      for (const std::string& row : rows) {
        const size_t key_end = row.find(',');
        const size_t window = row.find(", 2024", row.find(", 2024") + 1);
        out.push_back(row.substr(3, key_end - 3) + row.substr(window, 50));
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    EXPECT_EQ(pairs(hc.rows), pairs(hp.rows)) << "round " << round;
    EXPECT_EQ(hc.metrics().late_rows_dropped, hp.metrics().late_rows_dropped);
    EXPECT_EQ(compact.key_count(), 0u);
    EXPECT_EQ(compact.overflow_windows(), 0u);
    if (spread > 64 * kMinute) EXPECT_GT(most_overflow, 0u) << "round " << round;
  }
}

}  // namespace
}  // namespace sluice::operators
