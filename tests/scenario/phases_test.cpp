// Policy phases (scenario.phases): how a phase's set overlays the scenario (cumulatively, in
// start_day order, with the merge rules of base:), what the loader records for it, and every kind
// of change a phase may not make, with its file:line:col and phases[i] path.
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"

namespace salesim::scenario {
namespace {

const char* kFile = "scenarios/phases_test.txtpb";  // base: resolves beside the shipped scenarios

v1::Scenario load(const std::string& text) { return load_scenario_from_string("base: \"golden_triangle.txtpb\"\n" + text, kFile); }

// The diagnostics of a file that must not load, one per line.
std::string errors(const std::string& text) {
  try {
    load(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(loaded)";
}

const v1::Cohort& cohort(const v1::Scenario& s, const std::string& name) {
  for (const auto& c : s.team().cohorts()) {
    if (c.name() == name) return c;
  }
  throw std::runtime_error("no cohort " + name);
}

// Two phases written out of order: the later one (listed first) sees the earlier one's changes.
const char* kTwoPhases =
    "phases {\n"
    "  name: \"late\" start_day: 200\n"
    "  set { formation { offside { am_share: 0.6 } } team { cohorts { name: \"pm\" count: 2 } } }\n"
    "}\n"
    "phases {\n"
    "  name: \"early\" start_day: 100\n"
    "  set { formation { offside { enabled: true am_share: 0.3 } } }\n"
    "}\n";

TEST(Phases, ApplyCumulativelyInStartDayOrder) {
  const v1::Scenario s = load(kTwoPhases);
  EXPECT_FALSE(s.formation().offside().enabled());  // the scenario itself is unchanged
  const std::vector<PhaseScenario> phases = phase_scenarios(s);
  ASSERT_EQ(phases.size(), 2u);
  EXPECT_EQ(phases[0].name, "early");
  EXPECT_EQ(phases[0].start_day, 100);
  EXPECT_TRUE(phases[0].scenario.formation().offside().enabled());
  EXPECT_EQ(phases[0].scenario.formation().offside().am_share(), 0.3);
  EXPECT_EQ(cohort(phases[0].scenario, "pm").count(), 3u);
  EXPECT_EQ(phases[1].name, "late");
  EXPECT_TRUE(phases[1].scenario.formation().offside().enabled());  // from "early"
  EXPECT_EQ(phases[1].scenario.formation().offside().am_share(), 0.6);
  EXPECT_EQ(cohort(phases[1].scenario, "pm").count(), 2u);
  EXPECT_EQ(phases[1].scenario.phases_size(), 0);
}

TEST(Phases, NamedListsMergeByNameAndKeepWhatTheSetDoesNotWrite) {
  const std::vector<PhaseScenario> phases = phase_scenarios(load(kTwoPhases));
  const v1::Scenario& late = phases[1].scenario;
  ASSERT_EQ(late.team().cohorts_size(), 5);
  EXPECT_EQ(cohort(late, "pm").role(), v1::PROJECT_MANAGER);
  EXPECT_EQ(cohort(late, "pm").tenure_months().uniform().min(), 24);
  EXPECT_EQ(cohort(late, "pm").annual_target_cny(), 6000000);
  EXPECT_EQ(cohort(late, "am_new").count(), 7u);
  EXPECT_EQ(late.market().segments_size(), 2);
  EXPECT_EQ(late.experiment().horizon_days(), 365);
}

TEST(Phases, SaysWhatEachPhaseChanges) {
  const std::vector<PhaseScenario> phases = phase_scenarios(load(kTwoPhases));
  EXPECT_EQ(phases[0].changes, (std::vector<std::string>{"formation.offside.enabled: false -> true",
                                                          "formation.offside.am_share: 0.5 -> 0.3"}));
  EXPECT_EQ(phases[1].changes, (std::vector<std::string>{"team.cohorts[pm].count: 3 -> 2",
                                                          "formation.offside.am_share: 0.3 -> 0.6"}));
}

TEST(Phases, AWrittenZeroOrFalseIsRecordedAndReplacesTheValue) {
  const v1::Scenario s = load(
      "formation { offside { enabled: true } }\n"
      "phases { name: \"stop\" start_day: 10 set { formation { offside { enabled: false queue_threshold: 0 } }\n"
      "                                           team { cohorts { name: \"am_veteran\" count: 0 } } } }\n");
  EXPECT_EQ(std::vector<std::string>(s.phases(0).zero_fields().begin(), s.phases(0).zero_fields().end()),
            (std::vector<std::string>{"team.cohorts[am_veteran].count", "formation.offside.enabled", "formation.offside.queue_threshold"}));
  const std::vector<PhaseScenario> phases = phase_scenarios(s);
  EXPECT_FALSE(phases[0].scenario.formation().offside().enabled());
  EXPECT_EQ(cohort(phases[0].scenario, "am_veteran").count(), 0u);
  // The printed scenario loads back to the same phases.
  const v1::Scenario again = load_scenario_from_string(to_text(s), "printed.txtpb");
  EXPECT_EQ(again.SerializeAsString(), s.SerializeAsString());
  EXPECT_EQ(phase_scenarios(again)[0].scenario.SerializeAsString(), phases[0].scenario.SerializeAsString());
}

TEST(Phases, DefaultsAreNotFilledIntoTheSet) {
  const v1::Scenario s = load("phases { name: \"p\" start_day: 10 set { deals { win_base_utility: 0.5 } } }\n");
  EXPECT_FALSE(s.phases(0).set().has_formation());
  EXPECT_FALSE(s.phases(0).set().deals().has_discount_base_share());
}

TEST(Phases, AnOverlayChangesABasePhaseByName) {
  const v1::Scenario s = load_scenario_from_string(
      "base: \"phased.txtpb\"\n"
      "phases { name: \"discipline\" start_day: 91 }\n",
      "tests/scenario/fixtures/phase_overlay.txtpb");
  ASSERT_EQ(s.phases_size(), 1);
  EXPECT_EQ(s.phases(0).start_day(), 91);
  EXPECT_FALSE(phase_scenarios(s)[0].scenario.formation().offside().enabled());  // the set is kept
}

TEST(Phases, MayNotChangeTheExperiment) {
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { experiment { horizon_days: 200 } } }\n"),
            "scenarios/phases_test.txtpb:3:9: phases[p].set.experiment: a phase cannot change experiment: the horizon, "
            "replications, seed and sweep are one setting for the whole run");
}

TEST(Phases, MayNotChangeTheCalendar) {
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { calendar { warmup_days: 0 } } }\n"),
            "scenarios/phases_test.txtpb:3:9: phases[p].set.calendar: a phase cannot change calendar: working days, "
            "quarters, holidays and the warm-up are fixed for the whole run");
}

TEST(Phases, MayNotNest) {
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { phases { name: \"q\" start_day: 20 } } }\n"),
            "scenarios/phases_test.txtpb:3:9: phases[p].set.phases[q]: phases cannot be nested: give each change its own "
            "entry in the scenario's phases");
}

TEST(Phases, MayNotNameABase) {
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { base: \"offside.txtpb\" } }\n"),
            "scenarios/phases_test.txtpb:3:9: phases[p].set.base: a phase's set cannot name a base: it overlays the "
            "scenario it is in");
}

TEST(Phases, MayNotAddASegmentACompetitorOrACohort) {
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { market { segments { name: \"mid\" } } } }\n"),
            "scenarios/phases_test.txtpb:3:29: phases[p].set.market.segments[mid].name: 'mid' names no segment of the "
            "scenario (segments: large, small); a phase changes a segment's fields, it cannot add one");
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { competitors { name: \"WestSoft\" strength: 1 } } }\n"),
            "scenarios/phases_test.txtpb:3:23: phases[p].set.competitors[WestSoft].name: 'WestSoft' names no competitor "
            "of the scenario (competitors: EastERP, GlobalSuite, NorthSoft); a phase changes a competitor's fields, it "
            "cannot add one");
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { team { cohorts { name: \"interns\" count: 3 } } } }\n"),
            "scenarios/phases_test.txtpb:3:26: phases[p].set.team.cohorts[interns].name: 'interns' names no cohort of "
            "the scenario (cohorts: am_new, am_veteran, manager, pm, presales); a phase changes a cohort's fields, it "
            "cannot add one");
}

TEST(Phases, StartOnADayWithinTheParamBoundsAndHaveAName) {
  // At or after the horizon's end is allowed (the phase never starts), as for a cohort's start_day:
  // every shipped scenario must also run with a shorter --set horizon.
  EXPECT_EQ(load("phases { name: \"p\" start_day: 365 set { deals { win_base_utility: 1 } } }\n").phases_size(), 1);
  EXPECT_EQ(errors("phases { name: \"p\" start_day: -1 }\n"),
            "scenarios/phases_test.txtpb:2:20: phases[p].start_day: -1 is out of range: must be in [0, 36500]");
  EXPECT_EQ(errors("phases { start_day: 1 }\n"),
            "scenarios/phases_test.txtpb:2:1: phases[0].name: is required (it names this Phase in --set paths and outputs)");
}

TEST(Phases, TheScenarioAPhaseMakesIsValidatedAsAWhole) {
  // A range error in the set, reported once at the set's field.
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { formation { offside { am_share: 1.5 } } } }\n"),
            "scenarios/phases_test.txtpb:3:31: phases[p].set.formation.offside.am_share: 1.5 is out of range: must be in [0, 1]");
  // A cross-field rule the phase breaks: no PM left for GO_BIG segments.
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10\n  set { team { cohorts { name: \"pm\" count: 0 } } } }\n"),
            "scenarios/phases_test.txtpb:3:37: phases[p].set.team.cohorts[pm].count: a GO_BIG segment sells big projects "
            "but nobody runs them: add a PROJECT_MANAGER cohort with count > 0, enable formation.covering with a "
            "MANAGER or formation.offside, or set the segments' big_project_share to 0");
  // A zero_fields path that names no field.
  EXPECT_EQ(errors("phases { name: \"p\" start_day: 10 zero_fields: \"formation.nothing\" }\n"),
            "scenarios/phases_test.txtpb:2:34: phases[p].zero_fields[0]: 'formation.nothing' names no field of this "
            "phase's set: no field 'nothing' in Formation; fields are: offside, misplaced, covering, efficiency");
}

}  // namespace
}  // namespace salesim::scenario
