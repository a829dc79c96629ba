// Keyed random streams: golden vectors pin the exact numbers of the generator and of every
// distribution (a deliberate change updates them in a commit of its own: the model's fingerprints
// depend on them); streams with different keys are independent (random.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/kernel/random.h"

namespace salesim::kernel {
namespace {

const StreamKey kKey{.seed = 7, .purpose = 3, .replication = 1, .entity = 2, .extra = 0};

template <class F>
std::vector<double> first3(F draw) {
  Rng r(kKey);
  std::vector<double> v;
  for (int i = 0; i < 3; ++i) v.push_back(static_cast<double>(draw(r)));
  return v;
}

void expect_doubles(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_DOUBLE_EQ(got[i], want[i]) << "index " << i;
}

TEST(RandomStreams, SplitMix64MatchesItsPublishedFirstOutput) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
}

TEST(RandomStreams, TheGeneratorReproducesItsGoldenVector) {
  EXPECT_EQ(kKey.hash(), 5507326366868575747ULL);
  Rng r(kKey);
  EXPECT_EQ(r.next(), 1099697313016914601ULL);
  EXPECT_EQ(r.next(), 11154751610009541838ULL);
  EXPECT_EQ(r.next(), 1978059041037655982ULL);
  EXPECT_EQ(r.next(), 14413239876749020718ULL);
  Rng u(kKey);
  EXPECT_EQ(u.uniform01(), 0.059614710792470493);
  EXPECT_EQ(u.uniform01(), 0.60470029645542611);
  Rng b(kKey);
  std::vector<std::uint64_t> below;
  for (int i = 0; i < 5; ++i) below.push_back(b.below(10));
  EXPECT_EQ(below, (std::vector<std::uint64_t>{0, 6, 1, 7, 1}));
}

TEST(RandomStreams, EveryDistributionReproducesItsGoldenVector) {
  expect_doubles(first3([](Rng& r) { return uniform(r, 2.0, 5.0); }),
                 {2.1788441323774115, 3.8141008893662782, 2.3216923864396426});
  expect_doubles(first3([](Rng& r) { return bernoulli(r, 0.3); }), {1, 0, 1});
  expect_doubles(first3([](Rng& r) { return exponential(r, 2.0); }),
                 {5.6397058199803629, 1.0060446429020418, 4.4655436006647573});
  expect_doubles(first3([](Rng& r) { return normal(r, 1.0, 2.0); }),
                 {-2.7584056484665038, 1.8269530362157558, 0.96280678272841769});
  expect_doubles(first3([](Rng& r) { return lognormal(r, 0.5, 0.25); }),
                 {1.0306599177645126, 1.82826810773227, 1.6410739053021917});
  expect_doubles(first3([](Rng& r) { return lognormal_mean_cv(r, 100.0, 0.5); }),
                 {36.814773333431241, 108.73532828921513, 88.660434568545284});
  expect_doubles(first3([](Rng& r) { return gamma(r, 0.5, 2.0); }),
                 {0.10558722060652945, 1.8332975490610777, 1.0798798394955915});
  expect_doubles(first3([](Rng& r) { return gamma(r, 2.5, 1.5); }),
                 {0.61606604116749808, 4.0901061024063115, 6.9130244267886525});
  expect_doubles(first3([](Rng& r) { return beta(r, 2.0, 3.0); }),
                 {0.06476746603605131, 0.51262072318833662, 0.70128327101108068});
  expect_doubles(first3([](Rng& r) { return poisson(r, 3.5); }), {1, 4, 1});
  expect_doubles(first3([](Rng& r) { return poisson(r, 100.0); }), {80, 85, 89});
  expect_doubles(first3([](Rng& r) { return triangular(r, 1.0, 2.0, 4.0); }),
                 {1.4228996717631872, 2.4599356437903501, 1.5671793247639081});
  const std::vector<double> w{0.2, 0.5, 0.3};
  expect_doubles(first3([&](Rng& r) { return categorical(r, w); }), {0, 1, 0});
}

TEST(RandomStreams, EachKeyFieldSelectsADifferentStream) {
  const std::uint64_t base = Rng(kKey).next();
  StreamKey k = kKey;
  k.seed++;
  EXPECT_NE(Rng(k).next(), base);
  k = kKey;
  k.purpose++;
  EXPECT_NE(Rng(k).next(), base);
  k = kKey;
  k.replication++;
  EXPECT_NE(Rng(k).next(), base);
  k = kKey;
  k.entity++;
  EXPECT_NE(Rng(k).next(), base);
  k = kKey;
  k.extra++;
  EXPECT_NE(Rng(k).next(), base);
  // Field order matters: swapping two fields' values is another stream.
  EXPECT_NE((StreamKey{.seed = 1, .purpose = 2}).hash(), (StreamKey{.seed = 2, .purpose = 1}).hash());
  // The same key gives the same stream (wherever and whenever it is created).
  EXPECT_EQ(Rng(kKey).next(), base);
}

TEST(RandomStreams, StreamsOfNeighbouringKeysAreUncorrelated) {
  // Pearson correlation of paired uniforms from streams keyed by adjacent replications/entities;
  // under independence it has SE 1/sqrt(n): require |r| < 4.5/sqrt(n).
  const int n = 100000;
  for (int which = 0; which < 3; ++which) {
    StreamKey a = kKey, b = kKey;
    if (which == 0) b.replication++;
    if (which == 1) b.entity++;
    if (which == 2) b.seed++;
    Rng ra(a), rb(b);
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < n; ++i) {
      const double x = ra.uniform01(), y = rb.uniform01();
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    const double cov = sxy / n - (sx / n) * (sy / n);
    const double r = cov / std::sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
    EXPECT_LT(std::fabs(r), 4.5 / std::sqrt(static_cast<double>(n))) << "key variant " << which;
  }
}

TEST(RandomStreams, UniformIntegersBelowNAreUnbiased) {
  // Each of 7 buckets has probability 1/7; its count's SE is sqrt(n p (1-p)).
  Rng r(kKey);
  const int n = 140000;
  std::vector<int> count(7, 0);
  for (int i = 0; i < n; ++i) ++count[r.below(7)];
  const double p = 1.0 / 7, se = std::sqrt(n * p * (1 - p));
  for (int c : count) EXPECT_LT(std::fabs(c - n * p), 4.5 * se);
}

}  // namespace
}  // namespace salesim::kernel
