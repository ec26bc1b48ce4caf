// KeyEncoder: turns the values of some columns of a row into bytes that are equal exactly when the
// values are equal (NULL equals NULL, as in GROUP BY), for hash-table keys of grouping, distinct
// and retraction matching. Not order-preserving: use it for equality only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/types/batch.h"

namespace sluice::operators {

class KeyEncoder {
 public:
  KeyEncoder() = default;
  explicit KeyEncoder(std::vector<int> columns) : columns_(std::move(columns)) {}

  const std::vector<int>& columns() const { return columns_; }

  /// Appends the encoding of row `row` of `batch` to `out`.
  void EncodeRow(const types::Batch& batch, size_t row, std::string* out) const;

  /// Encodes rows `rows[0..count)` of `batch` column by column into `buffer`: key i is
  /// buffer[offsets[i], offsets[i + 1]). Both outputs are overwritten; their capacity is reused.
  /// Uses scratch space of this encoder: not for concurrent use.
  void EncodeRows(const types::Batch& batch, const uint32_t* rows, size_t count,
                  std::string* buffer, std::vector<uint32_t>* offsets) const;

  /// Appends the encoding of one value (row `row` of `column`) to `out`.
  static void EncodeValue(const types::Column& column, size_t row, std::string* out);

 private:
  std::vector<int> columns_;
  mutable std::vector<uint32_t> cursors_;  // scratch of EncodeRows
};

}  // namespace sluice::operators
