#include "sluice/runtime/timer_queue.h"

#include "sluice/common/clock.h"

namespace sluice::runtime {

void TimerQueue::RegisterProcessingTimer(int64_t time_micros) { times_.push(time_micros); }

int64_t TimerQueue::CurrentProcessingTime() const { return NowMicros(); }

bool TimerQueue::PopDue(int64_t now_micros) {
  bool any = false;
  while (!times_.empty() && times_.top() <= now_micros) {
    times_.pop();
    any = true;
  }
  return any;
}

}  // namespace sluice::runtime
