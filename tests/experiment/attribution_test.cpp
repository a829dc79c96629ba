// Fault attribution (attribution.h): the Shapley computation on games with closed forms, the
// contrasts' intervals against the paired ones they generalise, and attribution runs of the sales
// model: the shares add up to the gap, an inert fault gets exactly nothing, one fault gets it all.
#include "sim/experiment/attribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include "sim/experiment/scenario_io.h"
#include "sim/experiment/statistics.h"
#include "sim/experiment/writers.h"

namespace salesim::experiment {
namespace {

// --- The Shapley value on synthetic games.

TEST(Shapley, InAnAdditiveGameEachPlayerGetsItsOwnEffect) {
  const double a[3] = {5.0, -2.0, 0.25};
  std::vector<double> v(8);
  for (std::size_t s = 0; s < 8; ++s)
    for (std::size_t k = 0; k < 3; ++k)
      if (s >> k & 1u) v[s] += a[k];
  const auto phi = shapley_values(v);
  ASSERT_EQ(phi.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(phi[k], a[k], 1e-12) << k;
}

TEST(Shapley, APureInteractionIsSharedHalfAndHalf) {
  const std::vector<double> v = {0, 0, 0, 1};  // 1 only when both are on
  const auto phi = shapley_values(v);
  EXPECT_DOUBLE_EQ(phi[0], 0.5);
  EXPECT_DOUBLE_EQ(phi[1], 0.5);
}

TEST(Shapley, TheThreePlayerMajorityGameGivesAThirdEach) {
  std::vector<double> v(8);
  for (std::size_t s = 0; s < 8; ++s) v[s] = __builtin_popcountll(s) >= 2 ? 1.0 : 0.0;
  for (double p : shapley_values(v)) EXPECT_NEAR(p, 1.0 / 3.0, 1e-15);
}

TEST(Shapley, OnePlayerGetsTheWholeDifference) {
  const std::vector<double> v = {3.5, 10.25};
  const auto phi = shapley_values(v);
  ASSERT_EQ(phi.size(), 1u);
  EXPECT_EQ(phi[0], 10.25 - 3.5);
}

TEST(Shapley, ADummyPlayerGetsExactlyZero) {
  // Player 1 never changes the value: v(S ∪ {1}) == v(S) bit for bit.
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  std::vector<double> v(8);
  for (std::size_t s = 0; s < 8; ++s)
    if (!(s & 2u)) v[s] = v[s | 2u] = u(rng);
  const auto phi = shapley_values(v);
  EXPECT_EQ(phi[1], 0.0);
}

TEST(Shapley, EfficiencyTheValuesAddUpToTheWholeGapInRandomGames) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-100, 100);
  for (std::size_t m = 1; m <= 3; ++m)
    for (int game = 0; game < 200; ++game) {
      std::vector<double> v(std::size_t{1} << m);
      for (double& x : v) x = u(rng);
      double sum = 0;
      for (double p : shapley_values(v)) sum += p;
      EXPECT_NEAR(sum, v.back() - v.front(), 1e-9) << "m=" << m << " game " << game;
    }
}

TEST(Shapley, WeightsOfEachPlayerSumToOneOverItsOrders) {
  for (std::size_t m = 1; m <= 5; ++m)
    for (const auto& terms : shapley_terms(m)) {
      EXPECT_EQ(terms.size(), std::size_t{1} << (m - 1));
      double w = 0;
      for (const auto& t : terms) w += t.weight;
      EXPECT_NEAR(w, 1.0, 1e-12) << m;
    }
}

TEST(Shapley, RefusesAValueListThatIsNotAPowerOfTwo) {
  EXPECT_THROW(shapley_values(std::vector<double>{1, 2, 3}), std::invalid_argument);
  EXPECT_THROW(shapley_values(std::vector<double>{}), std::invalid_argument);
}

// --- The contrasts generalise the paired comparisons.

TEST(Contrast, OneDifferenceIsThePairedComparison) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> z(10, 3);
  std::vector<double> a(40), b(40);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = z(rng), b[i] = a[i] + 0.5 + 0.3 * z(rng);
  const std::vector<std::span<const double>> cols = {a, b};
  const std::vector<ContrastTerm> diff = {{1.0, 1, 0}};
  const ContrastSummary c = paired_contrast(cols, diff);
  const PairedSummary p = paired(a, b, true);
  EXPECT_NEAR(c.estimate, p.delta_mean, 1e-12);
  EXPECT_NEAR(c.ci.ci.low, p.delta_ci.low, 1e-12);
  EXPECT_NEAR(c.ci.ci.high, p.delta_ci.high, 1e-12);
  EXPECT_EQ(c.n, 40u);
}

TEST(Contrast, OneRatioDifferenceIsThePairedRatioComparison) {
  std::mt19937_64 rng(8);
  std::poisson_distribution<int> closed(30);
  std::vector<double> na, da, nb, db, ra, rb;
  for (int i = 0; i < 50; ++i) {
    const double d = closed(rng);
    std::binomial_distribution<int> wa(static_cast<int>(d), 0.4), wb(static_cast<int>(d), 0.3);
    da.push_back(d), db.push_back(d), na.push_back(wa(rng)), nb.push_back(wb(rng));
    ra.push_back(na.back() / d), rb.push_back(nb.back() / d);
  }
  const std::vector<RatioSample> s = {{ra, na, da}, {rb, nb, db}};
  const std::vector<ContrastTerm> diff = {{1.0, 1, 0}};
  const Bounds share{0, 1};
  const ContrastSummary c = ratio_contrast(s, diff, difference_bounds(share));
  const PairedSummary p = paired_ratio(s[0], s[1], true, share);
  EXPECT_NEAR(c.estimate, p.delta_mean, 1e-12);
  EXPECT_NEAR(c.ci.ci.low, p.delta_ci.low, 1e-12);
  EXPECT_NEAR(c.ci.ci.high, p.delta_ci.high, 1e-12);
}

// --- The intervals of the shares cover the true Shapley values as often as they claim.

// A noisy three-fault game with known Shapley values: per replication
//   v_i(S) = base_i + sum_{k in S} (a_k + u_ik) + b [0 and 1 in S] + e_iS,
// base_i, u_ik, e_iS independent normals (the base is shared by all variants, as under common
// random numbers). The true values: phi_0 = a_0 + b/2, phi_1 = a_1 + b/2, phi_2 = a_2.
TEST(ShareIntervals, CoverTheTrueShapleyValuesNinetyFivePercentOfTheTime) {
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> z(0, 1);
  const double a[3] = {-3.0, 1.0, 0.5}, b = -2.0;
  const double truth[3] = {a[0] + b / 2, a[1] + b / 2, a[2]};
  const auto terms = shapley_terms(3);
  const int experiments = 2000, n = 20;
  int covered[3] = {0, 0, 0};
  for (int e = 0; e < experiments; ++e) {
    std::vector<std::vector<double>> v(8, std::vector<double>(n));
    for (int i = 0; i < n; ++i) {
      const double base = 100 + 10 * z(rng);
      double u[3];
      for (double& x : u) x = 2 * z(rng);
      for (std::size_t s = 0; s < 8; ++s) {
        double x = base + 0.5 * z(rng);
        for (std::size_t k = 0; k < 3; ++k)
          if (s >> k & 1u) x += a[k] + u[k];
        if ((s & 3u) == 3u) x += b;
        v[s][static_cast<std::size_t>(i)] = x;
      }
    }
    const std::vector<std::span<const double>> cols(v.begin(), v.end());
    for (std::size_t k = 0; k < 3; ++k) {
      const ContrastSummary c = paired_contrast(cols, terms[k]);
      covered[k] += c.ci.ci.low <= truth[k] && truth[k] <= c.ci.ci.high;
    }
  }
  // The t-interval is exact for normal data: coverage 0.95, binomial SE sqrt(.95 .05 / 2000) =
  // 0.0049; 4 SE either side.
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(covered[k] / double(experiments), 0.95, 4 * 0.0049) << "fault " << k;
}

// --- Attribution runs of the sales model (short horizon, few replications: seconds).

std::string scenario_path(const std::string& name) {
  const char* s = std::getenv("SALESIM_SOURCE_DIR");
  return std::string(s ? s : ".") + "/scenarios/" + name;
}

v1::Scenario load(const std::string& name, std::vector<std::string> sets = {}) {
  sets.insert(sets.begin(), "experiment.horizon_days=120");
  return load_scenario_file(scenario_path(name), sets);
}

RunOptions options(std::uint32_t n = 10, unsigned threads = 2) {
  RunOptions o;
  o.replications = n;
  o.threads = threads;
  return o;
}

const v1::Attribution& attribution(const v1::Results& r, const std::string& kpi) {
  for (const auto& a : r.attributions())
    if (a.kpi() == kpi) return a;
  throw std::runtime_error("no attribution of " + kpi);
}

// The gap to the twin, replication by replication and in the estimate: sum of shares == gap.
void expect_shares_add_up(const v1::Attribution& a) {
  double sum = 0;
  for (const auto& s : a.shares()) sum += s.mean();
  EXPECT_NEAR(sum, a.gap(), 1e-9 * std::max(1.0, std::abs(a.gap()))) << a.kpi();
  EXPECT_NEAR(a.scenario_mean() - a.twin_mean(), a.gap(), 1e-9 * std::max(1.0, std::abs(a.gap()))) << a.kpi();
  double share_sum = 0;
  for (const auto& s : a.shares()) share_sum += s.share_of_gap();
  if (a.gap() != 0) {
    EXPECT_NEAR(share_sum, 1.0, 1e-9) << a.kpi();
  }
}

TEST(Attribution, FindsTheFaultsSwitchedOnInTheScenarioOrInAPhase) {
  EXPECT_TRUE(enabled_faults(load("golden_triangle.txtpb")).empty());
  EXPECT_EQ(enabled_faults(load("offside.txtpb")), std::vector<std::string>{"offside"});
  EXPECT_EQ(enabled_faults(load("covering.txtpb")), std::vector<std::string>{"covering"});
  EXPECT_EQ(enabled_faults(load("mid_year_turnaround.txtpb")), (std::vector<std::string>{"offside", "misplaced"}));
  // A phase that switches a fault on makes it one of the scenario's faults; the twin has it off
  // in the phase too.
  v1::Scenario s = load("golden_triangle.txtpb");
  v1::Phase* p = s.add_phases();
  p->set_name("late");
  p->set_start_day(60);
  p->mutable_set()->mutable_formation()->mutable_covering()->set_enabled(true);
  EXPECT_EQ(enabled_faults(s), std::vector<std::string>{"covering"});
  EXPECT_TRUE(enabled_faults(with_faults_off(s, {"covering"})).empty());
  EXPECT_THROW(with_faults_off(s, {"dribbling"}), std::invalid_argument);
}

TEST(Attribution, TheDisciplinedTwinOfOffsideIsTheGoldenTriangleReplicationForReplication) {
  // offside.txtpb is golden_triangle.txtpb plus the offside fault, so its twin must play the same
  // markets to the same KPIs as the baseline: the CRN pairing the attribution rests on.
  const v1::Results twin = run_plans({with_faults_off(load("offside.txtpb"), {"offside"})}, {"x"}, options(4));
  const v1::Results base = run_plans({load("golden_triangle.txtpb")}, {"x"}, options(4));
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(twin.plans(0).points(0).replications(i).SerializeAsString(),
              base.plans(0).points(0).replications(i).SerializeAsString()) << i;
}

TEST(Attribution, AScenarioWithOneFaultAttributesTheWholeGapToIt) {
  const v1::Results r = run_attribution(load("offside.txtpb"), {"revenue", "win_rate"}, options());
  ASSERT_EQ(r.plans_size(), 2);
  EXPECT_EQ(r.plans(0).name(), "disciplined");
  EXPECT_EQ(r.plans(1).name(), "offside");
  ASSERT_EQ(r.attributions_size(), 2);
  for (const auto& a : r.attributions()) {
    ASSERT_EQ(a.shares_size(), 1);
    EXPECT_EQ(a.shares(0).fault(), "offside");
    EXPECT_EQ(a.shares(0).mean(), a.gap()) << a.kpi();
    EXPECT_EQ(a.shares(0).ci_low(), a.gap_ci_low()) << a.kpi();
    EXPECT_EQ(a.shares(0).share_of_gap(), 1.0) << a.kpi();
    EXPECT_EQ(a.n(), 10u);
  }
  // The gap is the paired comparison `salesim compare` reports for the same two plans.
  ASSERT_EQ(r.comparisons_size(), 1);
  for (const auto& d : r.comparisons(0).deltas())
    if (d.kpi() == "revenue" || d.kpi() == "win_rate") {
      const auto& a = attribution(r, d.kpi());
      EXPECT_NEAR(a.gap(), d.delta_mean(), 1e-9 * std::max(1.0, std::abs(d.delta_mean()))) << d.kpi();
      EXPECT_NEAR(a.gap_ci_low(), d.delta_ci_low(), 1e-6 * std::max(1.0, std::abs(d.delta_ci_low()))) << d.kpi();
      EXPECT_NEAR(a.twin_mean(), d.base_mean(), 1e-9 * std::max(1.0, std::abs(d.base_mean()))) << d.kpi();
    }
  // Offside costs revenue here (formation.efficiency < 1 out of role): the gap is not zero.
  EXPECT_NE(attribution(r, "revenue").gap(), 0.0);
}

TEST(Attribution, AMisplacedFaultThatHuntsNoHoursIsInertAndGetsExactlyNothing) {
  // misplaced switched on with pm_hunting_share 0 books 0 hours of hunting: first, it changes no
  // KPI of any replication, bit for bit ...
  const std::vector<std::string> inert = {"formation.misplaced.enabled=true", "formation.misplaced.pm_hunting_share=0"};
  const v1::Scenario s = load("offside.txtpb", inert);
  ASSERT_EQ(enabled_faults(s), (std::vector<std::string>{"offside", "misplaced"}));
  const v1::Results r = run_attribution(s, {"revenue", "win_rate", "deals_won"}, options());
  ASSERT_EQ(r.plans_size(), 4);
  for (std::size_t on : {0u, 1u})  // offside off / on; misplaced's bit is 2
    for (int i = 0; i < 10; ++i) {
      const auto& a = r.plans(static_cast<int>(on)).points(0).replications(i);
      const auto& b = r.plans(static_cast<int>(on | 2u)).points(0).replications(i);
      ASSERT_EQ(a.SerializeAsString(), b.SerializeAsString()) << "mask " << on << " replication " << i;
    }
  // ... so its Shapley value is exactly 0 and offside gets the whole gap.
  for (const auto& a : r.attributions()) {
    ASSERT_EQ(a.shares_size(), 2);
    EXPECT_EQ(a.shares(1).fault(), "misplaced");
    EXPECT_EQ(a.shares(1).mean(), 0.0) << a.kpi();
    EXPECT_EQ(a.shares(0).fault(), "offside");
    EXPECT_NEAR(a.shares(0).mean(), a.gap(), 1e-12 * std::max(1.0, std::abs(a.gap()))) << a.kpi();
    expect_shares_add_up(a);
  }
}

TEST(Attribution, WithThreeFaultsTheSharesAddUpToTheGapForEveryKpi) {
  const v1::Scenario s = load("pm_shortage.txtpb", {"formation.offside.enabled=true", "formation.misplaced.enabled=true",
                                                    "formation.covering.enabled=true"});
  const v1::Results r =
      run_attribution(s, {"revenue", "win_rate", "contribution", "cycle_time_days", "covered_deals"}, options(8));
  ASSERT_EQ(r.plans_size(), 8);
  EXPECT_EQ(r.plans(7).name(), "offside+misplaced+covering");
  ASSERT_EQ(r.attributions_size(), 5);
  for (const auto& a : r.attributions()) {
    ASSERT_EQ(a.shares_size(), 3);
    expect_shares_add_up(a);
    for (const auto& sh : a.shares())
      if (a.n() >= 2) {
        EXPECT_LE(sh.ci_low(), sh.mean()) << a.kpi() << " " << sh.fault();
        EXPECT_GE(sh.ci_high(), sh.mean()) << a.kpi() << " " << sh.fault();
      }
  }
  // Only covering lets a manager run a deal: the twin covers none.
  EXPECT_EQ(attribution(r, "covered_deals").twin_mean(), 0.0);
}

TEST(Attribution, TwoFaultsGetTheirMarginalEffectsAveragedOverBothOrders) {
  // With two faults the Shapley value is the mean of a fault's effect switched on first and
  // second: phi_offside = ((v(o) - v(none)) + (v(o+m) - v(m))) / 2, from the plans' own summaries
  // (the aggregator's means and ratios of sums), an independent path to the same numbers.
  const v1::Results r =
      run_attribution(load("mid_year_turnaround.txtpb"), {"revenue", "win_rate", "contribution"}, options(12));
  ASSERT_EQ(r.plans_size(), 4);
  for (const auto& a : r.attributions()) {
    int k = 0;
    while (r.kpis(k).name() != a.kpi()) ++k;
    auto v = [&](int mask) { return r.plans(mask).points(0).summaries(k).mean(); };
    const double tol = 1e-9 * std::max(1.0, std::abs(v(0)));
    EXPECT_NEAR(a.twin_mean(), v(0), tol) << a.kpi();
    EXPECT_NEAR(a.scenario_mean(), v(3), tol) << a.kpi();
    EXPECT_NEAR(a.shares(0).mean(), ((v(1) - v(0)) + (v(3) - v(2))) / 2, tol) << a.kpi();  // offside: bit 0
    EXPECT_NEAR(a.shares(1).mean(), ((v(2) - v(0)) + (v(3) - v(1))) / 2, tol) << a.kpi();  // misplaced: bit 1
    expect_shares_add_up(a);
  }
  // Both faults cost revenue in this branch: the intervals (12 paired runs) say so.
  const auto& revenue = attribution(r, "revenue");
  EXPECT_LT(revenue.shares(0).ci_high(), 0.0);
  EXPECT_LT(revenue.shares(1).ci_high(), 0.0);
}

TEST(Attribution, GivesTheSameBytesForAnyThreadCount) {
  const v1::Scenario s = load("offside.txtpb", {"formation.covering.enabled=true"});
  const std::string one = serialize_results(run_attribution(s, {"revenue", "win_rate"}, options(6, 1)));
  const std::string three = serialize_results(run_attribution(s, {"revenue", "win_rate"}, options(6, 3)));
  EXPECT_EQ(one, three);
}

TEST(Attribution, RefusesAScenarioWithNoFaultAndAKpiItDoesNotKnow) {
  EXPECT_THROW(run_attribution(load("golden_triangle.txtpb"), {"revenue"}, options(2)), std::invalid_argument);
  EXPECT_THROW(run_attribution(load("offside.txtpb"), {"no_such_kpi"}, options(2)), std::invalid_argument);
}

TEST(Attribution, WritesOneCsvRowPerKpiAndFaultBetweenTheTwinAndTheScenario) {
  const v1::Results r = run_attribution(load("offside.txtpb"), {"revenue"}, options(3));
  const std::string csv = attribution_csv(r);
  EXPECT_EQ(csv.rfind("kpi,fault,mean,ci_low,ci_high,share_of_gap,n\nrevenue,twin,", 0), 0u) << csv;
  EXPECT_NE(csv.find("\nrevenue,offside,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nrevenue,gap,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nrevenue,scenario,"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
}

}  // namespace
}  // namespace salesim::experiment
