#include "sluice/types/batch.h"

namespace sluice::types {

Batch::Batch(SchemaPtr s) : schema(std::move(s)) {
  columns.reserve(schema->size());
  for (const Field& f : schema->fields()) columns.push_back(MakeColumn(f.type));
}

void Batch::SyncRowCount() { num_rows = columns.empty() ? num_rows : columns[0]->size(); }

Batch Batch::Select(const uint32_t* rows, size_t count) const {
  Batch out;
  out.schema = schema;
  out.num_rows = count;
  out.columns.reserve(columns.size());
  for (const ColumnPtr& c : columns) {
    ColumnPtr copy = MakeColumn(c->type());
    copy->Reserve(count);
    copy->AppendSelected(*c, rows, count);
    out.columns.push_back(std::move(copy));
  }
  if (!row_kinds.empty()) {
    out.row_kinds.resize(count);
    for (size_t i = 0; i < count; ++i) out.row_kinds[i] = row_kinds[rows[i]];
  }
  return out;
}

Batch Batch::Slice(size_t begin, size_t end) const {
  Batch out;
  out.schema = schema;
  out.num_rows = end - begin;
  for (const ColumnPtr& c : columns) {
    ColumnPtr copy = MakeColumn(c->type());
    copy->Reserve(end - begin);
    copy->AppendRange(*c, begin, end);
    out.columns.push_back(std::move(copy));
  }
  if (!row_kinds.empty()) out.row_kinds.assign(row_kinds.begin() + begin, row_kinds.begin() + end);
  return out;
}

size_t Batch::MemoryBytes() const {
  size_t bytes = row_kinds.capacity();
  for (const ColumnPtr& c : columns) bytes += c->MemoryBytes();
  return bytes;
}

}  // namespace sluice::types
