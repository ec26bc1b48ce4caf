// Appends big-endian integers, zig-zag varints and Kafka strings/bytes to a std::string: the
// encoding of record batches and of the Kafka protocol.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::log {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}

  void Int8(int8_t v) { out_->push_back(static_cast<char>(v)); }
  void Int16(int16_t v) { BigEndian(static_cast<uint16_t>(v)); }
  void Int32(int32_t v) { BigEndian(static_cast<uint32_t>(v)); }
  void Int64(int64_t v) { BigEndian(static_cast<uint64_t>(v)); }
  void Bool(bool v) { Int8(v ? 1 : 0); }
  void Raw(std::string_view bytes) { out_->append(bytes); }

  /// Unsigned LEB128 varint.
  void UnsignedVarint(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  /// Zig-zag signed varint (protobuf style), as record fields use.
  void Varint(int64_t v) { UnsignedVarint((static_cast<uint64_t>(v) << 1) ^ (v >> 63)); }

  /// int16 length + bytes.
  void String(std::string_view s) {
    Int16(static_cast<int16_t>(s.size()));
    Raw(s);
  }
  void NullableString(const std::optional<std::string_view>& s) {
    if (!s) return Int16(-1);
    String(*s);
  }
  /// int32 length + bytes.
  void Bytes(std::string_view b) {
    Int32(static_cast<int32_t>(b.size()));
    Raw(b);
  }
  void NullableBytes(const std::optional<std::string_view>& b) {
    if (!b) return Int32(-1);
    Bytes(*b);
  }

  size_t size() const { return out_->size(); }
  /// Overwrites 4 bytes at `position` (written earlier as a placeholder).
  void PatchInt32(size_t position, int32_t v) {
    uint32_t be = __builtin_bswap32(static_cast<uint32_t>(v));
    std::memcpy(out_->data() + position, &be, 4);
  }

 private:
  template <typename T>
  void BigEndian(T v) {
    if constexpr (sizeof(T) == 2) v = __builtin_bswap16(v);
    if constexpr (sizeof(T) == 4) v = __builtin_bswap32(v);
    if constexpr (sizeof(T) == 8) v = __builtin_bswap64(v);
    out_->append(reinterpret_cast<const char*>(&v), sizeof(T));
  }

  std::string* out_;
};

inline int32_t ReadBigEndian32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return static_cast<int32_t>(__builtin_bswap32(v));
}
inline int64_t ReadBigEndian64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return static_cast<int64_t>(__builtin_bswap64(v));
}
inline int16_t ReadBigEndian16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return static_cast<int16_t>(__builtin_bswap16(v));
}
inline void WriteBigEndian64(char* p, int64_t value) {
  uint64_t v = __builtin_bswap64(static_cast<uint64_t>(value));
  std::memcpy(p, &v, 8);
}
inline void WriteBigEndian32(char* p, int32_t value) {
  uint32_t v = __builtin_bswap32(static_cast<uint32_t>(value));
  std::memcpy(p, &v, 4);
}

}  // namespace sluice::log
