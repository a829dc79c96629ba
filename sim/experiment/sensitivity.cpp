// Morris and Sobol' sensitivity designs and estimators; see sensitivity.h.
#include "sim/experiment/sensitivity.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>

#include "sim/experiment/writers.h"
#include "sim/kernel/random.h"

namespace salesim::experiment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kDesignPurpose = 0x53454e535f444553ULL;     // "SENS_DES"
constexpr std::uint64_t kBootstrapPurpose = 0x53454e535f424f4fULL;  // "SENS_BOO"
constexpr std::size_t kMaxPoints = 1'000'000;                        // scenario::Limits::max_design_points

std::string num(double v) { return std::isnan(v) ? std::string() : format_number(v); }

// Quantile q of sorted finite values (linear interpolation, R type 7); NaN for none.
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Percentile interval of bootstrap replicates at `level` (NaN replicates left out).
std::pair<double, double> percentile_interval(std::vector<double> reps, double level) {
  reps.erase(std::remove_if(reps.begin(), reps.end(), [](double v) { return std::isnan(v); }), reps.end());
  std::sort(reps.begin(), reps.end());
  return {quantile(reps, (1 - level) / 2), quantile(reps, (1 + level) / 2)};
}

const char* method_name(v1::Sensitivity::Method m) { return m == v1::Sensitivity::MORRIS ? "morris" : "sobol"; }

// Sobol' S1 and ST of every factor from the rows `rows` (indices into 0..N-1) of output column `kpi`.
void sobol_estimates(const SensitivityDesign& d, const std::vector<std::vector<double>>& out, std::size_t kpi,
                     const std::vector<std::size_t>& rows, std::vector<double>& s1, std::vector<double>& st) {
  const std::size_t n = d.base_samples, k = d.factors.size();
  auto f = [&](std::size_t block, std::size_t j) { return out[block * n + j][kpi]; };  // block 0: A, 1: B, 2+i: AB_i
  double sum = 0, sum2 = 0;
  for (std::size_t j : rows) {
    const double a = f(0, j), b = f(1, j);
    sum += a + b;
    sum2 += a * a + b * b;
  }
  const double m = static_cast<double>(2 * rows.size());
  const double mean = sum / m;
  const double var = std::max(0.0, sum2 / m - mean * mean);
  s1.assign(k, kNaN);
  st.assign(k, kNaN);
  if (!(var > 0)) return;
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (std::size_t j : rows) {
      const double a = f(0, j), b = f(1, j), ab = f(2 + i, j);
      first += (b - mean) * (ab - a);  // Saltelli et al. 2010, Table 2 (b), on the centred output
      total += (a - ab) * (a - ab);    // Jansen 1999
    }
    s1[i] = first / static_cast<double>(rows.size()) / var;
    st[i] = total / (2.0 * static_cast<double>(rows.size())) / var;
  }
}

// Morris elementary effects ee[t][i] of trajectory t, factor i, for output column `kpi`.
std::vector<std::vector<double>> elementary_effects(const SensitivityDesign& d, const std::vector<std::vector<double>>& out,
                                                    std::size_t kpi) {
  const std::size_t k = d.factors.size();
  std::vector<std::vector<double>> ee(d.trajectories, std::vector<double>(k, kNaN));
  for (std::size_t t = 0; t < d.trajectories; ++t) {
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t p = t * (k + 1) + s;
      const std::size_t i = d.order[t][s];
      const double dx = d.unit[p + 1][i] - d.unit[p][i];  // +-Delta
      ee[t][i] = (out[p + 1][kpi] - out[p][kpi]) / dx;
    }
  }
  return ee;
}

// mu*, mu, sigma of factor i over trajectories `rows`.
std::array<double, 3> morris_moments(const std::vector<std::vector<double>>& ee, std::size_t i,
                                     const std::vector<std::size_t>& rows) {
  double sum = 0, abs_sum = 0;
  for (std::size_t t : rows) sum += ee[t][i], abs_sum += std::abs(ee[t][i]);
  const double r = static_cast<double>(rows.size());
  const double mu = sum / r;
  double ss = 0;
  for (std::size_t t : rows) ss += (ee[t][i] - mu) * (ee[t][i] - mu);
  return {abs_sum / r, mu, rows.size() > 1 ? std::sqrt(ss / (r - 1)) : kNaN};
}

}  // namespace

std::vector<Factor> factors_of(const v1::Sensitivity& s) {
  std::vector<Factor> out;
  std::set<std::string> seen;
  if (s.factors().empty()) throw std::runtime_error("experiment.sensitivity.factors: needs at least one factor");
  for (int i = 0; i < s.factors_size(); ++i) {
    const auto& f = s.factors(i);
    const std::string where = std::string("experiment.sensitivity.factors[").append(std::to_string(i)).append("]");
    if (f.path().empty()) throw std::runtime_error(where + ".path: is empty");
    if (!seen.insert(f.path()).second)
      throw std::runtime_error(where + ".path: '" + f.path() + "' is listed twice");
    if (!std::isfinite(f.low()) || !std::isfinite(f.high()))
      throw std::runtime_error(where + ": low and high must be finite");
    if (!(f.low() < f.high()))
      throw std::runtime_error(where + ": the range is empty: low " + format_number(f.low()) + " must be below high " +
                               format_number(f.high()));
    if (f.integer() && std::round(f.low()) == std::round(f.high()))
      throw std::runtime_error(where + ": an integer range with one value (" + format_number(std::round(f.low())) + ")");
    out.push_back({f.path(), f.low(), f.high(), f.integer()});
  }
  return out;
}

SensitivitySettings settings_of(const v1::Sensitivity& s) {
  SensitivitySettings o;
  o.method = s.method() == v1::Sensitivity::MORRIS ? v1::Sensitivity::MORRIS : v1::Sensitivity::SOBOL;
  if (s.base_samples()) o.base_samples = s.base_samples();
  if (s.trajectories()) o.trajectories = s.trajectories();
  if (s.levels()) o.levels = s.levels();
  if (s.bootstrap()) o.bootstrap = s.bootstrap();
  return o;
}

SensitivityDesign make_sensitivity_design(const std::vector<Factor>& factors, const SensitivitySettings& settings,
                                          std::uint64_t seed) {
  if (factors.empty()) throw std::runtime_error("experiment.sensitivity.factors: needs at least one factor");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    const std::string where = std::string("experiment.sensitivity.factors[").append(std::to_string(i)).append("]");
    if (!seen.insert(factors[i].path).second) throw std::runtime_error(where + ".path: '" + factors[i].path + "' is listed twice");
    if (!(factors[i].low < factors[i].high)) throw std::runtime_error(where + ": the range is empty: low must be below high");
  }
  if (settings.bootstrap < 100) throw std::runtime_error("experiment.sensitivity.bootstrap: at least 100 resamples");
  SensitivityDesign d;
  d.method = settings.method;
  d.factors = factors;
  d.bootstrap = settings.bootstrap;
  if (!(settings.confidence > 0 && settings.confidence < 1))
    throw std::invalid_argument("sensitivity: the confidence level must be in (0, 1)");
  d.confidence = settings.confidence;
  const std::size_t k = factors.size();
  if (settings.method == v1::Sensitivity::MORRIS) {
    const std::size_t r = settings.trajectories, p = settings.levels;
    if (r < 2) throw std::runtime_error("experiment.sensitivity.trajectories: Morris needs at least 2 trajectories (sigma)");
    if (p < 2 || p % 2 != 0) throw std::runtime_error("experiment.sensitivity.levels: Morris needs an even number of levels >= 2");
    if (r * (k + 1) > kMaxPoints)
      throw std::runtime_error("experiment.sensitivity.trajectories: r (k + 1) = " + std::to_string(r * (k + 1)) +
                               " design points; the limit is " + std::to_string(kMaxPoints));
    d.trajectories = static_cast<std::uint32_t>(r);
    d.levels = static_cast<std::uint32_t>(p);
    const double step = 1.0 / static_cast<double>(p - 1);
    const double delta = static_cast<double>(p) / (2.0 * static_cast<double>(p - 1));  // Morris 1991
    kernel::Rng rng(kernel::StreamKey{.seed = seed, .purpose = kDesignPurpose, .entity = 1});
    for (std::size_t t = 0; t < r; ++t) {
      std::vector<double> x(k);
      std::vector<double> dir(k);
      for (std::size_t i = 0; i < k; ++i) {
        const double base = static_cast<double>(rng.below(p / 2)) * step;  // base + Delta <= 1
        dir[i] = rng.below(2) ? 1.0 : -1.0;
        x[i] = dir[i] > 0 ? base : base + delta;
      }
      std::vector<std::size_t> order(k);
      std::iota(order.begin(), order.end(), std::size_t{0});
      for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);  // Fisher-Yates
      d.unit.push_back(x);
      for (std::size_t s = 0; s < k; ++s) {
        x[order[s]] += dir[order[s]] * delta;
        d.unit.push_back(x);
      }
      d.order.push_back(std::move(order));
    }
  } else {
    const std::size_t n = settings.base_samples;
    if (n < 2) throw std::runtime_error("experiment.sensitivity.base_samples: Sobol needs N >= 2 base samples");
    if (n * (k + 2) > kMaxPoints)
      throw std::runtime_error("experiment.sensitivity.base_samples: N (k + 2) = " + std::to_string(n) + " x " +
                               std::to_string(k + 2) + " design points; the limit is " + std::to_string(kMaxPoints));
    d.base_samples = static_cast<std::uint32_t>(n);
    kernel::Rng ra(kernel::StreamKey{.seed = seed, .purpose = kDesignPurpose, .entity = 2});
    kernel::Rng rb(kernel::StreamKey{.seed = seed, .purpose = kDesignPurpose, .entity = 3});
    std::vector<std::vector<double>> a(n, std::vector<double>(k)), b = a;
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < k; ++i) a[j][i] = ra.uniform01(), b[j][i] = rb.uniform01();
    d.unit = a;
    d.unit.insert(d.unit.end(), b.begin(), b.end());
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        std::vector<double> ab = a[j];
        ab[i] = b[j][i];
        d.unit.push_back(std::move(ab));
      }
  }
  d.points.reserve(d.unit.size());
  for (const auto& u : d.unit) {
    std::vector<double> v(k);
    for (std::size_t i = 0; i < k; ++i) {
      v[i] = factors[i].low + u[i] * (factors[i].high - factors[i].low);
      if (factors[i].integer) v[i] = std::round(v[i]);
    }
    d.points.push_back(std::move(v));
  }
  return d;
}

std::vector<v1::SensitivityIndex> estimate_indices(const SensitivityDesign& d, const std::vector<std::vector<double>>& outputs,
                                                   const std::vector<std::string>& kpi_names, std::uint64_t seed) {
  if (outputs.size() != d.points.size())
    throw std::invalid_argument("estimate_indices: " + std::to_string(outputs.size()) + " outputs for " +
                                std::to_string(d.points.size()) + " design points");
  for (const auto& row : outputs)
    if (row.size() != kpi_names.size()) throw std::invalid_argument("estimate_indices: an output row has the wrong width");
  const std::size_t k = d.factors.size();
  std::vector<v1::SensitivityIndex> out;
  auto add = [&](const std::string& kpi, std::size_t i, const char* index, double est, std::pair<double, double> ci) {
    v1::SensitivityIndex x;
    x.set_kpi(kpi);
    x.set_parameter(d.factors[i].path);
    x.set_method(method_name(d.method));
    x.set_index(index);
    x.set_estimate(est);
    x.set_ci_low(ci.first);
    x.set_ci_high(ci.second);
    x.set_low(d.factors[i].low);
    x.set_high(d.factors[i].high);
    out.push_back(std::move(x));
  };
  const std::size_t units = d.method == v1::Sensitivity::MORRIS ? d.trajectories : d.base_samples;
  std::vector<std::size_t> all(units);
  std::iota(all.begin(), all.end(), std::size_t{0});
  for (std::size_t c = 0; c < kpi_names.size(); ++c) {
    // The resamples are the same for every KPI (one stream per KPI index, keyed by the seed).
    kernel::Rng rng(kernel::StreamKey{.seed = seed, .purpose = kBootstrapPurpose, .entity = c});
    std::vector<std::size_t> rows(units);
    if (d.method == v1::Sensitivity::MORRIS) {
      const auto ee = elementary_effects(d, outputs, c);
      std::vector<std::array<std::vector<double>, 3>> reps(k);
      for (std::uint32_t b = 0; b < d.bootstrap; ++b) {
        for (auto& r : rows) r = rng.below(units);
        for (std::size_t i = 0; i < k; ++i) {
          const auto m = morris_moments(ee, i, rows);
          for (int q = 0; q < 3; ++q) reps[i][q].push_back(m[q]);
        }
      }
      for (std::size_t i = 0; i < k; ++i) {
        const auto m = morris_moments(ee, i, all);
        add(kpi_names[c], i, "mu_star", m[0], percentile_interval(reps[i][0], d.confidence));
        add(kpi_names[c], i, "mu", m[1], percentile_interval(reps[i][1], d.confidence));
        add(kpi_names[c], i, "sigma", m[2], percentile_interval(reps[i][2], d.confidence));
      }
    } else {
      std::vector<double> s1, st;
      std::vector<std::vector<double>> r1(k), rt(k);
      for (std::uint32_t b = 0; b < d.bootstrap; ++b) {
        for (auto& r : rows) r = rng.below(units);
        sobol_estimates(d, outputs, c, rows, s1, st);
        for (std::size_t i = 0; i < k; ++i) r1[i].push_back(s1[i]), rt[i].push_back(st[i]);
      }
      sobol_estimates(d, outputs, c, all, s1, st);
      for (std::size_t i = 0; i < k; ++i) {
        add(kpi_names[c], i, "S1", s1[i], percentile_interval(r1[i], d.confidence));
        add(kpi_names[c], i, "ST", st[i], percentile_interval(rt[i], d.confidence));
      }
    }
  }
  return out;
}

v1::Results run_sensitivity(const SensitivityDesign& design, const std::vector<model::KpiDefinition>& catalog,
                            const std::vector<std::string>& kpis,
                            const std::function<ReplicationFn(const std::vector<double>&)>& make_point,
                            std::uint64_t seed, std::uint32_t replications, const RunOptions& options,
                            const std::string& plan_name, const v1::Scenario& echo) {
  std::vector<std::size_t> columns;
  for (const auto& name : kpis) {
    std::size_t c = 0;
    while (c < catalog.size() && catalog[c].name != name) ++c;
    if (c == catalog.size()) {
      std::string known;
      for (const auto& k : catalog) known.append(known.empty() ? "" : ", ").append(k.name);
      throw std::runtime_error("sensitivity: unknown KPI '" + name + "' (known: " + known + ")");
    }
    columns.push_back(c);
  }
  ExperimentSpec spec;
  spec.kind = v1::Results::SWEEP;
  spec.seed = seed;
  spec.replications = replications;
  spec.kpis = catalog;
  spec.target_kpi = -1;
  spec.design = std::string("SENSITIVITY_").append(design.method == v1::Sensitivity::MORRIS ? "MORRIS" : "SOBOL");
  for (const auto& f : design.factors) spec.parameter_paths.push_back(f.path);
  PlanSpec plan;
  plan.name = plan_name;
  plan.scenario = echo;
  plan.seed = seed;
  for (const auto& values : design.points) {
    ReplicationFn fn = make_point(values);
    // Common random numbers across the design: every point replays the markets of point 0.
    plan.points.push_back({values, [fn](const model::ReplicationKey& key) {
                             model::ReplicationKey k = key;
                             k.design_point = 0;
                             model::ReplicationOutput o = fn(k);
                             o.weekly.clear();  // thousands of points: the series would dwarf the rest
                             return o;
                           }});
  }
  spec.plans.push_back(std::move(plan));
  RunOptions opt = options;
  opt.target_ci_share.reset();
  v1::Results results = run_spec(spec, opt);
  if (results.plans_size() == 0) return results;  // not rank 0
  const auto& points = results.plans(0).points();
  std::vector<std::vector<double>> outputs(design.points.size(), std::vector<double>(kpis.size(), kNaN));
  for (int p = 0; p < points.size(); ++p)
    for (std::size_t c = 0; c < columns.size(); ++c)
      outputs[static_cast<std::size_t>(p)][c] = points[p].summaries(static_cast<int>(columns[c])).mean();
  for (auto& x : estimate_indices(design, outputs, kpis, seed)) *results.add_sensitivity() = std::move(x);
  return results;
}

std::string sensitivity_csv(const v1::Results& results) {
  std::ostringstream o;
  o << "kpi,parameter,method,index,estimate,ci_low,ci_high\n";
  for (const auto& x : results.sensitivity())
    o << x.kpi() << ',' << x.parameter() << ',' << x.method() << ',' << x.index() << ',' << num(x.estimate()) << ','
      << num(x.ci_low()) << ',' << num(x.ci_high()) << '\n';
  return o.str();
}

}  // namespace salesim::experiment
