// Reads what ByteWriter writes from a byte range. Errors are sticky: after a short or malformed
// read every further read returns zero values and ok() is false, so a parser checks once at
// the end instead of after every field.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "sluice/log/byte_writer.h"

namespace sluice::log {

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  bool ok() const { return ok_; }
  size_t remaining() const { return data_.size() - position_; }
  size_t position() const { return position_; }
  std::string_view rest() const { return data_.substr(position_); }

  int8_t Int8() { return Has(1) ? static_cast<int8_t>(data_[position_++]) : 0; }
  bool Bool() { return Int8() != 0; }
  int16_t Int16() { return Has(2) ? ReadBigEndian16(Advance(2)) : 0; }
  int32_t Int32() { return Has(4) ? ReadBigEndian32(Advance(4)) : 0; }
  int64_t Int64() { return Has(8) ? ReadBigEndian64(Advance(8)) : 0; }

  uint64_t UnsignedVarint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Has(1)) return 0;
      uint8_t byte = static_cast<uint8_t>(data_[position_++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    ok_ = false;  // more than 10 bytes
    return 0;
  }
  int64_t Varint() {
    uint64_t raw = UnsignedVarint();
    return static_cast<int64_t>((raw >> 1) ^ (0 - (raw & 1)));
  }

  std::string_view Raw(size_t size) {
    if (!Has(size)) return {};
    return std::string_view(Advance(size), size);
  }
  std::string_view String() {
    int16_t size = Int16();
    if (size < 0) return Fail();
    return Raw(static_cast<size_t>(size));
  }
  std::optional<std::string_view> NullableString() {
    int16_t size = Int16();
    if (size < 0) return std::nullopt;
    return Raw(static_cast<size_t>(size));
  }
  std::optional<std::string_view> NullableBytes() {
    int32_t size = Int32();
    if (size < 0) return std::nullopt;
    return Raw(static_cast<size_t>(size));
  }
  std::string_view Bytes() {
    auto bytes = NullableBytes();
    return bytes ? *bytes : std::string_view();
  }
  /// An array length; -1 (null) reads as 0. A length that cannot fit in the rest fails.
  int32_t ArrayLength() {
    int32_t n = Int32();
    if (n < 0) return 0;
    if (static_cast<size_t>(n) > remaining()) return static_cast<int32_t>(Fail().size());
    return n;
  }

 private:
  bool Has(size_t n) {
    if (ok_ && remaining() >= n) return true;
    ok_ = false;
    return false;
  }
  const char* Advance(size_t n) {
    const char* p = data_.data() + position_;
    position_ += n;
    return p;
  }
  std::string_view Fail() {
    ok_ = false;
    return {};
  }

  std::string_view data_;
  size_t position_ = 0;
  bool ok_ = true;
};

}  // namespace sluice::log
