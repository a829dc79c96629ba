// Summaries, t-intervals, Wilson intervals and the P-square quantile estimator.
#include "sim/experiment/statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/kernel/random.h"

namespace salesim::experiment {
namespace {

TEST(Statistics, TCriticalValueMatchesTheTable) {
  EXPECT_NEAR(t_critical_95(29), 2.0452, 1e-4);
  EXPECT_NEAR(t_critical_95(1), 12.7062, 1e-4);
  EXPECT_NEAR(t_critical_95(1000000), 1.95997, 1e-4);
}

TEST(Statistics, SummaryUsesTheSampleStandardDeviationAndATInterval) {
  const std::vector<double> v = {1, 2, 3, 4, 5};
  const v1::KpiSummary s = summarize("x", v);
  EXPECT_EQ(s.n(), 5u);
  EXPECT_DOUBLE_EQ(s.mean(), 3.0);
  EXPECT_DOUBLE_EQ(s.sd(), std::sqrt(2.5));  // divides by n - 1
  const double half = t_critical_95(4) * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_NEAR(s.ci_low(), 3.0 - half, 1e-12);
  EXPECT_NEAR(s.ci_high(), 3.0 + half, 1e-12);
  EXPECT_DOUBLE_EQ(s.p10(), 1.4);
  EXPECT_DOUBLE_EQ(s.p50(), 3.0);
  EXPECT_DOUBLE_EQ(s.p90(), 4.6);
  EXPECT_DOUBLE_EQ(s.p25(), 2.0);
  EXPECT_DOUBLE_EQ(s.p75(), 4.0);
}

TEST(Statistics, ASingleValueHasNoSdAndNoInterval) {
  // One replication says nothing about spread: undefined (NaN), not a zero-width interval.
  const std::vector<double> v = {7};
  const v1::KpiSummary s = summarize("x", v);
  EXPECT_EQ(s.mean(), 7.0);
  EXPECT_TRUE(std::isnan(s.sd()));
  EXPECT_TRUE(std::isnan(s.ci_low()));
  EXPECT_TRUE(std::isnan(s.ci_high()));
  EXPECT_EQ(s.p50(), 7.0);
}

TEST(Statistics, NoValueLeavesEverythingUndefined) {
  const v1::KpiSummary s = summarize("x", std::vector<double>{});
  EXPECT_EQ(s.n(), 0u);
  for (double v : {s.mean(), s.sd(), s.ci_low(), s.ci_high(), s.p10(), s.p50(), s.p90()}) EXPECT_TRUE(std::isnan(v));
}

TEST(Statistics, AnIntervalIsCutAtTheBoundsAndSaysSo) {
  // All zero but one: the t-interval of a proportion reaches below 0.
  std::vector<double> v(10, 0.0);
  v[0] = 0.5;
  const v1::KpiSummary free = summarize("x", v);
  EXPECT_LT(free.ci_low(), 0.0);
  EXPECT_FALSE(free.ci_clipped());
  const v1::KpiSummary cut = summarize("x", v, Bounds{0.0, 1.0});
  EXPECT_EQ(cut.ci_low(), 0.0);
  EXPECT_EQ(cut.ci_high(), free.ci_high());
  EXPECT_TRUE(cut.ci_clipped());
}

TEST(Statistics, WilsonIntervalMatchesAKnownCase) {
  // 8 of 10: Wilson 95% is about [0.4902, 0.9433].
  const Interval w = wilson_interval(8, 10);
  EXPECT_NEAR(w.low, 0.4902, 1e-4);
  EXPECT_NEAR(w.high, 0.9433, 1e-4);
  const Interval none = wilson_interval(0, 10);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_GT(none.high, 0.0);
  for (std::uint64_t n : {1u, 3u, 10u, 1000u}) EXPECT_EQ(wilson_interval(static_cast<double>(n), n).high, 1.0) << n;
}

TEST(Statistics, PairedDifferencesCountWhereThePlanBeatsTheBase) {
  const std::vector<double> base = {1, 2, 3, 4}, plan = {2, 2, 5, 3};
  const PairedSummary up = paired(base, plan, true);
  EXPECT_EQ(up.n, 4u);
  EXPECT_DOUBLE_EQ(up.delta_mean, 0.5);
  EXPECT_DOUBLE_EQ(up.p_better, 0.625);  // two wins and a tie (half a win) of four
  const PairedSummary down = paired(base, plan, false);
  EXPECT_DOUBLE_EQ(down.p_better, 0.375);
}

TEST(Statistics, PSquareTracksExactQuantilesOfALargeSample) {
  kernel::Rng rng(kernel::StreamKey{.seed = 11});
  std::vector<double> xs;
  P2Quantile q10(0.1), q50(0.5), q90(0.9);
  for (int i = 0; i < 20000; ++i) {
    const double x = kernel::lognormal(rng, 0.0, 0.5);
    xs.push_back(x);
    q10.add(x), q50.add(x), q90.add(x);
  }
  std::sort(xs.begin(), xs.end());
  EXPECT_NEAR(q10.value(), quantile_sorted(xs, 0.1), 0.02);
  EXPECT_NEAR(q50.value(), quantile_sorted(xs, 0.5), 0.02);
  EXPECT_NEAR(q90.value(), quantile_sorted(xs, 0.9), 0.03);
}

TEST(Statistics, PSquareIsExactForFewObservations) {
  P2Quantile q(0.5);
  q.add(3), q.add(1), q.add(2);
  EXPECT_DOUBLE_EQ(q.value(), 2.0);
}

TEST(Statistics, RelativeHalfWidthShrinksWithMoreReplications) {
  kernel::Rng rng(kernel::StreamKey{.seed = 3});
  std::vector<double> v;
  for (int i = 0; i < 100; ++i) v.push_back(kernel::normal(rng, 100, 10));
  const double small = relative_half_width(v);
  for (int i = 0; i < 300; ++i) v.push_back(kernel::normal(rng, 100, 10));
  EXPECT_LT(relative_half_width(v), small);
  EXPECT_NEAR(small, 1.98 * 10 / 10 / 100, 0.006);
}

}  // namespace
}  // namespace salesim::experiment
