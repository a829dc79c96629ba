// `salesim sensitivity`: the files it writes, the same bytes for any --threads, and a clear message
// with the field path and a non-zero exit for every kind of bad factor or setting.
#include <gtest/gtest.h>

#include <algorithm>

#include "salesim/v1/results.pb.h"
#include "sim/experiment/writers.h"
#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> small_args(const fs::path& out, const std::string& threads) {
  return {"sensitivity", scenario("sensitivity_formation.txtpb"), "-n", "2", "-N", "4", "--set",
          "experiment.horizon_days=90", "--threads", threads, "--out", out.string(), "--quiet"};
}

TEST(Sensitivity, WritesTheTidyIndicesAndTheDesignAndExitsZero) {
  const fs::path dir = scratch_dir("sensitivity_files");
  std::vector<std::string> args = small_args(dir / "s", "2");
  args.pop_back();  // the table on stdout
  const Result r = run_salesim(args);
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const char* f : {"sensitivity.csv", "results.pb", "replications.pb", "summary.csv", "run.json"})
    EXPECT_TRUE(fs::exists(dir / "s" / f)) << f;
  for (const char* s : {"revenue (Sobol, sorted by ST", "formation.offside.am_share", "team.cohorts[pm].count"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << " not in:\n" << r.out;
  const std::string csv = read_file(dir / "s" / "sensitivity.csv");
  EXPECT_EQ(csv.rfind("kpi,parameter,method,index,estimate,ci_low,ci_high\n", 0), 0u) << csv;
  // 3 KPIs x 6 factors x (S1, ST).
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 3 * 6 * 2) << csv;
  EXPECT_NE(csv.find("\nrevenue,competitors[NorthSoft].strength,sobol,ST,"), std::string::npos) << csv;
  const v1::Results res = experiment::read_results((dir / "s").string());
  EXPECT_EQ(res.design(), "SENSITIVITY_SOBOL");
  ASSERT_EQ(res.plans_size(), 1);
  EXPECT_EQ(res.plans(0).points_size(), 4 * (6 + 2));
  EXPECT_EQ(res.parameter_paths_size(), 6);
  EXPECT_EQ(res.sensitivity_size(), 36);
}

TEST(Sensitivity, GivesTheSameBytesForOneAndTwoThreads) {
  const fs::path dir = scratch_dir("sensitivity_threads");
  const Result one = run_salesim(small_args(dir / "one", "1"));
  const Result two = run_salesim(small_args(dir / "two", "2"));
  ASSERT_EQ(one.rc, 0) << one.err;
  ASSERT_EQ(two.rc, 0) << two.err;
  for (const char* f : {"sensitivity.csv", "results.pb", "replications.pb", "summary.csv"})
    EXPECT_EQ(read_file(dir / "one" / f), read_file(dir / "two" / f)) << f;
}

TEST(Sensitivity, MorrisFromTheCommandLineRanksByMuStar) {
  const fs::path dir = scratch_dir("sensitivity_morris");
  const Result r = run_salesim({"sensitivity", scenario("golden_triangle.txtpb"), "--method", "morris", "--trajectories", "3",
                                "-n", "2", "--set", "experiment.horizon_days=90", "--factor", "team.cohorts[pm].count=2..6",
                                "--factor", "formation.offside.am_share=0..0.8", "--kpi", "revenue", "--out",
                                (dir / "m").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("revenue (Morris, sorted by mu_star"), std::string::npos) << r.out;
  const std::string csv = read_file(dir / "m" / "sensitivity.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 3) << csv;
  EXPECT_NE(csv.find("\nrevenue,team.cohorts[pm].count,morris,mu_star,"), std::string::npos) << csv;
}

void expect_refused(const std::vector<std::string>& extra, int rc, const std::string& message, const std::string& name) {
  const fs::path dir = scratch_dir("sensitivity_bad_" + name);
  std::vector<std::string> args = {"sensitivity", scenario("golden_triangle.txtpb"), "-n", "1", "--out", (dir / "o").string(), "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  const Result r = run_salesim(args);
  EXPECT_EQ(r.rc, rc) << name << ": " << r.err;
  EXPECT_NE(r.err.find(message), std::string::npos) << name << ": " << r.err;
  EXPECT_FALSE(fs::exists(dir / "o")) << name;
}

TEST(Sensitivity, RefusesBadFactorsWithTheFieldPath) {
  expect_refused({"--factor", "formation.offside.am_share=0.8..0.2"}, 1,
                 "experiment.sensitivity.factors[0].high: the range is empty: high 0.2 must be above low 0.8", "reversed");
  expect_refused({"--factor", "formation.offside.am_share=0.5..0.5"}, 1, "experiment.sensitivity.factors[0].high: the range is empty",
                 "empty");
  expect_refused({"--factor", "name=1..2"}, 1, "experiment.sensitivity.factors[0].path: 'name' is not a numeric field", "non_numeric");
  expect_refused({"--factor", "formation.offside.am_share=0..0.5", "--factor", "formation.offside.am_share=0.1..0.4"}, 1,
                 "experiment.sensitivity.factors[1].path: 'formation.offside.am_share' is listed twice", "twice");
  expect_refused({"--factor", "formation.offside.am_share=0..2"}, 1, "experiment.sensitivity.factors[0].high", "out_of_range");
  expect_refused({"--factor", "formation.offside.am_share=0..1", "--method", "morris", "--set",
                  "experiment.sensitivity.levels=3"},
                 1, "experiment.sensitivity.levels: Morris needs an even number of levels", "levels");
  expect_refused({"--factor", "formation.offside.am_share=0..1", "-N", "400000"}, 1, "experiment.sensitivity.base_samples", "n_large");
  expect_refused({"--factor", "formation.offside.am_share=zero..1"}, 2, "--factor", "syntax");
  expect_refused({}, 2, "no factors", "none");
  expect_refused({"--factor", "formation.offside.am_share=0..1", "--method", "anova"}, 2, "expected sobol or morris", "method");
  expect_refused({"--factor", "formation.offside.am_share=0..1", "--kpi", "revenu"}, 2, "unknown KPI", "kpi");
}

}  // namespace
}  // namespace salesim::testing
