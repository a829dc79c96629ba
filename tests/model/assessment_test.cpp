// Assessment drives time (docs/model.md section 5): what AMs and PMs are judged on (考核) shifts
// how they split their hours. Paired comparisons of golden_triangle under common random numbers.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

using testing::Interval;
constexpr int kReps = 300;

void report(const char* what, const Interval& d) { std::printf("  %-58s %s\n", what, ::testing::PrintToString(d).c_str()); }

// "对于客户经理的考核也可以用新增商机和商机拥有量两个指标,确保充足的商机": an AM judged on new
// opportunities hunts more and farms less than one judged on basic business (farming first).
TEST(Assessment, AmJudgedOnNewOpportunitiesHuntsMoreAndFarmsLess) {
  v1::Scenario farming_first = testing::golden_triangle();
  farming_first.mutable_assessment()->mutable_am()->set_new_opportunities(0);
  farming_first.mutable_assessment()->mutable_am()->set_opportunity_stock(0);
  farming_first.mutable_assessment()->mutable_am()->set_basic_business(1);
  v1::Scenario hunting = farming_first;
  hunting.mutable_assessment()->mutable_am()->set_new_opportunities(1);
  hunting.mutable_assessment()->mutable_am()->set_basic_business(0);
  const auto d = testing::paired(farming_first, hunting, kReps,
                                 {testing::kpi_of("new_opportunities"), testing::kpi_of("hours.am.hunting"),
                                  testing::kpi_of("hours.am.farming")});
  report("judged on new opportunities - basic business: new_opportunities", d[0]);
  report("judged on new opportunities - basic business: hours.am.hunting", d[1]);
  report("judged on new opportunities - basic business: hours.am.farming", d[2]);
  EXPECT_GT(d[0].low, 0.0) << d[0];
  EXPECT_GT(d[1].low, 0.0) << d[1];
  EXPECT_LT(d[2].high, 0.0) << d[2];
}

// "项目经理:主要考核签单率和大单率": a PM judged on the big-deal rate puts his hours on big deals
// first, so more of the big-project wins are big deals when PMs are short of hours.
TEST(Assessment, PmJudgedOnBigDealRateServesBigDealsFirst) {
  v1::Scenario win_rate = testing::golden_triangle();
  testing::cohort(win_rate, "pm")->set_count(2);  // PMs short of hours: the split matters
  v1::Scenario big = win_rate;
  big.mutable_assessment()->mutable_pm()->set_win_rate(0);
  big.mutable_assessment()->mutable_pm()->set_big_deal_rate(1);
  const auto d = testing::paired(win_rate, big, kReps, testing::kpi_of("revenue.big_project"));
  report("PM judged on big-deal rate - win rate: revenue.big_project", d);
  EXPECT_GT(d.low, 0.0) << d;
}

}  // namespace
}  // namespace salesim::model
