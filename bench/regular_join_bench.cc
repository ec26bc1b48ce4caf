// Regular join as dimension enrichment:
//   SELECT * FROM facts f [LEFT] JOIN dims d ON f.k = d.k
// The dimension side (BIGINT key, STRING payload; 10,000 keys) is loaded first; then fact rows
// (BIGINT key drawn from 1.25x the dimension keys, so 80% match) stream through the join. Each
// fact row finds its dimension row and is kept in the join's state, as a regular join keeps both
// sides. Reported: fact rows/s/core and output rows per fact row.
#include <vector>

#include "batch_generator.h"
#include "benchmark/benchmark.h"
#include "operator_driver.h"

namespace sluice::bench {
namespace {

using types::DataType;

constexpr int64_t kDimensionKeys = 10'000;
constexpr size_t kFactBatches = 64;

// Arguments: 0 = INNER, 1 = LEFT.
void BM_RegularJoin(benchmark::State& state) {
  const bool left_outer = state.range(0) == 1;
  const types::SchemaPtr facts =
      types::MakeSchema({{"k", DataType::BigInt()}, {"x", DataType::BigInt()}});
  const types::SchemaPtr dims =
      types::MakeSchema({{"k", DataType::BigInt()}, {"name", DataType::String()}});
  BatchGenerator generator;
  const std::vector<std::string> names = BatchGenerator::KeyNames(100, "name-");
  std::vector<types::Batch> dim_batches;
  for (int64_t start = 0; start < kDimensionKeys; start += kBatchRows) {
    types::Batch batch(dims);
    for (int64_t k = start; k < start + static_cast<int64_t>(kBatchRows); ++k) {
      batch.columns[0]->Append<int64_t>(k);
      batch.columns[1]->AppendString(names[k % names.size()]);
    }
    batch.num_rows = kBatchRows;
    dim_batches.push_back(std::move(batch));
  }
  std::vector<types::Batch> fact_batches;
  for (size_t i = 0; i < kFactBatches; ++i) {
    fact_batches.push_back(
        MakeBatch(facts, {generator.Integers(DataType::BigInt(), 0, kDimensionKeys * 5 / 4 - 1),
                          generator.Integers(DataType::BigInt(), 0, 1000)}));
  }

  auto left = planner::NewNode(planner::NodeKind::kValues, {});
  left->schema = facts;
  auto right = planner::NewNode(planner::NodeKind::kValues, {});
  right->schema = dims;
  auto node = planner::NewNode(planner::NodeKind::kJoin, {left, right});
  node->join_kind = left_outer ? planner::JoinKind::kLeft : planner::JoinKind::kInner;
  node->left_keys = {0};
  node->right_keys = {0};
  node->schema = types::MakeSchema({{"k", DataType::BigInt()},
                                    {"x", DataType::BigInt()},
                                    {"k0", DataType::BigInt()},
                                    {"name", DataType::String()}});
  OperatorDriver driver(*node);
  for (const types::Batch& batch : dim_batches) CheckOk(driver.Process(batch, 1), state);

  size_t next = 0;
  for (auto _ : state) {
    CheckOk(driver.Process(fact_batches[next], 0), state);
    if (++next == fact_batches.size()) next = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
  state.counters["out_rows_per_in_row"] = static_cast<double>(driver.output().rows) /
                                          static_cast<double>(state.iterations() * kBatchRows);
}
BENCHMARK(BM_RegularJoin)->ArgNames({"left_outer"})->Arg(0)->Arg(1);

}  // namespace
}  // namespace sluice::bench
