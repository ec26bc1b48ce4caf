#include "sluice/operators/values_reader.h"

#include "absl/strings/str_cat.h"

namespace sluice::operators {

ValuesReader::ValuesReader(const planner::PlanNode& node)
    : schema_(node.schema), rows_(node.rows) {}

Status ValuesReader::Open(const runtime::SourceContext& context) {
  owns_rows_ = context.subtask_index == 0;
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
  types::Batch batch(schema_);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size(); ++c) types::AppendValue(batch.columns[c].get(), row[c]);
  }
  batch.num_rows = rows_.size();  // also right for a schema without columns
  done_ = true;
  result.status = runtime::ReadStatus::kBatch;
  result.batch = std::move(batch);
  result.split = 0;
  return result;
}

}  // namespace sluice::operators
