#include "sluice/operators/sort.h"

#include <algorithm>

namespace sluice::operators {
namespace {

template <typename T>
int CompareValues(const T* values, uint32_t a, uint32_t b) {
  return values[a] < values[b] ? -1 : (values[b] < values[a] ? 1 : 0);
}

int CompareColumn(const types::Column& column, uint32_t a, uint32_t b) {
  using types::PhysicalType;
  switch (column.physical()) {
    case PhysicalType::kBool:
      return CompareValues(column.data<uint8_t>(), a, b);
    case PhysicalType::kInt8:
      return CompareValues(column.data<int8_t>(), a, b);
    case PhysicalType::kInt16:
      return CompareValues(column.data<int16_t>(), a, b);
    case PhysicalType::kInt32:
      return CompareValues(column.data<int32_t>(), a, b);
    case PhysicalType::kInt64:
      return CompareValues(column.data<int64_t>(), a, b);
    case PhysicalType::kFloat:
      return CompareValues(column.data<float>(), a, b);
    case PhysicalType::kDouble:
      return CompareValues(column.data<double>(), a, b);
    case PhysicalType::kString: {
      // std::string_view compares bytes as unsigned char: byte order.
      int c = column.strings()[a].compare(column.strings()[b]);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
  return 0;
}

std::vector<int> AllColumns(const types::SchemaPtr& schema) {
  std::vector<int> columns(schema->size());
  for (size_t i = 0; i < columns.size(); ++i) columns[i] = static_cast<int>(i);
  return columns;
}

}  // namespace

Sort::Sort(const planner::PlanNode& node)
    : schema_(node.schema),
      keys_(node.sort_keys),
      limit_(node.limit),
      offset_(node.offset),
      rows_(node.schema),
      encoder_(AllColumns(node.schema)) {}

void Sort::IndexRows(size_t begin, size_t end) {
  for (size_t row = begin; row < end; ++row) {
    if (removed_[row]) continue;
    key_.clear();
    encoder_.EncodeRow(rows_, row, &key_);
    index_[key_].push_back(static_cast<uint32_t>(row));
  }
}

bool Sort::Retract(const types::Batch& batch, size_t row) {
  if (!indexed_) {
    IndexRows(0, rows_.num_rows);
    indexed_ = true;
  }
  key_.clear();
  encoder_.EncodeRow(batch, row, &key_);
  auto it = index_.find(key_);
  if (it == index_.end()) return false;
  removed_[it->second.back()] = 1;
  it->second.pop_back();
  if (it->second.empty()) index_.erase(it);
  return true;
}

Status Sort::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  // Appends rows [begin, end) of the batch (all accumulating) to the buffer.
  auto append = [&](size_t begin, size_t end) {
    if (begin == end) return;
    size_t first = rows_.num_rows;
    for (size_t c = 0; c < rows_.columns.size(); ++c) {
      rows_.columns[c]->AppendRange(*batch.columns[c], begin, end);
    }
    rows_.num_rows += end - begin;
    removed_.resize(rows_.num_rows, 0);
    if (indexed_) IndexRows(first, rows_.num_rows);
  };
  if (!batch.has_row_kinds()) {
    append(0, batch.num_rows);
    return Status();
  }
  size_t run_start = 0;
  for (size_t row = 0; row < batch.num_rows; ++row) {
    if (types::IsAccumulate(batch.row_kinds[row])) continue;
    append(run_start, row);
    Retract(batch, row);  // a retraction of a row never seen has nothing to remove
    run_start = row + 1;
  }
  append(run_start, batch.num_rows);
  return Status();
}

int Sort::Compare(uint32_t a, uint32_t b) const {
  for (const planner::SortKey& key : keys_) {
    const types::Column& column = *rows_.columns[key.column];
    bool a_null = column.IsNull(a);
    bool b_null = column.IsNull(b);
    if (a_null || b_null) {
      if (a_null && b_null) continue;
      // NULLS FIRST/LAST is absolute: not reversed by DESC.
      return a_null == key.nulls_first ? -1 : 1;
    }
    int c = CompareColumn(column, a, b);
    if (c != 0) return key.descending ? -c : c;
  }
  return 0;
}

Status Sort::EndInput(int input, runtime::Output* out) {
  std::vector<uint32_t> order;
  order.reserve(rows_.num_rows);
  for (size_t row = 0; row < rows_.num_rows; ++row) {
    if (!removed_[row]) order.push_back(static_cast<uint32_t>(row));
  }
  if (!keys_.empty()) {
    std::stable_sort(order.begin(), order.end(),
                     [this](uint32_t a, uint32_t b) { return Compare(a, b) < 0; });
  }
  size_t begin = std::min<size_t>(static_cast<size_t>(std::max<int64_t>(offset_, 0)), order.size());
  size_t end = order.size();
  if (limit_ >= 0) end = std::min<size_t>(end, begin + static_cast<size_t>(limit_));
  const size_t chunk = static_cast<size_t>(std::max<int64_t>(context_->batch_size, 1));
  for (size_t i = begin; i < end; i += chunk) {
    size_t count = std::min(chunk, end - i);
    types::Batch batch = rows_.Select(order.data() + i, count);
    batch.schema = schema_;
    SLUICE_RETURN_IF_ERROR(out->Collect(std::move(batch)));
  }
  rows_ = types::Batch(schema_);
  removed_.clear();
  index_.clear();
  return Status();
}

}  // namespace sluice::operators
