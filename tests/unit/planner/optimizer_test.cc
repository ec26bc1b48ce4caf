#include "sluice/planner/optimizer.h"

#include "planner_fixture.h"

namespace sluice::planner {
namespace {

int Count(const PlanPtr& plan, NodeKind kind) {
  int n = plan->kind == kind;
  for (const PlanPtr& input : plan->inputs) n += Count(input, kind);
  return n;
}

using OptimizerTest = PlannerTest;

TEST_F(OptimizerTest, ProjectionReachesTheScanThroughTheWatermarkAssigner) {
  auto plan = Bind(
      "SELECT window_start, up, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), "
      "INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, up");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto optimized = Optimize(*plan, expr::EvalContext(), &inspector_);
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  const PlanNode* scan = FindKind(*optimized, NodeKind::kScan);
  ASSERT_NE(scan, nullptr);
  // Only page (for UPPER(page)) and ts (rowtime) are read: physical columns 1 and 4.
  EXPECT_EQ(scan->projection, (std::vector<int>{1, 4}));
  EXPECT_EQ(scan->schema->ToString(), "(page STRING, ts TIMESTAMP(3))");
  const PlanNode* watermark = FindKind(*optimized, NodeKind::kWatermarkAssigner);
  ASSERT_NE(watermark, nullptr);
  EXPECT_EQ(watermark->schema->field(watermark->rowtime_column).name, "ts");
}

TEST_F(OptimizerTest, WithoutConnectorSupportTheScanReadsEverything) {
  inspector_.projection = false;
  auto plan = Bind("SELECT up FROM events WHERE n > 1");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto optimized = Optimize(*plan, expr::EvalContext(), &inspector_);
  ASSERT_TRUE(optimized.ok());
  const PlanNode* scan = FindKind(*optimized, NodeKind::kScan);
  EXPECT_TRUE(scan->projection.empty());
  EXPECT_EQ(scan->schema->size(), 5u);
}

TEST_F(OptimizerTest, ConstantsFoldAndCalcsMerge) {
  auto plan = Bind("SELECT n + (1 + 2) AS m FROM (SELECT n FROM events WHERE 1 = 1) AS t");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto optimized = Optimize(*plan, expr::EvalContext(), &inspector_);
  ASSERT_TRUE(optimized.ok());
  // Calc(table computed columns) is pruned into one Calc over the watermark assigner.
  const PlanNode* calc = FindKind(*optimized, NodeKind::kCalc);
  ASSERT_NE(calc, nullptr);
  EXPECT_EQ(calc->condition, nullptr);  // 1 = 1 folded away
  EXPECT_EQ(calc->projections[0]->ToString(calc->inputs[0]->schema.get()), "+(n, 3)");
}

TEST_F(OptimizerTest, FilterAboveUnionRunsOnEachBranch) {
  auto plan = Bind(
      "SELECT * FROM (SELECT page FROM events UNION ALL SELECT extra FROM events) AS u "
      "WHERE page = 'a'");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto optimized = Optimize(*plan, expr::EvalContext(), &inspector_);
  ASSERT_TRUE(optimized.ok());
  const PlanNode* union_node = FindKind(*optimized, NodeKind::kUnion);
  ASSERT_NE(union_node, nullptr);
  for (const PlanPtr& branch : union_node->inputs) {
    const PlanNode* calc = FindKind(branch, NodeKind::kCalc);
    ASSERT_NE(calc, nullptr);
    EXPECT_NE(calc->condition, nullptr);
  }
  EXPECT_EQ(Count(*optimized, NodeKind::kCalc), 2);
}

}  // namespace
}  // namespace sluice::planner
