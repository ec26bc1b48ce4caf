#include "sluice/operators/values_reader.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sluice::operators {

ValuesReader::ValuesReader(const planner::PlanNode& node)
    : schema_(node.schema), rows_(node.rows) {}

Status ValuesReader::Open(const runtime::SourceContext& context) {
  owns_rows_ = context.subtask_index == 0;
  batch_size_ = std::max<int64_t>(context.batch_size, 1);
  for (const auto& row : rows_) {
    if (row.size() != schema_->size()) {
      return absl::InternalError(absl::StrCat("VALUES row has ", row.size(),
                                              " values but the schema has ", schema_->size(),
                                              " columns"));
    }
  }
  return Status();
}

StatusOr<runtime::ReadResult> ValuesReader::Read() {
  runtime::ReadResult result;
  if (done_ || !owns_rows_ || rows_.empty()) {
    done_ = true;
    result.status = runtime::ReadStatus::kEnd;
    return result;
  }
  // At most execution.batch-size rows per batch.
  types::Batch batch(schema_);
  size_t end = std::min(rows_.size(), next_row_ + static_cast<size_t>(batch_size_));
  for (size_t r = next_row_; r < end; ++r) {
    const auto& row = rows_[r];
    for (size_t c = 0; c < row.size(); ++c) types::AppendValue(batch.columns[c].get(), row[c]);
  }
  batch.num_rows = end - next_row_;  // also right for a schema without columns
  next_row_ = end;
  done_ = next_row_ == rows_.size();
  result.status = runtime::ReadStatus::kBatch;
  result.batch = std::move(batch);
  result.split = 0;
  return result;
}

}  // namespace sluice::operators
