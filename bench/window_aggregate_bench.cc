// TUMBLE window aggregation:
//   SELECT k, COUNT(*), SUM(x), window_start, window_end, window_time
//   FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
//   GROUP BY window_start, window_end, window_time, k
// k is BIGINT or STRING ("key-0".."key-<n-1>"), uniform over `keys` values; x BIGINT. Event time
// advances 1 ms per row, so a window holds 60,000 rows and fires about every 59 batches. After
// every batch the watermark moves to the batch's last time minus 5 s and OnWatermark is called, as
// a chained WatermarkAssigner would (the runtime's default interval is coarser: 200 ms of wall
// clock). Target (docs/performance.md): 10 M input rows/s/core.
#include <vector>

#include "batch_generator.h"
#include "benchmark/benchmark.h"
#include "operator_driver.h"

namespace sluice::bench {
namespace {

using planner::AggregateCall;
using planner::AggregateKind;
using types::DataType;

constexpr int64_t kMillis = 1000;                  // micros
constexpr int64_t kStart = 1'704'067'200'000'000;  // 2024-01-01 00:00:00, micros
constexpr size_t kBatches = 240;                   // 245,760 rows: ~4 one-minute windows
constexpr int64_t kRowStep = 1 * kMillis;          // event time between consecutive rows
constexpr int64_t kWatermarkDelay = 5'000 * kMillis;

types::SchemaPtr InputSchema(bool string_key) {
  return types::MakeSchema(
      {{"ts", DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)},
       {"k", string_key ? DataType::String() : DataType::BigInt()},
       {"x", DataType::BigInt()}});
}

AggregateCall Call(AggregateKind kind, int argument, const char* name) {
  AggregateCall call;
  call.kind = kind;
  call.argument = argument;
  call.result_type = DataType::BigInt();
  call.name = name;
  return call;
}

planner::PlanPtr WindowAggregateNode(const types::SchemaPtr& input) {
  auto node = planner::NewNode(planner::NodeKind::kWindowAggregate, {});
  node->window.kind = planner::WindowKind::kTumble;
  node->window.size = 60'000 * kMillis;
  node->time_column = 0;
  node->group_keys = {1};
  node->aggregates = {Call(AggregateKind::kCountStar, -1, "cnt"),
                      Call(AggregateKind::kSum, 2, "total")};
  DataType bound = DataType::Timestamp(3).WithNullable(false);
  node->schema = types::MakeSchema(
      {input->field(1),
       {"cnt", DataType::BigInt()},
       {"total", DataType::BigInt()},
       {"window_start", bound},
       {"window_end", bound},
       {"window_time", DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)}});
  return node;
}

// Arguments: 0 = BIGINT key, 1 = STRING key; number of distinct keys.
void BM_WindowAggregate_Tumble(benchmark::State& state) {
  const bool string_key = state.range(0) == 1;
  const int64_t keys = state.range(1);
  const types::SchemaPtr schema = InputSchema(string_key);
  BatchGenerator generator;
  const std::vector<std::string> names = BatchGenerator::KeyNames(static_cast<size_t>(keys));
  std::vector<types::Batch> batches;
  for (size_t i = 0; i < kBatches; ++i) {
    batches.push_back(MakeBatch(
        schema, {BatchGenerator::Sequence(schema->field(0).type,
                                          kStart + static_cast<int64_t>(i * kBatchRows) * kRowStep,
                                          kRowStep),
                 string_key ? generator.Strings(names)
                            : generator.Integers(DataType::BigInt(), 0, keys - 1),
                 generator.Integers(DataType::BigInt(), 0, 1000)}));
  }
  const int64_t span = static_cast<int64_t>(kBatches * kBatchRows) * kRowStep;

  OperatorDriver driver(*WindowAggregateNode(schema));
  size_t next = 0;
  for (auto _ : state) {
    const types::Batch& batch = batches[next];
    CheckOk(driver.Process(batch), state);
    const int64_t last = batch.columns[0]->data<int64_t>()[batch.num_rows - 1];
    CheckOk(driver.Watermark(last - kWatermarkDelay), state);
    if (++next == batches.size()) {
      // Move the whole pool forward in event time so the next cycle opens new windows. The
      // operator keeps no reference to input columns (it copies keys), so this is safe.
      state.PauseTiming();
      for (types::Batch& b : batches) {
        int64_t* times = b.columns[0]->mutable_data<int64_t>();
        for (size_t r = 0; r < b.num_rows; ++r) times[r] += span;
      }
      next = 0;
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
  state.counters["rows_out"] = static_cast<double>(driver.output().rows);
  state.counters["late_rows"] = static_cast<double>(driver.metrics().late_rows_dropped);
}
BENCHMARK(BM_WindowAggregate_Tumble)
    ->ArgNames({"string_key", "keys"})
    ->Args({0, 100})
    ->Args({1, 100})
    ->Args({0, 10'000})
    ->Args({1, 10'000});

}  // namespace
}  // namespace sluice::bench
