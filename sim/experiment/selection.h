// Ranking and selection: pick the best of k simulated systems with a guaranteed probability of
// correct selection, spending replications where they decide something. Used by `salesim optimise`
// (each system a staffing plan), generic over any sampler.
//
//   SelectionOptions o;
//   o.systems = 10; o.delta = 0.5; o.pcs = 0.95; o.n0 = 10; o.max_replications = 10000;
//   SelectionResult r = select_best(o, [&](std::span<const SelectionPair> batch) {
//     std::vector<double> v(batch.size());
//     // ... v[j] = output of replication batch[j].replication of system batch[j].system,
//     // computed in any order or in parallel; replication r of every system shares its random
//     // numbers (common random numbers) ...
//     return v;
//   });
//   r.best, r.systems[i].replications, r.top[0].p_best ...
//
// The procedure is KN of Kim & Nelson (2001), "A fully sequential procedure for
// indifference-zone selection in simulation", ACM TOMACS 11(3):251-273, section 3 ("Procedure
// KN"):
//   Setup.       1/k < 1-alpha < 1, delta > 0, n0 >= 2;
//                eta = 1/2 [ (2 alpha / (k-1))^(-2/(n0-1)) - 1 ],   h^2 = 2 eta (n0 - 1).
//   Initialise.  n0 replications of every system; for every pair i != l the first-stage variance
//                of the paired differences
//                S^2_il = 1/(n0-1) sum_{j<=n0} (X_ij - X_lj - [Xbar_i(n0) - Xbar_l(n0)])^2.
//   Screen.      with r replications of every survivor, system i is eliminated when, for some
//                l in the survivors of the previous stage,
//                Xbar_i(r) < Xbar_l(r) - W_il(r),  W_il(r) = max{0, delta/(2r) (h^2 S^2_il/delta^2 - r)},
//                i.e. sum_{j<=r} (X_ij - X_lj) < min{0, -h^2 S^2_il/(2 delta) + delta r/2}.
//   Stop.        when one system survives it is selected; else one more replication of each
//                survivor and screen again.
// Under normal outputs (common random numbers allowed: only variances of differences enter) it
// selects the best with probability >= 1 - alpha whenever the best is at least delta better than
// the rest (the indifference zone); see the paper's Theorem 1.
//
// Two departures, both documented where they act:
//  - Batches: after the first stage each survivor gets `batch` more replications before the next
//    screening (batch = 1 is KN exactly). Screening at a subset of the stages keeps the guarantee:
//    the proof bounds the chance that the partial-sum process leaves the triangular continuation
//    region through the wrong side, and looking at it less often cannot make that likelier (the
//    last look, at or past the triangle's apex r >= h^2 S^2_il/delta^2 where W_il = 0, compares
//    the sums directly). Decisions are taken only after whole batches, systems in index order, so
//    the result depends on the values only, never on how the sampler computed them.
//  - The cap: with max_replications reached and more than one survivor, the survivor with the best
//    sample mean is selected and `guaranteed` is false (the probability statement then does not
//    hold). Ties in sums where W_il = 0 (e.g. two systems with identical outputs) eliminate the
//    higher index, so identical systems cannot run the procedure to the cap.
//
// Maximise or minimise: minimising is maximising -X; every value reported is in the caller's
// sign (means, differences).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <vector>

namespace salesim::experiment {

// One replication of one system, as the sampler is asked for it.
struct SelectionPair {
  std::uint32_t system = 0;        // 0 .. systems-1
  std::uint64_t replication = 0;   // 0, 1, ...: replication r of every system shares its random numbers
};

// Returns one value per pair, in the pairs' order. May evaluate them in any order or in parallel.
// May throw (the exception propagates out of select_best, e.g. a cancellation).
using SelectionSampler = std::function<std::vector<double>(std::span<const SelectionPair>)>;

struct SelectionOptions {
  std::uint32_t systems = 0;           // k >= 1 (k = 1: selected without sampling beyond n0)
  bool maximise = true;                // false: the smallest mean is best
  double delta = 0;                    // indifference zone, > 0, in the values' units
  double pcs = 0.95;                   // 1 - alpha, in (0.5, 1)
  std::uint32_t n0 = 10;               // first-stage replications per system, >= 2
  std::uint64_t max_replications = 0;  // cap per system, >= n0
  std::uint32_t batch = 1;             // replications per survivor per later stage, >= 1
  std::uint32_t top = 10;              // plans reported in SelectionResult::top, >= 1
  std::uint64_t seed = 0x5e1ec7;       // of the Monte Carlo estimate of P(best)
  std::uint32_t pbest_draws = 20000;   // its draws, >= 1
};

// The largest k select_best takes (it keeps a k x k table of first-stage variances).
inline constexpr std::uint32_t kMaxSelectionSystems = 5000;

// Thrown for options outside the ranges above; what() names the option.
struct SelectionError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct SystemOutcome {
  std::uint64_t replications = 0;   // values drawn for this system
  double mean = 0;                  // over them
  double sd = 0;                    // sample standard deviation over them (0 with fewer than 2)
  bool eliminated = false;
  std::uint64_t eliminated_at = 0;  // replications r of the screening that eliminated it (0: not)
  std::uint32_t eliminated_by = 0;  // the system l it fell behind (when eliminated)
  // Mean of (this system - the selected one) over their common replications (the first paired_n;
  // 0 for the selected system): under common random numbers the fair comparison, unlike means over
  // different replications.
  double diff_vs_best = 0;
  std::uint64_t paired_n = 0;
};

// One of the top plans, compared with the selected one.
struct TopPlan {
  std::uint32_t system = 0;
  double mean = 0;                  // over its own replications
  std::uint64_t paired_n = 0;       // common replications with the selected plan: min of the two counts
  // Mean of (this plan - selected plan) over the paired_n common replications, and its 95%
  // t-interval (NaN with paired_n < 2; all 0 for the selected plan itself).
  double diff_mean = 0, diff_low = 0, diff_high = 0;
  // P(this plan is best): the share of Monte Carlo draws in which it is the best, from a normal
  // approximation of the top plans' paired differences from the selected plan, D_a = X_a - X_sel,
  // each over its paired_n common replications (a prefix of the selected plan's): mean vector the
  // diff_means, covariance Cov(d_a, d_c) = s_ac min(n_a, n_c) / (n_a n_c) with s_ac the sample
  // covariance of D_a and D_c over their first min(n_a, n_c) replications (exact for means over
  // nested prefixes). The selected plan wins a draw when every D_a < 0, else the largest D_a
  // (ties to the plan listed first). A flat-prior posterior probability given the data, not a
  // frequentist guarantee; NaN when some paired_n < 2. Draws use kernel::Rng and kernel::normal
  // with options.seed. A covariance estimate that is not positive definite loses the directions
  // with no positive pivot in its Cholesky factor.
  double p_best = 0;
};

struct SelectionResult {
  std::uint32_t best = 0;                  // the selected system
  bool guaranteed = true;                  // false: stopped at max_replications with survivors
  double eta = 0, h2 = 0;                  // the KN constants
  std::uint64_t stages = 0;                // screenings done (the first stage counts as one)
  std::uint64_t total_replications = 0;    // sum over systems
  // Equal allocation at the same precision: KN without elimination needs every system to reach
  // the apex of every pair's triangle, N = max(n0, max_{i<l} floor(h^2 S^2_il / delta^2) + 1)
  // replications each (not capped at max_replications: the cost of the same guarantee): k N in all.
  std::uint64_t equal_allocation_per_system = 0;
  std::uint64_t equal_allocation_replications = 0;
  std::uint64_t pbest_n = 0;               // the smallest paired_n behind p_best
  std::vector<SystemOutcome> systems;      // by system index
  // The selected plan first, then the others by diff_vs_best, best first (ties: lower index), at
  // most options.top of them.
  std::vector<TopPlan> top;
};

// KN's eta for k systems, 1 - alpha = pcs, first stage n0 (section 3); throws SelectionError.
double kn_eta(std::uint32_t k, double pcs, std::uint32_t n0);

// Runs the procedure. Throws SelectionError for invalid options (before sampling), and
// std::runtime_error when the sampler returns the wrong number of values or a non-finite one.
SelectionResult select_best(const SelectionOptions& options, const SelectionSampler& sampler);

}  // namespace salesim::experiment
