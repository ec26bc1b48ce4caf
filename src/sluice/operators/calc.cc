#include "sluice/operators/calc.h"

#include "sluice/common/clock.h"
#include "sluice/expr/expression_evaluator.h"

namespace sluice::operators {

Calc::Calc(const planner::PlanNode& node)
    : schema_(node.schema), projections_(node.projections), condition_(node.condition) {
  std::vector<int> columns;
  for (const expr::ExprPtr& projection : projections_) projection->CollectColumns(&columns);
  for (int c : columns) {
    if (c >= static_cast<int>(projection_reads_.size())) projection_reads_.resize(c + 1, false);
    projection_reads_[c] = true;
  }
}

Status Calc::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  if (batch.num_rows == 0) return Status();
  expr::EvalContext eval;
  eval.local_time_zone = context_->local_time_zone;
  eval.current_timestamp_micros = NowMicros();

  types::Batch filtered;
  const types::Batch* rows = &batch;
  if (condition_ != nullptr) {
    SLUICE_RETURN_IF_ERROR(expr::EvaluateFilter(*condition_, batch, eval, &selection_));
    if (selection_.empty()) return Status();
    if (selection_.size() < batch.num_rows) {
      // Gather only the columns the projections read; the others are left null, as the
      // evaluator's own sub-batches do (a column no expression references is never touched).
      filtered.schema = batch.schema;
      filtered.num_rows = selection_.size();
      filtered.columns.resize(batch.columns.size());
      for (size_t c = 0; c < batch.columns.size(); ++c) {
        if (c >= projection_reads_.size() || !projection_reads_[c]) continue;
        auto column = types::MakeColumn(batch.columns[c]->type());
        column->Reserve(selection_.size());
        column->AppendSelected(*batch.columns[c], selection_.data(), selection_.size());
        filtered.columns[c] = std::move(column);
      }
      if (batch.has_row_kinds()) {
        filtered.row_kinds.resize(selection_.size());
        for (size_t i = 0; i < selection_.size(); ++i) {
          filtered.row_kinds[i] = batch.row_kinds[selection_[i]];
        }
      }
      rows = &filtered;
    }
  }

  types::Batch result;
  result.schema = schema_;
  result.num_rows = rows->num_rows;
  result.columns.reserve(projections_.size());
  for (const expr::ExprPtr& projection : projections_) {
    SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr column, expr::Evaluate(*projection, *rows, eval));
    result.columns.push_back(std::move(column));
  }
  result.row_kinds = rows == &batch ? std::move(batch.row_kinds) : std::move(filtered.row_kinds);
  return out->Collect(std::move(result));
}

}  // namespace sluice::operators
