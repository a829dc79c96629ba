// The experiment runner; see runner.h. run_spec is assembled from parts, one per file:
//
//   rounds.h             which items a round covers; the target-CI schedule of rounds
//   run_journal.h        rank 0's journal: replay on --resume, then append
//   worker_pool.h        the local threads that compute this process's items
//   ordered_committer.h  rank 0's in-order commit into the aggregator and the journal
//   rank_transport.h     the MPI side of a round, through the Distributor
//   aggregator.h         the reduction of committed replications into v1::Results
//
// This file checks the spec, lays out the results, drives the rounds (RoundRunner runs one), and
// merges shard journals.
#include "sim/experiment/runner.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "sim/experiment/aggregator.h"
#include "sim/experiment/distributor.h"
#include "sim/experiment/journal.h"
#include "sim/experiment/ordered_committer.h"
#include "sim/experiment/rank_transport.h"
#include "sim/experiment/rounds.h"
#include "sim/experiment/run_journal.h"
#include "sim/experiment/worker_pool.h"
#include "sim/kernel/random.h"

namespace salesim::experiment {

const char* Cancelled::what() const noexcept { return "experiment cancelled"; }

std::uint64_t seed_for_plan(std::uint64_t seed, std::uint32_t plan, bool common_random_numbers) {
  return (common_random_numbers || plan == 0) ? seed : kernel::hash_combine(seed, 0x1D3B3D5EEDULL + plan);
}

std::string journal_path(const std::string& dir) { return (std::filesystem::path(dir) / "journal.bin").string(); }

namespace {

// Throws std::runtime_error if run_spec cannot run `spec` with `options`.
void check_runnable(const ExperimentSpec& spec, const RunOptions& options) {
  if (spec.plans.empty()) throw std::runtime_error("nothing to run: no plans");
  if (spec.replications == 0) throw std::runtime_error("replications must be > 0");
  if (options.shard_count == 0 || options.shard_index >= options.shard_count)
    throw std::runtime_error("--shard i/N needs 0 <= i < N");
  if (options.shard_count > 1 && options.target_ci_share)
    throw std::runtime_error("--target-ci cannot be combined with --shard (the stopping rule needs every replication)");
  for (std::size_t p = 1; p < spec.plans.size(); ++p)
    if (spec.plans[p].points.size() != spec.plans[0].points.size())
      throw std::runtime_error("all plans must have the same design points");
}

// The results of `spec` before any replication: kind, seed, KPIs, series names, plans with their
// seeds, scenarios and design points; no replications or aggregates.
v1::Results skeleton_of(const ExperimentSpec& spec) {
  v1::Results results;
  results.set_kind(spec.kind);
  results.set_seed(spec.seed);
  for (const auto& k : spec.kpis) {
    v1::KpiInfo& info = *results.add_kpis();
    info.set_name(k.name);
    info.set_unit(k.unit);
    info.set_proportion(k.proportion);
    info.set_description(k.description);
    info.set_lower_is_better(!k.higher_is_better);
    if (std::isfinite(k.lower)) info.set_lower_bound(k.lower);
    if (std::isfinite(k.upper)) info.set_upper_bound(k.upper);
    info.set_ratio_numerator(k.ratio_numerator);
    info.set_ratio_denominator(k.ratio_denominator);
  }
  for (const auto& s : spec.series) results.add_series_names(s);
  for (const auto& p : spec.parameter_paths) results.add_parameter_paths(p);
  results.set_design(spec.design);
  results.set_common_random_points(spec.common_random_points);
  for (const PlanSpec& plan : spec.plans) {
    v1::PlanResult& pr = *results.add_plans();
    pr.set_name(plan.name);
    pr.set_seed(plan.seed);
    *pr.mutable_scenario() = plan.scenario;
    for (std::size_t d = 0; d < plan.points.size(); ++d) {
      v1::DesignPoint& dp = *pr.add_points();
      dp.set_index(static_cast<std::uint32_t>(d));
      for (double v : plan.points[d].parameters) dp.add_parameters(v);
    }
  }
  return results;
}

// What is being run, as the journal header records it (see RunManifest in results.proto).
v1::RunManifest make_manifest(const v1::Results& skeleton, const ExperimentSpec& spec, const RunOptions& options) {
  v1::RunManifest m;
  *m.mutable_skeleton() = skeleton;
  m.set_replications(spec.replications);
  m.set_shard_index(options.shard_index);
  m.set_shard_count(options.shard_count);
  if (options.target_ci_share) m.set_target_ci_share(*options.target_ci_share);
  m.set_max_replications(options.max_replications);
  m.set_common_random_numbers(options.common_random_numbers);
  return m;
}

std::string serialize(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::io::StringOutputStream sos(&out);
  google::protobuf::io::CodedOutputStream cos(&sos);
  cos.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&cos);
  cos.Trim();
  return out;
}

// Computes the rounds of a run in this process: the local worker pool computes this process's
// items; rank 0 (or a single process) commits every item in item order, while under a
// distributor the calling thread is the MPI transport (rank 0 receives, the other ranks ship).
class RoundRunner {
 public:
  // All references must outlive the runner.
  RoundRunner(const ExperimentSpec& spec, const std::vector<CellRef>& cells, const RunOptions& options,
              RankLink& link, Aggregator& agg, RunJournal& journal, RunStats& stats)
      : link_(link),
        agg_(agg),
        journal_(journal),
        stats_(stats),
        cancel_(options.cancel),
        threads_(options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency())),
        window_(16 + 8ull * threads_ +
                (link.dist() ? 2 * Distributor::kChunk * static_cast<std::uint64_t>(link.dist()->size()) : 0)),
        compute_([&spec, &cells](std::uint32_t cell, std::uint32_t rep) {
          const PlanSpec& plan = spec.plans[cells[cell].plan];
          const std::uint32_t point = cells[cell].point;
          return plan.points[point].replicate(model::ReplicationKey{plan.seed, spec.common_random_points ? 0 : point, rep});
        }) {}

  // Computes `round` from item `start` on (the first item not replayed; under a distributor the
  // same on every rank). Rank 0 returns once every item is committed, else throws the first error
  // (here or from another rank), or Cancelled. Ranks > 0 return once they have shipped their items
  // and ended the round.
  void run(const Round& round, std::uint64_t start, const RoundProgress& progress) {
    Distributor* dist = link_.dist();
    const bool root = link_.root();
    const std::uint64_t items = round.items();
    RoundState state(start);
    OrderedCommitter committer(state, round, agg_, journal_, progress);  // rank 0
    Outbox outbox(state);                                                // ranks > 0
    WorkerPool::Deliver deliver;
    if (root)
      deliver = [&](std::uint64_t k, model::ReplicationOutput out, std::unique_lock<std::mutex>& lk) {
        PreparedItem p;
        std::exception_ptr failed;
        try {
          p = committer.prepare(k, std::move(out));  // outside the lock
        } catch (...) {
          failed = std::current_exception();
        }
        lk.lock();
        if (failed) {
          state.fail(failed);
          state.cv.notify_all();
          return;
        }
        committer.hold(k, std::move(p));
        committer.commit_ready(lk);
        lk.unlock();
        committer.help_bands();  // the weekly bands' stripes that no other thread is feeding
        lk.lock();
      };
    else
      deliver = [&](std::uint64_t k, model::ReplicationOutput out, std::unique_lock<std::mutex>& lk) {
        const auto [cell, rep] = round.item(k);
        JournalRecord rec{cell, rep, std::move(out), {}};
        lk.lock();
        outbox.put(std::move(rec));
      };
    WorkerPool pool(state, round, {.dist = dist, .bounded = root, .window = window_, .cancel = cancel_}, compute_,
                    deliver, stats_);

    // Rank 0 always takes part under a distributor: it receives the other ranks' items.
    const bool work_left = dist ? pool.owned_from(start) < items || root : start < items;
    if (work_left) {
      if (threads_ <= 1 && !dist) {
        pool.run_here();
      } else {
        pool.start(threads_);
        if (dist && root) receive_from_ranks(*dist, state, round, committer, stats_);
        if (dist && !root) outbox.ship_until_workers_end(*dist);
        pool.join();
      }
    }
    if (root) committer.drain_bands();  // every worker has ended: complete the weekly bands
    if (dist && !root) {
      end_round(*dist, state);  // rank 0 decides what happens next
      return;
    }
    if (state.error) std::rethrow_exception(state.error);
    if (!state.remote_error.empty()) throw std::runtime_error(state.remote_error);
    if (state.cancelled || state.committed < items) throw Cancelled();
  }

 private:
  RankLink& link_;
  Aggregator& agg_;
  RunJournal& journal_;
  RunStats& stats_;
  const std::atomic<bool>* cancel_;
  const unsigned threads_;
  const std::uint64_t window_;  // how far rank 0's workers may run ahead of the commit
  const WorkerPool::Compute compute_;
};

}  // namespace

// A run: check the spec, lay out the results, open (or replay) the journal, then round by round
// replay what the journal holds, compute and commit the rest, and ask the schedule whether
// another round follows. Ranks > 0 follow rank 0's rounds and return empty results; rank 0 tells
// them when no round follows, also when it fails.
v1::Results run_spec(const ExperimentSpec& spec, const RunOptions& options) {
  check_runnable(spec, options);
  v1::Results results = skeleton_of(spec);
  const std::vector<CellRef> cells = cells_of(results);
  const std::string header = serialize(make_manifest(results, spec, options));
  Aggregator agg(results);
  RankLink link(options.distributor);
  RunStats local_stats;
  RunStats& stats = options.stats ? *options.stats : local_stats;
  try {
    RunJournal journal;
    if (!options.journal_dir.empty() && link.root())  // unsharded: the weekly series beside the journal
      journal = RunJournal(options.journal_dir, options.resume, header, options.shard_count == 1);
    const RoundSchedule schedule(spec, options, static_cast<std::uint32_t>(cells.size()));
    RoundRunner runner(spec, cells, options, link, agg, journal, stats);
    std::uint64_t done_before = 0;
    for (Round round = schedule.first();; round = schedule.next(round)) {
      std::uint64_t start = journal.replay(round, agg, stats);
      if (link.dist() && !link.open_round(start)) return v1::Results();  // ranks > 0: all done
      const RoundProgress progress{options.on_progress, done_before, round.items()};
      if (link.root()) progress(start);
      runner.run(round, start, progress);
      done_before += round.items();

      if (!schedule.another_after(round, link.root() ? &agg : nullptr)) {
        if (!link.root()) {
          std::uint64_t none = 0;
          if (!link.open_round(none)) return v1::Results();
          throw std::logic_error("MPI ranks disagree about the rounds");
        }
        link.release_others();
        break;
      }
    }
    journal.close();
  } catch (...) {
    link.release_others();  // whatever failed on rank 0, the other ranks must not wait for a round
    throw;
  }
  agg.finalize();
  return results;
}

v1::Results merge_journals(const std::vector<std::string>& journal_paths, const std::vector<std::string>& names) {
  if (journal_paths.empty()) throw std::runtime_error("no shards given");
  auto name = [&](std::size_t i) { return i < names.size() ? names[i] : journal_paths[i]; };
  std::vector<std::unique_ptr<JournalReader>> readers;
  std::vector<v1::RunManifest> manifests;
  for (const auto& p : journal_paths) {
    readers.push_back(std::make_unique<JournalReader>(p));
    v1::RunManifest m;
    if (!m.ParseFromString(readers.back()->header())) throw std::runtime_error(p + ": corrupt journal header");
    manifests.push_back(std::move(m));
  }
  const std::uint32_t n = manifests[0].shard_count();
  if (n == 1)  // its weekly series are not in its records (run_journal.h)
    throw std::runtime_error(name(0) + " is an unsharded run; finish it with --resume");
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    v1::RunManifest a = manifests[i], b = manifests[0];
    a.set_shard_index(0);
    b.set_shard_index(0);
    if (serialize(a) != serialize(b)) {
      const std::string why = manifests[i].shard_count() != n
                                  ? " (shard " + std::to_string(manifests[i].shard_index()) + "/" +
                                        std::to_string(manifests[i].shard_count()) + " against " +
                                        std::to_string(manifests[0].shard_index()) + "/" + std::to_string(n) + ")"
                                  : std::string();
      throw std::runtime_error(name(i) + " is a shard of a different run than " + name(0) + why);
    }
  }
  // Every shard 0..n-1 exactly once: name each one missing or given twice.
  std::vector<std::vector<std::size_t>> holders(n);
  for (std::size_t i = 0; i < manifests.size(); ++i)
    if (manifests[i].shard_index() < n) holders[manifests[i].shard_index()].push_back(i);
  std::string problems;
  std::size_t missing = 0;
  for (std::uint32_t s = 0; s < n; ++s) {
    const std::string shard = std::to_string(s) + "/" + std::to_string(n);
    if (holders[s].empty()) {
      if (++missing <= 20) problems.append("\nmissing shard ").append(shard).append(" (none of the directories holds it)");
    } else if (holders[s].size() > 1) {
      problems.append("\nshard ").append(shard).append(" given ").append(holders[s].size() == 2 ? std::string("twice") : std::to_string(holders[s].size()) + " times").append(":");
      for (std::size_t k = 0; k < holders[s].size(); ++k) problems.append(k ? ", " : " ").append(name(holders[s][k]));
    }
  }
  if (missing > 20) problems.append("\n... and ").append(std::to_string(missing - 20)).append(" more shards missing");
  if (!problems.empty())
    throw std::runtime_error(std::string("the run has ").append(std::to_string(n)).append(" shards, ")
                                 .append(std::to_string(journal_paths.size())).append(" directories were given:").append(problems));
  std::vector<JournalReader*> by_shard(n, nullptr);
  for (std::size_t i = 0; i < manifests.size(); ++i) by_shard[manifests[i].shard_index()] = readers[i].get();
  v1::Results results = manifests[0].skeleton();
  const std::vector<CellRef> cells = cells_of(results);
  Aggregator agg(results);
  const std::uint32_t reps = manifests[0].replications();
  for (std::uint32_t r = 0; r < reps; ++r)
    for (std::uint32_t c = 0; c < cells.size(); ++c) {
      JournalRecord rec;
      if (!by_shard[r % n]->next(rec))
        throw std::runtime_error("shard " + std::to_string(r % n) + " is incomplete (replication " +
                                 std::to_string(r) + " missing); finish it with --resume");
      if (rec.cell != c || rec.replication != r) throw std::runtime_error("shard " + std::to_string(r % n) + " is out of order");
      agg.add(c, r, rec.output);
    }
  agg.finalize();
  return results;
}

}  // namespace salesim::experiment
