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
  std::atomic<int64_t> rows_read{0};     // rows produced by all source readers
  std::atomic<int64_t> rows_written{0};  // rows that reached sink vertices' last operator
  std::atomic<int64_t> late_rows_dropped{0};
  std::atomic<int64_t> records_skipped{0};
};

class JobExecutor {
 public:
  explicit JobExecutor(JobSpec spec);
  ~JobExecutor();
  /// Starts all tasks (one thread per subtask; operators are created and opened on their task's
  /// thread); returns at once. Fails on invalid settings: 'execution.batch-size' (default 1024),
  /// 'pipeline.max-parallelism' (default 128), 'taskmanager.network.inbox-batches' (batches a
  /// task's inbox holds before senders block, default 32), 'table.local-time-zone' (default UTC).
  Status Start();
  /// Blocks until every task finished (bounded input exhausted), one failed, or Cancel() was called
  /// (returns OK). The first error is returned: InvalidArgument (bad user data) unchanged, other
  /// codes with the vertex and subtask named ("Sink: out (2/4): ..."). Every operator and reader
  /// is closed and destroyed before it returns.
  Status Wait();
  /// Asks all tasks to stop; safe from any thread, including a signal-watching one. Source readers
  /// must return from Read() promptly (kNothingYet rather than blocking) for this to be quick.
  void Cancel();
  const JobProgress& progress() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::runtime
