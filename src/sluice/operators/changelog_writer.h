// ChangelogWriter: builds an operator's output batches row by row with their RowKinds, from rows
// held as Values (operator state) or copied from an input batch, optionally followed by a rank
// (BIGINT) column; flushes a batch when it reaches the batch size. Insert-only output carries no
// row kinds. Used by the operators that emit from per-key state: Deduplicate, Rank, WindowRank,
// OverAggregate.
#pragma once

#include <cstdint>
#include <vector>

#include "sluice/runtime/operator.h"
#include "sluice/types/batch.h"
#include "sluice/types/value.h"

namespace sluice::operators {

using Row = std::vector<types::Value>;

/// Reads every column of row `row` of `batch` into `out`.
void ReadRow(const types::Batch& batch, size_t row, Row* out);

class ChangelogWriter {
 public:
  explicit ChangelogWriter(types::SchemaPtr schema) : schema_(schema), pending_(schema) {}

  /// `row` fills the first columns; `extra` (if any) the ones after it.
  Status Append(types::RowKind kind, const Row& row, const Row* extra, runtime::Output* out);
  /// Appends row `row` of `batch` (same leading columns) followed by `extra`.
  Status AppendFrom(types::RowKind kind, const types::Batch& batch, size_t row, const Row* extra,
                    runtime::Output* out);
  Status Flush(runtime::Output* out);
  void set_batch_size(int64_t batch_size) { batch_size_ = batch_size; }

 private:
  Status Added(types::RowKind kind, runtime::Output* out);

  types::SchemaPtr schema_;
  types::Batch pending_;
  int64_t batch_size_ = 1024;
};

}  // namespace sluice::operators
