#include "sluice/operators/calc.h"

#include <gtest/gtest.h>

#include "operator_harness.h"
#include "sluice/expr/function_registry.h"

namespace sluice::operators {
namespace {

using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::RowKind;
using types::Value;
using Rows = std::vector<std::string>;

types::SchemaPtr Input() {
  static const auto schema = types::MakeSchema(
      {{"k", DataType::String()}, {"v", DataType::Int()}, {"unused", DataType::Double()}});
  return schema;
}

expr::ExprPtr Call(const std::string& name, std::vector<expr::ExprPtr> args) {
  auto call = expr::ResolveCall(name, std::move(args));
  EXPECT_TRUE(call.ok()) << call.status();
  return *call;
}

// SELECT k, v + 10 AS w FROM t [WHERE v > 2]
planner::PlanPtr Node(bool with_condition) {
  auto node = planner::NewNode(planner::NodeKind::kCalc, {});
  auto k = expr::MakeColumnRef(0, DataType::String());
  auto v = expr::MakeColumnRef(1, DataType::Int());
  node->projections = {k, Call("+", {v, expr::MakeLiteral(Value::Int(10), DataType::Int())})};
  if (with_condition) {
    node->condition = Call(">", {v, expr::MakeLiteral(Value::Int(2), DataType::Int())});
  }
  node->schema = types::MakeSchema({{"k", DataType::String()}, {"w", node->projections[1]->type}});
  return node;
}

std::vector<Value> Row(const char* k, std::optional<int64_t> v) {
  return {Value::String(k), v ? Value::Int(*v) : Value::Null(), Value::Double(0.5)};
}

TEST(Calc, FilterThenProjectKeepsRowKinds) {
  Calc op(*Node(true));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(
      h.Process(MakeBatch(
                    Input(), {Row("a", 1), Row("b", 3), Row("c", std::nullopt), Row("d", 7)},
                    {RowKind::kInsert, RowKind::kUpdateBefore, RowKind::kInsert, RowKind::kDelete}))
          .ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"-U[b, 13]", "-D[d, 17]"}));
  // Nothing passes: nothing is emitted.
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1)})).ok());
  EXPECT_EQ(h.batches.size(), 1u);
}

TEST(Calc, ColumnReferencesAreNotCopiedWhenAllRowsPass) {
  Calc op(*Node(true));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  auto batch = MakeBatch(Input(), {Row("a", 5), Row("b", 6)});
  const types::Column* k = batch.columns[0].get();
  ASSERT_TRUE(h.Process(std::move(batch)).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 15]", "+I[b, 16]"}));
  EXPECT_EQ(h.batches[0].columns[0].get(), k);
  EXPECT_FALSE(h.batches[0].has_row_kinds());
}

TEST(Calc, ProjectionOnly) {
  Calc op(*Node(false));
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", std::nullopt), Row("b", -10)})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, NULL]", "+I[b, 0]"}));
}

}  // namespace
}  // namespace sluice::operators
