// Prospecting depth (docs/model.md section 4): the collision rate (撞单率) is the source's test of
// how deep AMs hunt. Deep hunting finds projects before their tender, where the customer may let
// us shape them and no rival who did not find them early ever shows up; shallow hunting meets
// only the public tenders every rival chases. Paired comparisons of golden_triangle under common
// random numbers; a claim holds when the 95% CI of the paired difference excludes the bound.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

using testing::Interval;
constexpr int kReps = 400;

void report(const char* what, const Interval& d) { std::printf("  %-58s %s\n", what, ::testing::PrintToString(d).c_str()); }

v1::Scenario with_hunting_cap(double hours) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_team()->set_hunting_max_hours_per_week(hours);
  return s;
}

// "If our collision rate with competitors is 100%, our prospecting needs strengthening: there is
// gold out there we have not seen." Doubling AM hunting time lowers the collision rate by at least
// 5 points; halving it raises it by at least 5 points.
TEST(Prospecting, CollisionRateRespondsToHuntingTimeByAtLeastFivePoints) {
  const v1::Scenario base = with_hunting_cap(12), doubled = with_hunting_cap(24), halved = with_hunting_cap(6);
  const auto up = testing::paired(base, doubled, kReps,
                                  {testing::kpi_of("hours.am.hunting"), testing::kpi_of("collision_rate")});
  const auto down = testing::paired(base, halved, kReps,
                                    {testing::kpi_of("hours.am.hunting"), testing::kpi_of("collision_rate")});
  const Interval hours = testing::mean_of(base, kReps, testing::kpi_of("hours.am.hunting"));
  report("baseline AM hunting hours (cap 12 h/wk)", hours);
  report("cap 24 - cap 12: hours.am.hunting", up[0]);
  report("cap 24 - cap 12: collision_rate", up[1]);
  report("cap 6 - cap 12: hours.am.hunting", down[0]);
  report("cap 6 - cap 12: collision_rate", down[1]);
  // The caps double and halve the hours hunted, as far as AMs have the hours: veterans farming
  // many accounts cannot hunt 24 h a week, so doubling the cap adds at least 60%.
  EXPECT_GT(up[0].mean, 0.6 * hours.mean) << up[0];
  EXPECT_LT(down[0].mean, -0.4 * hours.mean) << down[0];
  EXPECT_GT(down[0].mean, -0.6 * hours.mean) << down[0];
  EXPECT_LT(up[1].high, -0.05) << up[1];
  EXPECT_GT(down[1].low, 0.05) << down[1];
}

// The mechanism, not just the number: deals found before their tender are shaped, and shaped
// deals meet fewer rivals; with shaping off, hunting depth hardly moves the collision rate.
TEST(Prospecting, ShapingIsWhatMakesDepthPay) {
  v1::Scenario base = with_hunting_cap(12), doubled = with_hunting_cap(24);
  const auto shaped = testing::paired(base, doubled, kReps, testing::kpi_of("shaped_deals"));
  report("cap 24 - cap 12: shaped_deals", shaped);
  EXPECT_GT(shaped.low, 0.0) << shaped;
  base.mutable_market()->mutable_prospecting()->set_shaping_probability(0);
  doubled.mutable_market()->mutable_prospecting()->set_shaping_probability(0);
  const auto none = testing::paired(base, doubled, kReps, testing::kpi_of("collision_rate"));
  const auto with = testing::paired(with_hunting_cap(12), with_hunting_cap(24), kReps, testing::kpi_of("collision_rate"));
  report("no shaping: cap 24 - cap 12: collision_rate", none);
  EXPECT_GT(none.mean, with.mean + 0.03) << none << " vs " << with;
  EXPECT_EQ(testing::mean_of(base, 50, testing::kpi_of("shaped_deals")).mean, 0.0);
}

}  // namespace
}  // namespace salesim::model
