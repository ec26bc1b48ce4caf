// Hashing used for keys, key groups and HASH_CODE: xxHash (XXH3 64-bit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice {

uint64_t HashBytes(const void* data, size_t size, uint64_t seed = 0);
inline uint64_t HashString(std::string_view s, uint64_t seed = 0) {
  return HashBytes(s.data(), s.size(), seed);
}
/// A fast mix for fixed-width values (murmur3 finalizer).
inline uint64_t HashInt(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
inline uint64_t HashCombine(uint64_t seed, uint64_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4));
}

/// The key group of a key hash: hash % max_parallelism (DESIGN.md §4).
inline int KeyGroupOf(uint64_t hash, int max_parallelism) {
  return static_cast<int>(hash % static_cast<uint64_t>(max_parallelism));
}
/// The subtask that owns a key group: contiguous ranges, as Flink assigns them.
inline int SubtaskOfKeyGroup(int key_group, int max_parallelism, int parallelism) {
  return key_group * parallelism / max_parallelism;
}

}  // namespace sluice
