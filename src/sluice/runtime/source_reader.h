// SourceReader: what a connector gives the runtime to read one subtask's share of a table.
// Readers are split-based (a file, a datagen sequence range, a topic partition) so watermarks
// are tracked per split and positions can be checkpointed.
#pragma once

#include <cstdint>
#include <string>

#include "sluice/common/status.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/batch.h"

namespace sluice::runtime {

struct SourceContext {
  int subtask_index = 0;
  int parallelism = 1;
  int64_t batch_size = 1024;  // execution.batch-size: the most rows one batch should carry
  const Options* job_options = nullptr;
  OperatorMetrics* metrics = nullptr;
};

enum class ReadStatus {
  kBatch,       // `batch` holds rows from split `split`
  kNothingYet,  // no data right now (unbounded source); the task waits briefly and asks again
  kEnd,         // every split of this reader is exhausted (bounded source)
};

struct ReadResult {
  ReadStatus status = ReadStatus::kNothingYet;
  types::Batch batch;
  int split = 0;  // index among this reader's splits [0, num_splits())
};

class SourceReader {
 public:
  virtual ~SourceReader() = default;
  virtual Status Open(const SourceContext& context) = 0;
  /// Number of splits this reader owns (for per-split watermarks); may be 0 for an empty share.
  virtual int num_splits() const = 0;
  /// Returns the next batch (schema = the table's physical columns plus requested metadata
  /// columns, in the order the factory was given), or kNothingYet / kEnd.
  virtual StatusOr<ReadResult> Read() = 0;
  /// Splits that are finished, for idle detection (optional).
  virtual bool IsSplitFinished(int split) const { return false; }
  virtual void Close() {}
};

}  // namespace sluice::runtime
