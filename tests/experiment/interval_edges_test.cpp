// Statistics at the edges, each as a class enumerated member by member: every KPI of the catalogue
// x replication counts {1, 2, 3, 10} x adversarial samples (all equal at a bound, all at one bound
// but one at the other, alternating extremes, undefined in all runs or all but one). The samples
// go through run_spec, so the bounds travel the real way: catalogue -> KpiInfo -> Aggregator.
//  - n < 2: SD and interval undefined (NaN in results.pb, empty + "n<2" in the CSVs), never 0.
//  - No interval of a mean, nor of a paired difference, leaves the range the quantity can take.
//  - A tie is half a win: identical plans give P(better) = 0.5 and P(tie) = 1.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/statistics.h"
#include "sim/experiment/writers.h"
#include "sim/model/model.h"

namespace salesim::experiment {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The adversarial samples. A bound that is infinite is stood in for by a large value.
enum class Sample { at_lower, at_upper, inside, lower_but_one, upper_but_one, alternating, undefined, undefined_but_one };
constexpr Sample kSamples[] = {Sample::at_lower,      Sample::at_upper,      Sample::inside,
                               Sample::lower_but_one, Sample::upper_but_one, Sample::alternating,
                               Sample::undefined,     Sample::undefined_but_one};
constexpr std::uint32_t kCounts[] = {1, 2, 3, 10};

const char* name_of(Sample s) {
  constexpr const char* names[] = {"at_lower",    "at_upper",  "inside",    "lower_but_one",
                                   "upper_but_one", "alternating", "undefined", "undefined_but_one"};
  return names[static_cast<int>(s)];
}

double value_of(Sample s, const model::KpiDefinition& k, std::uint32_t i) {
  const double lo = std::isfinite(k.lower) ? k.lower : -1e9, hi = std::isfinite(k.upper) ? k.upper : 1e9;
  switch (s) {
    case Sample::at_lower: return lo;
    case Sample::at_upper: return hi;
    case Sample::inside: return lo + 0.25 * (hi - lo);
    case Sample::lower_but_one: return i == 0 ? hi : lo;
    case Sample::upper_but_one: return i == 0 ? lo : hi;
    case Sample::alternating: return i % 2 ? hi : lo;
    case Sample::undefined: return kNaN;
    case Sample::undefined_but_one: return i == 0 ? lo + 0.5 * (hi - lo) : kNaN;
  }
  return kNaN;
}

// Replications of each KPI defined in a sample of size `n` (NaN values dropped).
std::uint64_t defined_count(Sample s, std::uint32_t n) {
  if (s == Sample::undefined) return 0;
  if (s == Sample::undefined_but_one) return 1;
  return n;
}

// A compare of two plans over the whole KPI catalogue: the base gives `base`, the plan `plan`.
v1::Results run_samples(Sample base, Sample plan, std::uint32_t n) {
  ExperimentSpec spec;
  spec.kind = v1::Results::COMPARE;
  spec.seed = 3;
  spec.replications = n;
  spec.kpis = model::kpi_catalog();
  spec.target_kpi = 0;
  for (Sample s : {base, plan}) {
    PlanSpec p;
    p.name = name_of(s) + std::string(s == base && base == plan && !spec.plans.empty() ? "-2" : "");
    p.seed = spec.seed;
    p.points.push_back({{}, [s](const model::ReplicationKey& key) {
                          model::ReplicationOutput out;
                          for (const auto& k : model::kpi_catalog()) out.kpis.push_back(value_of(s, k, key.replication));
                          return out;
                        }});
    spec.plans.push_back(std::move(p));
  }
  RunOptions opt;
  opt.threads = 1;
  return run_spec(spec, opt);
}

TEST(IntervalEdges, EveryKpiDeclaresItsBoundsInTheCatalogueAndTheResultsCarryThem) {
  const v1::Results r = run_samples(Sample::inside, Sample::inside, 2);
  const auto& catalogue = model::kpi_catalog();
  ASSERT_EQ(r.kpis_size(), static_cast<int>(catalogue.size()));
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    const auto& k = catalogue[i];
    const v1::KpiInfo& info = r.kpis(static_cast<int>(i));
    // Contribution and the ratios made of it can be negative; everything else is at least 0.
    const bool signed_kpi = k.name == "contribution" || k.name == "contribution_per_head" || k.name == "roi";
    EXPECT_EQ(k.lower, signed_kpi ? -std::numeric_limits<double>::infinity() : 0.0) << k.name;
    EXPECT_EQ(k.upper, k.proportion ? 1.0 : std::numeric_limits<double>::infinity()) << k.name;
    ASSERT_EQ(info.has_lower_bound(), !signed_kpi) << k.name;
    if (info.has_lower_bound()) EXPECT_EQ(info.lower_bound(), k.lower) << k.name;
    EXPECT_EQ(info.has_upper_bound(), k.proportion) << k.name;
    if (info.has_upper_bound()) {
      EXPECT_EQ(info.upper_bound(), k.upper) << k.name;
    }
    const Bounds b = bounds_of(info);
    EXPECT_EQ(b.low, k.lower);
    EXPECT_EQ(b.high, k.upper);
  }
}

TEST(IntervalEdges, NoSummaryOfAnyKpiReportsAZeroSpreadItDoesNotHaveOrLeavesItsBounds) {
  const auto& catalogue = model::kpi_catalog();
  int checked = 0;
  for (Sample s : kSamples)
    for (std::uint32_t n : kCounts) {
      const v1::Results r = run_samples(s, s, n);
      const auto& dp = r.plans(0).points(0);
      ASSERT_EQ(dp.summaries_size(), static_cast<int>(catalogue.size()));
      for (int i = 0; i < dp.summaries_size(); ++i) {
        const v1::KpiSummary& m = dp.summaries(i);
        const Bounds b = bounds_of(r.kpis(i));
        const std::string where = m.kpi() + " " + name_of(s) + " n=" + std::to_string(n);
        const std::uint64_t defined = defined_count(s, n);
        ASSERT_EQ(m.n(), defined) << where;
        if (defined == 0) {
          for (double v : {m.mean(), m.p10(), m.p25(), m.p50(), m.p75(), m.p90()}) EXPECT_TRUE(std::isnan(v)) << where;
        } else {
          EXPECT_TRUE(std::isfinite(m.mean())) << where;
          EXPECT_GE(m.mean(), b.low) << where;
          EXPECT_LE(m.mean(), b.high) << where;
        }
        if (defined < 2) {
          EXPECT_TRUE(std::isnan(m.sd())) << where;
          EXPECT_TRUE(std::isnan(m.ci_low())) << where;
          EXPECT_TRUE(std::isnan(m.ci_high())) << where;
          EXPECT_FALSE(m.ci_clipped()) << where;
        } else {
          EXPECT_GE(m.sd(), 0.0) << where;
          EXPECT_GE(m.ci_low(), b.low) << where;
          EXPECT_LE(m.ci_high(), b.high) << where;
          EXPECT_LE(m.ci_low(), m.mean()) << where;
          EXPECT_GE(m.ci_high(), m.mean()) << where;
          // Cut exactly when the plain t-interval reached past a bound.
          const double half = t_critical_95(m.n() - 1) * m.sd() / std::sqrt(static_cast<double>(m.n()));
          EXPECT_EQ(m.ci_clipped(), m.mean() - half < b.low || m.mean() + half > b.high) << where;
        }
        ++checked;
      }
    }
  EXPECT_EQ(checked, static_cast<int>(std::size(kSamples) * std::size(kCounts) * catalogue.size()));
}

TEST(IntervalEdges, NoPairedDifferenceOfAnyKpiLeavesTheRangeOfADifference) {
  for (Sample base : kSamples)
    for (Sample plan : kSamples)
      for (std::uint32_t n : {1u, 2u, 10u}) {
        const v1::Results r = run_samples(base, plan, n);
        ASSERT_EQ(r.comparisons_size(), 1);
        for (int i = 0; i < r.comparisons(0).deltas_size(); ++i) {
          const v1::KpiDelta& d = r.comparisons(0).deltas(i);
          const Bounds b = difference_bounds(bounds_of(r.kpis(i)));
          const std::string where = d.kpi() + " " + name_of(base) + " vs " + name_of(plan) + " n=" + std::to_string(n);
          const std::uint64_t pairs = std::min(defined_count(base, n), defined_count(plan, n));
          ASSERT_EQ(d.n(), pairs) << where;
          if (pairs < 2) {
            EXPECT_TRUE(std::isnan(d.delta_ci_low())) << where;
            EXPECT_TRUE(std::isnan(d.delta_ci_high())) << where;
          } else {
            EXPECT_GE(d.delta_ci_low(), b.low) << where;
            EXPECT_LE(d.delta_ci_high(), b.high) << where;
            EXPECT_LE(d.delta_ci_low(), d.delta_mean()) << where;
            EXPECT_GE(d.delta_ci_high(), d.delta_mean()) << where;
          }
          if (pairs == 0) {
            EXPECT_TRUE(std::isnan(d.p_better())) << where;
            EXPECT_TRUE(std::isnan(d.delta_mean())) << where;
          } else {
            EXPECT_GE(d.p_better(), 0.0) << where;
            EXPECT_LE(d.p_better(), 1.0) << where;
            EXPECT_GE(d.p_better(), d.p_better_low()) << where;
            EXPECT_LE(d.p_better(), d.p_better_high()) << where;
          }
        }
      }
}

TEST(IntervalEdges, IdenticalPlansTieEveryKpiAtEvenOdds) {
  for (Sample s : kSamples)
    for (std::uint32_t n : kCounts) {
      const v1::Results r = run_samples(s, s, n);
      for (const auto& d : r.comparisons(0).deltas()) {
        const std::string where = d.kpi() + " " + name_of(s) + " n=" + std::to_string(n);
        if (d.n() == 0) continue;  // undefined in every run: nothing to compare (NaN, checked above)
        EXPECT_EQ(d.p_better(), 0.5) << where;
        EXPECT_EQ(d.p_tie(), 1.0) << where;
        EXPECT_EQ(d.delta_mean(), 0.0) << where;
        EXPECT_LT(d.p_better_low(), 0.5) << where;
        EXPECT_GT(d.p_better_high(), 0.5) << where;
      }
    }
}

TEST(IntervalEdges, TiesCountHalfAWinWhicheverWayIsBetter) {
  const std::vector<double> base = {1, 2, 3, 4}, plan = {2, 2, 5, 3};  // win, tie, win, loss
  const PairedSummary up = paired(base, plan, true);
  EXPECT_DOUBLE_EQ(up.p_better, 2.5 / 4);
  EXPECT_DOUBLE_EQ(up.p_tie, 0.25);
  const PairedSummary down = paired(base, plan, false);
  EXPECT_DOUBLE_EQ(down.p_better, 1.5 / 4);
  EXPECT_DOUBLE_EQ(up.p_better + down.p_better, 1.0);  // the two directions are complements
}

// summary.csv and comparison.csv rows by header name.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> f;
    std::stringstream ss(l);
    std::string x;
    while (std::getline(ss, x, ',')) f.push_back(x);
    if (!l.empty() && l.back() == ',') f.emplace_back();
    return f;
  };
  std::getline(in, line);
  header = split(line);
  while (std::getline(in, line)) {
    const auto f = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = i < f.size() ? f[i] : "";
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(IntervalEdges, TheCsvFilesLeaveUndefinedCellsEmptyAndSayWhy) {
  const fs::path dir = fs::temp_directory_path() / ("salesim_interval_edges_" + std::to_string(::getpid()));
  const auto& catalogue = model::kpi_catalog();
  for (Sample s : kSamples)
    for (std::uint32_t n : kCounts) {
      fs::remove_all(dir);
      fs::create_directories(dir);
      v1::Results results = run_samples(Sample::lower_but_one, s, n);
      write_outputs(dir.string(), results);
      const auto summary = read_csv(dir / "summary.csv");
      ASSERT_EQ(summary.size(), 2 * catalogue.size());
      for (const auto& row : summary) {
        const std::string where = row.at("plan") + " " + row.at("kpi") + " n=" + std::to_string(n);
        const int k = model::kpi_index(row.at("kpi"));
        ASSERT_GE(k, 0) << where;
        for (const auto& [col, v] : row) EXPECT_EQ(v.find("nan"), std::string::npos) << where << " " << col;
        if (std::stoull(row.at("n")) < 2) {
          EXPECT_EQ(row.at("sd"), "") << where;
          EXPECT_EQ(row.at("ci_low"), "") << where;
          EXPECT_EQ(row.at("ci_high"), "") << where;
          EXPECT_EQ(row.at("note"), "n<2") << where;
        } else {
          EXPECT_GE(std::stod(row.at("ci_low")), catalogue[static_cast<std::size_t>(k)].lower) << where;
          EXPECT_LE(std::stod(row.at("ci_high")), catalogue[static_cast<std::size_t>(k)].upper) << where;
          EXPECT_TRUE(row.at("note") == "" || row.at("note") == "clipped") << where;
        }
      }
      const auto comparison = read_csv(dir / "comparison.csv");
      ASSERT_EQ(comparison.size(), catalogue.size());
      for (const auto& row : comparison) {
        const std::string where = row.at("kpi") + " n=" + std::to_string(n);
        for (const auto& [col, v] : row) EXPECT_EQ(v.find("nan"), std::string::npos) << where << " " << col;
        if (std::stoull(row.at("n")) < 2) {
          EXPECT_EQ(row.at("delta_ci_low"), "") << where;
          EXPECT_EQ(row.at("delta_ci_high"), "") << where;
          EXPECT_EQ(row.at("note"), "n<2") << where;
        }
      }
    }
  fs::remove_all(dir);
}

std::string scenario_path(const std::string& name) {
  const char* s = std::getenv("SALESIM_SOURCE_DIR");
  return std::string(s ? s : ".") + "/scenarios/" + name;
}

TEST(IntervalEdges, TheSalesModelKeepsEveryKpiWithinItsCatalogueBounds) {
  // The bounds are a claim about the model: check it on every shipped plain scenario.
  const auto& catalogue = model::kpi_catalog();
  int scenarios = 0;
  for (const auto& entry : fs::directory_iterator(scenario_path(""))) {
    if (entry.path().extension() != ".txtpb") continue;
    v1::Scenario sc = load_scenario_file(entry.path().string(), {"experiment.horizon_days=180"});
    sc.mutable_experiment()->clear_sweep();
    RunOptions opt;
    opt.replications = 4;
    opt.threads = 2;
    const v1::Results r = run_plans({sc}, {}, opt);
    for (const auto& rep : r.plans(0).points(0).replications())
      for (int k = 0; k < rep.kpis_size(); ++k) {
        const double v = rep.kpis(k);
        if (std::isnan(v)) continue;
        EXPECT_GE(v, catalogue[static_cast<std::size_t>(k)].lower) << entry.path() << " " << catalogue[static_cast<std::size_t>(k)].name;
        EXPECT_LE(v, catalogue[static_cast<std::size_t>(k)].upper) << entry.path() << " " << catalogue[static_cast<std::size_t>(k)].name;
      }
    ++scenarios;
  }
  EXPECT_GE(scenarios, 5);
}

}  // namespace
}  // namespace salesim::experiment
