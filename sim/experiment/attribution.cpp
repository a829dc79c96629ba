// Fault attribution by Shapley values over the on/off variants; see attribution.h.
#include "sim/experiment/attribution.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "sim/experiment/statistics.h"
#include "sim/experiment/writers.h"

namespace salesim::experiment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void no_such_fault(const std::string& name) {
  throw std::invalid_argument("unknown fault '" + name + "' (known: offside, misplaced, covering)");
}

bool fault_on(const v1::Formation& f, const std::string& name) {
  if (name == "offside") return f.has_offside() && f.offside().enabled();
  if (name == "misplaced") return f.has_misplaced() && f.misplaced().enabled();
  if (name == "covering") return f.has_covering() && f.covering().enabled();
  no_such_fault(name);
}

// Switches `name` off in `f`; only touches a sub-message that is there (a phase's overlay must not
// gain fields it did not write).
void switch_off(v1::Formation& f, const std::string& name) {
  if (name == "offside") {
    if (f.has_offside()) f.mutable_offside()->set_enabled(false);
  } else if (name == "misplaced") {
    if (f.has_misplaced()) f.mutable_misplaced()->set_enabled(false);
  } else if (name == "covering") {
    if (f.has_covering()) f.mutable_covering()->set_enabled(false);
  } else {
    no_such_fault(name);
  }
}

double factorial(std::size_t n) {
  double r = 1;
  for (std::size_t i = 2; i <= n; ++i) r *= static_cast<double>(i);
  return r;
}

int kpi_column(const v1::Results& r, const std::string& name) {
  for (int i = 0; i < r.kpis_size(); ++i)
    if (r.kpis(i).name() == name) return i;
  return -1;
}

std::string stat(double v) { return std::isnan(v) ? std::string() : format_number(v); }

}  // namespace

const std::vector<std::string>& fault_names() {
  static const std::vector<std::string> names = {"offside", "misplaced", "covering"};
  return names;
}

std::vector<std::string> enabled_faults(const v1::Scenario& scenario) {
  std::vector<std::string> on;
  for (const std::string& f : fault_names()) {
    bool enabled = fault_on(scenario.formation(), f);
    for (const auto& phase : scenario.phases()) enabled |= fault_on(phase.set().formation(), f);
    if (enabled) on.push_back(f);
  }
  return on;
}

v1::Scenario with_faults_off(v1::Scenario scenario, const std::vector<std::string>& off) {
  for (const std::string& f : off) {
    switch_off(*scenario.mutable_formation(), f);
    for (auto& phase : *scenario.mutable_phases())
      if (phase.has_set() && phase.set().has_formation()) switch_off(*phase.mutable_set()->mutable_formation(), f);
  }
  return scenario;
}

v1::Scenario variant(const v1::Scenario& scenario, const std::vector<std::string>& faults, std::size_t mask) {
  std::vector<std::string> off;
  for (std::size_t k = 0; k < faults.size(); ++k)
    if (!(mask >> k & 1u)) off.push_back(faults[k]);
  return with_faults_off(scenario, off);
}

std::string variant_name(const std::vector<std::string>& faults, std::size_t mask) {
  std::string name;
  for (std::size_t k = 0; k < faults.size(); ++k)
    if (mask >> k & 1u) {
      if (!name.empty()) name += '+';
      name += faults[k];
    }
  return name.empty() ? std::string("disciplined") : name;
}

std::vector<std::vector<ContrastTerm>> shapley_terms(std::size_t m) {
  if (m > 16) throw std::invalid_argument("shapley_terms: at most 16 players");
  const std::size_t masks = std::size_t{1} << m;
  std::vector<std::vector<ContrastTerm>> terms(m);
  const double m_fact = factorial(m);
  for (std::size_t f = 0; f < m; ++f)
    for (std::size_t s = 0; s < masks; ++s) {
      if (s >> f & 1u) continue;  // S must not contain f
      const auto size = static_cast<std::size_t>(__builtin_popcountll(s));
      terms[f].push_back({factorial(size) * factorial(m - size - 1) / m_fact, s | (std::size_t{1} << f), s});
    }
  return terms;
}

std::vector<double> shapley_values(std::span<const double> v) {
  std::size_t m = 0;
  while ((std::size_t{1} << m) < v.size()) ++m;
  if (v.empty() || (std::size_t{1} << m) != v.size()) throw std::invalid_argument("shapley_values: v needs 2^m values");
  const auto terms = shapley_terms(m);
  std::vector<double> phi(m, 0.0);
  for (std::size_t f = 0; f < m; ++f)
    for (const ContrastTerm& t : terms[f]) phi[f] += t.weight * (v[t.plus] - v[t.minus]);
  return phi;
}

v1::Attribution attribute_kpi(const v1::Results& results, const std::vector<std::string>& faults, const std::string& kpi) {
  const std::size_t m = faults.size();
  const std::size_t masks = std::size_t{1} << m;
  if (m == 0) throw std::invalid_argument("attribution: no fault to attribute");
  if (static_cast<std::size_t>(results.plans_size()) != masks)
    throw std::invalid_argument("attribution: expected " + std::to_string(masks) + " variants, the results have " +
                                std::to_string(results.plans_size()) + " plans");
  for (std::size_t s = 0; s < masks; ++s) {
    const auto& plan = results.plans(static_cast<int>(s));
    if (plan.name() != variant_name(faults, s) || plan.points_size() != 1)
      throw std::invalid_argument("attribution: plan " + std::to_string(s) + " is '" + plan.name() + "', expected '" +
                                  variant_name(faults, s) + "' with one design point");
  }
  const int k = kpi_column(results, kpi);
  if (k < 0) throw std::invalid_argument("attribution: the results have no KPI '" + kpi + "'");
  const v1::KpiInfo& info = results.kpis(k);
  const bool ratio = !info.ratio_numerator().empty();
  const int kn = ratio ? kpi_column(results, info.ratio_numerator()) : -1;
  const int kd = ratio ? kpi_column(results, info.ratio_denominator()) : -1;
  if (ratio && (kn < 0 || kd < 0)) throw std::invalid_argument("attribution: ratio KPI '" + kpi + "' lacks its numerator or denominator");

  // Paired columns, replication by replication (the rows are in replication order in every plan).
  // A replication enters only when every variant has it with defined values.
  const auto& rows0 = results.plans(0).points(0).replications();
  std::vector<std::vector<double>> value(masks), num(masks), den(masks);
  for (int i = 0; i < rows0.size(); ++i) {
    bool ok = true;
    for (std::size_t s = 0; s < masks && ok; ++s) {
      const auto& rows = results.plans(static_cast<int>(s)).points(0).replications();
      if (i >= rows.size() || rows[i].index() != rows0[i].index()) {
        ok = false;
        break;
      }
      const auto& r = rows[i];
      if (ratio) ok = !std::isnan(r.kpis(kn)) && !std::isnan(r.kpis(kd));
      else ok = !std::isnan(r.kpis(k));
    }
    if (!ok) continue;
    for (std::size_t s = 0; s < masks; ++s) {
      const auto& r = results.plans(static_cast<int>(s)).points(0).replications(i);
      if (ratio) {
        num[s].push_back(r.kpis(kn));
        den[s].push_back(r.kpis(kd));
      } else {
        value[s].push_back(r.kpis(k));
      }
    }
  }

  const Bounds bounds = bounds_of(info);
  const Bounds diff = difference_bounds(bounds);
  auto contrast = [&](const std::vector<ContrastTerm>& c, const Bounds& b) {
    if (ratio) {
      std::vector<RatioSample> samples;
      for (std::size_t s = 0; s < masks; ++s) samples.push_back({{}, num[s], den[s]});
      return ratio_contrast(samples, c, b);
    }
    std::vector<std::span<const double>> columns(value.begin(), value.end());
    return paired_contrast(columns, c, b);
  };

  v1::Attribution a;
  a.set_kpi(kpi);
  a.set_ratio_of_sums(ratio);
  a.set_twin_plan(results.plans(0).name());
  a.set_scenario_plan(results.plans(static_cast<int>(masks - 1)).name());
  const ContrastSummary twin = contrast({{1.0, 0, kNoSample}}, bounds);
  const ContrastSummary scen = contrast({{1.0, masks - 1, kNoSample}}, bounds);
  const ContrastSummary gap = contrast({{1.0, masks - 1, 0}}, diff);
  a.set_n(twin.n);
  a.set_twin_mean(twin.estimate);
  a.set_twin_ci_low(twin.ci.ci.low);
  a.set_twin_ci_high(twin.ci.ci.high);
  a.set_scenario_mean(scen.estimate);
  a.set_scenario_ci_low(scen.ci.ci.low);
  a.set_scenario_ci_high(scen.ci.ci.high);
  a.set_gap(gap.estimate);
  a.set_gap_ci_low(gap.ci.ci.low);
  a.set_gap_ci_high(gap.ci.ci.high);
  const auto terms = shapley_terms(m);
  for (std::size_t f = 0; f < m; ++f) {
    const ContrastSummary phi = contrast(terms[f], diff);
    v1::FaultShare* share = a.add_shares();
    share->set_fault(faults[f]);
    share->set_mean(phi.estimate);
    share->set_ci_low(phi.ci.ci.low);
    share->set_ci_high(phi.ci.ci.high);
    share->set_ci_clipped(phi.ci.clipped);
    share->set_share_of_gap(gap.estimate != 0 && !std::isnan(gap.estimate) ? phi.estimate / gap.estimate : kNaN);
  }
  return a;
}

v1::Results run_attribution(const v1::Scenario& scenario, const std::vector<std::string>& kpis, RunOptions options) {
  const std::vector<std::string> faults = enabled_faults(scenario);
  if (faults.empty())
    throw std::invalid_argument("no fault is switched on (formation.offside, .misplaced and .covering are all off): the "
                                "scenario is its own disciplined twin and there is nothing to attribute");
  const std::size_t masks = std::size_t{1} << faults.size();
  std::vector<v1::Scenario> plans;
  std::vector<std::string> names;
  for (std::size_t s = 0; s < masks; ++s) {
    plans.push_back(variant(scenario, faults, s));
    names.push_back(variant_name(faults, s));
  }
  options.common_random_numbers = true;
  v1::Results results = run_plans(plans, names, options);
  for (const std::string& kpi : kpis) *results.add_attributions() = attribute_kpi(results, faults, kpi);
  return results;
}

std::string attribution_csv(const v1::Results& results) {
  std::ostringstream o;
  o << "kpi,fault,mean,ci_low,ci_high,share_of_gap,n\n";
  for (const auto& a : results.attributions()) {
    const std::string n = std::to_string(a.n());
    auto row = [&](const std::string& fault, double mean, double lo, double hi, double share) {
      o << a.kpi() << ',' << fault << ',' << stat(mean) << ',' << stat(lo) << ',' << stat(hi) << ',' << stat(share) << ','
        << n << '\n';
    };
    row("twin", a.twin_mean(), a.twin_ci_low(), a.twin_ci_high(), kNaN);
    for (const auto& s : a.shares()) row(s.fault(), s.mean(), s.ci_low(), s.ci_high(), s.share_of_gap());
    row("gap", a.gap(), a.gap_ci_low(), a.gap_ci_high(), a.gap() != 0 && !std::isnan(a.gap()) ? 1.0 : kNaN);
    row("scenario", a.scenario_mean(), a.scenario_ci_low(), a.scenario_ci_high(), kNaN);
  }
  return o.str();
}

}  // namespace salesim::experiment
