// Ratio KPIs (queue waits, win rate, ...) are estimated across replications as a ratio of sums:
// in the PM-shortage scenario busy replications assign more deals and make them wait longer, so
// the plain mean of the per-replication ratios weights the quiet replications too much.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <numeric>

#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"

namespace salesim::experiment {
namespace {

v1::Scenario load(const std::string& name) {
  const char* s = std::getenv("SALESIM_SOURCE_DIR");
  return load_scenario_file(std::string(s ? s : ".") + "/scenarios/" + name, {});
}

int index_of(const v1::Results& r, const std::string& name) {
  for (int i = 0; i < r.kpis_size(); ++i)
    if (r.kpis(i).name() == name) return i;
  ADD_FAILURE() << "no KPI " << name;
  return 0;
}

double column_sum(const v1::DesignPoint& dp, int k) {
  double s = 0;
  for (const auto& row : dp.replications()) s += row.kpis(k);
  return s;
}

TEST(RatioKpis, QueueWaitIsTheRatioOfSumsAndDiffersFromTheMeanOfRatiosInAPmShortage) {
  RunOptions opt;
  opt.replications = 100;
  opt.threads = 2;
  const v1::Results r = run_plans({load("golden_triangle.txtpb"), load("pm_shortage.txtpb")}, {"base", ""}, opt);
  const v1::DesignPoint& dp = r.plans(1).points(0);
  const int wait = index_of(r, "pm_queue_wait_days");
  EXPECT_EQ(r.kpis(wait).ratio_numerator(), "pm_wait_days_total");
  EXPECT_EQ(r.kpis(wait).ratio_denominator(), "pm_assignments");
  const v1::KpiSummary& s = dp.summaries(wait);
  ASSERT_TRUE(s.ratio_of_sums());
  const double ratio_of_sums = column_sum(dp, index_of(r, "pm_wait_days_total")) / column_sum(dp, index_of(r, "pm_assignments"));
  EXPECT_NEAR(s.mean(), ratio_of_sums, 1e-9 * ratio_of_sums);
  EXPECT_NEAR(s.mean_of_ratios(), column_sum(dp, wait) / dp.replications_size(), 1e-9 * s.mean());
  std::printf("pm_shortage pm_queue_wait_days: ratio of sums %.3f [%.3f, %.3f], mean of ratios %.3f\n", s.mean(),
              s.ci_low(), s.ci_high(), s.mean_of_ratios());
  // The two estimators differ: the mean of ratios lies below the ratio of sums (busy replications
  // have more deals and longer waits).
  EXPECT_GT(s.mean(), s.mean_of_ratios());
  EXPECT_GT(std::fabs(s.mean() - s.mean_of_ratios()), 1e-3 * s.mean());
  EXPECT_LT(s.ci_low(), s.mean());
  EXPECT_GT(s.ci_high(), s.mean());
  // The comparison of a ratio KPI is the difference of the two ratios of sums.
  const v1::KpiDelta& d = r.comparisons(0).deltas(wait);
  EXPECT_TRUE(d.ratio_of_sums());
  EXPECT_DOUBLE_EQ(d.plan_mean(), s.mean());
  EXPECT_DOUBLE_EQ(d.base_mean(), r.plans(0).points(0).summaries(wait).mean());
  EXPECT_NEAR(d.delta_mean(), d.plan_mean() - d.base_mean(), 1e-12);
  EXPECT_LT(d.delta_ci_low(), d.delta_mean());
  EXPECT_GT(d.delta_ci_high(), d.delta_mean());
  EXPECT_GT(d.delta_ci_low(), 0.0);  // two PMs instead of four: deals wait longer
  // A KPI that is not a ratio keeps the plain mean.
  EXPECT_FALSE(dp.summaries(index_of(r, "revenue")).ratio_of_sums());
}

// Every ratio KPI is, in every replication, its numerator / its denominator (0 when that is 0):
// the pairs the catalogue names are the right ones.
TEST(RatioKpis, EachRatioKpiIsItsNumeratorOverItsDenominatorInEveryReplication) {
  RunOptions opt;
  opt.replications = 6;
  opt.threads = 2;
  const v1::Results r = run_plans({load("pm_shortage.txtpb")}, {}, opt);
  int ratios = 0;
  for (int k = 0; k < r.kpis_size(); ++k) {
    if (r.kpis(k).ratio_numerator().empty()) continue;
    ++ratios;
    const int y = index_of(r, r.kpis(k).ratio_numerator()), x = index_of(r, r.kpis(k).ratio_denominator());
    for (const auto& row : r.plans(0).points(0).replications()) {
      const double want = row.kpis(x) > 0 ? row.kpis(y) / row.kpis(x) : 0.0;
      EXPECT_NEAR(row.kpis(k), want, 1e-9 * std::max(1.0, std::fabs(want))) << r.kpis(k).name();
    }
  }
  EXPECT_GE(ratios, 4);
}

}  // namespace
}  // namespace salesim::experiment
