// DistinctSet: the values a DISTINCT aggregate has seen in one slot, as KeyEncoder encodings of
// non-NULL values. A fixed-width value (every type but strings: a zero null byte and at most 8
// value bytes) is kept as one 8-byte integer in a flat set; strings keep their encoding. This is
// most of a COUNT(DISTINCT device) state, so it matters: 8 bytes plus the table's slack per value
// instead of a std::string each.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"

namespace sluice::operators {

class DistinctSet {
 public:
  /// Adds an encoding; true when it was not in the set. `fixed_width`: the value's type is not a
  /// string (the same for every call on one set).
  bool Insert(std::string_view encoded, bool fixed_width) {
    if (fixed_width) {
      fixed_length_ = static_cast<uint8_t>(encoded.size());
      return fixed_.insert(Pack(encoded)).second;
    }
    return strings_.emplace(encoded).second;
  }
  /// Calls `f(std::string_view encoding)` for every value, in no particular order.
  template <typename F>
  void ForEach(F f) const {
    char bytes[9];
    for (uint64_t value : fixed_) {
      bytes[0] = 0;
      std::memcpy(bytes + 1, &value, fixed_length_ - 1);
      f(std::string_view(bytes, fixed_length_));
    }
    for (const std::string& encoded : strings_) f(std::string_view(encoded));
  }
  size_t size() const { return fixed_.size() + strings_.size(); }

 private:
  static uint64_t Pack(std::string_view encoded) {
    uint64_t value = 0;
    std::memcpy(&value, encoded.data() + 1, encoded.size() - 1);
    return value;
  }

  absl::flat_hash_set<uint64_t> fixed_;
  absl::flat_hash_set<std::string> strings_;
  uint8_t fixed_length_ = 0;  // 2 to 9: the null byte and the value's bytes
};

}  // namespace sluice::operators
