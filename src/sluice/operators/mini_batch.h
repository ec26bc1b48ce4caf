// MiniBatch: when an operator that buffers rows per key ('table.exec.mini-batch.enabled') must
// flush. A bundle ends when `size` rows are buffered, when `latency` of processing time has
// passed since its first row, at a watermark, and at end of input — as Flink's mini-batch
// triggers. Only the per-key result at the end of a bundle is emitted, so intermediate updates
// inside one bundle collapse.
#pragma once

#include <cstdint>

#include "sluice/runtime/operator.h"

namespace sluice::operators {

struct MiniBatchOptions {
  int64_t size = 0;     // rows per bundle; 0 = mini-batch off
  int64_t latency = 0;  // microseconds
  bool enabled() const { return size > 0; }
};

class MiniBatch {
 public:
  explicit MiniBatch(MiniBatchOptions options) : options_(options) {}

  bool enabled() const { return options_.enabled(); }
  /// Counts one buffered row; true when the bundle is full and must flush now.
  bool Add(runtime::OperatorContext* context) {
    if (rows_++ == 0 && context->timers != nullptr) {
      deadline_ = context->timers->CurrentProcessingTime() + options_.latency;
      context->timers->RegisterProcessingTimer(deadline_);
    }
    return rows_ >= options_.size;
  }
  /// True when a processing-time callback at `now` ends the current bundle.
  bool Due(int64_t now) const { return rows_ > 0 && now >= deadline_; }
  bool empty() const { return rows_ == 0; }
  /// The bundle was flushed.
  void Reset() { rows_ = 0; }

 private:
  MiniBatchOptions options_;
  int64_t rows_ = 0;
  int64_t deadline_ = 0;
};

}  // namespace sluice::operators
