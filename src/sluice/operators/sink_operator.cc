#include "sluice/operators/sink_operator.h"

namespace sluice::operators {

SinkOperator::SinkOperator(std::unique_ptr<runtime::SinkWriter> writer, bool drop_update_before,
                           std::string name)
    : writer_(std::move(writer)), drop_update_before_(drop_update_before), name_(std::move(name)) {}

Status SinkOperator::Open(runtime::OperatorContext* context) {
  context_ = context;
  runtime::SinkContext sink_context;
  sink_context.subtask_index = context->subtask_index;
  sink_context.parallelism = context->parallelism;
  sink_context.job_options = context->options;
  sink_context.local_time_zone = context->local_time_zone;
  sink_context.metrics = context->metrics;
  SLUICE_RETURN_IF_ERROR(writer_->Open(sink_context));
  opened_ = true;
  return Status();
}

Status SinkOperator::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  if (batch.num_rows == 0) return Status();
  if (drop_update_before_ && batch.has_row_kinds()) {
    selection_.clear();
    for (size_t i = 0; i < batch.num_rows; ++i) {
      if (batch.row_kinds[i] != types::RowKind::kUpdateBefore) {
        selection_.push_back(static_cast<uint32_t>(i));
      }
    }
    if (selection_.empty()) return Status();
    if (selection_.size() < batch.num_rows) {
      return writer_->Write(batch.Select(selection_.data(), selection_.size()));
    }
  }
  return writer_->Write(batch);
}

Status SinkOperator::EndInput(int input, runtime::Output* out) { return writer_->Finish(); }

void SinkOperator::Close() {
  if (opened_) writer_->Close();
  opened_ = false;
}

}  // namespace sluice::operators
