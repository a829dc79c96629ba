// The market: buying projects arrive as a seasonal Poisson process, and a different team meets
// the very same projects (common random numbers).
#include <gtest/gtest.h>

#include <vector>

#include "test_support.h"

namespace salesim::model {
namespace {

struct Arrivals : Observer {
  std::vector<std::pair<double, std::string>> seen;
  void on_event(const TraceEvent& e) override {
    if (std::string(e.kind) == "project.arrive") seen.emplace_back(e.time_days, e.detail);
  }
};

TEST(Market, ProjectArrivalsMatchTheSegmentRateAndSeasonality) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_calendar()->set_warmup_days(0);
  double expected_year = 0;  // golden_triangle's segments: accounts x projects per account
  for (const auto& g : s.market().segments()) expected_year += g.accounts() * g.projects_per_account_per_year();
  const Model m(s);
  std::vector<double> year, q1, q4;
  for (int r = 0; r < 60; ++r) {
    Arrivals a;
    m.run({.seed = 5, .replication = static_cast<std::uint64_t>(r)}, &a);
    year.push_back(static_cast<double>(a.seen.size()));
    double n1 = 0, n4 = 0;
    for (const auto& [t, d] : a.seen) {
      if (t < 91.25) ++n1;
      if (t >= 3 * 91.25) ++n4;
    }
    q1.push_back(n1);
    q4.push_back(n4 - n1);
  }
  const auto y = testing::interval(year);
  // The seasonal multipliers [0.7, 1, 1, 1.3] average 1: the yearly mean is the base rate.
  EXPECT_LT(y.low, expected_year);
  EXPECT_GT(y.high, expected_year);
  // Q4 (1.3) has more projects than Q1 (0.7).
  EXPECT_GT(testing::interval(q4).low, 0.0);
}

TEST(Market, ADifferentTeamMeetsTheSameBuyingProjects) {
  v1::Scenario a = testing::golden_triangle();
  v1::Scenario b = a;
  b.mutable_formation()->mutable_offside()->set_enabled(true);
  testing::cohort(b, "pm")->set_count(2);
  Arrivals x, y;
  Model(a).run({.seed = 11, .replication = 2}, &x);
  Model(b).run({.seed = 11, .replication = 2}, &y);
  ASSERT_GT(x.seen.size(), 100u);
  EXPECT_EQ(x.seen, y.seen);
}

}  // namespace
}  // namespace salesim::model
