#include "sim/cli/crm_commands.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "salesim/v1/scenario.pb.h"
#include "sim/calibration/export_csv.h"
#include "sim/calibration/simulated_export.h"
#include "sim/experiment/output_set.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/writers.h"
#include "sim/calibration/backtest.h"
#include <cmath>
#include <thread>

#include "sim/calibration/crm_reader.h"

namespace salesim::cli {

namespace ex = salesim::experiment;
namespace fs = std::filesystem;

namespace {

// Creates `dir` and its missing parents (checked: a failure names the path and the OS reason).
void make_dirs(const fs::path& dir) {
  if (dir.empty() || fs::is_directory(dir)) return;
  if (fs::exists(dir)) throw ex::OutputDirError(dir.string() + " exists and is not a directory");
  make_dirs(dir.parent_path());
  ex::checked_io::mkdir(dir.string());
}

}  // namespace

void write_crm_exports(const v1::Scenario& plan, const ExperimentArgs& o) {
  v1::Scenario s = plan;
  ex::prepare_for_run(s);
  const std::uint64_t seed = o.seed ? *o.seed : s.experiment().seed();
  const model::Model m(s);
  const calibration::Epoch epoch{o.export_epoch[0], o.export_epoch[1], o.export_epoch[2]};
  const bool one = o.export_replications.size() == 1;
  for (const std::uint64_t r : o.export_replications) {
    const calibration::CrmExport e = calibration::simulate_export(m, model::ReplicationKey{seed, 0, r}, epoch);
    char sub[32];
    std::snprintf(sub, sizeof sub, "rep_%04llu", static_cast<unsigned long long>(r));
    const fs::path dir = one ? fs::path(o.export_crm) : fs::path(o.export_crm) / sub;
    make_dirs(dir);
    ex::OutputSet out(dir.string());
    calibration::add_export_files(out, e);
    out.publish();
    if (!o.quiet) {
      std::size_t open = 0;
      for (const calibration::Opportunity& op : e.opportunities) open += op.outcome == calibration::Outcome::open;
      std::printf("wrote the CRM export of replication %llu to %s/ (%zu opportunities, %zu open at the end; %zu people; "
                  "day 0 = %s)\n",
                  static_cast<unsigned long long>(r), dir.string().c_str(), e.opportunities.size(), open,
                  e.roster.size(), calibration::iso_date(epoch, 0).c_str());
    }
  }
  std::fflush(stdout);
}

namespace {

constexpr const char* kBacktestHelp =
    "salesim backtest SCENARIO --actual EXPORT_DIR [--mapping FILE] [-n REPS] [--out DIR]\n\n"
    "Does the scenario reproduce your last period? Reads the CRM export in EXPORT_DIR (as the mapping\n"
    "says; default EXPORT_DIR/mapping.txtpb), simulates the scenario over the export's period (its\n"
    "horizon set to the period, day 0 on its first day) REPS times, and sets every statistic of the\n"
    "export against the band the simulations give it (P10-P90 across replications):\n"
    "  opportunities created per calendar month, win rate (won / closed), deal size P10/P50/P90 (won\n"
    "  amounts), cycle time P10/P50/P90 (creation to close of closed deals), revenue per quarter;\n"
    "and the whole distributions of deal size and cycle time by their Kolmogorov-Smirnov distance.\n"
    "About 80% of the statistics of a fitting scenario fall inside their bands. The verdict says MISFIT\n"
    "when the export is more extreme than all but a few simulated exports: by its share of statistics\n"
    "inside, its statistic furthest from the simulated mean, or a KS distance (docs/calibration.md);\n"
    "below 79 replications it cannot flag anything and says \"too few replications to judge\". A statistic\n"
    "the export has no data for (no deal closed or won) is \"not enough data\", never a fit; an export\n"
    "without opportunities is refused. --out must be new or empty (or --force).\n\n"
    "Writes, all or nothing: backtest.csv (one row per statistic), results.pb (the scenario's run over\n"
    "the period, with the backtest; salesim-viz draws it as the chart `backtest`), summary.csv,\n"
    "replications.csv, timeseries.csv, scenario.txtpb. Exit status 0 (also on a misfit); 1 a problem\n"
    "with the export, the mapping, the scenario or --out; 2 a bad command line.\n\n"
    "Examples:\n"
    "  salesim run scenarios/golden_triangle.txtpb -n 1 --seed 99 --export-crm out/crm   # an export\n"
    "  salesim backtest scenarios/golden_triangle.txtpb --actual out/crm --out out/bt\n"
    "  salesim fit EXPORT --mapping M --base B --out out/fit && \\\n"
    "    salesim backtest out/fit/fitted.txtpb --actual EXPORT --mapping M --out out/bt\n"
    "  salesim-viz --render out/bt/results.pb --chart backtest --out backtest.png\n\n";

std::string cell(double v, const std::string& unit) {
  if (std::isnan(v)) return "-";
  char buf[64];
  if (unit == "share") std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
  else if (unit == "CNY") std::snprintf(buf, sizeof buf, "%.2fM", v / 1e6);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

std::string problem_summary(const std::vector<calibration::DataProblem>& problems) {
  std::size_t skipped = 0, warnings = 0;
  for (const calibration::DataProblem& p : problems)
    (p.severity == calibration::DataProblem::Severity::warning ? warnings : skipped) += 1;
  std::string s;
  if (skipped)
    s.append(std::to_string(skipped)).append(skipped == 1 ? " problem row" : " problem rows")
        .append(" skipped (--strict stops instead)");
  if (warnings)
    s.append(skipped ? ", " : "").append(std::to_string(warnings)).append(warnings == 1 ? " warning" : " warnings")
        .append(" (rows kept)");
  return s.append(" in the export");
}

namespace {

void print_backtest(const v1::Backtest& b) {
  std::printf("\nbacktest of %s against %s (%s to %s, exclusive), %u replications\n\n", b.scenario().c_str(),
              b.actual().c_str(), b.period_start().c_str(), b.period_end().c_str(), b.replications());
  std::printf("  %-16s %-8s %10s %10s %10s %10s  %s\n", "statistic", "period", "observed", "sim P10", "sim P50", "sim P90",
              "in band");
  for (const v1::BacktestStatistic& st : b.statistics())
    std::printf("  %-16s %-8s %10s %10s %10s %10s  %s\n", st.statistic().c_str(), st.period().c_str(),
                cell(st.observed(), st.unit()).c_str(), cell(st.sim_p10(), st.unit()).c_str(),
                cell(st.sim_p50(), st.unit()).c_str(), cell(st.sim_p90(), st.unit()).c_str(),
                std::isnan(st.observed()) ? "no data" : st.in_band() ? "yes" : "NO");
  for (const v1::KsTest& t : b.ks_tests())
    if (std::isnan(t.distance()))
      std::printf("  KS %-10s not enough data; n = %llu observed, %llu simulated\n", t.distribution().c_str(),
                  static_cast<unsigned long long>(t.n_observed()), static_cast<unsigned long long>(t.n_simulated()));
    else
      std::printf("  KS %-10s D = %.3f  p = %.3g (by simulation, judged), %.3g (asymptotic); n = %llu observed, %llu simulated\n",
                  t.distribution().c_str(), t.distance(), t.p_simulated(), t.p_value(),
                  static_cast<unsigned long long>(t.n_observed()), static_cast<unsigned long long>(t.n_simulated()));
  std::printf("\n%s\n", b.verdict().c_str());
}

}  // namespace

int cmd_backtest(const Invocation& inv) {
  const BacktestArgs& a = inv.backtest;
  if (inv.help) {
    static Invocation unused;
    std::cout << kBacktestHelp << options_for("backtest", unused) << "\n";
    return 0;
  }
  v1::Scenario s = ex::load_scenario_file(a.files[0], a.sets);
  s.mutable_experiment()->clear_sweep();
  s.mutable_experiment()->clear_sensitivity();
  ex::prepare_for_run(s);
  {
    std::error_code ec;
    if (!fs::exists(a.actual, ec)) {
      std::cerr << "salesim backtest: --actual " << a.actual << ": no such folder\n";
      return 1;
    }
    if (!fs::is_directory(a.actual, ec)) {
      std::cerr << "salesim backtest: --actual " << a.actual << ": not a folder (give the folder of the export's CSV files)\n";
      return 1;
    }
  }
  const std::string mapping_path = a.mapping.empty() ? (fs::path(a.actual) / "mapping.txtpb").string() : a.mapping;
  if (a.mapping.empty() && !fs::exists(mapping_path))
    throw UsageError("--mapping FILE is required: " + a.actual + " has no mapping.txtpb (presets: scenarios/crm/)");
  calibration::CrmExport observed;
  std::vector<calibration::DataProblem> problems;
  try {
    const v1::CrmMapping mapping = calibration::load_mapping(mapping_path);
    observed = calibration::read_export(a.actual, mapping, calibration::ReadOptions{.strict = a.strict}, &problems);
  } catch (const calibration::MappingError& e) {
    std::cerr << e.what() << "\n";
    return 1;
  } catch (const calibration::DataError& e) {
    std::size_t shown = 0;
    for (const auto& p : e.problems())
      if (shown++ < 50) std::cerr << p.to_string() << "\n";
    std::cerr << "salesim backtest: " << e.problems().size() << " data problem" << (e.problems().size() == 1 ? "" : "s")
              << "; nothing written\n";
    return 1;
  }
  if (!a.quiet && !problems.empty()) {
    std::size_t shown = 0;
    for (const auto& p : problems)
      if (shown++ < 20) std::cerr << p.to_string() << "\n";
    std::cerr << "salesim backtest: " << problem_summary(problems) << "\n";
  }
  if (observed.opportunities.empty()) {
    std::cerr << "salesim backtest: " << a.actual
              << ": the export holds no opportunities: there is nothing to set against the simulations; nothing written\n";
    return 1;
  }
  const std::string out = a.out.empty() ? "out/backtest-" + s.name() : a.out;
  ex::prepare_output_dir(out, false, a.force, /*resumable=*/false);
  calibration::BacktestOptions opt;
  opt.replications = a.replications;
  opt.seed = a.seed ? *a.seed : s.experiment().seed();
  opt.threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  opt.actual = a.actual;
  v1::Results results;
  try {
    results = calibration::backtest_results(observed, s, opt);
  } catch (const std::invalid_argument& e) {
    std::cerr << "salesim backtest: " << a.actual << ": " << e.what() << "\n";
    return 1;
  }
  {
    ex::OutputSet set(out);
    calibration::add_backtest_outputs(set, results);
    set.publish();
  }
  if (!a.quiet) {
    print_backtest(results.backtest());
    std::printf("wrote %s/{backtest.csv,results.pb,summary.csv,replications.csv,timeseries.csv}\n", out.c_str());
  }
  return 0;
}

}  // namespace salesim::cli
