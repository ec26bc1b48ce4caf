// TimerQueue: the processing-time timers of one operator instance (a min-heap of wall-clock
// times). Only the owning task's thread touches it.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <vector>

#include "sluice/runtime/operator.h"

namespace sluice::runtime {

class TimerQueue : public TimerService {
 public:
  static constexpr int64_t kNoTimer = std::numeric_limits<int64_t>::max();

  void RegisterProcessingTimer(int64_t time_micros) override;
  int64_t CurrentProcessingTime() const override;

  /// The earliest registered time (microseconds since epoch), or kNoTimer.
  int64_t earliest() const { return times_.empty() ? kNoTimer : times_.top(); }
  /// Removes every timer at or before `now_micros`; true if there was one.
  bool PopDue(int64_t now_micros);

 private:
  std::priority_queue<int64_t, std::vector<int64_t>, std::greater<int64_t>> times_;
};

}  // namespace sluice::runtime
