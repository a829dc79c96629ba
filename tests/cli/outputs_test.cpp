// What `salesim run` leaves behind and prints: tidy CSVs with the stated columns (loaded with
// Python's csv module), the resolved scenario, run.json apart from the results, a summary table.
#include <gtest/gtest.h>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

TEST(Outputs, RunWritesEveryFileAndPrintsTheSummaryTable) {
  const fs::path dir = scratch_dir("outputs");
  const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "30", "--set",
                                "experiment.horizon_days=120", "--out", (dir / "o").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const char* f : {"results.pb", "summary.csv", "replications.csv", "timeseries.csv", "scenario.txtpb", "run.json"})
    EXPECT_TRUE(fs::exists(dir / "o" / f)) << f;
  EXPECT_FALSE(fs::exists(dir / "o" / "journal.bin"));
  EXPECT_FALSE(fs::exists(dir / "o" / "comparison.csv"));
  for (const char* kpi : {"revenue (CNY)", "win_rate", "big_deal_rate"}) EXPECT_NE(r.out.find(kpi), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("95% CI"), std::string::npos);
  // The echo is the resolved scenario with the effective settings: it validates and states them.
  const std::string echo = read_file(dir / "o" / "scenario.txtpb");
  EXPECT_NE(echo.find("horizon_days: 120"), std::string::npos);
  EXPECT_NE(echo.find("replications: 30"), std::string::npos);
  EXPECT_EQ(echo.find("base:"), std::string::npos);
  EXPECT_EQ(run_salesim({"validate", (dir / "o" / "scenario.txtpb").string()}).rc, 0);
  // Timing lives in run.json only.
  EXPECT_NE(read_file(dir / "o" / "run.json").find("wall_seconds"), std::string::npos);
  EXPECT_EQ(read_file(dir / "o" / "summary.csv").find("wall"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Outputs, CsvFilesLoadInPythonsCsvModuleWithTheStatedColumns) {
  if (!have_program("python3")) GTEST_SKIP() << "python3 not installed";
  const fs::path dir = scratch_dir("csv");
  ASSERT_EQ(run_salesim({"compare", scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb"), "-n", "20", "--set",
                         "experiment.horizon_days=120", "-q", "--out", (dir / "c").string()})
                .rc,
            0);
  ASSERT_EQ(run_salesim({"sweep", fixture("sweep_small.txtpb"), "-n", "5", "--set", "experiment.horizon_days=60", "-q",
                         "--out", (dir / "s").string()})
                .rc,
            0);
  ASSERT_EQ(run_salesim({"sweep", fixture("sweep_small.txtpb"), "--export-design", (dir / "points.csv").string(), "-q"}).rc, 0);
  const std::string check = "python3 " + source_dir() + "/tests/cli/csv_check.py ";
  EXPECT_EQ(std::system((check + (dir / "c").string() + " --compare").c_str()), 0);
  // Each row of a sweep's tables carries its design point's values, column by field path.
  EXPECT_EQ(std::system((check + (dir / "s").string() + " --design " + (dir / "points.csv").string()).c_str()), 0);
  // A sweep's replications.csv carries the swept parameter as a column.
  EXPECT_NE(read_file(dir / "s" / "replications.csv").find("plan,design_point,team.cohorts[pm].count,replication"),
            std::string::npos);
  fs::remove_all(dir);
}

TEST(Outputs, ValidateExitsZeroForValidFilesAndPrintsTheResolvedScenario) {
  const Result ok = run_salesim({"validate", scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb")});
  EXPECT_EQ(ok.rc, 0) << ok.err;
  const Result print = run_salesim({"validate", "--print", fixture("more_pms.txtpb")});
  EXPECT_EQ(print.rc, 0);
  EXPECT_NE(print.out.find("name: \"more_pms\""), std::string::npos);
  EXPECT_NE(print.out.find("am_veteran"), std::string::npos);  // from the base it overlays
  EXPECT_EQ(print.out.find("base:"), std::string::npos);
  const fs::path dir = scratch_dir("validate");
  std::ofstream(dir / "bad.txtpb") << "team { cohorts { name: \"x\" hours_per_week: 500 } }\n";
  const Result bad = run_salesim({"validate", scenario("golden_triangle.txtpb"), (dir / "bad.txtpb").string()});
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("bad.txtpb:"), std::string::npos) << bad.err;
  fs::remove_all(dir);
}

TEST(Outputs, TraceTellsOneReplicationsStoryAndItsKpis) {
  const Result r = run_salesim({"trace", scenario("golden_triangle.txtpb"), "--replication", "3", "--limit", "20"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("day "), std::string::npos);
  EXPECT_NE(r.out.find("KPIs of replication 3"), std::string::npos);
  EXPECT_NE(r.out.find("revenue"), std::string::npos);
}

TEST(Outputs, TraceReproducesTheRunsReplication) {
  // The trace's revenue for replication 2 equals row 2 of replications.csv of the same run.
  const fs::path dir = scratch_dir("trace_match");
  ASSERT_EQ(run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "3", "--seed", "9", "-q", "--out",
                         (dir / "o").string()})
                .rc,
            0);
  const Result t = run_salesim({"trace", scenario("golden_triangle.txtpb"), "--replication", "2", "--seed", "9", "--limit", "1"});
  ASSERT_EQ(t.rc, 0);
  std::istringstream csv(read_file(dir / "o" / "replications.csv"));
  std::string line;
  for (int i = 0; i < 4; ++i) std::getline(csv, line);  // header + rows 0..2
  std::vector<std::string> cells;
  std::stringstream ss(line);
  for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
  ASSERT_GT(cells.size(), 4u);
  const double revenue = std::stod(cells[4]);
  char expected[64];
  std::snprintf(expected, sizeof expected, "%.0f", revenue);
  std::string grouped, digits = expected;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  EXPECT_NE(t.out.find(grouped), std::string::npos) << "revenue " << grouped << " not in\n" << t.out.substr(0, 2000);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
