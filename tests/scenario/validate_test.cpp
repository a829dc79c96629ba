// validate(): the rules on a resolved scenario, as sweeps call it after set_field.
#include <gtest/gtest.h>

#include "sim/model/config.h"
#include "sim/model/model.h"
#include "sim/scenario/loader.h"

namespace salesim::scenario {
namespace {

v1::Scenario fixture() { return load_scenario("tests/scenario/fixtures/team.txtpb"); }

std::vector<std::string> problems(const v1::Scenario& s) {
  std::vector<std::string> out;
  for (const Diagnostic& d : validate(s)) out.push_back(d.to_string());
  return out;
}

TEST(Validate, AcceptsTheFixture) { EXPECT_TRUE(validate(fixture()).empty()); }

TEST(Validate, ReportsPathsWithoutFilePositions) {
  v1::Scenario s = fixture();
  s.mutable_team()->mutable_cohorts(1)->set_hours_per_week(169);
  EXPECT_EQ(problems(s), std::vector<std::string>{"team.cohorts[pm].hours_per_week: 169 is out of range: must be in (0, 168]"});
}

TEST(Validate, UsesTheIndexWhenAnElementHasNoName) {
  v1::Scenario s = fixture();
  s.mutable_team()->mutable_cohorts(1)->clear_name();
  s.mutable_team()->mutable_cohorts(1)->set_hours_per_week(169);
  EXPECT_EQ(problems(s), (std::vector<std::string>{"team.cohorts[1].hours_per_week: 169 is out of range: must be in (0, 168]",
                                                   "team.cohorts[1].name: is required (it names this Cohort in --set paths and outputs)"}));
}

TEST(Validate, ReportsEveryProblemAtOnce) {
  v1::Scenario s = fixture();
  s.mutable_experiment()->set_horizon_days(0);
  s.mutable_competitors(0)->mutable_presence(0)->set_rate(-0.1);
  s.mutable_formation()->mutable_offside()->set_am_share(2);
  EXPECT_EQ(problems(s).size(), 3u);
}

TEST(Validate, CapsTheNumberOfProblems) {
  v1::Scenario s = fixture();
  for (int i = 0; i < 80; ++i) {
    auto* c = s.mutable_team()->add_cohorts();
    std::string name = "c";  // (not "c" + to_string: GCC 12 warns -Wrestrict falsely)
    name += std::to_string(i);
    c->set_name(name);
    c->set_role(v1::PRESALES);
    c->set_hours_per_week(-1);
  }
  EXPECT_EQ(validate(s).size(), Limits::max_diagnostics);
}

TEST(Validate, RejectsNonFiniteNumbersAnywhere) {
  v1::Scenario s = fixture();
  s.mutable_competitors(0)->set_strength(std::numeric_limits<double>::infinity());
  EXPECT_EQ(problems(s), std::vector<std::string>{"competitors[rival].strength: must be a finite number, got inf"});
}

TEST(Validate, ChecksEveryDistributionKind) {
  auto one = [](const char* text) {
    v1::Scenario s = fixture();
    set_field(s, "team.cohorts[am].installed_accounts", text);
    auto p = problems(s);
    return p.empty() ? std::string("(valid)") : p.front();
  };
  EXPECT_EQ(one("{ exponential { mean: 0 } }"), "team.cohorts[am].installed_accounts.exponential.mean: exponential needs mean > 0, got 0");
  EXPECT_EQ(one("{ normal { mean: 5 sd: -1 } }"), "team.cohorts[am].installed_accounts.normal.sd: normal needs sd >= 0, got -1");
  EXPECT_EQ(one("{ normal { mean: 5 sd: 1 min: 4 max: 3 } }"),
            "team.cohorts[am].installed_accounts.normal.max: normal needs min <= max, got min 4 > max 3");
  EXPECT_EQ(one("{ lognormal { mean: 5 cv: -0.5 } }"), "team.cohorts[am].installed_accounts.lognormal.cv: lognormal needs cv in [0, 100], got -0.5");
  EXPECT_EQ(one("{ gamma { shape: 2 scale: 0 } }"), "team.cohorts[am].installed_accounts.gamma.scale: gamma needs scale > 0, got 0");
  EXPECT_EQ(one("{ beta { alpha: 2 beta: 2 min: 5 max: 5 } }"),
            "team.cohorts[am].installed_accounts.beta.max: beta needs min < max (or both 0 for [0, 1]), got min 5, max 5");
  EXPECT_EQ(one("{ empirical { } }"), "team.cohorts[am].installed_accounts.empirical.values: empirical needs at least one value");
  EXPECT_EQ(one("{ empirical { values: [1, 2] weights: [0, 0] } }"),
            "team.cohorts[am].installed_accounts.empirical.weights: weights sum to 0; at least one must be > 0");
  EXPECT_EQ(one("{ empirical { values: [1, 2] weights: [1, -1] } }"),
            "team.cohorts[am].installed_accounts.empirical.weights[1]: weight -1 is negative; weights must be >= 0");
  EXPECT_EQ(one("{ uniform { min: -3 max: 2 } }"),
            "team.cohorts[am].installed_accounts.uniform.min: min -3 is outside the values of a quantity in [0, 1000000]");
  EXPECT_EQ(one("{ }"), "team.cohorts[am].installed_accounts: empty distribution: give one of fixed, uniform, exponential, normal, lognormal, gamma, beta, triangular, empirical");
  EXPECT_EQ(one("{ triangular { min: 1 mode: 2 max: 3 } }"), "(valid)");
  EXPECT_EQ(one("{ gamma { shape: 2 scale: 3 } }"), "(valid)");
  // Unbounded kinds are clamped to the field's range, so their mean must lie in it.
  EXPECT_EQ(one("{ lognormal { mean: 1e300 cv: 0.5 } }"),
            "team.cohorts[am].installed_accounts.lognormal.mean: mean 1e+300 is outside the values of a quantity in [0, 1000000]");
  EXPECT_EQ(one("{ exponential { mean: 2e6 } }"),
            "team.cohorts[am].installed_accounts.exponential.mean: mean 2000000 is outside the values of a quantity in [0, 1000000]");
  EXPECT_EQ(one("{ gamma { shape: 2 scale: 1e300 } }"),
            "team.cohorts[am].installed_accounts.gamma.scale: mean (shape x scale) 2e+300 is outside the values of a quantity in [0, 1000000]");
}

TEST(Validate, ASkillMayOnlyUseBoundedDistributionsInsideZeroToOne) {
  v1::Scenario s = fixture();
  set_field(s, "team.cohorts[pm].skills.solutioning", "{ uniform { min: 0.2 max: 1.1 } }");
  EXPECT_EQ(problems(s), std::vector<std::string>{"team.cohorts[pm].skills.solutioning.uniform.max: max 1.1 is outside the values of a skill in [0, 1]"});
  set_field(s, "team.cohorts[pm].skills.solutioning", "{ gamma { shape: 2 scale: 0.1 } }");
  EXPECT_EQ(problems(s), std::vector<std::string>{"team.cohorts[pm].skills.solutioning.gamma: gamma is unbounded; a skill in [0, 1] needs beta, uniform, triangular, fixed or a clamped normal"});
}

TEST(Validate, ARoleWithWorkNeedsPeople) {
  v1::Scenario s = fixture();
  set_field(s, "team.cohorts[pm].count", "0");
  EXPECT_EQ(problems(s).size(), 1u);
  // Covering by a manager runs the big deals instead.
  set_field(s, "formation.covering.enabled", "true");
  EXPECT_TRUE(problems(s).empty());
  // With no big projects at all, no PM is needed either.
  set_field(s, "formation.covering.enabled", "false");
  set_field(s, "market.segments[large].big_project_share", "0");
  EXPECT_TRUE(problems(s).empty());
}

TEST(Validate, MisplacedPmsCanHuntInsteadOfAms) {
  v1::Scenario s = fixture();
  set_field(s, "team.cohorts[am].count", "0");
  EXPECT_EQ(problems(s), std::vector<std::string>{"team.cohorts[am].count: the market has buying projects but nobody hunts: add an ACCOUNT_MANAGER cohort with count > 0"});
  set_field(s, "formation.misplaced.enabled", "true");
  EXPECT_TRUE(problems(s).empty());
}

TEST(Validate, OffsideAmsCanDoThePresalesWork) {
  v1::Scenario s = fixture();
  set_field(s, "team.cohorts[presales].count", "0");
  EXPECT_EQ(problems(s).size(), 1u);
  set_field(s, "formation.offside.enabled", "true");
  EXPECT_TRUE(problems(s).empty());
}

TEST(Validate, ChecksReferencesToSegments) {
  v1::Scenario s = fixture();
  s.mutable_team()->mutable_cohorts(0)->set_segment("mid");
  s.mutable_competitors(0)->mutable_presence(1)->set_segment("large");
  EXPECT_EQ(problems(s), (std::vector<std::string>{
                             "competitors[rival].presence[1].segment: segment 'large' is listed twice for this competitor",
                             "team.cohorts[am].segment: unknown segment 'mid'; market segments are: large, small (or leave it empty for all)"}));
}

TEST(Validate, ChecksSweepAxesAgainstTheScenario) {
  v1::Scenario s = fixture();
  auto* axis = s.mutable_experiment()->mutable_sweep()->mutable_grid()->add_axes();
  axis->set_path("team.cohorts[pm].count");
  for (double v : {2.0, 3.0, 4.0}) axis->add_values(v);
  EXPECT_TRUE(problems(s).empty());
  axis->add_values(0);  // no PM and no covering: big projects with nobody to run them
  EXPECT_EQ(problems(s), std::vector<std::string>{
                             "experiment.sweep.grid.axes[0].values[3]: at team.cohorts[pm].count = 0: team.cohorts[pm].count: a GO_BIG "
                             "segment sells big projects but nobody runs them: add a PROJECT_MANAGER cohort with count > 0, "
                             "enable formation.covering with a MANAGER or formation.offside, or set the segments' big_project_share to 0"});
}

// Assessment weights are ratios: a role whose weights are all 0 is refused; any one positive
// weight is accepted. Every subset of each role's weights, enumerated.
TEST(Validate, RefusesAssessmentWeightsThatAreAllZero) {
  for (int bits = 0; bits < 8; ++bits) {
    v1::Scenario s = fixture();
    auto* am = s.mutable_assessment()->mutable_am();
    am->set_new_opportunities(bits & 1 ? 1 : 0);
    am->set_opportunity_stock(bits & 2 ? 2 : 0);
    am->set_basic_business(bits & 4 ? 0.5 : 0);
    if (bits == 0) {
      EXPECT_EQ(problems(s), std::vector<std::string>{"assessment.am.basic_business: the am assessment weights are all 0; give at least one a "
                                                      "positive weight (only their ratios matter)"});
    } else {
      EXPECT_TRUE(problems(s).empty()) << bits;
    }
  }
  for (int bits = 0; bits < 4; ++bits) {
    v1::Scenario s = fixture();
    s.mutable_assessment()->mutable_pm()->set_win_rate(bits & 1 ? 1 : 0);
    s.mutable_assessment()->mutable_pm()->set_big_deal_rate(bits & 2 ? 3 : 0);
    EXPECT_EQ(problems(s).size(), bits == 0 ? 1u : 0u) << bits;
  }
}

TEST(Validate, ChecksLatinHypercubeRanges) {
  v1::Scenario s = fixture();
  auto* lhs = s.mutable_experiment()->mutable_sweep()->mutable_latin_hypercube();
  lhs->set_points(10);
  auto* r = lhs->add_ranges();
  r->set_path("formation.offside.am_share");
  r->set_min(0);
  r->set_max(0.8);
  EXPECT_TRUE(problems(s).empty());
  r->set_max(1.2);
  EXPECT_EQ(problems(s), std::vector<std::string>{"experiment.sweep.latin_hypercube.ranges[0].max: at formation.offside.am_share = 1.2: "
                                                  "formation.offside.am_share: 1.2 is out of range: must be in [0, 1]"});
  lhs->set_points(0);
  EXPECT_EQ(problems(s).front(), "experiment.sweep.latin_hypercube.points: 0 is out of range: must be in [1, 100000]");
  // A count sampled without rounding would fail at its first fractional point: refused up front.
  lhs->set_points(10);
  r->set_path("team.cohorts[pm].count");
  r->set_min(1);
  r->set_max(4);
  EXPECT_EQ(problems(s), std::vector<std::string>{"experiment.sweep.latin_hypercube.ranges[0].path: 'team.cohorts[pm].count' takes "
                                                  "whole numbers, but the Latin hypercube samples fractions; add integer: true to this range"});
  r->set_integer(true);
  EXPECT_TRUE(problems(s).empty());
}

TEST(ToText, PrintsAScenarioThatLoadsBackToTheSameMessage) {
  const v1::Scenario s = load_scenario("tests/scenario/fixtures/overlay_pm.txtpb");
  const v1::Scenario again = load_scenario_from_string(to_text(s), "printed.txtpb");
  EXPECT_EQ(again.SerializeAsString(), s.SerializeAsString());
}

TEST(Diagnostic, LeavesOutEmptyParts) {
  EXPECT_EQ((Diagnostic{"a.txtpb", 3, 7, "x.y", "bad"}).to_string(), "a.txtpb:3:7: x.y: bad");
  EXPECT_EQ((Diagnostic{"a.txtpb", 3, 0, "", "bad"}).to_string(), "a.txtpb:3: bad");
  EXPECT_EQ((Diagnostic{"a.json", 0, 0, "x", "bad"}).to_string(), "a.json: x: bad");
  EXPECT_EQ((Diagnostic{"", 0, 0, "x", "bad"}).to_string(), "x: bad");
}

TEST(ScenarioError, WhatListsOneDiagnosticPerLine) {
  const ScenarioError e({{"a", 1, 2, "p", "m"}, {"b", 0, 0, "", "n"}});
  EXPECT_EQ(std::string(e.what()), "a:1:2: p: m\nb: n");
  EXPECT_EQ(e.diagnostics().size(), 2u);
}


// Every way the model refuses a scenario (Config::from_scenario's checks, in sim/model/config.cpp)
// is a validation rule too: `salesim validate` refuses what `salesim run` would fail on.
TEST(Validate, RefusesEverythingTheModelRefuses) {
  struct Case {
    const char* what;
    void (*spoil)(v1::Scenario&);
  };
  const Case cases[] = {
      {"more competitors than the model's limit",
       [](v1::Scenario& s) {
         while (s.competitors_size() <= model::kMaxCompetitors) {
           v1::Competitor* c = s.add_competitors();
           *c = s.competitors(0);
           c->set_name("rival" + std::to_string(s.competitors_size()));
         }
       }},
      {"a competitor present in an unknown segment",
       [](v1::Scenario& s) { s.mutable_competitors(0)->mutable_presence(0)->set_segment("nowhere"); }},
      {"a cohort in an unknown segment", [](v1::Scenario& s) { s.mutable_team()->mutable_cohorts(0)->set_segment("nowhere"); }},
  };
  for (const Case& c : cases) {
    v1::Scenario s = fixture();
    ASSERT_NO_THROW(model::Model{s}) << "the fixture itself";
    c.spoil(s);
    EXPECT_THROW(model::Model{s}, std::invalid_argument) << c.what << ": the model accepts it; drop the case";
    EXPECT_FALSE(validate(s).empty()) << c.what << ": validate accepts what the model refuses";
  }
}

TEST(Validate, AScenarioNeedsAMarketAndATeam) {
  // An empty file used to validate and run to all-zero KPIs that look like results.
  EXPECT_EQ(problems(v1::Scenario()),
            (std::vector<std::string>{"market: a scenario needs at least one market segment (market { segments { name: \"...\" } })",
                                      "team: a scenario needs at least one cohort (team { cohorts { name: \"...\" role: ... count: ... } })"}));
}

}  // namespace
}  // namespace salesim::scenario
