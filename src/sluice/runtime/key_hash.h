// Key hashing for hash exchanges and keyed state: the one definition of which key group a row's
// key belongs to (DESIGN.md §4), so partitioners and state backends always agree.
#pragma once

#include <cstdint>
#include <vector>

#include "sluice/types/batch.h"

namespace sluice::runtime {

/// The hash of a NULL key column value.
constexpr uint64_t kNullKeyHash = 0x2545f4914f6cdd1dULL;

/// Writes the key hash of every row of `batch` over `key_columns` into `hashes` (resized to
/// num_rows); `scratch` (optional) avoids an allocation per call. Vectorized per column:
/// integer-like values (sign-extended to 64 bits, so INT 5 and BIGINT 5 agree) via HashInt,
/// floating point via the bits of the double value, strings via HashString; per-column hashes are
/// combined with HashCombine starting from 0.
void HashKeyColumns(const types::Batch& batch, const std::vector<int>& key_columns,
                    std::vector<uint64_t>* hashes, std::vector<uint64_t>* scratch = nullptr);

/// The contiguous key-group range [first, last] a subtask owns (Flink's assignment; the inverse
/// of SubtaskOfKeyGroup).
struct KeyGroupRange {
  int first = 0;
  int last = -1;
  bool Contains(int key_group) const { return key_group >= first && key_group <= last; }
};
KeyGroupRange KeyGroupRangeOf(int subtask_index, int parallelism, int max_parallelism);

}  // namespace sluice::runtime
