// Slice-based window aggregation beyond TUMBLE (docs/performance.md):
//   HOP 10 s / 2 s:   SELECT k, COUNT(*) ... FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts),
//                     INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k
//   CUMULATE 1 day / 1 min: SELECT page, COUNT(*), COUNT(DISTINCT device) ... FROM
//                     TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
//                     GROUP BY window_start, window_end, page
// Event time advances `row_step` per row; after every batch the watermark moves to the batch's
// last time minus 5 s, as a chained WatermarkAssigner would.
#include <algorithm>
#include <unordered_set>
#include <malloc.h>
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
constexpr int64_t kSecond = 1000 * kMillis;
constexpr int64_t kStart = 1'704'067'200'000'000;  // 2024-01-01 00:00:00, micros
constexpr int64_t kWatermarkDelay = 5 * kSecond;

types::SchemaPtr InputSchema() {
  return types::MakeSchema(
      {{"ts", DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)},
       {"k", DataType::BigInt()},
       {"device", DataType::BigInt()}});
}

AggregateCall Call(AggregateKind kind, int argument, bool distinct, const char* name) {
  AggregateCall call;
  call.kind = kind;
  call.argument = argument;
  call.distinct = distinct;
  call.result_type = DataType::BigInt();
  call.name = name;
  return call;
}

planner::PlanPtr Node(const planner::WindowSpec& window, std::vector<AggregateCall> calls) {
  auto node = planner::NewNode(planner::NodeKind::kWindowAggregate, {});
  node->window = window;
  node->time_column = 0;
  node->group_keys = {1};
  std::vector<types::Field> fields = {InputSchema()->field(1)};
  for (const AggregateCall& call : calls) fields.push_back({call.name, DataType::BigInt()});
  DataType bound = DataType::Timestamp(3).WithNullable(false);
  fields.push_back({"window_start", bound});
  fields.push_back({"window_end", bound});
  fields.push_back(
      {"window_time", DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)});
  node->aggregates = std::move(calls);
  node->schema = types::MakeSchema(fields);
  return node;
}

// A pool of batches covering `batches` * 1024 rows of event time, `row_step` apart.
std::vector<types::Batch> MakeBatches(size_t batches, int64_t row_step, int64_t keys,
                                      int64_t devices) {
  BatchGenerator generator;
  const types::SchemaPtr schema = InputSchema();
  std::vector<types::Batch> pool;
  for (size_t i = 0; i < batches; ++i) {
    pool.push_back(MakeBatch(
        schema,
        {BatchGenerator::Sequence(schema->field(0).type,
                                  kStart + static_cast<int64_t>(i * kBatchRows) * row_step, row_step),
         generator.Integers(DataType::BigInt(), 0, keys - 1),
         generator.Integers(DataType::BigInt(), 0, devices - 1)}));
  }
  return pool;
}

// Feeds the pool round and round, moving it forward in event time after each round.
void Run(benchmark::State& state, OperatorDriver* driver, std::vector<types::Batch>* pool,
         int64_t row_step) {
  const int64_t span = static_cast<int64_t>(pool->size() * kBatchRows) * row_step;
  size_t next = 0;
  for (auto _ : state) {
    const types::Batch& batch = (*pool)[next];
    CheckOk(driver->Process(batch), state);
    const int64_t last = batch.columns[0]->data<int64_t>()[batch.num_rows - 1];
    CheckOk(driver->Watermark(last - kWatermarkDelay), state);
    if (++next == pool->size()) {
      state.PauseTiming();
      for (types::Batch& b : *pool) {
        int64_t* times = b.columns[0]->mutable_data<int64_t>();
        for (size_t r = 0; r < b.num_rows; ++r) times[r] += span;
      }
      next = 0;
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
  state.counters["rows_out"] = static_cast<double>(driver->output().rows);
}

// HOP 10 s / 2 s, COUNT(*) per key; one row per millisecond. Argument: number of keys.
void BM_WindowAggregate_Hop(benchmark::State& state) {
  planner::WindowSpec hop;
  hop.kind = planner::WindowKind::kHop;
  hop.slide = 2 * kSecond;
  hop.size = 10 * kSecond;
  OperatorDriver driver(*Node(hop, {Call(AggregateKind::kCountStar, -1, false, "cnt")}));
  std::vector<types::Batch> pool = MakeBatches(240, kMillis, state.range(0), 1);
  Run(state, &driver, &pool, kMillis);
}
BENCHMARK(BM_WindowAggregate_Hop)->ArgName("keys")->Arg(100)->Arg(10'000);

// Bytes allocated from the heap and not freed (glibc's count).
double HeapBytesInUse() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd);  // arena chunks + mmapped blocks
}

// CUMULATE 1 day / 1 min, COUNT(*) and COUNT(DISTINCT device) per page (4 pages), devices
// uniform over 1 M; 20 rows per second of event time. The input pool (1,024,000 rows, 14.2 hours)
// repeats, so the day's running state holds the pool's distinct (page, device) pairs; reports
// the heap bytes in use after 1.6 M rows (state plus the 24 MB pool) per such pair.
void BM_WindowAggregate_CumulateDistinct(benchmark::State& state) {
  planner::WindowSpec day;
  day.kind = planner::WindowKind::kCumulate;
  day.slide = 60 * kSecond;
  day.size = 86'400 * kSecond;
  const double before = HeapBytesInUse();
  OperatorDriver driver(*Node(day, {Call(AggregateKind::kCountStar, -1, false, "pv"),
                                    Call(AggregateKind::kCount, 2, true, "uv")}));
  const int64_t row_step = 50 * kMillis;
  std::vector<types::Batch> pool = MakeBatches(1000, row_step, 4, 1'000'000);
  Run(state, &driver, &pool, row_step);
  // The pool repeats every 1,000 batches: the day's state holds the pool's distinct pairs.
  std::unordered_set<int64_t> pairs;
  for (const types::Batch& batch : pool) {
    for (size_t r = 0; r < batch.num_rows; ++r) {
      pairs.insert(batch.columns[1]->data<int64_t>()[r] * 1'000'000 +
                   batch.columns[2]->data<int64_t>()[r]);
    }
  }
  state.counters["state_bytes_per_distinct"] =
      (HeapBytesInUse() - before) / static_cast<double>(pairs.size());
  state.counters["distinct_pairs"] = static_cast<double>(pairs.size());
}
BENCHMARK(BM_WindowAggregate_CumulateDistinct)->Iterations(1600);

}  // namespace
}  // namespace sluice::bench
