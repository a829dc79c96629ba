// Procedure KN (sim/experiment/selection.h) on synthetic normal systems with a known best.
// Statistical checks run many independent macro-replications with fixed seeds and compare the
// observed share of correct selections with the promised 1 - alpha, less 3 binomial standard
// errors of that share at 1 - alpha (a correct procedure fails such a check about once in 700).
#include "sim/experiment/selection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include "sim/kernel/random.h"

namespace salesim::experiment {
namespace {

// k normal systems: X_ij = mu_i + sigma_i (sqrt(rho) Z_j + sqrt(1 - rho) E_ij), where Z_j is
// shared by replication j of every system (common random numbers: corr(X_ij, X_lj) = rho) and
// E_ij is the system's own. A pure function of (macro seed, system, replication).
struct Normals {
  std::vector<double> mu, sigma;
  double rho = 0;
  std::uint64_t seed = 0;
  double value(std::uint32_t i, std::uint64_t j) const {
    kernel::Rng common(kernel::StreamKey{.seed = seed, .purpose = 1, .replication = j});
    kernel::Rng own(kernel::StreamKey{.seed = seed, .purpose = 2, .replication = j, .entity = i});
    const double z = kernel::normal(common, 0, 1), e = kernel::normal(own, 0, 1);
    return mu[i] + sigma[i] * (std::sqrt(rho) * z + std::sqrt(1 - rho) * e);
  }
  SelectionSampler sampler(std::uint64_t* calls = nullptr) const {
    return [this, calls](std::span<const SelectionPair> pairs) {
      if (calls) ++*calls;
      std::vector<double> v;
      for (const auto& p : pairs) v.push_back(value(p.system, p.replication));
      return v;
    };
  }
};

// Slippage: every system at 0 but `best` at `gap`.
Normals slippage(std::uint32_t k, std::uint32_t best, double gap, std::vector<double> sigma, double rho) {
  Normals n;
  n.mu.assign(k, 0.0);
  n.mu[best] = gap;
  n.sigma = std::move(sigma);
  n.rho = rho;
  return n;
}

double min_share(double pcs, int macro) { return pcs - 3 * std::sqrt(pcs * (1 - pcs) / macro); }

SelectionOptions options(std::uint32_t k, double delta, double pcs, std::uint32_t n0) {
  SelectionOptions o;
  o.systems = k;
  o.delta = delta;
  o.pcs = pcs;
  o.n0 = n0;
  o.max_replications = 100000;
  o.top = 3;
  o.pbest_draws = 200;  // P(best) is not what these tests look at
  return o;
}

// The share of `macro` independent runs (seeds 1000 + m) that select `best`, with every run
// ending by elimination.
double correct_share(Normals n, const SelectionOptions& o, std::uint32_t best, int macro) {
  int correct = 0;
  for (int m = 0; m < macro; ++m) {
    n.seed = 1000 + static_cast<std::uint64_t>(m);
    const SelectionResult r = select_best(o, n.sampler());
    EXPECT_TRUE(r.guaranteed);
    correct += r.best == best;
  }
  std::printf("  observed PCS %d/%d (promised %.3f, floor %.4f)\n", correct, macro, o.pcs, min_share(o.pcs, macro));
  return static_cast<double>(correct) / macro;
}

TEST(Selection, KnConstantsAreThePapers) {
  // eta = 1/2 [(2 alpha/(k-1))^(-2/(n0-1)) - 1]: k = 2, alpha = 0.05, n0 = 10 by hand.
  EXPECT_NEAR(kn_eta(2, 0.95, 10), 0.3340502686, 1e-9);
  EXPECT_NEAR(kn_eta(10, 0.95, 10), 0.8590834299, 1e-9);
  const SelectionResult r = select_best(options(10, 1, 0.95, 10), slippage(10, 3, 1, std::vector<double>(10, 1), 0.5).sampler());
  EXPECT_NEAR(r.h2, 2 * 0.8590834299 * 9, 1e-8);
}

constexpr int kMacro = 1000;

TEST(Selection, SelectsTheBestAtLeastAsOftenAsPromisedWithEqualVariancesUnderCrn) {
  const std::uint32_t k = 10, best = 6;
  const double delta = 1;
  const auto n = slippage(k, best, delta, std::vector<double>(k, 2.0), 0.5);
  EXPECT_GE(correct_share(n, options(k, delta, 0.95, 10), best, kMacro), min_share(0.95, kMacro));
}

TEST(Selection, SelectsTheBestAtLeastAsOftenAsPromisedWithUnequalVariances) {
  const std::uint32_t k = 10, best = 2;
  const double delta = 0.5;
  std::vector<double> sigma(k);
  for (std::uint32_t i = 0; i < k; ++i) sigma[i] = 0.5 + 0.25 * i;  // the best is not the noisiest
  const auto n = slippage(k, best, delta, sigma, 0.3);
  EXPECT_GE(correct_share(n, options(k, delta, 0.9, 8), best, kMacro), min_share(0.9, kMacro));
}

TEST(Selection, BatchesAndMinimisingKeepTheGuarantee) {
  const std::uint32_t k = 10, best = 8;
  const double delta = 1;
  Normals n = slippage(k, best, -delta, std::vector<double>(k, 1.5), 0.6);  // the best is the lowest
  SelectionOptions o = options(k, delta, 0.95, 10);
  o.maximise = false;
  o.batch = 5;
  EXPECT_GE(correct_share(n, o, best, kMacro), min_share(0.95, kMacro));
}

// A system within delta of the best may be selected in its place (both are "good"); the systems
// further than delta behind may not, more often than alpha. (KN's theorem covers the best alone;
// this good-selection property is checked empirically, at the same tolerance.)
TEST(Selection, ASystemInsideTheIndifferenceZoneDoesNotBreakIt) {
  const std::uint32_t k = 10, best = 4, close = 7;
  const double delta = 1;
  Normals n = slippage(k, best, delta, std::vector<double>(k, 2.0), 0.5);
  n.mu[close] = delta * 0.75;
  int good = 0;
  for (int m = 0; m < kMacro; ++m) {
    n.seed = 5000 + static_cast<std::uint64_t>(m);
    const SelectionResult r = select_best(options(k, delta, 0.95, 10), n.sampler());
    good += r.best == best || r.best == close;
  }
  std::printf("  observed good selection %d/%d\n", good, kMacro);
  EXPECT_GE(static_cast<double>(good) / kMacro, min_share(0.95, kMacro));
}

TEST(Selection, IdenticalSystemsEndAtOnceOnTheLowestIndex) {
  Normals n = slippage(5, 0, 0, std::vector<double>(5, 1.0), 1.0);  // rho = 1: identical outputs
  n.seed = 3;
  const SelectionResult r = select_best(options(5, 0.1, 0.95, 5), n.sampler());
  EXPECT_EQ(r.best, 0u);
  EXPECT_TRUE(r.guaranteed);
  EXPECT_EQ(r.total_replications, 25u);
}

TEST(Selection, AllSystemsInsideTheZoneStillEndsBeforeTheApexAndSelectsOne) {
  Normals n = slippage(6, 0, 0, std::vector<double>(6, 1.0), 0.2);  // six equal means
  n.seed = 11;
  SelectionOptions o = options(6, 0.5, 0.95, 10);
  const SelectionResult r = select_best(o, n.sampler());
  EXPECT_TRUE(r.guaranteed);
  EXPECT_LE(r.total_replications, r.equal_allocation_replications);
}

TEST(Selection, SpendsFarFewerReplicationsThanEqualAllocationWhenTheAnswerIsEasy) {
  const std::uint32_t k = 10;
  Normals n = slippage(k, 5, 1, std::vector<double>(k, 1.0), 0.5);
  for (std::uint32_t i = 0; i < k; ++i)
    if (i != 5) n.mu[i] = -0.5 * i;  // most systems far behind
  n.seed = 21;
  const SelectionResult r = select_best(options(k, 0.2, 0.95, 10), n.sampler());
  EXPECT_EQ(r.best, 5u);
  EXPECT_GT(r.equal_allocation_per_system, 100u);  // h^2 S^2 / delta^2 = 15.5 x 1 / 0.04
  EXPECT_LT(r.total_replications * 3, r.equal_allocation_replications);
  // The far ones go at the first screening.
  EXPECT_EQ(r.systems[9].replications, 10u);
  EXPECT_TRUE(r.systems[9].eliminated);
  EXPECT_EQ(r.systems[9].eliminated_at, 10u);
}

TEST(Selection, ReportsTheTopPlansWithPairedIntervalsAndPBest) {
  const std::uint32_t k = 4;
  Normals n = slippage(k, 1, 3, std::vector<double>(k, 1.0), 0.5);
  n.mu = {0, 3, 2.5, -5};
  n.seed = 4;
  SelectionOptions o = options(k, 1, 0.95, 20);
  o.top = 3;
  o.pbest_draws = 20000;
  const SelectionResult r = select_best(o, n.sampler());
  ASSERT_EQ(r.best, 1u);
  ASSERT_EQ(r.top.size(), 3u);
  EXPECT_EQ(r.top[0].system, 1u);
  EXPECT_EQ(r.top[1].system, 2u);
  EXPECT_EQ(r.top[2].system, 0u);
  EXPECT_EQ(r.top[0].diff_mean, 0);
  double sum = 0;
  for (const TopPlan& t : r.top) {
    sum += t.p_best;
    EXPECT_NEAR(t.mean, r.systems[t.system].mean, 0);
    if (t.system != r.best) {
      EXPECT_LT(t.diff_low, t.diff_mean);
      EXPECT_GT(t.diff_high, t.diff_mean);
      EXPECT_EQ(t.paired_n, std::min(r.systems[t.system].replications, r.systems[r.best].replications));
    }
  }
  EXPECT_NEAR(sum, 1, 1e-12);
  EXPECT_GT(r.top[0].p_best, r.top[1].p_best);
  // The interval of the 0.5-behind plan holds -0.5 within a few of its half-widths.
  EXPECT_LT(r.top[1].diff_low, -0.5 + 3 * (r.top[1].diff_high - r.top[1].diff_low));
}

TEST(Selection, IsAPureFunctionOfTheValuesAndAsksInWholeOrderedBatches) {
  Normals n = slippage(8, 2, 0.5, std::vector<double>(8, 1.0), 0.4);
  n.seed = 77;
  SelectionOptions o = options(8, 0.5, 0.95, 10);
  o.batch = 3;
  std::vector<std::vector<SelectionPair>> asked;
  auto sampler = [&](std::span<const SelectionPair> pairs) {
    asked.emplace_back(pairs.begin(), pairs.end());
    std::vector<double> v;
    for (const auto& p : pairs) v.push_back(n.value(p.system, p.replication));
    return v;
  };
  const SelectionResult a = select_best(o, sampler);
  const auto first_calls = asked;
  const SelectionResult b = select_best(o, sampler);
  EXPECT_EQ(a.best, b.best);
  EXPECT_EQ(a.total_replications, b.total_replications);
  for (std::size_t i = 0; i < a.systems.size(); ++i) EXPECT_EQ(a.systems[i].mean, b.systems[i].mean);
  ASSERT_EQ(asked.size(), 2 * first_calls.size());
  // First stage: every system, replications 0..n0-1; later stages: whole batches of survivors,
  // systems in index order.
  EXPECT_EQ(first_calls[0].size(), 8u * 10u);
  for (std::size_t c = 1; c < first_calls.size(); ++c) {
    const auto& call = first_calls[c];
    ASSERT_EQ(call.size() % 3, 0u);
    for (std::size_t j = 1; j < call.size(); ++j) EXPECT_LE(call[j - 1].system, call[j].system);
  }
  EXPECT_EQ(a.stages, first_calls.size());
}

TEST(Selection, StopsAtTheCapWithoutTheGuarantee) {
  Normals n = slippage(3, 0, 0, std::vector<double>(3, 1.0), 0.0);  // equal means, independent
  n.seed = 9;
  SelectionOptions o = options(3, 0.01, 0.95, 5);
  o.max_replications = 12;
  const SelectionResult r = select_best(o, n.sampler());
  EXPECT_FALSE(r.guaranteed);
  std::uint32_t expect = 0;
  for (std::uint32_t i = 0; i < 3; ++i)
    if (!r.systems[i].eliminated && r.systems[i].mean > r.systems[expect].mean) expect = i;
  EXPECT_EQ(r.best, expect);
  for (const auto& s : r.systems) EXPECT_LE(s.replications, 12u);
}

TEST(Selection, RefusesInvalidOptions) {
  const Normals n = slippage(3, 0, 1, std::vector<double>(3, 1.0), 0.0);
  auto with = [&](auto change) {
    SelectionOptions o = options(3, 1, 0.95, 10);
    change(o);
    return [o, &n] { select_best(o, n.sampler()); };
  };
  EXPECT_THROW(with([](auto& o) { o.delta = 0; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.delta = -1; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.delta = std::nan(""); })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.pcs = 0.5; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.pcs = 1; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.pcs = 0.2; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.n0 = 1; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.max_replications = 9; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.systems = 0; })(), SelectionError);
  EXPECT_THROW(with([](auto& o) { o.batch = 0; })(), SelectionError);
  EXPECT_NO_THROW(with([](auto& o) { o.pcs = 0.51; })());
  EXPECT_THROW(select_best(options(3, 1, 0.95, 10), [](std::span<const SelectionPair>) { return std::vector<double>{}; }),
               std::runtime_error);
}

}  // namespace
}  // namespace salesim::experiment
