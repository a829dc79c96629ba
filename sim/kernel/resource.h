// Resource pools: `capacity` identical units that requests queue for, with queue statistics.
//
// Queue discipline: smaller `priority` values are served first; equal priorities are served in
// request order (so with the default priority 0 the queue is FIFO). A request is granted at once
// when a unit is free and nobody is queued.
//
// From a process (process.h):
//   Resource desk(sim, /*capacity=*/2);
//   Request seat = desk.request();   // or desk.request(priority)
//   co_await seat;                   // holds a unit from here...
//   seat.release();                  // ...to here (or until `seat` is destroyed)
// If the process is interrupted while it waits, the request is withdrawn (a unit granted at that
// very instant is given back) before Interrupt is thrown.
//
// From callbacks (no coroutine needed):
//   Resource::Ticket t = desk.acquire(on_seated, /*payload=*/customer);
//                     // on_seated(customer) runs as an event once a unit is held for it
//   desk.cancel(t);   // withdraws a request still waiting
//   desk.release();   // returns one unit
//
// Statistics (since construction or the last reset_statistics()): utilisation() (time-average of
// units in use / capacity), mean_queue_length() (time-average), waits() (a Tally of each grant's
// waiting time, zero for immediate grants).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/kernel/process.h"
#include "sim/kernel/simulation.h"
#include "sim/kernel/statistics.h"

namespace salesim::kernel {

class Resource;

// A process's claim on one unit of a Resource; see the header comment. Not copyable or movable
// (the pool points at it while it waits).
class Request {
 public:
  enum class State { idle, waiting, granted, held };

  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
  ~Request();

  // Returns the unit if held; withdraws the request if it is still waiting.
  void release();
  bool held() const { return state_ == State::held; }
  State state() const { return state_; }

  struct Awaiter;
  Awaiter awaiter_for(ProcessPromise& p);

 private:
  friend class Resource;
  Request(Resource& pool, int priority) : pool_(&pool), priority_(priority) {}
  void link();
  void unlink();
  void withdraw();  // back to idle from any state
  static void detach(void* object, ProcessPromise& p);

  Resource* pool_;
  int priority_;
  State state_ = State::idle;
  std::uint32_t waiter_ = 0;
  ProcessPromise* promise_ = nullptr;
  Request* prev_ = nullptr;
  Request* next_ = nullptr;
};

class Resource {
 public:
  // Identifies a callback request while it waits.
  struct Ticket {
    std::uint64_t sequence = std::numeric_limits<std::uint64_t>::max();
    std::uint32_t waiter = 0;
    // False when the request was granted at once (then there is nothing to cancel).
    bool queued() const { return sequence != std::numeric_limits<std::uint64_t>::max(); }
  };

  Resource(Simulation& sim, std::size_t capacity, std::string name = {})
      : sim_(&sim), capacity_(capacity), name_(std::move(name)), busy_(sim.now()), queue_(sim.now()) {
    if (capacity == 0) throw std::invalid_argument("Resource: capacity must be positive");
  }
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;
  ~Resource() {
    while (requests_) {
      Request* r = requests_;
      r->unlink();
      r->pool_ = nullptr;
      r->state_ = Request::State::idle;
    }
  }

  // --- Callback form. on_grant(payload) runs as an event at the instant a unit is granted.
  Ticket acquire(HandlerId on_grant, std::uint64_t payload = 0, int priority = 0) {
    if (can_grant_now()) {
      grant_now();
      sim_->schedule_at(sim_->now(), on_grant, payload);
      return Ticket{};
    }
    const std::uint32_t w = enqueue(priority);
    waiters_[w].handler = on_grant;
    waiters_[w].payload = payload;
    return Ticket{waiters_[w].sequence, w};
  }
  // Withdraws a waiting callback request; false if it was granted, cancelled, or never queued.
  bool cancel(Ticket t) {
    if (!t.queued() || t.waiter >= waiters_.size()) return false;
    Waiter& w = waiters_[t.waiter];
    if (w.state != Waiter::live || w.sequence != t.sequence || w.request) return false;
    drop_waiter(t.waiter);
    return true;
  }
  // Returns one unit and grants it to the next in the queue, if any.
  void release() {
    if (in_use_ == 0) throw std::logic_error("Resource::release: no unit is in use (" + name_ + ")");
    --in_use_;
    serve();
    record();
  }

  // --- Process form: `Request r = pool.request(); co_await r;`.
  Request request(int priority = 0) { return Request(*this, priority); }

  // --- State and statistics.
  const std::string& name() const { return name_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t in_use() const { return in_use_; }
  std::size_t queue_length() const { return waiting_; }
  double utilisation() const { return busy_.mean(sim_->now()) / static_cast<double>(capacity_); }
  double mean_in_use() const { return busy_.mean(sim_->now()); }
  double mean_queue_length() const { return queue_.mean(sim_->now()); }
  // Waiting time of every grant since the last reset (immediate grants count as 0).
  const Tally& waits() const { return waits_; }
  std::uint64_t grants() const { return waits_.count(); }
  // Forgets the statistics so far (e.g. after a warm-up); the state (units, queue) is kept.
  void reset_statistics() {
    busy_.reset(sim_->now());
    queue_.reset(sim_->now());
    waits_.reset();
  }

 private:
  friend class Request;
  struct Waiter {
    enum State : std::uint8_t { free, live, dead };
    Time since = 0.0;
    std::uint64_t sequence = 0;
    std::uint64_t payload = 0;
    Request* request = nullptr;  // null for callback requests
    HandlerId handler = 0;
    std::uint32_t next_free = 0;
    State state = free;
  };
  struct QueueEntry {
    std::int64_t priority;
    std::uint64_t sequence;
    std::uint32_t waiter;
  };
  struct Later {
    bool operator()(const QueueEntry& a, const QueueEntry& b) const {
      return a.priority > b.priority || (a.priority == b.priority && a.sequence > b.sequence);
    }
  };
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  bool can_grant_now() const { return in_use_ < capacity_ && waiting_ == 0; }
  void grant_now() {
    ++in_use_;
    waits_.add(0.0);
    record();
  }

  std::uint32_t enqueue(int priority) {
    std::uint32_t w;
    if (free_head_ != kNone) {
      w = free_head_;
      free_head_ = waiters_[w].next_free;
    } else {
      w = static_cast<std::uint32_t>(waiters_.size());
      waiters_.emplace_back();
    }
    Waiter& x = waiters_[w];
    x.state = Waiter::live;
    x.since = sim_->now();
    x.sequence = next_sequence_++;
    x.request = nullptr;
    queue_entries_.push_back(QueueEntry{priority, x.sequence, w});
    std::push_heap(queue_entries_.begin(), queue_entries_.end(), Later{});
    ++waiting_;
    record();
    return w;
  }

  void free_waiter(std::uint32_t w) {
    waiters_[w].state = Waiter::free;
    waiters_[w].request = nullptr;
    waiters_[w].next_free = free_head_;
    free_head_ = w;
  }

  // Withdraws a live waiter (lazy: its queue entry is skipped when it reaches the front).
  void drop_waiter(std::uint32_t w) {
    waiters_[w].state = Waiter::dead;
    waiters_[w].request = nullptr;
    --waiting_;
    if (waiting_ == 0) {
      for (const QueueEntry& e : queue_entries_) free_waiter(e.waiter);
      queue_entries_.clear();
    } else if (queue_entries_.size() > 2 * waiting_ + 64) {
      std::vector<QueueEntry> keep;
      for (const QueueEntry& e : queue_entries_) {
        if (waiters_[e.waiter].state == Waiter::dead)
          free_waiter(e.waiter);
        else
          keep.push_back(e);
      }
      queue_entries_ = std::move(keep);
      std::make_heap(queue_entries_.begin(), queue_entries_.end(), Later{});
    }
    record();
  }

  // Grants free units to the front of the queue.
  void serve() {
    while (in_use_ < capacity_ && waiting_ > 0) {
      std::pop_heap(queue_entries_.begin(), queue_entries_.end(), Later{});
      const QueueEntry e = queue_entries_.back();
      queue_entries_.pop_back();
      Waiter& w = waiters_[e.waiter];
      if (w.state == Waiter::dead) {
        free_waiter(e.waiter);
        continue;
      }
      --waiting_;
      ++in_use_;
      waits_.add(sim_->now() - w.since);
      Request* r = w.request;
      const HandlerId handler = w.handler;
      const std::uint64_t payload = w.payload;
      free_waiter(e.waiter);
      if (r) {
        r->state_ = Request::State::granted;
        r->promise_->wake();
      } else {
        sim_->schedule_at(sim_->now(), handler, payload);
      }
    }
  }

  void record() {
    busy_.set(sim_->now(), static_cast<double>(in_use_));
    queue_.set(sim_->now(), static_cast<double>(waiting_));
  }

  Simulation* sim_;
  std::size_t capacity_;
  std::string name_;
  std::size_t in_use_ = 0;
  std::size_t waiting_ = 0;  // live entries in the queue
  std::uint64_t next_sequence_ = 0;
  std::vector<Waiter> waiters_;
  std::vector<QueueEntry> queue_entries_;  // binary heap, may hold dead entries
  std::uint32_t free_head_ = kNone;
  Request* requests_ = nullptr;  // requests waiting, granted or held: detached if we die first
  TimeWeighted busy_;
  TimeWeighted queue_;
  Tally waits_;
};

// --- Request.

struct Request::Awaiter {
  Request& r;
  ProcessPromise& p;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) {
    if (!p.may_suspend()) return false;
    Resource& pool = *r.pool_;
    r.link();
    if (pool.can_grant_now()) {
      pool.grant_now();
      r.state_ = State::held;
      return false;
    }
    r.waiter_ = pool.enqueue(r.priority_);
    pool.waiters_[r.waiter_].request = &r;
    r.state_ = State::waiting;
    r.promise_ = &p;
    p.suspended(detail::WaitSite{&Request::detach, &r});
    return true;
  }
  void await_resume() {
    p.resumed();  // an interrupt has already withdrawn the request
    r.promise_ = nullptr;
    if (r.state_ == State::granted) r.state_ = State::held;
  }
};

inline Request::Awaiter Request::awaiter_for(ProcessPromise& p) {
  if (!pool_) throw std::logic_error("co_await on a Request whose Resource is gone");
  if (state_ != State::idle) throw std::logic_error("co_await on a Request already waiting or held");
  return Awaiter{*this, p};
}

inline void Request::link() {
  prev_ = nullptr;
  next_ = pool_->requests_;
  if (next_) next_->prev_ = this;
  pool_->requests_ = this;
}

inline void Request::unlink() {
  if (prev_)
    prev_->next_ = next_;
  else if (pool_ && pool_->requests_ == this)
    pool_->requests_ = next_;
  if (next_) next_->prev_ = prev_;
  prev_ = next_ = nullptr;
}

inline void Request::withdraw() {
  const State s = state_;
  state_ = State::idle;
  promise_ = nullptr;
  if (s == State::idle || !pool_) return;
  unlink();
  if (s == State::waiting)
    pool_->drop_waiter(waiter_);
  else
    pool_->release();  // granted (not yet resumed) or held: the unit goes back
}

inline void Request::detach(void* object, ProcessPromise&) { static_cast<Request*>(object)->withdraw(); }

inline void Request::release() { withdraw(); }

inline Request::~Request() {
  if (promise_) promise_->clear_site();  // the frame is being destroyed while we wait
  withdraw();
}

}  // namespace salesim::kernel
