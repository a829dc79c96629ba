// The KPI and series catalogs: fixed names the CSV columns, viewer and sweeps rely on.
#include <gtest/gtest.h>

#include "sim/model/model.h"
#include "test_support.h"

namespace salesim::model {
namespace {

TEST(KpiCatalog, ListsEveryKpiTheOtherLayersReadByName) {
  for (const char* name :
       {"revenue", "win_rate", "big_deal_rate", "collision_rate", "new_opportunities", "opportunity_stock",
        "deals_won", "avg_discount", "offside_hours", "misplaced_hours", "covering_hours", "revenue.basic_module",
        "revenue.expansion", "revenue.big_project", "revenue.go_big", "revenue.land_and_expand",
        "revenue.installed_base", "shrink_count", "slip_count", "cycle_time_days", "pm_utilisation",
        "presales_utilisation", "pm_queue_wait_days", "presales_queue_wait_days", "mentoring_hours", "attainment",
        "headcount_end", "attrition", "hires", "losses_to_competitor_share", "slip_share", "expansion_revenue",
        "am.new_opportunities_per_head", "am.basic_module_revenue_per_head", "pm.win_rate", "pm.big_deal_rate"})
    EXPECT_GE(kpi_index(name), 0) << name;
}

TEST(KpiCatalog, HasHoursForEveryRoleAndActivity) {
  for (const char* role : {"am", "pm", "presales", "manager"})
    for (const char* act : {"farming", "deal_work", "hunting", "mentoring", "offside", "misplaced", "covering", "idle"})
      EXPECT_GE(kpi_index(std::string("hours.") + role + "." + act), 0) << role << "." << act;
}

TEST(KpiCatalog, MarksCostsAsLowerIsBetterAndSharesAsProportions) {
  const auto& c = kpi_catalog();
  for (const char* cost : {"avg_discount", "collision_rate", "offside_hours", "pm_queue_wait_days", "slip_count"})
    EXPECT_FALSE(c[static_cast<std::size_t>(kpi_index(cost))].higher_is_better) << cost;
  EXPECT_TRUE(c[static_cast<std::size_t>(kpi_index("revenue"))].higher_is_better);
  EXPECT_TRUE(c[static_cast<std::size_t>(kpi_index("win_rate"))].proportion);
}

TEST(KpiCatalog, NamesAreUniqueAndUnknownNamesGiveMinusOne) {
  const auto& c = kpi_catalog();
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_EQ(kpi_index(c[i].name), static_cast<int>(i)) << c[i].name;
  EXPECT_EQ(kpi_index("no.such.kpi"), -1);
}

TEST(SeriesCatalog, StartsWithRevenueStockAndHeadcount) {
  const auto& s = series_catalog();
  ASSERT_GE(s.size(), 3u);
  EXPECT_EQ(s[0], "revenue_cumulative");
  EXPECT_EQ(s[1], "opportunity_stock");
  EXPECT_EQ(s[2], "headcount");
}

TEST(ModelOutput, HasOneValuePerKpiAndOneWeekPerSevenDays) {
  const Model m(testing::golden_triangle());
  const auto out = m.run({.seed = 1});
  EXPECT_EQ(out.kpis.size(), kpi_catalog().size());
  ASSERT_EQ(out.weekly.size(), series_catalog().size());
  EXPECT_EQ(m.weeks(), 53u);
  for (const auto& s : out.weekly) EXPECT_EQ(s.size(), 53u);
  EXPECT_GT(out.events, 0u);
}

}  // namespace
}  // namespace salesim::model
