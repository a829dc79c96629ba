// run_plans: turns scenarios (one plan, several plans, or a sweep) into an ExperimentSpec over
// the sales model and runs it. See runner.h.
#include <memory>
#include <stdexcept>

#include "sim/experiment/design.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/writers.h"

namespace salesim::experiment {

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
  const bool sweep = resolved.size() == 1 && base_exp.has_sweep() &&
                     (base_exp.sweep().has_grid() || base_exp.sweep().has_latin_hypercube());
  if (resolved.size() > 1)
    for (const auto& s : resolved)
      if (s.experiment().has_sweep() && (s.experiment().sweep().has_grid() || s.experiment().sweep().has_latin_hypercube()))
        throw std::runtime_error("compare: scenario '" + s.name() + "' has a sweep design; compare plain scenarios, or sweep one");
  spec.kind = sweep ? v1::Results::SWEEP : (resolved.size() > 1 ? v1::Results::COMPARE : v1::Results::RUN);

  Design design;
  if (sweep) {
    design = make_design(base_exp.sweep(), spec.seed);
    spec.parameter_paths = design.paths;
    spec.design = design.kind;
  }

  for (std::size_t p = 0; p < resolved.size(); ++p) {
    PlanSpec plan;
    plan.name = p < names.size() && !names[p].empty() ? names[p]
                : !resolved[p].name().empty()         ? resolved[p].name()
                                                      : "plan" + std::to_string(p);
    // Plan names label rows and echo files: keep them distinct.
    for (const auto& earlier : spec.plans)
      if (earlier.name == plan.name) {
        plan.name += "-" + std::to_string(p + 1);
        break;
      }
    plan.seed = seed_for_plan(spec.seed, static_cast<std::uint32_t>(p), options.common_random_numbers);
    plan.scenario = resolved[p];
    // The echo reproduces the run: it states the effective seed and replications.
    plan.scenario.mutable_experiment()->set_seed(spec.seed);
    plan.scenario.mutable_experiment()->set_replications(spec.replications);
    if (!sweep) {
      auto m = std::make_shared<const model::Model>(resolved[p]);
      plan.points.push_back({{}, [m](const model::ReplicationKey& k) { return m->run(k); }});
    } else {
      for (std::size_t d = 0; d < design.points.size(); ++d) {
        v1::Scenario s = resolved[p];
        s.mutable_experiment()->clear_sweep();
        std::string where;
        for (std::size_t j = 0; j < design.paths.size(); ++j) {
          set_numeric_field(s, design.paths[j], design.points[d][j]);
          where += (j ? ", " : "") + design.paths[j] + "=" + format_number(design.points[d][j]);
        }
        try {
          prepare_for_run(s);
          auto m = std::make_shared<const model::Model>(s);
          plan.points.push_back({design.points[d], [m](const model::ReplicationKey& k) { return m->run(k); }});
        } catch (const std::exception& e) {
          throw std::runtime_error("design point " + std::to_string(d) + " (" + where + "): " + e.what());
        }
      }
    }
    spec.plans.push_back(std::move(plan));
  }
  RunOptions opt = options;
  if (!opt.target_ci_share && base_exp.has_target_ci_share()) opt.target_ci_share = base_exp.target_ci_share();
  if (opt.max_replications == 0) opt.max_replications = base_exp.max_replications();
  return run_spec(spec, opt);
}

}  // namespace salesim::experiment
