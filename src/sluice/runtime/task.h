// Task: one subtask of one vertex, run on its own thread. A source task reads from its
// SourceReader; any other task drains its inbox. Both push results through their operator chain
// into the TaskOutput.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "sluice/runtime/chain.h"
#include "sluice/runtime/inbox.h"
#include "sluice/runtime/job_control.h"
#include "sluice/runtime/job_executor.h"
#include "sluice/runtime/job_spec.h"
#include "sluice/runtime/task_output.h"

namespace sluice::runtime {

/// Everything a task needs, resolved by the executor before threads start.
struct TaskSetup {
  const VertexSpec* vertex = nullptr;
  int subtask_index = 0;
  int max_parallelism = 128;
  int64_t batch_size = 1024;
  const Options* options = nullptr;
  absl::TimeZone local_time_zone = absl::UTCTimeZone();
  /// This task's inbox: input channels of a consuming task; a source task only sleeps on it.
  Inbox* inbox = nullptr;
  /// Channel id -> input index of the head operator.
  std::vector<int> channel_inputs;
  std::vector<OutgoingEdge> outputs;
};

class Task {
 public:
  Task(TaskSetup setup, JobControl* control, JobProgress* progress);
  ~Task();

  /// The thread body: creates and opens the operators, runs until the input ends, the job stops
  /// or something fails (reported to JobControl), and closes everything on the way out.
  void Run();

 private:
  Status Execute();
  Status OpenOperators();
  Status RunSource();  // source_task.cc
  Status ReportFinishedSplits(int pending_split);  // source_task.cc
  Status RunInputs();
  Status OnWatermarkMessage(int channel, int64_t watermark);
  Status OnEndOfInputMessage(int channel);
  Status AdvanceInputWatermark();
  /// Fires due processing-time timers (if any are due).
  Status FireDueTimers();
  /// Microseconds until the earliest timer, capped at `cap` (< 0: no cap, -1 if no timer).
  int64_t TimeUntilTimer(int64_t cap) const;
  /// Ends the task: final watermark, EndInput on the chain, end of input downstream.
  Status Finish();
  void FlushMetrics();
  void CloseAll();

  TaskSetup setup_;
  JobControl* control_;
  JobProgress* progress_;
  TaskOutput output_;
  Chain chain_;
  std::unique_ptr<SourceReader> reader_;
  std::vector<bool> split_finished_;  // splits already reported to the chain
  bool reader_open_attempted_ = false;
  OperatorMetrics source_metrics_;
  int64_t reported_source_skipped_ = 0;

  // Input state of a consuming task.
  std::vector<int64_t> channel_watermarks_;
  std::vector<bool> channel_ended_;
  std::vector<int> open_channels_per_input_;
  int open_channels_ = 0;
  int64_t input_watermark_ = kMinWatermark;
};

}  // namespace sluice::runtime
