// Paired comparisons under common random numbers: the variance of the paired difference of a
// shipped pair is at most half of what independent random numbers give.
#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

// Row of comparison.csv for `kpi`, split on commas (KPI and plan names hold no commas; the last
// cells are the note, possibly empty, and the estimator).
std::vector<std::string> comparison_row(const fs::path& dir, const std::string& kpi) {
  std::istringstream in(read_file(dir / "comparison.csv"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "kpi,plan,base_mean,plan_mean,delta_mean,delta_ci_low,delta_ci_high,p_better,n,p_tie,note,estimator,"
                  "payback_days");
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    if (!cells.empty() && cells[0] == kpi) return cells;
  }
  return {};
}

// The shipped pair: a PM shortage, and the same shortage with the manager covering as PM (the
// director's "what does covering buy me?"). Falls back to a fixture while scenarios are missing.
std::pair<std::string, std::string> shipped_pair() {
  if (fs::exists(scenario("pm_shortage.txtpb")) && fs::exists(scenario("covering.txtpb")))
    return {scenario("pm_shortage.txtpb"), scenario("covering.txtpb")};
  return {scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb")};
}

TEST(Compare, CommonRandomNumbersHalveThePairedVarianceAtLeast) {
  const fs::path dir = scratch_dir("compare");
  const auto [base, variant] = shipped_pair();
  auto run = [&](const std::string& name, bool independent) {
    std::vector<std::string> a = {"compare", base, variant, "-n", "200", "--seed", "5",
                                  "-q", "--out", (dir / name).string()};
    if (independent) a.push_back("--independent");
    const Result r = run_salesim(a);
    EXPECT_EQ(r.rc, 0) << r.err;
  };
  run("crn", false);
  run("independent", true);
  const auto crn = comparison_row(dir / "crn", "revenue");
  const auto ind = comparison_row(dir / "independent", "revenue");
  ASSERT_GE(crn.size(), 9u);
  ASSERT_GE(ind.size(), 9u);
  EXPECT_EQ(crn[8], "200");
  // Same n, same t quantile: the variance ratio is the squared ratio of the CI widths.
  const double w_crn = std::stod(crn[6]) - std::stod(crn[5]);
  const double w_ind = std::stod(ind[6]) - std::stod(ind[5]);
  const double ratio = (w_crn / w_ind) * (w_crn / w_ind);
  std::cout << "paired revenue variance, CRN / independent (" << fs::path(variant).filename().string() << " vs "
            << fs::path(base).filename().string() << ", n=200): " << ratio << "\n";
  RecordProperty("variance_ratio", std::to_string(ratio));
  EXPECT_LE(ratio, 0.5);
  // The base plan's numbers are the same in both runs: only the variant's streams changed.
  EXPECT_EQ(crn[2], ind[2]);
  fs::remove_all(dir);
}

TEST(Compare, ComparingAPlanWithItselfGivesAZeroDifference) {
  const fs::path dir = scratch_dir("compare_self");
  const Result r = run_salesim({"compare", scenario("golden_triangle.txtpb"), scenario("golden_triangle.txtpb"), "--name",
                                "a", "--name", "b", "-n", "20", "--set", "experiment.horizon_days=90", "-q", "--out",
                                (dir / "o").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto row = comparison_row(dir / "o", "revenue");
  ASSERT_GE(row.size(), 10u);
  EXPECT_EQ(row[1], "b");
  EXPECT_EQ(row[4], "0");
  EXPECT_EQ(row[7], "0.5");  // P(better): every pair a tie, and a tie counts half
  EXPECT_EQ(row[9], "1");    // p_tie
  EXPECT_TRUE(fs::exists(dir / "o" / "scenario.a.txtpb"));
  EXPECT_TRUE(fs::exists(dir / "o" / "scenario.b.txtpb"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
