// Rank 0's in-order commit; see ordered_committer.h.
#include "sim/experiment/ordered_committer.h"

#include <algorithm>

namespace salesim::experiment {

PreparedItem OrderedCommitter::prepare(std::uint64_t item, model::ReplicationOutput out) const {
  PreparedItem p;
  const auto [cell, rep] = round_.item(item);
  p.cell = cell;
  p.replication = rep;
  p.years = agg_.yearly_of(out.weekly);
  p.row = agg_.make_row(cell, rep, out.kpis);
  if (journaling_) p.journal = journal_.encode(cell, rep, out, p.years);
  p.out = std::move(out);
  return p;
}

void OrderedCommitter::commit_ready(std::unique_lock<std::mutex>& lk) {
  if (committing_) return;  // that thread looks for held items again before it stops
  committing_ = true;
  // After a failure nothing more is committed: the journal must end at the last item before the
  // failed one, so that --resume replays an unbroken prefix (later items are recomputed).
  while (!state_.error) {
    batch_.clear();
    for (std::uint64_t k = state_.committed; !pending_.empty() && pending_.begin()->first == k; ++k) {
      batch_.push_back(std::move(pending_.begin()->second));
      pending_.erase(pending_.begin());
    }
    if (batch_.empty()) break;
    lk.unlock();
    std::uint64_t done = 0;
    std::exception_ptr failed;
    for (PreparedItem& p : batch_) {
      ++done;  // a failed item counts as committed
      try {
        agg_.add_ordered(p.cell, std::move(p.row), p.years, p.out.weekly);
        queue_bands(p.cell, std::move(p.out.weekly));
        if (journaling_) journal_.write(p.journal, agg_, [this] { drain_bands(); });
      } catch (...) {
        failed = std::current_exception();
        break;
      }
    }
    batch_.clear();  // frees the outputs outside the lock
    lk.lock();
    if (failed) state_.fail(failed);
    state_.committed += done;
    progress_(state_.committed);
    state_.cv.notify_all();  // workers waiting for the window, the end of the round
  }
  committing_ = false;
}

void OrderedCommitter::queue_bands(std::uint32_t cell, std::vector<std::vector<double>> weekly) {
  auto w = std::make_shared<const std::vector<std::vector<double>>>(std::move(weekly));
  std::lock_guard lk(band_mu_);
  band_queue_.push_back({cell, std::move(w)});
  ++band_end_;
}

void OrderedCommitter::feed(std::uint32_t stripe) {
  Stripe& st = stripes_[stripe];
  std::vector<BandItem> todo;
  while (true) {
    todo.clear();
    {
      std::lock_guard lk(band_mu_);
      for (std::uint64_t q = st.fed.load(); q < band_end_; ++q) todo.push_back(band_queue_[q - band_base_]);
    }
    if (todo.empty()) return;
    for (const BandItem& b : todo) agg_.add_weekly_stripe(b.cell, *b.weekly, stripe, kStripes);
    st.fed += todo.size();
    std::lock_guard lk(band_mu_);  // drop what every stripe has been fed
    std::uint64_t all = band_end_;
    for (const Stripe& other : stripes_) all = std::min(all, other.fed.load());
    while (band_base_ < all) band_queue_.pop_front(), ++band_base_;
  }
}

void OrderedCommitter::help_bands() {
  for (std::uint32_t s = 0; s < kStripes; ++s) {
    std::unique_lock lk(stripes_[s].mu, std::try_to_lock);
    if (lk.owns_lock()) feed(s);
  }
}

void OrderedCommitter::drain_bands() {
  for (std::uint32_t s = 0; s < kStripes; ++s) {
    std::lock_guard lk(stripes_[s].mu);
    feed(s);
  }
}

}  // namespace salesim::experiment
