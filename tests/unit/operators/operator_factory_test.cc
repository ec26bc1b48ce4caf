#include "sluice/operators/operator_factory.h"

#include <gtest/gtest.h>

namespace sluice::operators {
namespace {

using planner::NodeKind;
using types::DataType;

planner::PlanPtr Node(NodeKind kind) {
  auto node = planner::NewNode(kind, {});
  node->schema = types::MakeSchema({{"a", DataType::Int()}});
  node->window.size = 1000;
  node->watermark = expr::MakeColumnRef(0, DataType::Int());
  return node;
}

TEST(CreateOperator, CoversEveryOperatorKind) {
  Options options;
  const std::vector<std::pair<NodeKind, std::string>> kinds = {
      {NodeKind::kCalc, "Calc"},
      {NodeKind::kWatermarkAssigner, "WatermarkAssigner"},
      {NodeKind::kWindowTableFunction, "WindowTableFunction"},
      {NodeKind::kAggregate, "GroupAggregate"},
      {NodeKind::kWindowAggregate, "WindowAggregate"},
      {NodeKind::kUnion, "Union"},
      {NodeKind::kSort, "Sort"}};
  for (const auto& [kind, name] : kinds) {
    auto op = CreateOperator(*Node(kind), options);
    ASSERT_TRUE(op.ok()) << name << ": " << op.status();
    EXPECT_EQ((*op)->name(), name);
  }
}

TEST(CreateOperator, Errors) {
  Options options;
  auto scan = CreateOperator(*Node(NodeKind::kScan), options);
  EXPECT_EQ(scan.status().code(), absl::StatusCode::kInternal);

  auto hop = Node(NodeKind::kWindowAggregate);
  std::const_pointer_cast<planner::PlanNode>(hop)->window.kind = planner::WindowKind::kHop;
  auto unsupported = CreateOperator(*hop, options);
  EXPECT_EQ(unsupported.status().code(), absl::StatusCode::kInvalidArgument);

  options.Set("execution.runtime-mode", "realtime");
  auto bad_mode = CreateOperator(*Node(NodeKind::kCalc), options);
  EXPECT_EQ(bad_mode.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_mode.status().message().find("'realtime'"), std::string::npos);

  options.Set("execution.runtime-mode", "BATCH");
  EXPECT_TRUE(*IsBatchMode(options));
  options.Set("execution.runtime-mode", "streaming");
  options.Set("pipeline.auto-watermark-interval", "soon");
  EXPECT_FALSE(CreateOperator(*Node(NodeKind::kWatermarkAssigner), options).ok());
}

}  // namespace
}  // namespace sluice::operators
