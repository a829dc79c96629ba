// `salesim run --export-crm DIR`: the simulated deals of chosen replications as CRM CSV files.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.h"

namespace salesim::testing {
namespace {

const std::vector<std::string> kFiles = {"opportunities.csv", "stage_history.csv", "roster.csv", "competitors.csv"};

// Rows of a CSV without quoted fields (the simulated ids, names and numbers need none); `crlf`:
// every line must end in CRLF (the export's files do, RFC 4180).
std::vector<std::vector<std::string>> rows(const std::string& text, bool crlf = true) {
  std::vector<std::vector<std::string>> out;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_FALSE(line.empty());
    if (crlf) {
      EXPECT_EQ(line.back(), '\r');
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream l(line);
    std::string c;
    while (std::getline(l, c, ',')) cells.push_back(c);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    out.push_back(cells);
  }
  return out;
}

TEST(ExportCrm, WritesTheSameFilesForAnyThreadCount) {
  const fs::path d = scratch_dir("export_threads");
  for (const char* j : {"1", "3"}) {
    const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "6", "-j", j, "--seed", "5", "-q", "--out",
                                  (d / ("run" + std::string(j))).string(), "--export-crm", (d / ("crm" + std::string(j))).string(),
                                  "--export-replications", "0,4"});
    ASSERT_EQ(r.rc, 0) << r.err;
  }
  for (const char* rep : {"rep_0000", "rep_0004"})
    for (const std::string& f : kFiles) {
      const std::string a = read_file(d / "crm1" / rep / f), b = read_file(d / "crm3" / rep / f);
      EXPECT_FALSE(a.empty()) << rep << "/" << f;
      EXPECT_EQ(a, b) << rep << "/" << f;
    }
  fs::remove_all(d);
}

TEST(ExportCrm, AReplicationInAListIsTheReplicationExportedAlone) {
  const fs::path d = scratch_dir("export_alone");
  ASSERT_EQ(run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "3", "-q", "--out", (d / "a").string(), "--export-crm",
                         (d / "list").string(), "--export-replications", "1-2"}).rc, 0);
  ASSERT_EQ(run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "3", "-q", "--out", (d / "b").string(), "--export-crm",
                         (d / "alone").string(), "--export-replications", "2"}).rc, 0);
  EXPECT_TRUE(fs::exists(d / "list" / "rep_0001" / "opportunities.csv"));
  EXPECT_FALSE(fs::exists(d / "list" / "rep_0000"));
  for (const std::string& f : kFiles) EXPECT_EQ(read_file(d / "list" / "rep_0002" / f), read_file(d / "alone" / f)) << f;
  // Another replication is another export.
  EXPECT_NE(read_file(d / "list" / "rep_0001" / "opportunities.csv"), read_file(d / "alone" / "opportunities.csv"));
  fs::remove_all(d);
}

TEST(ExportCrm, TheExportedDealsAreTheDealsOfThatRowOfReplicationsCsv) {
  const fs::path d = scratch_dir("export_kpis");
  const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "2", "--seed", "8", "--out", (d / "run").string(),
                                "--export-crm", (d / "crm").string(), "--export-replications", "1", "--export-epoch", "2025-04-01"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("wrote the CRM export of replication 1"), std::string::npos) << r.out;
  const auto reps = rows(read_file(d / "run" / "replications.csv"), false);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < reps[0].size(); ++i) col[reps[0][i]] = i;
  const std::vector<std::string>& row1 = reps[2];
  ASSERT_EQ(row1[col["replication"]], "1");
  const auto opps = rows(read_file(d / "crm" / "opportunities.csv"));
  ASSERT_EQ(opps[0], (std::vector<std::string>{"id", "owner", "account", "segment", "product", "stage", "created", "close_date", "amount"}));
  double won = 0, revenue = 0;
  for (std::size_t i = 1; i < opps.size(); ++i) {
    ASSERT_EQ(opps[i].size(), 9u);
    const std::string& close = opps[i][7];
    if (!close.empty()) {
      EXPECT_GE(close, "2025-04-01");  // closed within the period
      EXPECT_LT(close, "2026-04-01");
    }
    if (opps[i][5] == "Closed Won") won += 1, revenue += std::stod(opps[i][8]);
  }
  EXPECT_EQ(won, std::stod(row1[col["deals_won"]]));
  // Amounts are written in whole cents.
  EXPECT_NEAR(revenue, std::stod(row1[col["revenue.deals"]]), 0.005 * won + 1e-6);
  const auto history = rows(read_file(d / "crm" / "stage_history.csv"));
  EXPECT_EQ(history[0], (std::vector<std::string>{"opportunity_id", "stage", "date", "amount", "close_date"}));
  const auto roster = rows(read_file(d / "crm" / "roster.csv"));
  EXPECT_EQ(roster[0], (std::vector<std::string>{"person", "role", "manager", "team", "hire_date"}));
  fs::remove_all(d);
}

TEST(ExportCrm, RefusesABadEpochOrListBeforeRunningAndWritesNothing) {
  const fs::path d = scratch_dir("export_bad");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--export-crm", (d / "x").string(), "--export-epoch", "2026-02-30"}, "--export-epoch '2026-02-30': not a calendar date"},
      {{"--export-crm", (d / "x").string(), "--export-epoch", "1/1/2026"}, "--export-epoch '1/1/2026': expected a date YYYY-MM-DD"},
      {{"--export-crm", (d / "x").string(), "--export-replications", "2,a"}, "'a' is not a replication index"},
      {{"--export-crm", (d / "x").string(), "--export-replications", "0-5000"}, "more than 1000 replications"},
      {{"--export-replications", "3"}, "--export-replications goes with --export-crm DIR, which is missing"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"run", scenario("golden_triangle.txtpb"), "-n", "2", "--out", (d / "run").string()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const Result r = run_salesim(args);
    EXPECT_EQ(r.rc, 2) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(d / "x"));
    EXPECT_FALSE(fs::exists(d / "run" / "results.pb"));
  }
  fs::remove_all(d);
}

TEST(ExportCrm, RefusesEveryReplicationOutsideTheRunAndAnEmptyList) {
  // Export r is row r of replications.csv: every index must be below the run's replications (-n, or
  // the scenario's experiment.replications), and an empty list is no list. Exit 2, nothing run.
  const fs::path d = scratch_dir("export_outside");
  const std::string in_run = " (0 to 2; export r is row r of replications.csv): raise -n or export another\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "salesim run: --export-replications '': expected replication indices, e.g. 0 or 0,3,5-7\n"},
      {"3", "salesim run: --export-replications: replication 3 is not in this run of 3 replications" + in_run},
      {"99999", "salesim run: --export-replications: replication 99999 is not in this run of 3 replications" + in_run},
      {"0,2,5-7", "salesim run: --export-replications: replication 5 is not in this run of 3 replications" + in_run},
  };
  for (const auto& [list, message] : cases) {
    const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "3", "-q", "--out", (d / "run").string(),
                                  "--export-crm", (d / "x").string(), "--export-replications", list});
    EXPECT_EQ(r.rc, 2) << list;
    EXPECT_EQ(r.err, message + "(see salesim run --help)\n") << list;
    EXPECT_FALSE(fs::exists(d / "x")) << list;
    EXPECT_FALSE(fs::exists(d / "run")) << list;
  }
  // The last replication of the run is exported.
  const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "3", "-q", "--out", (d / "run").string(),
                                "--export-crm", (d / "x").string(), "--export-replications", "2"});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(fs::exists(d / "x" / "opportunities.csv"));
  fs::remove_all(d);
}

}  // namespace
}  // namespace salesim::testing
