// The backtest: does a (fitted) scenario reproduce an observed CRM export? The scenario is
// simulated over the export's period (its horizon set to the period's length, day 0 on the
// period's first day) for R replications; each replication's simulated export (simulated_export.h)
// gives the same statistics as the observed export, and each observed statistic is set against
// the P10-P90 band of its R simulated values:
//   opportunities   opportunities created per calendar month (partial months at the ends as they are)
//   win_rate        won / closed, of the deals closed in the period
//   deal_size_pXX   P10, P50, P90 of the won amounts (CNY) of deals won in the period
//   cycle_time_pXX  P10, P50, P90 of close minus creation (days) of the deals closed in the period
//   revenue         won amounts per calendar quarter (CNY)
// Quantiles are Hyndman-Fan type 7 (experiment::quantile_sorted), within an export and across
// replications. The distributions of deal size and cycle time are also compared whole: the
// two-sample Kolmogorov-Smirnov distance between the observed sample and the simulated one
// (every replication's deals pooled), with its asymptotic p-value (ks_p_value).
//
//   BacktestOptions opt{.replications = 200, .seed = 7};
//   v1::Backtest b = backtest(observed, resolved_scenario, opt);   // b.verdict() says it in a line
//
// A well-fitted scenario has about 80% of its statistics inside their bands and KS distances like
// a simulated export's. Misfit is judged against the simulations themselves, each simulated export
// set against the same bands (so the statistics' dependence and tails are allowed for): misfit
// when the observed export's share of statistics inside its bands, its largest |z| (distance from
// the simulated mean in simulated SDs) among the level statistics (opportunities, win rate,
// revenue; the quantiles are left to the KS tests) or a KS distance is as extreme as in at most a share
// 0.05 / 4 of the simulated exports (Monte Carlo p-values (1 + #as extreme) / (R + 1); Bonferroni
// over the four criteria). R >= 200 lets one extreme replication through; below
// replications_to_judge() (79 with both KS tests) nothing can be flagged and the verdict says
// "too few replications to judge: at least N needed" instead of a conclusion.
// A statistic the export has no data for (no deal closed: win rate, cycle time; none won: deal
// size) is NaN, "-" in the table, left out of the share inside, and named in the verdict ("not
// enough data for ..."); a KS test with an empty sample has NaN distance and p-values, is not
// judged, and reads "KS deal size: not enough data (no deal won in the export)" in the verdict.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "sim/calibration/crm.h"
#include "sim/calibration/simulated_export.h"

namespace salesim::v1 {
class Scenario;
}
namespace salesim::experiment {
class OutputSet;
}

namespace salesim::calibration {

// A calendar bin of an export's period, in the export's day numbers: [start_day, end_day).
struct PeriodBin {
  std::string label;  // "2026-01" or "2026-Q1"
  double start_day = 0, end_day = 0;
};

// The calendar months (quarters: `quarters`) that meet [start_day, end_day) of an export whose day
// 0 is `epoch`, each cut to the period.
std::vector<PeriodBin> calendar_bins(const Epoch& epoch, double start_day, double end_day, bool quarters);

// What the backtest measures in one export, over its period [period_start_day, period_end_day).
struct ExportStatistics {
  std::vector<double> opportunities_per_month;  // one per calendar_bins(..., false)
  std::vector<double> revenue_per_quarter;      // one per calendar_bins(..., true), CNY
  double closed = 0, won = 0;
  double win_rate = 0;                // won / closed; NaN when nothing closed
  std::vector<double> won_amounts;    // sorted, CNY
  std::vector<double> cycle_days;     // sorted, days
};
ExportStatistics export_statistics(const CrmExport& e);

// Two-sample Kolmogorov-Smirnov distance sup_x |F_a(x) - F_b(x)| of two sorted samples (ties
// handled: both ECDFs step at a tied value together). 0 when either is empty.
double ks_distance(std::span<const double> a_sorted, std::span<const double> b_sorted);

// Asymptotic p-value of distance `d` between samples of sizes n and m: Q_KS(lambda) with
// lambda = (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) d, ne = n m / (n + m), and
// Q_KS(x) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2) (Kolmogorov 1933; Stephens 1970's correction;
// Press et al., Numerical Recipes, 3rd ed., section 14.3.3, eqs. 14.3.7-14.3.9). For small x the
// complementary series P_KS(x) = sqrt(2 pi) / x sum exp(-(2k-1)^2 pi^2 / (8 x^2)) is used. 1 when
// either sample is empty.
double ks_p_value(double d, std::uint64_t n, std::uint64_t m);

// The KS distance between `own` (sorted) and the pool without it: `pooled` (sorted) must hold every
// value of `own` (the pooled samples of all replications, `own` one of them).
double ks_distance_leave_one_out(std::span<const double> own, std::span<const double> pooled);

// The fewest replications R for which the most extreme export's Monte Carlo p-value 1 / (R + 1)
// reaches the Bonferroni level 0.05 / (2 + ks_tests): below it the backtest cannot flag a misfit.
std::uint32_t replications_to_judge(int ks_tests);

struct BacktestOptions {
  std::uint32_t replications = 200;  // at least 10 (a P10-P90 band needs them)
  std::uint64_t seed = 0;
  unsigned threads = 1;              // results do not depend on it
  const std::atomic<bool>* cancel = nullptr;  // set: stop early and throw experiment::Cancelled
  std::string actual;                // recorded in the result: the export's directory
};

// Simulates `resolved` (defaults filled and validated; its horizon is replaced by the export's
// period) for options.replications replications, keys {seed, 0, r}, and sets `observed` against
// them. Throws std::invalid_argument for an export without opportunities, whose period is empty or longer than the
// scenario schema allows, or for fewer than 10 replications.
v1::Backtest backtest(const CrmExport& observed, const v1::Scenario& resolved, const BacktestOptions& options);

// What `salesim backtest` writes to results.pb: a RUN of the scenario over the export's period
// (experiment::run_plans with the same seed and replications, so replication r of its KPIs is the
// replication whose export made the bands; the viewer's other charts show it) with
// Results.backtest = backtest(observed, resolved, options). Throws as backtest() and run_plans.
v1::Results backtest_results(const CrmExport& observed, const v1::Scenario& resolved, const BacktestOptions& options);

// Adds the run's outputs (experiment::add_outputs: results.pb, summary.csv, ...) and backtest.csv.
void add_backtest_outputs(experiment::OutputSet& out, v1::Results& results);

// backtest.csv: one row per statistic, columns statistic, period, unit, observed, sim_p10,
// sim_p50, sim_p90, in_band (true/false), n_observed, ks_distance, ks_p_value (asymptotic),
// ks_p_simulated (by simulation, the one the verdict judges) (the last three on the
// rows of the distribution a KS test compared, deal_size_* and cycle_time_*, blank elsewhere).
// Numbers in shortest round-trip form; NaN as a blank cell; LF line ends like the run's CSVs.
std::string backtest_csv(const v1::Backtest& b);

}  // namespace salesim::calibration
