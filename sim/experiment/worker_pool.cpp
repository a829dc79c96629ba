// The local worker pool of a round; see worker_pool.h.
#include "sim/experiment/worker_pool.h"

namespace salesim::experiment {

WorkerPool::WorkerPool(RoundState& state, const Round& round, Limits limits, Compute compute, Deliver deliver,
                       RunStats& stats)
    : state_(state),
      round_(round),
      items_(round.items()),
      limits_(limits),
      compute_(std::move(compute)),
      deliver_(std::move(deliver)),
      stats_(stats) {}

void WorkerPool::start(unsigned threads) {
  state_.running = threads;
  for (unsigned t = 0; t < threads; ++t)
    threads_.emplace_back([this] {
      work();
      std::lock_guard lk(state_.mu);
      --state_.running;
      state_.cv.notify_all();
    });
}

void WorkerPool::join() {
  for (auto& t : threads_) t.join();
  threads_.clear();
}

// One lock hold per item: the output is delivered, counted, and the next item claimed, together.
void WorkerPool::work() {
  std::unique_lock lk(state_.mu);
  while (true) {
    state_.cv.wait(lk, [&] {
      return state_.stop || owned_from(state_.next) >= items_ || !limits_.bounded ||
             owned_from(state_.next) < state_.committed + limits_.window;
    });
    if (state_.stop || owned_from(state_.next) >= items_) return;
    if (limits_.cancel && limits_.cancel->load()) {
      state_.stop = state_.cancelled = true;
      state_.cv.notify_all();
      return;
    }
    const std::uint64_t k = owned_from(state_.next);
    state_.next = k + 1;
    lk.unlock();
    const auto [cell, rep] = round_.item(k);
    model::ReplicationOutput out;
    try {
      out = compute_(cell, rep);
    } catch (...) {
      lk.lock();
      state_.fail(std::current_exception());
      state_.cv.notify_all();
      return;
    }
    const std::uint64_t events = out.events;
    deliver_(k, std::move(out), lk);
    stats_.model_events += events;
    ++stats_.replications_computed;
  }
}

}  // namespace salesim::experiment
