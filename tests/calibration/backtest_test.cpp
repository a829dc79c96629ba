// The backtest (sim/calibration/backtest.h): calendar bins, the KS distance and p-value, and the
// backtest itself: a scenario set against its own simulated export shows no significant misfit,
// a clearly wrong scenario is flagged.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "sim/calibration/backtest.h"
#include "sim/experiment/scenario_io.h"

namespace salesim::calibration {
namespace {

v1::Scenario golden_triangle() {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  v1::Scenario s = experiment::load_scenario_file(std::string(root ? root : ".") + "/scenarios/golden_triangle.txtpb", {});
  experiment::prepare_for_run(s);
  return s;
}

TEST(Backtest, CalendarBinsAreTheMonthsAndQuartersOfThePeriodCutToIt) {
  const std::vector<PeriodBin> months = calendar_bins(Epoch{2026, 1, 1}, 0, 365, false);
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months[0].label, "2026-01");
  EXPECT_EQ(months[0].start_day, 0);
  EXPECT_EQ(months[0].end_day, 31);
  EXPECT_EQ(months[1].end_day, 59);  // February 2026 has 28 days
  EXPECT_EQ(months[11].label, "2026-12");
  EXPECT_EQ(months[11].end_day, 365);
  const std::vector<PeriodBin> quarters = calendar_bins(Epoch{2026, 1, 1}, 0, 365, true);
  ASSERT_EQ(quarters.size(), 4u);
  EXPECT_EQ(quarters[1].label, "2026-Q2");
  EXPECT_EQ(quarters[1].start_day, 90);
  // A period from 2025-11-15 for 100 days: 2025-11 (cut), 2025-12, 2026-01, 2026-02 (cut).
  const std::vector<PeriodBin> cut = calendar_bins(Epoch{2025, 11, 1}, 14, 114, false);
  ASSERT_EQ(cut.size(), 4u);
  EXPECT_EQ(cut[0].label, "2025-11");
  EXPECT_EQ(cut[0].start_day, 14);
  EXPECT_EQ(cut[0].end_day, 30);
  EXPECT_EQ(cut[3].label, "2026-02");
  EXPECT_EQ(cut[3].end_day, 114);
  const std::vector<PeriodBin> q = calendar_bins(Epoch{2025, 11, 1}, 14, 114, true);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].label, "2025-Q4");
  EXPECT_EQ(q[1].label, "2026-Q1");
}

TEST(Backtest, KsDistanceIsTheLargestGapBetweenTheTwoEcdfs) {
  const std::vector<double> a = {1, 2, 3, 4}, b = {1, 2, 3, 4}, c = {5, 6}, d = {2.5, 3.5, 4.5, 5.5};
  EXPECT_EQ(ks_distance(a, b), 0.0);
  EXPECT_EQ(ks_distance(a, c), 1.0);
  EXPECT_DOUBLE_EQ(ks_distance(a, d), 0.5);  // at x = 2: 2/4 vs 0
  const std::vector<double> ties = {1, 1, 2, 2}, other = {1, 2, 2, 2};
  EXPECT_DOUBLE_EQ(ks_distance(ties, other), 0.25);  // both step at a tie together
  EXPECT_EQ(ks_distance({}, a), 0.0);
}

// lambda -> distance for samples n and m (inverting Stephens' correction).
double distance_for(double lambda, double n, double m) {
  const double ne = n * m / (n + m);
  return lambda / (std::sqrt(ne) + 0.12 + 0.11 / std::sqrt(ne));
}

TEST(Backtest, KsPValueIsTheKolmogorovTailAtTheCorrectedDistance) {
  // Q_KS at tabulated points (Kolmogorov distribution: 1 - K(x)); both series meet at 1.18.
  // Reference values: 2 sum_{k=1}^{199} (-1)^(k-1) exp(-2 k^2 x^2), summed in Python.
  const struct { double lambda, q; } table[] = {{0.5, 0.963945}, {0.8, 0.544142}, {1.0, 0.270000}, {1.1795, 0.123745},
                                                {1.1805, 0.123163}, {1.36, 0.049486}, {1.63, 0.009846}, {2.0, 0.000671}};
  for (const auto& t : table) EXPECT_NEAR(ks_p_value(distance_for(t.lambda, 200, 5000), 200, 5000), t.q, 2e-6) << t.lambda;
  EXPECT_EQ(ks_p_value(0, 10, 10), 1.0);
  EXPECT_EQ(ks_p_value(0.5, 0, 10), 1.0);
  EXPECT_LT(ks_p_value(1.0, 100, 100), 1e-20);
}

struct Fit {
  int misfits = 0;
  double inside = 0, compared = 0, ks_p_simulated_sum = 0, ks_tests = 0;
};

Fit backtest_against_own_exports(const v1::Scenario& truth, const v1::Scenario& model_scenario, int exports) {
  Fit f;
  for (int i = 0; i < exports; ++i) {
    const CrmExport observed = simulate_export(truth, {.seed = 9001, .replication = static_cast<std::uint64_t>(i)});
    const v1::Backtest b = backtest(observed, model_scenario, {.replications = 200, .seed = 17, .threads = 2, .cancel = nullptr, .actual = {}});
    f.misfits += b.misfit() ? 1 : 0;
    f.inside += b.inside();
    f.compared += b.compared();
    for (const v1::KsTest& t : b.ks_tests()) f.ks_p_simulated_sum += t.p_simulated(), f.ks_tests += 1;
    if (i == 0) {
      EXPECT_EQ(b.compared(), 12u + 1 + 3 + 3 + 4);
      EXPECT_EQ(b.period_start(), "2026-01-01");
      EXPECT_EQ(b.period_end(), "2027-01-01");
      EXPECT_EQ(b.replications(), 200u);
      EXPECT_FALSE(b.verdict().empty());
    }
  }
  return f;
}

TEST(Backtest, AScenarioBacktestedOnItsOwnExportsShowsNoSignificantMisfit) {
  const v1::Scenario s = golden_triangle();
  constexpr int kExports = 8;
  const Fit f = backtest_against_own_exports(s, s, kExports);
  // Each band covers its statistic with probability about 0.8 (a band of 200 replications: within
  // 0.8 +- 0.03). 8 exports x 23 statistics: the share inside has SE <= sqrt(0.16 / 184) = 0.03
  // if they were independent; they are not (months of one export move together), so allow 3 SE of
  // twice that: 0.8 +- 0.18.
  EXPECT_NEAR(f.inside / f.compared, 0.8, 0.18) << f.inside << " of " << f.compared;
  // A fitting scenario is flagged with probability at most 5% by construction (four criteria at
  // 0.0125, Bonferroni); bench/calibration/backtest_false_alarms measured 30 of 800 (3.8%, 95% CI
  // 2.5-5.3%) with independent simulations per export. Here the 8 exports share one set (seed 17),
  // so their flags are not independent; more than 2 of 8 flags has probability 2% even at 7.5%.
  EXPECT_LE(f.misfits, 2);
  // Under the truth a simulated KS p-value is uniform: the mean of 16 is 0.5 with SE 0.072.
  EXPECT_GT(f.ks_p_simulated_sum / f.ks_tests, 0.5 - 3 * 0.072);
  std::printf("self-backtest: %g of %g statistics inside (%.1f%%), %d misfit flags in %d exports, mean KS p by "
              "simulation %.2f\n",
              f.inside, f.compared, 100 * f.inside / f.compared, f.misfits, kExports, f.ks_p_simulated_sum / f.ks_tests);
}

TEST(Backtest, FlagsAScenarioWithHalfTheBuyingProjects) {
  const v1::Scenario truth = golden_triangle();
  v1::Scenario wrong = truth;
  for (auto& seg : *wrong.mutable_market()->mutable_segments())
    seg.set_projects_per_account_per_year(seg.projects_per_account_per_year() * 0.5);
  const CrmExport observed = simulate_export(truth, {.seed = 9001, .replication = 0});
  const v1::Backtest b = backtest(observed, wrong, {.replications = 200, .seed = 17, .threads = 2, .cancel = nullptr, .actual = {}});
  EXPECT_TRUE(b.misfit()) << b.verdict();
  // More opportunities than the wrong scenario makes, month after month: at least 10 of 12 months
  // above the simulated median (a fitting scenario does that with probability 79/4096 = 2%), and
  // more than half above the band.
  int months = 0, above_median = 0, above_band = 0;
  for (const v1::BacktestStatistic& st : b.statistics()) {
    if (st.statistic() != "opportunities") continue;
    ++months;
    above_median += st.observed() > st.sim_p50();
    above_band += st.observed() > st.sim_p90();
  }
  EXPECT_EQ(months, 12);
  EXPECT_GE(above_median, 10) << b.verdict();
  EXPECT_GT(above_band, 6) << b.verdict();
  EXPECT_NE(b.verdict().find("MISFIT"), std::string::npos);
}

TEST(Backtest, FlagsAScenarioWhoseWinUtilityIsShifted) {
  const v1::Scenario truth = golden_triangle();
  v1::Scenario wrong = truth;
  wrong.mutable_deals()->set_win_base_utility(truth.deals().win_base_utility() - 1.5);
  const CrmExport observed = simulate_export(truth, {.seed = 9001, .replication = 1});
  const v1::Backtest b = backtest(observed, wrong, {.replications = 200, .seed = 17, .threads = 2, .cancel = nullptr, .actual = {}});
  EXPECT_TRUE(b.misfit()) << b.verdict();
  for (const v1::BacktestStatistic& st : b.statistics()) {
    if (st.statistic() == "win_rate") {
      EXPECT_GT(st.observed(), st.sim_p90()) << b.verdict();
    }
  }
  EXPECT_NE(b.verdict().find("win_rate above"), std::string::npos) << b.verdict();
}

TEST(Backtest, GivesTheSameResultForAnyThreadCount) {
  const v1::Scenario s = golden_triangle();
  const CrmExport observed = simulate_export(s, {.seed = 3, .replication = 0});
  const v1::Backtest one = backtest(observed, s, {.replications = 20, .seed = 5, .threads = 1, .cancel = nullptr, .actual = {}});
  const v1::Backtest three = backtest(observed, s, {.replications = 20, .seed = 5, .threads = 3, .cancel = nullptr, .actual = {}});
  EXPECT_EQ(one.SerializeAsString(), three.SerializeAsString());
  EXPECT_EQ(backtest_csv(one), backtest_csv(three));
}

TEST(Backtest, RefusesAnExportWithoutOpportunities) {
  const v1::Scenario s = golden_triangle();
  CrmExport e;  // a header-only export: a period, no rows
  e.period_start_day = 0;
  e.period_end_day = 365;
  try {
    backtest(e, s, {.replications = 50, .seed = 0, .threads = 1, .cancel = nullptr, .actual = {}});
    ADD_FAILURE() << "an export without opportunities was backtested";
  } catch (const std::invalid_argument& x) {
    EXPECT_STREQ(x.what(), "the export holds no opportunities: there is nothing to set against the simulations");
  }
}

// Each statistic the export can lack data for, by the export that lacks it: no deal closed (win
// rate, deal size, cycle time, both KS tests), none won (deal size and its KS test). Every such
// statistic is NaN ("-" in the table), left out of the share compared, named in the verdict as
// "not enough data", and never a perfect fit (the trial's "KS deal size D = 0.000 (p = 1)").
TEST(Backtest, EachStatisticWithoutObservedDataIsNotEnoughDataNotAFit) {
  const v1::Scenario s = golden_triangle();
  const CrmExport base = simulate_export(s, {.seed = 9001, .replication = 0});
  struct Case {
    const char* what;
    bool keep_lost;  // close the deals as lost (none won) rather than leave them all open
    std::vector<std::string> no_data;
    std::string ks_deal_size, ks_cycle_time;
  };
  const std::vector<Case> cases = {
      {"no deal closed", false,
       {"win_rate", "deal_size_p10", "deal_size_p50", "deal_size_p90", "cycle_time_p10", "cycle_time_p50", "cycle_time_p90"},
       "KS deal size: not enough data (no deal won in the export)", "KS cycle time: not enough data (no deal closed in the export)"},
      {"no deal won", true, {"deal_size_p10", "deal_size_p50", "deal_size_p90"},
       "KS deal size: not enough data (no deal won in the export)", "KS cycle time D = "},
  };
  for (const Case& c : cases) {
    CrmExport e = base;
    for (Opportunity& o : e.opportunities) {
      if (o.outcome == Outcome::open) continue;
      if (c.keep_lost) {
        o.outcome = Outcome::lost;
      } else {
        o.outcome = Outcome::open;
        o.close_day = kBlank;
      }
    }
    const v1::Backtest b = backtest(e, s, {.replications = 100, .seed = 17, .threads = 2, .cancel = nullptr, .actual = {}});
    std::vector<std::string> nan;
    for (const v1::BacktestStatistic& st : b.statistics())
      if (std::isnan(st.observed())) {
        nan.push_back(st.statistic());
        EXPECT_FALSE(st.in_band()) << c.what << ": " << st.statistic();
      }
    EXPECT_EQ(nan, c.no_data) << c.what;
    EXPECT_EQ(b.compared(), 23u - c.no_data.size()) << c.what;
    std::string listed = "; not enough data for ";
    for (std::size_t i = 0; i < c.no_data.size(); ++i) listed += (i ? ", " : "") + c.no_data[i];
    EXPECT_NE(b.verdict().find(listed + ":"), std::string::npos) << c.what << ": " << b.verdict();
    EXPECT_NE(b.verdict().find(c.ks_deal_size), std::string::npos) << c.what << ": " << b.verdict();
    EXPECT_NE(b.verdict().find(c.ks_cycle_time), std::string::npos) << c.what << ": " << b.verdict();
    for (const v1::KsTest& t : b.ks_tests()) {
      if (t.n_observed() != 0) continue;
      EXPECT_TRUE(std::isnan(t.distance())) << c.what << ": " << t.distribution();
      EXPECT_TRUE(std::isnan(t.p_value())) << c.what << ": " << t.distribution();
      EXPECT_TRUE(std::isnan(t.p_simulated())) << c.what << ": " << t.distribution();
    }
    // backtest.csv: a blank observed cell and blank KS cells on the rows without data.
    const std::string csv = backtest_csv(b);
    EXPECT_NE(csv.find("\ndeal_size_p50,all,CNY,,"), std::string::npos) << c.what;
    EXPECT_NE(csv.find(",false,0,,,\n"), std::string::npos) << c.what;
  }
}

// Below replications_to_judge() the smallest Monte Carlo p-value, 1 / (R + 1), is above the
// Bonferroni level 0.05 / 4: nothing can be flagged, and the verdict says so rather than "no
// significant misfit". A clearly wrong scenario (flagged at R = 200) is the sharp check: not
// flagged at 78, flagged at 79, where the most extreme export's p is 1/80 = 0.0125.
TEST(Backtest, BelowTheReplicationsNeededTheVerdictSaysTooFewToJudge) {
  EXPECT_EQ(replications_to_judge(2), 79u);
  EXPECT_EQ(replications_to_judge(0), 39u);  // 0.05 / 2: 1 / 40
  const v1::Scenario truth = golden_triangle();
  v1::Scenario wrong = truth;
  wrong.mutable_deals()->set_win_base_utility(truth.deals().win_base_utility() - 1.5);
  const CrmExport observed = simulate_export(truth, {.seed = 9001, .replication = 1});
  const v1::Backtest few = backtest(observed, wrong, {.replications = 78, .seed = 17, .threads = 2, .cancel = nullptr, .actual = {}});
  EXPECT_FALSE(few.misfit());
  EXPECT_EQ(few.replications_to_judge(), 79u);
  const std::string tail = ": too few replications to judge: at least 79 needed";
  ASSERT_GE(few.verdict().size(), tail.size());
  EXPECT_EQ(few.verdict().substr(few.verdict().size() - tail.size()), tail) << few.verdict();
  EXPECT_EQ(few.verdict().find("no significant misfit"), std::string::npos);
  const v1::Backtest enough = backtest(observed, wrong, {.replications = 79, .seed = 17, .threads = 2, .cancel = nullptr, .actual = {}});
  EXPECT_TRUE(enough.misfit()) << enough.verdict();
  EXPECT_EQ(enough.verdict().find("too few replications"), std::string::npos);
}

TEST(Backtest, RefusesAnEmptyPeriodOrTooFewReplications) {
  const v1::Scenario s = golden_triangle();
  CrmExport e;
  Opportunity one;
  one.id = "1";
  one.created_day = 20;
  e.opportunities.push_back(one);
  e.period_start_day = 10;
  e.period_end_day = 10;
  EXPECT_THROW(backtest(e, s, {.replications = 50, .seed = 0, .threads = 1, .cancel = nullptr, .actual = {}}), std::invalid_argument);
  e.period_end_day = 100;
  EXPECT_THROW(backtest(e, s, {.replications = 9, .seed = 0, .threads = 1, .cancel = nullptr, .actual = {}}), std::invalid_argument);
}

}  // namespace
}  // namespace salesim::calibration
