// The what-if panel's plans without widgets: add, rename, duplicate, delete; saved as overlay
// .txtpb files and reopened to the same scenario; a workshop folder read into base and teams.
#include <gtest/gtest.h>

#include <google/protobuf/util/message_differencer.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/viz/viz_test_support.h"
#include "viz/plans.h"

#ifdef SALESIM_VIZ_HAS_LOADER
#include "sim/scenario/loader.h"
#endif

namespace salesim::viz {
namespace {

#ifdef SALESIM_VIZ_HAS_LOADER
const std::string kRoot = SALESIM_SOURCE_ROOT;
const std::string kRookie = kRoot + "/scenarios/workshop/06_rookie_branch.txtpb";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool same_scenario(v1::Scenario a, v1::Scenario b) {
  a.clear_name(), b.clear_name(), a.clear_base(), b.clear_base(), a.clear_description(), b.clear_description();
  std::string report;
  google::protobuf::util::MessageDifferencer diff;
  diff.ReportDifferencesToString(&report);
  const bool same = diff.Compare(a, b);
  if (!same) ADD_FAILURE() << report;
  return same;
}

class PlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ensure_app();
    dir_ = testing::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    book_.reset(scenario::load_scenario(kRookie), kRookie);
  }
  std::string dir_;
  PlanBook book_;
};

TEST_F(PlansTest, AddRenameDuplicateDelete) {
  EXPECT_EQ(book_.add(), 0u);
  EXPECT_EQ(book_.plan(0).name, "Plan 1");
  EXPECT_EQ(book_.add("more PMs"), 1u);
  EXPECT_THROW(book_.add("more PMs"), PlanError);
  EXPECT_THROW(book_.rename(0, "more PMs"), PlanError);
  EXPECT_THROW(book_.rename(0, " "), PlanError);
  book_.rename(0, "discipline");
  book_.rename(0, "discipline");  // its own name is fine
  find_knob(book_.knobs(1), "team.cohorts[pm].count")->value = 5;
  EXPECT_EQ(book_.duplicate(1), 2u);
  EXPECT_EQ(book_.plan(2).name, "more PMs copy");
  EXPECT_EQ(find_knob(book_.plan(2).knobs, "team.cohorts[pm].count")->value, 5);
  EXPECT_EQ(book_.plan(book_.duplicate(1)).name, "more PMs copy 2");
  // A duplicate is a copy: changing it leaves the original.
  find_knob(book_.knobs(2), "team.cohorts[pm].count")->value = 6;
  EXPECT_EQ(find_knob(book_.plan(1).knobs, "team.cohorts[pm].count")->value, 5);
  book_.remove(0);
  ASSERT_EQ(book_.size(), 3u);
  EXPECT_EQ(book_.plan(0).name, "more PMs");
  EXPECT_EQ(book_.plan(1).name, "more PMs copy");
  EXPECT_THROW(book_.remove(3), PlanError);
  // A new plan starts from the base, whatever the others changed.
  EXPECT_EQ(find_knob(book_.plan(book_.add()).knobs, "team.cohorts[pm].count")->value, 3);
  EXPECT_EQ(book_.plan(3).name, "Plan 4");
  EXPECT_EQ(book_.scenario_of(0).team().cohorts(3).count(), 5u);
  EXPECT_EQ(book_.scenario_of(0).name(), "more PMs");
}

TEST_F(PlansTest, SavedOverlayReopensToTheSamePlan) {
  const std::size_t p = book_.add("cover");
  Knobs& k = book_.knobs(p);
  find_knob(k, "team.cohorts[pm].count")->value = 5;
  find_knob(k, "team.cohorts[am_new].count")->value = 9;
  find_knob(k, "formation.offside.enabled")->value = 0;  // true in the base: must be written as false
  find_knob(k, "formation.covering.enabled")->value = 1;
  find_knob(k, "formation.covering.wait_days")->value = 7;
  find_knob(k, "competitors[NorthSoft].strength")->value = 1.25;
  const std::string path = dir_ + "/plans/cover.txtpb";
  std::filesystem::create_directories(dir_ + "/plans");
  book_.save(p, path);
  const std::string text = slurp(path);
  // An overlay: the base by a path relative to the file, and only what differs.
  EXPECT_NE(text.find("base: \"" + std::filesystem::proximate(kRookie, dir_ + "/plans").generic_string() + "\""), std::string::npos) << text;
  EXPECT_NE(text.find("enabled: false"), std::string::npos) << text;
  EXPECT_NE(text.find("name: \"pm\""), std::string::npos) << text;
  EXPECT_EQ(text.find("am_veteran"), std::string::npos) << text;  // unchanged cohort left out
  EXPECT_EQ(text.find("segments"), std::string::npos) << text;
  EXPECT_EQ(book_.plan(p).file, path);

  const std::size_t q = book_.open(path);
  EXPECT_EQ(book_.plan(q).name, "cover 2");  // the file's stem, made unique
  EXPECT_EQ(book_.plan(q).knobs, book_.plan(p).knobs);
  EXPECT_TRUE(same_scenario(book_.scenario_of(q), book_.scenario_of(p)));
  // The plan as the loader reads the file is the plan as run.
  EXPECT_TRUE(same_scenario(scenario::load_scenario(path), book_.scenario_of(p)));
}

TEST_F(PlansTest, APlanChangingMoreThanTheKnobsRoundTrips) {
  // Step 7 overlays the golden triangle; as a plan of it, it changes cohorts and formation.
  book_.reset(scenario::load_scenario(kRoot + "/scenarios/golden_triangle.txtpb"), kRoot + "/scenarios/golden_triangle.txtpb");
  const std::size_t p = book_.open(kRoot + "/scenarios/workshop/07_your_plan.txtpb");
  EXPECT_EQ(book_.plan(p).name, "07_your_plan");
  const std::string path = dir_ + "/copy.txtpb";
  book_.save(p, path);
  EXPECT_TRUE(same_scenario(scenario::load_scenario(path), scenario::load_scenario(kRoot + "/scenarios/workshop/07_your_plan.txtpb")));
  // Unchanged, a plan's overlay is its base.
  const std::size_t same = book_.add("same");
  book_.save(same, dir_ + "/same.txtpb");
  EXPECT_TRUE(same_scenario(scenario::load_scenario(dir_ + "/same.txtpb"), book_.base()));
  EXPECT_EQ(overlay_diff(book_.base(), book_.base()), "");
}

TEST_F(PlansTest, ABaseWithoutAFileIsSavedBesideThePlan) {
  book_.reset(scenario::load_scenario(kRookie), "");
  const std::size_t p = book_.add("pm4");
  find_knob(book_.knobs(p), "team.cohorts[pm].count")->value = 4;
  book_.save(p, dir_ + "/pm4.txtpb");
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/06_rookie_branch.base.txtpb"));
  EXPECT_NE(slurp(dir_ + "/pm4.txtpb").find("base: \"06_rookie_branch.base.txtpb\""), std::string::npos);
  EXPECT_TRUE(same_scenario(scenario::load_scenario(dir_ + "/pm4.txtpb"), book_.scenario_of(p)));
}

TEST_F(PlansTest, SavingToAnUnwritablePlaceSaysWhere) {
  const std::size_t p = book_.add();
  try {
    book_.save(p, dir_ + "/no/such/folder/plan.txtpb");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no/such/folder/plan.txtpb"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(book_.plan(p).file.empty());
}

TEST_F(PlansTest, RunAllRunsTheBaseAndEveryPlanTogether) {
  book_.add("a");
  find_knob(book_.knobs(book_.add("b")), "team.cohorts[pm].count")->value = 4;
  std::vector<std::string> seen;
  std::vector<v1::Scenario> plans_seen;
  RunSettings settings;
  settings.replications = 7;
  settings.seed = 42;
  run_plan_book(book_, "06_rookie_branch", settings,
                [&](const std::vector<v1::Scenario>& plans, const std::vector<std::string>& names, const RunSettings& s) {
                  seen = names;
                  plans_seen = plans;
                  EXPECT_EQ(s.replications, 7u);
                  EXPECT_EQ(s.seed, 42u);
                  return v1::Results();
                });
  EXPECT_EQ(seen, (std::vector<std::string>{"06_rookie_branch", "a", "b"}));
  ASSERT_EQ(plans_seen.size(), 3u);
  EXPECT_EQ(plans_seen[2].team().cohorts(3).count(), 4u);
  EXPECT_EQ(plans_seen[1].team().cohorts(3).count(), 3u);
}

TEST_F(PlansTest, TheShippedWorkshopFolderHasABaseAndFourTeams) {
  const WorkshopFolder f = load_workshop_folder(kRoot + "/scenarios/workshop/teams");
  EXPECT_TRUE(f.problems.empty()) << f.problems.front();
  EXPECT_EQ(f.base_name, "branch");
  EXPECT_EQ(f.team_names, (std::vector<std::string>{"team_a", "team_b", "team_c", "team_d"}));
  // The rule of the exercise: every team keeps the branch's head count.
  auto heads = [](const v1::Scenario& s) {
    unsigned n = 0;
    for (const auto& c : s.team().cohorts()) n += c.count();
    return n;
  };
  for (const auto& t : f.teams) EXPECT_EQ(heads(t), heads(f.base)) << t.name();
}

TEST_F(PlansTest, ABrokenTeamFileIsReportedAndLeftOut) {
  std::ofstream(dir_ + "/base.txtpb") << "base: \"" << kRookie << "\"\n";
  std::ofstream(dir_ + "/red.txtpb") << "base: \"base.txtpb\"\nformation { offside { enabled: false } }\n";
  std::ofstream(dir_ + "/blue.txtpb") << "base: \"base.txtpb\"\nformation { offside { enabled: fals";
  std::ofstream(dir_ + "/notes.md") << "not a scenario\n";
  const WorkshopFolder f = load_workshop_folder(dir_);
  EXPECT_EQ(f.team_names, std::vector<std::string>{"red"});
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_NE(f.problems[0].find("blue.txtpb:"), std::string::npos) << f.problems[0];
  EXPECT_THROW(load_workshop_folder(dir_ + "/missing"), std::runtime_error);
}
#endif

}  // namespace
}  // namespace salesim::viz
