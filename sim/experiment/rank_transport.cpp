// run_spec's MPI transport; see rank_transport.h.
#include "sim/experiment/rank_transport.h"

#include <chrono>
#include <string>
#include <thread>

namespace salesim::experiment {

RankLink::RankLink(Distributor* dist)
    : dist_(dist && dist->size() > 1 ? dist : nullptr),
      root_(!dist_ || dist_->rank() == 0),
      others_released_(!dist_ || !root_) {}

void RankLink::release_others() {
  if (others_released_) return;
  others_released_ = true;
  std::uint64_t none = 0;
  dist_->sync_round(false, none);
}

void receive_from_ranks(Distributor& dist, RoundState& state, const Round& round, OrderedCommitter& committer,
                        RunStats& stats) {
  int ended = 0;
  while (ended < dist.size() - 1) {
    std::vector<JournalRecord> got;
    std::string err;
    const bool any = dist.poll(got, ended, err);
    std::vector<PreparedItem> ready;  // prepared outside the lock
    ready.reserve(got.size());
    std::exception_ptr failed;
    try {
      for (auto& rec : got) ready.push_back(committer.prepare(round.item_of(rec.cell, rec.replication), std::move(rec.output)));
    } catch (...) {
      failed = std::current_exception();
    }
    {
      std::unique_lock lk(state.mu);
      if (failed) {
        state.fail(failed);
        state.cv.notify_all();
      }
      if (!err.empty() && state.remote_error.empty()) {
        state.remote_error = err;
        state.stop = true;
        state.cv.notify_all();
      }
      for (auto& p : ready) {
        stats.model_events += p.out.events;
        ++stats.replications_computed;
        const std::uint64_t k = round.item_of(p.cell, p.replication);
        committer.hold(k, std::move(p));
      }
      committer.commit_ready(lk);
    }
    committer.help_bands();
    if (!any) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

void Outbox::put(JournalRecord record) {
  records_.push_back(std::move(record));
  state_.cv.notify_all();
}

void Outbox::ship_until_workers_end(Distributor& dist) {
  while (true) {
    std::vector<JournalRecord> batch;
    bool finished;
    {
      std::unique_lock lk(state_.mu);
      state_.cv.wait(lk, [&] { return !records_.empty() || state_.running == 0; });
      batch.swap(records_);
      finished = state_.running == 0;
    }
    if (!batch.empty()) dist.send(batch);
    if (finished) break;
  }
}

void end_round(Distributor& dist, const RoundState& state) {
  std::string err;
  if (state.error) {
    try {
      std::rethrow_exception(state.error);
    } catch (const std::exception& e) {
      err = "rank " + std::to_string(dist.rank()) + ": " + e.what();
    } catch (...) {
      err = "rank " + std::to_string(dist.rank()) + ": unknown error";
    }
  }
  dist.send_end(err);
}

}  // namespace salesim::experiment
