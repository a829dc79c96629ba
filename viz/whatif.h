// The what-if panel's logic, free of widgets: the staffing knobs of a scenario, applying them to
// a copy, and re-running it with common random numbers against the loaded baseline.
//
//   Knobs k = knobs_from_scenario(results.plans(0).scenario());
//   k.cohorts[1].count = 4;                                   // one more PM
//   v1::Results shown = run_what_if(results, k, settings);   // baseline + "what-if" plan
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
#include <vector>

#include "salesim/v1/results.pb.h"
#include "salesim/v1/scenario.pb.h"

namespace salesim::viz {

struct CohortKnob {
  std::string name;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::uint32_t count = 0;
  bool operator==(const CohortKnob&) const = default;
};

struct CompetitorKnob {
  std::string name;
  double strength = 0;
  bool operator==(const CompetitorKnob&) const = default;
};

// The staffing knobs of issue 6, each a scenario field.
struct Knobs {
  std::vector<CohortKnob> cohorts;            // team.cohorts[i].count
  bool offside_enabled = false;               // formation.offside.enabled
  double offside_am_share = 0;                // formation.offside.am_share
  std::uint32_t offside_queue_threshold = 0;  // formation.offside.queue_threshold
  bool misplaced_enabled = false;             // formation.misplaced.enabled
  double misplaced_pm_hunting_share = 0;      // formation.misplaced.pm_hunting_share
  bool covering_enabled = false;              // formation.covering.enabled
  double covering_wait_days = 0;              // formation.covering.wait_days
  std::vector<CompetitorKnob> competitors;    // competitors[i].strength

  bool operator==(const Knobs&) const = default;
};

Knobs knobs_from_scenario(const v1::Scenario& scenario);
// Sets the knobs' fields on `scenario` (cohorts and competitors matched by position).
void apply_knobs(const Knobs& knobs, v1::Scenario& scenario);
// Short description of what differs from `base`, e.g. "pm 3→4, offside on" (for the plan label).
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
