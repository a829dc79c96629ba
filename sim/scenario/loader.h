// Scenario files: load .txtpb / .json, resolve `base:` overlays, apply `--set` overrides, fill
// defaults, validate, and report every problem with its file, line, column and field path.
//
//   v1::Scenario s = scenario::load_scenario("scenarios/offside.txtpb", {.overrides = {"team.cohorts[pm].count=4"}});
//   scenario::set_field(s, "formation.offside.am_share", "0.3");   // e.g. one sweep point
//   if (auto problems = scenario::validate(s); !problems.empty()) { ... }
//   std::cout << scenario::to_text(s);                             // `salesim validate --print`
//
// Every function reports bad input by throwing ScenarioError (never by crashing); its what() is
// all diagnostics, one per line, in the form "file:line:col: field.path: message".
// Merge rules for overlays and the --set path syntax: docs/scenario-reference.md.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "salesim/v1/scenario.pb.h"

namespace salesim::scenario {

// One problem, 1-based line/column (0 when unknown).
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field_path;  // e.g. "team.cohorts[1].hours_per_week" (empty for syntax errors)
  std::string message;     // what is wrong and what is allowed
  // "file:line:col: field.path: message", leaving out the parts that are empty or 0.
  std::string to_string() const;
};

// Thrown by every function below on bad input; what() = all diagnostics, one per line.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

struct LoadOptions {
  // "path=value" assignments, applied in order after overlays, as `--set` does.
  std::vector<std::string> overrides;
  // When set, receives the files a successful load read: the file itself, then its base, that
  // base's base, ... as found by the search in search.h (`salesim validate --print` shows them).
  std::vector<std::string>* files_read = nullptr;
};

// Limits against hostile or mistaken files; a file beyond one gets a diagnostic saying which.
struct Limits {
  static constexpr std::size_t max_file_bytes = 1 << 20;     // 1 MiB per file
  static constexpr int max_nesting_depth = 32;               // message nesting in one file
  static constexpr int max_overlay_depth = 16;               // base: chain length
  static constexpr std::size_t max_diagnostics = 50;         // reported per load
  static constexpr double max_people = 10'000;               // sum of cohort counts
  static constexpr double max_accounts = 1'000'000;          // sum of segment accounts
  static constexpr double max_replications = 10'000'000;     // experiment.replications / max_
  static constexpr double max_horizon_days = 36'500;         // 100 years
  static constexpr double max_design_points = 1'000'000;     // of a sweep grid
  // (people + accounts) x (warm-up + horizon days): a proxy for the events (and memory) of one
  // replication.
  static constexpr double max_work_estimate = 2e9;
  // The same times replications and design points: the whole run (about 1e15 is days of CPU).
  static constexpr double max_run_work_estimate = 1e15;
};

// Reads .txtpb (or .json, by extension), resolves `base:` overlays, applies overrides, fills
// defaults and validates. Throws ScenarioError listing every problem found (up to a cap).
// A relative path, and a relative `base:`, not found where written is looked for in the scenario
// search folders (sim/scenario/search.h: $SALESIM_SCENARIO_PATH, then the installed scenarios).
v1::Scenario load_scenario(const std::string& path, const LoadOptions& options = {});

// Like load_scenario, from text already in memory; `file_name` labels diagnostics and anchors
// relative `base:` paths; `json` picks the Protobuf JSON mapping instead of text format.
v1::Scenario load_scenario_from_string(const std::string& text, const std::string& file_name,
                                       bool json = false, const LoadOptions& options = {});

// Sets one field by path through protobuf reflection, type-checked: "team.cohorts[pm].count",
// "competitors[0].strength", "market.segments[large].quarterly_seasonality[3]". Repeated messages
// by index or by their `name`; enums by name; a Distribution field given a number becomes
// `fixed`; a message field accepts text format in braces ("{ uniform { min: 1 max: 3 } }").
// Throws ScenarioError (file "--set") when the path or value is wrong.
void set_field(v1::Scenario& scenario, const std::string& path, const std::string& value);

// Reading by the same paths (the viewer's what-if knobs). A sub-message the scenario lacks reads as
// its defaults (0, false, the first enum value); both throw ScenarioError when the path is wrong.
//   field_at(s, "formation.offside.am_share")      the field's descriptor, e.g. for its
//                                                   (salesim.v1.param) option (model::param_of)
//   get_field(s, "team.cohorts[pm].count") == "3"   the value as set_field takes it: "0.5", "true",
//                                                   "GO_BIG", a message as "{ fixed: 24 }"
const google::protobuf::FieldDescriptor* field_at(const v1::Scenario& scenario, const std::string& path);
std::string get_field(const v1::Scenario& scenario, const std::string& path);
// The keys of a list's elements as paths write them: the element's name where it has one, else its
// index. element_keys(s, "competitors") == {"NorthSoft", "EastERP", "GlobalSuite"}.
std::vector<std::string> element_keys(const v1::Scenario& scenario, const std::string& list_path);

// Applies one "path=value" assignment (the --set syntax).
void apply_override(v1::Scenario& scenario, const std::string& assignment);

// Validates a resolved scenario (used after set_field in sweeps); empty when valid. The
// diagnostics carry field paths but no file positions (load_scenario adds those).
std::vector<Diagnostic> validate(const v1::Scenario& scenario);

// One policy phase (scenario.phases) as the model runs it.
struct PhaseScenario {
  std::string name;
  double start_day = 0;
  // In force from start_day on: the scenario with this phase's set and the sets of the phases
  // before it overlaid, defaults filled, no phases.
  v1::Scenario scenario;
  // What the phase changes, one entry per field its set writes: "formation.offside.enabled: true -> false".
  std::vector<std::string> changes;
};
// The phases of a valid scenario in the order they apply (by start_day; ties in file order).
std::vector<PhaseScenario> phase_scenarios(const v1::Scenario& scenario);

// The resolved scenario as Protobuf text (for `salesim validate --print` and the output echo).
std::string to_text(const v1::Scenario& scenario);

// docs/scenario-reference.md: every message, field and enum of the schema with its comment,
// generated from the .proto descriptors compiled into this library (`salesim schema`).
// One model parameter of the schema: its path as docs/model.md prints it
// ("market.segments[].accounts", "deals.basic_module_hours") and its field. Leaves are scalars,
// Distribution fields and message fields that carry a default_text or keep_absent. Excludes
// `experiment` (run settings, not model parameters). In schema order.
struct ParamLeaf {
  std::string path;
  const google::protobuf::FieldDescriptor* field;
};
std::vector<ParamLeaf> model_parameters();

// `markdown` (docs/model.md) with every `<!-- params: PATTERN... -->` and
// `<!-- matrix: PATH -->` block regenerated up to its `<!-- /params -->` (see model_tables.cpp).
// Patterns that match no parameter are appended to `unknown_patterns` when given.
std::string model_tables(const std::string& markdown, std::vector<std::string>* unknown_patterns = nullptr);

std::string reference_markdown();

}  // namespace salesim::scenario
