// The runner: bytes independent of threads, journal resume after cancellation, shards merged equal
// one run, precision on demand, common random numbers. Uses the M/M/c model (no sales model).
#include "sim/experiment/runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "sim/experiment/statistics.h"
#include "sim/experiment/writers.h"
#include "tests/experiment/mmc_model.h"

namespace salesim::experiment {
namespace {

namespace fs = std::filesystem;

ExperimentSpec mmc_spec(std::uint32_t replications, int plans = 2, int points = 2) {
  ExperimentSpec spec;
  spec.kind = plans > 1 ? v1::Results::COMPARE : v1::Results::RUN;
  spec.seed = 17;
  spec.replications = replications;
  spec.kpis = testing::MmcModel::kpis();
  spec.series = {"arrivals_and_busy"};
  spec.target_kpi = 0;
  for (int p = 0; p < plans; ++p) {
    PlanSpec plan;
    plan.name = "plan" + std::to_string(p);
    plan.seed = spec.seed;
    for (int d = 0; d < points; ++d) {
      const testing::MmcModel m{.arrival_rate = 2.0 + 0.2 * d, .service_rate = 1.0 + 0.1 * p, .servers = 3, .horizon = 50};
      plan.points.push_back({{static_cast<double>(d)}, [m](const model::ReplicationKey& k) { return m.run(k); }});
    }
    spec.plans.push_back(std::move(plan));
  }
  return spec;
}

std::string run_bytes(const ExperimentSpec& spec, RunOptions opt) { return serialize_results(run_spec(spec, opt)); }

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("salesim_runner_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(Runner, ResultsAreByteIdenticalForAnyThreadCount) {
  const ExperimentSpec spec = mmc_spec(40);
  RunOptions opt;
  opt.threads = 1;
  const std::string one = run_bytes(spec, opt);
  opt.threads = 2;
  EXPECT_EQ(run_bytes(spec, opt), one);
  opt.threads = 4;
  EXPECT_EQ(run_bytes(spec, opt), one);
  const v1::Results r = run_spec(spec, opt);
  ASSERT_EQ(r.plans_size(), 2);
  ASSERT_EQ(r.plans(1).points(1).replications_size(), 40);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(r.plans(1).points(1).replications(i).index(), static_cast<unsigned>(i));
  EXPECT_EQ(r.comparisons_size(), 2);
}

TEST(Runner, PlansWithTheSameModelHaveZeroPairedDifferenceUnderCommonRandomNumbers) {
  ExperimentSpec spec = mmc_spec(30, 2, 1);
  spec.plans[1].points = spec.plans[0].points;  // identical plans
  RunOptions opt;
  opt.threads = 2;
  const v1::Results r = run_spec(spec, opt);
  EXPECT_EQ(r.comparisons(0).deltas(0).delta_mean(), 0.0);
  EXPECT_EQ(r.comparisons(0).deltas(0).p_better(), 0.5);  // all ties: even odds
  EXPECT_EQ(r.comparisons(0).deltas(0).p_tie(), 1.0);
  spec.plans[1].seed = seed_for_plan(spec.seed, 1, false);  // independent streams
  const v1::Results ind = run_spec(spec, opt);
  EXPECT_NE(ind.comparisons(0).deltas(0).delta_mean(), 0.0);
}

TEST(Runner, ACancelledRunResumesFromItsJournalToTheSameBytes) {
  const ExperimentSpec spec = mmc_spec(60);
  RunOptions base;
  base.threads = 2;
  const std::string expected = run_bytes(spec, base);

  const fs::path dir = fresh_dir("resume");
  std::atomic<bool> cancel{false};
  RunOptions opt = base;
  opt.journal_dir = dir.string();
  opt.cancel = &cancel;
  opt.on_progress = [&](const Progress& p) {
    if (p.done >= 70) cancel = true;
  };
  EXPECT_THROW(run_spec(spec, opt), Cancelled);
  ASSERT_TRUE(fs::exists(journal_path(dir.string())));
  // A torn record at the tail (killed mid-write) is dropped on resume.
  { std::ofstream(journal_path(dir.string()), std::ios::app | std::ios::binary) << "\x10\x00\x00\x00garbage"; }

  RunOptions again = base;
  again.journal_dir = dir.string();
  again.resume = true;
  RunStats stats;
  again.stats = &stats;
  EXPECT_EQ(run_bytes(spec, again), expected);
  EXPECT_GE(stats.replications_replayed, 70u);
  EXPECT_EQ(stats.replications_replayed + stats.replications_computed, 240u);
  fs::remove_all(dir);
}

// An unsharded run keeps its weekly series beside the journal: a checkpoint of the weekly bands
// (journal.bands) every few records, here every 7 (SALESIM_JOURNAL_CHECKPOINT_EVERY), and the
// series since (journal.weeks). Cancelled before, at and after a checkpoint, under 1 and 3 threads,
// and with the weekly series since the checkpoint lost in part or whole, --resume gives the bytes
// of an uninterrupted run.
TEST(Runner, ACancelledRunResumesFromItsBandCheckpointToTheSameBytes) {
  const ExperimentSpec spec = mmc_spec(30);  // 4 cells: 120 items
  RunOptions base;
  base.threads = 2;
  const std::string expected = run_bytes(spec, base);
  ::setenv("SALESIM_JOURNAL_CHECKPOINT_EVERY", "7", 1);
  for (unsigned threads : {1u, 3u})
    for (std::uint64_t stop : {3u, 7u, 8u, 13u, 14u, 15u, 61u})
      for (int lose : {0, 1, 2}) {  // 1: the last weekly record torn; 2: journal.weeks gone
        SCOPED_TRACE("threads " + std::to_string(threads) + ", stop " + std::to_string(stop) + ", lose " + std::to_string(lose));
        const fs::path dir = fresh_dir("bands");
        std::atomic<bool> cancel{false};
        RunOptions opt = base;
        opt.threads = threads;
        opt.journal_dir = dir.string();
        opt.cancel = &cancel;
        opt.on_progress = [&](const Progress& p) {
          if (p.done >= stop) cancel = true;
        };
        EXPECT_THROW(run_spec(spec, opt), Cancelled);
        const fs::path weeks = dir / "journal.weeks";
        ASSERT_TRUE(fs::exists(weeks));
        if (threads == 1) {
          EXPECT_EQ(fs::exists(dir / "journal.bands"), stop >= 7);
        }
        if (lose == 1 && fs::file_size(weeks) > 30) fs::resize_file(weeks, fs::file_size(weeks) - 3);
        if (lose == 2) fs::remove(weeks);

        RunOptions again = base;
        again.threads = threads;
        again.journal_dir = dir.string();
        again.resume = true;
        RunStats stats;
        again.stats = &stats;
        EXPECT_EQ(run_bytes(spec, again), expected);
        EXPECT_GE(stats.replications_replayed, lose == 2 ? stop / 7 * 7 : stop - (lose ? 1 : 0));
        EXPECT_EQ(stats.replications_replayed + stats.replications_computed, 120u);
        fs::remove_all(dir);
      }
  ::unsetenv("SALESIM_JOURNAL_CHECKPOINT_EVERY");
}

TEST(Runner, ResumingAJournalOfADifferentRunIsRefused) {
  const fs::path dir = fresh_dir("mismatch");
  RunOptions opt;
  opt.threads = 1;
  opt.journal_dir = dir.string();
  run_spec(mmc_spec(5), opt);
  ExperimentSpec other = mmc_spec(5);
  other.seed = 18;
  opt.resume = true;
  EXPECT_THROW(run_spec(other, opt), std::runtime_error);
  fs::remove_all(dir);
}

TEST(Runner, ShardsMergedEqualOneRun) {
  const ExperimentSpec spec = mmc_spec(25);
  RunOptions base;
  base.threads = 2;
  const std::string expected = run_bytes(spec, base);
  std::vector<std::string> journals;
  std::vector<fs::path> dirs;
  for (std::uint32_t i : {2u, 0u, 1u}) {  // any order
    dirs.push_back(fresh_dir("shard" + std::to_string(i)));
    RunOptions opt = base;
    opt.shard_index = i;
    opt.shard_count = 3;
    opt.journal_dir = dirs.back().string();
    run_spec(spec, opt);
    journals.push_back(journal_path(opt.journal_dir));
  }
  EXPECT_EQ(serialize_results(merge_journals(journals)), expected);
  journals.pop_back();
  EXPECT_THROW(merge_journals(journals), std::runtime_error);  // a shard missing
  for (const auto& d : dirs) fs::remove_all(d);
}

TEST(Runner, TargetPrecisionAddsBatchesUntilReachedAndIsDeterministic) {
  const ExperimentSpec spec = mmc_spec(10, 1, 1);
  RunOptions opt;
  opt.threads = 1;
  opt.target_ci_share = 0.05;
  opt.max_replications = 5000;
  const v1::Results r = run_spec(spec, opt);
  const auto& s = r.plans(0).points(0).summaries(0);
  const std::uint64_t n = s.n();
  EXPECT_GT(n, 10u);
  EXPECT_EQ(n % 10, 0u);
  EXPECT_LE((s.ci_high() - s.ci_low()) / 2 / s.mean(), 0.05);
  opt.threads = 3;
  EXPECT_EQ(serialize_results(run_spec(spec, opt)), serialize_results(r));
  // One batch fewer would not have been enough.
  std::vector<double> fewer;
  for (std::uint64_t i = 0; i + 10 < n; ++i) fewer.push_back(r.plans(0).points(0).replications(static_cast<int>(i)).kpis(0));
  EXPECT_GT(relative_half_width(fewer), 0.05);
}

TEST(Runner, ErrorsInAReplicationPropagate) {
  ExperimentSpec spec = mmc_spec(5, 1, 1);
  spec.plans[0].points[0].replicate = [](const model::ReplicationKey& k) -> model::ReplicationOutput {
    if (k.replication == 3) throw std::runtime_error("boom");
    return {{1.0, 2.0}, {}, 1};
  };
  RunOptions opt;
  opt.threads = 2;
  EXPECT_THROW(run_spec(spec, opt), std::runtime_error);
}

}  // namespace
}  // namespace salesim::experiment
