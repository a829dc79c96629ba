// Two runs with one seed execute the same trajectory: equal event-sequence fingerprints.
#include <gtest/gtest.h>

#include <cstdint>

#include "sim/kernel/process.h"
#include "sim/kernel/random.h"
#include "sim/kernel/resource.h"
#include "sim/kernel/simulation.h"

namespace salesim::kernel {
namespace {

// A small mixed model: callback arrivals, customer processes queueing for two desks with random
// priorities, and an impatient customer interrupted now and then.
struct Shop {
  Shop(Simulation& s, std::uint64_t seed)
      : sim(s), desks(s, 2), rng(StreamKey{.seed = seed, .purpose = 1}) {
    arrive = sim.bind<&Shop::on_arrive>(this);
    sim.schedule_in(exponential(rng, 1.0), arrive);
  }
  void on_arrive(std::uint64_t n) {
    ProcessHandle h = start(sim, customer(sim, this, static_cast<int>(rng.below(3))));
    if (bernoulli(rng, 0.1)) start(sim, heckler(sim, h, exponential(rng, 0.5)));
    sim.schedule_in(exponential(rng, 0.45), arrive, n + 1);
  }
  static Process customer(Simulation& sim, Shop* shop, int priority) {
    Request desk = shop->desks.request(priority);
    try {
      co_await desk;
      const double d = exponential(shop->rng, 0.8);
      co_await sim.timeout(d);
      ++shop->served;
    } catch (const Interrupt&) {
      ++shop->gave_up;
    }
  }
  static Process heckler(Simulation& sim, ProcessHandle victim, double delay) {
    co_await sim.timeout(delay);
    victim.interrupt();
  }
  Simulation& sim;
  Resource desks;
  Rng rng;
  HandlerId arrive = 0;
  int served = 0, gave_up = 0;
};

struct Outcome {
  std::uint64_t fingerprint, events;
  int served, gave_up;
};

Outcome run_shop(std::uint64_t seed) {
  Simulation sim;
  sim.enable_fingerprint();
  Shop shop(sim, seed);
  sim.run_until(500.0);
  return {sim.fingerprint(), sim.events_executed(), shop.served, shop.gave_up};
}

TEST(Reproducibility, TwoRunsWithOneSeedHaveIdenticalEventSequenceFingerprints) {
  const Outcome a = run_shop(5), b = run_shop(5);
  EXPECT_GT(a.events, 1000u);
  EXPECT_GT(a.gave_up, 0);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.served, b.served);
  EXPECT_EQ(a.gave_up, b.gave_up);
}

TEST(Reproducibility, ADifferentSeedGivesADifferentTrajectory) {
  EXPECT_NE(run_shop(5).fingerprint, run_shop(6).fingerprint);
}

}  // namespace
}  // namespace salesim::kernel
