// The simulation clock and its future-event set, driven by plain callbacks.
//
// Ordering rule: events run in order of (time, priority, insertion sequence). Two events at the same
// instant run by priority (urgent before high before normal before low), then in the order they
// were scheduled. This is the whole of the tie-breaking: nothing else decides what runs first.
//
// Handlers are registered once (a function pointer plus a context) and events carry a 64-bit
// payload, so scheduling allocates nothing (once the storage has grown) and dispatch is one
// indirect call:
//
//   struct Shop { void arrive(std::uint64_t customer); };
//   Simulation sim;
//   HandlerId arrive = sim.bind<&Shop::arrive>(&shop);
//   EventId id = sim.schedule_in(2.5, arrive, /*payload=*/42);
//   sim.cancel(id);                       // O(1)
//   sim.run_until(100.0);
//
// Coroutine processes (`co_await sim.timeout(d)`) are built on this in process.h.
//
// How it is stored (why it is fast): a 4-ary min-heap of 16-byte entries {time, key}, where key packs
// priority (2 bits), a 30-bit order counter and a 32-bit slot index. Handler and payload live in a
// slot array (16 bytes) recycled through a free list, so a pending event costs 32 bytes and nothing
// is allocated per event. The heap's child groups are aligned to one 64-byte cache line. Cancel marks
// the slot dead (lazy deletion; the heap is compacted when dead entries outnumber live ones).
// Events scheduled for the current instant go to a side FIFO instead of the heap (zero-delay inserts
// are a heap's worst case); the FIFO stays sorted by key, so the ordering rule above holds exactly.
// When the 30-bit order counter runs out, pending events are renumbered in their existing order.
#pragma once

#include <algorithm>
#include <bit>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace salesim::kernel {

using Time = double;
inline constexpr Time kInfinity = std::numeric_limits<Time>::infinity();

enum class Priority : std::uint8_t { urgent = 0, high = 1, normal = 2, low = 3 };

// Index of a registered handler.
using HandlerId = std::uint32_t;

// Identifies one scheduled event for cancel(): its insertion sequence number (0, 1, 2, ... over the
// simulation's life) and the storage slot it occupies.
struct EventId {
  std::uint64_t sequence = std::numeric_limits<std::uint64_t>::max();
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  bool valid() const { return sequence != std::numeric_limits<std::uint64_t>::max(); }
};

class Simulation;

// `co_await sim.timeout(d)` inside a Process (process.h) suspends it for d time units.
struct Timeout {
  Simulation* sim;
  Time delay;
  Priority priority;
};

namespace detail {

// Allocator handing out 64-byte-aligned storage, so a heap node's four children share a cache line.
template <class T>
struct CacheAligned {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  CacheAligned() = default;
  template <class U>
  CacheAligned(const CacheAligned<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlign); }
  template <class U>
  bool operator==(const CacheAligned<U>&) const { return true; }
};

// Bookkeeping for coroutine processes (process.h): the frames the simulation owns (destroyed with
// it, so suspended processes leak nothing), the process now running, and a failure on its way out.
struct OwnedFrame {
  OwnedFrame* prev = nullptr;
  OwnedFrame* next = nullptr;
  std::coroutine_handle<> frame;
};
struct ProcessHooks {
  OwnedFrame frames;  // sentinel of a circular list
  HandlerId resume_handler = std::numeric_limits<HandlerId>::max();
  void* current = nullptr;          // the process running now, if any
  std::uint64_t started = 0;        // processes started so far (default names)
  std::exception_ptr failure;
  ProcessHooks() { frames.prev = frames.next = &frames; }
};

}  // namespace detail

class Simulation {
 public:
  using Handler = void (*)(void* context, std::uint64_t payload);

  Simulation() : heap_(kHeapBase) {}
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  // Destroys the frames of processes still suspended (their locals' destructors run now).
  ~Simulation() {
    auto& list = hooks_.frames;
    while (list.next != &list) {
      detail::OwnedFrame* f = list.next;
      f->prev->next = f->next;
      f->next->prev = f->prev;
      f->prev = f->next = nullptr;
      f->frame.destroy();
    }
  }

  // Registers a handler; ids are dense and stable for the simulation's life (at most 2^24 - 2).
  HandlerId add_handler(Handler fn, void* context) {
    if (handlers_.size() >= kDead) throw std::length_error("Simulation: too many handlers");
    handlers_.push_back({fn, context});
    return static_cast<HandlerId>(handlers_.size() - 1);
  }

  // Registers a member function `void T::method(std::uint64_t)` of `object`.
  template <auto Method, class T>
  HandlerId bind(T* object) {
    return add_handler([](void* ctx, std::uint64_t payload) { (static_cast<T*>(ctx)->*Method)(payload); },
                       object);
  }

  // Makes room for `events` pending events without further allocation.
  void reserve(std::size_t events) {
    heap_.reserve(events + kHeapBase);
    slots_.reserve(events);
  }

  // Schedules handler(payload) at absolute time `at` (>= now()).
  EventId schedule_at(Time at, HandlerId handler, std::uint64_t payload = 0,
                      Priority priority = Priority::normal) {
    if (!(at >= now_)) throw std::invalid_argument("Simulation::schedule_at: time is in the past or NaN");
    if (handler >= handlers_.size()) throw std::invalid_argument("Simulation::schedule_at: unknown handler");
    at += 0.0;  // -0.0 -> +0.0
    if (order_next_ > kOrderMax) renumber();
    const std::uint64_t seq = next_sequence_++;
    const std::uint32_t slot = take_slot();
    Slot& s = slots_[slot];
    s.payload = payload;
    s.set(seq, handler);
    const std::uint64_t key = (static_cast<std::uint64_t>(priority) << 62) |
                              (static_cast<std::uint64_t>(order_next_++) << 32) | slot;
    ++live_;
    // Zero-delay events go to the FIFO while that keeps it sorted by key (sequence only grows, so
    // it suffices that the priority is not more urgent than the FIFO's last).
    if (at == now_ && (fifo_head_ == fifo_.size() || key > fifo_.back())) {
      fifo_.push_back(key);
    } else {
      heap_push(Entry{at, key});
    }
    return EventId{seq, slot};
  }

  // Schedules handler(payload) `delay` (>= 0) after now().
  EventId schedule_in(Time delay, HandlerId handler, std::uint64_t payload = 0,
                      Priority priority = Priority::normal) {
    return schedule_at(now_ + delay, handler, payload, priority);
  }

  // Cancels a pending event; returns false if it already ran, was cancelled, or never existed.
  bool cancel(EventId id) {
    if (!id.valid() || id.slot >= slots_.size()) return false;
    Slot& s = slots_[id.slot];
    if (s.handler() >= kDead || s.sequence_bits() != (id.sequence & kSequenceBitsMask)) return false;
    s.set_handler(kDead);
    --live_;
    ++dead_;
    if (dead_ > 64 && dead_ > live_) compact();
    return true;
  }

  // Time of the next pending event, or kInfinity when none is pending.
  Time peek() {
    for (;;) {
      const Source src = next_source();
      if (src == Source::none) return kInfinity;
      const std::uint64_t key = src == Source::fifo ? fifo_[fifo_head_] : top().key();
      if (slots_[slot_of(key)].handler() != kDead) return src == Source::fifo ? now_ : top().time();
      discard(src);
    }
  }

  // Runs the next event; returns false when none was pending.
  bool step() { return dispatch_next(kInfinity); }

  // Runs until no event is pending or stop() is called.
  void run() { run_until(kInfinity); }

  // Runs every event with time <= until, then sets the clock to `until` (if finite, later than the
  // clock, and not stopped).
  void run_until(Time until) {
    stopped_ = false;
    while (!stopped_) {
      if (!dispatch_next(until)) {
        if (until != kInfinity && until > now_) now_ = until;
        return;
      }
    }
  }

  // Makes run()/run_until() return after the current event.
  void stop() { stopped_ = true; }

  // An awaitable for processes (process.h): `co_await sim.timeout(2.0)`.
  Timeout timeout(Time delay, Priority priority = Priority::normal) { return Timeout{this, delay, priority}; }

  Time now() const { return now_; }
  std::uint64_t events_executed() const { return events_executed_; }
  std::size_t pending() const { return live_; }
  // Bytes of event storage held per pending event slot (heap entry + slot), for the record.
  static constexpr std::size_t bytes_per_pending_event() { return sizeof(Entry) + sizeof(Slot); }

  // Trajectory fingerprint: when enabled, every executed event's (time, handler, insertion
  // sequence, payload) is hashed in order, so two runs that execute the same events in the same
  // order at the same times have equal fingerprints. (A process wake-up's payload is a frame
  // address, which differs between runs; it is left out of the hash.)
  void enable_fingerprint(bool on = true) { fingerprint_on_ = on; }
  std::uint64_t fingerprint() const { return fingerprint_; }

  // For process.h only.
  detail::ProcessHooks& process_hooks() { return hooks_; }
  // For tests: moves the order counter near its limit so that renumbering is exercised.
  void set_order_counter_for_test(std::uint32_t next) {
    renumber();
    order_next_ = std::max(order_next_, std::min(next, kOrderMax + 1));
  }

 private:
  // One 128-bit number: the time's bits above the key. Times are >= 0 (never NaN, -0.0 made +0.0),
  // and non-negative doubles order like their bit patterns, so comparing entries is one unsigned
  // 128-bit comparison (branch-free), exactly the (time, priority, order) rule.
  struct alignas(16) Entry {
    unsigned __int128 bits;
    Entry() = default;
    Entry(Time t, std::uint64_t key)
        : bits((static_cast<unsigned __int128>(std::bit_cast<std::uint64_t>(t)) << 64) | key) {}
    Time time() const { return std::bit_cast<Time>(static_cast<std::uint64_t>(bits >> 64)); }
    std::uint64_t key() const { return static_cast<std::uint64_t>(bits); }  // priority (2) | order (30) | slot (32)
  };
  // 16 bytes: the payload (or, while the slot is free, the next free slot) and a tag packing the
  // insertion sequence's low 40 bits above the 24-bit handler id (kDead: cancelled, kFree: free).
  // cancel() compares those 40 bits: a stale EventId could only match again after 2^40 (10^12)
  // further events have been scheduled.
  struct Slot {
    std::uint64_t payload;
    std::uint64_t tag;
    std::uint32_t handler() const { return static_cast<std::uint32_t>(tag & kHandlerMask); }
    std::uint64_t sequence_bits() const { return tag >> 24; }
    void set(std::uint64_t sequence, std::uint32_t handler) { tag = (sequence << 24) | handler; }
    void set_handler(std::uint32_t handler) { tag = (tag & ~kHandlerMask) | handler; }
  };
  struct HandlerSlot {
    Handler fn;
    void* context;
  };
  enum class Source { none, heap, fifo };

  static constexpr std::size_t kHeapBase = 3;  // root at index 3: children of i start at 4(i+1)
  static constexpr std::uint32_t kOrderMax = (std::uint32_t{1} << 30) - 1;
  static constexpr std::uint64_t kHandlerMask = (std::uint64_t{1} << 24) - 1;
  static constexpr std::uint64_t kSequenceBitsMask = (std::uint64_t{1} << 40) - 1;
  static constexpr std::uint32_t kFree = static_cast<std::uint32_t>(kHandlerMask);
  static constexpr std::uint32_t kDead = kFree - 1;
  static constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();

  static std::uint32_t slot_of(std::uint64_t key) { return static_cast<std::uint32_t>(key); }
  static bool before(const Entry& a, const Entry& b) { return a.bits < b.bits; }

  Entry* h() { return heap_.data() + kHeapBase; }
  std::size_t heap_size() const { return heap_.size() - kHeapBase; }
  const Entry& top() { return h()[0]; }

  std::uint32_t take_slot() {
    if (free_head_ != kNoSlot) {
      const std::uint32_t s = free_head_;
      free_head_ = static_cast<std::uint32_t>(slots_[s].payload);
      return s;
    }
    if (slots_.size() >= kNoSlot - 1) throw std::length_error("Simulation: too many pending events");
    slots_.push_back(Slot{kNoSlot, kFree});
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  void free_slot(std::uint32_t s) {
    slots_[s].tag = kFree;
    slots_[s].payload = free_head_;
    free_head_ = s;
  }

  void heap_push(Entry e) {
    heap_.push_back(e);
    Entry* a = h();
    std::size_t i = heap_size() - 1;
    while (i > 0) {
      const std::size_t p = (i - 1) >> 2;
      if (!before(e, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = e;
  }

  // Removes the root: the hole walks down along the smallest children to the bottom, then the last
  // entry is sifted up from there (fewer comparisons than the textbook sift-down; Floyd's trick).
  void heap_pop() {
    Entry* a = h();
    const std::size_t n = heap_size() - 1;  // size after removal
    const Entry last = a[n];
    heap_.pop_back();
    if (n == 0) return;
    std::size_t hole = 0;
    for (;;) {
      const std::size_t c = 4 * hole + 1;
      if (c + 3 < n) {
        // A two-round tournament, written so the compiler selects with cmov rather than branches.
        const unsigned __int128 b0 = a[c].bits, b1 = a[c + 1].bits, b2 = a[c + 2].bits, b3 = a[c + 3].bits;
        const bool l01 = b1 < b0, l23 = b3 < b2;
        const unsigned __int128 v01 = l01 ? b1 : b0, v23 = l23 ? b3 : b2;
        const std::size_t m01 = c + l01, m23 = c + 2 + l23;
        const bool right = v23 < v01;
        const std::size_t m = right ? m23 : m01;
        a[hole].bits = right ? v23 : v01;
        hole = m;
      } else {
        if (c < n) {
          std::size_t m = c;
          for (std::size_t j = c + 1; j < n; ++j)
            if (before(a[j], a[m])) m = j;
          a[hole] = a[m];
          hole = m;
        }
        break;
      }
    }
    while (hole > 0) {
      const std::size_t p = (hole - 1) >> 2;
      if (!before(last, a[p])) break;
      a[hole] = a[p];
      hole = p;
    }
    a[hole] = last;
  }

  Source next_source() {
    const bool have_fifo = fifo_head_ != fifo_.size();
    const bool have_heap = heap_size() != 0;
    if (!have_fifo) return have_heap ? Source::heap : Source::none;
    // FIFO entries are all at now(); the heap wins only with an earlier key at now().
    if (have_heap && top().time() == now_ && top().key() < fifo_[fifo_head_]) return Source::heap;
    return Source::fifo;
  }

  // Removes the next entry of `src`, freeing its (dead) slot.
  void discard(Source src) {
    const std::uint64_t key = src == Source::fifo ? fifo_[fifo_head_] : top().key();
    pop(src);
    free_slot(slot_of(key));
    --dead_;
  }
  void pop(Source src) {
    if (src == Source::fifo) {
      if (++fifo_head_ == fifo_.size()) {
        fifo_.clear();
        fifo_head_ = 0;
      }
    } else {
      heap_pop();
    }
  }

  // Runs the next live event if its time is <= until; false if there is none.
  bool dispatch_next(Time until) {
    for (;;) {
      Time t;
      std::uint64_t key;
      if (fifo_head_ == fifo_.size()) {
        // Hot path: heap only.
        if (heap_size() == 0) return false;
        const Entry& e = top();
        if (e.time() > until) return false;
        t = e.time();
        key = e.key();
        heap_pop();
      } else {
        const Source src = next_source();
        if (src == Source::heap) {
          if (top().time() > until) return false;
          t = top().time();
          key = top().key();
        } else {
          if (now_ > until) return false;
          t = now_;
          key = fifo_[fifo_head_];
        }
        pop(src);
      }
      const std::uint32_t s = slot_of(key);
      Slot& slot = slots_[s];
      const std::uint32_t handler = slot.handler();
      const std::uint64_t payload = slot.payload;
      if (fingerprint_on_ && handler != kDead) mix_fingerprint(t, handler, slot.sequence_bits(), payload);
      free_slot(s);
      if (handler == kDead) {
        --dead_;
        continue;
      }
      --live_;
      now_ = t;
      ++events_executed_;
      // The next event's slot is a likely cache miss: start loading it while the handler runs.
      if (heap_size() != 0) __builtin_prefetch(&slots_[slot_of(top().key())]);
      const HandlerSlot& hs = handlers_[handler];
      hs.fn(hs.context, payload);
      return true;
    }
  }

  void mix_fingerprint(Time t, std::uint32_t handler, std::uint64_t sequence, std::uint64_t payload) {
    auto mix = [this](std::uint64_t w) {
      std::uint64_t z = (fingerprint_ ^ w) + 0x9e3779b97f4a7c15ULL;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      fingerprint_ = z ^ (z >> 31);
    };
    mix(std::bit_cast<std::uint64_t>(t));
    mix(handler);
    mix(sequence);
    if (handler != hooks_.resume_handler) mix(payload);
  }

  // Drops dead entries from the heap and FIFO and rebuilds the heap (O(n)).
  void compact() {
    Entry* a = h();
    std::size_t n = heap_size(), w = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t s = slot_of(a[i].key());
      if (slots_[s].handler() == kDead) {
        free_slot(s);
        --dead_;
      } else {
        a[w++] = a[i];
      }
    }
    heap_.resize(w + kHeapBase);
    std::vector<std::uint64_t> fifo;
    for (std::size_t i = fifo_head_; i < fifo_.size(); ++i) {
      const std::uint32_t s = slot_of(fifo_[i]);
      if (slots_[s].handler() == kDead) {
        free_slot(s);
        --dead_;
      } else {
        fifo.push_back(fifo_[i]);
      }
    }
    fifo_ = std::move(fifo);
    fifo_head_ = 0;
    heapify();
  }

  void heapify() {
    Entry* a = h();
    const std::size_t n = heap_size();
    if (n < 2) return;
    for (std::size_t i = (n - 2) / 4 + 1; i-- > 0;) {
      const Entry e = a[i];
      std::size_t hole = i;
      for (;;) {
        const std::size_t c = 4 * hole + 1;
        if (c >= n) break;
        std::size_t m = c;
        for (std::size_t j = c + 1; j < std::min(c + 4, n); ++j)
          if (before(a[j], a[m])) m = j;
        if (!before(a[m], e)) break;
        a[hole] = a[m];
        hole = m;
      }
      a[hole] = e;
    }
  }

  // Reassigns order numbers 0, 1, 2, ... to pending entries in their current order; relative order
  // (and so the heap property and the FIFO's sortedness) is unchanged.
  void renumber() {
    struct Ref {
      std::uint64_t key;
      Entry* entry;           // in the heap, or
      std::uint64_t* fifo;    // in the FIFO
    };
    std::vector<Ref> refs;
    Entry* a = h();
    for (std::size_t i = 0; i < heap_size(); ++i) refs.push_back({a[i].key(), &a[i], nullptr});
    for (std::size_t i = fifo_head_; i < fifo_.size(); ++i) refs.push_back({fifo_[i], nullptr, &fifo_[i]});
    auto order_of = [](std::uint64_t key) { return (key >> 32) & kOrderMax; };
    std::sort(refs.begin(), refs.end(), [&](const Ref& x, const Ref& y) { return order_of(x.key) < order_of(y.key); });
    if (refs.size() > kOrderMax / 2) throw std::length_error("Simulation: too many pending events to renumber");
    std::uint64_t next = 0;
    for (const Ref& r : refs) {
      const std::uint64_t key = (r.key & ~(static_cast<std::uint64_t>(kOrderMax) << 32)) | (next++ << 32);
      if (r.entry)
        *r.entry = Entry(r.entry->time(), key);
      else
        *r.fifo = key;
    }
    order_next_ = static_cast<std::uint32_t>(next);
  }

  Time now_ = 0.0;
  bool stopped_ = false;
  bool fingerprint_on_ = false;
  std::uint64_t fingerprint_ = 0;
  std::uint32_t order_next_ = 0;
  std::uint32_t free_head_ = kNoSlot;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t events_executed_ = 0;
  std::size_t live_ = 0;
  std::size_t dead_ = 0;
  std::vector<Entry, detail::CacheAligned<Entry>> heap_;  // kHeapBase unused entries, then the heap
  std::vector<std::uint64_t> fifo_;                        // keys of events at now(), sorted
  std::size_t fifo_head_ = 0;
  std::vector<Slot> slots_;
  std::vector<HandlerSlot> handlers_;
  detail::ProcessHooks hooks_;
};

}  // namespace salesim::kernel
