// KeyedAccumulators: the aggregate state of one slice of one window (or of a whole window): a hash
// map from the encoded group key to a dense slot, the key values by slot (first-seen order) and
// the WindowAccumulators of every slot. WindowAggregate keeps one per slice and merges them into
// windows; the slot order is deterministic (first seen, merged slices in time order), so replaying
// an input gives the same rows in the same order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/window_accumulators.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/types/batch.h"

namespace sluice::operators {

class KeyedAccumulators {
 public:
  /// `key_types`: the group key types; `calls` must outlive this object.
  KeyedAccumulators(const std::vector<types::DataType>* key_types,
                    const std::vector<planner::AggregateCall>* calls);

  size_t size() const { return accumulators_.slots(); }
  bool empty() const { return size() == 0; }
  const std::vector<types::ColumnPtr>& keys() const { return keys_; }
  WindowAccumulators& accumulators() { return accumulators_; }
  const WindowAccumulators& accumulators() const { return accumulators_; }

  /// Accumulates rows rows[0..count) of `batch`, whose group keys are the columns `encoder`
  /// encodes (in key order).
  void Accumulate(const types::Batch& batch, const KeyEncoder& encoder, const uint32_t* rows,
                  size_t count);

  /// Merges every group of `from` into this one (`from` holds later rows).
  void Merge(const KeyedAccumulators& from);

  /// Drops every group.
  void Clear();

  /// The key columns of slots [begin, end). With `last_use` (the groups are dropped next) and
  /// every slot asked for, the columns themselves are handed over instead of copied.
  std::vector<types::ColumnPtr> KeyColumns(size_t begin, size_t end, bool last_use) const;

 private:
  /// Maps rows of `batch` (keys at encoder's columns) to slots, adding groups: fills slots_.
  void MapSlots(const types::Batch& batch, const KeyEncoder& encoder, const uint32_t* rows,
                size_t count);

  const std::vector<types::DataType>* key_types_;
  absl::flat_hash_map<std::string, uint32_t> slots_by_key_;
  std::vector<types::ColumnPtr> keys_;
  WindowAccumulators accumulators_;
  // Scratch.
  std::vector<uint32_t> slots_;
  std::vector<uint32_t> from_slots_;
  std::string key_buffer_;
  std::vector<uint32_t> key_offsets_;
  KeyEncoder own_keys_;  // encodes this class's key columns (0..k)
};

}  // namespace sluice::operators
