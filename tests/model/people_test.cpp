// People dynamics: ramp, attrition rising with missed targets, replacement hiring, promotion.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

TEST(People, NewAmsFindFewerOpportunitiesWhileTheyRamp) {
  v1::Scenario fast = testing::golden_triangle();
  fast.mutable_people()->set_ramp_months(0.5);
  v1::Scenario slow = fast;
  slow.mutable_people()->set_ramp_months(12);
  for (auto* s : {&fast, &slow}) {
    testing::cohort(*s, "am_new")->mutable_tenure_months()->set_fixed(0);
    s->mutable_calendar()->set_warmup_days(0);
  }
  const auto d = testing::paired(fast, slow, 40, testing::kpi_of("new_opportunities"));
  EXPECT_LT(d.high, 0.0) << d;
}

TEST(People, AttritionRisesWithMissedTargets) {
  v1::Scenario easy = testing::golden_triangle();
  v1::Scenario hard = easy;
  for (auto& c : *hard.mutable_team()->mutable_cohorts()) c.set_annual_target_cny(c.annual_target_cny() * 5);
  const auto d = testing::paired(easy, hard, 200, testing::kpi_of("attrition"));
  EXPECT_GT(d.low, 0.0) << d;
}

TEST(People, LeaversAreReplacedOnlyWhenReplacementIsOn) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_people()->set_attrition_base_per_year(0.6);
  const auto with = testing::mean_of(s, 20, testing::kpi_of("hires"));
  s.mutable_people()->set_replace_leavers(false);
  s.mutable_people()->set_replace_promoted(false);
  const auto without = testing::mean_of(s, 20, testing::kpi_of("hires"));
  EXPECT_GT(with.low, 0.0) << with;
  EXPECT_EQ(without.mean, 0.0);
}

TEST(People, AmsArePromotedToPmAfterEnoughMentoredBigDeals) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_people()->set_promotion_mentored_deals(1);
  EXPECT_GT(testing::mean_of(s, 20, testing::kpi_of("promotions")).low, 0.0);
  s.mutable_people()->set_promotion_mentored_deals(0);
  EXPECT_EQ(testing::mean_of(s, 20, testing::kpi_of("promotions")).mean, 0.0);
}

TEST(People, PlannedHiresJoinOnTheirStartDay) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_people()->set_attrition_base_per_year(0);
  s.mutable_people()->set_attrition_miss_slope(0);
  auto* c = s.mutable_team()->add_cohorts();
  c->set_name("hire");
  c->set_role(v1::ACCOUNT_MANAGER);
  c->set_count(3);
  c->set_start_day(100);
  fill_defaults(s);
  const auto out = Model(s).run({.seed = 2});
  EXPECT_EQ(out.weekly[2][12], out.weekly[2][0]);      // week ending day 91
  EXPECT_EQ(out.weekly[2][15], out.weekly[2][0] + 3);  // week ending day 112
  EXPECT_EQ(testing::kpi(out, "hires"), 3);
}

}  // namespace
}  // namespace salesim::model

namespace salesim::model {
namespace {

// A team of new AMs (tenure 0) against its ramped twin (tenure 24 months, same skills, no
// installed base): the share of the twin's new opportunities they find, month by month.
TEST(People, ANewAmReachesFullProductivityWithin6To12Months) {
  v1::Scenario ramped = testing::golden_triangle();
  ramped.mutable_calendar()->set_warmup_days(0);
  ramped.mutable_people()->set_attrition_base_per_year(0);
  ramped.mutable_people()->set_attrition_miss_slope(0);
  ramped.mutable_people()->set_learning_per_deal(0);
  // Discovery limited by effort, not by tenders everybody finds (docs/model.md section 4), so the
  // count of opportunities shows the ramp.
  ramped.mutable_market()->mutable_prospecting()->set_tender_discovery_weight(0.5);
  testing::cohort(ramped, "am_veteran")->set_count(0);
  testing::cohort(ramped, "am_new")->set_count(13);
  testing::cohort(ramped, "am_new")->mutable_tenure_months()->set_fixed(24);
  v1::Scenario rookies = ramped;
  testing::cohort(rookies, "am_new")->mutable_tenure_months()->set_fixed(0);
  const std::size_t s = 7;
  ASSERT_EQ(series_catalog()[s], "new_opportunities_cumulative");
  const Model mr(ramped), mn(rookies);
  // Opportunities found in weeks [a, b), summed over replications.
  double new_early = 0, twin_early = 0, new_mid = 0, twin_mid = 0, new_late = 0, twin_late = 0;
  for (std::uint64_t r = 0; r < 100; ++r) {
    const auto a = mn.run({.seed = 31, .replication = r}), b = mr.run({.seed = 31, .replication = r});
    auto found = [&](const ReplicationOutput& o, std::size_t from, std::size_t to) {
      return o.weekly[s][to] - o.weekly[s][from];
    };
    new_early += found(a, 4, 13);  // months 2-3
    twin_early += found(b, 4, 13);
    new_mid += found(a, 17, 21);  // month 5
    twin_mid += found(b, 17, 21);
    new_late += found(a, 43, 52);  // months 11-12
    twin_late += found(b, 43, 52);
  }
  std::printf("  new AMs find %.2f of their ramped twins' opportunities in months 2-3, %.2f in month 5, "
              "%.2f in months 11-12\n", new_early / twin_early, new_mid / twin_mid, new_late / twin_late);
  EXPECT_LT(new_early / twin_early, 0.8);
  EXPECT_LT(new_mid / twin_mid, 0.95);  // not yet at full productivity before month 6
  EXPECT_GT(new_late / twin_late, 0.9);
}

}  // namespace
}  // namespace salesim::model
