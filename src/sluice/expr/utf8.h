// UTF-8 code point walking for the string functions (SQL lengths and positions count code
// points, as Flink's BinaryStringData does). Invalid bytes count as one code point each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::expr {

inline bool IsUtf8Continuation(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }

/// Number of code points.
inline size_t CodePointCount(std::string_view s) {
  size_t count = 0;
  for (char c : s) count += !IsUtf8Continuation(c);
  return count;
}

/// Byte offset of the code point after the one starting at `pos` (pos < s.size()).
inline size_t NextCodePoint(std::string_view s, size_t pos) {
  ++pos;
  while (pos < s.size() && IsUtf8Continuation(s[pos])) ++pos;
  return pos;
}

/// Byte offset of code point number `n` (0-based), or s.size() when the string is shorter.
inline size_t CodePointOffset(std::string_view s, size_t n) {
  size_t pos = 0;
  while (n > 0 && pos < s.size()) {
    pos = NextCodePoint(s, pos);
    --n;
  }
  return pos;
}

/// Decodes the code point at `*pos` and advances past it; invalid sequences give U+FFFD.
inline uint32_t DecodeCodePoint(std::string_view s, size_t* pos) {
  uint8_t b0 = static_cast<uint8_t>(s[*pos]);
  size_t remaining = s.size() - *pos;
  auto cont = [&](size_t k) { return static_cast<uint8_t>(s[*pos + k]) & 0x3F; };
  auto valid = [&](size_t len) {
    if (remaining < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if (!IsUtf8Continuation(s[*pos + k])) return false;
    }
    return true;
  };
  uint32_t cp;
  if (b0 < 0x80) {
    cp = b0;
    *pos += 1;
  } else if ((b0 & 0xE0) == 0xC0 && valid(2)) {
    cp = ((b0 & 0x1F) << 6) | cont(1);
    *pos += 2;
  } else if ((b0 & 0xF0) == 0xE0 && valid(3)) {
    cp = ((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
    *pos += 3;
  } else if ((b0 & 0xF8) == 0xF0 && valid(4)) {
    cp = ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
    *pos += 4;
  } else {
    cp = 0xFFFD;
    *pos += 1;
  }
  return cp;
}

inline void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace sluice::expr
