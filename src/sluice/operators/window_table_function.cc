#include "sluice/operators/window_table_function.h"

namespace sluice::operators {

WindowTableFunction::WindowTableFunction(const planner::PlanNode& node)
    : schema_(node.schema), window_(node.window), time_column_(node.time_column) {}

Status WindowTableFunction::Open(runtime::OperatorContext* context) {
  context_ = context;
  assigner_ = std::make_unique<TumblingWindowAssigner>(window_, context->local_time_zone);
  return Status();
}

Status WindowTableFunction::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  if (batch.num_rows == 0) return Status();
  if (batch.columns[time_column_]->has_nulls()) {
    const uint8_t* nulls = batch.columns[time_column_]->nulls();
    selection_.clear();
    for (size_t i = 0; i < batch.num_rows; ++i) {
      if (!nulls[i]) selection_.push_back(static_cast<uint32_t>(i));
    }
    if (selection_.empty()) return Status();
    batch = batch.Select(selection_.data(), selection_.size());
  }
  const size_t rows = batch.num_rows;
  const int64_t* times = batch.columns[time_column_]->data<int64_t>();
  const size_t width = schema_->size();
  auto starts = types::MakeColumn(schema_->field(width - 3).type);
  auto ends = types::MakeColumn(schema_->field(width - 2).type);
  auto window_times = types::MakeColumn(schema_->field(width - 1).type);
  starts->Resize(rows);
  ends->Resize(rows);
  window_times->Resize(rows);
  int64_t* start_data = starts->mutable_data<int64_t>();
  int64_t* end_data = ends->mutable_data<int64_t>();
  int64_t* time_data = window_times->mutable_data<int64_t>();
  const int64_t size = assigner_->size();
  for (size_t i = 0; i < rows; ++i) {
    int64_t end = assigner_->WindowEnd(times[i]);
    end_data[i] = end;
    start_data[i] = end - size;
    time_data[i] = assigner_->WindowTime(end);
  }
  batch.schema = schema_;
  batch.columns.push_back(std::move(starts));
  batch.columns.push_back(std::move(ends));
  batch.columns.push_back(std::move(window_times));
  return out->Collect(std::move(batch));
}

}  // namespace sluice::operators
