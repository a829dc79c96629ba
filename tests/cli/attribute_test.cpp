// `salesim attribute`: exit codes, the files it writes, the same bytes for any --threads, and what
// it says for a scenario with no fault on or a KPI it does not know.
#include <gtest/gtest.h>

#include <algorithm>

#include "salesim/v1/results.pb.h"
#include "sim/experiment/writers.h"
#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> attribute_args(const fs::path& out, const std::string& threads) {
  return {"attribute", scenario("mid_year_turnaround.txtpb"), "-n", "6", "--set", "experiment.horizon_days=120",
          "--threads", threads, "--out", out.string(), "--quiet"};
}

TEST(Attribute, WritesTheAttributionAndTheVariantsAndExitsZero) {
  const fs::path dir = scratch_dir("attribute_files");
  const Result r = run_salesim({"attribute", scenario("mid_year_turnaround.txtpb"), "-n", "6", "--set",
                                "experiment.horizon_days=120", "--out", (dir / "a").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const char* f : {"attribution.csv", "results.pb", "replications.pb", "summary.csv", "comparison.csv",
                        "replications.csv", "run.json", "scenario.disciplined.txtpb", "scenario.offside.txtpb"})
    EXPECT_TRUE(fs::exists(dir / "a" / f)) << f;
  // The plan "offside+misplaced" is not a plain file name: its echo carries a hash of the name.
  int both = 0;
  for (const auto& e : fs::directory_iterator(dir / "a"))
    both += e.path().filename().string().rfind("scenario.offside_misplaced", 0) == 0 && e.path().extension() == ".txtpb";
  EXPECT_EQ(both, 1);
  // stdout: the twin, one line per fault, the scenario, for revenue, win_rate and contribution.
  for (const char* s : {"revenue (CNY)", "win_rate", "contribution (CNY)", "disciplined twin", "+ offside", "+ misplaced",
                        "= scenario (all faults on)", "% of the gap", "Shapley"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << " not in:\n" << r.out;
  const std::string csv = read_file(dir / "a" / "attribution.csv");
  EXPECT_EQ(csv.rfind("kpi,fault,mean,ci_low,ci_high,share_of_gap,n\n", 0), 0u) << csv;
  EXPECT_NE(csv.find("\nwin_rate,misplaced,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\ncontribution,offside,"), std::string::npos) << csv;
  // results.pb carries the attribution for the viewer, the twin as plans[0].
  const v1::Results res = experiment::read_results((dir / "a").string());
  ASSERT_EQ(res.plans_size(), 4);
  EXPECT_EQ(res.plans(0).name(), "disciplined");
  ASSERT_EQ(res.attributions_size(), 3);
  EXPECT_EQ(res.attributions(0).kpi(), "revenue");
  EXPECT_EQ(res.attributions(1).kpi(), "win_rate");
  EXPECT_EQ(res.attributions(2).kpi(), "contribution");
  EXPECT_EQ(res.attributions(0).shares_size(), 2);
  EXPECT_EQ(res.attributions(0).n(), 6u);
  // A second run into the same folder is refused without --force.
  const Result again = run_salesim({"attribute", scenario("offside.txtpb"), "-n", "2", "--out", (dir / "a").string(), "-q"});
  EXPECT_EQ(again.rc, 1) << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
}

TEST(Attribute, GivesTheSameBytesForOneAndTwoThreads) {
  const fs::path dir = scratch_dir("attribute_threads");
  const Result one = run_salesim(attribute_args(dir / "one", "1"));
  const Result two = run_salesim(attribute_args(dir / "two", "2"));
  ASSERT_EQ(one.rc, 0) << one.err;
  ASSERT_EQ(two.rc, 0) << two.err;
  for (const char* f : {"attribution.csv", "results.pb", "replications.pb", "summary.csv", "comparison.csv"})
    EXPECT_EQ(read_file(dir / "one" / f), read_file(dir / "two" / f)) << f;
}

TEST(Attribute, AScenarioWithNoFaultOnIsItsOwnTwinNothingIsWrittenAndItExitsZero) {
  const fs::path dir = scratch_dir("attribute_none");
  const Result r = run_salesim({"attribute", scenario("golden_triangle.txtpb"), "-n", "2", "--out", (dir / "a").string()});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("no formation fault switched on"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--set formation.offside.enabled=true"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "a"));
}

TEST(Attribute, AnUnknownKpiOrAMissingFileIsAUsageError) {
  const fs::path dir = scratch_dir("attribute_usage");
  const Result k = run_salesim({"attribute", scenario("offside.txtpb"), "--kpi", "revenu", "--out", (dir / "a").string()});
  EXPECT_EQ(k.rc, 2) << k.err;
  EXPECT_NE(k.err.find("--kpi: unknown KPI 'revenu'"), std::string::npos) << k.err;
  EXPECT_FALSE(fs::exists(dir / "a"));
  EXPECT_EQ(run_salesim({"attribute"}).rc, 2);
  EXPECT_EQ(run_salesim({"attribute", scenario("offside.txtpb"), scenario("covering.txtpb")}).rc, 2);
}

TEST(Attribute, AttributesTheKpisAskedFor) {
  const fs::path dir = scratch_dir("attribute_kpis");
  const Result r = run_salesim({"attribute", scenario("offside.txtpb"), "-n", "4", "--set", "experiment.horizon_days=90",
                                "--kpi", "deals_won", "--kpi", "cycle_time_days", "--kpi", "deals_won", "--out",
                                (dir / "a").string(), "-q"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "");  // --quiet
  const std::string csv = read_file(dir / "a" / "attribution.csv");
  EXPECT_NE(csv.find("\ndeals_won,offside,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\ncycle_time_days,offside,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("revenue"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 4);  // header; twin, offside, gap, scenario per KPI
}

}  // namespace
}  // namespace salesim::testing
