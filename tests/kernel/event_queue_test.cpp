// The future-event set: ordering rule, cancel, peek/step, run_until/stop (sim/kernel/simulation.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/kernel/random.h"
#include "sim/kernel/simulation.h"

namespace salesim::kernel {
namespace {

// Records (time, payload) of every event it handles.
struct Recorder {
  explicit Recorder(Simulation* s) : sim(s) {}
  Simulation* sim;
  std::vector<std::pair<double, std::uint64_t>> seen;
  void on(std::uint64_t payload) { seen.emplace_back(sim->now(), payload); }
  std::vector<std::uint64_t> payloads() const {
    std::vector<std::uint64_t> out;
    for (auto& s : seen) out.push_back(s.second);
    return out;
  }
};

TEST(EventQueue, RunsEventsInTimeOrder) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  sim.schedule_at(3.0, h, 3);
  sim.schedule_at(1.0, h, 1);
  sim.schedule_at(2.0, h, 2);
  sim.run();
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(sim.now(), 3.0);
  EXPECT_EQ(sim.events_executed(), 3u);
}

TEST(EventQueue, RunsSameInstantEventsByPriorityThenInsertionOrder) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  sim.schedule_at(5.0, h, 10, Priority::normal);
  sim.schedule_at(5.0, h, 11, Priority::low);
  sim.schedule_at(5.0, h, 12, Priority::urgent);
  sim.schedule_at(5.0, h, 13, Priority::normal);
  sim.schedule_at(5.0, h, 14, Priority::high);
  sim.schedule_at(5.0, h, 15, Priority::urgent);
  sim.run();
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{12, 15, 14, 10, 13, 11}));
}

// Zero-delay events scheduled from a handler go through the side FIFO; they must still obey the
// rule against events already in the heap for the same instant.
struct ZeroDelay {
  Simulation* sim;
  HandlerId record = 0;
  Recorder* r;
  void spawn(std::uint64_t) {
    sim->schedule_in(0.0, record, 100, Priority::normal);  // after pending normal events at this time
    sim->schedule_in(0.0, record, 101, Priority::urgent);  // before them
    sim->schedule_in(0.0, record, 102, Priority::normal);
    sim->schedule_in(0.0, record, 103, Priority::low);
  }
};

TEST(EventQueue, KeepsTheOrderingRuleForZeroDelayEvents) {
  Simulation sim;
  Recorder r(&sim);
  ZeroDelay z{&sim, 0, &r};
  z.record = sim.bind<&Recorder::on>(&r);
  HandlerId spawn = sim.bind<&ZeroDelay::spawn>(&z);
  sim.schedule_at(1.0, spawn, 0, Priority::urgent);
  sim.schedule_at(1.0, z.record, 1, Priority::normal);
  sim.schedule_at(1.0, z.record, 2, Priority::high);
  sim.schedule_at(1.0, z.record, 3, Priority::low);
  sim.schedule_at(2.0, z.record, 4);
  sim.run();
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{101, 2, 1, 100, 102, 3, 103, 4}));
}

TEST(EventQueue, RunsRandomSchedulesInExactlyTheOrderOfASortByTimePriorityAndSequence) {
  // Many ties (times on a coarse grid), all priorities, cancels, and events scheduled while running
  // (strictly later, so a global sort is the right oracle).
  struct Model {
    Simulation sim;
    Rng rng{42};
    HandlerId h = 0;
    struct Scheduled {
      double time;
      int priority;
      std::uint64_t sequence;
      bool cancelled = false;
    };
    std::vector<Scheduled> all;
    std::vector<EventId> ids;
    std::vector<std::uint64_t> ran;  // indices into all
    void add(double t) {
      const int p = static_cast<int>(rng.below(4));
      const std::uint64_t index = all.size();
      ids.push_back(sim.schedule_at(t, h, index, static_cast<Priority>(p)));
      all.push_back({t, p, ids.back().sequence});
    }
    void on(std::uint64_t index) {
      ran.push_back(index);
      if (rng.uniform01() < 0.5) add(sim.now() + 1.0 + static_cast<double>(rng.below(3)));
    }
  } m;
  m.h = m.sim.bind<&Model::on>(&m);
  for (int i = 0; i < 2000; ++i) m.add(static_cast<double>(m.rng.below(50)));
  for (std::size_t i = 0; i < m.ids.size(); i += 7) {
    ASSERT_TRUE(m.sim.cancel(m.ids[i]));
    m.all[i].cancelled = true;
  }
  m.sim.run();
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 0; i < m.all.size(); ++i)
    if (!m.all[i].cancelled) expected.push_back(i);
  std::sort(expected.begin(), expected.end(), [&](std::uint64_t x, std::uint64_t y) {
    const auto& a = m.all[x];
    const auto& b = m.all[y];
    return std::tie(a.time, a.priority, a.sequence) < std::tie(b.time, b.priority, b.sequence);
  });
  EXPECT_GT(m.ran.size(), 2000u);
  EXPECT_EQ(m.ran, expected);
  EXPECT_EQ(m.sim.pending(), 0u);
}

TEST(EventQueue, CancelledEventsDoNotRunAndCancelReportsWhetherItDidAnything) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  EventId a = sim.schedule_at(1.0, h, 1);
  EventId b = sim.schedule_at(2.0, h, 2);
  EventId c = sim.schedule_in(0.0, h, 3);  // zero delay: lives in the FIFO
  EXPECT_EQ(sim.pending(), 3u);
  EXPECT_TRUE(sim.cancel(b));
  EXPECT_FALSE(sim.cancel(b));  // already cancelled
  EXPECT_TRUE(sim.cancel(c));
  EXPECT_EQ(sim.pending(), 1u);
  sim.run();
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{1}));
  EXPECT_FALSE(sim.cancel(a));           // already ran
  EXPECT_FALSE(sim.cancel(EventId{}));   // never existed
  EXPECT_FALSE(sim.cancel(EventId{12345, 0}));
}

TEST(EventQueue, ACancelledEventsSlotReusedByALaterEventIsNotCancelledByTheOldId) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  EventId a = sim.schedule_at(1.0, h, 1);
  sim.run();
  EventId b = sim.schedule_at(2.0, h, 2);  // reuses a's slot
  EXPECT_EQ(a.slot, b.slot);
  EXPECT_FALSE(sim.cancel(a));
  sim.run();
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{1, 2}));
}

TEST(EventQueue, StaysCorrectWhenMostEventsAreCancelled) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  std::vector<EventId> ids;
  for (int i = 0; i < 10000; ++i) ids.push_back(sim.schedule_at(static_cast<double>(10000 - i), h, i));
  for (int i = 0; i < 10000; ++i)
    if (i % 100 != 0) {
      EXPECT_TRUE(sim.cancel(ids[i]));  // triggers compaction
    }
  EXPECT_EQ(sim.pending(), 100u);
  sim.run();
  ASSERT_EQ(r.seen.size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(r.seen[i].second, 9900 - 100 * i);
}

TEST(EventQueue, PeekShowsTheNextLiveEventAndStepRunsExactlyOne) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  EXPECT_EQ(sim.peek(), kInfinity);
  EXPECT_FALSE(sim.step());
  EventId a = sim.schedule_at(1.0, h, 1);
  sim.schedule_at(4.0, h, 4);
  sim.cancel(a);
  EXPECT_EQ(sim.peek(), 4.0);
  EXPECT_TRUE(sim.step());
  EXPECT_EQ(sim.now(), 4.0);
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{4}));
  EXPECT_FALSE(sim.step());
}

struct Stopper {
  Simulation* sim;
  int ran = 0;
  void on(std::uint64_t stop) {
    ++ran;
    if (stop) sim->stop();
  }
};

TEST(EventQueue, RunUntilRunsEventsAtTheBoundaryAndAdvancesTheClockToIt) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  sim.schedule_at(1.0, h, 1);
  sim.schedule_at(5.0, h, 5);
  sim.schedule_at(5.000001, h, 6);
  sim.run_until(5.0);
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{1, 5}));
  EXPECT_EQ(sim.now(), 5.0);
  sim.run_until(7.0);
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{1, 5, 6}));
  EXPECT_EQ(sim.now(), 7.0);  // clock moves to the horizon even with no event there
  sim.run_until(6.0);         // never backwards
  EXPECT_EQ(sim.now(), 7.0);
}

TEST(EventQueue, StopEndsTheRunAfterTheCurrentEventAndRunResumes) {
  Simulation sim;
  Stopper s{&sim};
  HandlerId h = sim.bind<&Stopper::on>(&s);
  sim.schedule_at(1.0, h, 0);
  sim.schedule_at(2.0, h, 1);
  sim.schedule_at(3.0, h, 0);
  sim.run_until(10.0);
  EXPECT_EQ(s.ran, 2);
  EXPECT_EQ(sim.now(), 2.0);  // a stopped run leaves the clock at the stopping event
  sim.run();
  EXPECT_EQ(s.ran, 3);
}

TEST(EventQueue, RejectsEventsInThePastOrAtNaN) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  sim.schedule_at(2.0, h, 0);
  sim.run();
  EXPECT_THROW(sim.schedule_at(1.0, h, 0), std::invalid_argument);
  EXPECT_THROW(sim.schedule_in(-0.5, h, 0), std::invalid_argument);
  EXPECT_THROW(sim.schedule_at(std::numeric_limits<double>::quiet_NaN(), h, 0), std::invalid_argument);
}

TEST(EventQueue, KeepsInsertionOrderAcrossOrderCounterRenumbering) {
  Simulation sim;
  Recorder r(&sim);
  HandlerId h = sim.bind<&Recorder::on>(&r);
  for (std::uint64_t i = 0; i < 5; ++i) sim.schedule_at(1.0, h, i);
  sim.set_order_counter_for_test((1u << 30) - 3);  // the next schedules overflow the 30-bit counter
  for (std::uint64_t i = 5; i < 10; ++i) sim.schedule_at(1.0, h, i);
  sim.schedule_at(0.5, h, 99);
  sim.run();
  EXPECT_EQ(r.payloads(), (std::vector<std::uint64_t>{99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(EventQueue, HoldsAPendingEventInAtMost64Bytes) {
  EXPECT_LE(Simulation::bytes_per_pending_event(), 64u);
}

}  // namespace
}  // namespace salesim::kernel
