// `salesim backtest SCENARIO --actual DIR`: a simulated export (run --export-crm, read back through
// its mapping.txtpb) set against the scenario that made it, and against a wrong one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_helpers.h"

namespace salesim::testing {
namespace {

// An export of replication 0 of golden_triangle under seed 99 (written once per test process).
fs::path exported(const fs::path& dir) {
  const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "1", "--seed", "99", "-q", "--out",
                                (dir / "run").string(), "--export-crm", (dir / "crm").string()});
  EXPECT_EQ(r.rc, 0) << r.err;
  return dir / "crm";
}

int lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST(Backtest, AScenarioAgainstItsOwnExportFitsAndWritesEveryOutput) {
  const fs::path d = scratch_dir("backtest_fit");
  const fs::path crm = exported(d);
  EXPECT_TRUE(fs::exists(crm / "mapping.txtpb"));
  const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", "200",
                                "--seed", "5", "--out", (d / "bt").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("no significant misfit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("statistics inside the simulated P10-P90 band"), std::string::npos);
  for (const char* f : {"backtest.csv", "results.pb", "summary.csv", "replications.csv", "timeseries.csv"})
    EXPECT_TRUE(fs::exists(d / "bt" / f)) << f;
  const std::string csv = read_file(d / "bt" / "backtest.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "statistic,period,unit,observed,sim_p10,sim_p50,sim_p90,in_band,n_observed,ks_distance,ks_p_value");
  EXPECT_EQ(lines(csv), 1 + 12 + 1 + 3 + 3 + 4);
  EXPECT_NE(csv.find("\nopportunities,2026-01,count,"), std::string::npos);
  EXPECT_NE(csv.find("\nrevenue,2026-Q4,CNY,"), std::string::npos);
  fs::remove_all(d);
}

TEST(Backtest, GivesTheSameFilesForAnyThreadCount) {
  const fs::path d = scratch_dir("backtest_threads");
  const fs::path crm = exported(d);
  for (const char* j : {"1", "3"})
    ASSERT_EQ(run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", "30", "-j", j,
                           "-q", "--out", (d / (std::string("bt") + j)).string()}).rc, 0);
  for (const char* f : {"backtest.csv", "results.pb", "summary.csv"})
    EXPECT_EQ(read_file(d / "bt1" / f), read_file(d / "bt3" / f)) << f;
  fs::remove_all(d);
}

TEST(Backtest, FlagsAScenarioWhoseWinUtilityIsFarOff) {
  const fs::path d = scratch_dir("backtest_wrong");
  const fs::path crm = exported(d);
  const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", "200",
                                "--set", "deals.win_base_utility=-2", "--out", (d / "bt").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("MISFIT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("win_rate above"), std::string::npos) << r.out;
  fs::remove_all(d);
}

TEST(Backtest, RefusesAMissingExportOrMappingWithAClearMessage) {
  const fs::path d = scratch_dir("backtest_bad");
  Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--out", (d / "bt").string()});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("--actual EXPORT_DIR is required"), std::string::npos) << r.err;
  fs::create_directories(d / "empty");
  r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", (d / "empty").string(), "--out", (d / "bt").string()});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("has no mapping.txtpb"), std::string::npos) << r.err;
  r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", (d / "empty").string(), "--mapping",
                   (d / "nope.txtpb").string(), "--out", (d / "bt").string()});
  EXPECT_EQ(r.rc, 1);
  EXPECT_FALSE(fs::exists(d / "bt" / "results.pb"));
  r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", (d / "empty").string(), "-n", "5"});
  EXPECT_EQ(r.rc, 2);
  fs::remove_all(d);
}

}  // namespace
}  // namespace salesim::testing
