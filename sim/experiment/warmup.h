// Warm-up diagnostics: MSER-5, the truncation point of a steady-state output series.
//
//   Mser5 m = mser5(mean_weekly_stock);   // one value per week, averaged over replications
//   if (m.truncation_obs > 0) ... "the series settles around week m.truncation_obs + 1"
//
// MSER-5 (White 1997, "An effective truncation heuristic for bias reduction in simulation output",
// Simulation 69(6); White, Cobb & Spratt 2000, "A comparison of five steady-state truncation
// heuristics for simulation", Proc. Winter Simulation Conference): form batch means Z_1..Z_k of 5
// consecutive observations (a last, incomplete batch is dropped); for each candidate truncation
// d (batches deleted from the start) the marginal standard error is
//   MSER(d) = sum_{j=d+1..k} (Z_j - mean(Z_{d+1..k}))^2 / (k - d)^2,
// and the truncation point is the d minimising it (the first, on ties). As White et al.
// recommend, d is searched in the first half of the batches only (d <= k / 2: near the end MSER(d)
// is the spread of a few batches and can be small by chance). A minimum at that edge, d* = k / 2,
// says the series may still be moving at mid-horizon: reliable = false (the series is too short
// to locate the end of its transient; at least d* batches should go).
//
// Input: any series (a replication's, or the across-replication mean: averaging first cuts the
// noise MSER has to see through). Output in batches and in observations (5 per batch).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace salesim::experiment {

struct Mser5 {
  std::size_t batches = 0;             // complete batches of 5 (k)
  std::size_t truncation_batches = 0;  // d*: batches to delete from the start
  std::size_t truncation_obs = 0;      // 5 * d*: observations (weeks) to delete
  double statistic = 0;                // MSER(d*); NaN when k < 2
  bool reliable = true;                // d* < k / 2: the minimum is inside the searched half
  std::vector<double> mser;            // MSER(d) for d = 0 .. k - 2
  // (mean of the deleted observations - mean of the kept ones) / |mean of the kept ones|: how much
  // the transient would bias the mean (0 when nothing is deleted or the kept mean is 0).
  double shift = 0;
};

inline constexpr std::size_t kMserBatch = 5;

// MSER-5 of `series` (see above). Fewer than 2 complete batches: no truncation, statistic NaN,
// reliable = false.
Mser5 mser5(std::span<const double> series);

// The rule `salesim run` warns by: MSER-5 deletes at least one batch (5 weeks) and the deleted
// weeks' mean is off the rest's by at least kMaterialShift (10%). On pure noise MSER-5 deletes a
// batch or more in about 4 series of 10 (its truncation point is scale-free), but the deleted
// weeks then differ from the rest by noise only; the shift test keeps those quiet.
inline constexpr double kMaterialShift = 0.10;
inline bool needs_longer_warmup(const Mser5& m) {
  return m.truncation_batches >= 1 && (m.shift >= kMaterialShift || m.shift <= -kMaterialShift);
}

}  // namespace salesim::experiment
