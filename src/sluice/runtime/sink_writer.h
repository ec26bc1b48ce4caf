// SinkWriter: what a connector gives the runtime to write one subtask's share of a sink table.
#pragma once

#include <cstdint>

#include "sluice/common/status.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/batch.h"

namespace sluice::runtime {

struct SinkContext {
  int subtask_index = 0;
  int parallelism = 1;
  const Options* job_options = nullptr;
  absl::TimeZone local_time_zone = absl::UTCTimeZone();
  OperatorMetrics* metrics = nullptr;
};

class SinkWriter {
 public:
  virtual ~SinkWriter() = default;
  virtual Status Open(const SinkContext& context) = 0;
  /// Writes a batch whose schema is the sink's physical columns; row kinds are present when the
  /// stream is a changelog.
  virtual Status Write(const types::Batch& batch) = 0;
  /// Checkpoint barrier: flush and stage everything written so far (two-phase commit, phase 1).
  virtual Status PrepareCommit(int64_t checkpoint_id) { return Status(); }
  /// The checkpoint completed: make staged data visible (phase 2).
  virtual Status Commit(int64_t checkpoint_id) { return Status(); }
  /// End of bounded input: make everything written visible.
  virtual Status Finish() = 0;
  virtual void Close() {}
};

}  // namespace sluice::runtime
