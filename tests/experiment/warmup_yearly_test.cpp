// MSER-5 (warmup.h) on series with and without a transient, and the yearly KPIs (yearly.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/experiment/warmup.h"
#include "sim/experiment/yearly.h"
#include "sim/kernel/random.h"

namespace salesim::experiment {
namespace {

// By hand: batches {10, 1, 1, 1}. MSER(0) = (6.75^2 + 3 * 2.25^2) / 4^2 = 3.796875; MSER(1) =
// MSER(2) = 0. The first minimum is d = 1: delete one batch, 5 observations.
TEST(Mser5, DeletesTheBatchesThatHoldTheTransient) {
  std::vector<double> x(5, 10.0);
  x.insert(x.end(), 15, 1.0);
  x.push_back(99.0);  // an incomplete last batch is dropped
  const Mser5 m = mser5(x);
  EXPECT_EQ(m.batches, 4u);
  ASSERT_EQ(m.mser.size(), 3u);
  EXPECT_DOUBLE_EQ(m.mser[0], 3.796875);
  EXPECT_DOUBLE_EQ(m.mser[1], 0.0);
  EXPECT_EQ(m.truncation_batches, 1u);
  EXPECT_EQ(m.truncation_obs, 5u);
  EXPECT_TRUE(m.reliable);
}

std::vector<double> noisy(std::size_t n, std::uint64_t seed, double (*level)(double)) {
  kernel::Rng rng(kernel::StreamKey{.seed = seed, .purpose = 77});
  std::vector<double> x(n);
  for (std::size_t t = 0; t < n; ++t) x[t] = level(static_cast<double>(t)) + kernel::normal(rng, 0.0, 1.0);
  return x;
}

// Exponential decay onto a constant plus unit noise: x_t = 10 + 20 exp(-t / 8) + N(0, 1), 260
// weeks. The bias exceeds 3 (six times the batch means' noise, 1 / sqrt(5)) until t = 8 ln(20 / 3)
// = 15 and falls below a tenth of that noise at t = 8 ln(20 / 0.045) = 49: MSER-5 must delete at
// least the first 15 weeks, typically about 30-50, and the warning rule must fire.
TEST(Mser5, FindsTheEndOfAnExponentialTransient) {
  std::vector<std::size_t> cut;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Mser5 m = mser5(noisy(260, seed, [](double t) { return 10.0 + 20.0 * std::exp(-t / 8.0); }));
    EXPECT_GE(m.truncation_obs, 15u) << seed;
    EXPECT_TRUE(m.reliable) << seed;
    EXPECT_TRUE(needs_longer_warmup(m)) << seed;
    cut.push_back(m.truncation_obs);
  }
  std::sort(cut.begin(), cut.end());
  EXPECT_GE(cut[10], 20u);
  EXPECT_LE(cut[10], 50u);
}

// A stationary series: no truncation. Without noise every MSER(d) is 0 and the first, d = 0, wins.
// With noise (level 40, sd 1: the across-replication mean of a weekly stock) MSER-5 still deletes
// nothing in most series, and where it deletes a chance batch or more the shift is noise, far below
// the 10% the warning needs.
TEST(Mser5, DeletesNothingFromAStationarySeries) {
  const Mser5 flat = mser5(std::vector<double>(260, 40.0));
  EXPECT_EQ(flat.truncation_obs, 0u);
  EXPECT_TRUE(flat.reliable);
  int none = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Mser5 m = mser5(noisy(260, seed, [](double) { return 40.0; }));
    none += m.truncation_batches == 0;
    EXPECT_LT(std::fabs(m.shift), 0.03) << seed;
    EXPECT_FALSE(needs_longer_warmup(m)) << seed;
  }
  EXPECT_GE(none, 10);
}

TEST(Mser5, TooShortASeriesIsNotJudged) {
  const Mser5 m = mser5(std::vector<double>(9, 1.0));
  EXPECT_EQ(m.truncation_obs, 0u);
  EXPECT_FALSE(m.reliable);
  EXPECT_TRUE(std::isnan(m.statistic));
}

// Two years and a bit (105 weeks): two full years. Cumulative series give each year's increase,
// the weekly flow (hunting hours) each year's sum.
TEST(Yearly, IncreasesOfCumulativeSeriesAndSumsOfFlowsPerFullYear) {
  const std::vector<std::string> names = {"revenue_cumulative", "hunting_hours", "wins_cumulative"};
  std::vector<std::vector<double>> weekly(3, std::vector<double>(105));
  for (std::size_t w = 0; w < 105; ++w) {
    weekly[0][w] = 100.0 * static_cast<double>(w + 1);  // 100 a week
    weekly[1][w] = w < 52 ? 10.0 : 20.0;
    weekly[2][w] = static_cast<double>(w / 10);
  }
  ASSERT_EQ(full_years(105), 2u);
  ASSERT_EQ(full_years(51), 0u);
  const auto v = yearly_values(names, weekly);
  ASSERT_EQ(v.size(), 2u);
  const auto& k = yearly_kpis();
  auto at = [&](std::size_t year, const std::string& kpi) {
    for (std::size_t i = 0; i < k.size(); ++i)
      if (kpi == k[i].name) return v[year][i];
    ADD_FAILURE() << kpi;
    return 0.0;
  };
  EXPECT_DOUBLE_EQ(at(0, "revenue"), 5200.0);
  EXPECT_DOUBLE_EQ(at(1, "revenue"), 5200.0);
  EXPECT_DOUBLE_EQ(at(0, "am_hunting_hours"), 520.0);
  EXPECT_DOUBLE_EQ(at(1, "am_hunting_hours"), 1040.0);
  EXPECT_DOUBLE_EQ(at(0, "wins"), 5.0);   // week 51: 51 / 10 = 5
  EXPECT_DOUBLE_EQ(at(1, "wins"), 5.0);   // week 103: 10, minus 5
  EXPECT_TRUE(std::isnan(at(0, "hires")));  // no such series
}

}  // namespace
}  // namespace salesim::experiment
