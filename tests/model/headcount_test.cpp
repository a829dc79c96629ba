// Headcount policy over several years (docs/model.md section 11): vacancies from attrition and
// promotion are refilled after the time to fill, a promoted AM hands his accounts over, learning
// saturates below each person's ceiling. With that, a branch run for three years stays in a
// steady state instead of collapsing into a team of PMs.
#include <gtest/gtest.h>

#include "sim/model/kpis.h"
#include "test_support.h"

namespace salesim::model {
namespace {

using testing::Interval;
constexpr int kReps = 300;

void report(const char* what, const Interval& d) { std::printf("  %-58s %s\n", what, ::testing::PrintToString(d).c_str()); }

v1::Scenario three_years() {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_experiment()->set_horizon_days(3 * 364);
  return s;
}

// Year k of a cumulative weekly series, or the sum over year k of a weekly one.
double year_of_cumulative(const ReplicationOutput& o, std::size_t series, int k) {
  const auto& w = o.weekly[series];
  const double end = w[static_cast<std::size_t>(52 * k - 1)];
  return k == 1 ? end : end - w[static_cast<std::size_t>(52 * (k - 1) - 1)];
}
double year_of_weekly(const ReplicationOutput& o, std::size_t series, int k) {
  double s = 0;
  for (int w = 52 * (k - 1); w < 52 * k; ++w) s += o.weekly[series][static_cast<std::size_t>(w)];
  return s;
}

// Year 3 against year 1, paired within each replication: the relative change year3/year1 - 1 of
// new opportunities, AM hunting hours and revenue stays within 15%.
TEST(Headcount, ThreeYearsStayWithinFifteenPercentOfYearOne) {
  const v1::Scenario s = three_years();
  ASSERT_TRUE(s.people().replace_leavers());
  ASSERT_TRUE(s.people().replace_promoted());
  const Model m(s);
  std::vector<double> opp1, opp3, hunt1, hunt3, rev1, rev3;
  for (int r = 0; r < kReps; ++r) {
    const auto o = m.run({.seed = 31, .design_point = 0, .replication = static_cast<std::uint64_t>(r)});
    opp1.push_back(year_of_cumulative(o, series::new_opportunities_cumulative, 1));
    opp3.push_back(year_of_cumulative(o, series::new_opportunities_cumulative, 3));
    hunt1.push_back(year_of_weekly(o, series::hunting_hours, 1));
    hunt3.push_back(year_of_weekly(o, series::hunting_hours, 3));
    rev1.push_back(year_of_cumulative(o, series::revenue_cumulative, 1));
    rev3.push_back(year_of_cumulative(o, series::revenue_cumulative, 3));
  }
  auto ratio = [](const std::vector<double>& a, const std::vector<double>& b) {
    const Interval ia = testing::interval(a);
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
    Interval r = testing::interval(d);
    r.mean /= ia.mean, r.low /= ia.mean, r.high /= ia.mean;  // relative to the year-1 mean
    return r;
  };
  const Interval o = ratio(opp1, opp3), h = ratio(hunt1, hunt3), v = ratio(rev1, rev3);
  report("year 3 / year 1 - 1: new opportunities", o);
  report("year 3 / year 1 - 1: AM hunting hours", h);
  report("year 3 / year 1 - 1: revenue", v);
  for (const Interval& i : {o, h, v}) {
    EXPECT_GT(i.low, -0.15) << i;
    EXPECT_LT(i.high, 0.15) << i;
  }
}

// Every promotion and every leaver (but managers) is refilled: hires catch up with vacancies
// except those whose time to fill runs past the horizon.
TEST(Headcount, PromotionsAndLeaversAreReplaced) {
  const v1::Scenario s = three_years();
  const Model m(s);
  double promotions = 0, leavers = 0, hires = 0, start = 0, end = 0;
  for (int r = 0; r < kReps; ++r) {
    const auto o = m.run({.seed = 32, .design_point = 0, .replication = static_cast<std::uint64_t>(r)});
    promotions += testing::kpi(o, "promotions");
    leavers += testing::kpi(o, "leavers");
    hires += testing::kpi(o, "hires");
    start += o.weekly[series::headcount].front();
    end += testing::kpi(o, "headcount_end");
  }
  std::printf("  per replication: promotions %.2f, leavers %.2f, hires %.2f, headcount %.1f -> %.1f\n",
              promotions / kReps, leavers / kReps, hires / kReps, start / kReps, end / kReps);
  EXPECT_GT(promotions, 0.0);
  EXPECT_GT(hires, 0.85 * leavers);   // refills lag by the time to fill only
  EXPECT_GT(end / start, 0.95);       // the team does not shrink
  EXPECT_LT(end / start, 1.02);
}

// Learning saturates: after three years nobody's skills have all drifted to 1.
TEST(Headcount, LearningStopsAtEachPersonsCeiling) {
  v1::Scenario s = three_years();
  const auto headroom0 = [&](double h) {
    v1::Scenario t = s;
    t.mutable_people()->set_learning_headroom(h);
    return t;
  };
  const auto d = testing::paired(headroom0(0.0), headroom0(1.0), 200, testing::kpi_of("win_rate"));
  report("headroom 1 - headroom 0: win_rate over 3 years", d);
  EXPECT_GT(d.low, 0.0) << d;  // learning does something ...
  const auto e = testing::paired(headroom0(0.0), s, 200, testing::kpi_of("win_rate"));
  report("default headroom - headroom 0: win_rate over 3 years", e);
  EXPECT_LT(e.mean, d.mean) << e << " vs " << d;  // ... and the ceiling caps it
}

}  // namespace
}  // namespace salesim::model
