#include "sluice/operators/hyper_log_log.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace sluice::operators {

namespace {

// Linear counting is used while its estimate stays below this many distinct values (as a
// multiple of the register count). Measured with random hashes: below 3 x 16384 the raw
// estimate is biased upward (+2.7% at 40,000 values) while linear counting's error stays
// under 1%; above, linear counting's error grows (2% at 100,000) and the raw estimate's is 0.8%.
constexpr double kLinearCountingLimit = 3.0;

}  // namespace

void HyperLogLog::Add(uint64_t hash) {
  if (dense()) return AddToRegisters(hash);
  auto it = std::lower_bound(exact_.begin(), exact_.end(), hash);
  if (it != exact_.end() && *it == hash) return;
  exact_.insert(it, hash);
  if (exact_.size() > kExactLimit) ToDense();
}

void HyperLogLog::AddToRegisters(uint64_t hash) {
  // The top kPrecision bits pick the register; the rank is the position of the first 1 bit in
  // the remaining 64 - kPrecision bits (a guard bit bounds it when they are all zero).
  const size_t index = static_cast<size_t>(hash >> (64 - kPrecision));
  const uint64_t rest = (hash << kPrecision) | (uint64_t{1} << (kPrecision - 1));
  const uint8_t rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
  if (rank > registers_[index]) registers_[index] = rank;
}

void HyperLogLog::ToDense() {
  registers_.assign(kRegisters, 0);
  for (uint64_t hash : exact_) AddToRegisters(hash);
  exact_.clear();
  exact_.shrink_to_fit();
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  if (!other.dense()) {
    for (uint64_t hash : other.exact_) Add(hash);
    return;
  }
  if (!dense()) ToDense();
  for (size_t i = 0; i < kRegisters; ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

int64_t HyperLogLog::Estimate() const {
  if (!dense()) return static_cast<int64_t>(exact_.size());
  const double m = static_cast<double>(kRegisters);
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t rank : registers_) {
    sum += std::ldexp(1.0, -rank);
    zeros += rank == 0;
  }
  if (zeros > 0) {
    const double linear = m * std::log(m / static_cast<double>(zeros));
    if (linear <= kLinearCountingLimit * m) return std::llround(linear);
  }
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  return std::llround(alpha * m * m / sum);
}

}  // namespace sluice::operators
