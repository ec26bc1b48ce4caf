// LocalTimeConverter: TIMESTAMP_LTZ instants to wall-clock micros in a time zone, as
// InstantToLocal computes them, but without a time-zone lookup per row: the UTC offset is
// cached together with the range of instants between two transitions where it holds.
#pragma once

#include <cstdint>
#include <limits>

#include "absl/time/time.h"

namespace sluice::types {

class LocalTimeConverter {
 public:
  explicit LocalTimeConverter(absl::TimeZone zone) : zone_(zone) {}

  /// Wall-clock micros in the zone of the instant `utc_micros`; equals
  /// InstantToLocal(utc_micros, zone).
  int64_t ToLocal(int64_t utc_micros) {
    if (utc_micros < valid_from_ || utc_micros >= valid_until_) Refresh(utc_micros);
    return utc_micros + offset_micros_;
  }

 private:
  void Refresh(int64_t utc_micros);

  absl::TimeZone zone_;
  int64_t offset_micros_ = 0;
  // The cached offset holds for instants in [valid_from_, valid_until_) (micros).
  int64_t valid_from_ = 0;
  int64_t valid_until_ = 0;
};

}  // namespace sluice::types
