// Every command honours what it is given or refuses it: the resolved scenario written with a
// result reproduces that result byte for byte, for every shipped scenario and command; input a
// command would ignore, override or contradict is refused with a message saying why.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "salesim/v1/results.pb.h"
#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> files;
  for (const char* dir : {"scenarios", "scenarios/workshop"})
    for (const auto& e : fs::directory_iterator(fs::path(source_dir()) / dir))
      if (e.path().extension() == ".txtpb") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool has_sweep(const fs::path& file) { return read_file(file).find("sweep {") != std::string::npos; }
// A sensitivity analysis is salesim sensitivity's; run and compare refuse it unless told to run the base.
bool has_sensitivity(const fs::path& file) { return read_file(file).find("sensitivity {") != std::string::npos; }

v1::Results results_of(const fs::path& dir) {
  v1::Results r;
  EXPECT_TRUE(r.ParseFromString(read_file(dir / "results.pb"))) << dir;
  return r;
}

// The scenario files a result wrote, in plan order (scenario.txtpb, or one per compared plan).
std::vector<std::string> echoes(const fs::path& dir) {
  const v1::Results r = results_of(dir);
  if (r.plans_size() == 1) return {(dir / "scenario.txtpb").string()};
  std::vector<std::string> files(static_cast<std::size_t>(r.plans_size()));
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("scenario.", 0) != 0 || e.path().extension() != ".txtpb") continue;
    const std::string text = read_file(e.path());
    for (int p = 0; p < r.plans_size(); ++p)
      if (text.rfind("# The resolved scenario of plan '" + r.plans(p).name() + "'", 0) == 0)
        files[static_cast<std::size_t>(p)] = e.path().string();
  }
  return files;
}

// Runs `command` with `args`, then the same command on the scenario files it wrote, with no other
// option: both results.pb must be the same bytes.
void expect_echo_reproduces(const std::string& command, const std::vector<std::string>& args, const fs::path& dir,
                            const std::string& label) {
  std::vector<std::string> first = {command};
  first.insert(first.end(), args.begin(), args.end());
  for (const std::string& a : {std::string("-q"), std::string("-j"), std::string("2"), std::string("--out"), (dir / "a").string()})
    first.push_back(a);
  const Result a = run_salesim(first);
  ASSERT_EQ(a.rc, 0) << label << "\n" << a.err;
  std::vector<std::string> again = {command};
  for (const std::string& f : echoes(dir / "a")) {
    ASSERT_FALSE(f.empty()) << label << ": a plan's scenario file is missing";
    again.push_back(f);
  }
  for (const std::string& a2 : {std::string("-q"), std::string("-j"), std::string("1"), std::string("--out"), (dir / "b").string()})
    again.push_back(a2);
  const Result b = run_salesim(again);
  ASSERT_EQ(b.rc, 0) << label << " (rerun from the written scenario)\n" << b.err;
  EXPECT_TRUE(read_file(dir / "a" / "results.pb") == read_file(dir / "b" / "results.pb"))
      << label << ": rerunning the written scenario gave different results";
  fs::remove_all(dir / "a");
  fs::remove_all(dir / "b");
}

TEST(Honour, RerunningTheWrittenScenarioOfEveryShippedScenarioReproducesItsResults) {
  const fs::path dir = scratch_dir("honour_run");
  for (const fs::path& f : shipped_scenarios()) {
    const std::string command = has_sweep(f) ? "sweep" : "run";
    // With the settings from the command line and an override: the written file must carry them.
    std::vector<std::string> args = {f.string(), "-n", "2", "--seed", "11", "--set", "experiment.horizon_days=120"};
    if (has_sensitivity(f)) args.push_back("--ignore-sweep");
    expect_echo_reproduces(command, args, dir, command + " " + f.string());
  }
  fs::remove_all(dir);
}

TEST(Honour, RerunningTheWrittenPlansOfEveryShippedComparisonReproducesItsResults) {
  const fs::path dir = scratch_dir("honour_compare");
  const std::vector<std::pair<std::string, std::string>> bases = {
      {"scenarios", scenario("golden_triangle.txtpb")}, {"scenarios/workshop", scenario("workshop/01_baseline.txtpb")}};
  for (const fs::path& f : shipped_scenarios()) {
    if (has_sweep(f)) continue;
    const std::string base = f.parent_path().filename() == "workshop" ? bases[1].second : bases[0].second;
    if (fs::equivalent(f, base)) continue;
    // One horizon for both (a plan may state its own, e.g. hiring_decision's two years).
    std::vector<std::string> args = {base, f.string(), "-n", "2", "--seed", "5", "--target-ci", "0.5",
                                     "--max-replications", "4", "--set", "experiment.horizon_days=120"};
    if (has_sensitivity(f)) args.push_back("--ignore-sweep");
    expect_echo_reproduces("compare", args, dir, "compare " + base + " " + f.string());
  }
  // A --hire plan is written out as the cohort it adds: its file reproduces it without --hire.
  expect_echo_reproduces("compare", {bases[0].second, "--hire", "pm=1@30+am:am_new=2", "-n", "2", "--set",
                                     "experiment.horizon_days=120"},
                         dir, "compare --hire");
  fs::remove_all(dir);
}

fs::path write(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  return dir / name;
}

void expect_refused(const std::vector<std::string>& args, int rc, const std::string& fragment) {
  const Result r = run_salesim(args);
  EXPECT_EQ(r.rc, rc) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << "stderr: " << r.err;
}

TEST(Honour, SettingTheBaseOnTheCommandLineIsRefused) {
  const fs::path dir = scratch_dir("honour_base");
  expect_refused({"run", scenario("golden_triangle.txtpb"), "-n", "1", "--set", "base=offside.txtpb", "--out", (dir / "o").string()}, 1,
                 "--set: base: is acted on while the file is read");
  expect_refused({"validate", scenario("golden_triangle.txtpb"), "--set", "base=offside.txtpb"}, 1, "base:");
  fs::remove_all(dir);
}

// --max-replications only caps a precision target: alone it would be ignored, so it is refused
// (usage error, nothing written); with --target-ci, or a scenario that has a target, it is honoured.
TEST(Honour, MaxReplicationsWithoutAPrecisionTargetIsRefused) {
  const fs::path dir = scratch_dir("honour_max_reps");
  for (const char* command : {"run", "sweep", "compare"}) {
    std::vector<std::string> args = {command, scenario(std::string(command) == "sweep" ? "sweep_pm_count.txtpb" : "golden_triangle.txtpb")};
    if (std::string(command) == "compare") args.push_back(scenario("offside.txtpb"));
    args.insert(args.end(), {"-n", "2", "--max-replications", "5", "--out", (dir / command).string()});
    expect_refused(args, 2, "--max-replications caps --target-ci");
    EXPECT_FALSE(fs::exists(dir / command)) << command;
  }
  const Result with_cli = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "2", "--target-ci", "0.5",
                                       "--max-replications", "4", "-q", "--out", (dir / "cli").string()});
  EXPECT_EQ(with_cli.rc, 0) << with_cli.err;
  const Result with_file = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "2", "--set",
                                        "experiment.target_ci_share=0.5", "--max-replications", "4", "-q", "--out",
                                        (dir / "file").string()});
  EXPECT_EQ(with_file.rc, 0) << with_file.err;
  fs::remove_all(dir);
}

TEST(Honour, ASweepOverARunSettingIsRefusedByValidate) {
  const fs::path dir = scratch_dir("honour_axis");
  for (const char* path : {"experiment.seed", "experiment.replications", "experiment.max_replications"}) {
    const fs::path f = write(dir, "s.txtpb", "base: \"" + fs::absolute(scenario("golden_triangle.txtpb")).string() +
                                                 "\"\nexperiment { sweep { grid { axes { path: \"" + path +
                                                 "\" values: [1, 2] } } } }\n");
    expect_refused({"validate", f.string()}, 1, "s.txtpb:2:");
    expect_refused({"validate", f.string()}, 1, std::string("'") + path + "' is one value for the whole run");
  }
  fs::remove_all(dir);
}

TEST(Honour, RunAndCompareRefuseAScenarioWithASweepUnlessToldToIgnoreIt) {
  const fs::path dir = scratch_dir("honour_sweep");
  const std::string sweep = scenario("sweep_pm_count.txtpb");
  expect_refused({"run", sweep, "-n", "1", "--out", (dir / "r").string()}, 2, "salesim sweep");
  expect_refused({"compare", scenario("golden_triangle.txtpb"), sweep, "-n", "1", "--out", (dir / "c").string()}, 2,
                 "--ignore-sweep");
  const Result r = run_salesim({"run", sweep, "-n", "1", "-q", "--ignore-sweep", "--out", (dir / "r").string()});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(read_file(dir / "r" / "scenario.txtpb").find("sweep {"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Honour, SettingASweptFieldIsRefused) {
  expect_refused({"sweep", scenario("sweep_pm_count.txtpb"), "-n", "1", "--set", "team.cohorts[pm].count=9"}, 1,
                 "experiment.sweep varies");
}

TEST(Honour, CompareRefusesPlansWithDifferentRunSettings) {
  const fs::path dir = scratch_dir("honour_settings");
  const std::string gt = fs::absolute(scenario("golden_triangle.txtpb")).string();
  const fs::path shorter = write(dir, "shorter.txtpb", "base: \"" + gt + "\"\nexperiment { horizon_days: 180 }\n");
  expect_refused({"compare", gt, shorter.string(), "-n", "1", "--out", (dir / "c").string()}, 1,
                 "plans must share experiment.horizon_days");
  const fs::path reseeded = write(dir, "reseeded.txtpb", "base: \"" + gt + "\"\nexperiment { seed: 99 }\n");
  expect_refused({"compare", gt, reseeded.string(), "-n", "1", "--out", (dir / "c").string()}, 1,
                 "plans must share experiment.seed");
  // --seed sets it for both: nothing is contradicted.
  const Result ok = run_salesim({"compare", gt, reseeded.string(), "-n", "1", "-q", "--seed", "3", "--out", (dir / "c").string()});
  EXPECT_EQ(ok.rc, 0) << ok.err;
  fs::remove_all(dir);
}

TEST(Honour, TraceOfADesignPointReplaysThatPointOfTheSweep) {
  const fs::path dir = scratch_dir("honour_trace");
  const std::string sweep = scenario("sweep_pm_count.txtpb");
  // Common random numbers across points (the default) and independent ones: trace follows either.
  for (const std::string mode : {"", "--independent-points"}) {
  std::vector<std::string> args = {"sweep", sweep, "-n", "1", "-q", "--seed", "5", "--out", (dir / "s").string(), "--force"};
  if (!mode.empty()) args.push_back(mode);
  const Result s = run_salesim(args);
  ASSERT_EQ(s.rc, 0) << s.err;
  // revenue of each design point's replication 0, from replications.csv
  std::istringstream csv(read_file(dir / "s" / "replications.csv"));
  std::string line;
  std::getline(csv, line);
  const int column = static_cast<int>(std::count(line.begin(), line.begin() + static_cast<long>(line.find(",revenue,")), ',')) + 1;
  std::vector<std::string> revenue;
  while (std::getline(csv, line)) {
    std::istringstream cells(line);
    std::string cell;
    for (int c = 0; c <= column; ++c) std::getline(cells, cell, ',');
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", std::stod(cell));
    revenue.push_back(buf);
  }
  ASSERT_GE(revenue.size(), 2u);
  for (std::size_t k = 0; k < revenue.size(); ++k) {
    std::vector<std::string> targs = {"trace", sweep, "--seed", "5", "--design-point", std::to_string(k), "--limit", "1"};
    if (!mode.empty()) targs.push_back(mode);
    const Result t = run_salesim(targs);
    ASSERT_EQ(t.rc, 0) << t.err;
    const auto at = t.out.find("\n  revenue ");
    ASSERT_NE(at, std::string::npos) << t.out;
    std::string shown = t.out.substr(at + 10, t.out.find(" CNY", at) - at - 10);
    shown.erase(std::remove_if(shown.begin(), shown.end(), [](char c) { return c == ',' || c == ' '; }), shown.end());
    EXPECT_EQ(shown, revenue[k]) << "design point " << k << " " << mode;
  }
  }
  expect_refused({"trace", sweep, "--design-point", "7"}, 2, "--design-point");
  expect_refused({"trace", scenario("golden_triangle.txtpb"), "--design-point", "1"}, 2, "no sweep");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
