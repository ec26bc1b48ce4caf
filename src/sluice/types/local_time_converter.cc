#include "sluice/types/local_time_converter.h"

#include "sluice/types/temporal.h"

namespace sluice::types {

void LocalTimeConverter::Refresh(int64_t utc_micros) {
  absl::Time time = absl::FromUnixMicros(utc_micros);
  offset_micros_ = static_cast<int64_t>(zone_.At(time).offset) * types::kMicrosPerSecond;
  absl::TimeZone::CivilTransition transition;
  valid_until_ = std::numeric_limits<int64_t>::max();
  if (zone_.NextTransition(time, &transition)) {
    valid_until_ = absl::ToUnixMicros(zone_.At(transition.to).trans);
  }
  valid_from_ = std::numeric_limits<int64_t>::min();
  // The most recent transition at or before `time` (asking just after it, whether the search is
  // strict or not).
  if (zone_.PrevTransition(time + absl::Microseconds(1), &transition)) {
    valid_from_ = absl::ToUnixMicros(zone_.At(transition.to).trans);
  }
  // Never trust a range that does not contain the instant we just looked up.
  if (valid_from_ > utc_micros) valid_from_ = utc_micros;
  if (valid_until_ <= utc_micros) valid_until_ = utc_micros + 1;
}

}  // namespace sluice::types
