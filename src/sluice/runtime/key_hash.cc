#include "sluice/runtime/key_hash.h"

#include <cstring>

#include "sluice/common/hashing.h"
#include "sluice/common/status.h"

namespace sluice::runtime {
namespace {

template <typename T>
void HashIntegers(const T* values, size_t rows, uint64_t* out) {
  for (size_t i = 0; i < rows; ++i) {
    out[i] = HashInt(static_cast<uint64_t>(static_cast<int64_t>(values[i])));
  }
}

template <typename T>
void HashFloats(const T* values, size_t rows, uint64_t* out) {
  for (size_t i = 0; i < rows; ++i) {
    double value = static_cast<double>(values[i]);
    if (value == 0) value = 0;  // -0.0 and 0.0 are the same key
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    out[i] = HashInt(bits);
  }
}

void HashColumn(const types::Column& column, size_t rows, uint64_t* out) {
  using types::PhysicalType;
  switch (column.physical()) {
    case PhysicalType::kBool:
      HashIntegers(column.data<uint8_t>(), rows, out);
      break;
    case PhysicalType::kInt8:
      HashIntegers(column.data<int8_t>(), rows, out);
      break;
    case PhysicalType::kInt16:
      HashIntegers(column.data<int16_t>(), rows, out);
      break;
    case PhysicalType::kInt32:
      HashIntegers(column.data<int32_t>(), rows, out);
      break;
    case PhysicalType::kInt64:
      HashIntegers(column.data<int64_t>(), rows, out);
      break;
    case PhysicalType::kFloat:
      HashFloats(column.data<float>(), rows, out);
      break;
    case PhysicalType::kDouble:
      HashFloats(column.data<double>(), rows, out);
      break;
    case PhysicalType::kString: {
      const std::string_view* strings = column.strings();
      for (size_t i = 0; i < rows; ++i) out[i] = HashString(strings[i]);
      break;
    }
  }
  if (const uint8_t* nulls = column.nulls()) {
    for (size_t i = 0; i < rows; ++i) out[i] = nulls[i] ? kNullKeyHash : out[i];
  }
}

}  // namespace

void HashKeyColumns(const types::Batch& batch, const std::vector<int>& key_columns,
                    std::vector<uint64_t>* hashes, std::vector<uint64_t>* scratch) {
  const size_t rows = batch.num_rows;
  hashes->assign(rows, 0);
  if (rows == 0) return;
  uint64_t* out = hashes->data();
  std::vector<uint64_t> local;
  std::vector<uint64_t>& column_hashes = scratch != nullptr ? *scratch : local;
  column_hashes.resize(rows);
  for (int index : key_columns) {
    SLUICE_CHECK(index >= 0 && static_cast<size_t>(index) < batch.columns.size())
        << "hash key column " << index << " out of range";
    HashColumn(*batch.columns[index], rows, column_hashes.data());
    for (size_t i = 0; i < rows; ++i) out[i] = HashCombine(out[i], column_hashes[i]);
  }
}

KeyGroupRange KeyGroupRangeOf(int subtask_index, int parallelism, int max_parallelism) {
  KeyGroupRange range;
  range.first = (subtask_index * max_parallelism + parallelism - 1) / parallelism;
  range.last = ((subtask_index + 1) * max_parallelism - 1) / parallelism;
  return range;
}

}  // namespace sluice::runtime
