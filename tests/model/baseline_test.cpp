// A plausible baseline: golden_triangle's means land inside the ranges practitioners report.
// These are weak, practitioner-grade figures (defaults, not calibration; docs/model.md).
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

class Baseline : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const Model m(testing::golden_triangle());
    const int n = 200;
    means_.assign(kpi_catalog().size(), 0.0);
    for (int r = 0; r < n; ++r) {
      const auto out = m.run({.seed = 99, .design_point = 0, .replication = static_cast<std::uint64_t>(r)});
      for (std::size_t i = 0; i < means_.size(); ++i) means_[i] += out.kpis[i] / n;
    }
  }
  static double mean(const char* name) {
    const int i = kpi_index(name);
    EXPECT_GE(i, 0) << name;
    std::printf("  baseline %-30s %.4g\n", name, means_[static_cast<std::size_t>(i)]);
    return means_[static_cast<std::size_t>(i)];
  }
  static std::vector<double> means_;
};
std::vector<double> Baseline::means_;

TEST_F(Baseline, WinRateOfClosedDealsIsBetween25And45Percent) {
  EXPECT_GE(mean("win_rate"), 0.25);
  EXPECT_LE(mean("win_rate"), 0.45);
}
TEST_F(Baseline, CollisionRateIsBetween40And80Percent) {
  EXPECT_GE(mean("collision_rate"), 0.40);
  EXPECT_LE(mean("collision_rate"), 0.80);
}
TEST_F(Baseline, BigDealsAre10To30PercentOfWins) {
  EXPECT_GE(mean("big_deal_rate"), 0.10);
  EXPECT_LE(mean("big_deal_rate"), 0.30);
}
TEST_F(Baseline, AverageDiscountIsBetween8And25Percent) {
  EXPECT_GE(mean("avg_discount"), 0.08);
  EXPECT_LE(mean("avg_discount"), 0.25);
}
TEST_F(Baseline, Between20And40PercentOfDealsDueToCloseSlip) {
  EXPECT_GE(mean("slip_share"), 0.20);
  EXPECT_LE(mean("slip_share"), 0.40);
}
TEST_F(Baseline, Between30And45PercentOfLossesGoToACompetitor) {
  EXPECT_GE(mean("losses_to_competitor_share"), 0.30);
  EXPECT_LE(mean("losses_to_competitor_share"), 0.45);
}
TEST_F(Baseline, YearlyAttritionIsBetween10And30Percent) {
  EXPECT_GE(mean("attrition"), 0.10);
  EXPECT_LE(mean("attrition"), 0.30);
}
TEST_F(Baseline, ANewAmReachesFullProductivityIn6To12Months) {
  const v1::Scenario s = testing::golden_triangle();
  EXPECT_GE(s.people().ramp_months(), 6);
  EXPECT_LE(s.people().ramp_months(), 12);
}
TEST_F(Baseline, TheTeamIsAbout30PeopleAndMeetsRoughlyItsTarget) {
  EXPECT_GE(mean("headcount_end"), 20);
  EXPECT_LE(mean("headcount_end"), 35);
  EXPECT_GE(mean("attainment"), 0.7);
  EXPECT_LE(mean("attainment"), 1.3);
}

}  // namespace
}  // namespace salesim::model
