// Column: one typed vector of a batch. Fixed-width values sit in one buffer; strings are
// std::string_views into arenas the column keeps alive, so filtering or copying a string column
// moves 16-byte views, not bytes. Nulls are one byte per row (non-zero = null), absent entirely
// when the column has no nulls, so kernels test `has_nulls()` once per batch.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "sluice/types/data_type.h"

namespace sluice::types {

/// Append-only byte storage for string values; blocks never move once written.
class StringArena {
 public:
  /// Copies `value` into the arena and returns a view that stays valid as long as the arena.
  std::string_view Copy(std::string_view value);
  size_t bytes_used() const { return bytes_used_; }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_size_ = 0;
  size_t block_used_ = 0;
  size_t bytes_used_ = 0;
};

class Column {
 public:
  explicit Column(DataType type);
  Column(const Column&) = delete;
  Column& operator=(const Column&) = delete;

  const DataType& type() const { return type_; }
  PhysicalType physical() const { return physical_; }
  size_t size() const { return size_; }

  /// Sets the row count; new rows are zero and not null. Keeps capacity.
  void Resize(size_t rows);
  void Reserve(size_t rows);
  /// Empties the column, keeping buffers for reuse.
  void Clear();

  template <typename T>
  T* mutable_data() {
    return reinterpret_cast<T*>(data_.data());
  }
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_.data());
  }
  std::string_view* mutable_strings() { return mutable_data<std::string_view>(); }
  const std::string_view* strings() const { return data<std::string_view>(); }

  bool has_nulls() const { return !nulls_.empty(); }
  /// One byte per row, non-zero = null; nullptr when the column has no nulls.
  const uint8_t* nulls() const { return nulls_.empty() ? nullptr : nulls_.data(); }
  /// Materializes the null bytes (all not-null) if absent.
  uint8_t* mutable_nulls();
  bool IsNull(size_t row) const { return !nulls_.empty() && nulls_[row] != 0; }
  void SetNull(size_t row, bool is_null = true);
  /// Drops the null bytes if no row is null.
  void CompactNulls();

  // Appending one value at a time (sources and formats).
  template <typename T>
  void Append(T value) {
    if (size_ == capacity_) Grow(size_ + 1);
    mutable_data<T>()[size_] = value;
    if (!nulls_.empty()) nulls_.push_back(0);
    ++size_;
  }
  void AppendNull();
  /// Copies the bytes into this column's arena.
  void AppendString(std::string_view value) { Append(arena()->Copy(value)); }

  /// Copies a string into this column's own arena (for writing computed strings in place).
  std::string_view CopyString(std::string_view value) { return arena()->Copy(value); }
  /// Keeps `other`'s string memory alive as long as this column: call before storing views that
  /// point into `other`.
  void ShareArenasOf(const Column& other);

  /// Appends rows `rows[0..count)` of `source` (same physical type).
  void AppendSelected(const Column& source, const uint32_t* rows, size_t count);
  /// Appends rows [begin, end) of `source`.
  void AppendRange(const Column& source, size_t begin, size_t end);

  size_t MemoryBytes() const;

 private:
  void Grow(size_t min_rows);
  StringArena* arena();

  DataType type_;
  PhysicalType physical_;
  int width_;
  size_t size_ = 0;
  size_t capacity_ = 0;
  std::vector<std::byte> data_;
  std::vector<uint8_t> nulls_;
  std::shared_ptr<StringArena> own_arena_;
  std::vector<std::shared_ptr<StringArena>> shared_arenas_;
};

using ColumnPtr = std::shared_ptr<Column>;

inline ColumnPtr MakeColumn(const DataType& type) { return std::make_shared<Column>(type); }

}  // namespace sluice::types
