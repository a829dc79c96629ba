// `salesim fit EXPORT_DIR --mapping FILE --base SCENARIO --out DIR`: a scenario overlay fitted to a
// CRM export (sim/calibration/fit_output.h), published atomically with its reports.
#include "sim/cli/fit_command.h"

#include <filesystem>
#include <iostream>

#include "sim/calibration/fit_output.h"
#include "sim/experiment/output_set.h"
#include "sim/experiment/writers.h"
#include "sim/scenario/loader.h"

#include "sim/calibration/simulated_export.h"

namespace salesim::cli {
namespace {

namespace cal = salesim::calibration;
namespace ex = salesim::experiment;
namespace fs = std::filesystem;

constexpr int kOk = 0, kFail = 1;
constexpr std::size_t kShownProblems = 50;

const char* kFitHelp =
    "salesim fit EXPORT_DIR --mapping FILE --base SCENARIO --out DIR [--strict] [--budget N]\n"
    "            [--no-simulation] [--set path=value]...\n\n"
    "Fits a scenario to your CRM export: reads the CSV files in EXPORT_DIR as the mapping says\n"
    "(which column is which, date format, stage names, product spellings, deal-type rules), fits\n"
    "what the data shows directly (opportunity rate and seasonality per segment, deal sizes per\n"
    "type, win / loss / no-decision shares, cycle times with open deals censored, slips and\n"
    "shrinks from the stage history, the team from the roster), then searches the few latent\n"
    "parameters (how many projects the market has, the base utilities of winning and of no\n"
    "decision) by simulating exports until the simulated win rate, no-decision share and\n"
    "opportunities per AM match yours (method of simulated moments, common random numbers).\n\n"
    "Writes, all or nothing:\n"
    "  DIR/fitted.txtpb       an overlay on SCENARIO; each fitted field has a comment with its\n"
    "                         estimate, 95% CI, n and method. Run it: salesim run DIR/fitted.txtpb\n"
    "  DIR/fit_report.md      every parameter: fitted, defaulted (with the reason) or overridden;\n"
    "                         the targets the fitted model should reproduce; data problems\n"
    "  DIR/fit_report.csv     the same, one row each\n"
    "  DIR/data_problems.txt  every data problem, one per line (file:line: column: what is wrong)\n\n"
    "Data problems (blank or bad dates, unknown stages, bad amounts, duplicate ids, dates past the\n"
    "period end, ...) skip the row and are counted, and are printed as soon as the export is read;\n"
    "--strict stops instead. Every file the mapping names must exist. An export with no usable\n"
    "opportunity is an error (exit 1). An estimate outside what the scenario schema allows, or a\n"
    "simulated-moments estimate the data do not pin down, is not written: the base's value stays and\n"
    "the report says why. Mapping presets: scenarios/crm/ (the layout of\n"
    "`salesim run --export-crm`, a Salesforce-style opportunity report); docs/calibration.md.\n\n"
    "Exit status: 0 fitted; 1 a problem in the mapping, the data (with --strict, a missing file, no\n"
    "opportunities), the base, a --set value or DIR;\n"
    "2 a bad command line.\n\n"
    "Example:\n"
    "  salesim fit scenarios/crm_example --mapping scenarios/crm_example/mapping.txtpb \\\n"
    "      --base scenarios/golden_triangle.txtpb --out out/fit --budget 200\n"
    "  salesim run out/fit/fitted.txtpb\n\n";

}  // namespace

int cmd_fit(const Invocation& inv) {
  const FitArgs& f = inv.fit;
  if (inv.help) {
    static Invocation unused;
    std::cout << kFitHelp << options_for("fit", unused) << "\n";
    return kOk;
  }
  const fs::path out = f.out;
  std::error_code ec;
  if (fs::exists(out / "fitted.txtpb", ec) && !f.force)
    throw ex::OutputDirError(f.out + " already holds a fit (fitted.txtpb); use --force to replace it, or another --out");

  cal::FitRequest rq;
  rq.export_dir = f.dirs.front();
  rq.mapping_path = f.mapping;
  rq.base_path = f.base;
  rq.out_dir = f.out;
  rq.strict = f.strict;
  rq.budget = f.budget;
  rq.overrides = f.sets;
  rq.progress = f.quiet ? nullptr : &std::cerr;
  // Data problems go to stderr as soon as the export is read, so a later stop (no opportunities,
  // the base, --set) still shows them.
  bool printed = false;
  rq.on_read = [&](const std::vector<cal::DataProblem>& problems) {
    printed = true;
    if (f.quiet) return;
    std::size_t shown = 0;
    for (const auto& p : problems)
      if (shown++ < kShownProblems) std::cerr << p.to_string() << "\n";
    if (problems.size() > kShownProblems)
      std::cerr << "... and " << problems.size() - kShownProblems << " more (all of them in " << (out / "data_problems.txt").string()
                << " when the fit is written)\n";
  };
  if (!f.no_simulation) {
    // Replication `key` of the scenario's seed: the same keys for every evaluation (common random
    // numbers). The scenario is resolved (run_fit loads it with defaults and validation).
    rq.simulator = [](const v1::Scenario& s, std::uint64_t key) {
      return cal::simulate_export(s, model::ReplicationKey{.seed = s.experiment().seed(), .design_point = 0, .replication = key});
    };
  }
  cal::FitOutputs o;
  try {
    o = cal::run_fit(rq);
  } catch (const cal::MappingError& e) {
    std::cerr << e.what() << "\n";
    return kFail;
  } catch (const cal::DataError& e) {
    // Row problems already printed by on_read are not repeated: only what the error adds.
    std::size_t shown = 0;
    for (const auto& p : e.problems()) {
      if (printed && !f.quiet && p.kind != cal::ProblemKind::no_opportunities) continue;
      if (shown++ < kShownProblems) std::cerr << p.to_string() << "\n";
    }
    if (shown > kShownProblems) std::cerr << "... and " << shown - kShownProblems << " more\n";
    std::cerr << "salesim fit: " << e.problems().size() << " data problem" << (e.problems().size() == 1 ? "" : "s")
              << (f.strict ? " (--strict: nothing written)" : "; nothing written") << "\n";
    return kFail;
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return kFail;
  }
  std::string problems_text;
  for (const auto& p : o.problems) problems_text += p.to_string() + "\n";
  if (!f.quiet)
    for (const auto& n : o.notes) std::cerr << "salesim fit: note: " << n << "\n";
  ex::prepare_output_dir(f.out, false, f.force, /*resumable=*/false);
  {
    ex::OutputSet set(f.out);
    set.add("fitted.txtpb", o.overlay);
    set.add("fit_report.md", o.report_md);
    set.add("fit_report.csv", o.report_csv);
    set.add("data_problems.txt", problems_text);
    set.publish();
  }
  if (!f.quiet) {
    std::cout << "fitted " << o.fitted_fields << " fields (" << (o.simulated ? "with" : "without")
              << " the simulated-moments step), " << o.overridden_fields << " overridden, " << o.defaulted_parameters
              << " parameters defaulted; " << o.rows_skipped << " rows skipped, " << o.warnings << " warnings\n"
              << "wrote " << (out / "fitted.txtpb").string() << ", fit_report.md, fit_report.csv, data_problems.txt\n"
              << "next: salesim run " << (out / "fitted.txtpb").string() << "\n";
  }
  return kOk;
}

}  // namespace salesim::cli
