// The loop of a source task (Task::RunSource): read, push through the chain, wait briefly when
// the reader has nothing yet, and end with the final watermark when every split is exhausted.
#include "sluice/runtime/task.h"

namespace sluice::runtime {
namespace {

// How long a source task waits when its reader has nothing yet (microseconds).
constexpr int64_t kIdleWaitMicros = 1000;

}  // namespace

Status Task::RunSource() {
  while (!control_->stopping()) {
    SLUICE_RETURN_IF_ERROR(FireDueTimers());
    SLUICE_ASSIGN_OR_RETURN(ReadResult result, reader_->Read());
    switch (result.status) {
      case ReadStatus::kBatch: {
        progress_->rows_read.fetch_add(static_cast<int64_t>(result.batch.num_rows),
                                       std::memory_order_relaxed);
        chain_.SetCurrentSplit(result.split);
        SLUICE_RETURN_IF_ERROR(chain_.ProcessBatch(0, std::move(result.batch)));
        FlushMetrics();
        break;
      }
      case ReadStatus::kNothingYet:
        // Wakes early when the job stops; never spins.
        if (!setup_.inbox->Sleep(TimeUntilTimer(kIdleWaitMicros))) {
          return absl::CancelledError("job is stopping");
        }
        break;
      case ReadStatus::kEnd:
        input_watermark_ = kMaxWatermark;
        SLUICE_RETURN_IF_ERROR(chain_.AdvanceWatermark(kMaxWatermark));
        SLUICE_RETURN_IF_ERROR(chain_.EndHeadInput(0));
        return Finish();
    }
  }
  return absl::CancelledError("job is stopping");
}

}  // namespace sluice::runtime
