// Costs and contribution (docs/model.md section 20): exact identities per replication, the closed
// form of the people cost, that costs are accounting only (they change no dynamics), and the
// planned yearly people cost a budget is held against.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/model/kpis.h"
#include "test_support.h"

namespace salesim::model {
namespace {

using testing::cohort;
using testing::kpi;

constexpr int kReps = 20;

ReplicationKey key(int r) { return {.seed = 77, .design_point = 0, .replication = static_cast<std::uint64_t>(r)}; }

// Relative closeness for sums of a few thousand terms.
void expect_close(double a, double b, const char* what) {
  EXPECT_NEAR(a, b, 1e-9 * std::max({1.0, std::abs(a), std::abs(b)})) << what;
}

// Nobody leaves or is promoted: every head is paid for the whole horizon.
v1::Scenario steady_team() {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_people()->set_attrition_base_per_year(0);
  s.mutable_people()->set_promotion_mentored_deals(0);
  return s;
}

TEST(Economics, ContributionIsGrossMarginMinusTheSumOfTheCosts) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_costs()->set_vacancy_cost_cny_per_day(700);  // every part non-zero
  const Model m(s);
  for (int r = 0; r < kReps; ++r) {
    const auto o = m.run(key(r));
    const double parts = kpi(o, "cost.people") + kpi(o, "cost.commission") + kpi(o, "cost.hiring") +
                         kpi(o, "cost.vacancy") + kpi(o, "cost.deal_hours");
    expect_close(kpi(o, "cost.total"), parts, "cost.total");
    expect_close(kpi(o, "contribution"), kpi(o, "gross_margin") - parts, "contribution");
    expect_close(kpi(o, "roi"), kpi(o, "contribution") / kpi(o, "cost.total"), "roi");
    expect_close(kpi(o, "contribution_per_head"), kpi(o, "contribution") / kpi(o, "mean_headcount"), "per head");
    expect_close(kpi(o, "cost_per_won_deal"), kpi(o, "cost.total") / kpi(o, "deals_won"), "per won deal");
    expect_close(kpi(o, "cost.hiring"), s.costs().hiring_cost_cny() * kpi(o, "hires"), "hiring");
    for (const char* part : {"cost.people", "cost.commission", "cost.deal_hours", "cost.vacancy"}) EXPECT_GT(kpi(o, part), 0) << part;
    // The weekly series ends where the KPI does.
    expect_close(o.weekly[series::contribution_cumulative].back(), kpi(o, "contribution"), "series end");
  }
}

TEST(Economics, GrossMarginWeighsEachRevenueTypeByItsMargin) {
  v1::Scenario s = testing::golden_triangle();
  auto* c = s.mutable_costs();
  c->set_basic_module_margin_share(0.7), c->set_expansion_margin_share(0.6);
  c->set_big_project_margin_share(0.4), c->set_renewal_margin_share(0.9);
  const Model m(s);
  for (int r = 0; r < kReps; ++r) {
    const auto o = m.run(key(r));
    expect_close(kpi(o, "gross_margin"),
                 0.7 * kpi(o, "revenue.basic_module") + 0.6 * kpi(o, "revenue.expansion") +
                     0.4 * kpi(o, "revenue.big_project") + 0.9 * kpi(o, "revenue.installed_base"),
                 "gross_margin");
  }
}

// Closed form: with no leavers, promotions or later joiners, cost.people = sum over cohorts of
// count x loaded cost x H / 365, and mean_headcount is the head count.
TEST(Economics, PeopleCostOfASteadyTeamIsCountTimesRateTimesHorizon) {
  v1::Scenario s = steady_team();
  cohort(s, "pm")->set_loaded_cost_cny_per_year(800000);  // one cohort with its own rate
  double yearly = 0, heads = 0;
  for (const auto& c : s.team().cohorts()) {
    const auto& costs = s.costs();
    const double rate = c.has_loaded_cost_cny_per_year() ? c.loaded_cost_cny_per_year()
                        : c.role() == v1::ACCOUNT_MANAGER ? costs.account_manager().loaded_cost_cny_per_year()
                        : c.role() == v1::PROJECT_MANAGER ? costs.project_manager().loaded_cost_cny_per_year()
                        : c.role() == v1::PRESALES        ? costs.presales().loaded_cost_cny_per_year()
                                                          : costs.manager().loaded_cost_cny_per_year();
    yearly += c.count() * rate;
    heads += c.count();
  }
  EXPECT_DOUBLE_EQ(planned_people_cost_per_year(s), yearly);
  const double horizon = s.experiment().horizon_days();
  const Model m(s);
  for (int r = 0; r < 5; ++r) {
    const auto o = m.run(key(r));
    ASSERT_EQ(kpi(o, "leavers"), 0);
    ASSERT_EQ(kpi(o, "promotions"), 0);
    expect_close(kpi(o, "cost.people"), yearly * horizon / 365.0, "cost.people");
    expect_close(kpi(o, "mean_headcount"), heads, "mean_headcount");
    EXPECT_EQ(kpi(o, "cost.hiring"), 0);
    EXPECT_EQ(kpi(o, "cost.vacancy"), 0);
  }
}

// A cohort that joins on day D is paid from D: count x rate x (H - D) / 365 more, plus its hiring.
TEST(Economics, ALaterCohortIsPaidFromTheDayItJoins) {
  v1::Scenario base = steady_team();
  v1::Scenario plus = base;
  v1::Cohort late = *cohort(plus, "pm");
  late.set_name("pm_late");
  late.set_count(2);
  late.set_start_day(100);
  late.set_loaded_cost_cny_per_year(730000);
  *plus.mutable_team()->add_cohorts() = late;
  const double horizon = base.experiment().horizon_days();
  const Model a(base), b(plus);
  for (int r = 0; r < 5; ++r) {
    const auto oa = a.run(key(r)), ob = b.run(key(r));
    expect_close(kpi(ob, "cost.people") - kpi(oa, "cost.people"), 2 * 730000.0 * (horizon - 100) / 365.0, "late cohort");
    expect_close(kpi(ob, "cost.hiring"), 2 * base.costs().hiring_cost_cny(), "hiring");
    expect_close(kpi(ob, "mean_headcount") - kpi(oa, "mean_headcount"), 2 * (horizon - 100) / horizon, "heads");
  }
}

// With every rate equal, leavers, replacements and promotions included, the people cost is that
// rate times the person-days: nobody is paid for a day off the team, nor twice.
TEST(Economics, PeopleCostIsTheRateTimesPersonDaysThroughTurnover) {
  v1::Scenario s = testing::golden_triangle();
  for (auto& c : *s.mutable_team()->mutable_cohorts()) c.set_loaded_cost_cny_per_year(365000);
  for (auto* r : {s.mutable_costs()->mutable_account_manager(), s.mutable_costs()->mutable_project_manager(),
                  s.mutable_costs()->mutable_presales(), s.mutable_costs()->mutable_manager()})
    r->set_loaded_cost_cny_per_year(365000);
  const double horizon = s.experiment().horizon_days();
  const Model m(s);
  double leavers = 0;
  for (int r = 0; r < kReps; ++r) {
    const auto o = m.run(key(r));
    leavers += kpi(o, "leavers");
    expect_close(kpi(o, "cost.people"), 1000.0 * kpi(o, "mean_headcount") * horizon, "rate x person-days");
  }
  EXPECT_GT(leavers, 0);  // the turnover the test is about happened
}

// Only the AM commission set: every deal is owned by an AM and every renewal farmed by one in the
// disciplined golden triangle, so commission = share x revenue exactly.
TEST(Economics, CommissionIsTheRolesShareOfTheRevenueTheyBringIn) {
  v1::Scenario s = testing::golden_triangle();
  auto* c = s.mutable_costs();
  c->mutable_account_manager()->set_commission_share(0.04);
  c->mutable_project_manager()->set_commission_share(0);
  c->mutable_presales()->set_commission_share(0);
  c->mutable_manager()->set_commission_share(0);
  v1::Scenario with_pm = s;
  with_pm.mutable_costs()->mutable_project_manager()->set_commission_share(0.01);
  const Model m(s), mp(with_pm);
  for (int r = 0; r < kReps; ++r) {
    const auto o = m.run(key(r)), op = mp.run(key(r));
    expect_close(kpi(o, "cost.commission"), 0.04 * kpi(o, "revenue"), "AM commission");
    // The PM share adds 1% of the revenue of deals a PM ran: more than 0, less than 1% of all deals.
    const double extra = kpi(op, "cost.commission") - kpi(o, "cost.commission");
    EXPECT_GT(extra, 0);
    EXPECT_LE(extra, 0.01 * kpi(o, "revenue.deals") * (1 + 1e-12));
  }
}

// Costs are accounting: changing any of them leaves every non-cost KPI byte-identical, and each
// cost KPI is linear in its rate.
TEST(Economics, CostsChangeNoDynamicsAndScaleLinearly) {
  v1::Scenario a = testing::golden_triangle();
  a.mutable_costs()->set_vacancy_cost_cny_per_day(100);
  v1::Scenario b = a;
  auto* c = b.mutable_costs();
  c->set_vacancy_cost_cny_per_day(300);
  c->set_hiring_cost_cny(3 * a.costs().hiring_cost_cny());
  c->set_deal_hour_cost_cny(3 * a.costs().deal_hour_cost_cny());
  for (auto* r : {c->mutable_account_manager(), c->mutable_project_manager(), c->mutable_presales(), c->mutable_manager()}) {
    r->set_loaded_cost_cny_per_year(3 * r->loaded_cost_cny_per_year());
    r->set_commission_share(3 * r->commission_share());
  }
  const Model ma(a), mb(b);
  const auto& catalog = kpi_catalog();
  for (int r = 0; r < kReps; ++r) {
    const auto oa = ma.run(key(r)), ob = mb.run(key(r));
    for (std::size_t k = 0; k < catalog.size(); ++k) {
      const std::string& name = catalog[k].name;
      if (name.rfind("cost", 0) == 0 || name == "contribution" || name == "contribution_per_head" || name == "roi" ||
          name == "gross_margin")
        continue;
      EXPECT_EQ(oa.kpis[k], ob.kpis[k]) << name;
    }
    EXPECT_EQ(oa.kpis[kpi_index("gross_margin")], ob.kpis[kpi_index("gross_margin")]);
    for (const char* part : {"cost.people", "cost.commission", "cost.hiring", "cost.vacancy", "cost.deal_hours", "cost.total"})
      expect_close(kpi(ob, part), 3 * kpi(oa, part), part);
  }
}

TEST(Economics, PlannedPeopleCostOfTheGoldenTriangleWithDefaultRates) {
  const v1::Scenario s = testing::golden_triangle();
  const auto& c = s.costs();
  // 2 managers, 6 + 7 AMs, 3 PMs, 7 presales (scenarios/golden_triangle.txtpb), at the role rates.
  const double expected = 2 * c.manager().loaded_cost_cny_per_year() + 13 * c.account_manager().loaded_cost_cny_per_year() +
                          3 * c.project_manager().loaded_cost_cny_per_year() + 7 * c.presales().loaded_cost_cny_per_year();
  EXPECT_DOUBLE_EQ(planned_people_cost_per_year(s), expected);
  EXPECT_GT(expected, 0);
}

}  // namespace
}  // namespace salesim::model
