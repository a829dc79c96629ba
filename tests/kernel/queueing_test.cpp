// M/M/1, M/M/c and two-class priority M/M/1 queues built from the kernel's resource pool, checked
// against closed forms (Erlang C, Cobham).
//
// Each test runs R independent replications (seeds keyed by replication number), deletes a warm-up
// of 1000 time units (the M/M/1 relaxation time at rho = 0.8 is about 1/(mu (1 - sqrt(rho))^2) = 320),
// then observes T time units. The per-replication estimates are independent, so their mean has a
// standard error SE = sd / sqrt(R); we require |mean - closed form| < 4.5 SE (a false alarm
// probability below 1e-5 per check), and SE below 10% of the closed form so the check has power.
// Little's law (Lq = lambda * Wq) holds on each sample path up to boundary terms (customers queued
// at the start and end of the window, O(Lq * Wq) against a total of lambda * T * Wq): within 1%.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "sim/kernel/process.h"
#include "sim/kernel/random.h"
#include "sim/kernel/resource.h"
#include "sim/kernel/simulation.h"
#include "sim/kernel/statistics.h"

namespace salesim::kernel {
namespace {

constexpr double kWarmup = 1000.0;
constexpr double kWindow = 10000.0;
constexpr int kReplications = 20;

struct Estimates {
  Tally wait, utilisation, queue_length;
  double worst_little_error = 0.0;
  void add(const Resource& pool) {
    wait.add(pool.waits().mean());
    utilisation.add(pool.utilisation());
    queue_length.add(pool.mean_queue_length());
    const double lambda_hat = static_cast<double>(pool.grants()) / kWindow;
    const double little = std::fabs(pool.mean_queue_length() - lambda_hat * pool.waits().mean()) /
                          pool.mean_queue_length();
    worst_little_error = std::max(worst_little_error, little);
  }
};

void expect_close(const Tally& t, double expected, const char* what) {
  EXPECT_LT(std::fabs(t.mean() - expected), 4.5 * t.std_error())
      << what << ": mean " << t.mean() << " vs " << expected << " (SE " << t.std_error() << ")";
  EXPECT_LT(t.std_error(), 0.1 * expected) << what << ": too noisy to be a test";
}

// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double term = 1.0, sum = 0.0;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double last = term / (1.0 - a / c);
  return last / (sum + last);
}

// --- M/M/1 with processes: a source process starts one customer process per arrival.
Process customer(Simulation& sim, Resource* server, Rng* service, double mean_service) {
  Request seat = server->request();
  co_await seat;
  const double d = exponential(*service, mean_service);
  co_await sim.timeout(d);
}

Process source(Simulation& sim, Resource* server, Rng* arrivals, Rng* service, double mean_gap, double mean_service) {
  for (;;) {
    const double gap = exponential(*arrivals, mean_gap);
    co_await sim.timeout(gap);
    start(sim, customer(sim, server, service, mean_service));
  }
}

TEST(Queueing, MM1FromProcessesMatchesTheClosedFormWaitAndUtilisation) {
  const double lambda = 0.8, mu = 1.0, rho = lambda / mu;
  Estimates est;
  for (int r = 0; r < kReplications; ++r) {
    Simulation sim;
    Resource server(sim, 1);
    Rng arrivals(StreamKey{.seed = 2026, .purpose = 1, .replication = static_cast<std::uint64_t>(r)});
    Rng service(StreamKey{.seed = 2026, .purpose = 2, .replication = static_cast<std::uint64_t>(r)});
    start(sim, source(sim, &server, &arrivals, &service, 1.0 / lambda, 1.0 / mu));
    sim.run_until(kWarmup);
    server.reset_statistics();
    sim.run_until(kWarmup + kWindow);
    est.add(server);
  }
  expect_close(est.wait, rho / (mu - lambda), "M/M/1 Wq");
  expect_close(est.utilisation, rho, "M/M/1 utilisation");
  expect_close(est.queue_length, rho * rho / (1.0 - rho), "M/M/1 Lq");
  EXPECT_LT(est.worst_little_error, 0.01);
}

// --- M/M/c with callbacks.
struct MMc {
  MMc(Simulation& s, int c, double lambda, double mu, std::uint64_t replication)
      : sim(s),
        pool(s, static_cast<std::size_t>(c)),
        arrivals(StreamKey{.seed = 77, .purpose = 1, .replication = replication}),
        service(StreamKey{.seed = 77, .purpose = 2, .replication = replication}),
        mean_gap(1.0 / lambda),
        mean_service(1.0 / mu) {
    arrive = sim.bind<&MMc::on_arrive>(this);
    seated = sim.bind<&MMc::on_seated>(this);
    done = sim.bind<&MMc::on_done>(this);
    sim.schedule_in(exponential(arrivals, mean_gap), arrive);
  }
  void on_arrive(std::uint64_t) {
    pool.acquire(seated);
    sim.schedule_in(exponential(arrivals, mean_gap), arrive);
  }
  void on_seated(std::uint64_t) { sim.schedule_in(exponential(service, mean_service), done); }
  void on_done(std::uint64_t) { pool.release(); }

  Simulation& sim;
  Resource pool;
  Rng arrivals, service;
  double mean_gap, mean_service;
  HandlerId arrive = 0, seated = 0, done = 0;
};

TEST(Queueing, MMcFromCallbacksMatchesErlangCWaitAndUtilisation) {
  const int c = 3;
  const double lambda = 2.4, mu = 1.0, a = lambda / mu, rho = a / c;
  const double wq = erlang_c(c, a) / (c * mu - lambda);
  Estimates est;
  for (int r = 0; r < kReplications; ++r) {
    Simulation sim;
    MMc q(sim, c, lambda, mu, static_cast<std::uint64_t>(r));
    sim.run_until(kWarmup);
    q.pool.reset_statistics();
    sim.run_until(kWarmup + kWindow);
    est.add(q.pool);
  }
  EXPECT_NEAR(erlang_c(c, a), 0.6472, 1e-4);  // textbook value for c=3, a=2.4
  expect_close(est.wait, wq, "M/M/3 Wq");
  expect_close(est.utilisation, rho, "M/M/3 utilisation");
  expect_close(est.queue_length, lambda * wq, "M/M/3 Lq");
  EXPECT_LT(est.worst_little_error, 0.01);
}

// --- M/G/1 with two non-preemptive priority classes (Cobham): W_k = W0 / ((1 - s_{k-1})(1 - s_k)),
// W0 = sum_i lambda_i E[S_i^2] / 2, s_k = the load of classes 1..k. Exponential service, mu = 1.
Process classed_customer(Simulation& sim, Resource* server, Rng* service, int priority, Tally* waits) {
  const double asked = sim.now();
  Request seat = server->request(priority);
  co_await seat;
  if (asked >= kWarmup) waits->add(sim.now() - asked);
  const double d = exponential(*service, 1.0);
  co_await sim.timeout(d);
}

Process classed_source(Simulation& sim, Resource* server, Rng* arrivals, Rng* service, double rate, int priority,
                       Tally* waits) {
  for (;;) {
    const double gap = exponential(*arrivals, 1.0 / rate);
    co_await sim.timeout(gap);
    start(sim, classed_customer(sim, server, service, priority, waits));
  }
}

TEST(Queueing, PriorityClassesWaitAsCobhamsFormulaPredicts) {
  const double l1 = 0.3, l2 = 0.5, w0 = (l1 + l2) * 2.0 / 2.0;
  const double w1 = w0 / (1.0 - l1), w2 = w0 / ((1.0 - l1) * (1.0 - l1 - l2));
  Tally high, low;
  for (int r = 0; r < kReplications; ++r) {
    Simulation sim;
    Resource server(sim, 1);
    auto key = [&](std::uint64_t purpose) {
      return StreamKey{.seed = 31, .purpose = purpose, .replication = static_cast<std::uint64_t>(r)};
    };
    Rng a1(key(1)), a2(key(2)), service(key(3));
    Tally t1, t2;
    start(sim, classed_source(sim, &server, &a1, &service, l1, 0, &t1));  // smaller value: served first
    start(sim, classed_source(sim, &server, &a2, &service, l2, 1, &t2));
    sim.run_until(kWarmup + kWindow);
    high.add(t1.mean());
    low.add(t2.mean());
  }
  expect_close(high, w1, "class 1 wait");
  expect_close(low, w2, "class 2 wait");
}

}  // namespace
}  // namespace salesim::kernel
