// Wall-clock and monotonic time in microseconds.
#pragma once

#include <chrono>
#include <cstdint>

namespace sluice {

/// Microseconds since the epoch (wall clock): processing time.
inline int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Monotonic microseconds: for measuring durations and rates.
inline int64_t MonotonicMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace sluice
