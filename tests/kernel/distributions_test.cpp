// Each distribution's sample mean and variance against its closed form (random.h).
//
// Bounds, n = 200000 draws per case, fixed seeds:
//   mean:     |mean - mu| < 4.5 * sigma / sqrt(n)            (sigma: the true standard deviation)
//   variance: |s^2 - sigma^2| < 4.5 * sqrt((m4 - s^4) / n)   (m4: the sample 4th central moment;
//             the standard error of the sample variance)
// 4.5 standard errors: a false alarm below 1e-5 per check, while a wrong formula (a mean off by a
// few percent) fails.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "sim/kernel/random.h"

namespace salesim::kernel {
namespace {

constexpr int kDraws = 200000;

void check(const std::string& name, std::uint64_t stream, double mu, double var, const std::function<double(Rng&)>& draw) {
  Rng rng(StreamKey{.seed = 11, .purpose = 99, .entity = stream});
  std::vector<double> xs(kDraws);
  double sum = 0;
  for (double& x : xs) {
    x = draw(rng);
    sum += x;
  }
  const double n = kDraws, mean = sum / n;
  double m2 = 0, m4 = 0;
  for (double x : xs) {
    const double d = (x - mean) * (x - mean);
    m2 += d;
    m4 += d * d;
  }
  const double s2 = m2 / (n - 1);
  m4 /= n;
  EXPECT_LT(std::fabs(mean - mu), 4.5 * std::sqrt(var / n)) << name << ": mean " << mean << " vs " << mu;
  EXPECT_LT(std::fabs(s2 - var), 4.5 * std::sqrt((m4 - s2 * s2) / n)) << name << ": variance " << s2 << " vs " << var;
}

TEST(Distributions, UniformHasMeanMidpointAndVarianceWidthSquaredOver12) {
  check("uniform(2,5)", 1, 3.5, 9.0 / 12, [](Rng& r) { return uniform(r, 2.0, 5.0); });
}

TEST(Distributions, BernoulliHasMeanPAndVariancePTimesOneMinusP) {
  check("bernoulli(0.3)", 2, 0.3, 0.21, [](Rng& r) { return bernoulli(r, 0.3) ? 1.0 : 0.0; });
}

TEST(Distributions, ExponentialHasTheGivenMeanAndItsSquareAsVariance) {
  check("exponential(2)", 3, 2.0, 4.0, [](Rng& r) { return exponential(r, 2.0); });
}

TEST(Distributions, NormalHasTheGivenMeanAndStandardDeviation) {
  check("normal(1,2)", 4, 1.0, 4.0, [](Rng& r) { return normal(r, 1.0, 2.0); });
}

TEST(Distributions, LognormalHasTheMomentsOfExpOfANormal) {
  const double mu = 0.5, s = 0.4;
  check("lognormal(0.5,0.4)", 5, std::exp(mu + s * s / 2), (std::exp(s * s) - 1) * std::exp(2 * mu + s * s),
        [&](Rng& r) { return lognormal(r, mu, s); });
}

TEST(Distributions, LognormalFromMeanAndCvHasThatMeanAndCv) {
  check("lognormal_mean_cv(100,0.5)", 6, 100.0, 50.0 * 50.0, [](Rng& r) { return lognormal_mean_cv(r, 100.0, 0.5); });
}

TEST(Distributions, GammaHasMeanShapeTimesScaleAndVarianceShapeTimesScaleSquared) {
  check("gamma(0.5,2)", 7, 1.0, 2.0, [](Rng& r) { return gamma(r, 0.5, 2.0); });
  check("gamma(2.5,1.5)", 8, 3.75, 5.625, [](Rng& r) { return gamma(r, 2.5, 1.5); });
  check("gamma(50,0.1)", 9, 5.0, 0.5, [](Rng& r) { return gamma(r, 50.0, 0.1); });
}

TEST(Distributions, BetaHasItsClosedFormMeanAndVariance) {
  const double a = 2.0, b = 3.0;
  check("beta(2,3)", 10, a / (a + b), a * b / ((a + b) * (a + b) * (a + b + 1)), [&](Rng& r) { return beta(r, a, b); });
  check("beta(0.5,0.5)", 11, 0.5, 0.125, [](Rng& r) { return beta(r, 0.5, 0.5); });
}

TEST(Distributions, PoissonHasMeanAndVarianceEqualToItsMeanInBothAlgorithms) {
  check("poisson(3.5) inversion", 12, 3.5, 3.5, [](Rng& r) { return static_cast<double>(poisson(r, 3.5)); });
  check("poisson(29) inversion", 13, 29.0, 29.0, [](Rng& r) { return static_cast<double>(poisson(r, 29.0)); });
  check("poisson(100) PTRS", 14, 100.0, 100.0, [](Rng& r) { return static_cast<double>(poisson(r, 100.0)); });
  Rng r(1);
  EXPECT_EQ(poisson(r, 0.0), 0u);
}

TEST(Distributions, TriangularHasItsClosedFormMeanAndVariance) {
  const double lo = 1.0, mode = 2.0, hi = 4.0;
  check("triangular(1,2,4)", 15, (lo + mode + hi) / 3,
        (lo * lo + mode * mode + hi * hi - lo * mode - lo * hi - mode * hi) / 18,
        [&](Rng& r) { return triangular(r, lo, mode, hi); });
}

TEST(Distributions, CategoricalPicksEachIndexInProportionToItsWeight) {
  const std::vector<double> w{1.0, 0.0, 2.5, 0.5};
  Rng r(StreamKey{.seed = 11, .purpose = 99, .entity = 16});
  std::vector<int> count(w.size(), 0);
  for (int i = 0; i < kDraws; ++i) ++count[categorical(r, w)];
  EXPECT_EQ(count[1], 0);  // zero weight: never
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = w[i] / 4.0;
    EXPECT_LE(std::fabs(count[i] - kDraws * p), 4.5 * std::sqrt(kDraws * p * (1 - p))) << "index " << i;
  }
}

}  // namespace
}  // namespace salesim::kernel
