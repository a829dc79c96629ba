// Direct fits: the statistics against known values, and round trips: synthetic exports with known
// parameters are written as CSV in the salesim layout, read back with the shipped preset and
// fitted; every recovered parameter's 95% interval must hold the true value in at least 90 of 100
// independent seeds. (If an interval's true coverage is 95%, failing that bound has probability
// P(Bin(100, 0.95) < 90) = 0.028; an interval covering only 85% passes it with probability 0.07.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "sim/calibration/crm_reader.h"
#include "sim/calibration/fit.h"
#include "sim/calibration/fit_output.h"
#include "sim/calibration/moments.h"
#include "sim/scenario/loader.h"
#include "tests/calibration/synthetic_export.h"

namespace salesim::calibration {
namespace {

namespace fs = std::filesystem;
using testing::Truth;

fs::path source_dir() {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  return root ? root : ".";
}

TEST(Statistics, ClopperPearsonKnownValues) {
  // R: binom.test(7, 20)$conf.int = 0.1539092 0.5921885
  const Interval ci = binomial_ci(7, 20);
  EXPECT_NEAR(ci.lo, 0.1539092, 1e-6);
  EXPECT_NEAR(ci.hi, 0.5921885, 1e-6);
  const Interval zero = binomial_ci(0, 10);
  EXPECT_EQ(zero.lo, 0);
  EXPECT_NEAR(zero.hi, 0.3084971, 1e-6);  // 1 - 0.025^(1/10)
}

TEST(Statistics, GarwoodPoissonKnownValues) {
  // R: poisson.test(10)$conf.int = 4.795389 18.390356
  const Interval ci = poisson_ci(10);
  EXPECT_NEAR(ci.lo, 4.795389, 1e-5);
  EXPECT_NEAR(ci.hi, 18.390356, 1e-5);
}

TEST(Statistics, LognormalMle) {
  const std::vector<double> x = {1, std::exp(1.0), std::exp(2.0), 0.0};
  const LognormalFit f = fit_lognormal(x);
  EXPECT_EQ(f.n, 3u);
  EXPECT_EQ(f.dropped, 1u);
  EXPECT_NEAR(f.mu, 1.0, 1e-12);
  EXPECT_NEAR(f.sigma, std::sqrt(2.0 / 3.0), 1e-12);  // divides by n
  EXPECT_NEAR(f.mean, std::exp(1 + 1.0 / 3.0), 1e-9);
  EXPECT_NEAR(f.cv, std::sqrt(std::expm1(2.0 / 3.0)), 1e-12);
  EXPECT_LT(f.mean_ci.lo, f.mean);
  EXPECT_GT(f.mean_ci.hi, f.mean);
}

TEST(Statistics, KaplanMeierWithCensoring) {
  // Times 1, 2+, 3, 4, 5+ (+: censored): S(1) = 4/5, S(3) = 4/5 * 2/3, S(4) = that * 1/2.
  const KaplanMeier km = kaplan_meier({{1, true}, {2, false}, {3, true}, {4, true}, {5, false}});
  ASSERT_EQ(km.time.size(), 3u);
  EXPECT_NEAR(km.survival[0], 0.8, 1e-12);
  EXPECT_NEAR(km.survival[1], 0.8 * 2 / 3, 1e-12);
  EXPECT_NEAR(km.survival[2], 0.8 * 2 / 3 / 2, 1e-12);
  EXPECT_EQ(km.quantile(0.5), 4);   // first time S <= 0.5
  EXPECT_EQ(km.quantile(0.25), 3);  // S(3) = 0.533 > 0.75? no: 0.533 <= 0.75
  EXPECT_TRUE(std::isnan(km.quantile(0.9)));
  // Greenwood: 1/(5*4) + 1/(3*2) + 1/(2*1)
  EXPECT_NEAR(km.greenwood[2], 1.0 / 20 + 1.0 / 6 + 1.0 / 2, 1e-12);
  EXPECT_EQ(km.events, 3u);
  EXPECT_EQ(km.censored, 2u);
}

struct Check {
  std::string quantity, group;
  double truth;
};

const Estimate* find(const FitResult& f, const std::string& quantity, const std::string& group) {
  for (const auto& e : f.estimates)
    if (e.quantity == quantity && e.group == group) return &e;
  return nullptr;
}

// golden_triangle with its segments named as the synthetic export's.
v1::Scenario enterprise_smb_base() {
  v1::Scenario base = scenario::load_scenario((source_dir() / "scenarios/golden_triangle.txtpb").string());
  base.mutable_market()->mutable_segments(0)->set_name("enterprise");
  base.mutable_market()->mutable_segments(1)->set_name("smb");
  base.mutable_market()->mutable_segments(1)->set_strategy(v1::GO_BIG);
  return base;
}

TEST(RoundTrip, TrueValuesInsideThe95PercentIntervalsInAtLeast90Of100Seeds) {
  const Truth t;
  const v1::Scenario base = enterprise_smb_base();
  v1::CrmMapping mapping = load_mapping((source_dir() / "scenarios/crm/salesim_mapping.txtpb").string());
  mapping.set_period_start("2026-01-01");  // the export's period, as a user states it in the mapping
  mapping.set_period_end("2027-01-01");
  // Expected opportunities of a segment: its rate per 365.25 days times the seasonality-weighted
  // days of 2026 (quarters of 90, 91, 92 and 92 days); the fit divides by 365 / 365.25 years.
  auto per_year = [&](const testing::SegmentTruth& s) {
    const double days[4] = {90, 91, 92, 92};
    double weighted = 0;
    for (int q = 0; q < 4; ++q) weighted += s.season[q] * days[q];
    return s.per_year * weighted / 365;
  };
  const double* season = t.segments[0].season;  // already of mean 1: the fitted multipliers' truth
  // The observed share of big projects among hunted deals is the true share: type is drawn
  // independently of everything else.
  const std::vector<Check> checks = {
      {"opportunities_per_year", "segment=enterprise", per_year(t.segments[0])},
      {"opportunities_per_year", "segment=smb", per_year(t.segments[1])},
      {"seasonality", "segment=enterprise quarter=Q1", season[0]},
      {"seasonality", "segment=enterprise quarter=Q2", season[1]},
      {"seasonality", "segment=enterprise quarter=Q3", season[2]},
      {"seasonality", "segment=enterprise quarter=Q4", season[3]},
      {"big_project_share", "segment=enterprise", t.big_share},
      {"size_mean_cny", "segment=enterprise type=basic_module", t.basic_mean},
      {"size_cv", "segment=enterprise type=basic_module", t.basic_cv},
      {"size_mean_cny", "segment=enterprise type=big_project", t.big_mean},
      {"size_cv", "segment=enterprise type=big_project", t.big_cv},
      {"size_mean_cny", "segment=smb type=expansion", t.expansion_mean},
      {"win_share", "all", t.p_won},
      {"no_decision_share", "all", 1 - t.p_won - t.p_lost},
      {"win_share", "type=big_project", t.p_won},
      {"cycle_days_median", "all", t.cycle_median_days},
      {"slip_mean_days", "all", t.slip_mean_days()},
      {"scope_kept", "all", (t.kept_lo + t.kept_hi) / 2},
      {"collision_share", "all", t.competitor_probability},
  };
  constexpr int kSeeds = 100, kMinCovered = 90;
  std::map<std::string, int> covered, present;
  const fs::path dir = fs::temp_directory_path() / ("salesim_crm_roundtrip_" + std::to_string(::getpid()));
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const CrmExport truth_export = testing::synthetic_export(t, static_cast<std::uint64_t>(seed));
    fs::remove_all(dir);
    testing::write_salesim_layout(truth_export, dir);
    std::vector<DataProblem> problems;
    const CrmExport e = read_export(dir.string(), mapping, {}, &problems);
    ASSERT_TRUE(problems.empty()) << problems.front().to_string();
    ASSERT_EQ(e.opportunities.size(), truth_export.opportunities.size());
    ASSERT_EQ(e.period_start_day, 0);
    ASSERT_EQ(e.period_end_day, 365);
    const FitResult f = fit_export(e, base);
    for (const auto& c : checks) {
      const std::string key = c.quantity + " " + c.group;
      const Estimate* x = find(f, c.quantity, c.group);
      if (x == nullptr) continue;
      ++present[key];
      if (x->ci.lo <= c.truth && c.truth <= x->ci.hi) ++covered[key];
    }
  }
  fs::remove_all(dir);
  for (const auto& c : checks) {
    const std::string key = c.quantity + " " + c.group;
    EXPECT_EQ(present[key], kSeeds) << key << ": not estimated in every seed";
    EXPECT_GE(covered[key], kMinCovered) << key << " (true " << c.truth << "): covered in " << covered[key] << " of " << kSeeds;
  }
}

TEST(RoundTrip, FittedFieldsNameScenarioPaths) {
  const FitResult f = fit_export(testing::synthetic_export(Truth{}, 7), enterprise_smb_base());
  std::map<std::string, const Estimate*> by_field;
  for (const auto& e : f.estimates)
    if (e.sets_field) by_field[e.field] = &e;
  for (const char* field : {"market.segments[enterprise].quarterly_seasonality[1]", "market.segments[enterprise].big_project_share",
                            "market.segments[enterprise].basic_module_size_cny.lognormal.mean", "deals.slip_mean_days",
                            "deals.shrink_scope_factor", "team.cohorts[am_veteran].count"})
    EXPECT_TRUE(by_field.count(field)) << field;
  // Targets are not written as fields.
  for (const auto& e : f.estimates)
    if (e.target) {
      EXPECT_FALSE(e.sets_field) << e.quantity;
    }
  // The team: 20 AMs and 5 PMs in tenure bands.
  std::uint32_t ams = 0, pms = 0;
  for (const auto& c : f.cohorts) (c.role == PersonRole::am ? ams : pms) += c.count;
  EXPECT_EQ(ams, 20u);
  EXPECT_EQ(pms, 5u);
}

TEST(RoundTrip, ASegmentTheBaseLacksIsReportedNotWritten) {
  // golden_triangle's segments are large and small; the export's enterprise and smb.
  const v1::Scenario base = scenario::load_scenario((source_dir() / "scenarios/golden_triangle.txtpb").string());
  const FitResult f = fit_export(testing::synthetic_export(Truth{}, 7), base);
  for (const auto& e : f.estimates)
    if (e.group.rfind("segment=", 0) == 0) {
      EXPECT_FALSE(e.sets_field) << e.quantity << " " << e.group;
    }
  EXPECT_TRUE(find(f, "size_mean_cny", "segment=enterprise type=basic_module") != nullptr);  // still reported
  ASSERT_EQ(f.notes.size(), 2u);
  EXPECT_EQ(f.notes[0], "segment 'enterprise' of the export is not a segment of the base: its estimates are reported, not written "
                        "(name the base's segments in the export, or add the segment to the base)");
}

TEST(Moments, CountsSharesAndExposure) {
  CrmExport e;
  e.period_start_day = 0;
  e.period_end_day = 182.5;  // two quarters
  e.roster = {{"a", PersonRole::am, "", "", kBlank, 0}, {"b", PersonRole::am, "", "", 91.25, 0}, {"c", PersonRole::pm, "", "", kBlank, 0}};
  auto opp = [](const char* id, Outcome o, double created, double closed) {
    Opportunity x;
    x.id = id;
    x.outcome = o;
    x.created_day = created;
    x.close_day = closed;
    return x;
  };
  e.opportunities = {opp("1", Outcome::won, 0, 10), opp("2", Outcome::lost, 5, 30), opp("3", Outcome::no_decision, 6, 40),
                     opp("4", Outcome::open, 100, kBlank), opp("5", Outcome::won, -20, 3)};
  const ExportMoments m = export_moments(e);
  EXPECT_EQ(m.opportunities, 4u);  // "5" was created before the period
  EXPECT_EQ(m.closed, 3u);
  EXPECT_DOUBLE_EQ(m.win_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(m.no_decision_share, 1.0 / 3);
  EXPECT_DOUBLE_EQ(m.am_quarters, 3);  // a: 2 quarters, b: 1 (hired at day 91.25)
  EXPECT_DOUBLE_EQ(m.opportunities_per_am_quarter, 4.0 / 3);
}


// A simulated-moments estimate the data do not pin down is not written: here the "simulator"
// returns the observed export whatever the scenario, so no moment moves with any parameter (a
// singular Jacobian, no standard errors): every latent parameter is not identified.
TEST(FitOutput, NonIdentifiedSimulatedMomentsEstimatesAreNotWritten) {
  const std::string dir = (source_dir() / "scenarios/crm_example").string();
  const v1::CrmMapping m = load_mapping(dir + "/mapping.txtpb");
  const CrmExport observed = read_export(dir, m, {}, nullptr);
  FitRequest rq;
  rq.export_dir = dir;
  rq.mapping_path = dir + "/mapping.txtpb";
  rq.base_path = (source_dir() / "scenarios/golden_triangle.txtpb").string();
  rq.out_dir = (fs::temp_directory_path() / "salesim_fit_not_identified").string();
  rq.budget = 24;
  rq.simulator = [&](const v1::Scenario&, std::uint64_t) { return observed; };
  const FitOutputs o = run_fit(rq);
  ASSERT_TRUE(o.simulated);
  ASSERT_FALSE(o.msm.parameters.empty());
  for (const auto& p : o.msm.parameters) {
    EXPECT_FALSE(p.identified) << p.field;
    const std::string note = p.field + ": not identified: the simulated-moments estimate ";
    bool found = false;
    for (const auto& n : o.notes) found |= n.rfind(note, 0) == 0 && n.find("has no standard error; not written, the base's value is kept") != std::string::npos;
    EXPECT_TRUE(found) << p.field;
    EXPECT_NE(o.report_csv.find(p.field + ",defaulted,"), std::string::npos) << p.field;
  }
  EXPECT_EQ(o.overlay.find("win_base_utility:"), std::string::npos) << o.overlay;
  EXPECT_EQ(o.overlay.find("projects_per_account_per_year:"), std::string::npos) << o.overlay;
}

// The report: a defaulted parameter shows the value used (the base's); emptied base cohorts and
// the base cohort a new one copies are listed; owners missing from the roster are said to be.
TEST(FitOutput, ReportShowsDefaultedValuesAndCohortSources) {
  const std::string dir = (source_dir() / "scenarios/crm_example").string();
  FitRequest rq;
  rq.export_dir = dir;
  rq.mapping_path = dir + "/mapping.txtpb";
  rq.base_path = (source_dir() / "scenarios/golden_triangle.txtpb").string();
  rq.out_dir = (fs::temp_directory_path() / "salesim_fit_report").string();
  const FitOutputs o = run_fit(rq);
  std::istringstream lines(o.report_csv);
  std::string line;
  std::size_t defaulted = 0;
  while (std::getline(lines, line))
    if (line.find(",defaulted,") != std::string::npos) {
      ++defaulted;
      EXPECT_EQ(line.find(",defaulted,,"), std::string::npos) << line;
    }
  EXPECT_GT(defaulted, 50u);
  EXPECT_NE(o.report_csv.find("deals.slip_base_probability,defaulted,"), std::string::npos);
  EXPECT_NE(o.report_csv.find("market.segments[].accounts,defaulted,large: "), std::string::npos) << o.report_csv;
  bool emptied = false, copied = false;
  for (const auto& n : o.notes) {
    emptied |= n.find(") is emptied (count 0): the export's people of this role replace it") != std::string::npos;
    copied |= n.find("is not in the base: its skills, hours and other fields the export cannot show are copied from the base's cohort \"") !=
              std::string::npos;
  }
  EXPECT_TRUE(emptied);
  EXPECT_TRUE(copied);
  EXPECT_NE(o.report_md.find("is emptied (count 0)"), std::string::npos);
  EXPECT_NE(o.report_csv.find("opportunity owners not in the roster (counted as AMs, no hire date)"), std::string::npos) << o.report_csv;
}

}  // namespace
}  // namespace salesim::calibration
