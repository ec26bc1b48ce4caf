// Chain: the operators of one task, calling each other directly (DESIGN.md §4: no queue between
// chained operators). Owns each operator's context, metrics and timers.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "sluice/runtime/job_executor.h"
#include "sluice/runtime/operator.h"
#include "sluice/runtime/timer_queue.h"

namespace sluice::runtime {

class Chain {
 public:
  /// `tail` receives what the last operator emits (the task's output channels). `rows_written`,
  /// when set, counts rows entering the last operator (sink vertices).
  Chain(Output* tail, std::atomic<int64_t>* rows_written);
  ~Chain();
  Chain(const Chain&) = delete;
  Chain& operator=(const Chain&) = delete;

  /// Appends an operator; its context is `context` with timers and metrics filled in.
  void Add(OperatorPtr op, const OperatorContext& context);
  Status Open();
  /// Calls Close() on every operator whose Open was attempted.
  void Close();

  /// Feeds chain[0] (or the tail when the chain is empty).
  Status ProcessBatch(int input, types::Batch batch);
  /// The task's input watermark rose to `watermark`: chain[0].OnWatermark, then forward through
  /// the chain (each operator sees only strictly increasing watermarks).
  Status AdvanceWatermark(int64_t watermark);
  /// Input `input` of chain[0] has ended.
  Status EndHeadInput(int input);
  /// Every input has ended: EndInput(0) on chain[1..] in order.
  Status EndChainedInputs();

  /// The earliest processing-time timer of any operator, or TimerQueue::kNoTimer.
  int64_t EarliestTimer() const;
  /// Calls OnProcessingTime(now) on each operator with a due timer.
  Status FireTimers(int64_t now_micros);

  /// Sets OperatorContext::current_split of every operator (source tasks).
  void SetCurrentSplit(int split);
  /// Calls OnSplitFinished(split) on every operator in order (source tasks).
  Status SplitFinished(int split);
  /// Adds the growth of late_rows_dropped / records_skipped since the last call to `progress`.
  void FlushMetrics(JobProgress* progress);

 private:
  class LinkOutput;
  struct Slot;

  Status Deliver(size_t index, int input, types::Batch batch);

  Output* tail_;
  std::atomic<int64_t>* rows_written_;
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace sluice::runtime
