// Tally and TimeWeighted (statistics.h).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "sim/kernel/statistics.h"

namespace salesim::kernel {
namespace {

TEST(Tally, ComputesMeanSampleVarianceMinAndMax) {
  Tally t;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) t.add(x);
  EXPECT_EQ(t.count(), 8u);
  EXPECT_DOUBLE_EQ(t.mean(), 5.0);
  EXPECT_DOUBLE_EQ(t.variance(), 32.0 / 7.0);  // n-1 in the denominator
  EXPECT_DOUBLE_EQ(t.std_error(), std::sqrt(32.0 / 7.0 / 8.0));
  EXPECT_DOUBLE_EQ(t.sum(), 40.0);
  EXPECT_EQ(t.min(), 2.0);
  EXPECT_EQ(t.max(), 9.0);
}

TEST(Tally, IsNumericallyStableForLargeOffsets) {
  Tally t;
  for (double x : {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) t.add(x);
  EXPECT_DOUBLE_EQ(t.variance(), 30.0);
}

TEST(Tally, ReportsNaNWhenTooFewObservations) {
  Tally t;
  EXPECT_TRUE(std::isnan(t.mean()));
  t.add(1.0);
  EXPECT_TRUE(std::isnan(t.variance()));
}

TEST(Tally, MergingTwoTalliesEqualsAddingEverythingToOne) {
  Tally a, b, all;
  for (int i = 0; i < 10; ++i) {
    const double x = i * 1.5 - 3.0;
    (i < 4 ? a : b).add(x);
    all.add(x);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_NEAR(a.mean(), all.mean(), 1e-12);
  EXPECT_NEAR(a.variance(), all.variance(), 1e-12);
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
}

TEST(TimeWeighted, AveragesAPiecewiseConstantLevelOverTime) {
  TimeWeighted q(0.0, 0.0);
  q.set(2.0, 3.0);   // 0 on [0,2)
  q.set(5.0, 1.0);   // 3 on [2,5)
  q.add(6.0, 1.0);   // 1 on [5,6), then 2
  EXPECT_DOUBLE_EQ(q.integral(10.0), 0 * 2 + 3 * 3 + 1 * 1 + 2 * 4);
  EXPECT_DOUBLE_EQ(q.mean(10.0), 18.0 / 10.0);
  EXPECT_EQ(q.max(), 3.0);
  EXPECT_EQ(q.level(), 2.0);
}

TEST(TimeWeighted, ResetStartsANewAverageKeepingTheLevel) {
  TimeWeighted q(0.0, 5.0);
  q.set(10.0, 1.0);
  q.reset(10.0);
  q.set(12.0, 3.0);
  EXPECT_DOUBLE_EQ(q.mean(14.0), (1.0 * 2 + 3.0 * 2) / 4.0);
  EXPECT_EQ(q.start(), 10.0);
}

TEST(TimeWeighted, RejectsTimeGoingBackwards) {
  TimeWeighted q(0.0);
  q.set(3.0, 1.0);
  EXPECT_THROW(q.set(2.0, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace salesim::kernel
