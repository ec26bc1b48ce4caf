#include "sluice/runtime/task.h"

#include <algorithm>
#include <exception>

#include "sluice/common/clock.h"
#include "sluice/common/logging.h"

namespace sluice::runtime {

Task::Task(TaskSetup setup, JobControl* control, JobProgress* progress)
    : setup_(std::move(setup)),
      control_(control),
      progress_(progress),
      output_(std::move(setup_.outputs)),
      chain_(&output_, output_.has_edges() ? nullptr : &progress->rows_written) {}

Task::~Task() = default;

void Task::Run() {
  Status status;
  try {
    status = Execute();
  } catch (const std::exception& e) {
    status = absl::InternalError(e.what());
  }
  FlushMetrics();
  if (!status.ok()) {
    control_->Fail(status, setup_.vertex->name, setup_.subtask_index, setup_.vertex->parallelism);
  }
  CloseAll();
}

Status Task::Execute() {
  SLUICE_RETURN_IF_ERROR(OpenOperators());
  if (setup_.vertex->source) return RunSource();
  return RunInputs();
}

Status Task::OpenOperators() {
  const VertexSpec& vertex = *setup_.vertex;
  OperatorContext context;
  context.subtask_index = setup_.subtask_index;
  context.parallelism = vertex.parallelism;
  context.max_parallelism = setup_.max_parallelism;
  context.options = setup_.options;
  context.local_time_zone = setup_.local_time_zone;
  context.batch_size = setup_.batch_size;
  for (const OperatorFactory& factory : vertex.chain) {
    SLUICE_ASSIGN_OR_RETURN(OperatorPtr op, factory(setup_.subtask_index));
    chain_.Add(std::move(op), context);
  }
  SLUICE_RETURN_IF_ERROR(chain_.Open());
  if (vertex.source) {
    SLUICE_ASSIGN_OR_RETURN(reader_, vertex.source(setup_.subtask_index));
    SourceContext source_context;
    source_context.subtask_index = setup_.subtask_index;
    source_context.parallelism = vertex.parallelism;
    source_context.batch_size = setup_.batch_size;
    source_context.job_options = setup_.options;
    source_context.metrics = &source_metrics_;
    reader_open_attempted_ = true;
    SLUICE_RETURN_IF_ERROR(reader_->Open(source_context));
  }
  return Status();
}

Status Task::RunInputs() {
  const size_t channels = setup_.channel_inputs.size();
  channel_watermarks_.assign(channels, kMinWatermark);
  channel_ended_.assign(channels, false);
  int inputs = 0;
  for (int input : setup_.channel_inputs) inputs = std::max(inputs, input + 1);
  open_channels_per_input_.assign(inputs, 0);
  for (int input : setup_.channel_inputs) ++open_channels_per_input_[input];
  open_channels_ = static_cast<int>(channels);
  if (open_channels_ == 0) {
    // No inputs at all (e.g. an operator producing constant rows): end at once.
    input_watermark_ = kMaxWatermark;
    SLUICE_RETURN_IF_ERROR(chain_.AdvanceWatermark(kMaxWatermark));
    SLUICE_RETURN_IF_ERROR(chain_.EndHeadInput(0));
    return Finish();
  }

  Message message;
  while (true) {
    SLUICE_RETURN_IF_ERROR(FireDueTimers());
    switch (setup_.inbox->Pop(&message, TimeUntilTimer(-1))) {
      case Inbox::PopResult::kClosed:
        return absl::CancelledError("job is stopping");
      case Inbox::PopResult::kTimeout:
        continue;
      case Inbox::PopResult::kMessage:
        break;
    }
    switch (message.kind) {
      case Message::Kind::kBatch:
        SLUICE_RETURN_IF_ERROR(chain_.ProcessBatch(message.input, std::move(message.batch)));
        break;
      case Message::Kind::kWatermark:
        SLUICE_RETURN_IF_ERROR(OnWatermarkMessage(message.channel, message.watermark));
        break;
      case Message::Kind::kEndOfInput:
        SLUICE_RETURN_IF_ERROR(OnEndOfInputMessage(message.channel));
        if (open_channels_ == 0) return Status();
        break;
    }
    FlushMetrics();
  }
}

Status Task::OnWatermarkMessage(int channel, int64_t watermark) {
  if (channel_ended_[channel] || watermark <= channel_watermarks_[channel]) return Status();
  const bool was_minimum = channel_watermarks_[channel] == input_watermark_;
  channel_watermarks_[channel] = watermark;
  // Only a channel that held the minimum back can move it.
  if (!was_minimum) return Status();
  return AdvanceInputWatermark();
}

Status Task::OnEndOfInputMessage(int channel) {
  if (channel_ended_[channel]) return Status();
  channel_ended_[channel] = true;
  channel_watermarks_[channel] = kMaxWatermark;  // an ended channel never holds time back
  SLUICE_RETURN_IF_ERROR(AdvanceInputWatermark());
  const int input = setup_.channel_inputs[channel];
  if (--open_channels_per_input_[input] == 0) SLUICE_RETURN_IF_ERROR(chain_.EndHeadInput(input));
  if (--open_channels_ == 0) return Finish();
  return Status();
}

Status Task::AdvanceInputWatermark() {
  const int64_t minimum = *std::min_element(channel_watermarks_.begin(), channel_watermarks_.end());
  if (minimum <= input_watermark_) return Status();
  input_watermark_ = minimum;
  return chain_.AdvanceWatermark(minimum);
}

Status Task::Finish() {
  SLUICE_RETURN_IF_ERROR(chain_.EndChainedInputs());
  return output_.EmitEndOfInput();
}

Status Task::FireDueTimers() {
  const int64_t earliest = chain_.EarliestTimer();
  if (earliest == TimerQueue::kNoTimer) return Status();
  const int64_t now = NowMicros();
  if (earliest > now) return Status();
  return chain_.FireTimers(now);
}

int64_t Task::TimeUntilTimer(int64_t cap) const {
  const int64_t earliest = chain_.EarliestTimer();
  if (earliest == TimerQueue::kNoTimer) return cap;
  const int64_t wait = std::max<int64_t>(earliest - NowMicros(), 0);
  return cap >= 0 ? std::min(wait, cap) : wait;
}

void Task::FlushMetrics() {
  chain_.FlushMetrics(progress_);
  if (source_metrics_.records_skipped != reported_source_skipped_) {
    progress_->records_skipped.fetch_add(source_metrics_.records_skipped - reported_source_skipped_,
                                         std::memory_order_relaxed);
    reported_source_skipped_ = source_metrics_.records_skipped;
  }
}

void Task::CloseAll() {
  chain_.Close();
  if (reader_ != nullptr && reader_open_attempted_) reader_->Close();
  reader_open_attempted_ = false;
}

}  // namespace sluice::runtime
