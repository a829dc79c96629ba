// `salesim backtest SCENARIO --actual DIR`: a simulated export (run --export-crm, read back through
// its mapping.txtpb) set against the scenario that made it, and against a wrong one.
#include <gtest/gtest.h>

#include <fstream>
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
            "statistic,period,unit,observed,sim_p10,sim_p50,sim_p90,in_band,n_observed,ks_distance,ks_p_value,ks_p_simulated");
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

TEST(Backtest, SaysNoSuchFolderForAMissingExport) {
  const fs::path d = scratch_dir("backtest_nofolder");
  const std::string missing = (d / "no_such_export").string();
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--mapping", scenario("crm_example/mapping.txtpb")}}) {
    std::vector<std::string> args = {"backtest", scenario("golden_triangle.txtpb"), "--actual", missing, "--out", (d / "bt").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run_salesim(args);
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.err, "salesim backtest: --actual " + missing + ": no such folder\n");
  }
  std::ofstream(d / "a_file") << "x\n";
  const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", (d / "a_file").string()});
  EXPECT_EQ(r.rc, 1);
  EXPECT_EQ(r.err, "salesim backtest: --actual " + (d / "a_file").string() +
                       ": not a folder (give the folder of the export's CSV files)\n");
  EXPECT_FALSE(fs::exists(d / "bt"));
  fs::remove_all(d);
}

TEST(Backtest, RefusesAnExportWithoutOpportunitiesAndWritesNothing) {
  const fs::path d = scratch_dir("backtest_header_only");
  const fs::path crm = exported(d);
  for (const char* f : {"opportunities.csv", "stage_history.csv", "competitors.csv"}) {  // header lines only
    const std::string text = read_file(crm / f);
    std::ofstream(crm / f, std::ios::trunc) << text.substr(0, text.find('\n') + 1);
  }
  const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", "20", "--out",
                                (d / "bt").string()});
  EXPECT_EQ(r.rc, 1);
  EXPECT_EQ(r.err, "salesim backtest: " + crm.string() +
                       ": the export holds no opportunities: there is nothing to set against the simulations; nothing "
                       "written\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(d / "bt"));
  fs::remove_all(d);
}

TEST(Backtest, BelowTheReplicationsNeededItSaysSoInsteadOfAVerdict) {
  const fs::path d = scratch_dir("backtest_few");
  const fs::path crm = exported(d);
  const std::string tail = ": too few replications to judge: at least 79 needed\n";
  for (const char* n : {"10", "50", "78"}) {
    const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", n, "--out",
                                  (d / (std::string("bt") + n)).string()});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find(tail), std::string::npos) << n << ": " << r.out;
    EXPECT_EQ(r.out.find("no significant misfit"), std::string::npos) << n;
  }
  const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", "79", "--out",
                                (d / "bt79").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out.find("too few replications"), std::string::npos) << r.out;
  fs::remove_all(d);
}

TEST(Backtest, TheTableShowsTheKsPValuesTheVerdictJudgesLabelled) {
  const fs::path d = scratch_dir("backtest_ks_labels");
  const fs::path crm = exported(d);
  const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", "80", "--out",
                                (d / "bt").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const char* ks : {"  KS deal_size  D = ", "  KS cycle_time D = "}) {
    const std::size_t at = r.out.find(ks);
    ASSERT_NE(at, std::string::npos) << r.out;
    const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
    EXPECT_NE(line.find(" (by simulation, judged), "), std::string::npos) << line;
    EXPECT_NE(line.find(" (asymptotic); n = "), std::string::npos) << line;
  }
  EXPECT_NE(r.out.find(" by simulation, "), std::string::npos);
  EXPECT_NE(r.out.find(" asymptotic); KS cycle time D = "), std::string::npos) << r.out;
  const std::string csv = read_file(d / "bt" / "backtest.csv");
  EXPECT_NE(csv.find(",ks_p_value,ks_p_simulated\n"), std::string::npos);
  fs::remove_all(d);
}

// The count line after the problems: rows skipped and warnings (rows kept) apart, each only when
// there is one, singular and plural.
TEST(Backtest, CountsSkippedRowsAndWarningsApart) {
  const fs::path d = scratch_dir("backtest_problems");
  const fs::path crm = exported(d);
  const std::string text = read_file(crm / "opportunities.csv");
  const std::string bad_date = "X,P2,A1487,large,big_project,Closed Won,2026-13-45,2026-03-01,1000\n";
  // A stranger is warned about once per person: each row a different one.
  auto stranger = [](int i) {
    return "NEW" + std::to_string(i) + ",Nobody Known " + std::to_string(i) +
           ",A1487,large,big_project,Closed Won,2026-02-01,2026-03-01,1000\n";
  };
  struct Case {
    int bad, strangers;
    std::string summary;
  };
  const std::vector<Case> cases = {
      {1, 0, "1 problem row skipped (--strict stops instead) in the export"},
      {2, 0, "2 problem rows skipped (--strict stops instead) in the export"},
      {0, 1, "1 warning (rows kept) in the export"},
      {0, 2, "2 warnings (rows kept) in the export"},
      {1, 1, "1 problem row skipped (--strict stops instead), 1 warning (rows kept) in the export"},
      {2, 3, "2 problem rows skipped (--strict stops instead), 3 warnings (rows kept) in the export"},
  };
  int k = 0;
  for (const Case& c : cases) {
    std::string rows;
    for (int i = 0; i < c.bad; ++i) rows += "BAD" + std::to_string(i) + bad_date.substr(1);
    for (int i = 0; i < c.strangers; ++i) rows += stranger(i);
    std::ofstream(crm / "opportunities.csv", std::ios::trunc) << text << rows;
    const Result r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", crm.string(), "-n", "10", "-j",
                                  "1", "--out", (d / ("bt" + std::to_string(k++))).string()});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.err.find("\nsalesim backtest: " + c.summary + "\n"), std::string::npos) << r.err;
  }
  fs::remove_all(d);
}

}  // namespace
}  // namespace salesim::testing
