// Global sensitivity analysis: which scenario fields move a KPI most. Two methods over factors
// (scenario fields, each with a range [low, high]):
//
//   Morris elementary effects (screening many factors cheaply):
//     M. D. Morris, "Factorial sampling plans for preliminary computational experiments",
//     Technometrics 33(2), 1991, 161-174 (trajectories on a p-level grid, step Delta = p / (2(p-1)));
//     F. Campolongo, J. Cariboni, A. Saltelli, "An effective screening design for sensitivity
//     analysis of large models", Environmental Modelling & Software 22, 2007, 1509-1518 (mu*, the
//     mean of |EE|, which does not cancel effects of opposite signs).
//     r trajectories of k+1 points each: r (k+1) model evaluations.
//   Sobol' variance-based indices (first order S_i, total S_Ti):
//     A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola, "Variance based
//     sensitivity analysis of model output. Design and estimator for the total sensitivity index",
//     Computer Physics Communications 181, 2010, 259-270: matrices A, B (N rows each) and AB_i
//     (A with column i taken from B); S_i = mean_j f(B)_j (f(AB_i)_j - f(A)_j) / V (their Table 2 (b));
//     M. J. W. Jansen, "Analysis of variance designs for model output", Computer Physics
//     Communications 117, 1999, 35-43: S_Ti = mean_j (f(A)_j - f(AB_i)_j)^2 / (2 V).
//     V is the variance of f over the 2N rows of A and B, and f(B) is centred by the mean f0 of
//     those rows (so S_i does not change when a constant is added to f, as the exact index does
//     not; the uncentred estimator's error grows with f0^2). N (k + 2) model evaluations.
//
// A and B are pseudo-random (salesim's keyed xoshiro streams, kernel/random.h), so the rows are
// independent and the bootstrap (B. Efron and R. Tibshirani, "An Introduction to the Bootstrap",
// 1993, percentile intervals) over rows (Sobol) or trajectories (Morris) gives valid 95% intervals.
// Every draw is keyed by the seed: the same seed gives the same design and the same intervals.
//
//   SensitivityDesign d = make_sensitivity_design(factors, settings, seed);   // d.points: [point][factor]
//   outputs[point][kpi] = the model's mean KPI at d.points[point]
//   std::vector<v1::SensitivityIndex> idx = estimate_indices(d, outputs, kpi_names, seed);
//
// The command (`salesim sensitivity`, run_sensitivity) and the tests (the Ishigami and the Sobol
// g-functions) go through these same functions; only the model differs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "salesim/v1/experiment.pb.h"
#include "salesim/v1/results.pb.h"
#include "sim/experiment/runner.h"

namespace salesim::experiment {

struct Factor {
  std::string path;  // scenario field path, as --set takes it
  double low = 0, high = 1;
  bool integer = false;  // round each value to the nearest integer (counts)
};

struct SensitivitySettings {
  v1::Sensitivity::Method method = v1::Sensitivity::SOBOL;
  std::uint32_t base_samples = 1024;  // Sobol: N
  std::uint32_t trajectories = 20;    // Morris: r
  std::uint32_t levels = 4;           // Morris: p (even, >= 2)
  std::uint32_t bootstrap = 1000;     // bootstrap resamples for the intervals
  double confidence = 0.95;           // level of the percentile intervals
};

struct SensitivityDesign {
  v1::Sensitivity::Method method = v1::Sensitivity::SOBOL;
  std::vector<Factor> factors;
  std::uint32_t base_samples = 0, trajectories = 0, levels = 0, bootstrap = 0;
  double confidence = 0.95;
  // Unit-cube coordinates [point][factor] and the scaled (and rounded) values.
  // Sobol: rows A_0..A_{N-1}, B_0..B_{N-1}, then AB_1 (N rows), ..., AB_k (N rows).
  // Morris: trajectory t is points t(k+1) .. t(k+1)+k; step s changes factor order[t][s].
  std::vector<std::vector<double>> unit, points;
  std::vector<std::vector<std::size_t>> order;  // Morris: the factor changed at each step
};

// The factors and settings of a scenario's experiment.sensitivity. Throws std::runtime_error with
// the field path for no factor, an empty path, low >= high, a factor listed twice, N or r of 0 or
// above the limits, an odd or too small level count.
std::vector<Factor> factors_of(const v1::Sensitivity& s);
SensitivitySettings settings_of(const v1::Sensitivity& s);

// The design (see SensitivityDesign). Throws std::runtime_error for unusable settings (message
// names experiment.sensitivity.<field>).
SensitivityDesign make_sensitivity_design(const std::vector<Factor>& factors, const SensitivitySettings& settings,
                                          std::uint64_t seed);

// The indices of each KPI from outputs[point][kpi] (outputs.size() == design.points.size()):
// Sobol: "S1" and "ST" per factor; Morris: "mu_star", "mu", "sigma" per factor (elementary effects
// per unit of the factor's range, i.e. on the unit cube). Estimates with bootstrap 95% percentile
// intervals (resampling rows / trajectories with a stream keyed by `seed`). A KPI whose variance
// is 0 gets NaN Sobol indices.
std::vector<v1::SensitivityIndex> estimate_indices(const SensitivityDesign& design,
                                                   const std::vector<std::vector<double>>& outputs,
                                                   const std::vector<std::string>& kpi_names, std::uint64_t seed);

// Runs the design through run_spec: every design point is a point of one plan, with
// `replications` replications, all points under common random numbers (replication i of every
// point uses the stream key (seed, 0, i), so every point sees the same markets); the weekly series
// are dropped. make_point(values) returns the replication function of a point with those factor
// values. The indices of `kpis` (names from `catalog`) are computed from the points' mean KPIs and
// added to the results (Results.sensitivity). kind SWEEP, design "SENSITIVITY_<METHOD>".
v1::Results run_sensitivity(const SensitivityDesign& design, const std::vector<model::KpiDefinition>& catalog,
                            const std::vector<std::string>& kpis,
                            const std::function<ReplicationFn(const std::vector<double>&)>& make_point,
                            std::uint64_t seed, std::uint32_t replications, const RunOptions& options,
                            const std::string& plan_name = "sensitivity", const v1::Scenario& echo = {});

// sensitivity.csv: kpi,parameter,method,index,estimate,ci_low,ci_high (one row per index).
std::string sensitivity_csv(const v1::Results& results);

}  // namespace salesim::experiment
