// Staffing plans for `salesim optimise`; see staffing.h.
#include "sim/experiment/staffing.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/writers.h"
#include "sim/model/model.h"

namespace salesim::experiment {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The role a --vary key names, or ROLE_UNSPECIFIED.
v1::Role role_of_key(const std::string& key) {
  const std::string k = lower(key);
  if (k == "am" || k == "account_manager") return v1::ACCOUNT_MANAGER;
  if (k == "pm" || k == "project_manager") return v1::PROJECT_MANAGER;
  if (k == "presales") return v1::PRESALES;
  if (k == "manager") return v1::MANAGER;
  return v1::ROLE_UNSPECIFIED;
}

std::string cohort_list(const v1::Scenario& s) {
  std::string out;
  for (const auto& c : s.team().cohorts()) out.append(out.empty() ? "" : ", ").append(c.name());
  return out;
}

}  // namespace

double yearly_people_cost(const v1::Scenario& scenario) { return model::planned_people_cost_per_year(scenario); }

std::vector<CohortRange> resolve_ranges(const v1::Scenario& base, const std::vector<CohortRange>& asked) {
  std::vector<CohortRange> out;
  for (const CohortRange& a : asked) {
    CohortRange r = a;
    bool found = false;
    for (const auto& c : base.team().cohorts()) found |= c.name() == a.cohort;
    if (!found) {
      const v1::Role role = role_of_key(a.cohort);
      std::vector<std::string> of_role;
      for (const auto& c : base.team().cohorts())
        if (role != v1::ROLE_UNSPECIFIED && c.role() == role) of_role.push_back(c.name());
      if (of_role.empty())
        throw StaffingError(std::string("--vary: no cohort or role '").append(a.cohort).append("' in the scenario (its cohorts: ")
                                .append(cohort_list(base)).append("; roles: am, pm, presales, manager)"));
      if (of_role.size() > 1) {
        std::string names;
        for (const auto& n : of_role) names.append(names.empty() ? "" : ", ").append(n);
        throw StaffingError(std::string("--vary: role '").append(a.cohort).append("' has several cohorts (")
                                .append(names).append("): name the cohort"));
      }
      r.cohort = of_role[0];
    }
    if (r.low > r.high)
      throw StaffingError(std::string("--vary: ").append(a.cohort).append("=").append(std::to_string(r.low)).append("..")
                              .append(std::to_string(r.high)).append(" is empty: the lower bound is above the upper"));
    for (const CohortRange& earlier : out)
      if (earlier.cohort == r.cohort)
        throw StaffingError(std::string("--vary: cohort '").append(r.cohort).append("' is varied twice"));
    out.push_back(r);
  }
  if (out.empty()) throw StaffingError("--vary: give at least one cohort to vary, e.g. --vary pm=2..6");
  return out;
}

v1::Scenario plan_scenario(const v1::Scenario& base, const std::vector<CohortRange>& ranges,
                           const std::vector<std::uint32_t>& counts) {
  v1::Scenario s = base;
  for (std::size_t j = 0; j < ranges.size(); ++j)
    for (auto& c : *s.mutable_team()->mutable_cohorts())
      if (c.name() == ranges[j].cohort) c.set_count(counts[j]);
  return s;
}

StaffingSpace enumerate_plans(const v1::Scenario& base, const std::vector<CohortRange>& ranges, double budget,
                              std::uint32_t max_heads) {
  StaffingSpace space;
  double box = 1;
  for (const CohortRange& r : ranges) box *= static_cast<double>(r.high - r.low) + 1;
  if (box > 1e7)
    throw StaffingError(std::string("--vary: the bounds span ").append(format_number(box)).append(
        " plans; narrow them (at most ").append(std::to_string(kMaxSelectionSystems)).append(" feasible plans are compared)"));
  // The planned cost is linear in the counts (model::planned_people_cost_per_year: count x a
  // per-head cost per cohort), so it is evaluated once for the base and once per varied cohort.
  const double base_cost = yearly_people_cost(base);
  std::uint32_t base_heads = 0;
  for (const auto& c : base.team().cohorts()) base_heads += c.count();
  std::vector<double> unit(ranges.size());
  std::vector<std::uint32_t> base_count(ranges.size());
  for (std::size_t j = 0; j < ranges.size(); ++j) {
    for (const auto& c : base.team().cohorts())
      if (c.name() == ranges[j].cohort) base_count[j] = c.count();
  }
  for (std::size_t j = 0; j < ranges.size(); ++j) {
    std::vector<std::uint32_t> one_more = base_count;
    ++one_more[j];
    unit[j] = yearly_people_cost(plan_scenario(base, ranges, one_more)) - base_cost;
  }
  std::vector<std::uint32_t> counts;
  for (const CohortRange& r : ranges) counts.push_back(r.low);
  bool first = true, any_within_heads = false;
  double cheapest_within_heads = 0;
  std::uint32_t fewest_heads = 0;
  while (true) {
    StaffingPlan p;
    p.counts = counts;
    p.heads = base_heads;
    p.yearly_cost = base_cost;
    for (std::size_t j = 0; j < ranges.size(); ++j) {
      p.heads = p.heads - base_count[j] + counts[j];
      p.yearly_cost += (static_cast<double>(counts[j]) - static_cast<double>(base_count[j])) * unit[j];
    }
    ++space.considered;
    if (first || p.yearly_cost < space.cheapest) space.cheapest = p.yearly_cost;
    if (first || p.heads < fewest_heads) fewest_heads = p.heads;
    first = false;
    const bool heads_ok = max_heads == 0 || p.heads <= max_heads;
    if (heads_ok) {
      if (!any_within_heads || p.yearly_cost < cheapest_within_heads) cheapest_within_heads = p.yearly_cost;
      any_within_heads = true;
    }
    if (heads_ok && p.yearly_cost <= budget) space.plans.push_back(std::move(p));
    // Odometer: the last range turns fastest.
    std::size_t j = ranges.size();
    while (j > 0 && counts[j - 1] == ranges[j - 1].high) counts[j - 1] = ranges[j - 1].low, --j;
    if (j == 0) break;
    ++counts[j - 1];
  }
  if (!any_within_heads)
    throw StaffingError(std::string("--max-heads: ").append(std::to_string(max_heads)).append(
        " is below every plan in the --vary bounds (the smallest team has ").append(std::to_string(fewest_heads)).append(" people)"));
  if (space.plans.empty())
    throw StaffingError(std::string("--budget: ").append(format_number(budget)).append(
        " CNY/yr is below the cheapest plan in the --vary bounds (").append(format_number(cheapest_within_heads))
                            .append(" CNY/yr in people costs)"));
  if (space.plans.size() > kMaxSelectionSystems)
    throw StaffingError(std::string("--vary: ").append(std::to_string(space.plans.size())).append(
        " plans fit the budget; at most ").append(std::to_string(kMaxSelectionSystems)).append(" can be compared: narrow the bounds"));
  return space;
}

std::string plan_overlay(const std::string& base_path, const std::vector<CohortRange>& ranges,
                         const std::vector<std::uint32_t>& counts, const std::vector<std::string>& comment) {
  std::ostringstream o;
  for (const auto& line : comment) o << "# " << line << "\n";
  std::string quoted;
  for (char c : base_path) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  o << "base: \"" << quoted << "\"\n\nteam {\n";
  for (std::size_t j = 0; j < ranges.size(); ++j)
    o << "  cohorts { name: \"" << ranges[j].cohort << "\" count: " << counts[j] << " }\n";
  o << "}\n";
  return o.str();
}

void run_pairs(std::span<const SelectionPair> pairs, unsigned threads,
               const std::function<double(std::uint32_t, std::uint64_t)>& run, const std::atomic<bool>* cancel,
               const std::function<void(std::uint64_t)>& progress, std::vector<double>& values,
               std::vector<char>& finished) {
  values.assign(pairs.size(), 0.0);
  finished.assign(pairs.size(), 0);
  const unsigned n = std::max(1u, std::min<unsigned>(threads ? threads : std::thread::hardware_concurrency(),
                                                      static_cast<unsigned>(std::max<std::size_t>(1, pairs.size()))));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::exception_ptr error;
  std::uint64_t done = 0;
  auto work = [&] {
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= pairs.size()) return;
      try {
        if (cancel && cancel->load()) throw Cancelled();
        values[i] = run(pairs[i].system, pairs[i].replication);
        finished[i] = 1;
      } catch (...) {
        std::lock_guard lk(mu);
        if (!error) error = std::current_exception();
        failed.store(true);
        return;
      }
      std::lock_guard lk(mu);
      ++done;
      if (progress) progress(done);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace salesim::experiment
