// Land and expand: a won basic module installs the account, which then opens expansion deals.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

// Only rookies (no installed base), so every expansion comes from an account we landed.
v1::Scenario landed_only(double expansions_per_year) {
  v1::Scenario s = testing::golden_triangle();
  testing::cohort(s, "am_veteran")->set_count(0);
  testing::cohort(s, "am_new")->set_count(10);
  for (auto& g : *s.mutable_market()->mutable_segments()) {
    g.set_strategy(v1::LAND_AND_EXPAND);
    g.set_expansions_per_landed_account_per_year(expansions_per_year);
  }
  return s;
}

TEST(LandAndExpand, ALandedAccountSpawnsExpansionDeals) {
  const auto out = Model(landed_only(1.0)).run({.seed = 21});
  EXPECT_GT(testing::kpi(out, "installed_accounts_end"), 0);
  EXPECT_GT(testing::kpi(out, "installed_opportunities"), 0);
  EXPECT_GT(testing::kpi(out, "revenue.expansion"), 0);
}

TEST(LandAndExpand, AHigherExpansionRateMeansMoreExpansionOpportunities) {
  const auto d = testing::paired(landed_only(0.2), landed_only(1.5), 30, testing::kpi_of("installed_opportunities"));
  EXPECT_GT(d.low, 0.0) << d;
}

TEST(LandAndExpand, LandAndExpandSellsNoBigProjects) {
  const auto out = Model(landed_only(1.0)).run({.seed = 21});
  EXPECT_EQ(testing::kpi(out, "revenue.big_project"), 0);
  EXPECT_EQ(testing::kpi(out, "revenue.go_big"), 0);
}

}  // namespace
}  // namespace salesim::model
