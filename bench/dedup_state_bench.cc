// Deduplication state and speed (docs/performance.md §2c).
//
// Per device per minute (Kwai's "DID + minute" deduplication, the input of a per-minute UV):
//   SELECT window_start, window_end, did FROM (
//     SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, did ORDER BY ts) AS rn
//     FROM TABLE(TUMBLE(TABLE app_log, DESCRIPTOR(ts), INTERVAL '1' MINUTE))) WHERE rn = 1
// run by WindowRank (the plain plan) with 16 minutes of watermark delay, by
// CompactWindowDeduplicate with 16 minutes, and by WindowRank with no delay (no disorder
// tolerated: delayed rows are late). Every device sends 2 rows per minute of event time, in time
// order, except 10% of rows that arrive 1 to 15 minutes late (chosen by a hash of device, minute
// and row, so no input is stored ahead). After every 1024-row batch the watermark moves to the
// largest time so far minus the delay. Device ids are 16-character strings. The state is the
// largest heap in use (glibc's mallinfo2) at the end of minutes 17 to 24, when 17 windows are open
// with 16 minutes of delay and one without, minus the heap before the operator was created (the
// arrival buffer, reserved before, is not counted), per device.
//
// Non-window deduplication (Deduplicate), 1 M keys, 4 rows per key in time order: keep the first
// row or the last (rowtime) and keep the first by processing time; heap per key after all rows.
#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "batch_generator.h"
#include "benchmark/benchmark.h"
#include "operator_driver.h"
#include "sluice/operators/compact_window_deduplicate.h"
#include "sluice/types/temporal.h"

namespace sluice::bench {
namespace {

using types::DataType;

constexpr int64_t kMillis = 1000;  // micros
constexpr int64_t kMinute = 60'000 * kMillis;
constexpr int64_t kStart = 1'704'067'200'000'000;  // 2024-01-01 00:00:00, micros
constexpr int kMinutes = 24;                       // minutes of event time fed
constexpr int kRowsPerMinute = 2;                  // rows per device and minute
constexpr int kMaxLateness = 15;                   // minutes a delayed row arrives after its own

// Bytes allocated from the heap and not freed (glibc's count).
double HeapBytesInUse() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd);  // arena chunks + mmapped blocks
}

uint64_t Mix(uint64_t x) {  // SplitMix64's finalizer
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// "d" and 15 digits: a 16-character device id.
std::vector<std::string> DeviceIds(int64_t devices) {
  std::vector<std::string> ids;
  ids.reserve(static_cast<size_t>(devices));
  char text[32];
  for (int64_t d = 0; d < devices; ++d) {
    std::snprintf(text, sizeof(text), "d%015lld", static_cast<long long>(d * 7919 + 12345));
    ids.emplace_back(text);
  }
  return ids;
}

types::SchemaPtr WindowedSchema() {
  DataType rowtime = DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime);
  DataType bound = DataType::Timestamp(3).WithNullable(false);
  return types::MakeSchema({{"did", DataType::String()},
                            {"ts", rowtime},
                            {"window_start", bound},
                            {"window_end", bound},
                            {"window_time", rowtime}});
}

planner::PlanPtr WindowDedupNode(bool compact) {
  auto input = planner::NewNode(planner::NodeKind::kValues, {});
  input->schema = WindowedSchema();
  auto node = planner::NewNode(planner::NodeKind::kDeduplicate, {input});
  node->schema = input->schema;
  node->partition_keys = {0};
  node->time_column = 1;
  node->sort_keys = {planner::SortKey{1, false, false}};
  node->window.kind = planner::WindowKind::kTumble;
  node->window.size = kMinute;
  node->window_start_column = 2;
  node->window_end_column = 3;
  node->compact_window = compact;
  return node;
}

struct Arrival {
  uint32_t device;
  int64_t time;
  int64_t order;  // position in the arrival minute
};

// The rows arriving in minute `arrival`, in arrival order. Row (device, minute, r) gets its
// millisecond within the minute (up to 59.998 s, so a minute's own rows never fire its window)
// and its delay (0, or 1..kMaxLateness minutes for 10% of rows) from a hash. Rows on time arrive
// in time order; delayed rows are spread at random among them.
void Arrivals(int64_t devices, int arrival, std::mt19937_64* random, std::vector<Arrival>* out) {
  out->clear();
  std::uniform_int_distribution<int64_t> position(0, kMinute - 1);
  for (int minute = std::max(0, arrival - kMaxLateness); minute <= arrival; ++minute) {
    for (int64_t d = 0; d < devices; ++d) {
      for (int r = 0; r < kRowsPerMinute; ++r) {
        const uint64_t h = Mix((static_cast<uint64_t>(d) << 24) ^ (minute << 8) ^ r);
        const int delay = h % 10 == 0 ? 1 + static_cast<int>((h >> 8) % kMaxLateness) : 0;
        if (minute + delay != arrival) continue;
        const int64_t offset = static_cast<int64_t>((h >> 16) % (kMinute / kMillis - 1)) * kMillis;
        const int64_t time = kStart + minute * kMinute + offset;
        out->push_back({static_cast<uint32_t>(d), time, delay == 0 ? offset : position(*random)});
      }
    }
  }
  std::sort(out->begin(), out->end(),
            [](const Arrival& a, const Arrival& b) { return a.order < b.order; });
}

types::Batch WindowedBatch(const types::SchemaPtr& schema, const std::vector<std::string>& ids,
                           const Arrival* rows, size_t count) {
  std::vector<types::ColumnPtr> columns;
  for (size_t c = 0; c < schema->size(); ++c) {
    columns.push_back(types::MakeColumn(schema->field(c).type));
    columns.back()->Reserve(count);
  }
  for (size_t i = 0; i < count; ++i) {
    const int64_t start = rows[i].time - types::FloorMod(rows[i].time, kMinute);
    columns[0]->AppendString(ids[rows[i].device]);
    columns[1]->Append<int64_t>(rows[i].time);
    columns[2]->Append<int64_t>(start);
    columns[3]->Append<int64_t>(start + kMinute);
    columns[4]->Append<int64_t>(start + kMinute - kMillis);
  }
  return MakeBatch(schema, std::move(columns));
}

// Arguments: operator (0 = WindowRank, 1 = CompactWindowDeduplicate), watermark delay in
// minutes, devices.
void BM_WindowDedup_PerDeviceMinute(benchmark::State& state) {
  const bool compact = state.range(0) == 1;
  const int64_t delay = state.range(1) * kMinute;
  const int64_t devices = state.range(2);
  const types::SchemaPtr schema = WindowedSchema();
  const std::vector<std::string> ids = DeviceIds(devices);
  std::mt19937_64 random(42);
  std::vector<Arrival> arrivals;
  arrivals.reserve(static_cast<size_t>(devices * kRowsPerMinute * 2));
  int64_t rows = 0;
  double state_bytes = 0;
  size_t keys = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const double before = HeapBytesInUse();
    planner::PlanPtr node = WindowDedupNode(compact);
    auto driver = std::make_unique<OperatorDriver>(*node);
    int64_t max_time = INT64_MIN;
    for (int arrival = 0; arrival < kMinutes; ++arrival) {
      // The state peaks at the end of a minute, before the next minute's rows fire a window.
      if (arrival >= kMaxLateness + 2) {
        state_bytes = std::max(state_bytes, HeapBytesInUse() - before);
      }
      Arrivals(devices, arrival, &random, &arrivals);
      for (size_t begin = 0; begin < arrivals.size(); begin += kBatchRows) {
        const size_t count = std::min(kBatchRows, arrivals.size() - begin);
        types::Batch batch = WindowedBatch(schema, ids, arrivals.data() + begin, count);
        for (size_t i = 0; i < count; ++i) max_time = std::max(max_time, arrivals[begin + i].time);
        state.ResumeTiming();
        CheckOk(driver->Process(batch), state);
        CheckOk(driver->Watermark(max_time - delay), state);
        state.PauseTiming();
        rows += static_cast<int64_t>(count);
      }
    }
    state_bytes = std::max(state_bytes, HeapBytesInUse() - before);
    if (compact) {
      keys = static_cast<const operators::CompactWindowDeduplicate*>(driver->op())->key_count();
    }
    state.counters["rows_out"] = static_cast<double>(driver->output().rows);
    state.counters["late_rows"] = static_cast<double>(driver->metrics().late_rows_dropped);
    driver.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(rows);
  state.counters["state_bytes_per_device"] = state_bytes / static_cast<double>(devices);
  state.counters["state_MB"] = state_bytes / 1e6;
  if (compact) state.counters["keys"] = static_cast<double>(keys);
}
BENCHMARK(BM_WindowDedup_PerDeviceMinute)
    ->ArgNames({"compact", "delay_min", "devices"})
    ->Args({0, 16, 100'000})
    ->Args({1, 16, 100'000})
    ->Args({0, 0, 100'000})
    ->Args({1, 16, 1'000'000})
    ->Args({0, 0, 1'000'000})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

planner::PlanPtr DedupNode(bool rowtime, bool keep_last) {
  DataType time =
      rowtime ? DataType::Timestamp(3).WithTimeAttribute(types::TimeAttribute::kRowtime)
              : DataType::TimestampLtz(3).WithTimeAttribute(types::TimeAttribute::kProctime);
  auto input = planner::NewNode(planner::NodeKind::kValues, {});
  input->schema =
      types::MakeSchema({{"did", DataType::String()}, {"v", DataType::BigInt()}, {"ts", time}});
  auto node = planner::NewNode(planner::NodeKind::kDeduplicate, {input});
  node->schema = input->schema;
  node->partition_keys = {0};
  node->time_column = 2;
  node->sort_keys = {planner::SortKey{2, keep_last, false}};
  node->keep_last = keep_last;
  return node;
}

// Arguments: 0 = rowtime keep first, 1 = rowtime keep last, 2 = proctime keep first; keys.
void BM_Deduplicate_State(benchmark::State& state) {
  const bool rowtime = state.range(0) != 2;
  const bool keep_last = state.range(0) == 1;
  const int64_t keys = state.range(1);
  const std::vector<std::string> ids = DeviceIds(keys);
  planner::PlanPtr node = DedupNode(rowtime, keep_last);
  std::mt19937_64 random(42);
  std::vector<uint32_t> order(static_cast<size_t>(keys));
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  int64_t rows = 0;
  double state_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const double before = HeapBytesInUse();
    auto driver = std::make_unique<OperatorDriver>(*node);
    int64_t time = kStart;
    for (int round = 0; round < 4; ++round) {
      std::shuffle(order.begin(), order.end(), random);
      for (size_t begin = 0; begin < order.size(); begin += kBatchRows) {
        const size_t count = std::min(kBatchRows, order.size() - begin);
        std::vector<types::ColumnPtr> columns;
        for (size_t c = 0; c < node->schema->size(); ++c) {
          columns.push_back(types::MakeColumn(node->schema->field(c).type));
          columns.back()->Reserve(count);
        }
        for (size_t i = 0; i < count; ++i) {
          columns[0]->AppendString(ids[order[begin + i]]);
          columns[1]->Append<int64_t>(round);
          columns[2]->Append<int64_t>(time += kMillis);
        }
        types::Batch batch = MakeBatch(node->schema, std::move(columns));
        state.ResumeTiming();
        CheckOk(driver->Process(batch), state);
        state.PauseTiming();
        rows += static_cast<int64_t>(count);
      }
    }
    state_bytes = HeapBytesInUse() - before;
    state.counters["rows_out"] = static_cast<double>(driver->output().rows);
    driver.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(rows);
  state.counters["state_bytes_per_key"] = state_bytes / static_cast<double>(keys);
}
BENCHMARK(BM_Deduplicate_State)
    ->ArgNames({"mode", "keys"})
    ->Args({0, 1'000'000})
    ->Args({1, 1'000'000})
    ->Args({2, 1'000'000})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sluice::bench
