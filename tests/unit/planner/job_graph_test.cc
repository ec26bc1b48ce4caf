#include "sluice/planner/job_graph.h"

#include "planner_fixture.h"
#include "sluice/planner/optimizer.h"

namespace sluice::planner {
namespace {

using JobGraphTest = PlannerTest;

TEST_F(JobGraphTest, AggregationGetsAHashExchangeOnItsKeys) {
  auto plan = Bind("SELECT page, COUNT(*) FROM events GROUP BY page");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto sink = NewNode(NodeKind::kSink, {*plan});
  sink->schema = (*plan)->schema;
  JobGraph graph = BuildJobGraph({sink}, 2);
  ASSERT_EQ(graph.vertices.size(), 2u);
  EXPECT_EQ(graph.vertices[0].parallelism, 2);
  ASSERT_EQ(graph.vertices[1].inputs.size(), 1u);
  EXPECT_EQ(graph.vertices[1].inputs[0].kind, EdgeKind::kHash);
  EXPECT_EQ(graph.vertices[1].Name(), "GroupAggregate -> Calc -> Sink: collect");
}

TEST_F(JobGraphTest, OneSubtaskEverywhereIsOneChain) {
  auto plan = Bind("SELECT page, COUNT(*) FROM events GROUP BY page");
  ASSERT_TRUE(plan.ok());
  auto sink = NewNode(NodeKind::kSink, {*plan});
  sink->schema = (*plan)->schema;
  JobGraph graph = BuildJobGraph({sink}, 1);
  ASSERT_EQ(graph.vertices.size(), 1u);
}

TEST_F(JobGraphTest, GlobalAggregateRunsOnOneSubtask) {
  auto plan = Bind("SELECT COUNT(*) FROM events");
  ASSERT_TRUE(plan.ok());
  auto sink = NewNode(NodeKind::kSink, {*plan});
  sink->schema = (*plan)->schema;
  JobGraph graph = BuildJobGraph({sink}, 4);
  ASSERT_EQ(graph.vertices.size(), 2u);
  EXPECT_EQ(graph.vertices[1].parallelism, 1);
  EXPECT_EQ(graph.vertices[1].inputs[0].kind, EdgeKind::kGlobal);
}

}  // namespace
}  // namespace sluice::planner
