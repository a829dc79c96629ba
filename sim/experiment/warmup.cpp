// MSER-5; see warmup.h.
#include "sim/experiment/warmup.h"

#include <cmath>
#include <limits>

namespace salesim::experiment {

Mser5 mser5(std::span<const double> series) {
  Mser5 r;
  const std::size_t k = series.size() / kMserBatch;
  r.batches = k;
  if (k < 2) {
    r.statistic = std::numeric_limits<double>::quiet_NaN();
    r.reliable = false;
    return r;
  }
  std::vector<double> z(k, 0.0);
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t i = 0; i < kMserBatch; ++i) z[j] += series[j * kMserBatch + i];
    z[j] /= static_cast<double>(kMserBatch);
  }
  // MSER(d) from the batches d .. k-1, two-pass per d (k is small: weeks / 5).
  r.mser.resize(k - 1);
  for (std::size_t d = 0; d + 1 < k; ++d) {
    const double m = static_cast<double>(k - d);
    double sum = 0;
    for (std::size_t j = d; j < k; ++j) sum += z[j];
    const double mean = sum / m;
    double ss = 0;
    for (std::size_t j = d; j < k; ++j) ss += (z[j] - mean) * (z[j] - mean);
    r.mser[d] = ss / (m * m);
  }
  std::size_t best = 0;
  for (std::size_t d = 0; d < r.mser.size() && d <= k / 2; ++d)
    if (r.mser[d] < r.mser[best]) best = d;
  r.truncation_batches = best;
  r.truncation_obs = best * kMserBatch;
  r.statistic = r.mser[best];
  r.reliable = best < k / 2;
  if (best > 0) {
    double head = 0, tail = 0;
    for (std::size_t j = 0; j < k; ++j) (j < best ? head : tail) += z[j];
    head /= static_cast<double>(best);
    tail /= static_cast<double>(k - best);
    r.shift = tail != 0 ? (head - tail) / std::fabs(tail) : 0.0;
  }
  return r;
}

}  // namespace salesim::experiment
