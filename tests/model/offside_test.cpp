// Offside (越位): the AM does presales/PM work himself, by share or when the queue is long.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

v1::Scenario one_presales() {
  v1::Scenario s = testing::golden_triangle();
  testing::cohort(s, "presales")->set_count(1);
  s.mutable_team()->set_presales_max_concurrent_deals(1);
  return s;
}

TEST(Offside, RoutesPresalesWorkToTheAmOnceTheQueueExceedsTheThreshold) {
  v1::Scenario off = one_presales();
  v1::Scenario on = off;
  auto* o = on.mutable_formation()->mutable_offside();
  o->set_enabled(true);
  o->set_am_share(0.0);
  o->set_queue_threshold(2);
  const Model m_off(off), m_on(on);
  const auto a = m_off.run({.seed = 9}), b = m_on.run({.seed = 9});
  EXPECT_EQ(testing::kpi(a, "offside_deals"), 0);
  EXPECT_EQ(testing::kpi(a, "hours.am.offside"), 0);
  EXPECT_GT(testing::kpi(b, "offside_deals"), 0);
  EXPECT_GT(testing::kpi(b, "hours.am.offside"), 0);
  EXPECT_LT(testing::kpi(b, "presales_queue_wait_days"), testing::kpi(a, "presales_queue_wait_days"));
}

TEST(Offside, WithAShareOfOneTheAmDoesEveryPresalesAndPmStage) {
  v1::Scenario s = testing::golden_triangle();
  auto* o = s.mutable_formation()->mutable_offside();
  o->set_enabled(true);
  o->set_am_share(1.0);
  s.mutable_calendar()->set_warmup_days(0);
  const auto out = Model(s).run({.seed = 4});
  EXPECT_EQ(testing::kpi(out, "hours.presales.deal_work"), 0);
  EXPECT_EQ(testing::kpi(out, "hours.pm.deal_work"), 0);
  EXPECT_GT(testing::kpi(out, "offside_hours"), 0);
}

}  // namespace
}  // namespace salesim::model
