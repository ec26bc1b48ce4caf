#include "sluice/operators/key_encoder.h"

#include <cstring>

namespace sluice::operators {
namespace {

using types::Column;
using types::PhysicalType;

// Layout per column: one null byte, then the value's fixed-width bytes (zeros for NULL), or for
// strings a 4-byte length and the bytes. Every encoding of a column has the same fixed part, so
// equal encodings mean equal values.

template <typename T>
void StoreFixed(T value, char* dest) {
  if constexpr (std::is_floating_point_v<T>) {
    if (value == 0) value = 0;  // -0.0 and 0.0 are the same key, as in key_hash.h
  }
  std::memcpy(dest, &value, sizeof(T));
}

template <typename T>
void EncodeFixedColumn(const Column& column, const uint32_t* rows, size_t count, char* buffer,
                       uint32_t* cursors) {
  const T* values = column.data<T>();
  const uint8_t* nulls = column.nulls();
  for (size_t i = 0; i < count; ++i) {
    char* dest = buffer + cursors[i];
    uint32_t row = rows[i];
    if (nulls != nullptr && nulls[row]) {
      dest[0] = 1;
      std::memset(dest + 1, 0, sizeof(T));
    } else {
      dest[0] = 0;
      StoreFixed(values[row], dest + 1);
    }
    cursors[i] += 1 + sizeof(T);
  }
}

void EncodeColumn(const Column& column, const uint32_t* rows, size_t count, char* buffer,
                  uint32_t* cursors) {
  switch (column.physical()) {
    case PhysicalType::kBool:
      return EncodeFixedColumn<uint8_t>(column, rows, count, buffer, cursors);
    case PhysicalType::kInt8:
      return EncodeFixedColumn<int8_t>(column, rows, count, buffer, cursors);
    case PhysicalType::kInt16:
      return EncodeFixedColumn<int16_t>(column, rows, count, buffer, cursors);
    case PhysicalType::kInt32:
      return EncodeFixedColumn<int32_t>(column, rows, count, buffer, cursors);
    case PhysicalType::kInt64:
      return EncodeFixedColumn<int64_t>(column, rows, count, buffer, cursors);
    case PhysicalType::kFloat:
      return EncodeFixedColumn<float>(column, rows, count, buffer, cursors);
    case PhysicalType::kDouble:
      return EncodeFixedColumn<double>(column, rows, count, buffer, cursors);
    case PhysicalType::kString: {
      const std::string_view* strings = column.strings();
      const uint8_t* nulls = column.nulls();
      for (size_t i = 0; i < count; ++i) {
        char* dest = buffer + cursors[i];
        uint32_t row = rows[i];
        bool is_null = nulls != nullptr && nulls[row];
        uint32_t length = is_null ? 0 : static_cast<uint32_t>(strings[row].size());
        dest[0] = is_null ? 1 : 0;
        std::memcpy(dest + 1, &length, sizeof(length));
        if (length > 0) std::memcpy(dest + 5, strings[row].data(), length);
        cursors[i] += 5 + length;
      }
      return;
    }
  }
}

// Bytes of the fixed part of a column's encoding.
uint32_t FixedBytes(const Column& column) {
  if (column.physical() == PhysicalType::kString) return 5;
  return 1 + static_cast<uint32_t>(types::PhysicalWidth(column.physical()));
}

}  // namespace

void KeyEncoder::EncodeValue(const Column& column, size_t row, std::string* out) {
  size_t start = out->size();
  uint32_t length = FixedBytes(column);
  if (column.physical() == PhysicalType::kString && !column.IsNull(row)) {
    length += static_cast<uint32_t>(column.strings()[row].size());
  }
  out->resize(start + length);
  uint32_t cursor = static_cast<uint32_t>(start);
  uint32_t index = static_cast<uint32_t>(row);
  EncodeColumn(column, &index, 1, out->data(), &cursor);
}

void KeyEncoder::EncodeRow(const types::Batch& batch, size_t row, std::string* out) const {
  for (int c : columns_) EncodeValue(*batch.columns[c], row, out);
}

void KeyEncoder::EncodeRows(const types::Batch& batch, const uint32_t* rows, size_t count,
                            std::string* buffer, std::vector<uint32_t>* offsets) const {
  uint32_t fixed = 0;
  for (int c : columns_) fixed += FixedBytes(*batch.columns[c]);
  offsets->resize(count + 1);
  uint32_t* out = offsets->data();
  for (size_t i = 0; i < count; ++i) out[i] = fixed;
  for (int c : columns_) {
    const Column& column = *batch.columns[c];
    if (column.physical() != PhysicalType::kString) continue;
    const std::string_view* strings = column.strings();
    const uint8_t* nulls = column.nulls();
    for (size_t i = 0; i < count; ++i) {
      if (nulls == nullptr || !nulls[rows[i]])
        out[i] += static_cast<uint32_t>(strings[rows[i]].size());
    }
  }
  // Lengths to start offsets (exclusive prefix sum), total in out[count].
  uint32_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    uint32_t length = out[i];
    out[i] = total;
    total += length;
  }
  out[count] = total;
  buffer->resize(total);
  // Cursors start at each key's offset; EncodeColumn advances them column by column.
  cursors_.assign(out, out + count);
  for (int c : columns_)
    EncodeColumn(*batch.columns[c], rows, count, buffer->data(), cursors_.data());
}

}  // namespace sluice::operators
