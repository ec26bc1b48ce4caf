#include "sluice/planner/rank_recognition.h"

#include "planner_fixture.h"
#include "sluice/planner/job_graph.h"
#include "sluice/planner/optimizer.h"

namespace sluice::planner {
namespace {

// Window deduplication of `events` (watermark ts - 5 s) per device_id and TUMBLE window.
std::string WindowDedup(const std::string& select, const std::string& order = "ts",
                        const std::string& window =
                            "TUMBLE(TABLE events, DESCRIPTOR(ts), "
                            "INTERVAL '1' MINUTE)") {
  return "SELECT " + select +
         " FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, device_id "
         "ORDER BY " +
         order + ") AS rn FROM TABLE(" + window + ")) WHERE rn = 1";
}

class RankRecognitionTest : public PlannerTest {
 protected:
  // The optimized deduplication node of `sql`, or nullptr.
  const PlanNode* Dedup(const std::string& sql) {
    auto plan = Bind(sql);
    EXPECT_TRUE(plan.ok()) << plan.status();
    if (!plan.ok()) return nullptr;
    auto optimized = Optimize(*plan, expr::EvalContext(), &inspector_);
    EXPECT_TRUE(optimized.ok()) << optimized.status();
    if (!optimized.ok()) return nullptr;
    optimized_ = *optimized;
    return FindKind(optimized_, NodeKind::kDeduplicate);
  }
  PlanPtr optimized_;
};

TEST_F(RankRecognitionTest, KeepFirstReadingOnlyWindowAndKeyColumnsRunsCompact) {
  const PlanNode* dedup = Dedup(WindowDedup("window_start, window_end, window_time, device_id"));
  ASSERT_NE(dedup, nullptr);
  EXPECT_TRUE(dedup->compact_window);
  EXPECT_EQ(dedup->KindName(), "CompactWindowDeduplicate");
  EXPECT_EQ(dedup->StateTables()[0],
            "newest window and bitmap of the 64 before it: key=(device_id)");
  // Expressions over those columns and filters on them qualify too.
  dedup = Dedup(WindowDedup("UPPER(device_id) AS d, window_start") + " AND device_id <> 'x'");
  ASSERT_NE(dedup, nullptr);
  EXPECT_TRUE(dedup->compact_window);
}

TEST_F(RankRecognitionTest, ReadingAColumnOfTheKeptRowKeepsWindowDeduplicate) {
  for (const std::string& select :
       {"window_start, device_id, page", "window_start, ts", "device_id, window_end, n + 1"}) {
    const PlanNode* dedup = Dedup(WindowDedup(select));
    ASSERT_NE(dedup, nullptr) << select;
    EXPECT_FALSE(dedup->compact_window) << select;
    EXPECT_EQ(dedup->KindName(), "WindowDeduplicate");
  }
  const PlanNode* dedup = Dedup(WindowDedup("window_start, device_id") + " AND n > 0");
  ASSERT_NE(dedup, nullptr);
  EXPECT_FALSE(dedup->compact_window);
}

TEST_F(RankRecognitionTest, KeepLastAndOtherWindowsKeepWindowDeduplicate) {
  const PlanNode* dedup = Dedup(WindowDedup("window_start, device_id", "ts DESC"));
  ASSERT_NE(dedup, nullptr);
  EXPECT_FALSE(dedup->compact_window);
  dedup = Dedup(
      WindowDedup("window_start, device_id", "ts",
                  "HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '2' MINUTE)"));
  ASSERT_NE(dedup, nullptr);
  EXPECT_FALSE(dedup->compact_window);
}

// The bitmap holds 64 windows before the newest: a watermark delay beyond that, or one whose
// shape is unknown, keeps WindowDeduplicate.
TEST_F(RankRecognitionTest, TheWatermarkDelayMustFitTheBitmap) {
  Create(
      "CREATE TABLE late_events (device_id STRING, ts TIMESTAMP(3), "
      "WATERMARK FOR ts AS ts - INTERVAL '64' MINUTE) WITH ('connector' = 'x')");
  Create(
      "CREATE TABLE later_events (device_id STRING, ts TIMESTAMP(3), "
      "WATERMARK FOR ts AS ts - INTERVAL '65' MINUTE) WITH ('connector' = 'x')");
  Create(
      "CREATE TABLE odd_events (device_id STRING, ts TIMESTAMP(3), "
      "WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE - INTERVAL '1' SECOND) "
      "WITH ('connector' = 'x')");
  Create(
      "CREATE TABLE exact_events (device_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) "
      "WITH ('connector' = 'x')");
  const std::pair<const char*, bool> cases[] = {{"late_events", true},
                                                {"later_events", false},
                                                {"odd_events", false},
                                                {"exact_events", true}};
  for (const auto& [table, compact] : cases) {
    const PlanNode* dedup = Dedup(WindowDedup(
        "window_start, device_id", "ts",
        std::string("TUMBLE(TABLE ") + table + ", DESCRIPTOR(ts), INTERVAL '1' MINUTE)"));
    ASSERT_NE(dedup, nullptr) << table;
    EXPECT_EQ(dedup->compact_window, compact) << table;
  }
}

// Its state per key spans the key's windows: the exchange hashes by the key only.
TEST_F(RankRecognitionTest, CompactDeduplicationIsHashedByItsKeyOnly) {
  const PlanNode* dedup = Dedup(WindowDedup("window_start, device_id"));
  ASSERT_NE(dedup, nullptr);
  ASSERT_TRUE(dedup->compact_window);
  auto sink = NewNode(NodeKind::kSink, {optimized_});
  sink->schema = optimized_->schema;
  JobGraph graph = BuildJobGraph({sink}, 2);
  ASSERT_EQ(graph.vertices.size(), 2u);
  ASSERT_EQ(graph.vertices[1].inputs.size(), 1u);
  EXPECT_EQ(graph.vertices[1].inputs[0].keys, dedup->partition_keys);
}

}  // namespace
}  // namespace sluice::planner
