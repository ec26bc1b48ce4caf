#include "sluice/operators/window_assigner.h"

#include "sluice/types/temporal.h"

namespace sluice::operators {

namespace {
constexpr int64_t kMicrosPerMilli = 1000;
}  // namespace

using planner::WindowKind;

WindowAssigner::WindowAssigner(const planner::WindowSpec& window, absl::TimeZone local_time_zone)
    : spec_(window),
      slice_size_(window.kind == WindowKind::kTumble ? window.size : window.slide),
      zone_(local_time_zone),
      converter_(local_time_zone) {}

int64_t WindowAssigner::LastWindowEnd(int64_t slice_end) const {
  switch (spec_.kind) {
    case WindowKind::kHop:
      return slice_end + spec_.size - spec_.slide;
    case WindowKind::kCumulate:
      return MaxWindowEnd(slice_end);
    default:
      return slice_end;
  }
}

void WindowAssigner::AssignWindows(int64_t local,
                                   std::vector<std::pair<int64_t, int64_t>>* windows) const {
  windows->clear();
  switch (spec_.kind) {
    case WindowKind::kHop: {
      const int64_t last_start = AlignedStart(local, spec_.slide);
      for (int64_t start = last_start; start > local - spec_.size; start -= spec_.slide) {
        windows->emplace_back(start, start + spec_.size);
      }
      return;
    }
    case WindowKind::kCumulate: {
      const int64_t start = AlignedStart(local, spec_.size);
      const int64_t last_end = start + spec_.size;
      for (int64_t end = AlignedStart(local, spec_.slide) + spec_.slide; end <= last_end;
           end += spec_.slide) {
        windows->emplace_back(start, end);
      }
      return;
    }
    default: {
      const int64_t start = AlignedStart(local, spec_.size);
      windows->emplace_back(start, start + spec_.size);
      return;
    }
  }
}

int64_t WindowAssigner::WindowTime(int64_t window_end) {
  if (window_end == cached_end_for_time_) return cached_time_;
  int64_t last = window_end - kMicrosPerMilli;
  // As Flink's toEpochMillsForTimer(windowEnd - 1, shiftTimeZone).
  cached_time_ = spec_.ltz ? types::LocalToInstant(last, zone_) : last;
  cached_end_for_time_ = window_end;
  return cached_time_;
}

}  // namespace sluice::operators
