// BatchGenerator: in-memory input batches for benchmarks, built before timing with a fixed seed so
// every run sees the same data.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sluice/types/batch.h"

namespace sluice::bench {

/// Rows per batch, the runtime's default 'execution.batch-size'.
constexpr size_t kBatchRows = 1024;

class BatchGenerator {
 public:
  explicit BatchGenerator(uint64_t seed = 42) : random_(seed) {}

  /// A column of `type` (any integer type) with values uniform in [min, max].
  types::ColumnPtr Integers(const types::DataType& type, int64_t min, int64_t max,
                            size_t rows = kBatchRows) {
    auto column = types::MakeColumn(type);
    std::uniform_int_distribution<int64_t> values(min, max);
    column->Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      switch (column->physical()) {
        case types::PhysicalType::kInt32:
          column->Append<int32_t>(static_cast<int32_t>(values(random_)));
          break;
        default:
          column->Append<int64_t>(values(random_));
          break;
      }
    }
    return column;
  }

  /// A STRING column whose values are picked uniformly from `pool`.
  types::ColumnPtr Strings(const std::vector<std::string>& pool, size_t rows = kBatchRows) {
    auto column = types::MakeColumn(types::DataType::String());
    std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
    column->Reserve(rows);
    for (size_t i = 0; i < rows; ++i) column->AppendString(pool[pick(random_)]);
    return column;
  }

  /// A BIGINT-backed column of `type` (TIMESTAMP, BIGINT) holding start, start + step, ...
  static types::ColumnPtr Sequence(const types::DataType& type, int64_t start, int64_t step,
                                   size_t rows = kBatchRows) {
    auto column = types::MakeColumn(type);
    column->Reserve(rows);
    for (size_t i = 0; i < rows; ++i)
      column->Append<int64_t>(start + step * static_cast<int64_t>(i));
    return column;
  }

  /// "key-0", "key-1", ... "key-<count-1>".
  static std::vector<std::string> KeyNames(size_t count, const std::string& prefix = "key-") {
    std::vector<std::string> names;
    for (size_t i = 0; i < count; ++i) names.push_back(prefix + std::to_string(i));
    return names;
  }

  std::mt19937_64& random() { return random_; }

 private:
  std::mt19937_64 random_;
};

/// A batch of `schema` from ready columns.
inline types::Batch MakeBatch(const types::SchemaPtr& schema,
                              std::vector<types::ColumnPtr> columns) {
  types::Batch batch;
  batch.schema = schema;
  batch.num_rows = columns.empty() ? 0 : columns[0]->size();
  batch.columns = std::move(columns);
  return batch;
}

}  // namespace sluice::bench
