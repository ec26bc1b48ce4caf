// Calc (filter + project) over integer columns:
//   SELECT a + b, a * 2 FROM t WHERE c > <threshold>     (a, b BIGINT; c INT uniform in [0, 999])
// Target (DESIGN.md §10, docs/performance.md): 50 M input rows/s/core.
#include <vector>

#include "batch_generator.h"
#include "benchmark/benchmark.h"
#include "operator_driver.h"
#include "sluice/expr/function_registry.h"

namespace sluice::bench {
namespace {

using types::DataType;
using types::Value;

constexpr size_t kBatches = 64;  // 64 Ki rows, cycled: about 1.3 MB of input

types::SchemaPtr InputSchema() {
  static const auto schema = types::MakeSchema(
      {{"a", DataType::BigInt()}, {"b", DataType::BigInt()}, {"c", DataType::Int()}});
  return schema;
}

std::vector<types::Batch> InputBatches() {
  BatchGenerator generator;
  std::vector<types::Batch> batches;
  for (size_t i = 0; i < kBatches; ++i) {
    batches.push_back(
        MakeBatch(InputSchema(), {generator.Integers(DataType::BigInt(), -1'000'000, 1'000'000),
                                  generator.Integers(DataType::BigInt(), -1'000'000, 1'000'000),
                                  generator.Integers(DataType::Int(), 0, 999)}));
  }
  return batches;
}

expr::ExprPtr Call(const char* name, std::vector<expr::ExprPtr> args) {
  auto call = expr::ResolveCall(name, std::move(args));
  if (!call.ok()) std::abort();
  return *call;
}

// `threshold` < 0 with `with_condition` false: no WHERE at all.
planner::PlanPtr CalcNode(bool with_condition, int64_t threshold) {
  auto node = planner::NewNode(planner::NodeKind::kCalc, {});
  auto a = expr::MakeColumnRef(0, DataType::BigInt());
  auto b = expr::MakeColumnRef(1, DataType::BigInt());
  auto c = expr::MakeColumnRef(2, DataType::Int());
  node->projections = {Call("+", {a, b}),
                       Call("*", {a, expr::MakeLiteral(Value::Int(2), DataType::Int())})};
  if (with_condition) {
    node->condition = Call(">", {c, expr::MakeLiteral(Value::Int(threshold), DataType::Int())});
  }
  node->schema =
      types::MakeSchema({{"s", node->projections[0]->type}, {"d", node->projections[1]->type}});
  return node;
}

void RunCalc(benchmark::State& state, const planner::PlanNode& node) {
  const std::vector<types::Batch> batches = InputBatches();
  OperatorDriver driver(node);
  size_t next = 0;
  for (auto _ : state) {
    CheckOk(driver.Process(batches[next]), state);
    if (++next == batches.size()) next = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
  state.counters["out_rows_per_in_row"] =
      benchmark::Counter(static_cast<double>(driver.output().rows) /
                         static_cast<double>(state.iterations() * kBatchRows));
}

// One iteration = one 1024-row batch.
void BM_Calc_FilterProject(benchmark::State& state) {
  RunCalc(state, *CalcNode(true, state.range(0)));
}
// c > 500 passes ~50% of rows, c > -1 all of them, c > 899 ~10%.
BENCHMARK(BM_Calc_FilterProject)->ArgName("c_gt")->Arg(500)->Arg(-1)->Arg(899);

void BM_Calc_ProjectOnly(benchmark::State& state) { RunCalc(state, *CalcNode(false, 0)); }
BENCHMARK(BM_Calc_ProjectOnly);

}  // namespace
}  // namespace sluice::bench
