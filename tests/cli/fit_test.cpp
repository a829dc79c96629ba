// `salesim fit` end to end on the shipped example export (scenarios/crm_example): its outputs, the
// report listing every parameter, data problems on stderr, --strict, --set, bad mappings, the
// overlay running, byte-identical reruns, and nothing half-written when a write fails.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "sim/scenario/loader.h"
#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> fit_args(const fs::path& out) {
  return {"fit", source_dir() + "/scenarios/crm_example", "--mapping", source_dir() + "/scenarios/crm_example/mapping.txtpb",
          "--base", scenario("golden_triangle.txtpb"), "--out", out.string(), "--no-simulation"};
}

TEST(Fit, ExampleExportGivesAnOverlayThatRunsAndAReportOfEveryParameter) {
  const fs::path dir = scratch_dir("fit_example");
  const fs::path out = dir / "fit";
  const Result r = run_salesim(fit_args(out));
  ASSERT_EQ(r.rc, 0) << r.err;
  // Data problems: each on stderr as file:line: column: what is wrong.
  EXPECT_NE(r.err.find("scenarios/crm_example/opportunities.csv:88: Close Date: blank, but stage 'Closed Won' closes the deal"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("opportunities.csv:104: Stage: 'Lost' is not a stage of the mapping"), std::string::npos);
  EXPECT_NE(r.err.find("Owner: warning: 'Deng Chao' is not in the roster; counted as an AM"), std::string::npos);
  EXPECT_NE(r.out.find("rows skipped"), std::string::npos);
  for (const char* f : {"fitted.txtpb", "fit_report.md", "fit_report.csv", "data_problems.txt"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_FALSE(fs::exists(out / ".salesim-staging"));
  const std::string overlay = read_file(out / "fitted.txtpb");
  EXPECT_NE(overlay.find("base: \""), std::string::npos);
  EXPECT_NE(overlay.find("# estimate "), std::string::npos);
  EXPECT_NE(overlay.find(", 95% CI ["), std::string::npos);
  EXPECT_NE(overlay.find("method: lognormal MLE"), std::string::npos);
  EXPECT_NE(overlay.find("quarterly_seasonality: ["), std::string::npos);
  // Every model parameter of the schema is in the report: fitted, defaulted with a reason, or overridden.
  const std::string csv = read_file(out / "fit_report.csv");
  std::set<std::string> generic;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "parameter,status,value,ci_low,ci_high,n,unit,method,reason");
  while (std::getline(lines, line)) {
    const std::string param = line.substr(0, line.find(','));
    std::string g;
    for (std::size_t i = 0; i < param.size(); ++i) {
      if (param[i] == '[') {
        g += "[]";
        i = param.find(']', i);
      } else {
        g += param[i];
      }
    }
    generic.insert(g);
    if (line.find(",defaulted,") != std::string::npos) {
      EXPECT_NE(line.back(), ',') << "a defaulted parameter without a reason: " << line;
    }
  }
  for (const auto& leaf : scenario::model_parameters()) {
    bool found = generic.count(leaf.path) > 0;
    for (const auto& g : generic) found |= g.rfind(leaf.path + ".", 0) == 0 || g.rfind(leaf.path + "[]", 0) == 0;
    EXPECT_TRUE(found) << leaf.path << " is missing from fit_report.csv";
  }
  // The overlay loads from where it is and runs.
  const Result run = run_salesim({"run", (out / "fitted.txtpb").string(), "-n", "4", "--out", (dir / "run").string(), "--quiet"});
  EXPECT_EQ(run.rc, 0) << run.err;
  // Rerun: byte-identical files.
  const fs::path again = dir / "again";
  ASSERT_EQ(run_salesim(fit_args(again)).rc, 0);
  for (const char* f : {"fitted.txtpb", "fit_report.md", "fit_report.csv", "data_problems.txt"})
    EXPECT_EQ(read_file(out / f), read_file(again / f)) << f;
  // A second fit into the same directory needs --force.
  const Result twice = run_salesim(fit_args(out));
  EXPECT_EQ(twice.rc, 1);
  EXPECT_NE(twice.err.find("already holds a fit (fitted.txtpb); use --force"), std::string::npos) << twice.err;
  fs::remove_all(dir);
}

TEST(Fit, TheSimulatedMomentsStepFitsTheLatentParametersWithinItsBudget) {
  const fs::path dir = scratch_dir("fit_msm");
  auto args = fit_args(dir / "fit");
  args.pop_back();  // --no-simulation
  args.insert(args.end(), {"--budget", "120"});
  const Result r = run_salesim(args);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("fit: evaluation 1/"), std::string::npos) << r.err;  // progress on stderr
  EXPECT_NE(r.out.find("with the simulated-moments step"), std::string::npos) << r.out;
  const std::string overlay = read_file(dir / "fit" / "fitted.txtpb");
  for (const char* field : {"  win_base_utility: ", "  no_decision_utility: ", "    projects_per_account_per_year: "})
    EXPECT_NE(overlay.find(field), std::string::npos) << field;
  EXPECT_NE(overlay.find("method: method of simulated moments (NLopt BOBYQA, common random numbers"), std::string::npos);
  const std::string md = read_file(dir / "fit" / "fit_report.md");
  EXPECT_NE(md.find("| win_rate | "), std::string::npos);
  EXPECT_NE(md.find("| opportunities_per_am_quarter | "), std::string::npos);
  // The replications used stay within --budget.
  const auto at = md.find(" in all, the same replication keys");
  ASSERT_NE(at, std::string::npos);
  const auto open = md.rfind('(', at);
  EXPECT_LE(std::stoi(md.substr(open + 1, at - open - 1)), 120);
  // Deterministic (common random numbers, a derivative-free optimiser): a rerun gives the same bytes.
  auto again = fit_args(dir / "again");
  again.pop_back();
  again.insert(again.end(), {"--budget", "120", "--quiet"});
  ASSERT_EQ(run_salesim(again).rc, 0);
  EXPECT_EQ(read_file(dir / "fit" / "fitted.txtpb"), read_file(dir / "again" / "fitted.txtpb"));
  EXPECT_EQ(md, read_file(dir / "again" / "fit_report.md"));
  const Result run = run_salesim({"run", (dir / "fit" / "fitted.txtpb").string(), "-n", "4", "--out", (dir / "run").string(), "--quiet"});
  EXPECT_EQ(run.rc, 0) << run.err;
  fs::remove_all(dir);
}

TEST(Fit, StrictStopsAtRowErrorsAndWritesNothing) {
  const fs::path dir = scratch_dir("fit_strict");
  auto args = fit_args(dir / "fit");
  args.push_back("--strict");
  const Result r = run_salesim(args);
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("opportunities.csv:88: Close Date: blank, but stage 'Closed Won' closes the deal"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(--strict: nothing written)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "fit" / "fitted.txtpb"));
  fs::remove_all(dir);
}

TEST(Fit, OverridesArePinnedAndReported) {
  const fs::path dir = scratch_dir("fit_set");
  auto args = fit_args(dir / "fit");
  args.insert(args.end(), {"--set", "deals.slip_mean_days=20", "--set", "market.segments[large].accounts=1500"});
  const Result r = run_salesim(args);
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string overlay = read_file(dir / "fit" / "fitted.txtpb");
  EXPECT_NE(overlay.find("  # overridden by --set\n  slip_mean_days: 20\n"), std::string::npos) << overlay;
  EXPECT_NE(overlay.find("    # overridden by --set\n    accounts: 1500\n"), std::string::npos) << overlay;
  EXPECT_EQ(overlay.find("slip_mean_days: 2"), overlay.find("slip_mean_days: 20"));  // the fitted value is not written too
  const std::string csv = read_file(dir / "fit" / "fit_report.csv");
  EXPECT_NE(csv.find("deals.slip_mean_days,overridden,20,"), std::string::npos) << csv;
  // A bad path is refused as --set is everywhere.
  auto bad = fit_args(dir / "bad");
  bad.insert(bad.end(), {"--set", "deals.no_such_field=1"});
  const Result b = run_salesim(bad);
  EXPECT_EQ(b.rc, 1);
  EXPECT_NE(b.err.find("deals.no_such_field"), std::string::npos) << b.err;
  fs::remove_all(dir);
}

TEST(Fit, MappingErrorsPointIntoTheMappingFile) {
  const fs::path dir = scratch_dir("fit_mapping");
  {
    std::ofstream m(dir / "m.txtpb");
    m << "name: \"broken\"\nopportunities { file: \"opportunities.csv\" id: \"id\" owner: \"owner\" stage: \"stage\" created: \"created\" }\n"
         "stages { name: \"Won\" outcome: OUTCOME_WON }\nthousands_separator: \"#\"\n";
  }
  auto args = fit_args(dir / "fit");
  args[3] = (dir / "m.txtpb").string();
  const Result r = run_salesim(args);
  EXPECT_EQ(r.rc, 1);
  EXPECT_EQ(r.err, (dir / "m.txtpb").string() + ":4:1: thousands_separator: '#': expected \"\", \",\", \".\", \" \" or \"'\"\n");
  fs::remove_all(dir);
}

TEST(Fit, UsageErrors) {
  const Result r = run_salesim({"fit", "x"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("--mapping FILE is required"), std::string::npos) << r.err;
  const Result h = run_salesim({"fit", "--help"});
  EXPECT_EQ(h.rc, 0);
  EXPECT_NE(h.out.find("salesim fit EXPORT_DIR --mapping FILE --base SCENARIO --out DIR"), std::string::npos);
}

TEST(Fit, AFailedWriteLeavesNothingHalfWritten) {
  const fs::path dir = scratch_dir("fit_fault");
  // Fail each checked file operation in turn: either the fit is published whole or not at all.
  bool saw_failure = false, saw_success = false;
  for (int op = 1; op <= 40 && !saw_success; ++op) {
    const fs::path out = dir / ("fit" + std::to_string(op));
    ::setenv("SALESIM_FAULT_AFTER_OPS", std::to_string(op).c_str(), 1);
    const Result r = run_salesim(fit_args(out));
    ::unsetenv("SALESIM_FAULT_AFTER_OPS");
    if (r.rc == 0) {
      saw_success = true;
      continue;
    }
    saw_failure = true;
    EXPECT_EQ(r.rc, 1) << r.err;
    const bool any = fs::exists(out / "fitted.txtpb") || fs::exists(out / "fit_report.md") || fs::exists(out / "fit_report.csv");
    EXPECT_FALSE(any) << "op " << op << ": a partial fit was published";
  }
  EXPECT_TRUE(saw_failure);
  EXPECT_TRUE(saw_success);
  fs::remove_all(dir);
}


// A small export written here: `rows` after the header, the mapping with the period 2026.
fs::path small_export(const fs::path& dir, const std::string& rows) {
  fs::create_directories(dir);
  std::ofstream(dir / "mapping.txtpb")
      << "opportunities { file: \"opportunities.csv\" id: \"id\" owner: \"owner\" account: \"account\" segment: \"segment\"\n"
         "                stage: \"stage\" created: \"created\" close_date: \"close\" amount: \"amount\" }\n"
         "stages { name: \"Open\" outcome: OUTCOME_OPEN }\nstages { name: \"Won\" outcome: OUTCOME_WON }\n"
         "stages { name: \"Lost\" outcome: OUTCOME_LOST }\ndefault_deal_type: BASIC_MODULE\n"
         "period_start: \"2026-01-01\"\nperiod_end: \"2027-01-01\"\n";
  std::ofstream(dir / "opportunities.csv") << "id,owner,account,segment,stage,created,close,amount\n" << rows;
  return dir;
}

std::vector<std::string> small_fit_args(const fs::path& exp, const fs::path& out) {
  return {"fit", exp.string(), "--mapping", (exp / "mapping.txtpb").string(), "--base", scenario("golden_triangle.txtpb"),
          "--out", out.string(), "--no-simulation"};
}

// No opportunity left to fit (header only; every row bad): exit 1, the row problems first, nothing written.
TEST(Fit, NoOpportunitiesToFitWritesNothing) {
  const fs::path dir = scratch_dir("fit_none");
  struct Case {
    std::string rows, err;
  };
  const fs::path e = dir / "e";
  const std::string o = (e / "opportunities.csv").string();
  const Case cases[] = {
      {"", o + ": (file): no opportunities to fit: the file has a header and no rows\nsalesim fit: 1 data problem; nothing written\n"},
      {"D1,P1,A,large,Won,2026-02-01,,5\nD2,P1,A,large,Open,2026-02-01,,0x10\n",
       o + ":2: close: blank, but stage 'Won' closes the deal\n" + o +
           ":3: amount: '0x10' is not an amount (expected digits with an optional decimal part after '.', as in 1234567.89; no "
           "exponent)\n" +
           o + ": (file): no opportunities to fit: every row was skipped (2 row errors)\nsalesim fit: 3 data problems; nothing written\n"},
      {"D1,P1,A,large,Open,2029-02-01,,5\n",
       o + ":2: created: 2029-02-01 is after the period end 2027-01-01: the deal is outside the export's period\n" +
           o + ": (file): no opportunities to fit: every row was skipped (1 row error)\nsalesim fit: 2 data problems; nothing written\n"},
  };
  for (const Case& c : cases) {
    fs::remove_all(e);
    small_export(e, c.rows);
    const Result r = run_salesim(small_fit_args(e, dir / "out"));
    EXPECT_EQ(r.rc, 1) << c.rows;
    EXPECT_EQ(r.err, c.err) << c.rows;
    EXPECT_FALSE(fs::exists(dir / "out")) << c.rows;
  }
  fs::remove_all(dir);
}

// An estimate outside its field's schema range is not written: the base's value stays, a note and
// the report say which rule it breaks. Amounts 1e3 and 1e9 in turn: a lognormal cv of about 2e10
// (the schema takes [0, 100]).
TEST(Fit, AnEstimateOutsideTheSchemaIsNotWritten) {
  const fs::path dir = scratch_dir("fit_range");
  std::string rows;
  for (int i = 0; i < 8; ++i)
    rows += "D" + std::to_string(i) + ",P1,A" + std::to_string(i) + ",large,Won,2026-0" + std::to_string(1 + i % 9) + "-02,2026-11-0" +
            std::to_string(1 + i % 9) + "," + (i % 2 ? "1000000000" : "1000") + "\n";
  const fs::path e = small_export(dir / "e", rows);
  const Result r = run_salesim(small_fit_args(e, dir / "out"));
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string field = "market.segments[large].basic_module_size_cny.lognormal.cv";
  const auto at = r.err.find("salesim fit: note: " + field + ": not written: the estimate ");
  ASSERT_NE(at, std::string::npos) << r.err;
  const std::string note = r.err.substr(at, r.err.find('\n', at) - at);
  EXPECT_NE(note.find(" is outside what the schema allows (" + field + ": lognormal needs cv in [0, 100], got "), std::string::npos) << note;
  EXPECT_NE(note.find("); the base's value is kept"), std::string::npos) << note;
  const std::string overlay = read_file(dir / "out" / "fitted.txtpb");
  // The mean, exp(mu + sigma^2 / 2) of about 7e14, is above the schema's 1e12: not written either.
  EXPECT_EQ(overlay.find("basic_module_size_cny"), std::string::npos) << overlay;
  EXPECT_NE(r.err.find("salesim fit: note: market.segments[large].basic_module_size_cny.lognormal.mean: not written: the estimate "),
            std::string::npos) << r.err;
  const std::string csv = read_file(dir / "out" / "fit_report.csv");
  EXPECT_NE(csv.find(field + ",defaulted,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("market.segments[large].basic_module_size_cny.lognormal.mean,defaulted,"), std::string::npos) << csv;
  // It runs.
  const Result run = run_salesim({"validate", (dir / "out" / "fitted.txtpb").string()});
  EXPECT_EQ(run.rc, 0) << run.err;
  fs::remove_all(dir);
}

// --set values are checked as `salesim run --set` checks them; the data problems come first.
TEST(Fit, SetValuesAreValidatedAsRunDoes) {
  const fs::path dir = scratch_dir("fit_set_range");
  const fs::path e = small_export(dir / "e", "D1,P1,A,large,Open,2026-02-01,,5\nD1,P1,A,large,Open,2026-02-01,,5\n");
  for (const char* set : {"deals.slip_mean_days=-5", "market.segments[large].accounts=-1", "deals.win_base_utility=99"}) {
    auto args = small_fit_args(e, dir / "out");
    args.insert(args.end(), {"--set", set});
    const Result fit = run_salesim(args);
    const Result run = run_salesim({"run", scenario("golden_triangle.txtpb"), "--set", set, "-n", "1", "--out", (dir / "run").string()});
    EXPECT_EQ(fit.rc, 1) << set;
    EXPECT_NE(run.rc, 0) << set;
    const std::string dup = (e / "opportunities.csv").string() + ":3: id: 'D1' repeats the opportunity of line 2\n";
    ASSERT_EQ(fit.err.substr(0, dup.size()), dup) << fit.err;
    EXPECT_EQ(fit.err.substr(dup.size()), run.err) << set;
    EXPECT_EQ(run.err.rfind("--set: ", 0), 0u) << run.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
  }
  fs::remove_all(dir);
}

// --budget: the option's range is the real one (exit 2 below it), not a later "too small".
TEST(Fit, BudgetRangeIsTheRealOne) {
  const fs::path dir = scratch_dir("fit_budget");
  auto args = fit_args(dir / "out");
  args.pop_back();  // simulate
  args.insert(args.end(), {"--budget", "11"});
  const Result r = run_salesim(args);
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_NE(r.err.find("--budget: '11' is out of range: must be in [12, 10000000]"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
