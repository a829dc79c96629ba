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
//                  what must follow the item order: appending the row and the yearly values, the
//                  weekly sums and P-square bands (order-dependent), and writing the journal bytes.
#pragma once

#include <cstdint>
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

 private:
  RoundState& state_;
  const Round& round_;
  Aggregator& agg_;
  RunJournal& journal_;
  const RoundProgress& progress_;
  const bool journaling_;                        // journal.writing(), fixed for the round
  std::map<std::uint64_t, PreparedItem> pending_;  // finished, not yet committed (state.mu)
  bool committing_ = false;                       // a thread is committing (state.mu)
  std::vector<PreparedItem> batch_;               // the committer's run of items (its own)
};

}  // namespace salesim::experiment
