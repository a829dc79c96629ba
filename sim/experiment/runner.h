// Runs experiments: replications of one or more plans (and sweep design points) across threads
// and MPI ranks, aggregated into a v1::Results that is byte-identical for any thread or rank
// count, and for shards once merged.
//
//   salesim::experiment::RunOptions opt;
//   opt.replications = 100;
//   v1::Results r = salesim::experiment::run_plans({scenario}, {}, opt);          // kind RUN
//   v1::Results c = salesim::experiment::run_plans({base, variant}, {"base", "variant"}, opt);  // COMPARE
//
// Determinism: replication i of design point d of a plan uses the model stream key
// (plan seed, 0, i) under common random numbers across points (a sweep's default), else
// (plan seed, d, i); never a thread id; results are reduced in replication order. Plans of a
// compare share the seed (common random numbers), so their paired differences have small variance.
//
// The core (run_spec) is generic over a replication function, so any model that produces a KPI
// vector and weekly series (e.g. the M/M/c queue in the tests) runs through the same machinery.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "salesim/v1/scenario.pb.h"
#include "sim/experiment/design.h"
#include "sim/model/model.h"

namespace salesim::experiment {

class Distributor;  // distributor.h: spreads work over MPI ranks

struct Progress {
  std::uint64_t done = 0, total = 0;
};

// Counters of one run (for run.json and benchmarks; never part of the results).
struct RunStats {
  std::uint64_t replications_computed = 0;  // this process, excluding journal replays
  std::uint64_t replications_replayed = 0;  // taken from the journal on --resume
  std::uint64_t model_events = 0;           // events of the computed replications
};

struct RunOptions {
  std::uint32_t replications = 0;          // 0: the scenario's experiment.replications
  std::optional<std::uint64_t> seed;       // unset: the scenario's experiment.seed
  unsigned threads = 0;                    // 0: std::thread::hardware_concurrency()
  // Called on rank 0 only, possibly from worker threads and under the runner's lock: keep it short
  // and do not call back into the runner.
  std::function<void(const Progress&)> on_progress;
  const std::atomic<bool>* cancel = nullptr;          // when set true, stop early and throw Cancelled

  // --- Beyond the viewer's needs (the CLI sets these).
  // Common random numbers across plans (compare). false: plan p > 0 gets an independent seed
  // (only useful to measure the variance reduction CRN gives).
  bool common_random_numbers = true;
  // A sweep's design points draw independent random numbers (keys include the point) instead of
  // common ones; also set by the scenario's experiment.independent_points.
  bool independent_points = false;
  // A sweep's design from elsewhere (sweep --design FILE.csv, design_file.h), run instead of the
  // scenario's experiment.sweep (which may then be absent); checked with check_design_paths.
  // Results.design is then "FILE", and the writers put the points in design.csv.
  std::shared_ptr<const Design> design;
  // Precision on demand: the relative 95% CI half-width of the mean of the target KPI (revenue,
  // for run_plans) to reach in every plan and design point (unset: run exactly `replications`).
  // Runs batches of `replications` until reached or max_replications.
  std::optional<double> target_ci_share;
  std::uint32_t max_replications = 0;  // 0: the scenario's experiment.max_replications, else 100000
  // Journal directory (checkpoint/resume); empty: none. See journal.h.
  std::string journal_dir;
  bool resume = false;
  // Run only replications r with r % shard_count == shard_index (for `salesim merge`).
  std::uint32_t shard_index = 0, shard_count = 1;
  RunStats* stats = nullptr;  // filled when set
  // Spread the work over processes (mpi_backend.h's mpi_distributor()); null: this process only.
  // Rank 0 returns the results; other ranks return an empty v1::Results.
  Distributor* distributor = nullptr;
};

struct Cancelled : std::exception {
  const char* what() const noexcept override;
};

// One plan: kind RUN. Several: kind COMPARE, paired under common random numbers, comparisons
// of each plan against plans[0]. names label the plans (empty: scenario name / index).
// A scenario with experiment.sweep set (one plan only) runs as kind SWEEP over its design points.
// Throws std::runtime_error (with a clear message) for invalid plans, Cancelled when cancelled.
v1::Results run_plans(const std::vector<v1::Scenario>& plans, const std::vector<std::string>& names,
                      const RunOptions& options);

// The scenario design point `point` of a sweep runs (the design seeded by `seed`, as run_plans
// seeds it): the swept values set, the sweep cleared, defaults filled and validated. Without a
// sweep the scenario is its only point, 0. Throws std::out_of_range for a point outside the
// design, std::runtime_error (ScenarioLoadError) for an invalid scenario.
v1::Scenario design_point_scenario(v1::Scenario scenario, std::uint64_t seed, std::uint64_t point);

// The design_point of the model stream key that point `point` of a sweep runs with: 0 under
// common random numbers across points (the default), `point` with experiment.independent_points.
// Takes design_point_scenario's result (or the sweep's scenario): what `salesim trace` uses.
std::uint64_t stream_design_point(const v1::Scenario& scenario, std::uint64_t point);

// --- The generic core.

// Runs one replication of one design point. Must be thread-safe and depend only on its key.
using ReplicationFn = std::function<model::ReplicationOutput(const model::ReplicationKey&)>;

struct PointSpec {
  std::vector<double> parameters;  // values of ExperimentSpec::parameter_paths (sweep only)
  ReplicationFn replicate;
};

struct PlanSpec {
  std::string name;
  v1::Scenario scenario;  // echoed into results (may be empty for non-sales models)
  std::vector<PointSpec> points;
  std::uint64_t seed = 0;  // stream seed of this plan (same for all plans under CRN)
};

struct ExperimentSpec {
  v1::Results::Kind kind = v1::Results::RUN;
  std::uint64_t seed = 0;
  std::uint32_t replications = 0;  // per plan and design point
  std::vector<model::KpiDefinition> kpis;
  std::vector<std::string> series;
  std::vector<PlanSpec> plans;
  std::vector<std::string> parameter_paths;  // sweep only
  std::string design;                        // "GRID" / "LATIN_HYPERCUBE" (sweep only)
  // Common random numbers across design points: every point's replication r runs with the key
  // (plan seed, 0, r), so points differ by their parameters only. false: (plan seed, d, r).
  bool common_random_points = false;
  // Index of the KPI whose relative CI half-width target_ci_share measures (-1: none; a run with
  // a target share then goes on to max_replications).
  int target_kpi = -1;
};

// Runs the spec (options.replications / seed are ignored here: the spec carries them).
v1::Results run_spec(const ExperimentSpec& spec, const RunOptions& options);

// The stream seed of plan `plan`: the master seed for every plan under common random numbers,
// else a distinct hash per plan (plan 0 keeps the master seed).
std::uint64_t seed_for_plan(std::uint64_t seed, std::uint32_t plan, bool common_random_numbers);

// The journal file inside a run directory.
std::string journal_path(const std::string& dir);

// Joins the journals of shard runs (`--shard i/N`, all N of them, any order) into the results a
// single run would have produced, byte for byte. Throws std::runtime_error if they don't fit,
// naming each shard missing or given twice by `names` (one per journal, e.g. its directory;
// default: the journal paths).
v1::Results merge_journals(const std::vector<std::string>& journal_paths, const std::vector<std::string>& names = {});

}  // namespace salesim::experiment
