// Across-replication statistics: summaries with 95% t-intervals, paired differences, Wilson
// intervals for proportions, and a streaming quantile estimator for the weekly series bands.
//
//   v1::KpiSummary s = summarize("revenue", values);      // n, mean, sd, CI, p10/p25/p50/p75/p90
//   Interval w = wilson_interval(successes, n);
//   P2Quantile q(0.9); for (double x : xs) q.add(x); q.value();
//
// Everything here is a pure function of its inputs in the order given: callers feed values in
// replication order, so results do not depend on threads or ranks.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "salesim/v1/results.pb.h"

namespace salesim::experiment {

struct Interval {
  double low = 0, high = 0;
};

// Two-sided 95% Student-t critical value for `df` degrees of freedom (df >= 1).
double t_critical_95(std::uint64_t df);

// Quantile of `sorted` (ascending) by linear interpolation between order statistics
// (Hyndman-Fan type 7, the default of R and NumPy). Empty input gives 0.
double quantile_sorted(std::span<const double> sorted, double p);

// n, mean, sample SD (n - 1), 95% t-interval of the mean, and P10/P25/P50/P75/P90 of `values`
// (quantile_sorted). With n < 2 the SD is 0 and the interval collapses to the mean.
v1::KpiSummary summarize(const std::string& kpi, std::span<const double> values);

// Mean and 95% t-interval of the paired differences plan[i] - base[i].
struct PairedSummary {
  std::uint64_t n = 0;
  double base_mean = 0, plan_mean = 0, delta_mean = 0;
  Interval delta_ci;
  double p_better = 0;  // share of i where the plan beats the base
  Interval p_better_ci; // Wilson 95%
};
PairedSummary paired(std::span<const double> base, std::span<const double> plan, bool higher_is_better);

// Wilson score 95% interval for `successes` out of `n` (n = 0: [0, 1]).
Interval wilson_interval(std::uint64_t successes, std::uint64_t n);

// Relative 95% CI half-width of the mean of `values` (infinity when undefined).
double relative_half_width(std::span<const double> values);

// The P-square algorithm (Jain & Chlamtac 1985): a quantile estimate in O(1) memory. Exact (as
// quantile_sorted) for fewer than five observations; from the fifth on, the middle marker's
// estimate. Deterministic for a given input order.
class P2Quantile {
 public:
  explicit P2Quantile(double p = 0.5) : p_(p) {}
  void add(double x);
  double value() const;
  std::uint64_t count() const { return n_; }

 private:
  double parabolic(int i, double d) const;
  double linear(int i, double d) const;
  double p_;
  std::uint64_t n_ = 0;
  std::array<double, 5> q_{};      // marker heights
  std::array<double, 5> pos_{};    // actual marker positions (1-based)
  std::array<double, 5> want_{};   // desired positions
  std::array<double, 5> dwant_{};  // desired position increments
};

}  // namespace salesim::experiment
