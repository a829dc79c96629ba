// Learning by doing and by mentoring make people better over the year.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

v1::Scenario rookies() {
  v1::Scenario s = testing::golden_triangle();
  testing::cohort(s, "am_veteran")->set_count(2);
  testing::cohort(s, "am_new")->set_count(11);
  testing::cohort(s, "am_new")->mutable_tenure_months()->set_fixed(0);
  return s;
}

TEST(Learning, LearningByDoingRaisesTheWinRate) {
  v1::Scenario none = rookies();
  none.mutable_people()->set_learning_per_deal(0.0);
  v1::Scenario fast = none;
  fast.mutable_people()->set_learning_per_deal(0.1);
  const auto d = testing::paired(none, fast, 100, testing::kpi_of("win_rate"));
  EXPECT_GT(d.low, 0.0) << d;
}

TEST(Learning, MentoringSpeedsNewRepsUp) {
  v1::Scenario none = rookies();
  none.mutable_people()->set_mentoring_hours_per_week(0.0);
  v1::Scenario mentored = none;
  mentored.mutable_people()->set_mentoring_hours_per_week(8.0);
  const auto d = testing::paired(none, mentored, 100,
                                 {testing::kpi_of("mentoring_hours"), testing::kpi_of("new_opportunities")});
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_GT(d[1].low, 0.0) << d[1];
}

TEST(Learning, MenteesGraduateWhenTheirRampIsOver) {
  v1::Scenario short_ramp = rookies();
  short_ramp.mutable_people()->set_ramp_months(2);
  v1::Scenario long_ramp = rookies();
  long_ramp.mutable_people()->set_ramp_months(12);
  const auto d = testing::paired(short_ramp, long_ramp, 30, testing::kpi_of("mentoring_hours"));
  EXPECT_GT(d.low, 0.0) << d;
}

}  // namespace
}  // namespace salesim::model
