// The weekly time budget: farming first, then deals, then hunting; every hour is booked.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

v1::Scenario one_veteran(double installed_accounts) {
  v1::Scenario s = testing::golden_triangle();
  for (auto& c : *s.mutable_team()->mutable_cohorts()) c.set_count(0);
  auto* v = testing::cohort(s, "am_veteran");
  v->set_count(1);
  v->mutable_installed_accounts()->set_fixed(installed_accounts);
  testing::cohort(s, "presales")->set_count(2);
  testing::cohort(s, "pm")->set_count(1);
  s.mutable_people()->set_attrition_base_per_year(0);
  return s;
}

TEST(TimeBudget, AVeteransHuntingHoursFallAsHisInstalledBaseGrows) {
  const auto small = testing::mean_of(one_veteran(2), 30, testing::kpi_of("hours.am.hunting"));
  const auto large = testing::mean_of(one_veteran(15), 30, testing::kpi_of("hours.am.hunting"));
  EXPECT_LT(large.high, small.low) << "small base " << small << ", large base " << large;
  const auto farming = testing::mean_of(one_veteran(15), 30, testing::kpi_of("hours.am.farming"));
  EXPECT_GT(farming.low, 15 * 2.0 * 52 * 0.5);  // most of the 2 h/account/week gets done
}

TEST(TimeBudget, EveryContractedHourIsBookedToSomeActivity) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_people()->set_attrition_base_per_year(0);
  s.mutable_people()->set_attrition_miss_slope(0);
  const Model m(s);
  const auto out = m.run({.seed = 3});
  double booked = 0;
  for (std::size_t i = 0; i < kpi_catalog().size(); ++i)
    if (kpi_catalog()[i].name.rfind("hours.", 0) == 0) booked += out.kpis[i];
  double contracted = 0;
  for (const auto& c : s.team().cohorts()) contracted += c.count() * c.hours_per_week() * 365.0 / 7.0;
  EXPECT_NEAR(booked, contracted, 1e-6 * contracted);
}

}  // namespace
}  // namespace salesim::model
