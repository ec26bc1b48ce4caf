#include "sluice/connectors/datagen/rate_limiter.h"

#include <algorithm>

namespace sluice::connectors {

RateLimiter::RateLimiter(double rows_per_second, int64_t burst)
    : rows_per_micro_(rows_per_second / 1e6),
      capacity_(static_cast<double>(std::max<int64_t>(burst, 1))),
      tokens_(capacity_) {}

int64_t RateLimiter::Acquire(int64_t now_micros, int64_t wanted) {
  if (last_micros_ >= 0 && now_micros > last_micros_) {
    tokens_ = std::min(capacity_, tokens_ + (now_micros - last_micros_) * rows_per_micro_);
  }
  if (now_micros > last_micros_) last_micros_ = now_micros;
  int64_t granted = std::min<int64_t>(wanted, static_cast<int64_t>(tokens_));
  tokens_ -= static_cast<double>(granted);
  return granted;
}

}  // namespace sluice::connectors
