// The installed base: farmed accounts renew and expand; neglected ones churn.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

// Veterans who cannot farm at all (farming may take 0% of their week).
v1::Scenario neglected() {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_team()->set_farming_max_share(0.0);
  return s;
}

TEST(InstalledBase, NeglectedAccountsChurnAndStopRenewing) {
  const auto d = testing::paired(testing::golden_triangle(), neglected(), 60,
                                 {testing::kpi_of("churned_accounts"), testing::kpi_of("revenue.installed_base"),
                                  testing::kpi_of("installed_opportunities")});
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_LT(d[1].high, 0.0) << d[1];
  EXPECT_LT(d[2].high, 0.0) << d[2];
  EXPECT_EQ(testing::kpi(Model(neglected()).run({.seed = 3}), "hours.am.farming"), 0.0);
}

TEST(InstalledBase, FarmingFreesNoHuntingTimeWhenItIsNeglected) {
  // The flip side: veterans who do not farm hunt more.
  const auto d = testing::paired(testing::golden_triangle(), neglected(), 30, testing::kpi_of("hours.am.hunting"));
  EXPECT_GT(d.low, 0.0) << d;
}

}  // namespace
}  // namespace salesim::model
