// Processes: simulation activities written as C++20 coroutines that wait in simulated time.
//
//   Process customer(Simulation& sim, Resource& desk, Signal& closing) {
//     co_await sim.timeout(2.0);            // wait 2 time units
//     Request seat = desk.request();        // resource.h
//     co_await seat;                        // queue for a unit (released by seat's destructor)
//     try {
//       co_await sim.timeout(5.0);
//     } catch (const Interrupt& i) {        // another process called handle.interrupt(cause)
//       ...
//     }
//     co_await closing;                     // wait until closing.trigger()
//   }
//   ProcessHandle h = start(sim, customer(sim, desk, closing), "customer 1");
//   sim.run();
//
// Rules (why): a process only awaits kernel awaitables (timeouts, Signals, Requests, other
// ProcessHandles); every resume goes through the event queue (never nested inside another
// process), so same-instant order follows the kernel's ordering rule. Processes start at the
// current instant with urgent priority; wake-ups after a signal or a grant are normal-priority
// zero-delay events; interrupts are urgent.
// An exception escaping a process comes out of run()/run_until()/step() as a ProcessError naming the
// process and the time, with the original nested (std::rethrow_if_nested). The Simulation owns
// started processes: destroying it destroys the frames of those still suspended (no leaks).
// GCC 12: take coroutine parameters by value (or references to objects that outlive the process),
// and keep co_await operands simple (a named object, or sim.timeout(d)).
// Plain callbacks (simulation.h) stay the fast path; a process costs one frame allocation.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/simulation.h"

namespace salesim::kernel {

// Thrown inside a waiting process by ProcessHandle::interrupt(); catch it to handle the interruption.
class Interrupt : public std::exception {
 public:
  explicit Interrupt(std::uint64_t cause) : cause_(cause) {}
  std::uint64_t cause() const { return cause_; }
  const char* what() const noexcept override { return "process interrupted"; }

 private:
  std::uint64_t cause_;
};

// Comes out of Simulation::run() when an exception escapes a process. what() reads
// "process 'NAME' failed at t=TIME: ORIGINAL WHAT"; the original exception is nested.
class ProcessError : public std::runtime_error {
 public:
  ProcessError(std::string process, Time time, const std::string& what)
      : std::runtime_error("process '" + process + "' failed at t=" + std::to_string(time) + ": " + what),
        process_(std::move(process)),
        time_(time) {}
  const std::string& process() const { return process_; }
  Time time() const { return time_; }

 private:
  std::string process_;
  Time time_;
};

class ProcessPromise;
class ProcessHandle;
class Signal;

namespace detail {
// Where a process waits (a Signal's list, a resource queue): detach() takes it out again when the
// process is interrupted.
struct WaitSite {
  void (*detach)(void* object, ProcessPromise& process) = nullptr;
  void* object = nullptr;
};
struct ProcessState;
}  // namespace detail

// A one-shot condition processes can wait for: `co_await signal` returns at once if it has been
// triggered, else when trigger() is called. reset() re-arms it.
class Signal {
 public:
  explicit Signal(Simulation& sim) : sim_(&sim) {}
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;
  ~Signal();

  // Wakes every waiting process (in the order they started waiting) at the current instant.
  void trigger();
  void reset() { triggered_ = false; }
  bool triggered() const { return triggered_; }
  std::size_t waiting() const { return waiters_.size(); }

  struct Awaiter;
  Awaiter awaiter_for(ProcessPromise& p);

 private:
  friend class ProcessPromise;
  static void detach(void* object, ProcessPromise& p);
  Simulation* sim_;
  bool triggered_ = false;
  std::vector<ProcessPromise*> waiters_;
};

// The return type of a process coroutine. Created suspended; hand it to start().
class Process {
 public:
  using promise_type = ProcessPromise;
  explicit Process(std::coroutine_handle<ProcessPromise> h) : h_(h) {}
  Process(Process&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Process& operator=(Process&&) = delete;
  ~Process() {
    if (h_) h_.destroy();  // never started
  }

 private:
  friend ProcessHandle start(Simulation& sim, Process process, std::string name);
  std::coroutine_handle<ProcessPromise> h_;
};

namespace detail {
// Shared between a process and its handles, so a handle stays valid after the frame is gone.
struct ProcessState {
  explicit ProcessState(Simulation& s, std::string n) : sim(&s), name(std::move(n)), finished(s) {}
  Simulation* sim;
  std::string name;
  ProcessPromise* promise = nullptr;  // null once the frame is destroyed
  bool done = false;                  // returned or failed
  bool failed = false;
  Signal finished;
};
}  // namespace detail

// A reference to a started process: ask whether it is done, interrupt it, or `co_await` its end.
class ProcessHandle {
 public:
  ProcessHandle() = default;
  explicit ProcessHandle(std::shared_ptr<detail::ProcessState> s) : state_(std::move(s)) {}

  bool valid() const { return state_ != nullptr; }
  bool done() const { return state_ && state_->done; }
  bool failed() const { return state_ && state_->failed; }
  const std::string& name() const { return state_->name; }

  // Delivers Interrupt(cause) into the process: it is taken out of what it waits for and resumed
  // at the current instant (urgent priority) with the exception thrown from its co_await. A process
  // not yet started receives it at its first co_await. Returns false if the process is finished or
  // already has an undelivered interrupt. A process may not interrupt itself (std::logic_error).
  bool interrupt(std::uint64_t cause = 0);

  struct Awaiter;
  Awaiter awaiter_for(ProcessPromise& p) const;

 private:
  std::shared_ptr<detail::ProcessState> state_;
};

// Starts `process` at the current instant; the simulation owns it from now on.
ProcessHandle start(Simulation& sim, Process process, std::string name = {});

class ProcessPromise {
 public:
  Process get_return_object() { return Process(std::coroutine_handle<ProcessPromise>::from_promise(*this)); }
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<ProcessPromise> h) noexcept { h.promise().finish(h); }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() {
    std::string what = "unknown exception";
    try {
      throw;
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    try {
      std::throw_with_nested(ProcessError(state_->name, state_->sim->now(), what));
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  struct TimeoutAwaiter;
  TimeoutAwaiter await_transform(Timeout t);
  // Signals, Requests, ProcessHandles: anything that makes an awaiter for this process.
  template <class W>
  auto await_transform(W&& waitable) -> decltype(waitable.awaiter_for(*this)) {
    return waitable.awaiter_for(*this);
  }

  ~ProcessPromise() {
    if (!state_) return;  // never started
    cancel_wait();
    unlink();
    state_->promise = nullptr;
  }

  // --- For awaiters (here and in resource.h).
  Simulation& sim() { return *state_->sim; }
  // Resumes this process at now() + delay through the event queue.
  void wake(Time delay = 0.0, Priority priority = Priority::normal) {
    Simulation& s = sim();
    wake_ = s.schedule_at(s.now() + delay, resume_handler(s),
                          reinterpret_cast<std::uintptr_t>(
                              std::coroutine_handle<ProcessPromise>::from_promise(*this).address()),
                          priority);
  }
  // Call in await_suspend: false means an interrupt is pending, so do not suspend.
  bool may_suspend() const { return !interrupted_; }
  // Call in await_suspend after arranging the wake-up (site: where to detach from on interrupt).
  void suspended(detail::WaitSite site = {}) {
    site_ = site;
    in_wait_ = true;
  }
  // Clears the site (the waitable has let go of this process, e.g. a Signal fired).
  void clear_site() { site_ = {}; }
  // Call first in await_resume: throws the pending interrupt, if any.
  void resumed() {
    in_wait_ = false;
    site_ = {};
    if (interrupted_) {
      interrupted_ = false;
      throw Interrupt(cause_);
    }
  }

 private:
  friend class ProcessHandle;
  friend ProcessHandle start(Simulation& sim, Process process, std::string name);

  static HandlerId resume_handler(Simulation& s) {
    auto& hooks = s.process_hooks();
    if (hooks.resume_handler == std::numeric_limits<HandlerId>::max())
      hooks.resume_handler = s.add_handler(&trampoline, &s);
    return hooks.resume_handler;
  }

  // The one place a process is resumed; rethrows a failure after the frame has finished.
  static void trampoline(void* context, std::uint64_t payload) {
    auto& s = *static_cast<Simulation*>(context);
    auto h = std::coroutine_handle<ProcessPromise>::from_address(reinterpret_cast<void*>(payload));
    h.promise().wake_ = EventId{};
    auto& hooks = s.process_hooks();
    hooks.current = &h.promise();
    h.resume();  // may destroy the frame
    hooks.current = nullptr;
    if (hooks.failure) std::rethrow_exception(std::exchange(hooks.failure, nullptr));
  }

  void finish(std::coroutine_handle<ProcessPromise> h) noexcept {
    auto state = state_;  // keep alive past destroy()
    state->done = true;
    if (error_) {
      state->failed = true;
      state->sim->process_hooks().failure = std::exchange(error_, nullptr);
    }
    h.destroy();
    state->finished.trigger();
  }

  void cancel_wait() {
    if (wake_.valid()) state_->sim->cancel(wake_);
    wake_ = EventId{};
    if (site_.detach) site_.detach(site_.object, *this);
    site_ = {};
  }

  void unlink() {
    if (node_.prev) {
      node_.prev->next = node_.next;
      node_.next->prev = node_.prev;
      node_.prev = node_.next = nullptr;
    }
  }

  bool deliver_interrupt(std::uint64_t cause) {
    if (interrupted_) return false;
    interrupted_ = true;
    cause_ = cause;
    if (in_wait_) {
      cancel_wait();
      wake(0.0, Priority::urgent);
    }
    return true;
  }

  std::shared_ptr<detail::ProcessState> state_;
  detail::OwnedFrame node_;
  EventId wake_;
  detail::WaitSite site_;
  bool in_wait_ = false;
  bool interrupted_ = false;
  std::uint64_t cause_ = 0;
  std::exception_ptr error_;
};

// --- Awaiters.

struct ProcessPromise::TimeoutAwaiter {
  ProcessPromise& p;
  Time delay;
  Priority priority;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) {
    if (!p.may_suspend()) return false;
    p.wake(delay, priority);
    p.suspended();
    return true;
  }
  void await_resume() { p.resumed(); }
};

inline ProcessPromise::TimeoutAwaiter ProcessPromise::await_transform(Timeout t) {
  if (!(t.delay >= 0.0)) throw std::invalid_argument("timeout: delay is negative or NaN");
  if (t.sim != state_->sim) throw std::invalid_argument("timeout: from another simulation");
  return TimeoutAwaiter{*this, t.delay, t.priority};
}

struct Signal::Awaiter {
  Signal& s;
  ProcessPromise& p;
  bool await_ready() const noexcept { return s.triggered_; }
  bool await_suspend(std::coroutine_handle<>) {
    if (!p.may_suspend()) return false;
    s.waiters_.push_back(&p);
    p.suspended(detail::WaitSite{&Signal::detach, &s});
    return true;
  }
  void await_resume() { p.resumed(); }
};

inline Signal::Awaiter Signal::awaiter_for(ProcessPromise& p) { return Awaiter{*this, p}; }

inline void Signal::trigger() {
  triggered_ = true;
  std::vector<ProcessPromise*> waiters = std::move(waiters_);
  waiters_.clear();
  for (ProcessPromise* w : waiters) {
    w->clear_site();
    w->wake();
  }
}

inline void Signal::detach(void* object, ProcessPromise& p) {
  auto& w = static_cast<Signal*>(object)->waiters_;
  for (auto it = w.begin(); it != w.end(); ++it)
    if (*it == &p) {
      w.erase(it);
      return;
    }
}

inline Signal::~Signal() {
  for (ProcessPromise* w : waiters_) w->clear_site();  // they stay suspended until destroyed
}

struct ProcessHandle::Awaiter {
  std::shared_ptr<detail::ProcessState> target;  // keeps the state (and its signal) alive
  Signal::Awaiter inner;
  bool await_ready() const noexcept { return target->done; }
  bool await_suspend(std::coroutine_handle<> h) { return inner.await_suspend(h); }
  void await_resume() { inner.await_resume(); }
};

inline ProcessHandle::Awaiter ProcessHandle::awaiter_for(ProcessPromise& p) const {
  if (!state_) throw std::invalid_argument("co_await on an empty ProcessHandle");
  return Awaiter{state_, Signal::Awaiter{state_->finished, p}};
}

inline bool ProcessHandle::interrupt(std::uint64_t cause) {
  if (!state_ || state_->done || !state_->promise) return false;
  if (state_->sim->process_hooks().current == state_->promise)
    throw std::logic_error("process '" + state_->name + "' tried to interrupt itself");
  return state_->promise->deliver_interrupt(cause);
}

inline ProcessHandle start(Simulation& sim, Process process, std::string name) {
  auto h = std::exchange(process.h_, {});
  if (!h) throw std::invalid_argument("start: empty Process");
  auto& hooks = sim.process_hooks();
  const std::uint64_t number = hooks.started++;
  if (name.empty()) name = "process#" + std::to_string(number);
  ProcessPromise& p = h.promise();
  p.state_ = std::make_shared<detail::ProcessState>(sim, std::move(name));
  p.state_->promise = &p;
  p.node_.frame = h;
  p.node_.prev = hooks.frames.prev;
  p.node_.next = &hooks.frames;
  hooks.frames.prev->next = &p.node_;
  hooks.frames.prev = &p.node_;
  p.wake(0.0, Priority::urgent);
  p.in_wait_ = false;  // not waiting on anything: an early interrupt waits for the first co_await
  return ProcessHandle(p.state_);
}

}  // namespace salesim::kernel
