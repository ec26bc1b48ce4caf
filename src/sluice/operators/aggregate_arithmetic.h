// AggregateArithmetic: how SUM and AVG turn accumulated values into results the way Flink's
// aggregate functions do (Java semantics), shared by GroupAggregate and WindowAggregate.
#pragma once

#include <cstdint>

#include "sluice/types/data_type.h"

namespace sluice::operators {

/// Adds with two's-complement wrap-around, as Java's long/int addition (no undefined behaviour).
inline int64_t WrappingAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline int64_t WrappingSubtract(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}

/// An integer sum narrowed to the result type as Java narrows it: SUM(INT) is an INT that wraps.
inline int64_t NarrowInteger(int64_t value, types::PhysicalType type) {
  switch (type) {
    case types::PhysicalType::kInt8:
      return static_cast<int8_t>(value);
    case types::PhysicalType::kInt16:
      return static_cast<int16_t>(value);
    case types::PhysicalType::kInt32:
      return static_cast<int32_t>(value);
    default:
      return value;
  }
}

/// AVG of DECIMAL: sum (unscaled, `sum_scale`) / count as an unscaled value of `result_scale`,
/// rounded half up (Flink divides BigDecimals and rounds HALF_UP). `count` > 0.
inline int64_t DecimalAverage(int64_t sum, int64_t count, int sum_scale, int result_scale) {
  __int128 numerator = sum;
  __int128 denominator = count;
  for (int s = sum_scale; s < result_scale; ++s) numerator *= 10;
  for (int s = result_scale; s < sum_scale; ++s) denominator *= 10;
  __int128 quotient = numerator / denominator;
  __int128 remainder = numerator % denominator;
  if (remainder < 0) remainder = -remainder;
  if (2 * remainder >= denominator) quotient += numerator < 0 ? -1 : 1;
  return static_cast<int64_t>(quotient);
}

/// AVG of an integer type: the long sum divided by the count, truncated toward zero as Java's
/// division (Flink's IntAvgAggFunction and friends). `count` > 0.
inline int64_t IntegerAverage(int64_t sum, int64_t count) { return sum / count; }

}  // namespace sluice::operators
