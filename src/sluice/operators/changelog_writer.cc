#include "sluice/operators/changelog_writer.h"

#include <algorithm>

namespace sluice::operators {

void ReadRow(const types::Batch& batch, size_t row, Row* out) {
  out->resize(batch.columns.size());
  for (size_t c = 0; c < batch.columns.size(); ++c) {
    (*out)[c] = types::GetValue(*batch.columns[c], row);
  }
}

Status ChangelogWriter::Append(types::RowKind kind, const Row& row, const Row* extra,
                               runtime::Output* out) {
  size_t column = 0;
  for (const types::Value& v : row) types::AppendValue(pending_.columns[column++].get(), v);
  if (extra != nullptr) {
    for (const types::Value& v : *extra) types::AppendValue(pending_.columns[column++].get(), v);
  }
  return Added(kind, out);
}

Status ChangelogWriter::AppendFrom(types::RowKind kind, const types::Batch& batch, size_t row,
                                   const Row* extra, runtime::Output* out) {
  const uint32_t index = static_cast<uint32_t>(row);
  size_t column = 0;
  for (; column < batch.columns.size(); ++column) {
    pending_.columns[column]->AppendSelected(*batch.columns[column], &index, 1);
  }
  if (extra != nullptr) {
    for (const types::Value& v : *extra) types::AppendValue(pending_.columns[column++].get(), v);
  }
  return Added(kind, out);
}

Status ChangelogWriter::Added(types::RowKind kind, runtime::Output* out) {
  pending_.row_kinds.push_back(kind);
  ++pending_.num_rows;
  if (static_cast<int64_t>(pending_.num_rows) >= batch_size_) return Flush(out);
  return Status();
}

Status ChangelogWriter::Flush(runtime::Output* out) {
  if (pending_.num_rows == 0) return Status();
  types::Batch batch = std::move(pending_);
  pending_ = types::Batch(schema_);
  if (std::all_of(batch.row_kinds.begin(), batch.row_kinds.end(),
                  [](types::RowKind k) { return k == types::RowKind::kInsert; })) {
    batch.row_kinds.clear();
  }
  return out->Collect(std::move(batch));
}

}  // namespace sluice::operators
