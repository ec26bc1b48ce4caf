#include "sluice/operators/compact_window_deduplicate.h"

#include <algorithm>
#include <bit>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "sluice/types/temporal.h"

namespace sluice::operators {

namespace {

constexpr int64_t kMicrosPerMilli = 1000;
// Below any window index: nothing has fired yet.
constexpr int64_t kNothingFired = INT64_MIN / 2;
// Above any window index: the final watermark fired everything.
constexpr int64_t kEverythingFired = INT64_MAX / 2;
// The widest gap between two UTC offsets of any time zone (-12:00 to +14:00): a wall-clock time
// this far before the watermark's own wall-clock time is an instant before the watermark.
constexpr int64_t kWidestOffsetGap = 26 * types::kMicrosPerHour;

}  // namespace

CompactWindowDeduplicate::CompactWindowDeduplicate(const planner::PlanNode& node)
    : window_(node.window),
      window_end_column_(node.window_end_column),
      time_column_(node.time_column),
      size_(node.window.size),
      offset_(node.window.offset),
      encoder_(node.partition_keys),
      fired_through_(kNothingFired) {}

Status CompactWindowDeduplicate::Open(runtime::OperatorContext* context) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(context));
  if (window_.kind != planner::WindowKind::kTumble || size_ <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("compact window deduplication needs a TUMBLE window with a positive size: ",
                     window_.ToString()));
  }
  window_time_ = std::make_unique<WindowAssigner>(window_, context->local_time_zone);
  return Status();
}

size_t CompactWindowDeduplicate::overflow_windows() const {
  size_t windows = 0;
  for (const auto& [key, list] : overflow_) windows += list.size();
  return windows;
}

int64_t CompactWindowDeduplicate::Index(int64_t window_end) const {
  return types::FloorDiv(window_end - offset_, size_);
}

bool CompactWindowDeduplicate::Admit(absl::string_view key, int64_t index) {
  auto [it, inserted] = keys_.try_emplace(key, KeyState{index, 0});
  if (inserted) return true;
  KeyState& state = it->second;
  if (index == state.newest) return false;
  if (index < state.newest) {
    const int64_t back = state.newest - index;
    if (back <= kBitmapWindows) {
      const uint64_t bit = uint64_t{1} << (back - 1);
      if ((state.earlier & bit) != 0) return false;
      state.earlier |= bit;
      return true;
    }
    // Older than the bitmap reaches (and open, or the row would be late): the overflow list.
    std::vector<int64_t>& list = OverflowList(key);
    if (std::find(list.begin(), list.end(), index) != list.end()) return false;
    list.push_back(index);
    return true;
  }
  // A newer window: old bit k moves to bit k + shift, the old newest window to bit shift - 1.
  const int64_t shift = index - state.newest;
  uint64_t shifted_out;
  uint64_t earlier;
  if (shift < kBitmapWindows) {
    shifted_out = state.earlier & ~((uint64_t{1} << (kBitmapWindows - shift)) - 1);
    earlier = (state.earlier << shift) | (uint64_t{1} << (shift - 1));
  } else {
    shifted_out = state.earlier;
    earlier = shift == kBitmapWindows ? uint64_t{1} << (kBitmapWindows - 1) : 0;
  }
  if (shifted_out != 0 || shift > kBitmapWindows) {
    Overflow(key, state.newest, shifted_out, shift);
  }
  state.newest = index;
  state.earlier = earlier;
  return true;
}

void CompactWindowDeduplicate::Overflow(absl::string_view key, int64_t newest, uint64_t shifted_out,
                                        int64_t shift) {
  // The newest window leaving the bitmap: once it has fired, so have all the others.
  const int64_t latest_leaving =
      shift > kBitmapWindows ? newest : newest - 1 - std::countr_zero(shifted_out);
  if (latest_leaving <= fired_through_) return;
  std::vector<int64_t> open;
  if (shift > kBitmapWindows) open.push_back(newest);
  for (uint64_t bits = shifted_out; bits != 0; bits &= bits - 1) {
    const int64_t window = newest - 1 - std::countr_zero(bits);
    if (window > fired_through_) open.push_back(window);
  }
  if (open.empty()) return;
  std::vector<int64_t>& list = OverflowList(key);
  list.insert(list.end(), open.begin(), open.end());
}

std::vector<int64_t>& CompactWindowDeduplicate::OverflowList(absl::string_view key) {
  auto found = overflow_.find(key);
  if (found == overflow_.end())
    found = overflow_.emplace(std::string(key), std::vector<int64_t>()).first;
  return found->second;
}

Status CompactWindowDeduplicate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const size_t n = batch.num_rows;
  if (n == 0) return Status();
  if (rows_.size() < n) {
    rows_.resize(n);
    std::iota(rows_.begin(), rows_.end(), 0);
  }
  encoder_.EncodeRows(batch, rows_.data(), n, &key_bytes_, &key_offsets_);
  const types::Column& ends = *batch.columns[window_end_column_];
  const types::Column& times = *batch.columns[time_column_];
  const int64_t* end_values = ends.data<int64_t>();
  selected_.clear();
  // With many keys the table does not fit in cache: start loading every row's slot first.
  for (size_t row = 0; row < n; ++row) {
    keys_.prefetch(absl::string_view(key_bytes_.data() + key_offsets_[row],
                                     key_offsets_[row + 1] - key_offsets_[row]));
  }
  int64_t late = 0;
  for (size_t row = 0; row < n; ++row) {
    if (ends.IsNull(row)) continue;
    const int64_t end = end_values[row];
    // As WindowRank: a row whose window has fired is late.
    if (window_time_->WindowTime(end) <= watermark_) {
      ++late;
      continue;
    }
    if (times.IsNull(row)) continue;
    const absl::string_view key(key_bytes_.data() + key_offsets_[row],
                                key_offsets_[row + 1] - key_offsets_[row]);
    if (Admit(key, Index(end))) selected_.push_back(static_cast<uint32_t>(row));
  }
  if (late > 0 && context_->metrics != nullptr) context_->metrics->late_rows_dropped += late;
  if (selected_.empty()) return Status();
  if (selected_.size() == n) return out->Collect(std::move(batch));
  return out->Collect(batch.Select(selected_.data(), selected_.size()));
}

bool CompactWindowDeduplicate::AdvanceFired() {
  const int64_t before = fired_through_;
  if (watermark_ == runtime::kMaxWatermark) {
    fired_through_ = kEverythingFired;
  } else if (watermark_ > INT64_MIN / 4) {
    // Windows whose last millisecond is at or before the watermark have fired. For LTZ windows
    // that bound is in wall-clock time: start kWidestOffsetGap lower, where every window has
    // surely fired, and step up window by window.
    const int64_t local = window_.ltz ? window_time_->ToLocal(watermark_) : watermark_;
    const int64_t margin = window_.ltz ? kWidestOffsetGap : 0;
    const int64_t bound = types::FloorDiv(local + kMicrosPerMilli - margin - offset_, size_);
    fired_through_ = std::max(fired_through_, bound);
    if (window_.ltz) {
      while (Fired(fired_through_ + 1)) ++fired_through_;
    }
  }
  return fired_through_ != before;
}

void CompactWindowDeduplicate::Sweep() {
  const int64_t fired = fired_through_;
  absl::erase_if(keys_, [fired](const auto& entry) { return entry.second.newest <= fired; });
  if (overflow_.empty()) return;
  for (auto it = overflow_.begin(); it != overflow_.end();) {
    std::vector<int64_t>& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(), [fired](int64_t w) { return w <= fired; }),
               list.end());
    if (list.empty()) {
      overflow_.erase(it++);
    } else {
      ++it;
    }
  }
}

Status CompactWindowDeduplicate::OnWatermark(int64_t watermark, runtime::Output* out) {
  if (watermark <= watermark_) return Status();
  watermark_ = watermark;
  if (AdvanceFired()) Sweep();
  return Status();
}

}  // namespace sluice::operators
