#include "sluice/operators/keyed_accumulators.h"

#include <numeric>

#include "absl/strings/string_view.h"

namespace sluice::operators {

namespace {

constexpr uint32_t kNoSlot = UINT32_MAX;

// Appends row `row` of `source` to `dest`, copying string bytes into `dest`'s own arena so a
// window's keys never keep whole input batches alive.
void AppendKey(types::Column* dest, const types::Column& source, uint32_t row) {
  if (source.IsNull(row)) {
    dest->AppendNull();
  } else if (source.physical() == types::PhysicalType::kString) {
    dest->AppendString(source.strings()[row]);
  } else {
    dest->AppendSelected(source, &row, 1);
  }
}

std::vector<int> Iota(size_t n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

}  // namespace

KeyedAccumulators::KeyedAccumulators(const std::vector<types::DataType>* key_types,
                                     const std::vector<planner::AggregateCall>* calls)
    : key_types_(key_types), accumulators_(calls), own_keys_(Iota(key_types->size())) {
  for (const types::DataType& type : *key_types_) keys_.push_back(types::MakeColumn(type));
}

void KeyedAccumulators::MapSlots(const types::Batch& batch, const KeyEncoder& encoder,
                                 const uint32_t* rows, size_t count) {
  slots_.resize(count);
  const std::vector<int>& key_columns = encoder.columns();
  if (key_columns.empty()) {
    accumulators_.Resize(1);
    std::fill(slots_.begin(), slots_.end(), 0);
    return;
  }
  encoder.EncodeRows(batch, rows, count, &key_buffer_, &key_offsets_);
  const char* keys = key_buffer_.data();
  const uint32_t* offsets = key_offsets_.data();
  std::string_view previous;
  uint32_t previous_slot = kNoSlot;
  for (size_t i = 0; i < count; ++i) {
    std::string_view key(keys + offsets[i], offsets[i + 1] - offsets[i]);
    if (previous_slot != kNoSlot && key == previous) {
      slots_[i] = previous_slot;
      continue;
    }
    uint32_t slot;
    // absl::string_view is not std::string_view in this abseil build.
    auto it = slots_by_key_.find(absl::string_view(key.data(), key.size()));
    if (it != slots_by_key_.end()) {
      slot = it->second;
    } else {
      slot = static_cast<uint32_t>(slots_by_key_.size());
      slots_by_key_.emplace(std::string(key), slot);
      for (size_t k = 0; k < key_columns.size(); ++k) {
        AppendKey(keys_[k].get(), *batch.columns[key_columns[k]], rows[i]);
      }
    }
    slots_[i] = slot;
    previous = key;
    previous_slot = slot;
  }
  accumulators_.Resize(slots_by_key_.size());
}

void KeyedAccumulators::Accumulate(const types::Batch& batch, const KeyEncoder& encoder,
                                   const uint32_t* rows, size_t count) {
  MapSlots(batch, encoder, rows, count);
  accumulators_.Accumulate(batch, rows, slots_.data(), count);
}

void KeyedAccumulators::Merge(const KeyedAccumulators& from) {
  const size_t count = from.size();
  if (count == 0) return;
  types::Batch key_batch;
  key_batch.columns = from.keys_;
  key_batch.num_rows = count;
  from_slots_.resize(count);
  std::iota(from_slots_.begin(), from_slots_.end(), 0);
  MapSlots(key_batch, own_keys_, from_slots_.data(), count);
  accumulators_.Merge(from.accumulators_, from_slots_.data(), slots_.data(), count);
}

void KeyedAccumulators::Clear() {
  slots_by_key_.clear();
  for (size_t k = 0; k < keys_.size(); ++k) keys_[k] = types::MakeColumn((*key_types_)[k]);
  accumulators_.Clear();
}

std::vector<types::ColumnPtr> KeyedAccumulators::KeyColumns(size_t begin, size_t end,
                                                            bool last_use) const {
  if (last_use && begin == 0 && end == size()) return keys_;
  std::vector<types::ColumnPtr> columns;
  for (size_t k = 0; k < keys_.size(); ++k) {
    auto column = types::MakeColumn((*key_types_)[k]);
    column->AppendRange(*keys_[k], begin, end);
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace sluice::operators
