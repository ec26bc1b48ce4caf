// TumblingWindowAssigner: the TUMBLE window of an event time, shared by WindowTableFunction and
// WindowAggregate so both put a row into the same window.
//
// Window bounds are wall-clock micros (TIMESTAMP(3) values): for a TIMESTAMP time column that is
// the value itself; for a TIMESTAMP_LTZ column (WindowSpec::ltz) the instant is first converted to
// the wall clock of the session time zone, so a 1-day window starts at local midnight (Flink's
// shiftTimeZone). start = t - floorMod(t - offset, size), end = start + size.
#pragma once

#include <cstdint>

#include "absl/time/time.h"
#include "sluice/types/local_time_converter.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::operators {

class TumblingWindowAssigner {
 public:
  TumblingWindowAssigner(const planner::WindowSpec& window, absl::TimeZone local_time_zone);

  int64_t size() const { return size_; }
  bool ltz() const { return ltz_; }

  /// The end of the window holding event time `time` (micros; an instant when ltz()).
  int64_t WindowEnd(int64_t time) {
    int64_t local = ltz_ ? converter_.ToLocal(time) : time;
    // Rows of a batch mostly fall into the window of the previous row: skip the division.
    if (local >= cached_start_ && local < cached_start_ + size_) return cached_start_ + size_;
    cached_start_ = local - FloorModSize(local - offset_);
    return cached_start_ + size_;
  }

  /// window_time of the window ending at `window_end`: its last millisecond as an event time, the
  /// TIMESTAMP value window_end - 1 ms, or for LTZ windows the instant of that wall-clock time.
  /// The window fires when the watermark reaches this time.
  int64_t WindowTime(int64_t window_end);

 private:
  int64_t FloorModSize(int64_t value) const {
    int64_t mod = value % size_;
    return mod < 0 ? mod + size_ : mod;
  }

  int64_t size_;
  int64_t offset_;
  bool ltz_;
  absl::TimeZone zone_;
  types::LocalTimeConverter converter_;
  // An empty window never contains a time: start at the maximum so the first lookup computes.
  int64_t cached_start_ = INT64_MAX / 2;
  int64_t cached_end_for_time_ = INT64_MIN;
  int64_t cached_time_ = 0;
};

}  // namespace sluice::operators
