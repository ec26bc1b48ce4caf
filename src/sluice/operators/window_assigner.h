// WindowAssigner: where an event time falls for the window kinds TUMBLE, HOP and CUMULATE, shared
// by WindowTableFunction (which lists every window of a row) and WindowAggregate (which keeps one
// slice per row and builds windows from slices, as Flink's slicing window operators do).
//
// Bounds are wall-clock micros (TIMESTAMP(3) values): for a TIMESTAMP time column that is the value
// itself; for a TIMESTAMP_LTZ column (WindowSpec::ltz) the instant is first converted to the wall
// clock of the session time zone, so a 1-day window starts at local midnight (Flink's
// shiftTimeZone). Alignment: start = t - floorMod(t - offset, unit).
//
// Slices: TUMBLE's slice is its window; HOP's is the slide (the size must be a multiple of it), a
// window being the size/slide slices before its end; CUMULATE's is the step, windows being the
// first k slices of a max-size window [start, start + k * step).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"
#include "sluice/types/local_time_converter.h"

namespace sluice::operators {

class WindowAssigner {
 public:
  WindowAssigner(const planner::WindowSpec& window, absl::TimeZone local_time_zone);

  const planner::WindowSpec& spec() const { return spec_; }
  /// Length of a slice: TUMBLE size, HOP slide, CUMULATE step (micros).
  int64_t slice_size() const { return slice_size_; }

  /// Wall-clock micros of event time `time` (the value itself unless LTZ).
  int64_t ToLocal(int64_t time) { return spec_.ltz ? converter_.ToLocal(time) : time; }

  /// End of the slice holding the wall-clock time `local`.
  int64_t SliceEnd(int64_t local) {
    // Rows of a batch mostly fall into the slice of the previous row: skip the division.
    if (local >= cached_start_ && local < cached_start_ + slice_size_) {
      return cached_start_ + slice_size_;
    }
    cached_start_ = AlignedStart(local, slice_size_);
    return cached_start_ + slice_size_;
  }

  /// End of the last window containing the slice that ends at `slice_end`: the slice's state
  /// can go once that window fired, and a late row of the slice is dropped only then.
  int64_t LastWindowEnd(int64_t slice_end) const;
  /// CUMULATE: end of the max-size window holding the slice ending at `slice_end`.
  int64_t MaxWindowEnd(int64_t slice_end) const {
    return AlignedStart(slice_end - 1, spec_.size) + spec_.size;
  }

  /// Every window [start, end) holding the wall-clock time `local`, in Flink's order (HOP: latest
  /// first; TUMBLE/CUMULATE: earliest first).
  void AssignWindows(int64_t local, std::vector<std::pair<int64_t, int64_t>>* windows) const;

  /// window_time of the window ending at `window_end`: its last millisecond as an event time, the
  /// TIMESTAMP value window_end - 1 ms, or for LTZ windows the instant of that wall-clock time.
  /// The window fires when the watermark reaches this time.
  int64_t WindowTime(int64_t window_end);

  /// Start of the `unit`-long aligned interval holding `local`.
  int64_t AlignedStart(int64_t local, int64_t unit) const {
    int64_t mod = (local - spec_.offset) % unit;
    if (mod < 0) mod += unit;
    return local - mod;
  }

 private:
  planner::WindowSpec spec_;
  int64_t slice_size_;
  absl::TimeZone zone_;
  types::LocalTimeConverter converter_;
  // An empty slice never contains a time: start at the maximum so the first lookup computes.
  int64_t cached_start_ = INT64_MAX / 2;
  int64_t cached_end_for_time_ = INT64_MIN;
  int64_t cached_time_ = 0;
};

/// Operators that keep rows per window until it fires (WindowRank, WindowJoin): the open window
/// ending at `end` in `windows` (a map by window end to structs with a `fire_time`), opened if
/// new; windows.end() when that window has already fired (`watermark` passed its window_time),
/// counting the row as late.
template <typename Map>
typename Map::iterator OpenWindow(Map* windows, int64_t end, WindowAssigner* assigner,
                                  int64_t watermark, runtime::OperatorContext* context) {
  auto it = windows->find(end);
  if (it != windows->end()) return it;
  const int64_t fire_time = assigner->WindowTime(end);
  if (fire_time <= watermark) {
    if (context->metrics != nullptr) ++context->metrics->late_rows_dropped;
    return windows->end();
  }
  it = windows->try_emplace(end).first;
  it->second.fire_time = fire_time;
  return it;
}

}  // namespace sluice::operators
