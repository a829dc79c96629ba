// run_plans: turns scenarios (one plan, several plans, or a sweep) into an ExperimentSpec over
// the sales model and runs it. See runner.h.
#include <memory>
#include <stdexcept>

#include "sim/experiment/design.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/writers.h"
#include "sim/scenario/loader.h"

namespace salesim::experiment {

namespace pb = google::protobuf;

namespace {

bool has_design(const v1::Experiment& e) { return e.sweep().has_grid() || e.sweep().has_latin_hypercube(); }

// Design point `d` of a resolved scenario: the swept values set, the sweep cleared, validated.
v1::Scenario point_scenario(v1::Scenario s, const Design& design, std::size_t d) {
  s.mutable_experiment()->clear_sweep();
  std::string where;
  try {
    for (std::size_t j = 0; j < design.paths.size(); ++j) {
      where += (j ? ", " : "") + design.paths[j] + "=" + format_number(design.points[d][j]);
      set_numeric_field(s, design.paths[j], design.points[d][j]);
    }
    prepare_for_run(s);
  } catch (const std::exception& e) {
    throw std::runtime_error("design point " + std::to_string(d) + " (" + where + "): " + e.what());
  }
  return s;
}

// Compared plans share one run's settings (the (salesim.v1.param) per_run fields, and the horizon
// their KPIs are summed over), except those the command line sets for all of them.
void check_plans_agree(const std::vector<v1::Scenario>& plans, const RunOptions& options) {
  const pb::Descriptor* d = v1::Experiment::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;  // the sweep: refused already
    const std::string& name = f->name();
    if ((name == "seed" && options.seed) || (name == "replications" && options.replications) ||
        (name == "target_ci_share" && options.target_ci_share) || (name == "max_replications" && options.max_replications))
      continue;
    for (std::size_t p = 1; p < plans.size(); ++p) {
      const std::string a = scenario::get_field(plans[0], "experiment." + name);
      const std::string b = scenario::get_field(plans[p], "experiment." + name);
      if (a != b)
        throw std::runtime_error("compare: plans must share experiment." + name + " ('" + plans[0].name() + "' has " + a +
                                 ", '" + plans[p].name() + "' has " + b + "); set it in both files" +
                                 (name == "horizon_days" ? "" : " or on the command line"));
    }
  }
}

}  // namespace

v1::Scenario design_point_scenario(v1::Scenario scenario, std::uint64_t seed, std::uint64_t point) {
  prepare_for_run(scenario);
  if (!has_design(scenario.experiment())) {
    if (point != 0) throw std::out_of_range("design point " + std::to_string(point) + ": the scenario has no sweep; only point 0 exists");
    return scenario;
  }
  const Design design = make_design(scenario.experiment().sweep(), seed);
  if (point >= design.points.size())
    throw std::out_of_range("design point " + std::to_string(point) + ": the sweep has points 0.." +
                            std::to_string(design.points.size() - 1));
  return point_scenario(std::move(scenario), design, static_cast<std::size_t>(point));
}

std::uint64_t stream_design_point(const v1::Scenario& scenario, std::uint64_t point) {
  return scenario.experiment().independent_points() ? point : 0;
}

v1::Results run_plans(const std::vector<v1::Scenario>& plans, const std::vector<std::string>& names,
                      const RunOptions& options) {
  if (plans.empty()) throw std::runtime_error("nothing to run: no scenario given");
  std::vector<v1::Scenario> resolved = plans;
  for (auto& s : resolved) prepare_for_run(s);
  const v1::Experiment& base_exp = resolved[0].experiment();

  ExperimentSpec spec;
  spec.seed = options.seed ? *options.seed : base_exp.seed();
  spec.replications = options.replications ? options.replications : base_exp.replications();
  spec.kpis = model::kpi_catalog();
  spec.series = model::series_catalog();
  spec.target_kpi = model::kpi_index("revenue");
  if (options.design && resolved.size() != 1) throw std::runtime_error("a design file runs one scenario, not a compare");
  const bool sweep = resolved.size() == 1 && (has_design(base_exp) || options.design);
  if (resolved.size() > 1) {
    for (const auto& s : resolved)
      if (has_design(s.experiment()))
        throw std::runtime_error("compare: scenario '" + s.name() + "' has a sweep design; compare plain scenarios, or sweep one");
    check_plans_agree(resolved, options);
  }
  spec.kind = sweep ? v1::Results::SWEEP : (resolved.size() > 1 ? v1::Results::COMPARE : v1::Results::RUN);

  RunOptions opt = options;
  if (!opt.target_ci_share && base_exp.has_target_ci_share()) opt.target_ci_share = base_exp.target_ci_share();
  if (opt.max_replications == 0) opt.max_replications = base_exp.max_replications();

  Design design;
  if (sweep) {
    design = options.design ? *options.design : make_design(base_exp.sweep(), spec.seed);
    spec.parameter_paths = design.paths;
    spec.design = design.kind;
    spec.common_random_points = !(options.independent_points || base_exp.independent_points());
  }

  for (std::size_t p = 0; p < resolved.size(); ++p) {
    PlanSpec plan;
    plan.name = p < names.size() && !names[p].empty() ? names[p]
                : !resolved[p].name().empty()         ? resolved[p].name()
                                                      : std::string("plan").append(std::to_string(p));
    // Plan names label rows and echo files: keep them distinct.
    for (const auto& earlier : spec.plans)
      if (earlier.name == plan.name) {
        plan.name.append("-").append(std::to_string(p + 1));  // not "-" + string: GCC 12 -Wrestrict misfires
        break;
      }
    plan.seed = seed_for_plan(spec.seed, static_cast<std::uint32_t>(p), options.common_random_numbers);
    plan.scenario = resolved[p];
    // The echo reproduces the run: it states the effective run settings, command line included.
    v1::Experiment& echo = *plan.scenario.mutable_experiment();
    echo.set_seed(spec.seed);
    echo.set_replications(spec.replications);
    if (opt.target_ci_share) echo.set_target_ci_share(*opt.target_ci_share);
    echo.set_max_replications(opt.max_replications);
    if (sweep && !spec.common_random_points) echo.set_independent_points(true);
    if (options.design) echo.clear_sweep();  // the points go to design.csv (writers.h)
    if (!sweep) {
      auto m = std::make_shared<const model::Model>(resolved[p]);
      plan.points.push_back({{}, [m](const model::ReplicationKey& k) { return m->run(k); }});
    } else {
      for (std::size_t d = 0; d < design.points.size(); ++d) {
        auto m = std::make_shared<const model::Model>(point_scenario(resolved[p], design, d));
        plan.points.push_back({design.points[d], [m](const model::ReplicationKey& k) { return m->run(k); }});
      }
    }
    spec.plans.push_back(std::move(plan));
  }
  return run_spec(spec, opt);
}

}  // namespace salesim::experiment
