// run_spec's MPI transport (internal): everything that goes through the Distributor. It all runs
// on run_spec's calling thread (the MPI backend is MPI_THREAD_FUNNELED); the worker threads only
// hand outputs over through the round's state.
//
// Per round: every rank calls RankLink::open_round, where rank 0 announces the round's first item
// left after its replay. Every rank's workers compute their items; meanwhile rank 0 receives the
// others' outputs into its committer (receive_from_ranks) and the other ranks ship theirs
// (Outbox), then end the round with a marker (end_round). After the last round, or on an error,
// rank 0 tells the others that no round follows (RankLink::release_others).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/experiment/distributor.h"
#include "sim/experiment/ordered_committer.h"
#include "sim/experiment/rounds.h"

namespace salesim::experiment {

// Whether and how this process takes part in a distributed run, and the agreement on rounds.
class RankLink {
 public:
  // Distributed over `dist` only if it has several ranks.
  explicit RankLink(Distributor* dist);

  Distributor* dist() const { return dist_; }  // null when not distributed
  bool root() const { return root_; }          // rank 0, or not distributed

  // Collective, once per round (distributed only). Rank 0 announces that a round starts at item
  // `start`; the other ranks receive `start`. False on ranks > 0 when no round follows.
  bool open_round(std::uint64_t& start) { return dist_->sync_round(true, start); }

  // Rank 0: tells the other ranks that no round follows — at the end, and on errors so that they
  // never hang. Only the first call sends; a no-op on other ranks and when not distributed.
  void release_others();

 private:
  Distributor* dist_;
  bool root_;
  bool others_released_;
};

// Rank 0, while its workers compute: takes the other ranks' outputs into `committer` (counting
// them in `stats`) until every other rank has ended the round. A rank's error becomes
// state.remote_error and stops the round.
void receive_from_ranks(Distributor& dist, RoundState& state, const Round& round, OrderedCommitter& committer,
                        RunStats& stats);

// Ranks > 0: finished outputs wait here until the calling thread ships them to rank 0.
class Outbox {
 public:
  explicit Outbox(RoundState& state) : state_(state) {}

  // Under state.mu: queues a finished item and wakes the shipper.
  void put(JournalRecord record);

  // Ships what is queued, in batches, until every worker of the pool has finished.
  void ship_until_workers_end(Distributor& dist);

 private:
  RoundState& state_;
  std::vector<JournalRecord> records_;
};

// Ranks > 0, after the workers: ends the round towards rank 0 with this rank's error, if any. A
// cancelled rank ends without one: its missing items tell rank 0 that the round is incomplete.
void end_round(Distributor& dist, const RoundState& state);

}  // namespace salesim::experiment
