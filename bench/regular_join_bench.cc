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

namespace sluice::bench {
namespace {

// Interval join: impressions and clicks of 10,000 ads, one row of each per ms of event time
// (in order), joined on the ad within [impression, impression + 10 s]; the watermark follows the
// rows, so state holds about 10 s of rows per side. Reported: input rows/s/core (both sides).
void BM_IntervalJoin(benchmark::State& state) {
  constexpr int64_t kAds = 10'000;
  constexpr int64_t kMilli = 1000;
  const types::SchemaPtr schema = types::MakeSchema(
      {{"ad", DataType::BigInt()},
       {"ts", DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)}});
  BatchGenerator generator;
  auto left = planner::NewNode(planner::NodeKind::kValues, {});
  left->schema = schema;
  auto right = planner::NewNode(planner::NodeKind::kValues, {});
  right->schema = schema;
  auto node = planner::NewNode(planner::NodeKind::kJoin, {left, right});
  node->left_keys = {0};
  node->right_keys = {0};
  node->interval_left_time = 1;
  node->interval_right_time = 1;
  node->interval_lower = -10'000 * kMilli;  // r.ts BETWEEN l.ts AND l.ts + 10 s
  node->interval_upper = 0;
  node->schema = types::MakeSchema({schema->field(0), schema->field(1),
                                    {"ad0", DataType::BigInt()}, schema->field(1)});
  OperatorDriver driver(*node);

  int64_t time = 0;
  types::ColumnPtr ads = generator.Integers(DataType::BigInt(), 0, kAds - 1);
  for (auto _ : state) {
    state.PauseTiming();
    types::Batch batch(schema);
    batch.columns[0] = ads;
    auto times = types::MakeColumn(schema->field(1).type);
    for (size_t i = 0; i < kBatchRows; ++i) times->Append<int64_t>((time + i) * kMilli);
    batch.columns[1] = std::move(times);
    batch.num_rows = kBatchRows;
    state.ResumeTiming();
    CheckOk(driver.Process(batch, 0), state);
    CheckOk(driver.Process(batch, 1), state);
    time += kBatchRows;
    CheckOk(driver.Watermark(time * kMilli), state);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows * 2));
  state.counters["out_rows_per_in_row"] = static_cast<double>(driver.output().rows) /
                                          static_cast<double>(state.iterations() * kBatchRows * 2);
}
BENCHMARK(BM_IntervalJoin);

}  // namespace
}  // namespace sluice::bench
