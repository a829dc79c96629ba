// run_plans, the API the viewer and the CLI share: kinds, progress, cancellation, sweeps.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/writers.h"

namespace salesim::experiment {
namespace {

std::string scenario_path(const std::string& name) {
  const char* s = std::getenv("SALESIM_SOURCE_DIR");
  return std::string(s ? s : ".") + "/scenarios/" + name;
}

v1::Scenario load(const std::string& name) {
  return load_scenario_file(scenario_path(name), {"experiment.horizon_days=90"});
}

TEST(Plans, OnePlanIsARunAndTwoPlansAreAPairedCompare) {
  RunOptions opt;
  opt.replications = 8;
  opt.threads = 2;
  const v1::Results run = run_plans({load("golden_triangle.txtpb")}, {}, opt);
  EXPECT_EQ(run.kind(), v1::Results::RUN);
  ASSERT_EQ(run.plans_size(), 1);
  EXPECT_EQ(run.plans(0).name(), "golden_triangle");
  EXPECT_EQ(run.plans(0).points(0).replications_size(), 8);
  EXPECT_EQ(run.seed(), 7u);  // the scenario's experiment.seed
  const v1::Results cmp = run_plans({load("golden_triangle.txtpb"), load("pm_shortage.txtpb")}, {"base", ""}, opt);
  EXPECT_EQ(cmp.kind(), v1::Results::COMPARE);
  EXPECT_EQ(cmp.plans(0).name(), "base");
  EXPECT_EQ(cmp.plans(1).name(), "pm_shortage");
  ASSERT_EQ(cmp.comparisons_size(), 1);
  EXPECT_EQ(cmp.comparisons(0).deltas_size(), cmp.kpis_size());
  // Under common random numbers the base plan's rows are those of the plain run.
  EXPECT_EQ(cmp.plans(0).points(0).replications(3).SerializeAsString(),
            run.plans(0).points(0).replications(3).SerializeAsString());
}

TEST(Plans, ProgressCountsUpToTheTotalAndThreadsDoNotChangeTheBytes) {
  RunOptions opt;
  opt.replications = 12;
  opt.seed = 99;
  opt.threads = 1;
  std::atomic<std::uint64_t> last_done{0}, last_total{0};
  opt.on_progress = [&](const Progress& p) {
    last_done = p.done;
    last_total = p.total;
  };
  const std::string one = serialize_results(run_plans({load("golden_triangle.txtpb")}, {}, opt));
  EXPECT_EQ(last_done.load(), 12u);
  EXPECT_EQ(last_total.load(), 12u);
  opt.threads = 3;
  EXPECT_EQ(serialize_results(run_plans({load("golden_triangle.txtpb")}, {}, opt)), one);
}

TEST(Plans, SettingCancelStopsTheRunWithCancelled) {
  std::atomic<bool> cancel{false};
  RunOptions opt;
  opt.replications = 10000;
  opt.threads = 2;
  opt.cancel = &cancel;
  opt.on_progress = [&](const Progress& p) {
    if (p.done >= 5) cancel = true;
  };
  EXPECT_THROW(run_plans({load("golden_triangle.txtpb")}, {}, opt), Cancelled);
}

TEST(Plans, AScenarioWithASweepRunsEveryDesignPoint) {
  RunOptions opt;
  opt.replications = 3;
  opt.threads = 2;
  const v1::Results r = run_plans({load("sweep_pm_count.txtpb")}, {}, opt);
  EXPECT_EQ(r.kind(), v1::Results::SWEEP);
  EXPECT_EQ(r.design(), "GRID");
  ASSERT_EQ(r.parameter_paths_size(), 1);
  EXPECT_EQ(r.parameter_paths(0), "team.cohorts[pm].count");
  ASSERT_GT(r.plans(0).points_size(), 1);
  for (const auto& dp : r.plans(0).points()) {
    EXPECT_EQ(dp.replications_size(), 3);
    EXPECT_EQ(dp.parameters_size(), 1);
  }
  EXPECT_NE(r.plans(0).points(0).parameters(0), r.plans(0).points(1).parameters(0));
}

TEST(Plans, AnInvalidSweepPointIsReportedWithItsPathAndValue) {
  v1::Scenario s = load("golden_triangle.txtpb");
  auto* axis = s.mutable_experiment()->mutable_sweep()->mutable_grid()->add_axes();
  axis->set_path("team.cohorts[pm].hours_per_week");
  axis->add_values(40);
  axis->add_values(500);  // over 168 hours a week
  RunOptions opt;
  opt.replications = 2;
  try {
    run_plans({s}, {}, opt);
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    const std::string what = e.what();
    // The validator names the axis value; the runner would name the design point.
    EXPECT_NE(what.find("team.cohorts[pm].hours_per_week"), std::string::npos) << what;
    EXPECT_NE(what.find("500"), std::string::npos) << what;
  }
}

TEST(Plans, ComparingPlansWithTheSameNameKeepsTheLabelsDistinct) {
  RunOptions opt;
  opt.replications = 2;
  const v1::Results r = run_plans({load("golden_triangle.txtpb"), load("golden_triangle.txtpb")}, {}, opt);
  EXPECT_NE(r.plans(0).name(), r.plans(1).name());
}

}  // namespace
}  // namespace salesim::experiment
