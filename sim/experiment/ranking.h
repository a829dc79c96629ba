// Ranking k plans that ran under common random numbers: for each plan its mean, its rank,
// multiple-comparisons-with-the-best (MCB) intervals, P(plan is best), and how often it beats the
// first plan (the base) pair by pair.
//
//   // values[p][i]: the KPI of plan p in replication i (same n per plan, pairs aligned, no NaN)
//   Ranking r = rank_plans(values, /*higher_is_better=*/true, bounds_of(kpi_info));
//   r.plans[0].plan   // index of the best plan;  r.plans[0].p_best, .mcb, .may_be_best
//
// MCB intervals (Hsu, Multiple Comparisons: Theory and Methods, Chapman & Hall 1996, ch. 4), in
// the Bonferroni form for paired data of Nelson & Matejcik, "Using common random numbers for
// indifference-zone selection and multiple comparisons in simulation", Management Science 41(12),
// 1995, 1935-1945. With d_ij = (how much plan i is better than plan j: Y_i - Y_j, or Y_j - Y_i
// when lower is better), S_ij the SD of the paired differences (n - 1 divisor) and
//   w_ij = t(1 - alpha / (k - 1); n - 1) * S_ij / sqrt(n),
// plan i's interval for "its margin over the best of the others" is
//   [ min(0, min_{j!=i} (d_ij - w_ij)),  max(0, min_{j!=i} (d_ij + w_ij)) ],
// simultaneously for all i with probability >= 1 - alpha (constrained to contain 0, as Hsu's are).
// Reported in KPI units as mu_i - (best of the others): the same interval when higher is better,
// negated and swapped when lower is better. A plan `may_be_best` (cannot be told apart from the
// best) when min_{j!=i} (d_ij + w_ij) >= 0: Gupta's subset, which holds the best plan with
// probability >= 1 - alpha. Plans with identical samples are each other's equal: d = S = 0.
//
// P(plan is best): the probability that a plan's true mean is the best under the normal
// approximation of the estimates, means ~ N(Y, Sigma / n) with Sigma the sample covariance of the
// paired replications (so common random numbers count). Estimated by Monte Carlo: `draws` vectors
// from that normal (Cholesky factor, semidefinite-safe; kernel::normal on kernel::Rng from a fixed
// seed, so the same input gives the same bytes), counting the best in each (an exact tie splits
// the draw equally). Plans with identical samples are one plan for the draw and split its
// probability equally: ties are ties. Monte Carlo SE <= 0.5 / sqrt(draws).
//
// A ratio KPI (rank_plans_ratio) ranks the ratios of sums sum(num) / sum(den), as the summaries do;
// every variance above then uses the delta-method linearised values e = (num - R den) / mean(den)
// of summarize_ratio in place of y - mean(y) (paired_ratio does the same for two plans).
//
// n < 2: the means are there, every interval and P(best) are NaN. Everything is a pure function
// of its inputs in the order given.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/experiment/statistics.h"

namespace salesim::experiment {

struct RankingOptions {
  double alpha = 0.05;            // MCB: simultaneous level 1 - alpha
  std::uint32_t draws = 10000;    // Monte Carlo draws for P(best)
  std::uint64_t seed = 0x5a1e5b35ULL;  // the P(best) stream: fixed, never a thread or rank
};

struct PlanRank {
  std::uint32_t plan = 0;    // index in the input
  std::uint32_t rank = 0;    // 1 = best; plans with equal means share a rank ("1, 1, 3"); 0 when n = 0
  bool tied = false;         // shares its rank with another plan
  double mean = 0;           // the estimate (ratio of sums for a ratio KPI)
  Interval ci;               // its 95% interval (as summary.csv has it)
  Interval mcb;              // mu_i - best of the others, simultaneous 1 - alpha, contains 0
  bool may_be_best = false;  // in the subset of plans that cannot be told apart from the best
  double p_best = 0;         // P(plan is best), see above
  // Against the base (plan 0), as comparison.csv has it: the paired difference mu_i - mu_0 with
  // its 95% interval, and the share of paired replications in which the plan beats the base (a
  // tie counting half: 0.5 for the base itself).
  double delta_base = 0;
  Interval delta_base_ci;
  double p_beats_base = 0, p_tie_base = 0;
};

struct Ranking {
  std::uint64_t n = 0;             // paired replications used
  bool higher_is_better = true;
  bool ratio_of_sums = false;
  double alpha = 0.05;
  double mcb_t = 0;                // t(1 - alpha / (k - 1); n - 1); NaN when n < 2
  std::uint32_t draws = 0;
  std::uint64_t seed = 0;
  std::vector<PlanRank> plans;     // in rank order (equal ranks in input order)
};

// values[p] holds plan p's per-replication values; all of one length n, NaN-free, and pair i of
// every plan from replication i (common random numbers). At least one plan.
Ranking rank_plans(const std::vector<std::vector<double>>& values, bool higher_is_better, const Bounds& bounds = {},
                   const RankingOptions& options = {});

// The same for a ratio KPI: per plan the per-replication ratios, numerators and denominators.
Ranking rank_plans_ratio(const std::vector<RatioSample>& plans, bool higher_is_better, const Bounds& bounds = {},
                         const RankingOptions& options = {});

// The one-sided Student-t quantile t(p; df): P(T <= t) = p (df >= 1).
double t_quantile(double p, std::uint64_t df);

}  // namespace salesim::experiment
