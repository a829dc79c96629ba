// `salesim compare` ranks all plans: ranking.csv agrees with summary.csv and comparison.csv,
// identical plans are ties, --set N: changes plan N only, and a bad --rank-by or N is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

using Row = std::map<std::string, std::string>;

// The rows of a CSV file (no quoted commas in these files' names), by header name.
std::vector<Row> read_csv(const fs::path& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::vector<std::string> head;
  std::vector<Row> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> cells;
    std::stringstream ss(l);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    if (!l.empty() && l.back() == ',') cells.emplace_back();
    return cells;
  };
  if (!std::getline(in, line)) return rows;
  head = split(line);
  while (std::getline(in, line)) {
    const auto cells = split(line);
    Row r;
    for (std::size_t i = 0; i < head.size() && i < cells.size(); ++i) r[head[i]] = cells[i];
    rows.push_back(r);
  }
  return rows;
}

std::vector<Row> rows_of(const std::vector<Row>& rows, const std::string& kpi) {
  std::vector<Row> out;
  for (const auto& r : rows)
    if (r.at("kpi") == kpi) out.push_back(r);
  return out;
}

const std::vector<std::string> kShort = {"-n", "20", "--set", "experiment.horizon_days=120"};

Result compare(const std::vector<std::string>& files, const fs::path& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"compare"};
  a.insert(a.end(), files.begin(), files.end());
  a.insert(a.end(), kShort.begin(), kShort.end());
  a.insert(a.end(), extra.begin(), extra.end());
  if (std::find(extra.begin(), extra.end(), "-j") == extra.end()) a.insert(a.end(), {"-j", "2"});
  a.push_back("--out");
  a.push_back(out.string());
  return run_salesim(a);
}

TEST(Ranking, RankingCsvRanksEveryPlanConsistentlyWithTheSummaryAndTheComparisons) {
  const fs::path dir = scratch_dir("ranking");
  const Result r = compare({scenario("pm_shortage.txtpb"), scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb")},
                           dir / "o", {"--rank-by", "revenue"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto ranking = read_csv(dir / "o" / "ranking.csv");
  const auto summary = read_csv(dir / "o" / "summary.csv");
  const auto comparison = read_csv(dir / "o" / "comparison.csv");
  const auto rev = rows_of(ranking, "revenue");
  ASSERT_EQ(rev.size(), 3u);
  double p_best = 0;
  int candidates = 0;
  for (std::size_t i = 0; i < rev.size(); ++i) {
    const Row& x = rev[i];
    EXPECT_EQ(x.at("n"), "20");
    EXPECT_EQ(x.at("rank"), std::to_string(i + 1));  // revenue is continuous: no ties here
    if (i > 0) EXPECT_GE(std::stod(rev[i - 1].at("mean")), std::stod(x.at("mean")));
    // The mean and its interval are the plan's summary, to the last digit.
    for (const auto& s : rows_of(summary, "revenue"))
      if (s.at("plan") == x.at("plan")) {
        EXPECT_EQ(s.at("mean"), x.at("mean"));
        EXPECT_EQ(s.at("ci_low"), x.at("ci_low"));
        EXPECT_EQ(s.at("ci_high"), x.at("ci_high"));
      }
    // P(beats base) is comparison.csv's P(better); the base against itself reads 0.5.
    if (x.at("plan") == "pm_shortage") {
      EXPECT_EQ(x.at("p_beats_base"), "0.5");
      EXPECT_EQ(x.at("delta_base"), "0");
    }
    for (const auto& c : rows_of(comparison, "revenue"))
      if (c.at("plan") == x.at("plan")) {
        EXPECT_EQ(c.at("p_better"), x.at("p_beats_base"));
        EXPECT_EQ(c.at("delta_mean"), x.at("delta_base"));
      }
    EXPECT_LE(std::stod(x.at("mcb_low")), 0.0);
    EXPECT_GE(std::stod(x.at("mcb_high")), 0.0);
    p_best += std::stod(x.at("p_best"));
    candidates += x.at("may_be_best") == "1";
  }
  EXPECT_NEAR(p_best, 1.0, 1e-9);
  EXPECT_GE(candidates, 1);
  // The PM shortage is far behind: not a candidate for best, and its MCB interval ends at 0.
  EXPECT_EQ(rev.back().at("plan"), "pm_shortage");
  EXPECT_EQ(rev.back().at("may_be_best"), "0");
  EXPECT_EQ(rev.back().at("mcb_high"), "0");
  // Every KPI is ranked, each with one row per plan.
  EXPECT_EQ(ranking.size(), summary.size());
  // stdout: the ranked table and one verdict line with readable money.
  EXPECT_NE(r.out.find("Ranked by revenue (CNY, higher is better; 20 paired runs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("M CNY revenue over the horizon ["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("vs \"pm_shortage\"; it beats it in "), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(Ranking, IdenticalPlansAreTiesWithEvenOddsAndAnEqualShareOfPBest) {
  const fs::path dir = scratch_dir("ranking_tie");
  const Result r = compare({scenario("golden_triangle.txtpb"), scenario("golden_triangle.txtpb")}, dir / "o",
                           {"--name", "a", "--name", "b", "--rank-by", "revenue"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto ranking = read_csv(dir / "o" / "ranking.csv");
  for (const std::string kpi : {"revenue", "win_rate", "cycle_time_days", "hours.pm.idle"}) {
    const auto rows = rows_of(ranking, kpi);
    ASSERT_EQ(rows.size(), 2u) << kpi;
    for (const auto& x : rows) {
      EXPECT_EQ(x.at("rank"), "1") << kpi;
      EXPECT_EQ(x.at("tied"), "1") << kpi;
      EXPECT_EQ(x.at("p_best"), "0.5") << kpi;
      EXPECT_EQ(x.at("p_beats_base"), "0.5") << kpi;
      EXPECT_EQ(x.at("p_tie_base"), "1") << kpi;
      EXPECT_EQ(x.at("may_be_best"), "1") << kpi;
    }
  }
  EXPECT_NE(r.out.find("All plans give the same revenue in every paired run: a tie."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1=    a"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(Ranking, SetWithAPlanNumberChangesThatPlanOnly) {
  const fs::path dir = scratch_dir("ranking_set");
  const Result r = compare({scenario("golden_triangle.txtpb"), scenario("golden_triangle.txtpb")}, dir / "o",
                           {"--name", "base", "--name", "pm5", "--set", "2:team.cohorts[pm].count=5", "-q"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto pm_count = [](const std::string& text) {
    const auto at = text.find("name: \"pm\"");
    const auto count = text.find("count: ", at);
    return at == std::string::npos || count == std::string::npos ? std::string()
                                                                  : text.substr(count + 7, text.find('\n', count) - count - 7);
  };
  const std::string base = read_file(dir / "o" / "scenario.base.txtpb"), pm5 = read_file(dir / "o" / "scenario.pm5.txtpb");
  EXPECT_EQ(pm_count(base), "3");
  EXPECT_EQ(pm_count(pm5), "5");
  // The setting that applies to all plans still does.
  EXPECT_NE(base.find("horizon_days: 120"), std::string::npos);
  EXPECT_NE(pm5.find("horizon_days: 120"), std::string::npos);
  const auto ranking = read_csv(dir / "o" / "ranking.csv");
  for (const auto& x : rows_of(ranking, "revenue")) EXPECT_EQ(x.at("tied"), "0");
  // Later settings win, in command-line order: a global one after a targeted one overrides it.
  const Result r2 = compare({scenario("golden_triangle.txtpb"), scenario("golden_triangle.txtpb")}, dir / "o2",
                            {"--name", "x", "--name", "y", "--set", "2:team.cohorts[pm].count=5", "--set",
                             "team.cohorts[pm].count=4", "-q"});
  ASSERT_EQ(r2.rc, 0) << r2.err;
  EXPECT_EQ(pm_count(read_file(dir / "o2" / "scenario.x.txtpb")), "4");
  EXPECT_EQ(pm_count(read_file(dir / "o2" / "scenario.y.txtpb")), "4");
  // A --hire plan is the base with people added, so it has the base's (plan 1's) settings.
  const Result r3 = compare({scenario("golden_triangle.txtpb")}, dir / "o3",
                            {"--hire", "am=1", "--set", "1:team.cohorts[pm].count=5", "-q"});
  ASSERT_EQ(r3.rc, 0) << r3.err;
  EXPECT_EQ(pm_count(read_file(dir / "o3" / "scenario.golden_triangle.txtpb")), "5");
  EXPECT_EQ(pm_count(read_file(dir / "o3" / "scenario.hire_1am_veteran.txtpb")), "5");
  fs::remove_all(dir);
}

TEST(Ranking, ThePlanEchoWithItsSetReproducesThePlan) {
  const fs::path dir = scratch_dir("ranking_echo");
  const Result r = compare({scenario("golden_triangle.txtpb"), scenario("golden_triangle.txtpb")}, dir / "o",
                           {"--name", "base", "--name", "pm5", "--set", "2:team.cohorts[pm].count=5", "-q", "--seed", "11"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const Result a = run_salesim({"compare", scenario("golden_triangle.txtpb"), (dir / "o" / "scenario.pm5.txtpb").string(),
                                "--name", "base", "--name", "pm5", "-n", "20", "-j", "2", "--set",
                                "experiment.horizon_days=120", "-q", "--seed", "11", "--out", (dir / "echo").string()});
  ASSERT_EQ(a.rc, 0) << a.err;
  EXPECT_EQ(read_file(dir / "o" / "ranking.csv"), read_file(dir / "echo" / "ranking.csv"));
  fs::remove_all(dir);
}

TEST(Ranking, ABadPlanNumberOrRankByKpiIsRefusedBeforeAnyWork) {
  const fs::path dir = scratch_dir("ranking_bad");
  const std::vector<std::string> two = {scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb")};
  for (const std::string set : {"3:team.cohorts[pm].count=5", "0:team.cohorts[pm].count=5",
                                "99999999999999999999999:team.cohorts[pm].count=5"}) {
    const Result r = compare(two, dir / "o", {"--set", set});
    EXPECT_EQ(r.rc, 2) << set << "\n" << r.err;
    EXPECT_NE(r.err.find("counts the files from 1"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "o" / "results.pb"));
  }
  const Result k = compare(two, dir / "o", {"--rank-by", "revenu"});
  EXPECT_EQ(k.rc, 2) << k.err;
  EXPECT_NE(k.err.find("no KPI named 'revenu'"), std::string::npos) << k.err;
  EXPECT_NE(k.err.find("revenue, "), std::string::npos) << k.err;  // the valid ones are listed
  EXPECT_FALSE(fs::exists(dir / "o" / "results.pb"));
  // N counts the scenario files: a --hire plan is the base plus people, with the base's settings.
  const Result hire = compare({scenario("golden_triangle.txtpb")}, dir / "o",
                              {"--hire", "pm=1", "--set", "2:team.cohorts[pm].count=5"});
  EXPECT_EQ(hire.rc, 2) << hire.err;
  EXPECT_FALSE(fs::exists(dir / "o" / "results.pb"));
  // `run` has one plan: 1: is it, 2: is refused.
  const Result run2 = run_salesim({"run", scenario("golden_triangle.txtpb"), "--set", "2:team.cohorts[pm].count=5", "-n", "2",
                                   "--out", (dir / "r").string()});
  EXPECT_EQ(run2.rc, 2) << run2.err;
  fs::remove_all(dir);
}

TEST(Ranking, WithoutRankByPlansAreRankedByContributionWhereThereIsSuchAKpiElseRevenue) {
  const fs::path dir = scratch_dir("ranking_default");
  const Result r = compare({scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb")}, dir / "o");
  ASSERT_EQ(r.rc, 0) << r.err;
  const bool has_contribution = !rows_of(read_csv(dir / "o" / "ranking.csv"), "contribution").empty();
  EXPECT_NE(r.out.find(has_contribution ? "Ranked by contribution (" : "Ranked by revenue ("), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(Ranking, WhenTheBaseRanksFirstTheVerdictSetsTheRunnerUpAgainstIt) {
  const fs::path dir = scratch_dir("ranking_base_first");
  const Result r = compare({scenario("golden_triangle.txtpb"), scenario("pm_shortage.txtpb")}, dir / "o",
                           {"--rank-by", "revenue"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("The base \"golden_triangle\" ranks first on revenue: the runner-up, \"pm_shortage\", loses "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"golden_triangle\" is the best of the 2 plans (95% MCB)."), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(Ranking, ValidateCountsFilesForAPlanNumberToo) {
  const std::string gt = scenario("golden_triangle.txtpb");
  const Result ok = run_salesim({"validate", gt, gt, "--set", "2:team.cohorts[pm].count=5", "--print"});
  ASSERT_EQ(ok.rc, 0) << ok.err;
  const auto first = ok.out.find("name: \"pm\""), second = ok.out.find("name: \"pm\"", first + 1);
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(ok.out.substr(ok.out.find("count: ", first), 8), "count: 3");
  EXPECT_EQ(ok.out.substr(ok.out.find("count: ", second), 8), "count: 5");
  EXPECT_EQ(run_salesim({"validate", gt, gt, "--set", "3:team.cohorts[pm].count=5"}).rc, 2);
}

TEST(Ranking, RankByALowerIsBetterRatioKpiPutsTheSmallestFirst) {
  const fs::path dir = scratch_dir("ranking_lower");
  const Result r = compare({scenario("pm_shortage.txtpb"), scenario("golden_triangle.txtpb")}, dir / "o",
                           {"--rank-by", "pm_queue_wait_days"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("Ranked by pm_queue_wait_days (days, ratio of sums, lower is better"), std::string::npos) << r.out;
  const auto rows = rows_of(read_csv(dir / "o" / "ranking.csv"), "pm_queue_wait_days");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_LE(std::stod(rows[0].at("mean")), std::stod(rows[1].at("mean")));
  EXPECT_EQ(rows[0].at("estimator"), "ratio_of_sums");
  fs::remove_all(dir);
}

TEST(Ranking, ShardsOfACompareMergeToTheSameRanking) {
  const fs::path dir = scratch_dir("ranking_shards");
  const std::vector<std::string> files = {scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb"),
                                          scenario("pm_shortage.txtpb")};
  ASSERT_EQ(compare(files, dir / "single", {"-q"}).rc, 0);
  std::vector<std::string> merge = {"merge"};
  for (int i = 0; i < 2; ++i) {
    const fs::path shard = dir / ("shard" + std::to_string(i));
    const Result r = compare(files, shard, {"-q", "--shard", std::to_string(i) + "/2"});
    ASSERT_EQ(r.rc, 0) << r.err;
    merge.push_back(shard.string());
  }
  merge.insert(merge.end(), {"--out", (dir / "merged").string()});
  const Result m = run_salesim(merge);
  ASSERT_EQ(m.rc, 0) << m.err;
  EXPECT_NE(m.out.find("Ranked by "), std::string::npos) << m.out;
  EXPECT_EQ(read_file(dir / "merged" / "ranking.csv"), read_file(dir / "single" / "ranking.csv"));
  EXPECT_EQ(read_file(dir / "merged" / "results.pb"), read_file(dir / "single" / "results.pb"));
  fs::remove_all(dir);
}

TEST(Ranking, RankingIsTheSameForAnyThreadCount) {
  const fs::path dir = scratch_dir("ranking_threads");
  const std::vector<std::string> files = {scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb"),
                                          scenario("pm_shortage.txtpb")};
  ASSERT_EQ(compare(files, dir / "a", {"-q", "-j", "1"}).rc, 0);
  ASSERT_EQ(compare(files, dir / "b", {"-q", "-j", "3"}).rc, 0);
  EXPECT_EQ(read_file(dir / "a" / "ranking.csv"), read_file(dir / "b" / "ranking.csv"));
  EXPECT_EQ(read_file(dir / "a" / "results.pb"), read_file(dir / "b" / "results.pb"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
