// The KPI and series catalogs: fixed names the CSV columns, viewer and sweeps rely on.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

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
        "headcount_end", "attrition", "hires", "losses_to_competitor_share", "slip_share", "revenue.expansion",
        "am.new_opportunities_per_head", "am.basic_module_revenue_per_head", "pm.win_rate", "pm.big_deal_share_of_pm_wins"})
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

// One name per KPI: no two columns may carry identical values in every replication of the
// baseline (a duplicate under two names, as `expansion_revenue` was of `revenue.expansion`),
// unless the pair is listed here as intended (two quantities that happen to coincide there).
// Columns constant in the baseline (the fault hours of a disciplined team: all 0) cannot tell a
// duplicate from a coincidence and are skipped.
TEST(KpiCatalog, NoTwoKpisAreTheSameColumnInTheBaseline) {
  const std::set<std::pair<std::string, std::string>> intended = {
      // {"kpi a", "kpi b"} in catalog order
  };
  const Model m(testing::golden_triangle());
  std::vector<ReplicationOutput> outs;
  for (std::uint64_t r = 0; r < 12; ++r) outs.push_back(m.run({.seed = 5, .design_point = 0, .replication = r}));
  const auto& c = kpi_catalog();
  auto constant = [&](std::size_t i) {
    for (const auto& o : outs)
      if (o.kpis[i] != outs[0].kpis[i]) return false;
    return true;
  };
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = i + 1; j < c.size(); ++j) {
      if (constant(i)) break;
      bool same = true;
      for (const auto& o : outs) same = same && o.kpis[i] == o.kpis[j];
      if (same && !intended.count({c[i].name, c[j].name}))
        ADD_FAILURE() << c[i].name << " and " << c[j].name << " are equal in every replication of the baseline";
    }
}

// Veteran (tenure >= people.veteran_months on day 0) and new AMs split the team's per-head KPIs:
// the team's value per head is the headcount-weighted mean of the two classes', so it lies between
// them in every replication; the baseline has both classes (6 veteran, 7 new AMs).
TEST(KpiCatalog, TenureClassesSplitTheTeamsPerHeadKpis) {
  const Model m(testing::golden_triangle());
  for (std::uint64_t r = 0; r < 5; ++r) {
    const auto out = m.run({.seed = 3, .design_point = 0, .replication = r});
    for (const char* k : {"new_opportunities_per_head", "opportunity_stock_per_head"}) {
      const double vet = testing::kpi(out, std::string("am.veteran.") + k), fresh = testing::kpi(out, std::string("am.new.") + k);
      const double team = testing::kpi(out, std::string("am.") + k);
      EXPECT_GT(vet, 0) << k;
      EXPECT_GT(fresh, 0) << k;
      EXPECT_GE(team, std::min(vet, fresh) - 1e-9) << k;
      EXPECT_LE(team, std::max(vet, fresh) + 1e-9) << k;
    }
    EXPECT_GT(testing::kpi(out, "am.veteran.revenue_per_head"), 0);
    EXPECT_GT(testing::kpi(out, "am.new.revenue_per_head"), 0);
  }
}

}  // namespace
}  // namespace salesim::model
