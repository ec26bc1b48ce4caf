// JobExecutor: runs a JobSpec on threads (one per subtask) connected by bounded channels, and
// reports how it ended.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "sluice/common/status.h"
#include "sluice/runtime/job_spec.h"

namespace sluice::runtime {

/// Live counters of a running job, read by progress displays (relaxed atomics).
struct JobProgress {
  std::atomic<int64_t> rows_read{0};      // rows produced by all source readers
  std::atomic<int64_t> rows_written{0};   // rows that reached sink vertices' last operator
  std::atomic<int64_t> late_rows_dropped{0};
  std::atomic<int64_t> records_skipped{0};
};

class JobExecutor {
 public:
  explicit JobExecutor(JobSpec spec);
  ~JobExecutor();
  /// Starts all tasks; returns at once.
  Status Start();
  /// Blocks until every task finished (bounded input exhausted), one failed (the first error is
  /// returned, with the vertex and subtask named), or Cancel() was called (returns OK).
  Status Wait();
  /// Asks all tasks to stop; safe from any thread, including a signal-watching one.
  void Cancel();
  const JobProgress& progress() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::runtime
