// Overlays (`base:`): what an overlay changes, what it keeps, and where errors point.
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"

namespace salesim::scenario {
namespace {

const v1::Cohort& cohort(const v1::Scenario& s, const std::string& name) {
  for (const auto& c : s.team().cohorts()) {
    if (c.name() == name) return c;
  }
  throw std::runtime_error("no cohort " + name);
}

TEST(Overlay, ReplacesTheScalarsItWritesAndKeepsTheRest) {
  const v1::Scenario base = load_scenario("tests/scenario/fixtures/team.txtpb");
  const v1::Scenario s = load_scenario("tests/scenario/fixtures/overlay_pm.txtpb");
  EXPECT_EQ(cohort(base, "pm").count(), 3u);
  EXPECT_EQ(cohort(s, "pm").count(), 4u);
  EXPECT_EQ(cohort(s, "pm").role(), v1::PROJECT_MANAGER);  // kept from the base
  EXPECT_EQ(cohort(s, "pm").hours_per_week(), 45);
  EXPECT_EQ(s.experiment().seed(), 7u);
  EXPECT_EQ(s.market().segments_size(), 2);
}

TEST(Overlay, MergesNamedListElementsByNameAndAppendsNewNames) {
  const v1::Scenario s = load_scenario("tests/scenario/fixtures/overlay_pm.txtpb");
  ASSERT_EQ(s.team().cohorts_size(), 5);
  EXPECT_EQ(s.team().cohorts(0).name(), "am");
  EXPECT_EQ(s.team().cohorts(1).name(), "pm");
  EXPECT_EQ(s.team().cohorts(4).name(), "rookies");
  EXPECT_EQ(cohort(s, "rookies").count(), 2u);
}

TEST(Overlay, AnExplicitZeroOrFalseReplacesTheBaseValue) {
  const v1::Scenario s = load_scenario_from_string(
      "base: \"team.txtpb\"\n"
      "experiment { seed: 0 }\n"
      "formation { covering { enabled: true wait_days: 0 } }\n",
      "tests/scenario/fixtures/zero.txtpb");
  EXPECT_EQ(s.experiment().seed(), 0u);
  EXPECT_TRUE(s.formation().covering().enabled());
  EXPECT_EQ(s.formation().covering().wait_days(), 0);
  EXPECT_EQ(s.experiment().horizon_days(), 365);  // not written: kept
}

TEST(Overlay, ADifferentDistributionKindReplacesTheBaseKind) {
  const v1::Scenario s = load_scenario("tests/scenario/fixtures/overlay_pm.txtpb");
  EXPECT_EQ(cohort(s, "am").tenure_months().kind_case(), v1::Distribution::kFixed);
  EXPECT_EQ(cohort(s, "am").tenure_months().fixed(), 3);
}

TEST(Overlay, TheSameDistributionKindMergesFieldByField) {
  const v1::Scenario s = load_scenario_from_string(
      "base: \"team.txtpb\"\n"
      "market { segments { name: \"large\" basic_module_size_cny { lognormal { cv: 0.8 } } } }\n",
      "tests/scenario/fixtures/cv.txtpb");
  const auto& d = s.market().segments(0).basic_module_size_cny().lognormal();
  EXPECT_EQ(d.mean(), 400000);
  EXPECT_EQ(d.cv(), 0.8);
}

TEST(Overlay, AnUnnamedListIsReplacedAsAWhole) {
  const v1::Scenario s = load_scenario_from_string(
      "base: \"team.txtpb\"\n"
      "competitors { name: \"rival\" presence { segment: \"small\" rate: 0.9 } }\n",
      "tests/scenario/fixtures/presence.txtpb");
  ASSERT_EQ(s.competitors_size(), 1);
  ASSERT_EQ(s.competitors(0).presence_size(), 1);
  EXPECT_EQ(s.competitors(0).presence(0).segment(), "small");
  EXPECT_EQ(s.competitors(0).presence(0).rate(), 0.9);
  EXPECT_EQ(s.competitors(0).strength(), 0.2);  // the element merged by name kept the rest
}

TEST(Overlay, NameAndDescriptionAreNotInherited) {
  const v1::Scenario s = load_scenario("tests/scenario/fixtures/overlay_pm.txtpb");
  EXPECT_EQ(s.name(), "overlay_pm");  // the top file's name without extension
  EXPECT_EQ(s.description(), "");
  EXPECT_EQ(s.base(), "");  // resolved
}

TEST(Overlay, AJsonFileCanOverlayATextFile) {
  const v1::Scenario s = load_scenario("tests/scenario/fixtures/team.json");
  EXPECT_EQ(cohort(s, "pm").count(), 5u);
  EXPECT_EQ(s.experiment().horizon_days(), 180);
  EXPECT_EQ(s.experiment().seed(), 7u);
  EXPECT_EQ(s.name(), "team");
}

TEST(Overlay, AUtf8ByteOrderMarkIsSkipped) {
  const v1::Scenario s = load_scenario("tests/scenario/fixtures/bom.txtpb");  // starts with EF BB BF
  EXPECT_TRUE(s.formation().offside().enabled());
  EXPECT_EQ(s.formation().offside().am_share(), 0.3);
}

TEST(Overlay, AnErrorInTheBasePointsIntoTheBase) {
  try {
    load_scenario("tests/scenario/bad/overlay_bad_base.txtpb");
    FAIL();
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, "tests/scenario/bad/hours_over_168.txtpb");
    EXPECT_EQ(e.diagnostics()[0].line, 4);
    EXPECT_EQ(e.diagnostics()[0].field_path, "team.cohorts[pm].hours_per_week");
  }
}

TEST(Overlay, AnErrorInAFieldTheOverlayWrotePointsIntoTheOverlay) {
  try {
    load_scenario_from_string("base: \"team.txtpb\"\n\nteam { cohorts { name: \"am\" hours_per_week: 300 } }\n",
                              "tests/scenario/fixtures/over.txtpb");
    FAIL();
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              "tests/scenario/fixtures/over.txtpb:3:29: team.cohorts[am].hours_per_week: 300 is out of range: must be in (0, 168]");
  }
}

TEST(Overlay, ACycleIsReportedWithItsChain) {
  try {
    load_scenario("tests/scenario/bad/overlay_cycle_a.txtpb");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("overlay_cycle_a.txtpb -> tests/scenario/bad/overlay_cycle_b.txtpb -> "
                                         "tests/scenario/bad/overlay_cycle_a.txtpb"),
              std::string::npos)
        << e.what();
  }
}

TEST(Overlay, AChainLongerThanTheLimitIsRejected) {
  const auto dir = std::filesystem::temp_directory_path() / ("salesim_overlay_chain_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const int links = Limits::max_overlay_depth + 2;
  for (int i = 0; i < links; ++i) {
    std::ofstream out(dir / ("link_" + std::to_string(i) + ".txtpb"));
    if (i + 1 < links) {
      out << "base: \"link_" << i + 1 << ".txtpb\"\n";
    } else {
      out << "base: \"" << std::filesystem::absolute("tests/scenario/fixtures/team.txtpb").string() << "\"\n";
    }
  }
  try {
    load_scenario((dir / "link_0.txtpb").string());
    FAIL() << "a chain of " << links << " files loaded";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("base: overlay chain longer than 16 files"), std::string::npos) << e.what();
  }
  // A chain within the limit loads.
  EXPECT_NO_THROW(load_scenario((dir / ("link_" + std::to_string(links - 10) + ".txtpb")).string()));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace salesim::scenario
