// The experiment layer's view of scenario files: load (with overlays and --set overrides),
// set a field by path, validate, print. Delegates to sim/scenario/loader.h; errors come out as
// ScenarioLoadError, already formatted for the user.
//
//   v1::Scenario s = load_scenario_file("scenarios/golden_triangle.txtpb", {"experiment.seed=3"});
//   set_numeric_field(s, "team.cohorts[pm].count", 4);
//   prepare_for_run(s);   // defaults, validation; throws ScenarioLoadError with every message
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "salesim/v1/scenario.pb.h"

namespace salesim::experiment {

// A scenario problem, already formatted for the user ("file:line:col: field.path: what").
struct ScenarioLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Loads a .txtpb/.json scenario, applies `overrides` ("path=value") and fills `name` from the file
// stem when empty. Throws ScenarioLoadError. `files_read`, when given, receives the files read:
// this one, then its `base:` chain, as the search found them (sim/scenario/search.h).
v1::Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides,
                                std::vector<std::string>* files_read = nullptr);

// Sets a numeric field by path, e.g. "team.cohorts[pm].count"; also a bool (0 or 1) or a
// Distribution (set to `fixed`). Enums are set by name, so they refuse a number. Throws
// ScenarioLoadError for a bad path or a value the field cannot hold.
void set_numeric_field(v1::Scenario& scenario, const std::string& path, double value);

// Fills model defaults and validates; throws ScenarioLoadError listing every problem.
void prepare_for_run(v1::Scenario& scenario);

// The resolved scenario as Protobuf text.
std::string scenario_to_text(const v1::Scenario& scenario);

// The scenario field reference (docs/scenario-reference.md), from the compiled schema.
std::string scenario_schema_markdown();

}  // namespace salesim::experiment
