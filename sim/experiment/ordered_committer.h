// Rank 0's in-order commit of a round (internal to run_spec). Outputs arrive in any order, from
// the local workers and, under MPI, from the other ranks; each is held until every item before it
// has been committed. Committing an item aggregates it, then appends it to the journal. Because
// the commit order is the item order, the results do not depend on threads or ranks.
//
// Split of the work, so that more threads help (docs/benchmarks.md, "Scaling past 2 cores"):
//   prepare()      the thread that has the output, no lock: the yearly values, the KPI row and
//                  the encoded journal records, everything of an item that does not depend on the
//                  items before it;
//   hold()         under state.mu: files the prepared item by its number (a map insert);
//   commit_ready() under state.mu: one thread at a time becomes the committer, takes the run of
//                  items that are next in order and commits them with state.mu released, so the
//                  other workers claim, compute and hold meanwhile. What it does per item is only
//                  what must follow the item order: appending the row and the yearly values,
//                  writing the journal bytes, and queueing the weekly series for the bands;
//   help_bands()   no lock but a stripe's: the weekly sums and P-square bands (order-dependent)
//                  are cut into kStripes stripes, each fed the queued series in commit order by
//                  whichever thread holds its lock, so several threads update the bands at once;
//   drain_bands()  feeds every stripe all that is queued: before a band checkpoint of the
//                  journal and at the end of the round, so the aggregator is whole when read.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "sim/experiment/aggregator.h"
#include "sim/experiment/run_journal.h"
#include "sim/experiment/rounds.h"

namespace salesim::experiment {

// An item made ready for its commit.
struct PreparedItem {
  std::uint32_t cell = 0, replication = 0;
  model::ReplicationOutput out;
  std::vector<std::vector<double>> years;  // Aggregator::yearly_of(out.weekly)
  std::unique_ptr<v1::Replication> row;    // Aggregator::make_row
  RunJournal::Encoded journal;             // when the journal is writing
};

class OrderedCommitter {
 public:
  // Commits the items of `round` from state.committed on into `agg` and `journal` (when open),
  // reporting each advance to `progress`. All references must outlive the committer.
  OrderedCommitter(RoundState& state, const Round& round, Aggregator& agg, RunJournal& journal,
                   const RoundProgress& progress)
      : state_(state), round_(round), agg_(agg), journal_(journal), progress_(progress),
        journaling_(journal.writing()) {}

  // Without any lock (any thread, concurrently): item `item`'s output made ready to commit.
  PreparedItem prepare(std::uint64_t item, model::ReplicationOutput out) const;

  // Under state.mu: keeps a prepared item until its turn.
  void hold(std::uint64_t item, PreparedItem p) { pending_.emplace(item, std::move(p)); }

  // With `lk` holding state.mu: unless another thread is committing (it will take these too),
  // commits every held item that is next in order, advancing state.committed, with state.mu
  // released while it aggregates and journals. Returns with `lk` holding state.mu again. A
  // failure to aggregate or journal an item fails the round (the item still counts as
  // committed), and no later item is committed after it, so the journal stays an unbroken
  // prefix. If it advanced, reports progress and wakes every waiter.
  void commit_ready(std::unique_lock<std::mutex>& lk);

  // Without state.mu: feeds each stripe of the bands whose lock is free what is queued for it.
  void help_bands();
  // Without state.mu: feeds every stripe all that is queued (waiting for their locks).
  void drain_bands();

  static constexpr std::uint32_t kStripes = 16;

 private:
  struct BandItem {
    std::uint32_t cell;
    std::shared_ptr<const std::vector<std::vector<double>>> weekly;
  };
  struct Stripe {
    std::mutex mu;                      // held while feeding
    std::atomic<std::uint64_t> fed{0};  // queued items fed to this stripe (a sequence number)
  };
  void feed(std::uint32_t stripe);  // with stripes_[stripe].mu held
  void queue_bands(std::uint32_t cell, std::vector<std::vector<double>> weekly);


  RoundState& state_;
  const Round& round_;
  Aggregator& agg_;
  RunJournal& journal_;
  const RoundProgress& progress_;
  const bool journaling_;                        // journal.writing(), fixed for the round
  std::map<std::uint64_t, PreparedItem> pending_;  // finished, not yet committed (state.mu)
  bool committing_ = false;                       // a thread is committing (state.mu)
  std::vector<PreparedItem> batch_;               // the committer's run of items (its own)
  std::mutex band_mu_;                            // guards the two below
  std::deque<BandItem> band_queue_;               // committed, not yet fed to every stripe
  std::uint64_t band_base_ = 0;                   // sequence number of band_queue_.front()
  std::uint64_t band_end_ = 0;                    // sequence number after band_queue_.back()
  Stripe stripes_[kStripes];
};

}  // namespace salesim::experiment
