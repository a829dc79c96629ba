// The what-if panel's logic, free of widgets: the knobs of a scenario, applying them to a copy,
// and re-running it with common random numbers against the loaded baseline.
//
// A knob is a scenario field named by its --set path (kWhatIfKnobPaths, one line each). Its
// label, unit, range and step come from the field's (salesim.v1.param) option, its value is read
// from the scenario by reflection and written back through scenario::set_field, so a new knob
// costs one line and nothing here or in the window changes.
//
//   Knobs k = knobs_from_scenario(results.plans(0).scenario());
//   find_knob(k, "team.cohorts[pm].count")->value = 4;          // one more PM
//   v1::Results shown = run_what_if(results, k, settings);       // baseline + "what-if" plan
//
// The run goes through the experiment layer (run_plans) with the baseline's seed and replication
// count, so both plans see the same market; the baseline plan shown is the loaded one, unchanged.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "salesim/v1/scenario.pb.h"

namespace salesim::viz {

// The what-if panel's knobs, in panel order: scenario field paths in the --set syntax. "[*]"
// stands for every element of the list (by name), e.g. one head-count knob per cohort.
inline const std::vector<std::string> kWhatIfKnobPaths = {
    "team.cohorts[*].count",
    "formation.offside.enabled",
    "formation.offside.am_share",
    "formation.offside.queue_threshold",
    "formation.misplaced.enabled",
    "formation.misplaced.pm_hunting_share",
    "formation.covering.enabled",
    "formation.covering.wait_days",
    "competitors[*].strength",
};

// A spin box cannot show an open side of a range: it stops here (and at -kOpenBound).
inline constexpr double kOpenBound = 1e6;

// One knob: a scenario field, how its editor looks, and its value.
struct Knob {
  std::string path;     // the field, "[*]" expanded: "team.cohorts[pm].count"
  std::string group;    // heading it sits under: "Head count", "Offside"
  std::string label;    // its row: "pm", "AM does the stage himself", "enabled"
  std::string unit;     // the schema's unit: "people", "share", "days" (may be empty)
  std::string subject;  // who it changes, for plan labels: "pm", "offside"
  bool element = false;  // a field of a list element: `group` names the field, `label` the element
  bool toggle = false;   // a bool field: a check box, value 0 or 1
  bool integer = false;  // whole numbers (an integral field, or the schema says `integer`)
  // Editor range: the schema's bounds; an exclusive bound moved in by the smallest step shown
  // (10^-decimals), an open side at +-kOpenBound.
  double min = 0;
  double max = 1;
  double step = 1;    // 1 for whole numbers; span/20 for a closed range; else 1 (min only) or 0.1
  int decimals = 0;   // 0 for whole numbers; else 2, or more when the scenario's value needs them
  double value = 0;   // as read from the scenario (defaults filled)
  bool operator==(const Knob&) const = default;
};
using Knobs = std::vector<Knob>;

// The knobs `paths` make of `scenario` (a "[*]" path gives one knob per element, none for an
// empty list). Throws std::runtime_error (scenario::ScenarioError) for a path that does not
// resolve or a field that is neither a number nor a switch; an empty list when this build has no
// scenario layer.
Knobs knobs_from_scenario(const v1::Scenario& scenario,
                          const std::vector<std::string>& paths = kWhatIfKnobPaths);
// The knob at `path`, or nullptr.
Knob* find_knob(Knobs& knobs, std::string_view path);
const Knob* find_knob(const Knobs& knobs, std::string_view path);
// Sets, through scenario::set_field, each knob's field whose value differs from `scenario`'s, and
// nothing else (an absent field stays absent, to take its default).
void apply_knobs(const Knobs& knobs, v1::Scenario& scenario);
// Short description of what differs from `base` (knobs matched by path), for the plan label:
// "pm 3→4, offside on, covering wait days 14→7". A subject with one knob is named alone.
std::string describe_change(const Knobs& base, const Knobs& changed);

// What a background run needs; mirrors experiment::RunOptions.
struct RunSettings {
  std::uint32_t replications = 0;  // 0: the scenario's own
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;  // any thread
  const std::atomic<bool>* cancel = nullptr;
};

// Runs plans; the default is experiment::run_plans. Tests pass a fake.
using PlanRunner = std::function<v1::Results(const std::vector<v1::Scenario>& plans,
                                             const std::vector<std::string>& names,
                                             const RunSettings& settings)>;

// Thrown when a run was cancelled (by RunSettings::cancel).
struct RunCancelled : std::runtime_error {
  RunCancelled() : std::runtime_error("cancelled") {}
};

// True when this build links the experiment layer (run_plans); false: scenario files and the
// what-if panel are unavailable and say so.
bool simulation_available();
// experiment::run_plans behind PlanRunner; throws std::runtime_error when not built in.
PlanRunner default_runner();

// Loads a scenario file (overlays, validation) and runs it as one plan: the viewer's
// "open a scenario". Throws std::runtime_error with the loader's message.
v1::Results run_scenario_file(const std::string& path, const RunSettings& settings,
                              const PlanRunner& runner = default_runner());

// The name the what-if plan gets in charts.
inline constexpr const char* kWhatIfPlanName = "what-if";

// Re-runs plans[0] of `baseline` with `knobs` against it under common random numbers (same seed,
// same replication count) and returns `baseline` with the new plan and its paired comparison
// added (replacing an earlier what-if plan). A RUN becomes a COMPARE. Not for sweeps.
v1::Results run_what_if(const v1::Results& baseline, const Knobs& knobs, const RunSettings& settings,
                        const PlanRunner& runner = default_runner());

// The merge step of run_what_if: `fresh` is run_plans({base, what-if}) output.
v1::Results merge_what_if(const v1::Results& baseline, const v1::Results& fresh, const std::string& label);

// Replications per plan in `results` (n of the first summary), 0 if unknown.
std::uint32_t replications_of(const v1::Results& results);

}  // namespace salesim::viz
