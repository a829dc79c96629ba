// Odd but valid scenarios run to the end and report sane numbers instead of crashing.
#include <gtest/gtest.h>

#include <cmath>

#include "test_support.h"

namespace salesim::model {
namespace {

void expect_finite(const ReplicationOutput& out) {
  for (std::size_t i = 0; i < out.kpis.size(); ++i)
    EXPECT_TRUE(std::isfinite(out.kpis[i])) << kpi_catalog()[i].name;
}

TEST(EdgeCases, AnEmptyScenarioRunsAndReportsZeros) {
  v1::Scenario s;
  fill_defaults(s);
  const auto out = Model(s).run({.seed = 1});
  expect_finite(out);
  EXPECT_EQ(testing::kpi(out, "revenue"), 0);
  EXPECT_EQ(testing::kpi(out, "headcount_end"), 0);
}

TEST(EdgeCases, ATeamWithoutMarketSegmentsBooksOnlyHours) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_market()->clear_segments();
  s.clear_competitors();
  const auto out = Model(s).run({.seed = 1});
  expect_finite(out);
  EXPECT_EQ(testing::kpi(out, "deals_closed"), 0);
  EXPECT_GT(testing::kpi(out, "hours.am.idle"), 0);
}

TEST(EdgeCases, AmsAloneLoseTheStagesNobodyCanWork) {
  v1::Scenario s = testing::golden_triangle();
  for (auto& c : *s.mutable_team()->mutable_cohorts())
    if (c.role() != v1::ACCOUNT_MANAGER) c.set_count(0);
  const auto out = Model(s).run({.seed = 1});
  expect_finite(out);
  EXPECT_EQ(testing::kpi(out, "hours.presales.deal_work"), 0);
  EXPECT_EQ(testing::kpi(out, "deals_won"), 0);  // every deal needs a demo
  EXPECT_GT(testing::kpi(out, "deals_closed"), 0);
}

TEST(EdgeCases, AHorizonThatIsNotWholeWeeksEndsWithAPartialWeek) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_experiment()->set_horizon_days(100);
  const Model m(s);
  EXPECT_EQ(m.weeks(), 15u);
  const auto out = m.run({.seed = 1});
  expect_finite(out);
  ASSERT_EQ(out.weekly[0].size(), 15u);
  EXPECT_GE(out.weekly[0][14], out.weekly[0][13]);
}

TEST(EdgeCases, WithoutWarmUpTheYearStartsWithAnEmptyPipeline) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_calendar()->set_warmup_days(0);
  const auto cold = Model(s).run({.seed = 1});
  const auto warm = Model(testing::golden_triangle()).run({.seed = 1});
  expect_finite(cold);
  EXPECT_LT(cold.weekly[1][0], warm.weekly[1][0]);  // opportunity stock after week 1
}

TEST(EdgeCases, AHolidayRemovesItsHoursFromEveryone) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_people()->set_attrition_base_per_year(0);
  s.mutable_people()->set_attrition_miss_slope(0);
  v1::Scenario h = s;
  auto* hol = h.mutable_calendar()->add_holidays();
  hol->set_start_day(28);  // weeks 5 and 6 (Spring Festival)
  hol->set_end_day(42);
  auto booked = [](const ReplicationOutput& o) {
    double sum = 0;
    for (std::size_t i = 0; i < kpi_catalog().size(); ++i)
      if (kpi_catalog()[i].name.rfind("hours.", 0) == 0) sum += o.kpis[i];
    return sum;
  };
  const double a = booked(Model(s).run({.seed = 1})), b = booked(Model(h).run({.seed = 1}));
  double contracted_week = 0;
  for (const auto& c : s.team().cohorts()) contracted_week += c.count() * c.hours_per_week();
  EXPECT_NEAR(a - b, 2 * contracted_week, 1e-6 * a);
}

}  // namespace
}  // namespace salesim::model

namespace salesim::model {
namespace {

TEST(EdgeCases, NamesOfUnknownSegmentsAreRejectedWhenTheModelIsBuilt) {
  v1::Scenario s = testing::golden_triangle();
  testing::cohort(s, "am_new")->set_segment("no_such_segment");
  EXPECT_THROW(Model{s}, std::invalid_argument);
  v1::Scenario c = testing::golden_triangle();
  auto* p = c.mutable_competitors(0)->add_presence();
  p->set_segment("nowhere");
  p->set_rate(0.5);
  EXPECT_THROW(Model{c}, std::invalid_argument);
}

}  // namespace
}  // namespace salesim::model
