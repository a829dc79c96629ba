// Coroutine processes: timeouts, signals, joins, interrupts, failures, teardown (process.h).
// Run under the ASan/LSan build too: the teardown tests are leak tests there.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/kernel/process.h"
#include "sim/kernel/resource.h"
#include "sim/kernel/simulation.h"

namespace salesim::kernel {
namespace {

using Log = std::vector<std::string>;

std::string at(Simulation& sim, const std::string& what) { return std::to_string(static_cast<int>(sim.now())) + " " + what; }

Process sleeper(Simulation& sim, Log* log, std::string name, double d) {
  log->push_back(at(sim, name + " starts"));
  co_await sim.timeout(d);
  log->push_back(at(sim, name + " wakes"));
}

TEST(Process, WaitsForATimeoutAndResumesAtTheRightTime) {
  Simulation sim;
  Log log;
  start(sim, sleeper(sim, &log, "a", 3.0));
  start(sim, sleeper(sim, &log, "b", 1.0));
  sim.run();
  EXPECT_EQ(log, (Log{"0 a starts", "0 b starts", "1 b wakes", "3 a wakes"}));
  EXPECT_EQ(sim.now(), 3.0);
}

Process waiter(Simulation& sim, Signal* s, Log* log, std::string name) {
  co_await *s;
  log->push_back(at(sim, name + " saw the signal"));
}

Process trigger_after(Simulation& sim, Signal* s, double d) {
  co_await sim.timeout(d);
  s->trigger();
}

TEST(Process, WaitsOnASignalAndWakesInTheOrderItStartedWaiting) {
  Simulation sim;
  Signal s(sim);
  Log log;
  start(sim, waiter(sim, &s, &log, "first"));
  start(sim, waiter(sim, &s, &log, "second"));
  start(sim, trigger_after(sim, &s, 2.0));
  sim.run();
  EXPECT_EQ(log, (Log{"2 first saw the signal", "2 second saw the signal"}));
  // A triggered signal lets later waiters through at once.
  start(sim, waiter(sim, &s, &log, "late"));
  sim.run();
  EXPECT_EQ(log.back(), "2 late saw the signal");
}

Process parent(Simulation& sim, Log* log) {
  ProcessHandle child = start(sim, sleeper(sim, log, "child", 4.0), "child");
  co_await child;
  log->push_back(at(sim, "parent joined " + child.name()));
}

TEST(Process, CanWaitForAnotherProcessToFinish) {
  Simulation sim;
  Log log;
  start(sim, parent(sim, &log));
  sim.run();
  EXPECT_EQ(log, (Log{"0 child starts", "4 child wakes", "4 parent joined child"}));
}

Process patient(Simulation& sim, Log* log) {
  try {
    co_await sim.timeout(10.0);
    log->push_back(at(sim, "slept through"));
  } catch (const Interrupt& i) {
    log->push_back(at(sim, "interrupted, cause " + std::to_string(i.cause())));
  }
  co_await sim.timeout(1.0);
  log->push_back(at(sim, "carries on"));
}

Process interrupter(Simulation& sim, ProcessHandle victim, double d, Log* log) {
  co_await sim.timeout(d);
  log->push_back(at(sim, victim.interrupt(7) ? "interrupt delivered" : "interrupt refused"));
}

TEST(Process, AnInterruptIsThrownIntoTheWaitingProcessWhichCanCatchIt) {
  Simulation sim;
  Log log;
  ProcessHandle p = start(sim, patient(sim, &log));
  start(sim, interrupter(sim, p, 2.0, &log));
  sim.run();
  EXPECT_EQ(log, (Log{"2 interrupt delivered", "2 interrupted, cause 7", "3 carries on"}));
  EXPECT_TRUE(p.done());
  EXPECT_FALSE(p.interrupt(1));  // finished processes cannot be interrupted
  EXPECT_EQ(sim.events_executed(), 5u);  // the cancelled timeout never ran
}

Process self_interrupter(Simulation& sim, std::shared_ptr<ProcessHandle> self) {
  co_await sim.timeout(1.0);
  self->interrupt();
}

TEST(Process, AProcessMayNotInterruptItself) {
  Simulation sim;
  auto self = std::make_shared<ProcessHandle>();
  *self = start(sim, self_interrupter(sim, self), "narcissus");
  EXPECT_THROW(sim.run(), ProcessError);
  self.reset();
}

Process seat_taker(Simulation& sim, Resource* desk, double hold, Log* log, std::string name) {
  Request seat = desk->request();
  try {
    co_await seat;
    log->push_back(at(sim, name + " seated"));
    co_await sim.timeout(hold);
  } catch (const Interrupt&) {
    log->push_back(at(sim, name + " gave up, held=" + std::to_string(seat.held())));
  }
}

TEST(Process, AnInterruptWhileQueuingWithdrawsTheRequest) {
  Simulation sim;
  Resource desk(sim, 1);
  Log log;
  start(sim, seat_taker(sim, &desk, 5.0, &log, "a"));
  ProcessHandle b = start(sim, seat_taker(sim, &desk, 5.0, &log, "b"));
  start(sim, seat_taker(sim, &desk, 5.0, &log, "c"));
  start(sim, interrupter(sim, b, 1.0, &log));
  sim.run();
  EXPECT_EQ(log, (Log{"0 a seated", "1 interrupt delivered", "1 b gave up, held=0", "5 c seated"}));
  EXPECT_EQ(desk.in_use(), 0u);
  EXPECT_EQ(desk.queue_length(), 0u);
}

TEST(Process, AnInterruptAtTheInstantOfTheGrantGivesTheUnitBack) {
  Simulation sim;
  Resource desk(sim, 1);
  Log log;
  start(sim, seat_taker(sim, &desk, 5.0, &log, "a"));
  ProcessHandle b = start(sim, seat_taker(sim, &desk, 5.0, &log, "b"));
  start(sim, seat_taker(sim, &desk, 5.0, &log, "c"));
  start(sim, interrupter(sim, b, 5.0, &log));  // b is granted at 5, interrupted at 5 before it resumes
  sim.run();
  EXPECT_EQ(log, (Log{"0 a seated", "5 interrupt delivered", "5 b gave up, held=0", "5 c seated"}));
  EXPECT_EQ(desk.in_use(), 0u);
}

TEST(Process, AnInterruptBeforeTheProcessHasRunIsDeliveredAtItsFirstWait) {
  Simulation sim;
  Log log;
  ProcessHandle p = start(sim, patient(sim, &log));
  EXPECT_TRUE(p.interrupt(3));
  EXPECT_FALSE(p.interrupt(4));  // one undelivered interrupt at a time
  sim.run();
  EXPECT_EQ(log, (Log{"0 interrupted, cause 3", "1 carries on"}));
}

TEST(Process, ASignalCanBeResetAndTriggeredAgain) {
  Simulation sim;
  Signal s(sim);
  Log log;
  s.trigger();
  s.reset();
  EXPECT_FALSE(s.triggered());
  start(sim, waiter(sim, &s, &log, "w"));
  sim.run();
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(s.waiting(), 1u);
  start(sim, trigger_after(sim, &s, 1.0));
  sim.run();
  EXPECT_EQ(log, (Log{"1 w saw the signal"}));
}

Process doomed(Simulation& sim) {
  co_await sim.timeout(2.5);
  throw std::runtime_error("deal fell through");
}

TEST(Process, AnExceptionEscapingAProcessComesOutOfRunNamingTheProcessAndTime) {
  Simulation sim;
  start(sim, doomed(sim), "deal 42");
  try {
    sim.run();
    FAIL() << "run() did not throw";
  } catch (const ProcessError& e) {
    EXPECT_EQ(e.process(), "deal 42");
    EXPECT_EQ(e.time(), 2.5);
    EXPECT_NE(std::string(e.what()).find("deal 42"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("deal fell through"), std::string::npos);
    try {
      std::rethrow_if_nested(e);
      FAIL() << "no nested exception";
    } catch (const std::runtime_error& inner) {
      EXPECT_STREQ(inner.what(), "deal fell through");
    }
  }
  EXPECT_EQ(sim.now(), 2.5);
}

TEST(Process, AnUncaughtInterruptIsAProcessFailure) {
  Simulation sim;
  Log log;
  ProcessHandle p = start(sim, sleeper(sim, &log, "s", 10.0), "sleepy");
  start(sim, interrupter(sim, p, 1.0, &log));
  EXPECT_THROW(sim.run(), ProcessError);
  EXPECT_TRUE(p.done());
  EXPECT_TRUE(p.failed());
}

Process forever(Simulation& sim, Resource* desk, Signal* never, std::shared_ptr<int> token) {
  Request seat = desk->request();
  co_await seat;
  co_await *never;  // holds the seat and a token while suspended
  (void)token;
  (void)sim;
}

Process queued_forever(Simulation& sim, Resource* desk, std::shared_ptr<int> token) {
  Request seat = desk->request();
  co_await seat;
  (void)token;
  (void)sim;
}

TEST(Process, DestroyingTheSimulationDestroysSuspendedProcessesAndTheirLocals) {
  auto token = std::make_shared<int>(0);
  {
    Simulation sim;
    Resource desk(sim, 1);
    Signal never(sim);
    start(sim, forever(sim, &desk, &never, token));
    for (int i = 0; i < 3; ++i) start(sim, queued_forever(sim, &desk, token));
    sim.run_until(0.5);
    EXPECT_EQ(token.use_count(), 5);
    EXPECT_EQ(desk.queue_length(), 3u);
  }  // desk and never die before sim: their waiters are detached, then sim destroys the frames
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Process, AProcessNeverStartedIsDestroyedWithItsHandleObject) {
  auto token = std::make_shared<int>(0);
  Simulation sim;
  Resource desk(sim, 1);
  {
    Process p = queued_forever(sim, &desk, token);
    EXPECT_EQ(token.use_count(), 2);
  }
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Process, HandlesOutliveTheSimulationSafely) {
  ProcessHandle h;
  {
    Simulation sim;
    Log log;
    h = start(sim, sleeper(sim, &log, "z", 5.0), "z");
    sim.run_until(1.0);
  }
  EXPECT_FALSE(h.done());
  EXPECT_EQ(h.name(), "z");
}

}  // namespace
}  // namespace salesim::kernel
