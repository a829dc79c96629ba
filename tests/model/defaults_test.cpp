// fill_defaults: unset parameters get their documented defaults; explicit values stay.
#include <gtest/gtest.h>

#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"

namespace salesim::model {
namespace {

TEST(FillDefaults, GivesUnsetParametersTheirDocumentedDefaults) {
  v1::Scenario s;
  s.mutable_market()->add_segments()->set_name("large");
  auto* c = s.mutable_team()->add_cohorts();
  c->set_role(v1::ACCOUNT_MANAGER);
  c->set_count(2);
  fill_defaults(s);
  EXPECT_EQ(s.experiment().horizon_days(), 365);
  EXPECT_EQ(s.calendar().warmup_days(), 182);
  EXPECT_EQ(s.market().segments(0).strategy(), v1::GO_BIG);
  EXPECT_EQ(s.market().segments(0).quarterly_seasonality_size(), 4);
  EXPECT_TRUE(s.market().segments(0).has_big_project_size_cny());
  EXPECT_EQ(s.team().cohorts(0).hours_per_week(), 45);
  EXPECT_TRUE(s.team().cohorts(0).skills().has_deal_running());
  EXPECT_EQ(s.formation().efficiency_size(), 24);  // 4 roles x 6 tasks
  EXPECT_EQ(s.deals().big_deal_threshold_cny(), 2'000'000);
  EXPECT_EQ(s.people().ramp_months(), 9);
  EXPECT_EQ(s.formation().covering().wait_days(), 14);
}

TEST(FillDefaults, KeepsExplicitZerosOfOptionalFields) {
  v1::Scenario s;
  s.mutable_people()->set_attrition_base_per_year(0.0);
  s.mutable_formation()->mutable_covering()->set_wait_days(0.0);
  s.mutable_calendar()->set_warmup_days(0.0);
  fill_defaults(s);
  EXPECT_EQ(s.people().attrition_base_per_year(), 0.0);
  EXPECT_EQ(s.formation().covering().wait_days(), 0.0);
  EXPECT_EQ(s.calendar().warmup_days(), 0.0);
}

TEST(FillDefaults, KeepsListedEfficienciesAndIsIdempotent) {
  v1::Scenario s;
  auto* e = s.mutable_formation()->add_efficiency();
  e->set_role(v1::ACCOUNT_MANAGER);
  e->set_task(v1::DEMO);
  e->set_efficiency(0.9);
  fill_defaults(s);
  const std::string once = s.SerializeAsString();
  fill_defaults(s);
  EXPECT_EQ(s.SerializeAsString(), once);
  int found = 0;
  for (const auto& x : s.formation().efficiency())
    if (x.role() == v1::ACCOUNT_MANAGER && x.task() == v1::DEMO) {
      ++found;
      EXPECT_EQ(x.efficiency(), 0.9);
    }
  EXPECT_EQ(found, 1);
}

}  // namespace
}  // namespace salesim::model
