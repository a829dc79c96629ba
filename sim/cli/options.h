// The `salesim` command line, parsed and checked but not run: each subcommand's options, bound to
// the fields of an Invocation. Every numeric option is declared with its range through
// sim/experiment/command_line.h; limits that a scenario file also has come from
// scenario::Limits (sim/scenario/loader.h).
//
//   Invocation inv = parse_invocation({"run", "s.txtpb", "-n", "100"});   // throws UsageError
//   inv.experiment.replications == 100
//
// Tests and the fuzzer enumerate subcommands() and options_for() to reach every option.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/experiment/command_line.h"

namespace salesim::cli {

namespace po = boost::program_options;

// A bad command line: exit 2.
using UsageError = experiment::CommandLineError;

inline constexpr unsigned kMaxThreads = 1024;
// `salesim merge` takes every shard directory on its command line.
inline constexpr std::uint32_t kMaxShards = 10'000;

// run, compare, sweep, attribute.
struct ExperimentArgs {
  std::uint32_t replications = 0;  // 0: the scenario's
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;            // 0: all cores
  std::string out;
  std::vector<std::string> sets;
  bool quiet = false, resume = false, force = false, independent = false;
  bool independent_points = false;  // sweep: each design point its own random numbers
  std::string design_file;          // sweep --design: run these points instead of the scenario's design
  std::string export_design;        // sweep --export-design: write the design here and exit
  bool ignore_sweep = false;  // run/compare: run a scenario that has a sweep without its design
  // run --export-crm DIR: the simulated deals of replications `export_replications` (checked; default
  // {0}) as CRM CSV files (sim/calibration/export_csv.h), dates counted from --export-epoch.
  std::string export_crm, export_replications_text, export_epoch_text = "2026-01-01";
  std::vector<std::uint64_t> export_replications;
  std::array<int, 3> export_epoch{2026, 1, 1};  // year, month, day
  std::optional<double> target_ci;
  std::uint32_t max_replications = 0;  // 0: the scenario's, else 100000
  std::uint32_t shard_index = 0, shard_count = 1;
  // --shard auto: where the shard came from, e.g. "SLURM_ARRAY_TASK_ID=3 of 0-15" (else empty).
  std::string shard_source;
  // --progress: "bar", "lines" or "none"; empty: a bar on a terminal, else lines once the run has
  // lasted kProgressInterval (see commands.cpp). --quiet makes it "none".
  std::string progress;
  std::vector<std::string> names;
  std::vector<std::string> kpis;  // attribute: the KPIs to attribute (empty: its defaults)
  // sensitivity: --method, --samples (Sobol N), --trajectories (Morris r), --factor PATH=LOW..HIGH.
  std::string method;
  std::uint32_t samples = 0, trajectories = 0;
  std::vector<std::string> factors;
  std::vector<std::string> hires;  // compare: each a plan, the first file plus these hires (hiring.h)
  std::vector<std::string> files;
  // compare: the KPI the plans are ranked by on stdout (empty: contribution if the KPI catalogue
  // has it, else revenue); checked against the catalogue when the command runs.
  std::string rank_by;
  // The --set overrides of each plan, in command-line order: every `path=value`, and each
  // `N:path=value` whose N (1-based, in the order of the scenario files) is this plan's.
  std::vector<std::vector<std::string>> plan_sets;
};

struct ValidateArgs {
  bool print = false;
  std::vector<std::string> sets, files;
};

struct TraceArgs {
  std::uint64_t replication = 0, design_point = 0;
  bool independent_points = false;  // the sweep ran with --independent-points
  std::string design_file;          // the sweep ran with --design FILE.csv
  std::optional<std::uint64_t> seed;
  std::uint64_t limit = 0;  // 0: no limit (--limit itself is at least 1)
  std::vector<std::string> sets, files;
};

struct MergeArgs {
  std::string out;
  bool force = false, quiet = false;
  std::vector<std::string> dirs;
};

// optimise: staffing plans within a budget, chosen by ranking and selection (see commands.cpp).
struct OptimiseArgs {
  std::vector<std::string> files;               // exactly one scenario
  double budget = 0;                            // CNY per year, people costs (required)
  std::vector<experiment::Tuple> vary;          // KEY=LOW..HIGH head counts (at least one)
  std::uint32_t max_heads = 0;                  // 0: no cap
  std::string objective;                        // a KPI name; empty: the default (see options.cpp)
  bool minimise = false;                        // the objective is better low
  double delta = 0;                             // indifference zone in the objective's units (required)
  double pcs = 0.95;                            // probability of correct selection, in (0.5, 1)
  std::uint32_t n0 = 0;                         // 0: 10, or --max-replications if smaller
  std::uint32_t max_replications = 0;           // 0: max(2000, n0)
  std::uint32_t batch = 1;                      // replications per surviving plan per stage
  std::uint32_t top = 5;                        // plans shown with CIs and P(best)
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;
  std::string out;
  std::vector<std::string> sets;
  std::string progress;  // as ExperimentArgs::progress
  bool quiet = false, resume = false, force = false;
};

// The default objective of `salesim optimise`.
inline constexpr const char* kDefaultObjective = "contribution";
// The default cap of replications per plan (`optimise --max-replications`).
inline constexpr std::uint32_t kDefaultOptimiseCap = 2000;

// backtest: a scenario set against an observed CRM export (sim/calibration/backtest.h).
struct BacktestArgs {
  std::vector<std::string> files;  // exactly one scenario
  std::string actual;              // the export's directory (required)
  std::string mapping;             // empty: ACTUAL/mapping.txtpb
  std::uint32_t replications = 200;
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;  // 0: all cores
  std::string out;       // empty: out/backtest-<scenario name>
  std::vector<std::string> sets;
  bool strict = false, force = false, quiet = false;
};

struct SchemaArgs {
  std::string out;
};

// fit: a scenario overlay fitted to a CRM export (sim/calibration/fit_output.h).
struct FitArgs {
  std::vector<std::string> dirs;  // exactly one export directory
  std::string mapping, base, out;
  bool strict = false, no_simulation = false, force = false, quiet = false;
  std::uint32_t budget = 400;  // replications for the simulated-moments step
  std::vector<std::string> sets;
};

// One parsed command line. The raw values behind optional fields live in `raw`.
struct Invocation {
  std::string command;
  bool help = false;
  ExperimentArgs experiment;
  ValidateArgs validate;
  TraceArgs trace;
  MergeArgs merge;
  SchemaArgs schema;
  OptimiseArgs optimise;
  FitArgs fit;
  BacktestArgs backtest;
  struct Raw {
    std::uint64_t seed = 0;
    double target_ci = 0;
    experiment::Tuple shard;
  } raw;
};

// The subcommands, in the order of `salesim --help`.
const std::vector<std::string>& subcommands();

// The options of `command` (one of subcommands()), storing into `into`. Throws UsageError for
// an unknown command.
po::options_description options_for(const std::string& command, Invocation& into);

// Splits --set values among `plans` plans: `path=value` goes to every plan, `N:path=value` to
// plan N only (1-based), without the prefix; order kept. Throws UsageError for an N out of 1..plans.
//   plan_overrides({"a=1", "2:b=2"}, 2) == {{"a=1"}, {"a=1", "b=2"}}
std::vector<std::vector<std::string>> plan_overrides(const std::vector<std::string>& sets, std::size_t plans);

// The values of --progress.
const std::vector<std::string>& progress_modes();

// --shard auto: this job's shard of a batch-scheduler array, from the environment (read through
// `getenv`). Slurm: SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_MAX and
// SLURM_ARRAY_TASK_STEP (default 1), checked against SLURM_ARRAY_TASK_COUNT when set; Grid Engine:
// SGE_TASK_ID with SGE_TASK_FIRST, SGE_TASK_LAST and SGE_TASK_STEPSIZE. The tasks must form a
// dense range: index = (ID - MIN) / STEP, count = (MAX - MIN) / STEP + 1, whatever MIN is.
// Throws UsageError naming the variables when none is set or they do not make such a range.
//   scheduler_shard(env with SLURM_ARRAY_TASK_ID=5, _MIN=1, _MAX=16) -> {4, 16, "..."}
struct SchedulerShard {
  std::uint32_t index = 0, count = 1;
  std::string source;  // "SLURM_ARRAY_TASK_ID=5 of 1-16"
};
SchedulerShard scheduler_shard(const std::function<const char*(const char*)>& getenv);

// "YYYY-MM-DD" (exactly that shape, a real calendar date, year 1500..9000) as {year, month, day};
// throws std::invalid_argument saying what is wrong.
std::array<int, 3> parse_date(const std::string& text);

// A list of replication indices: comma-separated numbers and ranges, e.g. "0,3,5-7" ->
// {0, 3, 5, 6, 7}, sorted, each once. Throws std::invalid_argument for an empty list, a bad number
// or range, an index above `max_index`, or more than `max_count` indices.
std::vector<std::uint64_t> parse_replication_list(const std::string& text, std::uint64_t max_index,
                                                  std::size_t max_count);

// Parses args[0] = COMMAND and its options and arguments, with every check that needs no file.
// With --help, returns help = true and skips the checks. Throws UsageError.
Invocation parse_invocation(const std::vector<std::string>& args);

}  // namespace salesim::cli
