// Designs in and out (design_file.h), short column names for swept paths (design.h), and common
// random numbers across the design points of a sweep (runner.h).
#include "sim/experiment/design_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"

namespace salesim::experiment {
namespace {

std::string scenario_path(const std::string& name) {
  const char* s = std::getenv("SALESIM_SOURCE_DIR");
  return std::string(s ? s : ".") + "/scenarios/" + name;
}

std::string error_of(const std::string& text) {
  try {
    read_design_csv(text, "points.csv");
  } catch (const DesignFileError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DesignFile, ReadsAHeaderOfPathsAndOneRowOfNumbersPerPoint) {
  const FileDesign f = read_design_csv("team.cohorts[pm].count,\"formation.offside.am_share\"\r\n4,0.25\r\n5,1e-1\n+6, 0.5 \n", "p.csv");
  EXPECT_EQ(f.design.kind, "FILE");
  EXPECT_EQ(f.design.paths, (std::vector<std::string>{"team.cohorts[pm].count", "formation.offside.am_share"}));
  ASSERT_EQ(f.design.points.size(), 3u);
  EXPECT_EQ(f.design.points[1], (std::vector<double>{5, 0.1}));
  EXPECT_EQ(f.design.points[2], (std::vector<double>{6, 0.5}));
  EXPECT_EQ(f.row_lines, (std::vector<std::size_t>{2, 3, 4}));
}

TEST(DesignFile, WritesWhatItReadsBackToTheSameValues) {
  Design d;
  d.paths = {"a.b", "odd,\"name\""};
  d.points = {{1, 0.1 + 0.2}, {2.5, 1e-300}};
  const FileDesign back = read_design_csv(design_csv(d), "x.csv");
  EXPECT_EQ(back.design.paths, d.paths);
  EXPECT_EQ(back.design.points, d.points);  // exact: numbers round-trip
}

TEST(DesignFile, BadFilesNameTheFileLineColumnAndPath) {
  EXPECT_EQ(error_of(""), "points.csv:1: the file is empty; a design file has a header of field paths, then one row per design point");
  EXPECT_EQ(error_of("a,b\n"), "points.csv:2: no design points: the header is followed by no rows");
  EXPECT_EQ(error_of("a,b\n1,2\n3,six\n"), "points.csv:3:3: b: 'six' is not a number");
  EXPECT_EQ(error_of("a,b\n1,nan\n"), "points.csv:2:3: b: 'nan' is not a number");
  EXPECT_EQ(error_of("a,b\n1,\n"), "points.csv:2:3: b: an empty cell; every point needs a number for every column");
  EXPECT_EQ(error_of("a,b\n1,2,3\n"), "points.csv:2:5: this row has 3 fields, the header 2");
  EXPECT_EQ(error_of("a,b\n1\n"), "points.csv:2:2: this row has 1 field, the header 2");
  EXPECT_EQ(error_of("a,a\n1,2\n"), "points.csv:1:3: a: this column appears twice");
  EXPECT_EQ(error_of("a,,b\n1,2,3\n"), "points.csv:1:3: an empty column name; each column names a field path, e.g. team.cohorts[pm].count");
  EXPECT_EQ(error_of("a\n1\n\n2\n"), "points.csv:3: an empty line between rows; every row is a design point");
  EXPECT_EQ(error_of("\"a\n1\n"), "points.csv:1:1: a quoted field is not closed");
  EXPECT_EQ(error_of("a\n1\"2\n"), "points.csv:2:2: a quote inside an unquoted field (quote the whole field)");
}

TEST(DesignFile, ColumnsAreCheckedAsSweepAxesAre) {
  const v1::Scenario s = load_scenario_file(scenario_path("golden_triangle.txtpb"), {});
  auto check = [&](const std::string& text) -> std::string {
    try {
      check_design_paths(s, read_design_csv(text, "p.csv"));
    } catch (const DesignFileError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(check("team.cohorts[pm].count,formation.offside.am_share\n4,0.2\n5,0.3\n"), "");
  EXPECT_EQ(check("team.cohorts[pm].count\n4\n2.5\n"), "p.csv:3:1: team.cohorts[pm].count: '2.5' is not a whole number in [0, 4294967295]");
  EXPECT_EQ(check("team.cohorts[pm].count,experiment.seed\n4,1\n"),
            "p.csv:1:24: experiment.seed: 'experiment.seed' is one value for the whole run, so a sweep cannot vary it; run once "
            "per value instead");
  EXPECT_NE(check("bogus.field\n1\n").find("p.csv:1:1: bogus.field: "), std::string::npos);
}

TEST(ShortParameterNames, AreShortAndNeverTheSameTwice) {
  EXPECT_EQ(short_parameter_names({"team.cohorts[pm].count", "team.cohorts[presales].count"}),
            (std::vector<std::string>{"pm.count", "presales.count"}));
  EXPECT_EQ(short_parameter_names({"formation.offside.am_share", "experiment.horizon_days"}),
            (std::vector<std::string>{"am_share", "horizon_days"}));
  EXPECT_EQ(short_parameter_names({"formation.offside.am_share", "formation.covering.am_share"}),
            (std::vector<std::string>{"offside.am_share", "covering.am_share"}));
  EXPECT_EQ(short_parameter_names({"a.x", "a.x"}), (std::vector<std::string>{"a.x", "a.x#2"}));
}

// Revenue per (design point, replication) of a two-point PM sweep (4 and 5 PMs).
std::vector<std::vector<double>> pm_sweep_revenue(bool independent_points, std::uint32_t n) {
  v1::Scenario s = load_scenario_file(scenario_path("sweep_pm_count.txtpb"), {"experiment.horizon_days=182"});
  auto& axis = *s.mutable_experiment()->mutable_sweep()->mutable_grid()->mutable_axes(0);
  axis.clear_values();
  axis.add_values(4), axis.add_values(5);
  RunOptions opt;
  opt.replications = n;
  opt.seed = 11;
  opt.threads = 2;
  opt.independent_points = independent_points;
  const v1::Results r = run_plans({s}, {}, opt);
  EXPECT_EQ(r.common_random_points(), !independent_points);
  int revenue = -1;
  for (int k = 0; k < r.kpis_size(); ++k)
    if (r.kpis(k).name() == "revenue") revenue = k;
  std::vector<std::vector<double>> out;
  for (const auto& dp : r.plans(0).points()) {
    out.emplace_back();
    for (const auto& rep : dp.replications()) out.back().push_back(rep.kpis(revenue));
  }
  return out;
}

double variance_of_differences(const std::vector<std::vector<double>>& rev) {
  std::vector<double> d;
  for (std::size_t i = 0; i < rev[0].size(); ++i) d.push_back(rev[1][i] - rev[0][i]);
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / static_cast<double>(d.size());
  double ss = 0;
  for (double x : d) ss += (x - mean) * (x - mean);
  return ss / static_cast<double>(d.size() - 1);
}

// Under common random numbers across points, replication r of 4 PMs and of 5 PMs see the same
// market, so the difference between the points varies far less across replications than with
// independent draws. F-test of the two variances (both from n = 80 replications): the one-sided
// 0.1% critical value of F(79, 79) is about 2.0; docs/benchmarks.md measures a ratio near 30.
TEST(CommonRandomNumbersAcrossPoints, ShrinkTheVarianceOfAdjacentPointDifferences) {
  const std::uint32_t n = 80;
  const double common = variance_of_differences(pm_sweep_revenue(false, n));
  const double independent = variance_of_differences(pm_sweep_revenue(true, n));
  const double f = independent / common;
  EXPECT_GT(f, 2.0) << "variance ratio independent / common = " << f;
}

TEST(CommonRandomNumbersAcrossPoints, GivePointZeroTheSameDrawsAsAPlainRun) {
  // Point 0 of a sweep is keyed as a plain run is, with or without common random numbers.
  const auto common = pm_sweep_revenue(false, 3), independent = pm_sweep_revenue(true, 3);
  EXPECT_EQ(common[0], independent[0]);
  EXPECT_NE(common[1], independent[1]);
}

}  // namespace
}  // namespace salesim::experiment
