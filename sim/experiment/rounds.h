// Rounds of a run (internal to run_spec). A run is one round of `replications`, or under a
// target CI share (precision on demand) a series of rounds of `replications` more each. Inside a
// round the work is numbered as items, in commit order: replication-major, cells fastest, so the
// paired plans of one replication are committed together.
//
//   RoundSchedule schedule(spec, options, cells);
//   for (Round r = schedule.first();; r = schedule.next(r)) {
//     ...compute and commit items [0, r.items())...
//     if (!schedule.another_after(r, &aggregator)) break;
//   }
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "sim/experiment/aggregator.h"
#include "sim/experiment/runner.h"

namespace salesim::experiment {

// The replications [begin, end) of one round, restricted to this shard, and their item numbers.
struct Round {
  std::uint32_t begin = 0, end = 0;
  std::uint32_t shard_index = 0, shard_count = 1;
  std::uint32_t cells = 1;

  // The first replication of this round in this shard (`end` if none).
  std::uint32_t first_rep() const {
    std::uint32_t r = begin;
    while (r < end && r % shard_count != shard_index) ++r;
    return r;
  }
  std::uint64_t replications() const {
    const std::uint32_t f = first_rep();
    return f >= end ? 0 : (end - 1 - f) / shard_count + 1;
  }
  std::uint64_t items() const { return replications() * cells; }
  // Item k as (cell, replication).
  std::pair<std::uint32_t, std::uint32_t> item(std::uint64_t k) const {
    return {static_cast<std::uint32_t>(k % cells), first_rep() + static_cast<std::uint32_t>(k / cells) * shard_count};
  }
  // The item number of (cell, replication); the inverse of item().
  std::uint64_t item_of(std::uint32_t cell, std::uint32_t replication) const {
    return std::uint64_t{(replication - first_rep()) / shard_count} * cells + cell;
  }
};

// Which rounds a run has: the first, the next, and whether another follows (the target-CI rule).
class RoundSchedule {
 public:
  // Rounds of spec.replications; under options.target_ci_share up to options.max_replications
  // (0: 100000) in all, else exactly one.
  RoundSchedule(const ExperimentSpec& spec, const RunOptions& options, std::uint32_t cells);

  Round first() const;
  // The round after `done`: the next spec.replications, up to the cap.
  Round next(const Round& done) const;

  // Whether another round follows `done`. `agg` holds what has been committed; rank 0 passes it
  // and decides: more while some cell's target KPI is above the target share and the cap allows.
  // Ranks > 0 pass null and get whether one may follow (rank 0 tells them at the next sync).
  bool another_after(const Round& done, const Aggregator* agg) const;

 private:
  bool target_reached(const Aggregator& agg) const;

  std::uint32_t replications_, cap_, cells_;
  std::uint32_t shard_index_, shard_count_;
  std::optional<double> target_share_;
  int target_kpi_;
};

// Reports progress over the whole run while a round commits: items of earlier rounds count as done.
struct RoundProgress {
  const std::function<void(const Progress&)>& on_progress;  // may be empty
  std::uint64_t done_before = 0;                            // items of the earlier rounds
  std::uint64_t items = 0;                                  // items of this round

  void operator()(std::uint64_t committed) const {
    if (on_progress) on_progress(Progress{done_before + committed, done_before + items});
  }
};

// What the threads of one round share, all guarded by `mu`: the next item to claim, how far the
// commit has come, and why the round ends early.
struct RoundState {
  explicit RoundState(std::uint64_t start) : next(start), committed(start) {}

  std::mutex mu;
  std::condition_variable cv;  // notified whenever a field below changes that someone waits on
  std::uint64_t next;          // no item before this one is left to claim (before dealing)
  std::uint64_t committed;     // items committed in order (rank 0); on ranks > 0 the round's start
  unsigned running = 0;        // worker threads not yet finished
  bool stop = false;           // end the round early: claim nothing more
  bool cancelled = false;      // RunOptions::cancel was seen
  std::exception_ptr error;    // the first failure in this process
  std::string remote_error;    // the first failure another rank reported (rank 0)

  // Records the first failure and stops the round.
  void fail(std::exception_ptr e) {
    if (!error) error = std::move(e);
    stop = true;
  }
};

}  // namespace salesim::experiment
