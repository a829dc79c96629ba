// Misplaced (错位): PMs spend a share of their hours hunting instead of running deals.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

TEST(Misplaced, PmsBookTheirShareAsMisplacedHuntingAndFindOpportunities) {
  v1::Scenario s = testing::golden_triangle();
  auto* m = s.mutable_formation()->mutable_misplaced();
  m->set_enabled(true);
  m->set_pm_hunting_share(0.5);
  s.mutable_people()->set_attrition_base_per_year(0);
  s.mutable_people()->set_attrition_miss_slope(0);
  s.mutable_people()->set_promotion_mentored_deals(0);
  const auto out = Model(s).run({.seed = 12});
  const double pm_hours = testing::cohort(s, "pm")->count() * 45.0 * 365.0 / 7.0;
  const double misplaced = testing::kpi(out, "hours.pm.misplaced");
  EXPECT_GT(misplaced, 0.3 * pm_hours);
  EXPECT_LE(misplaced, 0.5 * pm_hours + 1e-6);
  EXPECT_EQ(testing::kpi(out, "misplaced_hours"), misplaced);
  EXPECT_GT(testing::kpi(out, "pm_found_opportunities"), 0);
}

TEST(Misplaced, IsOffInTheDisciplinedFormation) {
  const auto out = Model(testing::golden_triangle()).run({.seed = 12});
  EXPECT_EQ(testing::kpi(out, "misplaced_hours"), 0);
}

}  // namespace
}  // namespace salesim::model
