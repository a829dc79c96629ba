// Rank 0's in-order commit of a round (internal to run_spec). Outputs arrive in any order, from
// the local workers and, under MPI, from the other ranks; each is held until every item before it
// has been committed. Committing an item aggregates it, then appends it to the journal. Because
// the commit order is the item order, the results do not depend on threads or ranks.
#pragma once

#include <cstdint>
#include <map>

#include "sim/experiment/aggregator.h"
#include "sim/experiment/run_journal.h"
#include "sim/experiment/rounds.h"

namespace salesim::experiment {

class OrderedCommitter {
 public:
  // Commits the items of `round` from state.committed on into `agg` and `journal` (when open),
  // reporting each advance to `progress`. All references must outlive the committer.
  OrderedCommitter(RoundState& state, const Round& round, Aggregator& agg, RunJournal& journal,
                   const RoundProgress& progress)
      : state_(state), round_(round), agg_(agg), journal_(journal), progress_(progress) {}

  // Under state.mu: keeps item `item`'s output until its turn.
  void hold(std::uint64_t item, model::ReplicationOutput out) { pending_.emplace(item, std::move(out)); }

  // Under state.mu: commits every held item that is next in order, advancing state.committed. A
  // failure to aggregate or journal an item fails the round (the item still counts as committed),
  // and no later item is committed after it, so the journal stays an unbroken prefix.
  // If it advanced, reports progress and wakes every waiter.
  void commit_ready();

 private:
  RoundState& state_;
  const Round& round_;
  Aggregator& agg_;
  RunJournal& journal_;
  const RoundProgress& progress_;
  std::map<std::uint64_t, model::ReplicationOutput> pending_;  // finished, not yet committed
};

}  // namespace salesim::experiment
