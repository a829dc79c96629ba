// Bad command lines exit 2 with a clear message; output-directory problems exit 1 and overwrite
// nothing.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

void expect_usage_error(const std::vector<std::string>& args, const std::string& fragment) {
  const Result r = run_salesim(args);
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << "stderr: " << r.err;
}

TEST(Errors, BadFlagsExitTwoWithAClearMessage) {
  const std::string gt = scenario("golden_triangle.txtpb");
  expect_usage_error({"run", gt, "--bogus"}, "unrecognised option '--bogus'");
  expect_usage_error({"run", gt, "--replications", "many"}, "replications");
  expect_usage_error({"run", gt, "--replications", "0"}, "--replications: '0' is out of range: must be in [1, 10000000]");
  expect_usage_error({"run", gt, "--seed", "-3"}, "--seed");
  expect_usage_error({"run", gt, "--shard", "3/3"}, "--shard");
  expect_usage_error({"run", gt, "--target-ci", "2"}, "--target-ci");
  expect_usage_error({"run", gt, "--resume", "--force"}, "--resume and --force");
  expect_usage_error({"run"}, "exactly one scenario FILE");
  expect_usage_error({"compare", gt}, "a second scenario file or a --hire plan");
  // A design the command would not run is refused, not ignored (--ignore-sweep runs the base).
  expect_usage_error({"run", scenario("sensitivity_formation.txtpb")}, "has a sensitivity analysis");
  expect_usage_error({"run", scenario("sweep_pm_count.txtpb")}, "has a sweep design");
  expect_usage_error({"compare", gt, "--hire", "pm=0"}, "--hire pm=0: 'pm=0': N must be a whole number");
  expect_usage_error({"compare", gt, "--hire", "boss=1"}, "unknown role 'boss'");
  expect_usage_error({"frobnicate"}, "unknown command 'frobnicate'");
  expect_usage_error({}, "Usage: salesim COMMAND");
}

TEST(Errors, EveryCommandHasHelp) {
  for (const char* c : {"run", "compare", "sweep", "optimise", "attribute", "sensitivity", "validate", "trace", "merge", "schema"}) {
    const Result r = run_salesim({c, "--help"});
    EXPECT_EQ(r.rc, 0) << c;
    EXPECT_NE(r.out.find(std::string("salesim ") + c), std::string::npos) << c;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << c << " help has no example";
  }
}

TEST(Errors, AMissingOrInvalidScenarioExitsOneBeforeTouchingTheOutputDirectory) {
  const fs::path dir = scratch_dir("bad_scenario");
  const Result r = run_salesim({"run", (dir / "nope.txtpb").string(), "--out", (dir / "o").string()});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("nope.txtpb"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "o"));
  const Result s = run_salesim({"run", scenario("golden_triangle.txtpb"), "--set", "team.cohorts[nobody].count=3",
                                "--out", (dir / "o").string()});
  EXPECT_EQ(s.rc, 1);
  EXPECT_NE(s.err.find("nobody"), std::string::npos) << s.err;
  const Result sweep = run_salesim({"sweep", scenario("golden_triangle.txtpb"), "--out", (dir / "o").string()});
  EXPECT_EQ(sweep.rc, 1);
  EXPECT_NE(sweep.err.find("experiment.sweep"), std::string::npos) << sweep.err;
  fs::remove_all(dir);
}

TEST(Errors, AnUnwritableOutputDirectoryIsReportedClearly) {
  const fs::path dir = scratch_dir("unwritable");
  std::ofstream(dir / "file") << "x";
  const Result under_file = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "2", "--out", (dir / "file" / "o").string()});
  EXPECT_EQ(under_file.rc, 1);
  EXPECT_NE(under_file.err.find("output directory"), std::string::npos) << under_file.err;
  if (::geteuid() != 0) {  // root writes anywhere
    fs::create_directories(dir / "ro");
    ::chmod((dir / "ro").c_str(), 0555);
    const Result ro = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "2", "--out", (dir / "ro").string()});
    EXPECT_EQ(ro.rc, 1);
    EXPECT_NE(ro.err.find("not writable"), std::string::npos) << ro.err;
    ::chmod((dir / "ro").c_str(), 0755);
  }
  fs::remove_all(dir);
}

TEST(Errors, ADirectoryHoldingAnotherRunIsRefusedAndLeftUntouchedUnlessForced) {
  const fs::path dir = scratch_dir("occupied");
  const std::vector<std::string> first = {"run", scenario("golden_triangle.txtpb"), "-n", "5", "--seed", "1", "-q",
                                          "--set", "experiment.horizon_days=60", "--out", (dir / "o").string()};
  ASSERT_EQ(run_salesim(first).rc, 0);
  const std::string before = read_file(dir / "o" / "results.pb");
  std::vector<std::string> second = first;
  second[5] = "2";  // another seed
  const Result refused = run_salesim(second);
  EXPECT_EQ(refused.rc, 1);
  EXPECT_NE(refused.err.find("already holds a run"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(read_file(dir / "o" / "results.pb"), before);
  second.push_back("--force");
  ASSERT_EQ(run_salesim(second).rc, 0);
  EXPECT_NE(read_file(dir / "o" / "results.pb"), before);
  fs::remove_all(dir);
}

TEST(Errors, ForcingARunOfAnotherKindLeavesNoStaleFiles) {
  const fs::path dir = scratch_dir("stale");
  const std::string out = (dir / "o").string();
  ASSERT_EQ(run_salesim({"compare", scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb"), "-n", "3", "--set",
                         "experiment.horizon_days=60", "-q", "--out", out})
                .rc,
            0);
  ASSERT_TRUE(fs::exists(dir / "o" / "comparison.csv"));
  ASSERT_TRUE(fs::exists(dir / "o" / "ranking.csv"));
  ASSERT_EQ(run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "3", "--set", "experiment.horizon_days=60",
                         "-q", "--force", "--out", out})
                .rc,
            0);
  EXPECT_FALSE(fs::exists(dir / "o" / "comparison.csv"));
  EXPECT_FALSE(fs::exists(dir / "o" / "ranking.csv"));
  EXPECT_FALSE(fs::exists(dir / "o" / "scenario.more_pms.txtpb"));
  EXPECT_TRUE(fs::exists(dir / "o" / "scenario.txtpb"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
