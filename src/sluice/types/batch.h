// Batch: the unit that flows between operators (DESIGN.md §3): a schema, a row count, one column
// per field and, on changelog streams only, a RowKind per row.
#pragma once

#include <cstdint>
#include <vector>

#include "sluice/types/column.h"
#include "sluice/types/row_kind.h"
#include "sluice/types/schema.h"

namespace sluice::types {

struct Batch {
  SchemaPtr schema;
  size_t num_rows = 0;
  std::vector<ColumnPtr> columns;
  /// Empty means every row is +I.
  std::vector<RowKind> row_kinds;

  Batch() = default;
  /// An empty batch with fresh columns for `schema`.
  explicit Batch(SchemaPtr schema);

  RowKind kind(size_t row) const {
    return row_kinds.empty() ? RowKind::kInsert : row_kinds[row];
  }
  bool has_row_kinds() const { return !row_kinds.empty(); }
  /// Sets num_rows from the columns after appending to them.
  void SyncRowCount();
  /// The rows `rows[0..count)` as a new batch (columns share string memory with this one).
  Batch Select(const uint32_t* rows, size_t count) const;
  /// Rows [begin, end) as a new batch.
  Batch Slice(size_t begin, size_t end) const;
  size_t MemoryBytes() const;
};

}  // namespace sluice::types
