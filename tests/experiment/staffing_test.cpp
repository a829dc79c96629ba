// Staffing plans (sim/experiment/staffing.h): the box, the budget and head cap, role keys, the
// overlay of a plan, and parallel replications that land in order whatever the thread count.
#include "sim/experiment/staffing.h"

#include <gtest/gtest.h>

#include "sim/experiment/scenario_io.h"

namespace salesim::experiment {
namespace {

v1::Scenario golden() {
  v1::Scenario s = load_scenario_file("scenarios/golden_triangle.txtpb", {});
  prepare_for_run(s);
  return s;
}

// The golden triangle states no costs: the role defaults (scenario.proto Costs) apply, manager
// 1M, AM 450k, PM 650k, presales 500k CNY/yr: 2 x 1M + 13 x 450k + 3 x 650k + 7 x 500k.
TEST(Staffing, TheYearlyCostIsThePlannedPeopleCostOfTheModel) {
  const v1::Scenario s = golden();
  EXPECT_EQ(yearly_people_cost(s), 13.3e6);
  const auto r = resolve_ranges(s, {{"pm", 3, 4}});
  EXPECT_EQ(yearly_people_cost(plan_scenario(s, r, {4})) - yearly_people_cost(s), 650000);
  // A cohort's own loaded cost replaces its role's.
  v1::Scenario own = load_scenario_file("scenarios/golden_triangle.txtpb", {"team.cohorts[pm].loaded_cost_cny_per_year=800000"});
  prepare_for_run(own);
  const StaffingSpace space = enumerate_plans(own, r, 1e12, 0);
  ASSERT_EQ(space.plans.size(), 2u);
  EXPECT_EQ(space.plans[0].yearly_cost, 13.3e6 + 3 * 150000);
  EXPECT_EQ(space.plans[1].yearly_cost - space.plans[0].yearly_cost, 800000);
}

TEST(Staffing, RangesResolveCohortsAndSingleCohortRolesAndRefuseTheRest) {
  const v1::Scenario s = golden();
  const auto r = resolve_ranges(s, {{"project_manager", 2, 4}, {"am_new", 1, 1}});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].cohort, "pm");
  EXPECT_EQ(r[1].cohort, "am_new");
  auto message = [&](std::vector<CohortRange> asked) {
    try {
      resolve_ranges(s, asked);
    } catch (const StaffingError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message({{"nobody", 1, 2}}).find("--vary: no cohort or role 'nobody'"), std::string::npos);
  EXPECT_NE(message({{"am", 1, 2}}).find("am_veteran, am_new"), std::string::npos);
  EXPECT_NE(message({{"pm", 3, 2}}).find("empty"), std::string::npos);
  EXPECT_NE(message({{"pm", 1, 2}, {"project_manager", 1, 2}}).find("twice"), std::string::npos);
  EXPECT_NE(message({}).find("--vary"), std::string::npos);
}

TEST(Staffing, PlansAreTheBoxWithinTheBudgetAndHeadCapInOdometerOrder) {
  const v1::Scenario s = golden();
  const auto r = resolve_ranges(s, {{"pm", 2, 4}, {"presales", 5, 7}});
  const StaffingSpace all = enumerate_plans(s, r, 1e12, 0);
  ASSERT_EQ(all.plans.size(), 9u);
  EXPECT_EQ(all.considered, 9u);
  EXPECT_EQ(all.plans[0].counts, (std::vector<std::uint32_t>{2, 5}));
  EXPECT_EQ(all.plans[1].counts, (std::vector<std::uint32_t>{2, 6}));
  EXPECT_EQ(all.plans[8].counts, (std::vector<std::uint32_t>{4, 7}));
  EXPECT_EQ(all.cheapest, all.plans[0].yearly_cost);
  for (const auto& p : all.plans) EXPECT_EQ(p.yearly_cost, yearly_people_cost(plan_scenario(s, r, p.counts)));
  // A budget between two plans' costs keeps exactly those at or below it.
  const double budget = all.plans[4].yearly_cost;
  const StaffingSpace some = enumerate_plans(s, r, budget, 0);
  std::size_t expect = 0;
  for (const auto& p : all.plans) expect += p.yearly_cost <= budget;
  EXPECT_EQ(some.plans.size(), expect);
  EXPECT_LT(expect, 9u);
  const StaffingSpace capped = enumerate_plans(s, r, 1e12, all.plans[0].heads + 1);
  EXPECT_EQ(capped.plans.size(), 3u);  // (2,5), (2,6), (3,5)
  EXPECT_THROW(enumerate_plans(s, r, all.cheapest - 1, 0), StaffingError);
  try {
    enumerate_plans(s, r, all.cheapest - 1, 0);
  } catch (const StaffingError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("--budget:", 0), 0u) << e.what();
  }
  try {
    enumerate_plans(s, r, 1e12, all.plans[0].heads - 1);
    ADD_FAILURE() << "a head cap below every plan was accepted";
  } catch (const StaffingError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("--max-heads:", 0), 0u) << e.what();
  }
}

TEST(Staffing, TheOverlayOfAPlanNamesTheBaseAndTheCounts) {
  const std::string text = plan_overlay("../scenarios/golden_triangle.txtpb", {{"pm", 2, 4}, {"presales", 5, 7}}, {3, 6},
                                        {"selected"});
  EXPECT_EQ(text,
            "# selected\nbase: \"../scenarios/golden_triangle.txtpb\"\n\nteam {\n"
            "  cohorts { name: \"pm\" count: 3 }\n  cohorts { name: \"presales\" count: 6 }\n}\n");
}

TEST(Staffing, ParallelReplicationsLandInThePairsOrder) {
  std::vector<SelectionPair> pairs;
  for (std::uint32_t i = 0; i < 50; ++i) pairs.push_back({i % 7, i / 7});
  auto run = [](std::uint32_t s, std::uint64_t r) { return 1000.0 * s + static_cast<double>(r); };
  std::vector<double> one, four;
  std::vector<char> done1, done4;
  run_pairs(pairs, 1, run, nullptr, {}, one, done1);
  run_pairs(pairs, 4, run, nullptr, {}, four, done4);
  EXPECT_EQ(one, four);
  for (std::size_t i = 0; i < pairs.size(); ++i) EXPECT_EQ(one[i], 1000.0 * pairs[i].system + pairs[i].replication);
  std::atomic<bool> cancel{true};
  std::vector<double> v;
  std::vector<char> d;
  EXPECT_ANY_THROW(run_pairs(pairs, 2, run, &cancel, {}, v, d));
  EXPECT_EQ(std::count(d.begin(), d.end(), 1), 0);
}

}  // namespace
}  // namespace salesim::experiment
