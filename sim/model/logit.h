// Multinomial logit choice (the win-at-close rule): P(i) = exp(u_i) / sum_j exp(u_j).
//
//   double u[] = {u_us, u_no_decision, u_competitor...};  double p[3];
//   choice_probabilities(u, p);     // p sums to 1
//   std::size_t pick = choose(p, uniform01);
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace salesim::model {

// Fills `out` (same size as `utilities`) with logit probabilities; stable for large utilities.
inline void choice_probabilities(std::span<const double> utilities, std::span<double> out) {
  if (utilities.empty()) return;
  const double top = *std::max_element(utilities.begin(), utilities.end());
  double total = 0;
  for (std::size_t i = 0; i < utilities.size(); ++i) total += out[i] = std::exp(utilities[i] - top);
  for (std::size_t i = 0; i < utilities.size(); ++i) out[i] /= total;
}

// Inversion: the first i whose cumulative probability exceeds u in [0, 1).
inline std::size_t choose(std::span<const double> probabilities, double u) {
  std::size_t last = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    if (probabilities[i] <= 0) continue;
    last = i;
    if (u < probabilities[i]) return i;
    u -= probabilities[i];
  }
  return last;
}

}  // namespace salesim::model
