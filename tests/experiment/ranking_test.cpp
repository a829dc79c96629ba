// Ranking plans: MCB intervals (simultaneous coverage on synthetic normal problems with known
// means), P(plan is best) (against the exact normal answer for two plans), ties as ties, and the
// ratio estimator.
#include "sim/experiment/ranking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/kernel/random.h"

namespace salesim::experiment {
namespace {

// n paired replications of k plans: y[p][i] = mu[p] + common_i + own_{p,i}, common ~ N(0, c),
// own ~ N(0, sd[p]): the correlation common random numbers induce, with unequal variances.
std::vector<std::vector<double>> synthetic(kernel::Rng& rng, const std::vector<double>& mu, const std::vector<double>& sd,
                                           double common_sd, std::size_t n) {
  std::vector<std::vector<double>> y(mu.size(), std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const double c = kernel::normal(rng, 0.0, common_sd);
    for (std::size_t p = 0; p < mu.size(); ++p) y[p][i] = mu[p] + c + kernel::normal(rng, 0.0, sd[p]);
  }
  return y;
}

const PlanRank& of(const Ranking& r, std::uint32_t plan) {
  for (const auto& p : r.plans)
    if (p.plan == plan) return p;
  throw std::logic_error("no such plan");
}

// Simultaneous coverage of the MCB intervals of mu_i - best of the others, and how often the
// subset of plans that "may be best" holds the true best, over `macro` independent experiments.
struct Coverage {
  double all_intervals = 0, subset = 0;
};
Coverage mcb_coverage(const std::vector<double>& mu, const std::vector<double>& sd, bool higher_is_better, int macro) {
  kernel::Rng rng(kernel::StreamKey{.seed = 2024, .purpose = 1});
  RankingOptions opt;
  opt.draws = 10;  // P(best) is not under test here
  const std::size_t k = mu.size();
  std::vector<double> margin(k);  // true mu_i - best of the others
  std::size_t best = 0;
  for (std::size_t i = 0; i < k; ++i) {
    double other = higher_is_better ? -INFINITY : INFINITY;
    for (std::size_t j = 0; j < k; ++j)
      if (j != i) other = higher_is_better ? std::max(other, mu[j]) : std::min(other, mu[j]);
    margin[i] = mu[i] - other;
    if (higher_is_better ? mu[i] > mu[best] : mu[i] < mu[best]) best = i;
  }
  int covered = 0, selected = 0;
  for (int m = 0; m < macro; ++m) {
    const Ranking r = rank_plans(synthetic(rng, mu, sd, 2.0, 20), higher_is_better, {}, opt);
    bool all = true;
    for (const auto& p : r.plans) all = all && p.mcb.low <= margin[p.plan] && margin[p.plan] <= p.mcb.high;
    covered += all;
    selected += of(r, static_cast<std::uint32_t>(best)).may_be_best;
  }
  return {covered / static_cast<double>(macro), selected / static_cast<double>(macro)};
}

// 95% minus three binomial standard errors of a 95% proportion over `macro` experiments.
double coverage_floor(int macro) { return 0.95 - 3.0 * std::sqrt(0.95 * 0.05 / macro); }

TEST(Ranking, McbIntervalsCoverAllMarginsSimultaneouslyWhenMeansDiffer) {
  const int macro = 2000;
  const Coverage c = mcb_coverage({10.0, 10.6, 11.0, 9.5}, {1.0, 1.5, 0.8, 1.2}, true, macro);
  std::printf("MCB simultaneous coverage (distinct means, k=4, n=20): %.4f; best in subset: %.4f\n", c.all_intervals,
              c.subset);
  EXPECT_GE(c.all_intervals, coverage_floor(macro));
  EXPECT_GE(c.subset, coverage_floor(macro));
}

TEST(Ranking, McbIntervalsCoverAllMarginsWhenTheBestLeadsByLessThanTheNoise) {
  // The slippage configuration near the least favourable one (all equal, where every margin is 0
  // and the intervals, which contain 0, cover trivially): one plan ahead by about one standard
  // error of a paired difference, the rest equal.
  const int macro = 2000;
  const Coverage c = mcb_coverage({5.0, 5.0, 5.0, 5.0, 5.3}, {1.0, 1.0, 2.0, 0.5, 1.0}, true, macro);
  std::printf("MCB simultaneous coverage (slippage 0.3, k=5, n=20): %.4f; best in subset: %.4f\n", c.all_intervals,
              c.subset);
  EXPECT_GE(c.all_intervals, coverage_floor(macro));
  EXPECT_GE(c.subset, coverage_floor(macro));
}

TEST(Ranking, McbIntervalsCoverWhenLowerIsBetter) {
  const int macro = 2000;
  const Coverage c = mcb_coverage({3.0, 3.2, 2.9}, {0.5, 0.7, 0.6}, false, macro);
  std::printf("MCB simultaneous coverage (lower is better, k=3, n=20): %.4f; best in subset: %.4f\n", c.all_intervals,
              c.subset);
  EXPECT_GE(c.all_intervals, coverage_floor(macro));
  EXPECT_GE(c.subset, coverage_floor(macro));
}

TEST(Ranking, McbIntervalsAreHsusFormulaWithTheBonferroniQuantile) {
  const std::vector<std::vector<double>> y = {{1, 2, 3, 4}, {2, 2.5, 4.5, 5}, {0, 1, 1, 3}};
  const Ranking r = rank_plans(y, true);
  const double t = t_quantile(1.0 - 0.05 / 2.0, 3);
  EXPECT_NEAR(r.mcb_t, t, 1e-12);
  EXPECT_NEAR(t, 3.1824, 1e-4);  // t(0.975; 3) from the table
  // Plan 1 against plan 0: differences {1, 0.5, 1.5, 1}, mean 1, sd sqrt(1/6).
  const double w10 = t * std::sqrt(1.0 / 6.0) / 2.0;
  // Plan 1 against plan 2: differences {2, 1.5, 3.5, 2}, mean 2.25, sd sqrt(0.75).
  const double w12 = t * std::sqrt(0.75) / 2.0;
  const PlanRank& p1 = of(r, 1);
  EXPECT_EQ(p1.rank, 1u);
  EXPECT_NEAR(p1.mcb.low, std::min(0.0, std::min(1.0 - w10, 2.25 - w12)), 1e-12);
  EXPECT_NEAR(p1.mcb.high, std::max(0.0, std::min(1.0 + w10, 2.25 + w12)), 1e-12);
  // Plan 0 against plan 2: differences {1, 1, 2, 1}, mean 1.25, sd 0.5.
  const double w02 = t * 0.5 / 2.0;
  EXPECT_NEAR(of(r, 0).mcb.low, std::min(0.0, std::min(-1.0 - w10, 1.25 - w02)), 1e-12);
  EXPECT_NEAR(of(r, 0).mcb.high, std::max(0.0, std::min(-1.0 + w10, 1.25 + w02)), 1e-12);
  EXPECT_FALSE(of(r, 0).may_be_best);  // -1 + w10 < 0: plan 1 is better with 95% confidence
}

TEST(Ranking, PBestMatchesTheExactNormalProbabilityForTwoPlans) {
  // Two plans: P(best of B) = Phi(delta / se(delta)) under the normal approximation.
  kernel::Rng rng(kernel::StreamKey{.seed = 9, .purpose = 2});
  const auto y = synthetic(rng, {10.0, 10.15}, {1.0, 1.0}, 1.0, 50);
  RankingOptions opt;
  opt.draws = 40000;
  const Ranking r = rank_plans(y, true, {}, opt);
  double md = 0, ss = 0;
  std::vector<double> d(50);
  for (std::size_t i = 0; i < 50; ++i) md += (d[i] = y[1][i] - y[0][i]) / 50.0;
  for (double x : d) ss += (x - md) * (x - md);
  const double se = std::sqrt(ss / 49.0 / 50.0);
  const double exact = 0.5 * std::erfc(-(md / se) / std::sqrt(2.0));
  const double p = of(r, 1).p_best;
  std::printf("P(best) Monte Carlo %.4f, exact normal %.4f\n", p, exact);
  EXPECT_NEAR(p, exact, 4.0 * std::sqrt(exact * (1 - exact) / opt.draws) + 1e-9);
  EXPECT_NEAR(of(r, 0).p_best + of(r, 1).p_best, 1.0, 1e-12);
}

TEST(Ranking, IdenticalPlansAreTiesWithEqualPBestAndEvenOdds) {
  kernel::Rng rng(kernel::StreamKey{.seed = 3, .purpose = 3});
  auto y = synthetic(rng, {10.0, 9.0}, {1.0, 1.0}, 1.0, 30);
  y.push_back(y[0]);  // plan 2 is plan 0 again
  const Ranking r = rank_plans(y, true);
  const PlanRank &a = of(r, 0), &c = of(r, 2);
  EXPECT_EQ(a.rank, c.rank);
  EXPECT_TRUE(a.tied);
  EXPECT_TRUE(c.tied);
  EXPECT_EQ(a.p_best, c.p_best);  // exactly: ties split their probability
  EXPECT_EQ(c.p_beats_base, 0.5);
  EXPECT_EQ(c.p_tie_base, 1.0);
  EXPECT_EQ(a.p_beats_base, 0.5);  // the base against itself
  EXPECT_EQ(c.delta_base, 0.0);
  // Neither is strictly better than its twin: each MCB interval ends at 0 on the better side,
  // and both may be the best.
  EXPECT_EQ(a.mcb.high, 0.0);
  EXPECT_EQ(c.mcb.high, 0.0);
  EXPECT_TRUE(a.may_be_best);
  EXPECT_TRUE(c.may_be_best);
  EXPECT_NEAR(a.p_best + c.p_best + of(r, 1).p_best, 1.0, 1e-12);
}

TEST(Ranking, AllIdenticalPlansSplitPBestEqually) {
  const std::vector<double> v = {3, 1, 4, 1, 5, 9, 2, 6};
  const Ranking r = rank_plans({v, v, v, v}, false);
  for (const auto& p : r.plans) {
    EXPECT_EQ(p.rank, 1u);
    EXPECT_EQ(p.p_best, 0.25);
    EXPECT_EQ(p.p_beats_base, 0.5);
    EXPECT_EQ(p.mcb.low, 0.0);
    EXPECT_EQ(p.mcb.high, 0.0);
    EXPECT_TRUE(p.may_be_best);
  }
}

TEST(Ranking, AClearlyBestPlanHasPBestNearOneAndIsTheOnlyCandidate) {
  kernel::Rng rng(kernel::StreamKey{.seed = 4, .purpose = 4});
  const auto y = synthetic(rng, {10.0, 10.2, 13.0, 9.0}, {1.0, 1.0, 1.0, 1.0}, 2.0, 40);
  const Ranking r = rank_plans(y, true);
  EXPECT_EQ(r.plans[0].plan, 2u);
  EXPECT_GT(r.plans[0].p_best, 0.999);
  EXPECT_EQ(r.plans[0].mcb.low, 0.0);  // inferred best: its whole interval is on the better side
  EXPECT_GT(r.plans[0].mcb.high, 0.0);
  for (std::size_t i = 1; i < r.plans.size(); ++i) {
    EXPECT_FALSE(r.plans[i].may_be_best) << r.plans[i].plan;
    EXPECT_EQ(r.plans[i].mcb.high, 0.0);
    EXPECT_LT(r.plans[i].mcb.low, 0.0);
  }
  EXPECT_GT(of(r, 2).p_beats_base, 0.9);
}

TEST(Ranking, LowerIsBetterRanksTheSmallestFirstWithMarginsInKpiUnits) {
  kernel::Rng rng(kernel::StreamKey{.seed = 5, .purpose = 5});
  const auto y = synthetic(rng, {50.0, 40.0, 60.0}, {1.0, 1.0, 1.0}, 1.0, 30);
  const Ranking r = rank_plans(y, false);
  EXPECT_EQ(r.plans[0].plan, 1u);
  EXPECT_EQ(r.plans[2].plan, 2u);
  // Plan 1's margin mu_1 - min(others) is about -10: the interval lies at or below 0.
  EXPECT_EQ(r.plans[0].mcb.high, 0.0);
  EXPECT_LT(r.plans[0].mcb.low, -5.0);
  EXPECT_EQ(r.plans[1].mcb.low, 0.0);
  EXPECT_GT(r.plans[1].mcb.high, 5.0);
  EXPECT_GT(r.plans[0].p_best, 0.999);
}

TEST(Ranking, SameInputGivesTheSameBytes) {
  kernel::Rng rng(kernel::StreamKey{.seed = 6, .purpose = 6});
  const auto y = synthetic(rng, {1.0, 1.05, 1.1}, {0.3, 0.3, 0.3}, 0.5, 25);
  const Ranking a = rank_plans(y, true), b = rank_plans(y, true);
  ASSERT_EQ(a.plans.size(), b.plans.size());
  for (std::size_t i = 0; i < a.plans.size(); ++i) {
    EXPECT_EQ(a.plans[i].plan, b.plans[i].plan);
    EXPECT_EQ(a.plans[i].p_best, b.plans[i].p_best);
    EXPECT_EQ(a.plans[i].mcb.low, b.plans[i].mcb.low);
    EXPECT_EQ(a.plans[i].mcb.high, b.plans[i].mcb.high);
  }
}

TEST(Ranking, MeansAndIntervalsAreThoseOfTheSummariesAndComparisons) {
  kernel::Rng rng(kernel::StreamKey{.seed = 7, .purpose = 7});
  const auto y = synthetic(rng, {1.0, 2.0}, {0.3, 0.4}, 0.5, 25);
  const Ranking r = rank_plans(y, true, Bounds{0.0});
  const v1::KpiSummary s = summarize("x", y[1], Bounds{0.0});
  const PairedSummary ps = paired(y[0], y[1], true, Bounds{0.0});
  const PlanRank& p = of(r, 1);
  EXPECT_EQ(p.mean, s.mean());
  EXPECT_EQ(p.ci.low, s.ci_low());
  EXPECT_EQ(p.ci.high, s.ci_high());
  EXPECT_EQ(p.delta_base, ps.delta_mean);
  EXPECT_EQ(p.delta_base_ci.low, ps.delta_ci.low);
  EXPECT_EQ(p.p_beats_base, ps.p_better);
}

TEST(Ranking, ARatioWithUnitDenominatorsRanksAsTheMean) {
  kernel::Rng rng(kernel::StreamKey{.seed = 8, .purpose = 8});
  const auto y = synthetic(rng, {0.4, 0.45, 0.5}, {0.05, 0.05, 0.05}, 0.05, 30);
  const std::vector<double> ones(30, 1.0);
  std::vector<RatioSample> plans;
  for (const auto& v : y) plans.push_back({v, v, ones});
  const Ranking a = rank_plans(y, true), b = rank_plans_ratio(plans, true);
  EXPECT_TRUE(b.ratio_of_sums);
  for (std::size_t i = 0; i < a.plans.size(); ++i) {
    EXPECT_EQ(a.plans[i].plan, b.plans[i].plan);
    EXPECT_NEAR(a.plans[i].mean, b.plans[i].mean, 1e-12);
    EXPECT_NEAR(a.plans[i].mcb.low, b.plans[i].mcb.low, 1e-9);
    EXPECT_NEAR(a.plans[i].mcb.high, b.plans[i].mcb.high, 1e-9);
    EXPECT_NEAR(a.plans[i].p_best, b.plans[i].p_best, 0.02);
  }
}

TEST(Ranking, ARatioKpiRanksTheRatioOfSums) {
  // Plan 0: 1/1 and 3/9 -> ratio of sums 0.4 (mean of ratios 0.67); plan 1: 0.5 every time.
  const std::vector<double> r0 = {1.0, 1.0 / 3.0}, n0 = {1, 3}, d0 = {1, 9};
  const std::vector<double> r1 = {0.5, 0.5}, n1 = {1, 4}, d1 = {2, 8};
  const Ranking r = rank_plans_ratio({{r0, n0, d0}, {r1, n1, d1}}, true);
  EXPECT_EQ(r.plans[0].plan, 1u);
  EXPECT_DOUBLE_EQ(r.plans[0].mean, 0.5);
  EXPECT_DOUBLE_EQ(r.plans[1].mean, 0.4);
}

TEST(Ranking, FewerThanTwoReplicationsLeaveIntervalsAndPBestUndefined) {
  const Ranking r = rank_plans({{1.0}, {2.0}}, true);
  EXPECT_EQ(r.plans[0].plan, 1u);
  EXPECT_EQ(r.plans[0].mean, 2.0);
  EXPECT_TRUE(std::isnan(r.plans[0].mcb.low));
  EXPECT_TRUE(std::isnan(r.plans[0].p_best));
}

TEST(Ranking, WithNoReplicationsNoPlanIsRanked) {
  const Ranking r = rank_plans({{}, {}, {}}, true);
  for (const auto& p : r.plans) {
    EXPECT_EQ(p.rank, 0u);
    EXPECT_FALSE(p.tied);
    EXPECT_TRUE(std::isnan(p.mean));
    EXPECT_TRUE(std::isnan(p.p_best));
    EXPECT_FALSE(p.may_be_best);
  }
}

}  // namespace
}  // namespace salesim::experiment
