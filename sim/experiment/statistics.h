// Across-replication statistics: summaries with 95% t-intervals, paired differences, Wilson
// intervals for proportions, and a streaming quantile estimator for the weekly series bands.
//
//   v1::KpiSummary s = summarize("win_rate", values, bounds_of(info));  // n, mean, sd, CI, quantiles
//   Interval w = wilson_interval(successes, n);
//   P2Quantile q(0.9); for (double x : xs) q.add(x); q.value();
//
// The edges, each settled in one place (docs/statistics.md says why):
//  - Undefined is NaN, never 0: with n < 2 the SD and every interval of a mean are NaN; with n = 0
//    the mean and quantiles are NaN too (mean_interval, summarize, paired).
//  - An interval of a mean never leaves the range its quantity can take: mean_interval cuts the
//    t-interval at the KPI's bounds (from the KPI catalogue, via KpiInfo) and says it did.
//  - A tie is half a win: P(better) = P(plan beats base) + P(tie) / 2, so identical plans read 0.5.
//
// Everything here is a pure function of its inputs in the order given: callers feed values in
// replication order, so results do not depend on threads or ranks.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"

namespace salesim::experiment {

struct Interval {
  double low = 0, high = 0;
};

// The range a quantity can take; unbounded by default.
struct Bounds {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
};

// A KPI's bounds as its KpiInfo declares them (an absent bound is infinite).
Bounds bounds_of(const v1::KpiInfo& kpi);

// The range of a difference of two quantities within `b`: [low - high, high - low].
Bounds difference_bounds(const Bounds& b);

// A 95% interval of a mean that may have been cut at the quantity's bounds.
struct MeanInterval {
  Interval ci;           // NaN bounds when n < 2 (undefined)
  bool clipped = false;  // the t-interval reached past a bound and was cut there
};

// THE interval of a mean used for every summary and every paired difference: the 95% t-interval
// mean +- t(n-1) * sd / sqrt(n), intersected with `bounds`. n < 2: NaN (there is no spread to
// estimate). The true mean lies within its bounds, so the cut loses no coverage.
MeanInterval mean_interval(double mean, double sd, std::uint64_t n, const Bounds& bounds = {});

// Two-sided 95% Student-t critical value for `df` degrees of freedom (df >= 1).
double t_critical_95(std::uint64_t df);

// Quantile of `sorted` (ascending) by linear interpolation between order statistics
// (Hyndman-Fan type 7, the default of R and NumPy). Empty input gives NaN.
double quantile_sorted(std::span<const double> sorted, double p);

// n, mean, sample SD (n - 1), 95% interval of the mean (mean_interval within `bounds`), and
// P10/P25/P50/P75/P90 of `values` (quantile_sorted). n < 2: SD and interval NaN; n = 0: all NaN.
v1::KpiSummary summarize(const std::string& kpi, std::span<const double> values, const Bounds& bounds = {});

// Mean and 95% interval of the paired differences plan[i] - base[i] (mean_interval within the
// difference_bounds of `bounds`), and how often the plan beats the base.
struct PairedSummary {
  std::uint64_t n = 0;
  double base_mean = 0, plan_mean = 0, delta_mean = 0;  // NaN when n = 0
  Interval delta_ci;                                     // NaN when n < 2
  bool delta_ci_clipped = false;
  double p_better = 0;   // (wins + ties / 2) / n; NaN when n = 0
  double p_tie = 0;      // ties / n (plan[i] == base[i]); NaN when n = 0
  Interval p_better_ci;  // Wilson 95% of p_better
};
PairedSummary paired(std::span<const double> base, std::span<const double> plan, bool higher_is_better,
                     const Bounds& bounds = {});

// The ratio-of-sums (ratio) estimator of a KPI that is, per replication, num[i] / den[i]:
// R = sum(num) / sum(den), with the delta-method (Taylor-linearisation) variance of Cochran,
// Sampling Techniques (3rd ed., 1977), sec. 6.3-6.4, and Law, Simulation Modeling and Analysis
// (5th ed.), sec. 9.5.3 (a ratio of two means):
//   e[i] = (num[i] - R den[i]) / mean(den),  Var(R) ~ s_e^2 / n,  s_e^2 = sum(e[i]^2) / (n - 1),
// so the summary's sd is s_e and its interval R +- t(n-1) s_e / sqrt(n) (mean_interval, cut at
// `bounds`). `ratios` are the per-replication values (for the percentiles and mean_of_ratios).
// The three spans are of one length n, NaN-free. sum(den) = 0 gives 0 with a [0, 0] interval,
// the convention of the per-replication values (a ratio with no denominator reads 0); n = 0, NaN.
v1::KpiSummary summarize_ratio(const std::string& kpi, std::span<const double> ratios, std::span<const double> num,
                               std::span<const double> den, const Bounds& bounds = {});

// Paired difference of two ratio-of-sums estimates under common random numbers: delta = R_plan -
// R_base over the n pairs, with the delta-method interval of the difference: e[i] = e_plan[i] -
// e_base[i] (each as in summarize_ratio), delta +- t(n-1) sd(e) / sqrt(n), cut at the
// difference_bounds of `bounds`. base_mean and plan_mean are the two ratios of sums; p_better and
// p_tie compare the per-replication ratios pair by pair (as paired does).
struct RatioSample {
  std::span<const double> ratios, num, den;
};
PairedSummary paired_ratio(const RatioSample& base, const RatioSample& plan, bool higher_is_better,
                           const Bounds& bounds = {});

// A fixed linear combination (a contrast) of the means theta[k] of K paired samples
// (columns[k][i]: sample k in replication i, common random numbers), written as weighted
// differences: sum_t weight[t] * (theta[plus[t]] - theta[minus[t]]) (minus = kNoSample: the term
// is weight * theta[plus]). E.g. a Shapley value over the on/off variants of a scenario
// (attribution.h). Written as differences, a term whose two samples are equal in every
// replication contributes exactly 0. The per-replication values d[i] = sum_t weight[t] *
// (columns[plus][i] - columns[minus][i]) are independent across i, so the estimate is mean(d) with
// the 95% t-interval mean_interval(mean(d), sd(d), n, bounds). All columns of one length n.
inline constexpr std::size_t kNoSample = static_cast<std::size_t>(-1);
struct ContrastTerm {
  double weight = 1;
  std::size_t plus = 0, minus = kNoSample;
};
struct ContrastSummary {
  std::uint64_t n = 0;
  double estimate = 0;  // NaN when n = 0
  double sd = 0;        // of the per-replication values (NaN when n < 2)
  MeanInterval ci;
};
ContrastSummary paired_contrast(std::span<const std::span<const double>> columns, std::span<const ContrastTerm> terms,
                                const Bounds& bounds = {});

// The same contrast of K ratio-of-sums estimates R[k] = sum(num[k]) / sum(den[k]) (summarize_ratio)
// over the same n replications: estimate sum_t weight[t] (R[plus[t]] - R[minus[t]]), and its
// delta-method interval from the per-replication linearised values combined the same way (as
// paired_ratio does for one difference).
ContrastSummary ratio_contrast(std::span<const RatioSample> samples, std::span<const ContrastTerm> terms,
                               const Bounds& bounds = {});

// The lower-triangular Cholesky factor L with L L^T = a, for a symmetric positive semidefinite
// k x k matrix `a` (row-major; returns k x k, row-major). A pivot at or below 1e-12 times the
// largest diagonal entry (a plan that is an exact shift of others, or constant) gets a zero column
// instead of a division by ~0: that coordinate then moves with the earlier ones only. For drawing
// correlated normals (P(best) in ranking.h and selection.h). Golub & Van Loan, Matrix
// Computations (4th ed.), sec. 4.2.
std::vector<double> cholesky_psd(const std::vector<double>& a, std::size_t k);

// Wilson score 95% interval for `successes` out of `n` (n = 0: [0, 1]). `successes` may be a
// half-integer (ties counted half): for a score in {0, 1/2, 1} the binomial variance is an upper
// bound, so the interval is conservative there.
Interval wilson_interval(double successes, std::uint64_t n);

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

  // The whole state, exactly (the count, then the marker heights, positions, desired positions
  // and their increments), for the journal's band checkpoint; restore() takes it back.
  static constexpr std::size_t kStateSize = 21;
  std::array<double, kStateSize> state() const;
  void restore(const std::array<double, kStateSize>& s);

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
