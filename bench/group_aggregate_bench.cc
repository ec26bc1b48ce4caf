// Non-windowed GROUP BY with changelog output:
//   SELECT k, COUNT(*), SUM(x) FROM t GROUP BY k
// over insert-only input; in streaming mode every row after a group's first emits -U and +U (two
// changelog rows per input row), in batch mode results are emitted once at end of input (not
// reached here: the benchmark measures accumulation). With mini-batch (bundles of 10,000 rows)
// each key emits once per bundle. No target; reported for comparison with WindowAggregate, which
// does the same aggregation vectorized.
#include <vector>

#include "batch_generator.h"
#include "benchmark/benchmark.h"
#include "operator_driver.h"

namespace sluice::bench {
namespace {

using planner::AggregateCall;
using planner::AggregateKind;
using types::DataType;

constexpr size_t kBatches = 64;

AggregateCall Call(AggregateKind kind, int argument, const char* name) {
  AggregateCall call;
  call.kind = kind;
  call.argument = argument;
  call.result_type = DataType::BigInt();
  call.name = name;
  return call;
}

// Arguments: 0 = BIGINT key, 1 = STRING key; number of distinct keys; 1 = batch mode;
// 1 = mini-batch.
void BM_GroupAggregate(benchmark::State& state) {
  const bool string_key = state.range(0) == 1;
  const int64_t keys = state.range(1);
  const bool batch_mode = state.range(2) == 1;
  const bool mini_batch = state.range(3) == 1;
  const types::SchemaPtr schema = types::MakeSchema(
      {{"k", string_key ? DataType::String() : DataType::BigInt()}, {"x", DataType::BigInt()}});
  BatchGenerator generator;
  const std::vector<std::string> names = BatchGenerator::KeyNames(static_cast<size_t>(keys));
  std::vector<types::Batch> batches;
  for (size_t i = 0; i < kBatches; ++i) {
    batches.push_back(
        MakeBatch(schema, {string_key ? generator.Strings(names)
                                      : generator.Integers(DataType::BigInt(), 0, keys - 1),
                           generator.Integers(DataType::BigInt(), 0, 1000)}));
  }

  auto node = planner::NewNode(planner::NodeKind::kAggregate, {});
  node->group_keys = {0};
  node->aggregates = {Call(AggregateKind::kCountStar, -1, "cnt"),
                      Call(AggregateKind::kSum, 1, "total")};
  node->schema = types::MakeSchema(
      {schema->field(0), {"cnt", DataType::BigInt()}, {"total", DataType::BigInt()}});
  Options options;
  if (batch_mode) options.Set("execution.runtime-mode", "batch");
  if (mini_batch) {
    options.Set("table.exec.mini-batch.enabled", "true");
    options.Set("table.exec.mini-batch.allow-latency", "1 h");
    options.Set("table.exec.mini-batch.size", "10000");
  }
  OperatorDriver driver(*node, options);

  size_t next = 0;
  for (auto _ : state) {
    CheckOk(driver.Process(batches[next]), state);
    if (++next == batches.size()) next = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
  state.counters["out_rows_per_in_row"] = static_cast<double>(driver.output().rows) /
                                          static_cast<double>(state.iterations() * kBatchRows);
}
BENCHMARK(BM_GroupAggregate)
    ->ArgNames({"string_key", "keys", "batch_mode", "mini_batch"})
    ->Args({0, 100, 0, 0})
    ->Args({1, 100, 0, 0})
    ->Args({0, 10'000, 0, 0})
    ->Args({0, 100, 1, 0})
    ->Args({0, 100, 0, 1})
    ->Args({0, 10'000, 0, 1});

}  // namespace
}  // namespace sluice::bench
