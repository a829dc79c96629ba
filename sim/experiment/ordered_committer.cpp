// Rank 0's in-order commit; see ordered_committer.h.
#include "sim/experiment/ordered_committer.h"

namespace salesim::experiment {

void OrderedCommitter::commit_ready() {
  bool advanced = false;
  // After a failure nothing more is committed: the journal must end at the last item before the
  // failed one, so that --resume replays an unbroken prefix (later items are recomputed).
  while (!state_.error && !pending_.empty() && pending_.begin()->first == state_.committed) {
    const auto [cell, rep] = round_.item(state_.committed);
    try {
      agg_.add(cell, rep, pending_.begin()->second);
      if (journal_.writing()) journal_.write(cell, rep, pending_.begin()->second, agg_);
    } catch (...) {
      state_.fail(std::current_exception());
    }
    pending_.erase(pending_.begin());
    ++state_.committed;
    advanced = true;
  }
  if (advanced) {
    progress_(state_.committed);
    state_.cv.notify_all();
  }
}

}  // namespace salesim::experiment
