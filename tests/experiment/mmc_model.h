// An M/M/c queue built from the kernel, shaped like a salesim replication function, so the
// experiment runner can be checked against a closed form (Erlang C).
//
//   MmcModel m{.arrival_rate = 2, .service_rate = 1, .servers = 3, .horizon = 200};
//   ReplicationOutput out = m.run(key);   // kpis[0]: share of time all servers are busy
//
// The queue starts in its stationary distribution, so the time-average of "all servers busy" is
// an unbiased estimate of P(wait) = Erlang C for any horizon: a 95% CI over replications should
// cover the exact value in about 95% of experiments.
#pragma once

#include <cmath>
#include <vector>

#include "sim/kernel/random.h"
#include "sim/kernel/simulation.h"
#include "sim/model/model.h"

namespace salesim::testing {

struct MmcModel {
  double arrival_rate = 2.0;
  double service_rate = 1.0;
  int servers = 3;
  double horizon = 200.0;

  // Erlang C: probability an arrival waits.
  double erlang_c() const {
    const double a = arrival_rate / service_rate, rho = a / servers;
    double sum = 0, term = 1;
    for (int k = 0; k < servers; ++k) {
      sum += term;
      term *= a / (k + 1);
    }
    const double top = term / (1 - rho);  // term == a^c / c!
    return top / (sum + top);
  }

  static std::vector<model::KpiDefinition> kpis() {
    return {{"p_all_busy", "share", true, true, "share of time every server is busy"},
            {"customers", "count", false, true, "customers arrived"}};
  }

  model::ReplicationOutput run(const model::ReplicationKey& key) const {
    struct Queue {
      kernel::Simulation sim;
      kernel::Rng arrivals, services, start;
      const MmcModel* m;
      int n = 0;
      double last = 0, busy_time = 0, customers = 0;
      kernel::HandlerId on_arrive = 0, on_depart = 0;
      Queue(const MmcModel* mm, const model::ReplicationKey& k)
          : arrivals(kernel::StreamKey{k.seed, 1, k.replication, k.design_point}),
            services(kernel::StreamKey{k.seed, 2, k.replication, k.design_point}),
            start(kernel::StreamKey{k.seed, 3, k.replication, k.design_point}),
            m(mm) {}
      void account() {
        if (n >= m->servers) busy_time += sim.now() - last;
        last = sim.now();
      }
      void arrive(std::uint64_t) {
        account();
        ++n;
        customers += 1;
        if (n <= m->servers) sim.schedule_in(kernel::exponential(services, 1.0 / m->service_rate), on_depart);
        sim.schedule_in(kernel::exponential(arrivals, 1.0 / m->arrival_rate), on_arrive);
      }
      void depart(std::uint64_t) {
        account();
        --n;
        if (n >= m->servers) sim.schedule_in(kernel::exponential(services, 1.0 / m->service_rate), on_depart);
      }
    };
    Queue q(this, key);
    q.on_arrive = q.sim.bind<&Queue::arrive>(&q);
    q.on_depart = q.sim.bind<&Queue::depart>(&q);
    // Stationary start: P(N < c) by weights a^n/n!, else c + Geometric(rho).
    const double a = arrival_rate / service_rate, rho = a / servers;
    std::vector<double> w;
    double term = 1;
    for (int k = 0; k < servers; ++k) {
      w.push_back(term);
      term *= a / (k + 1);
    }
    w.push_back(term / (1 - rho));
    const std::size_t pick = kernel::categorical(q.start, w);
    int n0 = static_cast<int>(pick);
    if (pick == w.size() - 1) {
      n0 = servers;
      while (kernel::bernoulli(q.start, rho)) ++n0;
    }
    q.n = n0;
    for (int i = 0; i < std::min(n0, servers); ++i)
      q.sim.schedule_in(kernel::exponential(q.services, 1.0 / service_rate), q.on_depart);
    q.sim.schedule_in(kernel::exponential(q.arrivals, 1.0 / arrival_rate), q.on_arrive);
    q.sim.run_until(horizon);
    q.account();
    model::ReplicationOutput out;
    out.kpis = {q.busy_time / horizon, q.customers};
    out.weekly = {{q.customers, q.busy_time}};
    out.events = q.sim.events_executed();
    return out;
  }
};

}  // namespace salesim::testing
