// The runner's in-order commit (ordered_committer.h): workers prepare their items outside the
// lock and one thread at a time commits them in item order. Results and journal bytes must not
// depend on the thread count or on the order in which replications finish, and the weekly
// P-square bands must really see the replications in order (they are order-dependent).
#include <gtest/gtest.h>

#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "sim/experiment/aggregator.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/writers.h"
#include "tests/experiment/mmc_model.h"

namespace salesim::experiment {
namespace {

namespace fs = std::filesystem;

// Many short replications of the M/M/c model, 2 plans x 2 design points; with `skew`, the early
// replications of each round are slow, so that later ones finish (and are held) first.
ExperimentSpec short_spec(std::uint32_t replications, bool skew) {
  ExperimentSpec spec;
  spec.kind = v1::Results::COMPARE;
  spec.seed = 23;
  spec.replications = replications;
  spec.kpis = testing::MmcModel::kpis();
  spec.series = {"arrivals_and_busy"};
  for (int p = 0; p < 2; ++p) {
    PlanSpec plan;
    plan.name = "plan" + std::to_string(p);
    plan.seed = spec.seed;
    for (int d = 0; d < 2; ++d) {
      const testing::MmcModel m{.arrival_rate = 2.0 + 0.3 * d, .service_rate = 1.0 + 0.1 * p, .servers = 3, .horizon = 21};
      plan.points.push_back({{static_cast<double>(d)}, [m, skew](const model::ReplicationKey& k) {
                               if (skew && k.replication % 16 < 3)
                                 std::this_thread::sleep_for(std::chrono::microseconds(300 * (3 - k.replication % 16)));
                               return m.run(k);
                             }});
    }
    spec.plans.push_back(std::move(plan));
  }
  return spec;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("salesim_ordered_commit_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct RunBytes {
  std::string results, journal, weeks;
};

RunBytes run_with(const ExperimentSpec& spec, unsigned threads, const std::string& name) {
  const fs::path dir = fresh_dir(name);
  RunOptions opt;
  opt.threads = threads;
  opt.journal_dir = dir.string();
  RunBytes r{serialize_results(run_spec(spec, opt)), file_bytes(journal_path(dir.string())),
        file_bytes(dir / "journal.weeks")};
  fs::remove_all(dir);
  return r;
}

TEST(OrderedCommit, ResultsAndJournalAreByteIdenticalFor1_2And7ThreadsOverManyShortReplications) {
  const ExperimentSpec spec = short_spec(500, false);
  const RunBytes one = run_with(spec, 1, "t1");
  ASSERT_FALSE(one.journal.empty());
  for (unsigned threads : {2u, 7u}) {
    const RunBytes r = run_with(spec, threads, "t" + std::to_string(threads));
    EXPECT_EQ(r.results, one.results) << threads << " threads";
    EXPECT_EQ(r.journal, one.journal) << threads << " threads";
    EXPECT_EQ(r.weeks, one.weeks) << threads << " threads";
  }
}

TEST(OrderedCommit, ReplicationsFinishingOutOfOrderAreCommittedInOrder) {
  const ExperimentSpec spec = short_spec(96, true);
  const RunBytes one = run_with(spec, 1, "skew1");
  const RunBytes seven = run_with(spec, 7, "skew7");
  EXPECT_EQ(seven.results, one.results);
  EXPECT_EQ(seven.journal, one.journal);
  v1::Results r;
  ASSERT_TRUE(r.ParseFromString(seven.results));
  for (const auto& plan : r.plans())
    for (const auto& dp : plan.points()) {
      ASSERT_EQ(dp.replications_size(), 96);
      for (int i = 0; i < 96; ++i) EXPECT_EQ(dp.replications(i).index(), static_cast<unsigned>(i));
    }
}

// The band checkpoint (journal.bands) is taken in the in-order commit while other threads feed
// the band stripes: every stripe is fed up to the checkpointed item first, so the checkpoint's
// bytes do not depend on the thread count either.
TEST(OrderedCommit, BandCheckpointsTakenWhileStripesAreFedAreByteIdenticalForAnyThreadCount) {
  ::setenv("SALESIM_JOURNAL_CHECKPOINT_EVERY", "13", 1);
  const ExperimentSpec spec = short_spec(203, false);
  auto bands_of = [&](unsigned threads) {
    const fs::path dir = fresh_dir("bands" + std::to_string(threads));
    RunOptions opt;
    opt.threads = threads;
    opt.journal_dir = dir.string();
    const std::string results = serialize_results(run_spec(spec, opt));
    const std::pair<std::string, std::string> r{results, file_bytes(dir / "journal.bands")};
    fs::remove_all(dir);
    return r;
  };
  const auto one = bands_of(1);
  ASSERT_FALSE(one.second.empty());
  for (unsigned threads : {2u, 7u}) {
    const auto r = bands_of(threads);
    EXPECT_EQ(r.first, one.first) << threads << " threads";
    EXPECT_EQ(r.second, one.second) << threads << " threads";
  }
  ::unsetenv("SALESIM_JOURNAL_CHECKPOINT_EVERY");
}

// What the test above guards against: fed in another order, the same replications give other
// weekly bands (P-square is order-dependent), while the prepared path equals add() to the byte.
TEST(OrderedCommit, BandsDependOnTheOrderAndThePreparedPathEqualsAdd) {
  const ExperimentSpec spec = short_spec(1, false);
  RunOptions opt;
  opt.threads = 1;
  const v1::Results skeleton = [&] {
    v1::Results r = run_spec(spec, opt);
    for (auto& p : *r.mutable_plans())
      for (auto& dp : *p.mutable_points()) dp.clear_replications(), dp.clear_summaries(), dp.clear_series(), dp.clear_years();
    r.clear_comparisons();
    r.clear_rankings();
    return r;
  }();
  const testing::MmcModel m{.arrival_rate = 2.0, .service_rate = 1.0, .servers = 3, .horizon = 60};
  std::vector<model::ReplicationOutput> outs;
  for (std::uint32_t i = 0; i < 40; ++i) outs.push_back(m.run(model::ReplicationKey{23, 0, i}));

  auto bands = [&](bool reversed, bool prepared) {
    v1::Results r = skeleton;
    Aggregator agg(r);
    for (std::uint32_t j = 0; j < outs.size(); ++j) {
      const std::uint32_t i = reversed ? static_cast<std::uint32_t>(outs.size()) - 1 - j : j;
      if (prepared)
        agg.add_prepared(0, agg.make_row(0, i, outs[i].kpis), agg.yearly_of(outs[i].weekly), outs[i].weekly);
      else
        agg.add(0, i, outs[i]);
    }
    const std::string state = agg.band_state();
    agg.finalize();
    return std::make_pair(state, serialize_results(r));
  };
  const auto in_order = bands(false, false);
  EXPECT_EQ(bands(false, true), in_order);
  EXPECT_NE(bands(true, false).first, in_order.first);
}

}  // namespace
}  // namespace salesim::experiment
