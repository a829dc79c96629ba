// Random streams keyed by identity, and our own portable distributions.
//
// Every stream is derived from a StreamKey (seed, purpose, replication, entity, extra) by hashing
// with SplitMix64, never from a thread or rank, so a replication draws the same numbers wherever it
// runs. The generator is xoshiro256**. The distributions below are ours (std::*_distribution differ
// between standard libraries); golden vectors in tests/kernel/random_test.cpp pin their output.
//
//   Rng rng(StreamKey{.seed = 7, .purpose = Purpose::market, .replication = 3});
//   double d = exponential(rng, 2.0);
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace salesim::kernel {

// One SplitMix64 step: advances `state` and returns a well-mixed 64-bit value.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Combines a running hash with one more word (order matters).
constexpr std::uint64_t hash_combine(std::uint64_t h, std::uint64_t word) {
  std::uint64_t s = h ^ (word + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2));
  return splitmix64(s);
}

// The identity of a random stream. `purpose` separates independent uses (market, competitors,
// each mechanism) so that changing how one mechanism draws never shifts another's numbers: this is
// what makes common random numbers work across plans.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t purpose = 0;
  std::uint64_t replication = 0;
  std::uint64_t entity = 0;
  std::uint64_t extra = 0;

  constexpr std::uint64_t hash() const {
    std::uint64_t h = 0x5a1e5115eedULL;
    h = hash_combine(h, seed);
    h = hash_combine(h, purpose);
    h = hash_combine(h, replication);
    h = hash_combine(h, entity);
    h = hash_combine(h, extra);
    return h;
  }
};

// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }
  explicit Rng(const StreamKey& key) { reseed(key.hash()); }

  void reseed(std::uint64_t seed) {
    for (auto& w : s_) w = splitmix64(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1), 53 bits.
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: never 0, so log() is finite.
  double uniform_pos() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  // Uniform integer on [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-64 * n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// --- Distributions. Each documents its parameters; invalid parameters are the caller's bug
// (scenario validation rejects them before a run). Each consumes a documented number of draws.

// The cheap ones are inline (hot paths draw them per event).
// Uniform on [a, b). One draw.
inline double uniform(Rng& rng, double a, double b) { return a + (b - a) * rng.uniform01(); }
// True with probability p. One draw.
inline bool bernoulli(Rng& rng, double p) { return rng.uniform01() < p; }
// Exponential with the given mean (> 0), by inversion: -mean * log(U), U on (0, 1]. One draw.
inline double exponential(Rng& rng, double mean) { return -mean * std::log(rng.uniform_pos()); }
// Normal(mean, sd) by Box-Muller, using the cosine branch only. Two draws.
double normal(Rng& rng, double mean, double sd);
// exp(Normal(mu, sigma)): mu and sigma are the underlying normal's. Two draws.
double lognormal(Rng& rng, double mu, double sigma);
// Lognormal given its own mean (> 0) and coefficient of variation (>= 0). Two draws.
double lognormal_mean_cv(Rng& rng, double mean, double cv);
// Gamma(shape k > 0, scale theta > 0), Marsaglia & Tsang; variable number of draws.
double gamma(Rng& rng, double shape, double scale);
// Beta(a > 0, b > 0) from two gammas.
double beta(Rng& rng, double a, double b);
// Poisson(mean >= 0): inversion for mean < 30, else the PTRS transformed rejection (Hormann 1993).
std::uint64_t poisson(Rng& rng, double mean);
// Triangular(lo <= mode <= hi) by inversion. One draw.
double triangular(Rng& rng, double lo, double mode, double hi);
// Index i with probability weights[i] / sum(weights); weights >= 0 with a positive sum. One draw.
std::size_t categorical(Rng& rng, std::span<const double> weights);

}  // namespace salesim::kernel
