// HyperLogLog: the approximate distinct count of APPROX_COUNT_DISTINCT, over 64-bit hashes of
// the values.
//
// Precision 14 (16,384 one-byte registers, 16 KiB): a standard error of 1.04 / sqrt(16384), about
// 0.8%, the precision Flink's HyperLogLog++ picks for its relative standard deviation of 1%.
// Up to kExactLimit distinct hashes are kept exactly (a sorted vector, at most 2 KiB), so small
// cardinalities are exact and a group with few values costs little; past that the registers
// take over. Dense estimates use linear counting while it is the better estimator (many empty
// registers) and the raw HyperLogLog estimate above, instead of HLL++'s empirical bias tables.
// Insert-only: a sketch cannot forget a value.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sluice/common/hashing.h"

namespace sluice::operators {

class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr size_t kRegisters = size_t{1} << kPrecision;
  static constexpr size_t kExactLimit = 256;

  /// Adds one value by its 64-bit hash (a good hash: every bit is used).
  void Add(uint64_t hash);
  /// Adds every value of `other`.
  void Merge(const HyperLogLog& other);
  /// The estimated number of distinct values added (exact up to kExactLimit).
  int64_t Estimate() const;

  bool dense() const { return !registers_.empty(); }

  /// The hash a value is added by: of its KeyEncoder encoding, seeded apart from the key-group
  /// hash so that the values a subtask sees are not a biased sample of the hash space.
  static uint64_t HashOf(std::string_view encoded_value) { return HashString(encoded_value, 42); }

 private:
  void ToDense();
  void AddToRegisters(uint64_t hash);

  std::vector<uint64_t> exact_;     // sorted distinct hashes while not dense
  std::vector<uint8_t> registers_;  // per register: the longest run of leading zeros + 1
};

}  // namespace sluice::operators
