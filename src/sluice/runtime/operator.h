// The operator interface (DESIGN.md §4): small and flat. The runtime calls an operator from one
// thread only (its task's), so operators need no locking.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "sluice/common/options.h"
#include "sluice/common/status.h"
#include "sluice/types/batch.h"

namespace sluice::runtime {

constexpr int64_t kMinWatermark = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxWatermark = std::numeric_limits<int64_t>::max();

/// Where an operator sends its results. Implemented by the runtime: either the next chained
/// operator (a direct call) or the task's output channels.
class Output {
 public:
  virtual ~Output() = default;
  virtual Status Collect(types::Batch batch) = 0;
  /// Forwards a watermark downstream (microseconds; the runtime calls this after OnWatermark,
  /// operators that hold back time may call it themselves).
  virtual Status EmitWatermark(int64_t watermark) = 0;
};

/// Processing-time timer registration, owned by the task.
class TimerService {
 public:
  virtual ~TimerService() = default;
  /// Asks for OnProcessingTime to be called at or after `time_micros` (wall clock).
  virtual void RegisterProcessingTimer(int64_t time_micros) = 0;
  virtual int64_t CurrentProcessingTime() const = 0;
};

/// Counters an operator reports (shown in progress output and later metrics).
struct OperatorMetrics {
  int64_t rows_in = 0;
  int64_t rows_out = 0;
  int64_t late_rows_dropped = 0;
  int64_t records_skipped = 0;  // bad records skipped by a format's ignore-parse-errors
};

/// What an operator can see about where it runs.
struct OperatorContext {
  int subtask_index = 0;
  int parallelism = 1;
  int max_parallelism = 128;
  const Options* options = nullptr;  // the job's configuration
  absl::TimeZone local_time_zone = absl::UTCTimeZone();
  TimerService* timers = nullptr;
  OperatorMetrics* metrics = nullptr;
  /// The split of the batch being processed in a source task (per-split watermarks), or -1.
  int current_split = -1;
  int64_t batch_size = 1024;
};

class Operator {
 public:
  virtual ~Operator() = default;
  /// Allocates state and buffers. `context` outlives the operator.
  virtual Status Open(OperatorContext* context) {
    context_ = context;
    return Status();
  }
  /// The only required method. `input` is the input index (0 or 1 for joins).
  virtual Status ProcessBatch(int input, types::Batch batch, Output* out) = 0;
  /// Fires event-time work at or before `watermark`. The runtime forwards the watermark after
  /// this returns.
  virtual Status OnWatermark(int64_t watermark, Output* out) { return Status(); }
  virtual Status OnProcessingTime(int64_t now_micros, Output* out) { return Status(); }
  /// The watermark forwarded downstream after OnWatermark(`watermark`): operators whose output
  /// rows may be older than their input watermark (interval joins) hold it back.
  virtual int64_t OutputWatermark(int64_t watermark) const { return watermark; }
  /// Source tasks only: split `split` of this subtask's reader has no more data, so it must no
  /// longer hold the watermark back (as Flink drops finished splits from the minimum).
  virtual Status OnSplitFinished(int split, Output* out) { return Status(); }
  /// Bounded input `input` has ended: flush final results.
  virtual Status EndInput(int input, Output* out) { return Status(); }
  virtual void Close() {}
  /// Short name for logs and EXPLAIN ("Calc", "GroupAggregate", ...).
  virtual std::string name() const = 0;

 protected:
  OperatorContext* context_ = nullptr;
};

using OperatorPtr = std::unique_ptr<Operator>;

}  // namespace sluice::runtime
