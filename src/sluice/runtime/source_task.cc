// The loop of a source task (Task::RunSource): read, push through the chain, wait briefly when
// the reader has nothing yet, and end with the final watermark when every split is exhausted.
#include "sluice/runtime/task.h"

namespace sluice::runtime {
namespace {

// How long a source task waits when its reader has nothing yet (microseconds).
constexpr int64_t kIdleWaitMicros = 1000;

}  // namespace

// Tells the chain about splits that finished since the last read, except `pending_split`, whose
// batch is yet to be processed.
Status Task::ReportFinishedSplits(int pending_split) {
  const int splits = reader_->num_splits();
  if (static_cast<int>(split_finished_.size()) < splits) split_finished_.resize(splits, false);
  for (int split = 0; split < splits; ++split) {
    if (split == pending_split || split_finished_[split] || !reader_->IsSplitFinished(split)) {
      continue;
    }
    split_finished_[split] = true;
    SLUICE_RETURN_IF_ERROR(chain_.SplitFinished(split));
  }
  return Status();
}

Status Task::RunSource() {
  while (!control_->stopping()) {
    SLUICE_RETURN_IF_ERROR(FireDueTimers());
    SLUICE_ASSIGN_OR_RETURN(ReadResult result, reader_->Read());
    switch (result.status) {
      case ReadStatus::kBatch: {
        progress_->rows_read.fetch_add(static_cast<int64_t>(result.batch.num_rows),
                                       std::memory_order_relaxed);
        // Splits that ended before this batch no longer hold the watermark back for it; its own
        // split is reported after it, since its last rows still count toward its watermark.
        SLUICE_RETURN_IF_ERROR(ReportFinishedSplits(result.split));
        chain_.SetCurrentSplit(result.split);
        SLUICE_RETURN_IF_ERROR(chain_.ProcessBatch(0, std::move(result.batch)));
        SLUICE_RETURN_IF_ERROR(ReportFinishedSplits(-1));
        FlushMetrics();
        break;
      }
      case ReadStatus::kNothingYet:
        SLUICE_RETURN_IF_ERROR(ReportFinishedSplits(-1));
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
