// RateLimiter: a token bucket for 'rows-per-second'. The caller passes the time, so the limiter
// never sleeps and tests drive it with their own clock.
#pragma once

#include <cstdint>

namespace sluice::connectors {

class RateLimiter {
 public:
  /// `rows_per_second` > 0; the bucket holds at most `burst` rows (at least 1) and starts full.
  RateLimiter(double rows_per_second, int64_t burst);

  /// How many of `wanted` rows may be produced now (0 when the bucket is empty); takes them.
  /// `now_micros` is monotonic.
  int64_t Acquire(int64_t now_micros, int64_t wanted);

 private:
  double rows_per_micro_;
  double capacity_;
  double tokens_;
  int64_t last_micros_ = -1;
};

}  // namespace sluice::connectors
