// The local worker pool of a round (internal to run_spec). Workers claim this process's items in
// item order (every item, or under a distributor the chunks dealt to this rank), run their
// replications and hand each output on. A bounded pool (rank 0, or a single process) does not
// claim an item `window` or more ahead of the commit, which bounds the outputs held back for the
// in-order commit. The pool stops claiming once the round fails or RunOptions::cancel is set.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/experiment/distributor.h"
#include "sim/experiment/rounds.h"

namespace salesim::experiment {

class WorkerPool {
 public:
  // Runs replication `replication` of `cell`. Called from the worker threads, without the lock.
  using Compute = std::function<model::ReplicationOutput(std::uint32_t cell, std::uint32_t replication)>;
  // Takes item `item`'s output. Called with `lk` (on state.mu) unlocked, so that it can prepare
  // the output outside the lock; it must return with `lk` locked (and may unlock it meanwhile).
  using Deliver = std::function<void(std::uint64_t item, model::ReplicationOutput out, std::unique_lock<std::mutex>& lk)>;

  struct Limits {
    const Distributor* dist = nullptr;          // null: every item is this process's
    bool bounded = true;                        // stay within `window` items of state.committed
    std::uint64_t window = 0;
    const std::atomic<bool>* cancel = nullptr;  // RunOptions::cancel
  };

  // Counts computed replications and their events in `stats` (under state.mu). All references
  // must outlive the pool.
  WorkerPool(RoundState& state, const Round& round, Limits limits, Compute compute, Deliver deliver,
             RunStats& stats);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // The first item at or after `item` that this process computes.
  std::uint64_t owned_from(std::uint64_t item) const { return limits_.dist ? limits_.dist->next_owned(item) : item; }

  // Runs one worker on the calling thread; returns when it has nothing left to claim.
  void run_here() { work(); }
  // Starts `threads` workers; state.running counts those still working. Then call join().
  void start(unsigned threads);
  void join();

 private:
  void work();

  RoundState& state_;
  const Round& round_;
  const std::uint64_t items_;
  const Limits limits_;
  const Compute compute_;
  const Deliver deliver_;
  RunStats& stats_;
  std::vector<std::thread> threads_;
};

}  // namespace salesim::experiment
