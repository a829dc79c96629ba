// `salesim sweep --design FILE.csv` and `--export-design FILE.csv`: designs in and out, and the
// choice of common or independent random numbers across a sweep's design points.
#include <gtest/gtest.h>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

// The replications.csv column `name`, row by row.
std::vector<std::string> column(const fs::path& csv, const std::string& name) {
  std::istringstream in(read_file(csv));
  std::string line, cell;
  std::getline(in, line);
  std::istringstream head(line);
  int at = -1;
  for (int c = 0; std::getline(head, cell, ','); ++c)
    if (cell == name) at = c;
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    for (int c = 0; c <= at; ++c) std::getline(cells, cell, ',');
    out.push_back(cell);
  }
  return out;
}

TEST(Design, AnExportedDesignRunsToTheSameResultsAsTheScenariosOwn) {
  const fs::path dir = scratch_dir("design_roundtrip");
  const std::string sweep = fixture("sweep_small.txtpb");
  const std::vector<std::string> common = {"-n", "4", "--set", "experiment.horizon_days=60", "-q", "-j", "2"};
  auto with = [&](std::vector<std::string> a) {
    a.insert(a.end(), common.begin(), common.end());
    return a;
  };
  ASSERT_EQ(run_salesim({"sweep", sweep, "--export-design", (dir / "points.csv").string(), "-q"}).rc, 0);
  EXPECT_EQ(read_file(dir / "points.csv"), "team.cohorts[pm].count\n3\n5\n7\n");
  EXPECT_FALSE(fs::exists(dir / "own"));  // exporting runs nothing
  ASSERT_EQ(run_salesim(with({"sweep", sweep, "--out", (dir / "own").string()})).rc, 0);
  const Result f = run_salesim(with({"sweep", sweep, "--design", (dir / "points.csv").string(), "--out", (dir / "file").string()}));
  ASSERT_EQ(f.rc, 0) << f.err;
  for (const char* name : {"summary.csv", "replications.csv", "timeseries.csv"})
    EXPECT_EQ(read_file(dir / "own" / name), read_file(dir / "file" / name)) << name;
  // The design is written beside the results, and the written scenario with it reproduces them.
  EXPECT_EQ(read_file(dir / "file" / "design.csv"), read_file(dir / "points.csv"));
  EXPECT_FALSE(fs::exists(dir / "own" / "design.csv"));
  const Result again = run_salesim({"sweep", (dir / "file" / "scenario.txtpb").string(), "--design",
                                    (dir / "file" / "design.csv").string(), "-q", "--out", (dir / "again").string()});
  ASSERT_EQ(again.rc, 0) << again.err;
  EXPECT_EQ(read_file(dir / "file" / "results.pb"), read_file(dir / "again" / "results.pb"));
  // trace --design replays a point of a design file: replication 0 of point 2 (7 PMs).
  const Result t = run_salesim({"trace", (dir / "file" / "scenario.txtpb").string(), "--design", (dir / "file" / "design.csv").string(),
                                "--design-point", "2", "--limit", "1"});
  ASSERT_EQ(t.rc, 0) << t.err;
  const Result t_own = run_salesim({"trace", sweep, "--set", "experiment.horizon_days=60", "--design-point", "2", "--limit", "1"});
  ASSERT_EQ(t_own.rc, 0) << t_own.err;
  EXPECT_EQ(t.out, t_own.out);
  EXPECT_NE(run_salesim({"trace", sweep, "--design", (dir / "file" / "design.csv").string(), "--design-point", "3"}).rc, 0);
  // A Latin hypercube exports its sampled points; they export again unchanged through --design.
  ASSERT_EQ(run_salesim({"sweep", scenario("lhs_formation.txtpb"), "--export-design", (dir / "lhs.csv").string(), "-q"}).rc, 0);
  ASSERT_EQ(run_salesim({"sweep", scenario("lhs_formation.txtpb"), "--design", (dir / "lhs.csv").string(), "--export-design",
                         (dir / "lhs2.csv").string(), "-q"})
                .rc,
            0);
  EXPECT_EQ(read_file(dir / "lhs.csv"), read_file(dir / "lhs2.csv"));
  fs::remove_all(dir);
}

TEST(Design, ABadDesignFileIsRefusedWithItsPlaceAndNothingIsWritten) {
  const fs::path dir = scratch_dir("design_bad");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"team.cohorts[pm].count,team.cohorts[nope].count\n3,4\n", "points.csv:1:24: team.cohorts[nope].count: "},
      {"team.cohorts[pm].count\n3\nsix\n", "points.csv:3:1: team.cohorts[pm].count: 'six' is not a number"},
      {"team.cohorts[pm].count,experiment.seed\n3,4\n", "points.csv:1:24: experiment.seed: "},
      {"", "points.csv:1: the file is empty"},
      {"team.cohorts[pm].count,formation.offside.am_share\n3,0.1\n4\n", "points.csv:3:2: this row has 1 field"},
      {"a,a\n1,2\n", "points.csv:1:3: a: this column appears twice"},
      // A text field would store the number as text and change nothing: refused, as in a sweep.
      {"team.cohorts[pm].count,name\n3,2\n", "points.csv:1:24: name: 'name' is a text field, not a number"},
      {"description\n2\n", "points.csv:1:1: description: 'description' is a text field, not a number"},
  };
  for (const auto& [text, message] : cases) {
    {
      std::ofstream(dir / "points.csv", std::ios::binary) << text;
    }
    const Result r = run_salesim({"sweep", fixture("sweep_small.txtpb"), "--design", (dir / "points.csv").string(), "--out",
                                  (dir / "out").string()});
    EXPECT_NE(r.rc, 0) << text;
    EXPECT_NE(r.err.find((dir / message).string()), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out")) << text;
  }
  fs::remove_all(dir);
}

TEST(Design, PointsShareTheirRandomNumbersUnlessIndependentPointsIsGiven) {
  const fs::path dir = scratch_dir("design_crn");
  const std::vector<std::string> args = {"sweep", fixture("sweep_small.txtpb"), "-n", "3", "--set", "experiment.horizon_days=60", "-q"};
  auto run = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> a = args;
    a.push_back("--out");
    a.push_back((dir / out).string());
    a.insert(a.end(), extra.begin(), extra.end());
    return run_salesim(a);
  };
  ASSERT_EQ(run("crn", {}).rc, 0);
  ASSERT_EQ(run("ind", {"--independent-points"}).rc, 0);
  // seed_key names the random numbers a row ran with: one per replication under common numbers.
  const auto crn = column(dir / "crn" / "replications.csv", "seed_key");
  const auto ind = column(dir / "ind" / "replications.csv", "seed_key");
  ASSERT_EQ(crn.size(), 9u);
  EXPECT_EQ(crn[0], crn[3]);
  EXPECT_EQ(crn[0], crn[6]);
  EXPECT_NE(ind[0], ind[3]);
  EXPECT_EQ(crn[0], ind[0]);  // point 0 is keyed as a plain run is, either way
  EXPECT_NE(read_file(dir / "ind" / "scenario.txtpb").find("independent_points: true"), std::string::npos);
  EXPECT_EQ(read_file(dir / "crn" / "scenario.txtpb").find("independent_points"), std::string::npos);
  // The echo reproduces the run, whichever the choice.
  ASSERT_EQ(run_salesim({"sweep", (dir / "ind" / "scenario.txtpb").string(), "-q", "--out", (dir / "ind2").string()}).rc, 0);
  EXPECT_EQ(read_file(dir / "ind" / "results.pb"), read_file(dir / "ind2" / "results.pb"));
  fs::remove_all(dir);
}

TEST(Design, AResumeWithTheOtherRandomNumberChoiceIsRefused) {
  const fs::path dir = scratch_dir("design_resume");
  const std::vector<std::string> args = {"sweep", fixture("sweep_small.txtpb"), "-n", "4", "--set", "experiment.horizon_days=60",
                                         "-q", "--shard", "0/2", "--out", (dir / "s").string()};
  ASSERT_EQ(run_salesim(args).rc, 0);
  std::vector<std::string> other = args;
  other.push_back("--independent-points");
  other.push_back("--resume");
  const Result r = run_salesim(other);
  EXPECT_NE(r.rc, 0);
  EXPECT_NE(r.err.find("different run"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(Design, TheSweepTableNamesEachColumnByItsShortPath) {
  const fs::path dir = scratch_dir("design_table");
  {
    std::ofstream(dir / "points.csv") << "team.cohorts[pm].count,team.cohorts[presales].count\n3,4\n4,5\n";
  }
  const Result r = run_salesim({"sweep", fixture("sweep_small.txtpb"), "--design", (dir / "points.csv").string(), "-n", "2",
                                "--set", "experiment.horizon_days=30", "--out", (dir / "o").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("pm.count"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("presales.count"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("count      count"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
