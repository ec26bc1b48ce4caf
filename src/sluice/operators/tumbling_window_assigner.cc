#include "sluice/operators/tumbling_window_assigner.h"

#include "sluice/types/temporal.h"

namespace sluice::operators {

namespace {
constexpr int64_t kMicrosPerMilli = 1000;
}  // namespace

TumblingWindowAssigner::TumblingWindowAssigner(const planner::WindowSpec& window,
                                               absl::TimeZone local_time_zone)
    : size_(window.size),
      offset_(window.offset),
      ltz_(window.ltz),
      zone_(local_time_zone),
      converter_(local_time_zone) {}

int64_t TumblingWindowAssigner::WindowTime(int64_t window_end) {
  if (window_end == cached_end_for_time_) return cached_time_;
  int64_t last = window_end - kMicrosPerMilli;
  // As Flink's toEpochMillsForTimer(windowEnd - 1, shiftTimeZone).
  cached_time_ = ltz_ ? types::LocalToInstant(last, zone_) : last;
  cached_end_for_time_ = window_end;
  return cached_time_;
}

}  // namespace sluice::operators
