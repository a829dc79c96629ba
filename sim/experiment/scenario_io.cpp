// Scenario loading for experiments; see scenario_io.h. A thin adapter over sim/scenario/loader.h
// that turns ScenarioError into ScenarioLoadError and names a plan after its file.
#include "sim/experiment/scenario_io.h"

#include <filesystem>

#include "sim/experiment/writers.h"
#include "sim/model/defaults.h"
#include "sim/scenario/loader.h"

namespace salesim::experiment {

v1::Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides,
                                std::vector<std::string>* files_read) {
  v1::Scenario s;
  try {
    s = scenario::load_scenario(path, scenario::LoadOptions{.overrides = overrides, .files_read = files_read});
  } catch (const scenario::ScenarioError& e) {
    throw ScenarioLoadError(e.what());
  }
  if (s.name().empty()) s.set_name(std::filesystem::path(path).stem().string());
  return s;
}

void set_numeric_field(v1::Scenario& scenario, const std::string& path, double value) {
  try {
    scenario::set_field(scenario, path, format_number(value));
  } catch (const scenario::ScenarioError& e) {
    throw ScenarioLoadError(e.what());
  }
}

void prepare_for_run(v1::Scenario& scenario) {
  model::fill_defaults(scenario);
  const std::vector<scenario::Diagnostic> problems = scenario::validate(scenario);
  if (problems.empty()) return;
  std::string message;
  for (const auto& d : problems) {
    if (!message.empty()) message += '\n';
    message += d.to_string();
  }
  throw ScenarioLoadError(message);
}

std::string scenario_to_text(const v1::Scenario& scenario) { return scenario::to_text(scenario); }

std::string scenario_schema_markdown() { return scenario::reference_markdown(); }

}  // namespace salesim::experiment
