#include "sluice/types/column.h"

#include <algorithm>

namespace sluice::types {

std::string_view StringArena::Copy(std::string_view value) {
  if (value.empty()) return std::string_view();
  if (blocks_.empty() || block_used_ + value.size() > block_size_) {
    size_t next = std::max<size_t>(block_size_ == 0 ? 4096 : block_size_ * 2, value.size());
    next = std::min<size_t>(next, std::max<size_t>(value.size(), 1 << 20));
    blocks_.push_back(std::make_unique<char[]>(next));
    block_size_ = next;
    block_used_ = 0;
  }
  char* dest = blocks_.back().get() + block_used_;
  std::memcpy(dest, value.data(), value.size());
  block_used_ += value.size();
  bytes_used_ += value.size();
  return std::string_view(dest, value.size());
}

Column::Column(DataType type)
    : type_(type), physical_(type.physical()), width_(PhysicalWidth(physical_)) {}

void Column::Grow(size_t min_rows) {
  size_t next = std::max<size_t>(min_rows, capacity_ < 16 ? 16 : capacity_ * 2);
  data_.resize(next * width_);
  capacity_ = next;
}

void Column::Reserve(size_t rows) {
  if (rows > capacity_) {
    data_.resize(rows * width_);
    capacity_ = rows;
  }
}

void Column::Resize(size_t rows) {
  if (rows > capacity_) Grow(rows);
  if (rows > size_) {
    std::memset(data_.data() + size_ * width_, 0, (rows - size_) * width_);
  }
  if (!nulls_.empty()) nulls_.resize(rows, 0);
  size_ = rows;
}

void Column::Clear() {
  size_ = 0;
  nulls_.clear();
  own_arena_.reset();
  shared_arenas_.clear();
}

uint8_t* Column::mutable_nulls() {
  if (nulls_.empty()) {
    nulls_.reserve(std::max<size_t>(capacity_, 1));
    nulls_.assign(size_, 0);
  }
  return nulls_.data();
}

void Column::SetNull(size_t row, bool is_null) {
  if (nulls_.empty()) {
    if (!is_null) return;
    nulls_.assign(size_, 0);
  }
  nulls_[row] = is_null ? 1 : 0;
}

void Column::CompactNulls() {
  if (nulls_.empty()) return;
  for (uint8_t b : nulls_) {
    if (b) return;
  }
  nulls_.clear();
}

void Column::AppendNull() {
  if (size_ == capacity_) Grow(size_ + 1);
  std::memset(data_.data() + size_ * width_, 0, width_);
  if (nulls_.empty()) nulls_.assign(size_, 0);
  nulls_.push_back(1);
  ++size_;
}

StringArena* Column::arena() {
  if (!own_arena_) own_arena_ = std::make_shared<StringArena>();
  return own_arena_.get();
}

void Column::ShareArenasOf(const Column& other) {
  if (&other == this) return;
  auto add = [this](const std::shared_ptr<StringArena>& a) {
    if (!a) return;
    if (a == own_arena_) return;
    for (const auto& existing : shared_arenas_) {
      if (existing == a) return;
    }
    shared_arenas_.push_back(a);
  };
  add(other.own_arena_);
  for (const auto& a : other.shared_arenas_) add(a);
}

void Column::AppendSelected(const Column& source, const uint32_t* rows, size_t count) {
  size_t start = size_;
  Resize(size_ + count);
  const std::byte* src = source.data_.data();
  std::byte* dst = data_.data() + start * width_;
  switch (width_) {
    case 1:
      for (size_t i = 0; i < count; ++i) dst[i] = src[rows[i]];
      break;
    case 2:
      for (size_t i = 0; i < count; ++i)
        reinterpret_cast<int16_t*>(dst)[i] = reinterpret_cast<const int16_t*>(src)[rows[i]];
      break;
    case 4:
      for (size_t i = 0; i < count; ++i)
        reinterpret_cast<int32_t*>(dst)[i] = reinterpret_cast<const int32_t*>(src)[rows[i]];
      break;
    case 8:
      for (size_t i = 0; i < count; ++i)
        reinterpret_cast<int64_t*>(dst)[i] = reinterpret_cast<const int64_t*>(src)[rows[i]];
      break;
    default:
      for (size_t i = 0; i < count; ++i)
        std::memcpy(dst + i * width_, src + rows[i] * width_, width_);
  }
  if (physical_ == PhysicalType::kString) ShareArenasOf(source);
  if (source.has_nulls()) {
    uint8_t* nulls = mutable_nulls();
    const uint8_t* src_nulls = source.nulls();
    for (size_t i = 0; i < count; ++i) nulls[start + i] = src_nulls[rows[i]];
  }
}

void Column::AppendRange(const Column& source, size_t begin, size_t end) {
  size_t start = size_;
  size_t count = end - begin;
  Resize(size_ + count);
  std::memcpy(data_.data() + start * width_, source.data_.data() + begin * width_,
              count * width_);
  if (physical_ == PhysicalType::kString) ShareArenasOf(source);
  if (source.has_nulls()) {
    uint8_t* nulls = mutable_nulls();
    std::memcpy(nulls + start, source.nulls() + begin, count);
  }
}

size_t Column::MemoryBytes() const {
  size_t bytes = data_.capacity() + nulls_.capacity();
  if (own_arena_) bytes += own_arena_->bytes_used();
  return bytes;
}

}  // namespace sluice::types
