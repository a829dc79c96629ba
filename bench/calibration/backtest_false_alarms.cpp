// backtest_false_alarms [EXPORTS] [R] [THREADS]: the backtest's false-alarm rate under the true
// model. Each of EXPORTS independent simulated exports of golden_triangle (seed 9001, replication
// i) is backtested against golden_triangle itself with R replications (master seed 1000 + i, so
// the references are independent too); prints how many were flagged MISFIT, with the exact
// (Clopper-Pearson) 95% CI, and how often each of the four criteria alone was at or below its
// Bonferroni level 0.05 / 4.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <boost/math/distributions/beta.hpp>

#include "sim/calibration/backtest.h"
#include "sim/experiment/scenario_io.h"

using namespace salesim;
using namespace salesim::calibration;

namespace {
// Clopper-Pearson interval of k successes in n (Clopper and Pearson 1934), from beta quantiles.
std::pair<double, double> clopper_pearson(int k, int n) {
  const double lo = k == 0 ? 0.0 : boost::math::quantile(boost::math::beta_distribution<>(k, n - k + 1), 0.025);
  const double hi = k == n ? 1.0 : boost::math::quantile(boost::math::beta_distribution<>(k + 1, n - k), 0.975);
  return {lo, hi};
}
}  // namespace

int main(int argc, char** argv) {
  const int exports = argc > 1 ? std::atoi(argv[1]) : 200;
  const auto R = static_cast<std::uint32_t>(argc > 2 ? std::atoi(argv[2]) : 200);
  const auto threads = static_cast<unsigned>(argc > 3 ? std::atoi(argv[3]) : 2);
  const char* src = std::getenv("SALESIM_SOURCE_DIR");
  v1::Scenario s = experiment::load_scenario_file(std::string(src ? src : ".") + "/scenarios/golden_triangle.txtpb", {});
  experiment::prepare_for_run(s);
  const double alpha = 0.05 / 4;
  int misfits = 0, inside = 0, z = 0, ks_size = 0, ks_cycle = 0;
  for (int i = 0; i < exports; ++i) {
    const CrmExport observed = simulate_export(s, {.seed = 9001, .replication = static_cast<std::uint64_t>(i)});
    const v1::Backtest b =
        backtest(observed, s, {.replications = R, .seed = 1000 + static_cast<std::uint64_t>(i), .threads = threads, .cancel = nullptr, .actual = {}});
    misfits += b.misfit();
    inside += b.p_inside() <= alpha;
    z += b.p_max_abs_z() <= alpha;
    for (const v1::KsTest& t : b.ks_tests())
      (t.distribution() == "deal_size" ? ks_size : ks_cycle) += t.p_simulated() <= alpha;
  }
  const auto [lo, hi] = clopper_pearson(misfits, exports);
  std::printf("%d exports, R = %u: %d flagged MISFIT = %.1f%% (95%% CI %.1f-%.1f%%); by criterion: p_inside %d, "
              "p_max_abs_z %d, KS deal size %d, KS cycle time %d (each designed at most %.2f%%)\n",
              exports, R, misfits, 100.0 * misfits / exports, 100 * lo, 100 * hi, inside, z, ks_size, ks_cycle, 100 * alpha);
  return 0;
}
