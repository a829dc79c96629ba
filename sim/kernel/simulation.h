// The simulation clock and its future-event set, driven by plain callbacks.
//
// Ordering rule: events run in order of (time, priority, insertion sequence). Two events at the same
// instant run by priority (urgent before normal before low), then in the order they were
// scheduled. This is the whole of the tie-breaking: nothing else decides what runs first.
//
// Handlers are registered once (a function pointer plus a context) and events carry a 64-bit
// payload, so scheduling allocates nothing and dispatch is one indirect call:
//
//   struct Shop { void arrive(std::uint64_t customer); };
//   Simulation sim;
//   HandlerId arrive = sim.bind<&Shop::arrive>(&shop);
//   sim.schedule_in(2.5, arrive, /*payload=*/42);
//   sim.run_until(100.0);
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <unordered_set>
#include <vector>

namespace salesim::kernel {

using Time = double;
inline constexpr Time kInfinity = std::numeric_limits<Time>::infinity();

enum class Priority : std::uint8_t { urgent = 0, high = 1, normal = 2, low = 3 };

// Index of a registered handler.
using HandlerId = std::uint32_t;

// Identifies one scheduled event (its insertion sequence number) for cancel().
struct EventId {
  std::uint64_t sequence = std::numeric_limits<std::uint64_t>::max();
  bool valid() const { return sequence != std::numeric_limits<std::uint64_t>::max(); }
};

class Simulation {
 public:
  using Handler = void (*)(void* context, std::uint64_t payload);

  Simulation() = default;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Registers a handler; ids are dense and stable for the simulation's life.
  HandlerId add_handler(Handler fn, void* context) {
    handlers_.push_back({fn, context});
    return static_cast<HandlerId>(handlers_.size() - 1);
  }

  // Registers a member function `void T::method(std::uint64_t)` of `object`.
  template <auto Method, class T>
  HandlerId bind(T* object) {
    return add_handler([](void* ctx, std::uint64_t payload) { (static_cast<T*>(ctx)->*Method)(payload); },
                       object);
  }

  // Schedules handler(payload) at absolute time `at` (>= now()).
  EventId schedule_at(Time at, HandlerId handler, std::uint64_t payload = 0,
                      Priority priority = Priority::normal) {
    if (!(at >= now_)) throw std::invalid_argument("Simulation::schedule_at: time is in the past or NaN");
    const std::uint64_t seq = next_sequence_++;
    heap_.push_back(Entry{at, (static_cast<std::uint64_t>(priority) << 56) | seq, payload, handler});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    return EventId{seq};
  }

  // Schedules handler(payload) `delay` (>= 0) after now().
  EventId schedule_in(Time delay, HandlerId handler, std::uint64_t payload = 0,
                      Priority priority = Priority::normal) {
    return schedule_at(now_ + delay, handler, payload, priority);
  }

  // Cancels a pending event; returns false if it already ran, was cancelled, or never existed.
  bool cancel(EventId id) {
    if (!id.valid() || id.sequence >= next_sequence_) return false;
    for (const Entry& e : heap_)
      if ((e.key & kSequenceMask) == id.sequence) return cancelled_.insert(id.sequence).second;
    return false;
  }

  // Time of the next pending event, or kInfinity when none is pending.
  Time peek() {
    drop_cancelled();
    return heap_.empty() ? kInfinity : heap_.front().time;
  }

  // Runs the next event; returns false when none was pending.
  bool step() {
    drop_cancelled();
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Entry e = heap_.back();
    heap_.pop_back();
    now_ = e.time;
    ++events_executed_;
    const Slot& h = handlers_[e.handler];
    h.fn(h.context, e.payload);
    return true;
  }

  // Runs until no event is pending or stop() is called.
  void run() { run_until(kInfinity); }

  // Runs every event with time <= until, then sets the clock to `until` (if finite and not stopped).
  void run_until(Time until) {
    stopped_ = false;
    while (!stopped_) {
      if (peek() > until) {
        if (until != kInfinity) now_ = until;
        return;
      }
      step();
    }
  }

  // Makes run()/run_until() return after the current event.
  void stop() { stopped_ = true; }

  Time now() const { return now_; }
  std::uint64_t events_executed() const { return events_executed_; }
  std::size_t pending() const { return heap_.size() - cancelled_.size(); }

 private:
  static constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << 56) - 1;

  struct Entry {
    Time time;
    std::uint64_t key;  // priority in the top 8 bits, insertion sequence below
    std::uint64_t payload;
    HandlerId handler;
  };
  // Heap comparator: "a runs after b".
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time > b.time || (a.time == b.time && a.key > b.key);
    }
  };
  struct Slot {
    Handler fn;
    void* context;
  };

  void drop_cancelled() {
    while (!cancelled_.empty() && !heap_.empty()) {
      auto it = cancelled_.find(heap_.front().key & kSequenceMask);
      if (it == cancelled_.end()) return;
      cancelled_.erase(it);
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      heap_.pop_back();
    }
  }

  Time now_ = 0.0;
  bool stopped_ = false;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t events_executed_ = 0;
  std::vector<Entry> heap_;
  std::vector<Slot> handlers_;
  std::unordered_set<std::uint64_t> cancelled_;  // membership only; never iterated
};

}  // namespace salesim::kernel
