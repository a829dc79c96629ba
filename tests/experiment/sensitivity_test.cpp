// Sensitivity analysis (sensitivity.h) against closed forms: the Ishigami function and the Sobol'
// g-function have known first-order and total indices; the estimators, run through the same
// run_sensitivity path as `salesim sensitivity` (a test model instead of the sales model), must
// cover them with their bootstrap 95% intervals, and those intervals must be narrow enough to
// mean something. A test checks m intervals at once, so each is at the Bonferroni level 1 - 0.05/m
// (all m cover with probability >= 95%; at 95% each, 18 intervals would all cover only 40% of
// the time). Morris must rank the g-function's factors in the order of their importance.
#include "sim/experiment/sensitivity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "sim/kernel/random.h"

namespace salesim::experiment {
namespace {

constexpr double kPi = std::numbers::pi;

std::vector<model::KpiDefinition> catalog_y() {
  model::KpiDefinition y;
  y.name = "y";
  y.unit = "utility";
  y.description = "test function";
  return {y};
}

double ishigami(const std::vector<double>& x, double a = 7, double b = 0.1) {
  return std::sin(x[0]) + a * std::sin(x[1]) * std::sin(x[1]) + b * std::pow(x[2], 4) * std::sin(x[0]);
}

double g_function(const std::vector<double>& x, const std::vector<double>& a) {
  double g = 1;
  for (std::size_t i = 0; i < a.size(); ++i) g *= (std::abs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
  return g;
}

// A test model: y = f(x) plus noise that depends only on the replication (the same market at
// every design point under common random numbers).
std::function<ReplicationFn(const std::vector<double>&)> model_of(std::function<double(const std::vector<double>&)> f,
                                                                  double noise) {
  return [f, noise](const std::vector<double>& x) -> ReplicationFn {
    const double fx = f(x);
    return [fx, noise](const model::ReplicationKey& k) {
      kernel::Rng rng(kernel::StreamKey{.seed = k.seed, .purpose = 7, .replication = k.replication, .entity = k.design_point});
      model::ReplicationOutput o;
      o.kpis = {fx + noise * (rng.uniform01() - 0.5)};
      return o;
    };
  };
}

RunOptions quiet(unsigned threads = 2) {
  RunOptions o;
  o.threads = threads;
  return o;
}

const v1::SensitivityIndex& find(const v1::Results& r, std::size_t factor, const std::string& index) {
  int seen = -1;
  for (const auto& x : r.sensitivity()) {
    if (x.index() != index) continue;
    if (++seen == static_cast<int>(factor)) return x;
  }
  throw std::out_of_range("no index " + index);
}

void expect_covers(const v1::SensitivityIndex& x, double truth, double max_half_width) {
  EXPECT_LE(x.ci_low(), truth) << x.parameter() << ' ' << x.index() << " estimate " << x.estimate();
  EXPECT_GE(x.ci_high(), truth) << x.parameter() << ' ' << x.index() << " estimate " << x.estimate();
  EXPECT_LT((x.ci_high() - x.ci_low()) / 2, max_half_width) << x.parameter() << ' ' << x.index();
}

TEST(Sobol, TheIshigamiIndicesAreInsideTheBootstrapIntervals) {
  const double a = 7, b = 0.1, pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  // The published values (Ishigami and Homma 1990; Saltelli et al. 2008, Global Sensitivity Analysis: The Primer).
  EXPECT_NEAR(v1 / v, 0.3139, 1e-4);
  EXPECT_NEAR(v2 / v, 0.4424, 1e-4);
  EXPECT_NEAR((v1 + v13) / v, 0.5576, 1e-4);
  EXPECT_NEAR(v13 / v, 0.2437, 1e-4);
  SensitivitySettings s;
  s.base_samples = 8192;
  s.bootstrap = 4000;
  s.confidence = 1 - 0.05 / 6;
  const std::vector<Factor> f = {{"x1", -kPi, kPi}, {"x2", -kPi, kPi}, {"x3", -kPi, kPi}};
  const SensitivityDesign d = make_sensitivity_design(f, s, 42);
  ASSERT_EQ(d.points.size(), 8192u * 5);
  const v1::Results r = run_sensitivity(d, catalog_y(), {"y"}, model_of([](auto& x) { return ishigami(x); }, 0), 42, 1, quiet());
  ASSERT_EQ(r.sensitivity_size(), 6);
  expect_covers(find(r, 0, "S1"), v1 / v, 0.05);
  expect_covers(find(r, 1, "S1"), v2 / v, 0.05);
  expect_covers(find(r, 2, "S1"), 0.0, 0.05);
  expect_covers(find(r, 0, "ST"), (v1 + v13) / v, 0.05);
  expect_covers(find(r, 1, "ST"), v2 / v, 0.05);
  expect_covers(find(r, 2, "ST"), v13 / v, 0.05);
}

TEST(Sobol, TheGFunctionIndicesAreInsideTheBootstrapIntervals) {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
  std::vector<double> vi(a.size());
  double prod = 1;
  for (std::size_t i = 0; i < a.size(); ++i) prod *= 1 + (vi[i] = 1.0 / (3 * (1 + a[i]) * (1 + a[i])));
  const double v = prod - 1;
  SensitivitySettings s;
  s.base_samples = 8192;
  s.bootstrap = 4000;
  s.confidence = 1 - 0.05 / 12;
  std::vector<Factor> f;
  for (std::size_t i = 0; i < a.size(); ++i) f.push_back({"x" + std::to_string(i + 1), 0, 1});
  const SensitivityDesign d = make_sensitivity_design(f, s, 7);
  const v1::Results r = run_sensitivity(d, catalog_y(), {"y"}, model_of([a](auto& x) { return g_function(x, a); }, 0), 7, 1, quiet());
  for (std::size_t i = 0; i < a.size(); ++i) {
    expect_covers(find(r, i, "S1"), vi[i] / v, 0.05);
    expect_covers(find(r, i, "ST"), vi[i] * prod / (1 + vi[i]) / v, 0.05);
  }
}

TEST(Sobol, NoiseSharedByEveryPointUnderCommonRandomNumbersChangesNoIndex) {
  // Every point replays the markets of point 0, so the noise adds the same mean to every point.
  SensitivitySettings s;
  s.base_samples = 256;
  s.bootstrap = 200;
  const std::vector<Factor> f = {{"x1", -kPi, kPi}, {"x2", -kPi, kPi}, {"x3", -kPi, kPi}};
  const SensitivityDesign d = make_sensitivity_design(f, s, 3);
  const auto clean = run_sensitivity(d, catalog_y(), {"y"}, model_of([](auto& x) { return ishigami(x); }, 0), 3, 4, quiet());
  const auto noisy = run_sensitivity(d, catalog_y(), {"y"}, model_of([](auto& x) { return ishigami(x); }, 5), 3, 4, quiet());
  for (int i = 0; i < clean.sensitivity_size(); ++i)
    EXPECT_NEAR(clean.sensitivity(i).estimate(), noisy.sensitivity(i).estimate(), 1e-9) << i;
}

TEST(Sobol, ResultsAreTheSameForAnyThreadCount) {
  SensitivitySettings s;
  s.base_samples = 128;
  s.bootstrap = 200;
  const std::vector<Factor> f = {{"x1", -kPi, kPi}, {"x2", -kPi, kPi}, {"x3", -kPi, kPi}};
  const SensitivityDesign d = make_sensitivity_design(f, s, 3);
  const auto one = run_sensitivity(d, catalog_y(), {"y"}, model_of([](auto& x) { return ishigami(x); }, 1), 3, 3, quiet(1));
  const auto four = run_sensitivity(d, catalog_y(), {"y"}, model_of([](auto& x) { return ishigami(x); }, 1), 3, 3, quiet(4));
  EXPECT_EQ(one.SerializeAsString(), four.SerializeAsString());
  EXPECT_EQ(sensitivity_csv(one), sensitivity_csv(four));
}

TEST(Morris, RanksTheGFunctionFactorsInTheirKnownOrder) {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
  SensitivitySettings s;
  s.method = v1::Sensitivity::MORRIS;
  s.trajectories = 100;
  s.levels = 4;
  std::vector<Factor> f;
  for (std::size_t i = 0; i < a.size(); ++i) f.push_back({"x" + std::to_string(i + 1), 0, 1});
  const SensitivityDesign d = make_sensitivity_design(f, s, 11);
  ASSERT_EQ(d.points.size(), 100u * 7);
  // Each step of a trajectory changes exactly one factor by +-Delta = p / (2 (p - 1)).
  for (std::size_t t = 0; t < 100; ++t)
    for (std::size_t st = 0; st < 6; ++st) {
      const auto& x0 = d.unit[t * 7 + st];
      const auto& x1 = d.unit[t * 7 + st + 1];
      for (std::size_t i = 0; i < 6; ++i) {
        if (i == d.order[t][st]) EXPECT_NEAR(std::abs(x1[i] - x0[i]), 2.0 / 3.0, 1e-12);
        else EXPECT_EQ(x1[i], x0[i]);
        EXPECT_GE(x1[i], 0.0);
        EXPECT_LE(x1[i], 1.0 + 1e-12);
      }
    }
  const v1::Results r = run_sensitivity(d, catalog_y(), {"y"}, model_of([a](auto& x) { return g_function(x, a); }, 0), 11, 1, quiet());
  std::vector<double> mu_star;
  for (std::size_t i = 0; i < 6; ++i) mu_star.push_back(find(r, i, "mu_star").estimate());
  for (std::size_t i = 0; i + 2 < 6; ++i) EXPECT_GT(mu_star[i], mu_star[i + 1]) << i;  // x1 > x2 > x3 > x4 > x5, x6
  // The important factors are told apart from the unimportant ones by their intervals.
  EXPECT_GT(find(r, 0, "mu_star").ci_low(), find(r, 1, "mu_star").ci_high());
  EXPECT_GT(find(r, 3, "mu_star").ci_low(), find(r, 4, "mu_star").ci_high());
}

TEST(Morris, AnAdditiveLinearFunctionHasConstantEffects) {
  SensitivitySettings s;
  s.method = v1::Sensitivity::MORRIS;
  s.trajectories = 10;
  s.levels = 6;
  const std::vector<Factor> f = {{"x1", 0, 2}, {"x2", 10, 20}};
  const SensitivityDesign d = make_sensitivity_design(f, s, 5);
  auto lin = [](const std::vector<double>& x) { return 3 * x[0] - x[1]; };
  const v1::Results r = run_sensitivity(d, catalog_y(), {"y"}, model_of(lin, 0), 5, 1, quiet());
  // Per unit of the range: 3 * 2 and -1 * 10.
  EXPECT_NEAR(find(r, 0, "mu").estimate(), 6, 1e-9);
  EXPECT_NEAR(find(r, 0, "mu_star").estimate(), 6, 1e-9);
  EXPECT_NEAR(find(r, 1, "mu").estimate(), -10, 1e-9);
  EXPECT_NEAR(find(r, 1, "mu_star").estimate(), 10, 1e-9);
  EXPECT_NEAR(find(r, 1, "sigma").estimate(), 0, 1e-9);
}

TEST(SensitivityDesign, IsTheSameForTheSameSeedAndDiffersForAnother) {
  SensitivitySettings s;
  s.base_samples = 16;
  const std::vector<Factor> f = {{"x1", 0, 1}, {"x2", 0, 1}};
  EXPECT_EQ(make_sensitivity_design(f, s, 1).points, make_sensitivity_design(f, s, 1).points);
  EXPECT_NE(make_sensitivity_design(f, s, 1).points, make_sensitivity_design(f, s, 2).points);
}

TEST(SensitivityDesign, IntegerFactorsAreRounded) {
  SensitivitySettings s;
  s.base_samples = 64;
  const SensitivityDesign d = make_sensitivity_design({{"n", 2, 6, true}}, s, 1);
  for (const auto& p : d.points) EXPECT_EQ(p[0], std::round(p[0]));
}

void expect_error(const std::function<void()>& f, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "no error; expected one containing " << part;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(SensitivityInput, BadFactorsAndSettingsAreRefusedWithTheFieldPath) {
  v1::Sensitivity s;
  expect_error([&] { factors_of(s); }, "experiment.sensitivity.factors: needs at least one factor");
  auto* f = s.add_factors();
  f->set_path("team.cohorts[pm].count");
  f->set_low(5);
  f->set_high(2);
  expect_error([&] { factors_of(s); }, "experiment.sensitivity.factors[0]: the range is empty");
  f->set_high(5);
  expect_error([&] { factors_of(s); }, "experiment.sensitivity.factors[0]: the range is empty");
  f->set_high(8);
  *s.add_factors() = *f;
  expect_error([&] { factors_of(s); }, "experiment.sensitivity.factors[1].path: 'team.cohorts[pm].count' is listed twice");
  s.mutable_factors()->RemoveLast();
  s.add_factors()->set_high(1);
  expect_error([&] { factors_of(s); }, "experiment.sensitivity.factors[1].path: is empty");
  const std::vector<Factor> one = {{"x", 0, 1}};
  SensitivitySettings st;
  st.base_samples = 1;
  expect_error([&] { make_sensitivity_design(one, st, 1); }, "experiment.sensitivity.base_samples");
  st.base_samples = 400000;
  expect_error([&] { make_sensitivity_design(one, st, 1); }, "experiment.sensitivity.base_samples");
  st.method = v1::Sensitivity::MORRIS;
  st.levels = 5;
  expect_error([&] { make_sensitivity_design(one, st, 1); }, "experiment.sensitivity.levels");
  st.levels = 4;
  st.trajectories = 1;
  expect_error([&] { make_sensitivity_design(one, st, 1); }, "experiment.sensitivity.trajectories");
}

TEST(SensitivityCsv, IsTidyWithOneRowPerIndex) {
  SensitivitySettings s;
  s.base_samples = 32;
  s.bootstrap = 100;
  const SensitivityDesign d = make_sensitivity_design({{"x1", 0, 1}, {"x2", 0, 1}}, s, 1);
  const auto r = run_sensitivity(d, catalog_y(), {"y"}, model_of([](auto& x) { return x[0] + 2 * x[1]; }, 0), 1, 1, quiet());
  const std::string csv = sensitivity_csv(r);
  EXPECT_EQ(csv.rfind("kpi,parameter,method,index,estimate,ci_low,ci_high\n", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_NE(csv.find("y,x2,sobol,ST,"), std::string::npos);
  expect_error([&] { run_sensitivity(d, catalog_y(), {"nope"}, model_of([](auto& x) { return x[0]; }, 0), 1, 1, quiet()); },
               "unknown KPI 'nope'");
}

}  // namespace
}  // namespace salesim::experiment
