// The claims of the source document, tested: each a paired comparison of two variants of
// golden_triangle under common random numbers (same keys), with fixed seeds; a claim holds when
// the 95% CI of the paired difference excludes 0 in the stated direction. The measured intervals
// are printed (docs/model.md quotes them).
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

using testing::Interval;
constexpr int kReps = 300;

void report(const char* what, const Interval& d) { std::printf("  %-58s %s\n", what, ::testing::PrintToString(d).c_str()); }

// 1. Offside vs disciplined: fewer new opportunities and a lower win rate on big deals.
TEST(StylisedFacts, OffsideFindsFewerOpportunitiesAndWinsFewerBigDeals) {
  const v1::Scenario base = testing::golden_triangle();
  v1::Scenario offside = base;
  offside.mutable_formation()->mutable_offside()->set_enabled(true);
  offside.mutable_formation()->mutable_offside()->set_am_share(0.5);
  const auto d = testing::paired(base, offside, kReps,
                                 {testing::kpi_of("new_opportunities"), testing::kpi_of("win_rate.big_project")});
  report("offside - disciplined: new_opportunities", d[0]);
  report("offside - disciplined: win_rate.big_project", d[1]);
  EXPECT_LT(d[0].high, 0.0) << d[0];
  EXPECT_LT(d[1].high, 0.0) << d[1];
}

// 2. Misplaced vs disciplined: PMs find some opportunities, yet revenue and big-deal rate fall.
TEST(StylisedFacts, MisplacedPmsFindSomeOpportunitiesYetRevenueAndBigDealRateFall) {
  const v1::Scenario base = testing::golden_triangle();
  v1::Scenario misplaced = base;
  misplaced.mutable_formation()->mutable_misplaced()->set_enabled(true);
  misplaced.mutable_formation()->mutable_misplaced()->set_pm_hunting_share(0.4);
  const auto d = testing::paired(base, misplaced, kReps,
                                 {testing::kpi_of("pm_found_opportunities"), testing::kpi_of("revenue"),
                                  testing::kpi_of("big_deal_rate")});
  report("misplaced - disciplined: pm_found_opportunities", d[0]);
  report("misplaced - disciplined: revenue", d[1]);
  report("misplaced - disciplined: big_deal_rate", d[2]);
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_LT(d[1].high, 0.0) << d[1];
  EXPECT_LT(d[2].high, 0.0) << d[2];
}

// 3. PM shortage: covering recovers part of the in-year revenue lost without it; mentoring falls.
TEST(StylisedFacts, CoveringRecoversPartOfThePmShortageRevenueAndMentoringFalls) {
  const v1::Scenario full = testing::golden_triangle();
  v1::Scenario short_pm = full;
  testing::cohort(short_pm, "pm")->set_count(1);
  v1::Scenario covered = short_pm;
  covered.mutable_formation()->mutable_covering()->set_enabled(true);
  const auto lost = testing::paired(full, short_pm, kReps, testing::kpi_of("revenue"));
  const auto d = testing::paired(short_pm, covered, kReps,
                                 {testing::kpi_of("revenue"), testing::kpi_of("mentoring_hours")});
  const auto gap = testing::paired(full, covered, kReps, testing::kpi_of("revenue"));
  report("1 PM - 4 PMs: revenue", lost);
  report("1 PM covering - 1 PM: revenue", d[0]);
  report("1 PM covering - 1 PM: mentoring_hours", d[1]);
  report("1 PM covering - 4 PMs: revenue", gap);
  EXPECT_LT(lost.high, 0.0) << lost;
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_LT(gap.high, 0.0) << gap;  // only part of the loss is recovered
  EXPECT_LT(d[1].high, 0.0) << d[1];
}

// 4. More AM hunting hours lower the collision rate.
TEST(StylisedFacts, MoreAmHuntingHoursLowerTheCollisionRate) {
  const v1::Scenario base = testing::golden_triangle();
  v1::Scenario more = base;
  more.mutable_team()->set_hunting_max_hours_per_week(40);
  for (auto& c : *more.mutable_team()->mutable_cohorts())
    if (c.role() == v1::ACCOUNT_MANAGER) c.set_hours_per_week(55);
  const auto d = testing::paired(base, more, kReps,
                                 {testing::kpi_of("hours.am.hunting"), testing::kpi_of("collision_rate")});
  report("more hunting - base: hours.am.hunting", d[0]);
  report("more hunting - base: collision_rate", d[1]);
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_LT(d[1].high, 0.0) << d[1];
}

// 5. Veteran-heavy teams find fewer new opportunities per head than balanced ones; rookie-heavy
//    teams suffer more shrink, slips and discount.
TEST(StylisedFacts, VeteranHeavyTeamsHuntLessAndRookieHeavyTeamsSignWorse) {
  const v1::Scenario balanced = testing::golden_triangle();  // 6 veterans + 7 rookies
  v1::Scenario veterans = balanced;
  testing::cohort(veterans, "am_veteran")->set_count(13);
  testing::cohort(veterans, "am_new")->set_count(0);
  v1::Scenario rookies = balanced;
  testing::cohort(rookies, "am_veteran")->set_count(0);
  testing::cohort(rookies, "am_new")->set_count(13);
  const auto v = testing::paired(balanced, veterans, kReps, testing::kpi_of("am.new_opportunities_per_head"));
  report("veteran-heavy - balanced: am.new_opportunities_per_head", v);
  EXPECT_LT(v.high, 0.0) << v;
  const auto r = testing::paired(balanced, rookies, kReps,
                                 {testing::kpi_of("shrink_share"), testing::kpi_of("slip_share"),
                                  testing::kpi_of("avg_discount")});
  report("rookie-heavy - balanced: shrink_share", r[0]);
  report("rookie-heavy - balanced: slip_share", r[1]);
  report("rookie-heavy - balanced: avg_discount", r[2]);
  EXPECT_GT(r[0].low, 0.0) << r[0];
  EXPECT_GT(r[1].low, 0.0) << r[1];
  EXPECT_GT(r[2].low, 0.0) << r[2];
}

// 6. Land-and-expand earns expansion revenue that grows over the horizon; go-big has larger
//    average deals and longer cycles.
TEST(StylisedFacts, LandAndExpandGrowsExpansionRevenueAndGoBigSignsLargerSlowerDeals) {
  v1::Scenario land = testing::golden_triangle();
  for (auto& g : *land.mutable_market()->mutable_segments()) g.set_strategy(v1::LAND_AND_EXPAND);
  v1::Scenario big = land;
  for (auto& g : *big.mutable_market()->mutable_segments()) g.set_strategy(v1::GO_BIG);
  // Within land-and-expand: expansion revenue of the second half-year minus the first.
  const std::size_t exp = 5;  // series "expansion_revenue_cumulative"
  ASSERT_EQ(series_catalog()[exp], "expansion_revenue_cumulative");
  const auto growth = testing::mean_of(land, kReps, [&](const ReplicationOutput& o) {
    const auto& s = o.weekly[exp];
    return (s[51] - s[25]) - s[25];
  });
  const auto d = testing::paired(land, big, kReps,
                                 {testing::kpi_of("revenue.expansion"), testing::kpi_of("avg_deal_size"),
                                  testing::kpi_of("cycle_time_days")});
  report("land-and-expand: H2 - H1 expansion revenue", growth);
  report("go-big - land-and-expand: revenue.expansion", d[0]);
  report("go-big - land-and-expand: avg_deal_size", d[1]);
  report("go-big - land-and-expand: cycle_time_days", d[2]);
  EXPECT_GT(growth.low, 0.0) << growth;
  EXPECT_LT(d[0].high, 0.0) << d[0];
  EXPECT_GT(d[1].low, 0.0) << d[1];
  EXPECT_GT(d[2].low, 0.0) << d[2];
}

// 7. Revenue lags hiring by ramp plus cycle time: hires in month 1 book little in month 2.
TEST(StylisedFacts, RevenueLagsHiringByRampPlusCycleTime) {
  v1::Scenario base = testing::golden_triangle();
  v1::Scenario hire = base;
  auto* c = hire.mutable_team()->add_cohorts();
  c->set_name("hired_in_month_1");
  c->set_role(v1::ACCOUNT_MANAGER);
  c->set_count(4);
  c->set_start_day(15);
  c->set_annual_target_cny(2500000);
  *c->mutable_skills() = testing::cohort(hire, "am_new")->skills();
  fill_defaults(hire);
  // Cumulative revenue at the end of week w is weekly[0][w] (week w ends on day 7(w+1)).
  auto window = [](const ReplicationOutput& o, std::size_t from, std::size_t to) {
    return o.weekly[0][to] - o.weekly[0][from];
  };
  // With PMs the bottleneck (section 12), four more AMs add only some revenue: 1,000 replications.
  const auto d = testing::paired(
      base, hire, 1000,
      {[&](const ReplicationOutput& o) { return window(o, 4, 8); },                // month 2 (days 35-63)
       [&](const ReplicationOutput& o) { return window(o, 38, 51) * 4.0 / 13.0; }});  // months 10-12, per 4 weeks
  report("4 AMs hired day 15 - none: revenue in month 2", d[0]);
  report("4 AMs hired day 15 - none: revenue per month, months 10-12", d[1]);
  EXPECT_GT(d[1].low, 0.0) << d[1];
  // Month 2 books at most a quarter of what the hires book per month by year end.
  EXPECT_LT(d[0].high, 0.25 * d[1].mean) << d[0] << " vs " << d[1];
}

}  // namespace
}  // namespace salesim::model
