#include "sluice/operators/window_table_function.h"

namespace sluice::operators {

WindowTableFunction::WindowTableFunction(const planner::PlanNode& node)
    : schema_(node.schema), window_(node.window), time_column_(node.time_column) {}

Status WindowTableFunction::Open(runtime::OperatorContext* context) {
  context_ = context;
  assigner_ = std::make_unique<WindowAssigner>(window_, context->local_time_zone);
  return Status();
}

Status WindowTableFunction::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  if (batch.num_rows == 0) return Status();
  const size_t input_rows = batch.num_rows;
  const types::Column& time = *batch.columns[time_column_];
  const int64_t* times = time.data<int64_t>();
  const uint8_t* nulls = time.nulls();
  const size_t width = schema_->size();
  auto starts = types::MakeColumn(schema_->field(width - 3).type);
  auto ends = types::MakeColumn(schema_->field(width - 2).type);
  auto window_times = types::MakeColumn(schema_->field(width - 1).type);

  if (window_.kind == planner::WindowKind::kTumble) {
    // One window per row: compute it in place and drop NULL times.
    if (nulls != nullptr) {
      selection_.clear();
      for (size_t i = 0; i < input_rows; ++i) {
        if (!nulls[i]) selection_.push_back(static_cast<uint32_t>(i));
      }
      if (selection_.empty()) return Status();
      batch = batch.Select(selection_.data(), selection_.size());
      times = batch.columns[time_column_]->data<int64_t>();
    }
    const size_t rows = batch.num_rows;
    starts->Resize(rows);
    ends->Resize(rows);
    window_times->Resize(rows);
    int64_t* start_data = starts->mutable_data<int64_t>();
    int64_t* end_data = ends->mutable_data<int64_t>();
    int64_t* time_data = window_times->mutable_data<int64_t>();
    const int64_t size = window_.size;
    for (size_t i = 0; i < rows; ++i) {
      const int64_t end = assigner_->SliceEnd(assigner_->ToLocal(times[i]));
      end_data[i] = end;
      start_data[i] = end - size;
      time_data[i] = assigner_->WindowTime(end);
    }
  } else {
    // Several windows per row: repeat the row once per window.
    selection_.clear();
    for (size_t i = 0; i < input_rows; ++i) {
      if (nulls != nullptr && nulls[i]) continue;
      assigner_->AssignWindows(assigner_->ToLocal(times[i]), &windows_);
      for (const auto& [start, end] : windows_) {
        selection_.push_back(static_cast<uint32_t>(i));
        starts->Append<int64_t>(start);
        ends->Append<int64_t>(end);
        window_times->Append<int64_t>(assigner_->WindowTime(end));
      }
    }
    if (selection_.empty()) return Status();
    batch = batch.Select(selection_.data(), selection_.size());
  }
  batch.schema = schema_;
  batch.columns.push_back(std::move(starts));
  batch.columns.push_back(std::move(ends));
  batch.columns.push_back(std::move(window_times));
  return out->Collect(std::move(batch));
}

}  // namespace sluice::operators
