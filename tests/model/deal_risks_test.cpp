// Shrink ("big deal signed small"), slips ("easy deal hard to sign") and discount ("bloody
// low-price close") worsen with weak deal running, competitors and quarter-end pressure.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

constexpr int kReps = 100;

TEST(DealRisks, PriceAggressiveCompetitorsDeepenOurDiscount) {
  const v1::Scenario calm = testing::golden_triangle();
  v1::Scenario aggressive = calm;
  for (auto& c : *aggressive.mutable_competitors()) c.set_price_aggressiveness(1.0);
  for (auto& c : *aggressive.mutable_competitors())
    for (auto& p : *c.mutable_presence()) p.clear_price_aggressiveness();
  const auto d = testing::paired(calm, aggressive, kReps, testing::kpi_of("avg_discount"));
  EXPECT_GT(d.low, 0.0) << d;
}

TEST(DealRisks, QuarterEndPressureDeepensTheDiscount) {
  v1::Scenario none = testing::golden_triangle();
  none.mutable_deals()->set_discount_quarter_end_share(0.0);
  v1::Scenario pressure = none;
  pressure.mutable_deals()->set_discount_quarter_end_share(0.15);
  const auto d = testing::paired(none, pressure, kReps, testing::kpi_of("avg_discount"));
  EXPECT_GT(d.low, 0.0) << d;
}

TEST(DealRisks, WeakDealRunningMeansMoreShrinkAndSlips) {
  const v1::Scenario strong = testing::golden_triangle();
  v1::Scenario weak = strong;
  for (auto& c : *weak.mutable_team()->mutable_cohorts()) {
    c.mutable_skills()->mutable_deal_running()->set_fixed(0.2);
    c.mutable_skills()->mutable_negotiation()->set_fixed(0.2);
  }
  const auto d = testing::paired(strong, weak, kReps,
                                 {testing::kpi_of("shrink_share"), testing::kpi_of("slip_share"),
                                  testing::kpi_of("win_rate")});
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_GT(d[1].low, 0.0) << d[1];
  EXPECT_LT(d[2].high, 0.0) << d[2];
}

TEST(DealRisks, MoreCompetitorsMeanMoreCollisionAndFewerWins) {
  const v1::Scenario base = testing::golden_triangle();
  v1::Scenario crowded = base;
  for (auto& c : *crowded.mutable_competitors())
    for (auto& p : *c.mutable_presence()) p.set_rate(std::min(1.0, p.rate() * 2));
  const auto d = testing::paired(base, crowded, kReps,
                                 {testing::kpi_of("collision_rate"), testing::kpi_of("win_rate"),
                                  testing::kpi_of("losses_to_competitor_share")});
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_LT(d[1].high, 0.0) << d[1];
  EXPECT_GT(d[2].low, 0.0) << d[2];
}

TEST(DealRisks, ABigDealIsAWinAtOrAboveTheThreshold) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_deals()->set_big_deal_threshold_cny(1);  // every win is big
  const auto out = Model(s).run({.seed = 8});
  EXPECT_EQ(testing::kpi(out, "big_deal_rate"), 1.0);
  s.mutable_deals()->set_big_deal_threshold_cny(1e12);  // none is
  EXPECT_EQ(testing::kpi(Model(s).run({.seed = 8}), "big_deal_rate"), 0.0);
}

}  // namespace
}  // namespace salesim::model
