// Round trip through the model: exports simulated from scenarios/golden_triangle.txtpb (one per
// replication key, each written as CSV in the salesim layout and read back with the shipped
// preset) are fitted, and the parameters the export shows directly must be recovered: the 95%
// interval holds the scenario's value in at least 90 of 100 independent replications (failing that
// has probability P(Bin(100, 0.95) < 90) = 0.028 for an interval of nominal coverage).
//   list sizes   lognormal mean and cv per segment and deal type (the model draws every list size
//                from the segment's distribution, whoever finds the project)
//   big share    big projects among a GO_BIG segment's hunted deals (drawn per project)
//   slips        the mean first move of the close date (the model's first slip is Exp(slip_mean_days))
//   cuts         the mean share of the amount a cut keeps (shrink_scope_factor x U(0.8, 1.2))
// Quantities the export shows only through the team (win shares, cycle times, opportunities per
// AM) are targets: tests/calibration/msm_test.cpp and `salesim fit` match them by simulation.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "sim/calibration/crm_reader.h"
#include "sim/calibration/export_csv.h"
#include "sim/calibration/fit.h"
#include "sim/calibration/simulated_export.h"
#include "sim/experiment/output_set.h"
#include "sim/scenario/loader.h"

namespace salesim::calibration {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  return root ? root : ".";
}

double lognormal_mean(const v1::Distribution& d) { return d.lognormal().mean(); }
double lognormal_cv(const v1::Distribution& d) { return d.lognormal().cv(); }

TEST(SimulatedRoundTrip, DirectlyObservedParametersOfTheModelAreRecovered) {
  const v1::Scenario s = scenario::load_scenario((source_dir() / "scenarios/golden_triangle.txtpb").string());
  v1::CrmMapping mapping = load_mapping((source_dir() / "scenarios/crm/salesim_mapping.txtpb").string());
  // The simulated period: [day 0, horizon) from the default epoch 2026-01-01. An export holds the
  // warm-up's deals still open at day 0 with their earlier created dates, so the period is stated,
  // not inferred from the earliest date.
  mapping.set_epoch("2026-01-01");
  mapping.set_period_start("2026-01-01");
  mapping.set_period_end("2027-01-01");
  const auto& large = s.market().segments(0);
  const auto& small = s.market().segments(1);
  ASSERT_EQ(large.name(), "large");
  ASSERT_EQ(small.name(), "small");
  struct Check {
    std::string quantity, group;
    double truth;
  };
  const std::vector<Check> checks = {
      {"size_mean_cny", "segment=large type=basic_module", lognormal_mean(large.basic_module_size_cny())},
      {"size_cv", "segment=large type=basic_module", lognormal_cv(large.basic_module_size_cny())},
      {"size_mean_cny", "segment=large type=big_project", lognormal_mean(large.big_project_size_cny())},
      {"size_cv", "segment=large type=big_project", lognormal_cv(large.big_project_size_cny())},
      {"size_mean_cny", "segment=small type=basic_module", lognormal_mean(small.basic_module_size_cny())},
      {"size_cv", "segment=small type=basic_module", lognormal_cv(small.basic_module_size_cny())},
      {"big_project_share", "segment=large", large.big_project_share()},
      {"slip_mean_days", "all", s.deals().slip_mean_days()},
      {"scope_kept", "all", s.deals().shrink_scope_factor()},  // scope = factor x U(0.8, 1.2)
  };
  constexpr int kSeeds = 100, kMinCovered = 90;
  std::map<std::string, int> covered, present;
  const fs::path dir = fs::temp_directory_path() / ("salesim_sim_roundtrip_" + std::to_string(::getpid()));
  for (int k = 0; k < kSeeds; ++k) {
    const CrmExport sim = simulate_export(s, model::ReplicationKey{.seed = 11, .design_point = 0, .replication = static_cast<std::uint64_t>(k)});
    fs::remove_all(dir);
    fs::create_directories(dir);
    experiment::OutputSet out(dir.string());
    add_export_files(out, sim);
    out.publish();
    std::vector<DataProblem> problems;
    const CrmExport e = read_export(dir.string(), mapping, {}, &problems);
    ASSERT_TRUE(problems.empty()) << problems.front().to_string();
    const FitResult f = fit_export(e, s);
    for (const auto& c : checks) {
      const std::string key = c.quantity + " " + c.group;
      for (const auto& x : f.estimates)
        if (x.quantity == c.quantity && x.group == c.group) {
          ++present[key];
          if (x.ci.lo <= c.truth && c.truth <= x.ci.hi) ++covered[key];
        }
    }
  }
  fs::remove_all(dir);
  for (const auto& c : checks) {
    const std::string key = c.quantity + " " + c.group;
    EXPECT_EQ(present[key], kSeeds) << key;
    EXPECT_GE(covered[key], kMinCovered) << key << " (true " << c.truth << "): covered in " << covered[key] << " of " << kSeeds;
    std::printf("%-50s true %-10g covered %d/%d\n", key.c_str(), c.truth, covered[key], kSeeds);
  }
}

}  // namespace
}  // namespace salesim::calibration
