#include "sluice/operators/hyper_log_log.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace sluice::operators {
namespace {

uint64_t HashOfNumber(int64_t n) { return HyperLogLog::HashOf(std::to_string(n)); }

TEST(HyperLogLog, ExactWhileSmall) {
  HyperLogLog sketch;
  EXPECT_EQ(sketch.Estimate(), 0);
  for (int repeat = 0; repeat < 3; ++repeat) {
    for (int64_t n = 0; n < 200; ++n) sketch.Add(HashOfNumber(n));
  }
  EXPECT_FALSE(sketch.dense());
  EXPECT_EQ(sketch.Estimate(), 200);
}

TEST(HyperLogLog, ErrorWithinTwoPercentAtEveryScale) {
  for (int64_t distinct : {300, 1000, 10'000, 50'000, 200'000}) {
    HyperLogLog sketch;
    for (int64_t n = 0; n < distinct; ++n) sketch.Add(HashOfNumber(n));
    EXPECT_TRUE(sketch.dense());
    const double error =
        std::abs(static_cast<double>(sketch.Estimate() - distinct)) / static_cast<double>(distinct);
    EXPECT_LT(error, 0.02) << distinct << " distinct values, estimate " << sketch.Estimate();
  }
}

TEST(HyperLogLog, MergeEqualsAddingEverything) {
  HyperLogLog all;
  HyperLogLog left;
  HyperLogLog right;
  HyperLogLog small;
  for (int64_t n = 0; n < 5000; ++n) {
    all.Add(HashOfNumber(n));
    (n % 3 == 0 ? left : right).Add(HashOfNumber(n));
  }
  for (int64_t n = 4990; n < 5010; ++n) small.Add(HashOfNumber(n));  // overlaps
  for (int64_t n = 5000; n < 5010; ++n) all.Add(HashOfNumber(n));
  left.Merge(right);
  left.Merge(small);
  EXPECT_EQ(left.Estimate(), all.Estimate());

  // Exact sketches merge exactly; a merge past the limit turns dense.
  HyperLogLog a;
  HyperLogLog b;
  for (int64_t n = 0; n < 100; ++n) a.Add(HashOfNumber(n));
  for (int64_t n = 50; n < 150; ++n) b.Add(HashOfNumber(n));
  a.Merge(b);
  EXPECT_EQ(a.Estimate(), 150);
  for (int64_t n = 150; n < 400; ++n) b.Add(HashOfNumber(n));
  a.Merge(b);
  EXPECT_TRUE(a.dense());
  EXPECT_NEAR(static_cast<double>(a.Estimate()), 400.0, 4.0);
}

}  // namespace
}  // namespace sluice::operators
