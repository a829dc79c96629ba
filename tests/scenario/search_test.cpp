// Where scenario files are found (sim/scenario/search.h): beside the naming file first, then
// $SALESIM_SCENARIO_PATH left to right, then the installed scenarios; and which files a load read.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/search.h"

namespace salesim::scenario {
namespace {

namespace fs = std::filesystem;

// A scratch folder with sub-folders, and SALESIM_SCENARIO_PATH restored afterwards.
class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("salesim_search_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    const char* old = std::getenv("SALESIM_SCENARIO_PATH");
    had_path_ = old != nullptr;
    if (old) old_path_ = old;
    ::unsetenv("SALESIM_SCENARIO_PATH");
  }
  void TearDown() override {
    if (had_path_) ::setenv("SALESIM_SCENARIO_PATH", old_path_.c_str(), 1);
    else ::unsetenv("SALESIM_SCENARIO_PATH");
    fs::remove_all(root_);
  }
  fs::path dir(const std::string& name) {
    fs::create_directories(root_ / name);
    return root_ / name;
  }
  // A valid base that says where it lies through experiment.replications (the baseline's rest).
  static void write_base(const fs::path& file, int replications) {
    std::ofstream(file) << "base: \"" << fs::absolute("scenarios/golden_triangle.txtpb").string() << "\"\n"
                        << "experiment { replications: " << replications << " }\n";
  }
  static void write_overlay(const fs::path& file, const std::string& base) {
    std::ofstream(file) << "base: \"" << base << "\"\nteam { cohorts { name: \"pm\" count: 4 } }\n";
  }
  static void set_path(const std::string& value) { ::setenv("SALESIM_SCENARIO_PATH", value.c_str(), 1); }

  fs::path root_;
  bool had_path_ = false;
  std::string old_path_;
};

TEST_F(Search, ABaseBesideTheFileWinsOverTheSearchPath) {
  write_base(dir("mine") / "shared_base.txtpb", 11);
  write_base(dir("elsewhere") / "shared_base.txtpb", 22);
  write_overlay(root_ / "mine" / "plan.txtpb", "shared_base.txtpb");
  set_path((root_ / "elsewhere").string());
  EXPECT_EQ(load_scenario((root_ / "mine" / "plan.txtpb").string()).experiment().replications(), 11u);
}

TEST_F(Search, ABaseNotBesideTheFileIsFoundInTheSearchPathLeftToRight) {
  write_base(dir("first") / "shared_base.txtpb", 11);
  write_base(dir("second") / "shared_base.txtpb", 22);
  write_overlay(dir("mine") / "plan.txtpb", "shared_base.txtpb");
  set_path((root_ / "missing").string() + ":" + (root_ / "first").string() + ":" + (root_ / "second").string());
  EXPECT_EQ(load_scenario((root_ / "mine" / "plan.txtpb").string()).experiment().replications(), 11u);
  set_path((root_ / "second").string() + ":" + (root_ / "first").string());
  EXPECT_EQ(load_scenario((root_ / "mine" / "plan.txtpb").string()).experiment().replications(), 22u);
}

TEST_F(Search, ABaseInASubfolderOfTheSearchPathIsFoundByItsRelativePath) {
  write_base(dir("lib/workshop") / "step.txtpb", 33);
  write_overlay(dir("mine") / "plan.txtpb", "workshop/step.txtpb");
  set_path((root_ / "lib").string());
  EXPECT_EQ(load_scenario((root_ / "mine" / "plan.txtpb").string()).experiment().replications(), 33u);
}

TEST_F(Search, ACommandLineFileNotInTheCurrentFolderIsFoundByName) {
  write_base(dir("lib") / "search_test_only.txtpb", 44);
  set_path((root_ / "lib").string());
  std::vector<std::string> read;
  const v1::Scenario s = load_scenario("search_test_only.txtpb", {.overrides = {}, .files_read = &read});
  EXPECT_EQ(s.experiment().replications(), 44u);
  EXPECT_EQ(s.name(), "search_test_only");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0], (root_ / "lib" / "search_test_only.txtpb").string());
}

TEST_F(Search, FilesReadNamesTheFileThenItsBaseChainAsFound) {
  write_base(dir("lib") / "shared_base.txtpb", 11);
  write_overlay(dir("mine") / "plan.txtpb", "shared_base.txtpb");
  set_path((root_ / "lib").string());
  std::vector<std::string> read;
  load_scenario((root_ / "mine" / "plan.txtpb").string(), {.overrides = {}, .files_read = &read});
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0], (root_ / "mine" / "plan.txtpb").string());
  EXPECT_EQ(read[1], (root_ / "lib" / "shared_base.txtpb").string());
  EXPECT_EQ(read[2], fs::absolute("scenarios/golden_triangle.txtpb").string());
}

TEST_F(Search, AMissingBaseSaysWhichSearchFoldersWereTriedToo) {
  write_overlay(dir("mine") / "plan.txtpb", "no_such_base.txtpb");
  set_path((root_ / "lib").string() + ":" + (root_ / "absent").string());
  dir("lib");
  try {
    load_scenario((root_ / "mine" / "plan.txtpb").string());
    FAIL() << "a missing base loaded";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("base file 'no_such_base.txtpb' (" + (root_ / "mine" / "no_such_base.txtpb").string() +
                        "): cannot read the file: it does not exist; not in " + (root_ / "lib").string()),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find("absent"), std::string::npos) << "folders that do not exist are not listed: " << what;
  }
}

TEST_F(Search, SearchFoldersAreListedOnceInOrderAndOnlyWhenTheyExist) {
  const fs::path a = dir("a"), b = dir("b");
  set_path(a.string() + "::" + (root_ / "none").string() + ":" + b.string() + ":" + a.string() + "/.");
  const std::vector<fs::path> dirs = scenario_search_dirs();
  ASSERT_GE(dirs.size(), 2u);  // the installed folders follow, where they exist
  EXPECT_EQ(dirs[0], a);
  EXPECT_EQ(dirs[1], b);
  for (std::size_t i = 2; i < dirs.size(); ++i) EXPECT_NE(fs::canonical(dirs[i]), fs::canonical(a));
}

TEST_F(Search, AnAbsolutePathIsUsedAsItIs) {
  write_base(dir("lib") / "shared_base.txtpb", 11);
  set_path((root_ / "lib").string());
  EXPECT_FALSE(find_scenario(root_ / "mine" / "shared_base.txtpb", {}).has_value());
  EXPECT_EQ(find_scenario(root_ / "lib" / "shared_base.txtpb", {}), root_ / "lib" / "shared_base.txtpb");
  EXPECT_EQ(find_scenario("shared_base.txtpb", root_ / "mine"), root_ / "lib" / "shared_base.txtpb");
}

}  // namespace
}  // namespace salesim::scenario
