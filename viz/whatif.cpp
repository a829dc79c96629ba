#include "viz/whatif.h"

#include <sstream>

#ifdef SALESIM_VIZ_HAS_RUNNER
#include "sim/experiment/runner.h"
#endif
#ifdef SALESIM_VIZ_HAS_LOADER
#include "sim/scenario/loader.h"
#endif

namespace salesim::viz {

Knobs knobs_from_scenario(const v1::Scenario& s) {
  Knobs k;
  for (const auto& c : s.team().cohorts()) k.cohorts.push_back({c.name(), c.role(), c.count()});
  const auto& f = s.formation();
  k.offside_enabled = f.offside().enabled();
  k.offside_am_share = f.offside().am_share();
  k.offside_queue_threshold = f.offside().queue_threshold();
  k.misplaced_enabled = f.misplaced().enabled();
  k.misplaced_pm_hunting_share = f.misplaced().pm_hunting_share();
  k.covering_enabled = f.covering().enabled();
  k.covering_wait_days = f.covering().wait_days();
  for (const auto& c : s.competitors()) k.competitors.push_back({c.name(), c.strength()});
  return k;
}

void apply_knobs(const Knobs& k, v1::Scenario& s) {
  auto* team = s.mutable_team();
  for (std::size_t i = 0; i < k.cohorts.size() && static_cast<int>(i) < team->cohorts_size(); ++i)
    team->mutable_cohorts(static_cast<int>(i))->set_count(k.cohorts[i].count);
  auto* f = s.mutable_formation();
  f->mutable_offside()->set_enabled(k.offside_enabled);
  f->mutable_offside()->set_am_share(k.offside_am_share);
  f->mutable_offside()->set_queue_threshold(k.offside_queue_threshold);
  f->mutable_misplaced()->set_enabled(k.misplaced_enabled);
  f->mutable_misplaced()->set_pm_hunting_share(k.misplaced_pm_hunting_share);
  f->mutable_covering()->set_enabled(k.covering_enabled);
  f->mutable_covering()->set_wait_days(k.covering_wait_days);
  for (std::size_t i = 0; i < k.competitors.size() && static_cast<int>(i) < s.competitors_size(); ++i)
    s.mutable_competitors(static_cast<int>(i))->set_strength(k.competitors[i].strength);
}

std::string describe_change(const Knobs& a, const Knobs& b) {
  std::ostringstream out;
  const char* sep = "";
  auto item = [&](const std::string& text) {
    out << sep << text;
    sep = ", ";
  };
  auto num = [](double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  };
  for (std::size_t i = 0; i < a.cohorts.size() && i < b.cohorts.size(); ++i)
    if (a.cohorts[i].count != b.cohorts[i].count)
      item(a.cohorts[i].name + " " + std::to_string(a.cohorts[i].count) + "→" + std::to_string(b.cohorts[i].count));
  if (a.offside_enabled != b.offside_enabled) item(std::string("offside ") + (b.offside_enabled ? "on" : "off"));
  if (a.offside_am_share != b.offside_am_share) item("offside share " + num(b.offside_am_share));
  if (a.offside_queue_threshold != b.offside_queue_threshold)
    item("offside queue " + std::to_string(b.offside_queue_threshold));
  if (a.misplaced_enabled != b.misplaced_enabled) item(std::string("misplaced ") + (b.misplaced_enabled ? "on" : "off"));
  if (a.misplaced_pm_hunting_share != b.misplaced_pm_hunting_share)
    item("PM hunting " + num(b.misplaced_pm_hunting_share));
  if (a.covering_enabled != b.covering_enabled) item(std::string("covering ") + (b.covering_enabled ? "on" : "off"));
  if (a.covering_wait_days != b.covering_wait_days) item("covering wait " + num(b.covering_wait_days) + " d");
  for (std::size_t i = 0; i < a.competitors.size() && i < b.competitors.size(); ++i)
    if (a.competitors[i].strength != b.competitors[i].strength)
      item(a.competitors[i].name + " strength " + num(b.competitors[i].strength));
  const std::string s = out.str();
  return s.empty() ? "no change" : s;
}

bool simulation_available() {
#ifdef SALESIM_VIZ_HAS_RUNNER
  return true;
#else
  return false;
#endif
}

PlanRunner default_runner() {
  return [](const std::vector<v1::Scenario>& plans, const std::vector<std::string>& names,
            const RunSettings& settings) -> v1::Results {
#ifdef SALESIM_VIZ_HAS_RUNNER
    experiment::RunOptions options;
    options.replications = settings.replications;
    options.seed = settings.seed;
    options.threads = settings.threads;
    if (settings.on_progress) {
      auto report = settings.on_progress;
      options.on_progress = [report](const experiment::Progress& p) { report(p.done, p.total); };
    }
    options.cancel = settings.cancel;
    try {
      return experiment::run_plans(plans, names, options);
    } catch (const experiment::Cancelled&) {
      throw RunCancelled();
    }
#else
    (void)plans, (void)names, (void)settings;
    throw std::runtime_error("this salesim-viz was built without the experiment layer: it can show "
                             "results.pb files but not run scenarios");
#endif
  };
}

v1::Results run_scenario_file(const std::string& path, const RunSettings& settings, const PlanRunner& runner) {
#ifdef SALESIM_VIZ_HAS_LOADER
  v1::Scenario scenario = scenario::load_scenario(path);  // ScenarioError is a runtime_error
  return runner({scenario}, {}, settings);
#else
  (void)settings, (void)runner;
  throw std::runtime_error(path + ": this salesim-viz was built without the scenario loader");
#endif
}

std::uint32_t replications_of(const v1::Results& r) {
  if (r.plans_size() == 0 || r.plans(0).points_size() == 0) return 0;
  const auto& point = r.plans(0).points(0);
  if (point.summaries_size() > 0) return static_cast<std::uint32_t>(point.summaries(0).n());
  return static_cast<std::uint32_t>(point.replications_size());
}

v1::Results merge_what_if(const v1::Results& baseline, const v1::Results& fresh, const std::string& label) {
  if (fresh.plans_size() < 2) throw std::runtime_error("what-if run returned no second plan");
  v1::Results merged = baseline;
  // Drop an earlier what-if plan and its comparison: the panel shows one at a time.
  auto* plans = merged.mutable_plans();
  for (int i = plans->size() - 1; i >= 1; --i)
    if (plans->Get(i).name() == label) plans->DeleteSubrange(i, 1);
  auto* comparisons = merged.mutable_comparisons();
  for (int i = comparisons->size() - 1; i >= 0; --i)
    if (comparisons->Get(i).plan() == label) comparisons->DeleteSubrange(i, 1);

  v1::PlanResult plan = fresh.plans(1);
  plan.set_name(label);
  *merged.add_plans() = std::move(plan);
  for (const auto& c : fresh.comparisons()) {
    if (c.plan() != fresh.plans(1).name()) continue;
    v1::Comparison copy = c;
    copy.set_plan(label);
    copy.set_base_plan(baseline.plans(0).name());
    *merged.add_comparisons() = std::move(copy);
  }
  if (merged.kind() == v1::Results::RUN) merged.set_kind(v1::Results::COMPARE);
  return merged;
}

v1::Results run_what_if(const v1::Results& baseline, const Knobs& knobs, const RunSettings& settings,
                        const PlanRunner& runner) {
  if (baseline.plans_size() == 0) throw std::runtime_error("no baseline loaded");
  if (baseline.kind() == v1::Results::SWEEP)
    throw std::runtime_error("the what-if panel works on a run or a compare, not a sweep");
  v1::Scenario base = baseline.plans(0).scenario();
  base.mutable_experiment()->clear_sweep();
  v1::Scenario changed = base;
  apply_knobs(knobs, changed);
  RunSettings s = settings;
  // Common random numbers: the baseline's seed and replication count, so both plans see the
  // same market and the paired deltas have small variance.
  if (!s.seed) s.seed = baseline.seed();
  if (s.replications == 0) s.replications = replications_of(baseline);
  const std::string base_name = baseline.plans(0).name().empty() ? "base" : baseline.plans(0).name();
  const v1::Results fresh = runner({base, changed}, {base_name, kWhatIfPlanName}, s);
  return merge_what_if(baseline, fresh, kWhatIfPlanName);
}

}  // namespace salesim::viz
