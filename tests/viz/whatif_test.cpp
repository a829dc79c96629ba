// The what-if panel's logic: knobs are scenario field paths whose range and unit come from the
// schema, read and written by reflection; a what-if run keeps the loaded baseline and adds the new
// plan with its paired comparison, under the baseline's seed.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "tests/viz/viz_test_support.h"
#include "viz/whatif.h"
#ifdef SALESIM_VIZ_HAS_LOADER
#include "salesim/v1/param.pb.h"
#include "sim/model/defaults.h"
#include "sim/scenario/loader.h"
#endif

namespace salesim::viz {
namespace {

// A runner that records what it was asked and answers a 2-plan compare whose second plan
// differs in revenue.
struct FakeRunner {
  std::vector<v1::Scenario> plans;
  std::vector<std::string> names;
  RunSettings settings;
  PlanRunner runner() {
    return [this](const std::vector<v1::Scenario>& p, const std::vector<std::string>& n, const RunSettings& s) {
      plans = p, names = n, settings = s;
      v1::Results r = testing::synthetic_compare(2, 20);
      r.mutable_plans(0)->set_name(n[0]);
      r.mutable_plans(1)->set_name(n[1]);
      r.mutable_comparisons(0)->set_base_plan(n[0]);
      r.mutable_comparisons(0)->set_plan(n[1]);
      return r;
    };
  }
};

#ifdef SALESIM_VIZ_HAS_LOADER
v1::Scenario synthetic_scenario() { return testing::synthetic_run().plans(0).scenario(); }

double& value_of(Knobs& k, const std::string& path) {
  Knob* knob = find_knob(k, path);
  if (knob == nullptr) throw std::runtime_error("no knob " + path);
  return knob->value;
}

TEST(WhatIf, TheScenarioLayerReadsFieldsByPath) {
  const v1::Scenario s = synthetic_scenario();
  EXPECT_EQ(scenario::element_keys(s, "team.cohorts"), (std::vector<std::string>{"am", "pm", "presales", "manager"}));
  EXPECT_EQ(scenario::element_keys(s, "competitors"), std::vector<std::string>{"rival"});
  EXPECT_EQ(scenario::get_field(s, "team.cohorts[pm].count"), "3");
  EXPECT_EQ(scenario::get_field(s, "competitors[rival].strength"), "0.5");
  EXPECT_EQ(scenario::get_field(s, "formation.offside.enabled"), "false");  // absent: read as its default
  EXPECT_EQ(scenario::field_at(s, "formation.offside.am_share")->full_name(), "salesim.v1.Offside.am_share");
  EXPECT_THROW(scenario::get_field(s, "team.cohorts[nobody].count"), scenario::ScenarioError);
  EXPECT_THROW(scenario::element_keys(s, "team.cohorts[pm].count"), scenario::ScenarioError);
}

TEST(WhatIf, KnobsRoundTripThroughTheScenario) {
  v1::Scenario s = synthetic_scenario();
  Knobs k = knobs_from_scenario(s);
  // One knob per cohort and per competitor, the formation knobs in list order between them.
  ASSERT_EQ(k.size(), 4u + 7u + 1u);
  EXPECT_EQ(k[1].path, "team.cohorts[pm].count");
  EXPECT_EQ(k[1].value, 3);
  EXPECT_EQ(k.back().path, "competitors[rival].strength");
  EXPECT_DOUBLE_EQ(value_of(k, "formation.offside.am_share"), 0.5);  // the schema default
  value_of(k, "team.cohorts[pm].count") = 5;
  value_of(k, "formation.offside.enabled") = 1;
  value_of(k, "formation.offside.am_share") = 0.4;
  value_of(k, "formation.covering.enabled") = 1;
  value_of(k, "formation.covering.wait_days") = 7;
  value_of(k, "competitors[rival].strength") = 1.5;
  apply_knobs(k, s);
  EXPECT_EQ(s.team().cohorts(1).count(), 5u);
  EXPECT_TRUE(s.formation().offside().enabled());
  EXPECT_DOUBLE_EQ(s.formation().offside().am_share(), 0.4);
  EXPECT_DOUBLE_EQ(s.formation().covering().wait_days(), 7);
  EXPECT_DOUBLE_EQ(s.competitors(0).strength(), 1.5);
  EXPECT_EQ(knobs_from_scenario(s), k);
}

TEST(WhatIf, ThePlanLabelSaysWhatChanged) {
  const Knobs base = knobs_from_scenario(synthetic_scenario());
  Knobs k = base;
  EXPECT_EQ(describe_change(base, k), "no change");
  value_of(k, "team.cohorts[pm].count") = 5;
  value_of(k, "formation.offside.enabled") = 1;
  EXPECT_EQ(describe_change(base, k), "pm 3→5, offside on");
  value_of(k, "formation.covering.wait_days") = 7;
  value_of(k, "competitors[rival].strength") = 1.5;
  value_of(k, "formation.misplaced.pm_hunting_share") = 0.25;
  EXPECT_EQ(describe_change(base, k),
            "pm 3→5, offside on, misplaced pm hunting share 0.4→0.25, covering wait days 14→7, rival 0.5→1.5");
}

// The schema's (salesim.v1.param) option is the one source of each knob's range and unit.
TEST(WhatIf, EveryKnobPathResolvesAndTakesItsRangeFromTheSchema) {
  const v1::Scenario s = synthetic_scenario();
  for (const std::string& path : kWhatIfKnobPaths) {
    SCOPED_TRACE(path);
    EXPECT_FALSE(knobs_from_scenario(s, {path}).empty());
  }
  for (const Knob& k : knobs_from_scenario(s)) {
    SCOPED_TRACE(k.path);
    const auto* field = scenario::field_at(s, k.path);
    ASSERT_NE(field, nullptr);
    const v1::Param& p = model::param_of(field);
    EXPECT_EQ(k.unit, p.unit() == "-" ? "" : p.unit());
    EXPECT_FALSE(k.group.empty());
    EXPECT_FALSE(k.label.empty());
    if (k.toggle) {
      EXPECT_EQ(field->cpp_type(), google::protobuf::FieldDescriptor::CPPTYPE_BOOL);
      continue;
    }
    const double tick = k.integer ? 1 : std::pow(10.0, -k.decimals);
    EXPECT_DOUBLE_EQ(k.min, p.has_min() ? p.min() + (p.min_exclusive() ? tick : 0) : -kOpenBound);
    EXPECT_DOUBLE_EQ(k.max, p.has_max() ? p.max() - (p.max_exclusive() ? tick : 0) : kOpenBound);
    EXPECT_GE(k.value, k.min);
    EXPECT_LE(k.value, k.max);
  }
  const Knobs k = knobs_from_scenario(s);
  const Knob* share = find_knob(k, "formation.offside.am_share");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->group, "Offside");
  EXPECT_EQ(share->label, "AM does the stage himself");
  EXPECT_EQ(share->unit, "share");
  EXPECT_EQ(share->decimals, 2);
  EXPECT_DOUBLE_EQ(share->step, 0.05);
  const Knob* pm = find_knob(k, "team.cohorts[pm].count");
  ASSERT_NE(pm, nullptr);
  EXPECT_EQ(pm->group, "Head count");
  EXPECT_EQ(pm->label, "pm");
  EXPECT_TRUE(pm->integer);
  EXPECT_EQ(pm->step, 1);
  EXPECT_EQ(pm->max, 10000);
}

// For every knob: moving it and applying sets its field and leaves every other byte alone.
TEST(WhatIf, ApplyingAKnobChangesExactlyThatField) {
  const v1::Scenario s = synthetic_scenario();
  const Knobs base = knobs_from_scenario(s);
  {
    v1::Scenario same = s;
    apply_knobs(base, same);  // nothing moved: absent fields stay absent
    EXPECT_EQ(same.SerializeAsString(), s.SerializeAsString());
  }
  for (std::size_t i = 0; i < base.size(); ++i) {
    SCOPED_TRACE(base[i].path);
    Knobs k = base;
    Knob& knob = k[i];
    knob.value = knob.toggle ? 1 - knob.value : knob.value + knob.step <= knob.max ? knob.value + knob.step : knob.value - knob.step;
    v1::Scenario changed = s;
    apply_knobs(k, changed);
    EXPECT_NE(scenario::get_field(changed, knob.path), scenario::get_field(s, knob.path));
    // `changed` is `s` with that one field set, nothing more.
    v1::Scenario expected = s;
    scenario::set_field(expected, knob.path, scenario::get_field(changed, knob.path));
    EXPECT_EQ(changed.SerializeAsString(), expected.SerializeAsString());
    EXPECT_EQ(knobs_from_scenario(changed), k);
  }
}

TEST(WhatIf, AKnobAddedInOneLineIsOffered) {
  std::vector<std::string> paths = kWhatIfKnobPaths;
  paths.push_back("formation.covering.mentoring_cut_share");
  paths.push_back("team.cohorts[*].hours_per_week");
  const Knobs k = knobs_from_scenario(synthetic_scenario(), paths);
  const Knob* cut = find_knob(k, "formation.covering.mentoring_cut_share");
  ASSERT_NE(cut, nullptr);
  EXPECT_EQ(cut->group, "Covering");
  EXPECT_EQ(cut->label, "Mentoring lost per covered deal");
  EXPECT_EQ(cut->unit, "share");
  EXPECT_DOUBLE_EQ(cut->value, 0.0);  // the schema default
  const Knob* hours = find_knob(k, "team.cohorts[presales].hours_per_week");
  ASSERT_NE(hours, nullptr);
  EXPECT_EQ(hours->group, "Contracted hours");
  EXPECT_EQ(hours->label, "presales");
  EXPECT_EQ(hours->unit, "h/wk");
  EXPECT_DOUBLE_EQ(hours->min, 0.01);  // (0, 168]: the open side moves in by a hundredth
  EXPECT_DOUBLE_EQ(hours->max, 168);
}

TEST(WhatIf, APathThatDoesNotResolveIsAnError) {
  EXPECT_THROW(knobs_from_scenario(synthetic_scenario(), {"formation.offside.am_shares"}), std::runtime_error);
  EXPECT_THROW(knobs_from_scenario(synthetic_scenario(), {"formation.offside"}), std::runtime_error);  // a message
}

TEST(WhatIf, RunKeepsTheBaselineAndAddsThePlanWithItsComparison) {
  const v1::Results baseline = testing::synthetic_run(60);
  FakeRunner fake;
  Knobs k = knobs_from_scenario(baseline.plans(0).scenario());
  value_of(k, "team.cohorts[pm].count") = 4;
  const v1::Results shown = run_what_if(baseline, k, {}, fake.runner());
  // Asked for: the baseline scenario and the changed one, with the baseline's seed and runs.
  ASSERT_EQ(fake.plans.size(), 2u);
  EXPECT_EQ(fake.plans[0].team().cohorts(1).count(), 3u);
  EXPECT_EQ(fake.plans[1].team().cohorts(1).count(), 4u);
  EXPECT_EQ(fake.settings.seed, baseline.seed());
  EXPECT_EQ(fake.settings.replications, 60u);
  // Shown: the loaded baseline unchanged, then the what-if plan and its comparison.
  EXPECT_EQ(shown.kind(), v1::Results::COMPARE);
  ASSERT_EQ(shown.plans_size(), 2);
  EXPECT_EQ(shown.plans(0).SerializeAsString(), baseline.plans(0).SerializeAsString());
  EXPECT_EQ(shown.plans(1).name(), kWhatIfPlanName);
  ASSERT_EQ(shown.comparisons_size(), 1);
  EXPECT_EQ(shown.comparisons(0).plan(), kWhatIfPlanName);
  EXPECT_EQ(shown.comparisons(0).base_plan(), baseline.plans(0).name());
}

#endif

TEST(WhatIf, ASecondRunReplacesTheFirstWhatIf) {
  const v1::Results baseline = testing::synthetic_compare(2, 20);
  FakeRunner fake;
  const Knobs k = knobs_from_scenario(baseline.plans(0).scenario());
  const v1::Results once = run_what_if(baseline, k, {}, fake.runner());
  const v1::Results twice = run_what_if(once, k, {}, fake.runner());
  EXPECT_EQ(once.plans_size(), 3);
  EXPECT_EQ(twice.plans_size(), 3);
  EXPECT_EQ(twice.comparisons_size(), 2);
}

TEST(WhatIf, ACompareRankingIsDroppedOnceAWhatIfPlanIsAdded) {
  // The ranking covered the loaded plans only; the viewer does not draw it, so it goes.
  v1::Results baseline = testing::synthetic_compare(2, 20);
  baseline.add_rankings()->set_kpi("revenue");
  FakeRunner fake;
  const v1::Results shown = run_what_if(baseline, knobs_from_scenario(baseline.plans(0).scenario()), {}, fake.runner());
  EXPECT_EQ(shown.plans_size(), 3);
  EXPECT_EQ(shown.rankings_size(), 0);
}

TEST(WhatIf, SweepsAreRefused) {
  FakeRunner fake;
  const auto sweep = testing::synthetic_sweep(false, 5);
  EXPECT_THROW(run_what_if(sweep, knobs_from_scenario(sweep.plans(0).scenario()), {}, fake.runner()),
               std::runtime_error);
}

#if defined(SALESIM_VIZ_HAS_RUNNER) && defined(SALESIM_VIZ_HAS_LOADER)
// The real thing: golden triangle, few runs, one more PM. The baseline plan re-run under the same
// seed matches the loaded one, and the what-if plan differs.
TEST(WhatIfSimulation, OneMorePmChangesResultsAndKeepsTheBaseline) {
  const std::string path = std::string(SALESIM_SOURCE_ROOT) + "/scenarios/golden_triangle.txtpb";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  RunSettings s;
  s.replications = 24;
  s.seed = 11;
  const v1::Results baseline = run_scenario_file(path, s);
  ASSERT_EQ(baseline.kind(), v1::Results::RUN);
  Knobs k = knobs_from_scenario(baseline.plans(0).scenario());
  value_of(k, "team.cohorts[pm].count") += 2;
  const v1::Results shown = run_what_if(baseline, k, {});
  ASSERT_EQ(shown.plans_size(), 2);
  EXPECT_EQ(shown.plans(0).SerializeAsString(), baseline.plans(0).SerializeAsString());
  const auto& base_rev = shown.plans(0).points(0).summaries(0);
  const auto& new_rev = shown.plans(1).points(0).summaries(0);
  EXPECT_EQ(new_rev.n(), 24u);
  EXPECT_NE(base_rev.mean(), new_rev.mean());
  ASSERT_EQ(shown.comparisons_size(), 1);
  // Same seed, same count: the fresh base mean equals the loaded one.
  EXPECT_DOUBLE_EQ(shown.comparisons(0).deltas(0).base_mean(), base_rev.mean());
}

// Not run by default (it takes seconds): the figure, the what-if re-run of golden_triangle
// with 1,000 replications (both plans, as the panel does). Run with
//   viz_whatif_test --gtest_also_run_disabled_tests --gtest_filter=*Timing*
TEST(WhatIfSimulation, DISABLED_TimingGoldenTriangle1000) {
  const std::string path = std::string(SALESIM_SOURCE_ROOT) + "/scenarios/golden_triangle.txtpb";
  RunSettings s;
  s.replications = 1000;
  s.seed = 7;
  const auto t0 = std::chrono::steady_clock::now();
  const v1::Results baseline = run_scenario_file(path, s);
  const auto t1 = std::chrono::steady_clock::now();
  Knobs k = knobs_from_scenario(baseline.plans(0).scenario());
  value_of(k, "team.cohorts[pm].count") += 1;
  const v1::Results shown = run_what_if(baseline, k, {});
  const auto t2 = std::chrono::steady_clock::now();
  std::printf("golden_triangle x1000: baseline run %.2f s, what-if re-run (2 plans) %.2f s\n",
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
  EXPECT_EQ(shown.plans_size(), 2);
}
#endif

}  // namespace
}  // namespace salesim::viz
