// StateTtl: 'table.exec.state.ttl' for operators that keep state per key (Deduplicate, Rank,
// UpdatableRank), as Flink's OnCreateAndWrite processing-time TTL: an entry written at `written`
// is expired once written + ttl <= now, and then behaves as if it had never existed. Expired
// entries are also swept out of memory, at most once per TTL period.
#pragma once

#include <cstdint>

#include "sluice/common/clock.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class StateTtl {
 public:
  /// `ttl` in microseconds; 0 disables expiry.
  explicit StateTtl(int64_t ttl) : ttl_(ttl) {}

  bool enabled() const { return ttl_ > 0; }
  /// Processing time now (read once per batch).
  static int64_t Now(const runtime::OperatorContext& context) {
    return context.timers != nullptr ? context.timers->CurrentProcessingTime() : NowMicros();
  }
  bool Expired(int64_t written, int64_t now) const { return ttl_ > 0 && written + ttl_ <= now; }
  /// True at most once per TTL period: time to sweep expired entries out.
  bool SweepDue(int64_t now) {
    if (ttl_ <= 0 || now - last_sweep_ < ttl_) return false;
    last_sweep_ = now;
    return true;
  }
  /// Erases the expired entries of `map` (values with an int64 `written`) when a sweep is due.
  template <typename Map>
  void Sweep(Map* map, int64_t now) {
    if (!SweepDue(now)) return;
    for (auto it = map->begin(); it != map->end();) {
      if (Expired(it->second.written, now)) {
        map->erase(it++);
      } else {
        ++it;
      }
    }
  }

 private:
  int64_t ttl_;
  int64_t last_sweep_ = 0;
};

}  // namespace sluice::operators
