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

// The ratio estimator on data worked by hand: num = {1, 2, 3, 8}, den = {1, 1, 2, 4}.
// R = 14 / 8 = 1.75 (the mean of the ratios {1, 2, 1.5, 2} is 1.625); residuals num - R den =
// {-0.75, 0.25, -0.5, 1}, sum of squares 1.875, s^2 = 0.625, mean(den) = 2, so the delta-method
// SD is sqrt(0.625) / 2 and the interval 1.75 +- t(3) sqrt(0.625) / 2 / sqrt(4).
TEST(Statistics, RatioOfSumsHasTheDeltaMethodIntervalOfTheRatioEstimator) {
  const std::vector<double> num = {1, 2, 3, 8}, den = {1, 1, 2, 4}, ratios = {1, 2, 1.5, 2};
  const v1::KpiSummary s = summarize_ratio("r", ratios, num, den);
  EXPECT_TRUE(s.ratio_of_sums());
  EXPECT_EQ(s.n(), 4u);
  EXPECT_DOUBLE_EQ(s.mean(), 1.75);
  EXPECT_DOUBLE_EQ(s.mean_of_ratios(), 1.625);
  const double sd = std::sqrt(0.625) / 2.0;
  EXPECT_NEAR(s.sd(), sd, 1e-12);
  const double half = t_critical_95(3) * sd / 2.0;
  EXPECT_NEAR(s.ci_low(), 1.75 - half, 1e-12);
  EXPECT_NEAR(s.ci_high(), 1.75 + half, 1e-12);
  EXPECT_NEAR(half, 0.628986, 1e-6);
  EXPECT_DOUBLE_EQ(s.p50(), 1.75);  // percentiles are those of the per-replication ratios
  // Cut at the bounds like every interval of a mean.
  const v1::KpiSummary cut = summarize_ratio("r", ratios, num, den, Bounds{0.0, 2.0});
  EXPECT_DOUBLE_EQ(cut.ci_high(), 2.0);
  EXPECT_TRUE(cut.ci_clipped());
  // No denominator in any replication: 0, as each replication reports it, with no spread.
  const std::vector<double> zero = {0, 0};
  const v1::KpiSummary z = summarize_ratio("r", zero, zero, zero);
  EXPECT_EQ(z.mean(), 0.0);
  EXPECT_EQ(z.ci_low(), 0.0);
  EXPECT_EQ(z.ci_high(), 0.0);
  EXPECT_TRUE(std::isnan(summarize_ratio("r", {}, {}, {}).mean()));
}

// The paired difference of two ratios of sums: base as above, plan num = {2, 2, 4, 8} over the
// same den (R_plan = 2). The linearised plan values (num - 2 den) / 2 = {0, 0, 0, 0}, the base's
// {-0.375, 0.125, -0.25, 0.5}; their differences {0.375, -0.125, 0.25, -0.5} have sum of squares
// 0.46875, s^2 = 0.15625, and the interval is 0.25 +- t(3) sqrt(0.15625) / 2.
TEST(Statistics, PairedRatioOfSumsUsesTheDeltaMethodOfTheDifference) {
  const std::vector<double> den = {1, 1, 2, 4}, num_a = {1, 2, 3, 8}, num_b = {2, 2, 4, 8};
  const std::vector<double> r_a = {1, 2, 1.5, 2}, r_b = {2, 2, 2, 2};
  const PairedSummary p = paired_ratio({r_a, num_a, den}, {r_b, num_b, den}, true);
  EXPECT_EQ(p.n, 4u);
  EXPECT_DOUBLE_EQ(p.base_mean, 1.75);
  EXPECT_DOUBLE_EQ(p.plan_mean, 2.0);
  EXPECT_DOUBLE_EQ(p.delta_mean, 0.25);
  const double half = t_critical_95(3) * std::sqrt(0.15625) / 2.0;
  EXPECT_NEAR(p.delta_ci.low, 0.25 - half, 1e-12);
  EXPECT_NEAR(p.delta_ci.high, 0.25 + half, 1e-12);
  // P(better) pair by pair on the ratios: two wins, two ties.
  EXPECT_DOUBLE_EQ(p.p_better, (2 + 0.5 * 2) / 4.0);
  EXPECT_DOUBLE_EQ(p.p_tie, 0.5);
}

}  // namespace
}  // namespace salesim::experiment
