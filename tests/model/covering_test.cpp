// Covering (补位): when no PM is free within W days, a manager runs the deal and mentors less.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

v1::Scenario pm_shortage(bool covering, double wait_days = 14) {
  v1::Scenario s = testing::golden_triangle();
  testing::cohort(s, "pm")->set_count(1);
  auto* c = s.mutable_formation()->mutable_covering();
  c->set_enabled(covering);
  c->set_wait_days(wait_days);
  return s;
}

TEST(Covering, AssignsTheManagerWhenNoPmIsFreeWithinW) {
  const auto without = Model(pm_shortage(false)).run({.seed = 6});
  const auto with = Model(pm_shortage(true)).run({.seed = 6});
  EXPECT_EQ(testing::kpi(without, "covered_deals"), 0);
  EXPECT_EQ(testing::kpi(without, "hours.manager.covering"), 0);
  EXPECT_GT(testing::kpi(with, "covered_deals"), 0);
  EXPECT_GT(testing::kpi(with, "hours.manager.covering"), 0);
  // Nobody waits much longer than W (plus the weekly tick) for a PM any more.
  EXPECT_LT(testing::kpi(with, "pm_queue_wait_days"), testing::kpi(without, "pm_queue_wait_days"));
}

TEST(Covering, ALongerWaitMeansFewerCoveredDeals) {
  const auto quick = testing::mean_of(pm_shortage(true, 0), 20, testing::kpi_of("covered_deals"));
  const auto slow = testing::mean_of(pm_shortage(true, 60), 20, testing::kpi_of("covered_deals"));
  EXPECT_GT(quick.mean, slow.mean);
}

TEST(Covering, TheCoveringManagerMentorsLess) {
  const auto d = testing::paired(pm_shortage(false), pm_shortage(true), 40, testing::kpi_of("hours.manager.mentoring"));
  EXPECT_LT(d.high, 0.0) << d;
}

// 传、帮、带: the manager trains new PMs by covering live deals. A junior PM (or else the owning AM)
// shadows each covered deal and gains deal-running skill; the manager pays with his own
// management hours. Paired under common random numbers, one PM short.
TEST(Covering, CoveringTrainsTheShadowAndEatsTheManagersManagementHours) {
  v1::Scenario short_pm = testing::golden_triangle();
  testing::cohort(short_pm, "pm")->set_count(1);
  v1::Scenario covered = short_pm;
  covered.mutable_formation()->mutable_covering()->set_enabled(true);
  v1::Scenario untrained = covered;
  untrained.mutable_formation()->mutable_covering()->set_shadow_learning_per_deal(0);
  const auto d = testing::paired(short_pm, covered, 300,
                                 {testing::kpi_of("hours.manager.management"), testing::kpi_of("covering.shadow_skill_gain")});
  std::printf("  covering - none: hours.manager.management %s\n", ::testing::PrintToString(d[0]).c_str());
  std::printf("  covering - none: covering.shadow_skill_gain %s\n", ::testing::PrintToString(d[1]).c_str());
  EXPECT_LT(d[0].high, 0.0) << d[0];
  EXPECT_GT(d[1].low, 0.0) << d[1];
  const auto gain = testing::mean_of(untrained, 50, testing::kpi_of("covering.shadow_skill_gain"));
  EXPECT_EQ(gain.mean, 0.0);  // the skill gain is the shadow learning, nothing else
}

}  // namespace
}  // namespace salesim::model
