#include "sim/kernel/random.h"

#include <cmath>
#include <numbers>

namespace salesim::kernel {

double normal(Rng& rng, double mean, double sd) {
  const double u1 = rng.uniform_pos();
  const double u2 = rng.uniform01();
  const double r = std::sqrt(-2.0 * std::log(u1));
  return mean + sd * (r * std::cos(2.0 * std::numbers::pi * u2));
}

double lognormal(Rng& rng, double mu, double sigma) { return std::exp(normal(rng, mu, sigma)); }

double lognormal_mean_cv(Rng& rng, double mean, double cv) {
  const double sigma2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - 0.5 * sigma2;
  return lognormal(rng, mu, std::sqrt(sigma2));
}

double gamma(Rng& rng, double shape, double scale) {
  if (shape < 1.0) {
    // Boost to shape + 1, then scale down by U^(1/shape) (Marsaglia & Tsang, section 6).
    const double g = gamma(rng, shape + 1.0, 1.0);
    return scale * g * std::pow(rng.uniform_pos(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal(rng, 0.0, 1.0);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_pos();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return scale * d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

double beta(Rng& rng, double a, double b) {
  const double x = gamma(rng, a, 1.0);
  const double y = gamma(rng, b, 1.0);
  return x / (x + y);
}

std::uint64_t poisson(Rng& rng, double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 30.0) {
    // Inversion by sequential search: one draw.
    double u = rng.uniform01();
    std::uint64_t k = 0;
    double p = std::exp(-mean);
    double cdf = p;
    while (u >= cdf) {
      ++k;
      p *= mean / static_cast<double>(k);
      const double next_cdf = cdf + p;
      if (next_cdf == cdf) break;  // tail exhausted in double precision
      cdf = next_cdf;
    }
    return k;
  }
  // PTRS (Hormann 1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.uniform01() - 0.5;
    const double v = rng.uniform_pos();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - std::lgamma(k + 1.0))
      return static_cast<std::uint64_t>(k);
  }
}

double triangular(Rng& rng, double lo, double mode, double hi) {
  const double u = rng.uniform01();
  if (hi <= lo) return lo;
  const double f = (mode - lo) / (hi - lo);
  if (u < f) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
  return hi - std::sqrt((1.0 - u) * (hi - lo) * (hi - mode));
}

std::size_t categorical(Rng& rng, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) total += w;
  double u = rng.uniform01() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  // Rounding left u just above the last positive weight: return the last positive one.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0.0) return i;
  return 0;
}

}  // namespace salesim::kernel
