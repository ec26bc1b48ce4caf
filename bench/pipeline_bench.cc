// Whole jobs through session::Session, with the runtime's tasks, threads and channels:
//   datagen -> blackhole                                   (the source alone)
//   datagen -> Calc(SELECT a + b, a * 2 WHERE c > 500) -> blackhole
//   datagen -> watermark -> TUMBLE(1 min) COUNT/SUM by 100 keys -> blackhole
// at the session defaults (parallelism 1, 1024-row batches). One iteration runs one bounded job
// of kRows rows from planning to the end of the job; rows/s is over wall-clock time (the job
// uses more than one thread: the main thread only waits). The machine has 2 cores, so these
// figures are per job, not per core.
#include <time.h>

#include <chrono>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "operator_driver.h"
#include "sluice/session/session.h"
#include "sluice/sql/parser.h"

namespace sluice::bench {
namespace {

constexpr int64_t kRows = 4'000'000;

const std::string& Tables() {
  static const std::string sql = R"sql(
CREATE TABLE numbers (
  a BIGINT,
  b BIGINT,
  c INT
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '1000000000000',
  'number-of-rows' = ')sql" + std::to_string(kRows) +
                                 R"sql(',
  'fields.a.min' = '-1000000',
  'fields.a.max' = '1000000',
  'fields.b.min' = '-1000000',
  'fields.b.max' = '1000000',
  'fields.c.min' = '0',
  'fields.c.max' = '999'
);
CREATE TABLE events (
  k      BIGINT,
  x      BIGINT,
  ts_ms  BIGINT,
  ts     AS TO_TIMESTAMP_LTZ(ts_ms, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '1000000000000',
  'fields.k.min' = '0',
  'fields.k.max' = '99',
  'fields.x.min' = '0',
  'fields.x.max' = '1000',
  'fields.ts_ms.kind' = 'sequence',
  'fields.ts_ms.start' = '1704067200000',
  'fields.ts_ms.end' = ')sql" + std::to_string(1704067200000 + kRows - 1) +
                                 R"sql('
);
CREATE TABLE sink_numbers (a BIGINT, b BIGINT, c INT) WITH ('connector' = 'blackhole');
CREATE TABLE sink_calc (s BIGINT, d BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE sink_windows (
  k BIGINT, cnt BIGINT, total BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3)
) WITH ('connector' = 'blackhole');
)sql";
  return sql;
}

// Reads the job's row counters when it finishes, to check that every row went through.
class ProgressObserver : public session::JobObserver {
 public:
  void OnJobStarted(const std::string& name, const runtime::JobProgress& progress,
                    bool bounded) override {
    progress_ = &progress;
  }
  void OnJobFinished() override {
    rows_read = progress_->rows_read.load();
    rows_written = progress_->rows_written.load();
  }
  int64_t rows_read = 0;
  int64_t rows_written = 0;

 private:
  const runtime::JobProgress* progress_ = nullptr;
};

double ProcessCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void RunJob(benchmark::State& state, const std::string& insert) {
  session::Session session;
  auto tables = sql::ParseScript(Tables());
  if (!tables.ok()) {
    state.SkipWithError(std::string(tables.status().message()).c_str());
    return;
  }
  for (const sql::StatementPtr& statement : *tables) {
    auto outcome = session.Execute(*statement, Tables(), nullptr);
    if (!outcome.ok()) {
      state.SkipWithError(std::string(outcome.status().message()).c_str());
      return;
    }
  }
  auto statement = sql::ParseStatement(insert);
  if (!statement.ok()) {
    state.SkipWithError(std::string(statement.status().message()).c_str());
    return;
  }
  ProgressObserver observer;
  double cpu_seconds = 0;
  double wall_seconds = 0;
  for (auto _ : state) {
    const double cpu_start = ProcessCpuSeconds();
    const auto wall_start = std::chrono::steady_clock::now();
    auto outcome = session.Execute(**statement, insert, nullptr, &observer);
    wall_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    cpu_seconds += ProcessCpuSeconds() - cpu_start;
    if (!outcome.ok()) {
      state.SkipWithError(std::string(outcome.status().message()).c_str());
      return;
    }
    if (observer.rows_read != kRows) {
      state.SkipWithError(("the job read " + std::to_string(observer.rows_read) + " rows").c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  // All threads of the process: the job's tasks, not only this waiting thread.
  state.counters["rows_per_cpu_second"] =
      static_cast<double>(state.iterations() * kRows) / cpu_seconds;
  state.counters["cores_used"] = cpu_seconds / wall_seconds;
  state.counters["rows_written_per_job"] = static_cast<double>(observer.rows_written);
}

void BM_Pipeline_DatagenBlackhole(benchmark::State& state) {
  RunJob(state, "INSERT INTO sink_numbers SELECT a, b, c FROM numbers");
}
BENCHMARK(BM_Pipeline_DatagenBlackhole)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Pipeline_DatagenCalcBlackhole(benchmark::State& state) {
  RunJob(state, "INSERT INTO sink_calc SELECT a + b, a * 2 FROM numbers WHERE c > 500");
}
BENCHMARK(BM_Pipeline_DatagenCalcBlackhole)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Pipeline_DatagenTumbleBlackhole(benchmark::State& state) {
  RunJob(state,
         "INSERT INTO sink_windows SELECT k, COUNT(*), SUM(x), window_start, window_end "
         "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) "
         "GROUP BY window_start, window_end, k");
}
BENCHMARK(BM_Pipeline_DatagenTumbleBlackhole)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sluice::bench
