// The `salesim` options and their checks; see options.h.
#include "sim/cli/options.h"

#include "sim/calibration/msm.h"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <charconv>
#include <set>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "sim/scenario/loader.h"

namespace salesim::cli {

namespace {

using experiment::add_number;
using experiment::add_switch;
using experiment::add_text;
using experiment::add_tuple;
using experiment::NumberRule;
using experiment::TupleFormat;
using scenario::Limits;

constexpr std::uint64_t kMaxReplications = static_cast<std::uint64_t>(Limits::max_replications);
constexpr std::uint64_t kMaxDesignPoints = static_cast<std::uint64_t>(Limits::max_design_points);
constexpr std::uint64_t kAnyUint64 = std::numeric_limits<std::uint64_t>::max();

TupleFormat shard_format() {
  TupleFormat f;
  f.syntax = "I/N with 0 <= I < N, e.g. 0/4";
  f.separators = "/";
  f.numbers = {NumberRule::whole_in(0, kMaxShards - 1), NumberRule::whole_in(1, kMaxShards)};
  f.check = [](const std::vector<std::uint64_t>& n) {
    return n[0] < n[1] ? std::string() : "shard I must be less than the count N";
  };
  f.number_examples = {"0", std::to_string(kMaxShards)};
  f.words = {"auto"};  // from the batch scheduler's array variables (scheduler_shard)
  return f;
}

// What --shard auto looks for, for messages.
constexpr const char* kSchedulerVariables =
    "SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX (Slurm), or SGE_TASK_ID with "
    "SGE_TASK_FIRST and SGE_TASK_LAST (Grid Engine)";

// One array's variables: the task's id, the first and last id and the step (null when unset).
struct ArrayVariables {
  const char *id, *first, *last, *step, *count;
  const char *id_name, *first_name, *last_name, *step_name, *count_name;
};

std::uint64_t env_number(const char* name, const char* value) {
  const experiment::ParsedNumber n = experiment::parse_number(value, NumberRule::whole_in(0, std::numeric_limits<std::uint32_t>::max()));
  if (!n)
    throw UsageError(std::string("--shard auto: ").append(name).append("=").append(experiment::quote_argument(value))
                         .append(": not a task number (").append(n.error).append(")"));
  return n.whole;
}

SchedulerShard shard_of_array(const ArrayVariables& v) {
  auto need = [&](const char* value, const char* name) {
    if (!value)
      throw UsageError(std::string("--shard auto: ").append(v.id_name).append(" is set but ").append(name).append(
          " is not, so the number of shards is unknown; give it as --shard I/N"));
    return value;
  };
  const std::uint64_t id = env_number(v.id_name, v.id);
  const std::uint64_t first = env_number(v.first_name, need(v.first, v.first_name));
  const std::uint64_t last = env_number(v.last_name, need(v.last, v.last_name));
  const std::uint64_t step = v.step ? env_number(v.step_name, v.step) : 1;
  const std::string range = std::to_string(first) + "-" + std::to_string(last) + (step != 1 ? ":" + std::to_string(step) : "");
  auto refuse = [&](const std::string& why) {
    return UsageError(std::string("--shard auto: ").append(v.id_name).append("=").append(std::to_string(id))
                          .append(" in the array ").append(range).append(": ").append(why)
                          .append("; give the shard as --shard I/N"));
  };
  if (step == 0) throw refuse(std::string(v.step_name) + " is 0");
  if (first > last) throw refuse("the first task is after the last");
  if (id < first || id > last || (id - first) % step != 0) throw refuse("the task is not one of the array's");
  const std::uint64_t count = (last - first) / step + 1;
  if (v.count && env_number(v.count_name, v.count) != count)
    throw refuse(std::string(v.count_name) + "=" + v.count + " tasks, not the " + std::to_string(count) +
                 " of a dense range (an array given as a list, e.g. --array=0,3,7?)");
  if (count > kMaxShards) throw refuse(std::to_string(count) + " tasks, more than the " + std::to_string(kMaxShards) + " shards allowed");
  SchedulerShard s;
  s.index = static_cast<std::uint32_t>((id - first) / step);
  s.count = static_cast<std::uint32_t>(count);
  s.source = std::string(v.id_name).append("=").append(std::to_string(id)).append(" of ").append(range);
  return s;
}

// --vary KEY=LOW..HIGH: any LOW and HIGH within [0, max people] with LOW <= HIGH.
TupleFormat vary_format() {
  TupleFormat f;
  f.syntax = "COHORT=LOW..HIGH with LOW <= HIGH, e.g. pm=2..6";
  f.keyed = true;
  f.separator = "..";
  const auto people = static_cast<std::uint64_t>(Limits::max_people);
  f.numbers = {NumberRule::whole_in(0, people), NumberRule::whole_in(0, people)};
  f.check = [](const std::vector<std::uint64_t>& n) {
    return n[0] <= n[1] ? std::string() : std::string("the range is empty: LOW is above HIGH");
  };
  f.key_example = "pm";
  f.number_examples = {"0", std::to_string(people)};
  return f;
}

void add_progress(po::options_description& d, std::string* mode) {
  experiment::add_choice(d, "progress", mode, progress_modes(),
                         "bar: a bar redrawn in place; lines: a log line (done, rate, ETA) every 10 s and at the "
                         "end, for batch jobs and mpirun; none. Default: bar on a terminal, else lines once the "
                         "run has lasted 10 s. On stderr only, never in the results");
}

void add_optimise_options(po::options_description& d, Invocation& inv) {
  OptimiseArgs& o = inv.optimise;
  add_number(d, "budget", &o.budget, NumberRule::real_in(0, 1e15, true, false),
             "yearly people cost allowed, CNY (required): plans that cost more are not run");
  add_tuple(d, "vary", &o.vary, vary_format(),
            "a decision: head count of a cohort from LOW to HIGH, e.g. --vary pm=2..6 (repeatable; COHORT is a cohort "
            "name, or am, pm, presales or manager for the one cohort of that role)");
  add_number(d, "max-heads", &o.max_heads, NumberRule::whole_in(1, static_cast<std::uint64_t>(Limits::max_people)),
             "at most this many people in the whole team (default: no cap)");
  add_text(d, "objective", &o.objective,
           "the KPI to make best: contribution (default: gross margin minus every cost, CNY), revenue, roi, "
           "attainment, ... any KPI `salesim trace` lists");
  add_switch(d, "minimise", &o.minimise, "the objective is better low (e.g. cycle_time_days)");
  add_number(d, "delta", &o.delta, NumberRule::real_in(0, std::numeric_limits<double>::max(), true, false),
             "indifference zone in the objective's units (required): a difference smaller than this is not worth "
             "replications, e.g. --delta 500000 for contribution in CNY");
  add_number(d, "pcs", &o.pcs, NumberRule::real_in(0.5, 1, true, true),
             "probability of selecting the best plan when it is at least --delta better than the rest (default 0.95)");
  add_number(d, "n0", &o.n0, NumberRule::whole_in(2, 100000),
             "first-stage replications per plan (default 10, or --max-replications if smaller)");
  add_number(d, "max-replications", &o.max_replications, NumberRule::whole_in(2, kMaxReplications),
             "cap per plan; plans still tied at the cap are decided by their means, without the --pcs guarantee "
             "(default 2000, or --n0 if larger)");
  add_number(d, "batch", &o.batch, NumberRule::whole_in(1, 100000),
             "replications per surviving plan between two screenings (default 1: the procedure exactly)");
  add_number(d, "top", &o.top, NumberRule::whole_in(1, 1000), "plans shown with paired CIs and P(best) (default 5)");
  add_number(d, "seed", &inv.raw.seed, NumberRule::whole_in(0, kAnyUint64),
             "master seed (default: the scenario's experiment.seed)");
  add_number(d, "threads,j", &o.threads, NumberRule::whole_in(0, kMaxThreads, "0: all cores"),
             "worker threads (default 0: all cores); results do not depend on it");
  add_text(d, "out,o", &o.out, "output directory (default: out/optimise-<scenario name>)");
  add_text(d, "set", &o.sets, "override a scenario field of every plan, e.g. --set experiment.horizon_days=182 (repeatable)");
  add_switch(d, "resume", &o.resume, "continue the optimisation journaled in --out (after a crash, kill or Ctrl-C)");
  add_switch(d, "force", &o.force, "replace a previous optimisation in --out, or write into a non-empty --out folder");
  add_progress(d, &o.progress);
  add_switch(d, "quiet,q", &o.quiet, "no progress bar and no table");
}

void check_optimise(const po::variables_map& vm, Invocation& inv) {
  OptimiseArgs& o = inv.optimise;
  if (vm.count("seed")) o.seed = inv.raw.seed;
  if (o.files.size() != 1) throw UsageError("optimise: expected exactly one scenario FILE (see salesim optimise --help)");
  if (!vm.count("budget")) throw UsageError("--budget is required: the yearly people cost allowed, in CNY");
  if (o.vary.empty()) throw UsageError("--vary is required: the head counts to choose, e.g. --vary pm=2..6");
  if (!vm.count("delta"))
    throw UsageError("--delta is required: the smallest difference in the objective worth finding, in its units");
  if (o.resume && o.force) throw UsageError("--resume and --force contradict each other: pick one");
  if (vm.count("n0") && vm.count("max-replications") && o.n0 > o.max_replications)
    throw UsageError("--n0 " + std::to_string(o.n0) + " is above --max-replications " + std::to_string(o.max_replications));
  if (!vm.count("n0")) o.n0 = vm.count("max-replications") ? std::min<std::uint32_t>(10, o.max_replications) : 10;
  if (!vm.count("max-replications")) o.max_replications = std::max(kDefaultOptimiseCap, o.n0);
  if (o.objective.empty()) o.objective = kDefaultObjective;
  if (o.quiet) o.progress = "none";
}

void add_experiment_options(po::options_description& d, const std::string& command, Invocation& inv) {
  ExperimentArgs& o = inv.experiment;
  add_number(d, "replications,n", &o.replications, NumberRule::whole_in(1, kMaxReplications),
             "replications per plan and design point (default: the scenario's experiment.replications)");
  add_number(d, "seed", &inv.raw.seed, NumberRule::whole_in(0, kAnyUint64),
             "master seed (default: the scenario's experiment.seed)");
  add_number(d, "threads,j", &o.threads, NumberRule::whole_in(0, kMaxThreads, "0: all cores"),
             "worker threads (default 0: all cores); results do not depend on it");
  add_text(d, "out,o", &o.out, "output directory (default: out/<scenario name>)");
  add_text(d, "set", &o.sets,
           command == "compare"
               ? "override a scenario field in every plan, e.g. --set team.cohorts[pm].count=4, or in plan N only "
                 "(1-based, in the order of the files), e.g. --set 2:team.cohorts[pm].count=5 (repeatable; later "
                 "ones win)"
               : "override a scenario field, e.g. --set team.cohorts[pm].count=4 (repeatable)");
  add_number(d, "target-ci", &inv.raw.target_ci, NumberRule::real_in(0, 1, true, true),
             "keep adding batches of replications until the 95% CI half-width of mean revenue is at most this "
             "share of the mean (e.g. 0.01)");
  add_number(d, "max-replications", &o.max_replications, NumberRule::whole_in(1, kMaxReplications),
             "cap for --target-ci (default: experiment.max_replications, else 100000)");
  add_switch(d, "resume", &o.resume, "continue the run journaled in --out (after a crash, kill or Ctrl-C)");
  add_switch(d, "force", &o.force,
             command == "run" ? "replace a previous run in --out, or write into a non-empty --out or --export-crm folder"
                              : "replace a previous run in --out, or write into a non-empty --out folder");
  add_tuple(d, "shard", &inv.raw.shard, shard_format(),
            "run only shard I of N (replications r with r % N == I; N at most 10000), e.g. --shard 0/4; "
            "join with `salesim merge`. --shard auto: this task of a Slurm (SLURM_ARRAY_TASK_ID, _MIN, _MAX, _STEP) "
            "or Grid Engine (SGE_TASK_ID, _FIRST, _LAST, _STEPSIZE) array job, numbered from its first task");
  add_progress(d, &o.progress);
  add_switch(d, "quiet,q", &o.quiet, "no progress bar and no summary table");
  if (command != "sweep") {
    add_switch(d, "ignore-sweep", &o.ignore_sweep,
               "run a scenario that has an experiment.sweep (or experiment.sensitivity) as its base scenario, "
               "without the design");
  }
  if (command == "sweep") {
    add_switch(d, "independent-points", &o.independent_points,
               "give each design point its own random numbers instead of common ones (by default replication r "
               "of every point sees the same market and customers, so neighbouring points differ by the swept "
               "change, not by luck; use this only to measure what that saves)");
    add_text(d, "design", &o.design_file,
             "run the design points in this CSV instead of the scenario's experiment.sweep: a header of field "
             "paths (as --set takes them, e.g. team.cohorts[pm].count), then one row of numbers per point; "
             "SALib and the EMA workbench write this layout. The points are written to design.csv with the results");
    add_text(d, "export-design", &o.export_design,
             "write the points the scenario's design (grid or Latin hypercube; with --design, that file's) would "
             "run to this CSV, in the layout --design reads, and exit without running");
  }
  if (command == "run") {
    add_text(d, "export-crm", &o.export_crm,
             "also write the simulated deals of a replication as a CRM export into this directory (new or empty; "
             "--force to write into a non-empty one): "
             "opportunities.csv, stage_history.csv, roster.csv, competitors.csv (the layout `salesim fit` and "
             "`salesim backtest --actual` read; docs/outputs.md); several replications: one folder rep_NNNN each");
    add_text(d, "export-replications", &o.export_replications_text,
             "with --export-crm: the replications to export, e.g. 0 or 0,3,5-7 (default 0; at most 1000; each below "
             "the run's replications: export r is row r of replications.csv)");
    add_text(d, "export-epoch", &o.export_epoch_text,
             "with --export-crm: the calendar date of day 0, the first day of the horizon, as YYYY-MM-DD "
             "(default 2026-01-01); warm-up deals still open on it carry their earlier dates");
  }
  if (command == "compare") {
    add_switch(d, "independent", &o.independent,
               "give each plan its own random numbers instead of common ones (only to measure what CRN saves)");
    add_text(d, "name", &o.names, "label for each plan, in order (repeatable; default: scenario name)");
    add_text(d, "rank-by", &o.rank_by,
             "KPI to rank the plans by on stdout (default: contribution if there is such a KPI, else revenue); "
             "ranking.csv ranks them by every KPI");
    add_text(d, "hire", &o.hires,
             "add a plan: the base plus new people, ROLE[:COHORT]=N[@DAY] joined by +, e.g. pm=1, am=2@90, "
             "pm=1+presales=1; they join at tenure 0 on DAY (default 1) with COHORT's skills and cost "
             "(default: the role's first cohort) (repeatable: one plan each)");
  }
}

void check_experiment(const std::string& command, const po::variables_map& vm, Invocation& inv) {
  ExperimentArgs& o = inv.experiment;
  if (vm.count("seed")) o.seed = inv.raw.seed;
  if (vm.count("target-ci")) o.target_ci = inv.raw.target_ci;
  if (o.quiet) o.progress = "none";
  if (vm.count("shard")) {
    if (inv.raw.shard.key == "auto") {
      const SchedulerShard s = scheduler_shard([](const char* name) { return std::getenv(name); });
      o.shard_index = s.index;
      o.shard_count = s.count;
      o.shard_source = s.source;
    } else {
      o.shard_index = static_cast<std::uint32_t>(inv.raw.shard.numbers[0]);
      o.shard_count = static_cast<std::uint32_t>(inv.raw.shard.numbers[1]);
    }
    if (o.target_ci) throw UsageError("--shard cannot be combined with --target-ci");
  }
  if (o.resume && o.force) throw UsageError("--resume and --force contradict each other: pick one");
  if (command == "run") {
    if (o.export_crm.empty() && (vm.count("export-replications") || vm.count("export-epoch")))
      throw UsageError(std::string(vm.count("export-replications") ? "--export-replications" : "--export-epoch") +
                       " goes with --export-crm DIR, which is missing");
    try {
      o.export_replications = parse_replication_list(
          vm.count("export-replications") ? o.export_replications_text : std::string("0"), kMaxReplications - 1, 1000);
    } catch (const std::invalid_argument& e) {
      throw UsageError("--export-replications " + experiment::quote_argument(o.export_replications_text) + ": " + e.what());
    }
    try {
      o.export_epoch = parse_date(o.export_epoch_text);
    } catch (const std::invalid_argument& e) {
      throw UsageError("--export-epoch " + experiment::quote_argument(o.export_epoch_text) + ": " + e.what());
    }
    if (!o.export_crm.empty() && o.shard_count > 1)
      throw UsageError("--export-crm with --shard: export from one unsharded run (or `salesim run -n 1 --export-crm`)");
  }
  if (command == "run" || command == "sweep") {
    if (o.files.size() != 1) throw UsageError(command + ": expected exactly one scenario FILE (see salesim " + command + " --help)");
  } else if (o.files.size() + o.hires.size() < 2) {
    throw UsageError(o.files.empty() ? "compare: expected the base scenario file first (see salesim compare --help)"
                                     : "compare: expected a second scenario file or a --hire plan to compare with the base "
                                       "(see salesim compare --help)");
  }
  if (!o.names.empty() && o.names.size() != o.files.size() && o.names.size() != o.files.size() + o.hires.size())
    throw UsageError("compare: give one --name per plan (scenario files, then --hire plans), one per file, or none");
  o.plan_sets = plan_overrides(o.sets, o.files.size());
}

}  // namespace

std::array<int, 3> parse_date(const std::string& text) {
  const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                     std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!shape) throw std::invalid_argument("expected a date YYYY-MM-DD, e.g. 2026-01-01");
  const std::array<int, 3> e{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)), std::stoi(text.substr(8, 2))};
  try {
    (void)boost::gregorian::date(static_cast<unsigned short>(e[0]), static_cast<unsigned short>(e[1]),
                                 static_cast<unsigned short>(e[2]));
  } catch (const std::exception&) {
    throw std::invalid_argument("not a calendar date (years 1400..9999, months 01..12, days of the month)");
  }
  // Exports reach back over the warm-up and forward over the horizon: keep both inside the calendar.
  if (e[0] < 1500 || e[0] > 9000) throw std::invalid_argument("the year must be within 1500..9000");
  return e;
}

std::vector<std::uint64_t> parse_replication_list(const std::string& text, std::uint64_t max_index, std::size_t max_count) {
  if (text.empty()) throw std::invalid_argument("expected replication indices, e.g. 0 or 0,3,5-7");
  auto number = [&](const std::string& s) {
    std::uint64_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
      throw std::invalid_argument("'" + s.substr(0, 30) + "' is not a replication index (a whole number from 0)");
    if (v > max_index) throw std::invalid_argument("replication " + s + " is above the largest, " + std::to_string(max_index));
    return v;
  };
  std::set<std::uint64_t> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    const std::size_t dash = part.find('-');
    if (dash == std::string::npos) {
      out.insert(number(part));
    } else {
      const std::uint64_t a = number(part.substr(0, dash)), b = number(part.substr(dash + 1));
      if (a > b) throw std::invalid_argument("the range " + part + " is empty (its first index is above its last)");
      if (b - a >= max_count) throw std::invalid_argument("more than " + std::to_string(max_count) + " replications");
      for (std::uint64_t r = a; r <= b; ++r) out.insert(r);
    }
    if (out.size() > max_count) throw std::invalid_argument("more than " + std::to_string(max_count) + " replications");
    start = comma + 1;
  }
  return {out.begin(), out.end()};
}

const std::vector<std::string>& progress_modes() {
  static const std::vector<std::string> m = {"bar", "lines", "none"};
  return m;
}

SchedulerShard scheduler_shard(const std::function<const char*(const char*)>& getenv) {
  auto get = [&](const char* name) -> const char* {
    const char* v = getenv(name);
    return v && *v ? v : nullptr;
  };
  if (get("SLURM_ARRAY_TASK_ID"))
    return shard_of_array({get("SLURM_ARRAY_TASK_ID"), get("SLURM_ARRAY_TASK_MIN"), get("SLURM_ARRAY_TASK_MAX"),
                           get("SLURM_ARRAY_TASK_STEP"), get("SLURM_ARRAY_TASK_COUNT"), "SLURM_ARRAY_TASK_ID",
                           "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP",
                           "SLURM_ARRAY_TASK_COUNT"});
  // Grid Engine sets SGE_TASK_ID=undefined in a job that is not an array.
  const char* sge = get("SGE_TASK_ID");
  if (sge && std::string_view(sge) != "undefined")
    return shard_of_array({sge, get("SGE_TASK_FIRST"), get("SGE_TASK_LAST"), get("SGE_TASK_STEPSIZE"), nullptr,
                           "SGE_TASK_ID", "SGE_TASK_FIRST", "SGE_TASK_LAST", "SGE_TASK_STEPSIZE", ""});
  std::string msg = "--shard auto: this is not a task of a batch-scheduler array job: looked for ";
  msg.append(kSchedulerVariables).append(", and none is set");
  if (get("SLURM_JOB_ID")) msg.append(" (a Slurm job, but not an array: submit with sbatch --array=0-N)");
  else if (get("PBS_ARRAY_INDEX") || get("PBS_ARRAYID"))
    msg.append(" (PBS sets no task count: give --shard I/N with I counted from 0, e.g. from PBS_ARRAY_INDEX)");
  else if (get("LSB_JOBINDEX"))
    msg.append(" (LSF: for an array [1-N] give --shard $((LSB_JOBINDEX - 1))/N)");
  msg.append("; or give the shard as --shard I/N");
  throw UsageError(msg);
}

std::vector<std::vector<std::string>> plan_overrides(const std::vector<std::string>& sets, std::size_t plans) {
  std::vector<std::vector<std::string>> out(plans);
  for (const std::string& s : sets) {
    const std::size_t digits = s.find_first_not_of("0123456789");
    if (digits == 0 || digits == std::string::npos || s[digits] != ':') {  // a path starts with a letter
      for (auto& p : out) p.push_back(s);
      continue;
    }
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < digits && n <= plans; ++i) n = n * 10 + static_cast<std::uint64_t>(s[i] - '0');
    if (n < 1 || n > plans)
      throw UsageError("--set " + experiment::quote_argument(s) + ": plan " + s.substr(0, std::min<std::size_t>(digits, 20)) +
                       " is not one of the " + std::to_string(plans) + " scenario file" + (plans == 1 ? "" : "s") +
                       " (N in N:path=value counts the files from 1)");
    out[n - 1].push_back(s.substr(digits + 1));
  }
  return out;
}

const std::vector<std::string>& subcommands() {
  static const std::vector<std::string> c = {"run",      "compare", "sweep", "optimise", "attribute", "sensitivity",
                                             "validate", "trace",   "merge", "schema",   "fit",       "backtest"};
  return c;
}

po::options_description options_for(const std::string& command, Invocation& inv) {
  po::options_description d("Options");
  add_switch(d, "help,h", &inv.help, "show this help");
  if (command == "run" || command == "compare" || command == "sweep") {
    add_experiment_options(d, command, inv);
  } else if (command == "optimise") {
    add_optimise_options(d, inv);
  } else if (command == "attribute") {
    ExperimentArgs& o = inv.experiment;
    add_number(d, "replications,n", &o.replications, NumberRule::whole_in(1, kMaxReplications),
               "replications of each on/off variant (default: the scenario's experiment.replications); "
               "m faults run 2^m variants");
    add_number(d, "seed", &inv.raw.seed, NumberRule::whole_in(0, kAnyUint64),
               "master seed, shared by every variant (default: the scenario's experiment.seed)");
    add_number(d, "threads,j", &o.threads, NumberRule::whole_in(0, kMaxThreads, "0: all cores"),
               "worker threads (default 0: all cores); results do not depend on it");
    add_text(d, "out,o", &o.out, "output directory (default: out/attribute-<scenario name>)");
    add_text(d, "set", &o.sets, "override a scenario field, e.g. --set formation.covering.enabled=true (repeatable)");
    add_text(d, "kpi", &o.kpis,
             "KPI to attribute, any column of replications.csv (repeatable; default: revenue, win_rate and "
             "contribution)");
    add_switch(d, "force", &o.force, "replace a previous run in --out, or write into a non-empty --out folder");
    add_progress(d, &o.progress);
    add_switch(d, "quiet,q", &o.quiet, "no progress bar and no table");
  } else if (command == "sensitivity") {
    ExperimentArgs& o = inv.experiment;
    add_number(d, "replications,n", &o.replications, NumberRule::whole_in(1, kMaxReplications),
               "replications of each design point, under common random numbers (default: the scenario's "
               "experiment.replications)");
    add_text(d, "method", &o.method, "sobol or morris (default: the scenario's experiment.sensitivity.method, else sobol)");
    add_number(d, "samples,N", &o.samples, NumberRule::whole_in(2, kMaxDesignPoints),
               "Sobol base samples N: N (k + 2) design points for k factors (default: the scenario's, else 1024)");
    add_number(d, "trajectories", &o.trajectories, NumberRule::whole_in(2, kMaxDesignPoints),
               "Morris trajectories r: r (k + 1) design points (default: the scenario's, else 20)");
    add_text(d, "factor", &o.factors,
             "a factor PATH=LOW..HIGH, e.g. --factor team.cohorts[pm].count=2..6 (repeatable; replaces the scenario's "
             "experiment.sensitivity.factors)");
    add_text(d, "kpi", &o.kpis,
             "KPI to analyse, any column of replications.csv (repeatable; default: the scenario's, else revenue, win_rate "
             "and contribution)");
    add_number(d, "seed", &inv.raw.seed, NumberRule::whole_in(0, kAnyUint64),
               "master seed of the design, the bootstrap and the markets (default: the scenario's experiment.seed)");
    add_number(d, "threads,j", &o.threads, NumberRule::whole_in(0, kMaxThreads, "0: all cores"),
               "worker threads (default 0: all cores); results do not depend on it");
    add_text(d, "out,o", &o.out, "output directory (default: out/sensitivity-<scenario name>)");
    add_text(d, "set", &o.sets, "override a scenario field, e.g. --set team.cohorts[am].count=10 (repeatable)");
    add_switch(d, "force", &o.force, "replace a previous run in --out, or write into a non-empty --out folder");
    add_progress(d, &o.progress);
    add_switch(d, "quiet,q", &o.quiet, "no progress bar and no table");
  } else if (command == "backtest") {
    BacktestArgs& b = inv.backtest;
    add_text(d, "actual", &b.actual, "the observed CRM export: a folder of CSV files (required)");
    add_text(d, "mapping", &b.mapping,
             "the mapping that reads it (default: ACTUAL/mapping.txtpb, as `salesim run --export-crm` writes; "
             "presets in scenarios/crm/)");
    add_number(d, "replications,n", &b.replications, NumberRule::whole_in(10, kMaxReplications),
               "simulated replications behind each band (default 200; at least 10, and 79 before a misfit can be "
               "flagged)");
    add_number(d, "seed", &inv.raw.seed, NumberRule::whole_in(0, kAnyUint64),
               "master seed (default: the scenario's experiment.seed)");
    add_number(d, "threads,j", &b.threads, NumberRule::whole_in(0, kMaxThreads, "0: all cores"),
               "worker threads (default 0: all cores); results do not depend on it");
    add_text(d, "out,o", &b.out, "output directory (default: out/backtest-<scenario name>)");
    add_text(d, "set", &b.sets, "override a scenario field, e.g. --set team.cohorts[pm].count=4 (repeatable)");
    add_switch(d, "strict", &b.strict, "stop at the first problem row of the export instead of skipping it");
    add_switch(d, "force", &b.force, "replace a previous backtest in --out, or write into a non-empty --out folder");
    add_switch(d, "quiet,q", &b.quiet, "no table");
  } else if (command == "validate") {
    add_switch(d, "print", &inv.validate.print, "print each fully resolved scenario (overlays, overrides and defaults applied), after comment lines naming the files read");
    add_text(d, "set", &inv.validate.sets,
             "override a field before validating, e.g. --set team.cohorts[pm].count=4; N:path=value overrides it in "
             "the Nth file only");
  } else if (command == "trace") {
    TraceArgs& t = inv.trace;
    add_number(d, "replication,r", &t.replication, NumberRule::whole_in(0, kMaxReplications - 1),
               "replication index (default 0)");
    add_number(d, "seed", &inv.raw.seed, NumberRule::whole_in(0, kAnyUint64),
               "master seed (default: the scenario's experiment.seed)");
    add_number(d, "design-point", &t.design_point, NumberRule::whole_in(0, kMaxDesignPoints - 1),
               "design point of the scenario's sweep: its values (default 0); its random numbers are point 0's, "
               "as a sweep shares them, unless --independent-points");
    add_switch(d, "independent-points", &t.independent_points,
               "the sweep ran with --independent-points: key the random numbers by the design point too");
    add_text(d, "design", &t.design_file,
             "the sweep ran with --design FILE.csv (its design.csv): --design-point P is that file's row P");
    add_text(d, "set", &t.sets, "override a scenario field (repeatable)");
    add_number(d, "limit", &t.limit, NumberRule::whole_in(1, kAnyUint64),
               "print at most this many events (default: all)");
  } else if (command == "merge") {
    add_text(d, "out,o", &inv.merge.out, "output directory for the merged result (required)");
    add_switch(d, "force", &inv.merge.force, "replace a previous run in --out, or write into a non-empty --out folder");
    add_switch(d, "quiet,q", &inv.merge.quiet, "no summary table");
  } else if (command == "schema") {
    add_text(d, "out,o", &inv.schema.out, "write to this file instead of stdout");
  } else if (command == "fit") {
    FitArgs& f = inv.fit;
    add_text(d, "mapping,m", &f.mapping,
             "the column-mapping file (required), e.g. scenarios/crm/salesforce_mapping.txtpb or the export's own mapping.txtpb");
    add_text(d, "base,b", &f.base, "the scenario the fitted overlay sits on (required); its segments and cohorts name what is fitted");
    add_text(d, "out,o", &f.out, "output directory (required): fitted.txtpb, fit_report.md, fit_report.csv");
    add_switch(d, "strict", &f.strict, "stop at any row error instead of skipping the row and counting it");
    add_number(d, "budget", &f.budget, NumberRule::whole_in(calibration::kMinMsmBudget, kMaxReplications),
               "replications for the simulated-moments step, all evaluations together (default 400; at least 12: "
               "3 evaluations per searched parameter and the Jacobian's)");
    add_switch(d, "no-simulation", &f.no_simulation,
               "direct fits only: the latent parameters (project rate, win and no-decision utilities) keep the base's values");
    add_text(d, "set", &f.sets, "pin a parameter instead of fitting it, e.g. --set deals.slip_mean_days=20 (repeatable)");
    add_switch(d, "force", &f.force, "replace a previous fit in --out, or write into a non-empty --out folder");
    add_switch(d, "quiet,q", &f.quiet, "no progress lines and no summary");
  } else {
    throw UsageError("unknown command " + experiment::quote_argument(command));
  }
  return d;
}

Invocation parse_invocation(const std::vector<std::string>& args) {
  Invocation inv;
  if (args.empty()) throw UsageError("expected a command");
  inv.command = args[0];
  const po::options_description desc = options_for(inv.command, inv);
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string& c = inv.command;
  std::vector<std::string>* positional = c == "backtest" ? &inv.backtest.files
                                         : c == "validate" ? &inv.validate.files
                                         : c == "trace"  ? &inv.trace.files
                                         : c == "merge"  ? &inv.merge.dirs
                                         : c == "schema" ? nullptr
                                         : c == "optimise" ? &inv.optimise.files
                                         : c == "fit" ? &inv.fit.dirs
                                                         : &inv.experiment.files;
  const po::variables_map vm = experiment::parse_arguments(rest, desc, positional);
  if (inv.help) return inv;
  if (c == "run" || c == "compare" || c == "sweep") {
    check_experiment(c, vm, inv);
  } else if (c == "optimise") {
    check_optimise(vm, inv);
  } else if (c == "attribute") {
    if (vm.count("seed")) inv.experiment.seed = inv.raw.seed;
    if (inv.experiment.quiet) inv.experiment.progress = "none";
    if (inv.experiment.files.size() != 1)
      throw UsageError("attribute: expected exactly one scenario FILE (see salesim attribute --help)");
  } else if (c == "sensitivity") {
    if (vm.count("seed")) inv.experiment.seed = inv.raw.seed;
    if (inv.experiment.quiet) inv.experiment.progress = "none";
    if (inv.experiment.files.size() != 1)
      throw UsageError("sensitivity: expected exactly one scenario FILE (see salesim sensitivity --help)");
    if (!inv.experiment.method.empty() && inv.experiment.method != "sobol" && inv.experiment.method != "morris")
      throw UsageError("--method " + experiment::quote_argument(inv.experiment.method) + ": expected sobol or morris");
  } else if (c == "backtest") {
    if (vm.count("seed")) inv.backtest.seed = inv.raw.seed;
    if (inv.backtest.files.size() != 1)
      throw UsageError("backtest: expected exactly one scenario FILE (see salesim backtest --help)");
    if (inv.backtest.actual.empty()) throw UsageError("backtest: --actual EXPORT_DIR is required: the observed CRM export");
  } else if (c == "validate") {
    if (inv.validate.files.empty()) throw UsageError("validate: expected at least one scenario FILE (see salesim validate --help)");
  } else if (c == "trace") {
    if (vm.count("seed")) inv.trace.seed = inv.raw.seed;
    if (inv.trace.files.size() != 1) throw UsageError("trace: expected exactly one scenario FILE (see salesim trace --help)");
  } else if (c == "fit") {
    if (inv.fit.dirs.size() != 1) throw UsageError("fit: expected exactly one EXPORT_DIR (see salesim fit --help)");
    if (inv.fit.mapping.empty()) throw UsageError("fit: --mapping FILE is required");
    if (inv.fit.base.empty()) throw UsageError("fit: --base SCENARIO is required");
    if (inv.fit.out.empty()) throw UsageError("fit: --out DIR is required");
  } else if (c == "merge") {
    if (inv.merge.dirs.empty()) throw UsageError("merge: expected the shard directories (see salesim merge --help)");
    if (inv.merge.out.empty()) throw UsageError("merge: --out OUT is required");
  }
  return inv;
}

}  // namespace salesim::cli
