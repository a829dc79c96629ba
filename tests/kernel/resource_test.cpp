// Resource pools: capacity, FIFO and priority queues, release, cancel, statistics (resource.h).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/process.h"
#include "sim/kernel/resource.h"
#include "sim/kernel/simulation.h"

namespace salesim::kernel {
namespace {

// Callback-form clients: each grant is logged, and the unit is released `hold` later.
struct Clients {
  Clients(Simulation& s, Resource& r, double h) : sim(s), pool(r), hold(h) {
    granted = sim.bind<&Clients::on_granted>(this);
    done = sim.bind<&Clients::on_done>(this);
  }
  void on_granted(std::uint64_t who) {
    log.emplace_back(sim.now(), who);
    sim.schedule_in(hold, done, who);
  }
  void on_done(std::uint64_t) { pool.release(); }
  std::vector<std::uint64_t> order() const {
    std::vector<std::uint64_t> o;
    for (auto& e : log) o.push_back(e.second);
    return o;
  }
  Simulation& sim;
  Resource& pool;
  double hold;
  HandlerId granted = 0, done = 0;
  std::vector<std::pair<double, std::uint64_t>> log;
};

TEST(Resource, GrantsUpToCapacityAtOnceAndQueuesTheRestInRequestOrder) {
  Simulation sim;
  Resource pool(sim, 2);
  Clients c(sim, pool, 3.0);
  for (std::uint64_t i = 0; i < 5; ++i) pool.acquire(c.granted, i);
  EXPECT_EQ(pool.in_use(), 2u);
  EXPECT_EQ(pool.queue_length(), 3u);
  sim.run();
  EXPECT_EQ(c.log, (std::vector<std::pair<double, std::uint64_t>>{{0, 0}, {0, 1}, {3, 2}, {3, 3}, {6, 4}}));
  EXPECT_EQ(pool.in_use(), 0u);
}

TEST(Resource, ServesSmallerPriorityValuesFirstAndTiesInRequestOrder) {
  Simulation sim;
  Resource pool(sim, 1);
  Clients c(sim, pool, 1.0);
  pool.acquire(c.granted, 0, 5);  // granted at once: nobody queued
  pool.acquire(c.granted, 1, 5);
  pool.acquire(c.granted, 2, 1);
  pool.acquire(c.granted, 3, 9);
  pool.acquire(c.granted, 4, 1);
  pool.acquire(c.granted, 5, -2);
  sim.run();
  EXPECT_EQ(c.order(), (std::vector<std::uint64_t>{0, 5, 2, 4, 1, 3}));
}

TEST(Resource, CancelWithdrawsAWaitingRequestOnlyOnce) {
  Simulation sim;
  Resource pool(sim, 1);
  Clients c(sim, pool, 1.0);
  Resource::Ticket first = pool.acquire(c.granted, 0);
  Resource::Ticket second = pool.acquire(c.granted, 1);
  Resource::Ticket third = pool.acquire(c.granted, 2);
  EXPECT_FALSE(first.queued());
  EXPECT_FALSE(pool.cancel(first));  // granted at once: nothing to withdraw
  EXPECT_TRUE(pool.cancel(second));
  EXPECT_FALSE(pool.cancel(second));
  EXPECT_EQ(pool.queue_length(), 1u);
  sim.run();
  EXPECT_EQ(c.order(), (std::vector<std::uint64_t>{0, 2}));
  EXPECT_FALSE(pool.cancel(third));  // already granted
}

TEST(Resource, ReleasingWithNoUnitInUseIsAnError) {
  Simulation sim;
  Resource pool(sim, 3, "presales");
  EXPECT_THROW(pool.release(), std::logic_error);
  EXPECT_THROW(Resource(sim, 0), std::invalid_argument);
}

TEST(Resource, RecordsUtilisationTimeAverageQueueLengthAndWaits) {
  // Capacity 1, hold 2: requests at t=0 (x3). Grants at 0, 2, 4; busy on [0,6); queue 2 on [0,2),
  // 1 on [2,4), 0 after. Observed to t=8.
  Simulation sim;
  Resource pool(sim, 1);
  Clients c(sim, pool, 2.0);
  for (std::uint64_t i = 0; i < 3; ++i) pool.acquire(c.granted, i);
  sim.run_until(8.0);
  EXPECT_DOUBLE_EQ(pool.utilisation(), 6.0 / 8.0);
  EXPECT_DOUBLE_EQ(pool.mean_queue_length(), (2.0 * 2 + 1.0 * 2) / 8.0);
  EXPECT_EQ(pool.grants(), 3u);
  EXPECT_DOUBLE_EQ(pool.waits().mean(), (0.0 + 2.0 + 4.0) / 3.0);
  EXPECT_EQ(pool.waits().max(), 4.0);
  pool.reset_statistics();
  sim.run_until(10.0);
  EXPECT_DOUBLE_EQ(pool.utilisation(), 0.0);
  EXPECT_EQ(pool.grants(), 0u);
}

Process user(Simulation& sim, Resource* pool, int priority, double hold, std::vector<std::string>* log, std::string name) {
  Request r = pool->request(priority);
  co_await r;
  log->push_back(std::to_string(static_cast<int>(sim.now())) + " " + name);
  co_await sim.timeout(hold);
  r.release();
  EXPECT_FALSE(r.held());
}

TEST(Resource, ServesProcessesAndCallbacksFromOneQueue) {
  Simulation sim;
  Resource pool(sim, 1);
  Clients c(sim, pool, 1.0);
  std::vector<std::string> log;
  start(sim, user(sim, &pool, 0, 4.0, &log, "p0"));
  sim.run_until(1.0);
  pool.acquire(c.granted, 100, 3);
  start(sim, user(sim, &pool, 2, 1.0, &log, "p1"));
  start(sim, user(sim, &pool, 3, 1.0, &log, "p2"));
  sim.run();
  // At 4: p1 (priority 2) first; at 5 the callback (3, earlier) before p2 (3, later).
  EXPECT_EQ(log, (std::vector<std::string>{"0 p0", "4 p1", "6 p2"}));
  EXPECT_EQ(c.log, (std::vector<std::pair<double, std::uint64_t>>{{5, 100}}));
}

Process holder_dropped(Simulation& sim, Resource* pool) {
  {
    Request r = pool->request();
    co_await r;
    co_await sim.timeout(1.0);
  }  // r's destructor returns the unit
  co_await sim.timeout(10.0);
}

TEST(Resource, ARequestGoingOutOfScopeReturnsItsUnit) {
  Simulation sim;
  Resource pool(sim, 1);
  start(sim, holder_dropped(sim, &pool));
  sim.run_until(0.5);
  EXPECT_EQ(pool.in_use(), 1u);
  sim.run_until(2.0);
  EXPECT_EQ(pool.in_use(), 0u);
}

}  // namespace
}  // namespace salesim::kernel
