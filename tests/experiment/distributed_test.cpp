// The distributed path of the runner (what the MPI backend drives), with in-process "ranks" on
// threads: rank 0's results are byte-identical to a single process for any rank count, with or
// without precision-on-demand rounds, a failing rank is reported by rank 0, and whatever fails on
// rank 0 releases the other ranks.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "sim/experiment/distributor.h"
#include "sim/experiment/output_set.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/writers.h"
#include "tests/experiment/mmc_model.h"

namespace salesim::experiment {
namespace {

// Message passing between in-process ranks, shaped like the MPI backend.
struct Hub {
  explicit Hub(int n) : size(n), rounds(static_cast<std::size_t>(n)) {}
  struct ToRoot {
    std::vector<JournalRecord> records;
    bool end = false;
    std::string error;
  };
  int size;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::deque<std::pair<bool, std::uint64_t>>> rounds;
  std::deque<ToRoot> to_root;
};

class FakeDistributor : public Distributor {
 public:
  FakeDistributor(Hub& hub, int rank) : hub_(hub), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return hub_.size; }
  bool sync_round(bool go, std::uint64_t& start) override {
    std::unique_lock lk(hub_.mu);
    if (rank_ == 0) {
      for (int r = 1; r < hub_.size; ++r) hub_.rounds[static_cast<std::size_t>(r)].push_back({go, start});
      hub_.cv.notify_all();
      return go;
    }
    auto& q = hub_.rounds[static_cast<std::size_t>(rank_)];
    hub_.cv.wait(lk, [&] { return !q.empty(); });
    const auto [g, s] = q.front();
    q.pop_front();
    start = s;
    return g;
  }
  void send(const std::vector<JournalRecord>& records) override {
    std::lock_guard lk(hub_.mu);
    hub_.to_root.push_back({records, false, {}});
  }
  void send_end(const std::string& error) override {
    std::lock_guard lk(hub_.mu);
    hub_.to_root.push_back({{}, true, error});
  }
  bool poll(std::vector<JournalRecord>& records, int& ended, std::string& error) override {
    std::lock_guard lk(hub_.mu);
    const bool any = !hub_.to_root.empty();
    for (auto& m : hub_.to_root) {
      for (auto& r : m.records) records.push_back(std::move(r));
      if (m.end) ++ended;
      if (!m.error.empty() && error.empty()) error = m.error;
    }
    hub_.to_root.clear();
    return any;
  }

 private:
  Hub& hub_;
  int rank_;
};

ExperimentSpec spec_with(std::uint32_t replications) {
  ExperimentSpec spec;
  spec.kind = v1::Results::COMPARE;
  spec.seed = 23;
  spec.replications = replications;
  spec.kpis = testing::MmcModel::kpis();
  spec.series = {"arrivals_and_busy"};
  spec.target_kpi = 0;
  for (int p = 0; p < 2; ++p) {
    PlanSpec plan;
    plan.name = "plan" + std::to_string(p);
    plan.seed = spec.seed;
    const testing::MmcModel m{.arrival_rate = 2.0, .service_rate = 1.0 + 0.2 * p, .servers = 3, .horizon = 40};
    plan.points.push_back({{}, [m](const model::ReplicationKey& k) { return m.run(k); }});
    spec.plans.push_back(std::move(plan));
  }
  return spec;
}

// Runs `spec` on `ranks` in-process ranks; returns rank 0's result bytes (throws rank 0's error).
std::string run_ranks(const ExperimentSpec& spec, int ranks, RunOptions opt) {
  Hub hub(ranks);
  std::vector<FakeDistributor> dists;
  for (int r = 0; r < ranks; ++r) dists.emplace_back(hub, r);
  std::vector<std::thread> others;
  for (int r = 1; r < ranks; ++r)
    others.emplace_back([&, r] {
      RunOptions o = opt;
      o.distributor = &dists[static_cast<std::size_t>(r)];
      const v1::Results empty = run_spec(spec, o);
      EXPECT_EQ(empty.plans_size(), 0) << "ranks > 0 return no results";
    });
  RunOptions o = opt;
  o.distributor = &dists[0];
  std::string bytes;
  std::exception_ptr error;
  try {
    bytes = serialize_results(run_spec(spec, o));
  } catch (...) {
    error = std::current_exception();
  }
  for (auto& t : others) t.join();
  if (error) std::rethrow_exception(error);
  return bytes;
}

TEST(Distributed, RankZeroWritesTheSameBytesForOneTwoAndThreeRanks) {
  const ExperimentSpec spec = spec_with(50);
  RunOptions opt;
  opt.threads = 2;
  const std::string single = serialize_results(run_spec(spec, opt));
  EXPECT_EQ(run_ranks(spec, 2, opt), single);
  EXPECT_EQ(run_ranks(spec, 3, opt), single);
  opt.threads = 1;
  EXPECT_EQ(run_ranks(spec, 3, opt), single);
}

TEST(Distributed, PrecisionOnDemandRoundsAgreeAcrossRanks) {
  const ExperimentSpec spec = spec_with(10);
  RunOptions opt;
  opt.threads = 1;
  opt.target_ci_share = 0.03;
  opt.max_replications = 2000;
  const v1::Results single = run_spec(spec, opt);
  EXPECT_GT(single.plans(0).points(0).replications_size(), 10);
  EXPECT_EQ(run_ranks(spec, 3, opt), serialize_results(single));
}

TEST(Distributed, AFailureOnAnotherRankIsReportedByRankZero) {
  ExperimentSpec spec = spec_with(30);
  spec.plans[1].points[0].replicate = [](const model::ReplicationKey& k) -> model::ReplicationOutput {
    if (k.replication == 20) throw std::runtime_error("replication 20 failed");
    return {{1.0, 1.0}, {{1.0}}, 1};
  };
  RunOptions opt;
  opt.threads = 1;
  // Item 2*20+1 sits in chunk 5, dealt to rank 5 % 3 = 2.
  try {
    run_ranks(spec, 3, opt);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("replication 20 failed"), std::string::npos) << e.what();
  }
}

TEST(Distributed, AnyErrorOnRankZeroReleasesTheOtherRanks) {
  const ExperimentSpec spec = spec_with(20);
  RunOptions opt;
  opt.threads = 1;
  // Rank 0 reports progress as soon as a round is open, before any replication runs.
  opt.on_progress = [](const Progress&) { throw std::runtime_error("progress display failed"); };
  // Returning at all means ranks 1 and 2 were told that no round follows.
  EXPECT_THROW(run_ranks(spec, 3, opt), std::runtime_error);
}

// Rank 0 alone journals, and its journal is the same for any rank count: a run on 3 ranks stopped
// by a failure of its k-th journal operation (among them those of weekly-band checkpoints, every 4
// records here; run_journal.h), resumed on 3 ranks, gives the bytes of one process.
TEST(Distributed, ARunStoppedByAJournalFailureResumesOnThreeRanksToTheSameBytes) {
  const ExperimentSpec spec = spec_with(12);  // 24 items
  RunOptions opt;
  opt.threads = 1;
  const std::string single = serialize_results(run_spec(spec, opt));
  ::setenv("SALESIM_JOURNAL_CHECKPOINT_EVERY", "4", 1);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("salesim_distributed_resume_" + std::to_string(::getpid()));
  int failed = 0;
  for (std::uint64_t k = 2; k <= 80; k += 3) {
    SCOPED_TRACE("operation " + std::to_string(k));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    RunOptions o = opt;
    o.journal_dir = dir.string();
    checked_io::set_fault_after(k, ENOSPC);
    try {
      run_ranks(spec, 3, o);
    } catch (const WriteError&) {
      ++failed;
    }
    checked_io::set_fault_after(0, 0);
    o.resume = true;
    EXPECT_EQ(run_ranks(spec, 3, o), single);
  }
  EXPECT_GT(failed, 10);
  std::filesystem::remove_all(dir);
  ::unsetenv("SALESIM_JOURNAL_CHECKPOINT_EVERY");
}

}  // namespace
}  // namespace salesim::experiment
