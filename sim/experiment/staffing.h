// Staffing plans for `salesim optimise`: head counts per cohort within bounds, the plans a budget
// (and a head-count cap) allows, each plan as a scenario, its yearly people cost, and the model
// replications of a batch of (plan, replication) pairs run in parallel under common random
// numbers (sim/experiment/selection.h chooses among the plans).
//
//   std::vector<CohortRange> vary = resolve_ranges(base, {{"pm", 2, 6}, {"presales", 4, 9}});
//   StaffingSpace space = enumerate_plans(base, vary, /*budget=*/2.4e7, /*max_heads=*/0);
//   v1::Scenario s = plan_scenario(base, vary, space.plans[0].counts);
//
// Costs: a plan's yearly people cost is model::planned_people_cost_per_year (sim/model/model.h):
// the sum over cohorts of count x loaded_cost_cny_per_year (the cohort's, else
// costs.<role>.loaded_cost_cny_per_year), later joiners included.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "salesim/v1/scenario.pb.h"
#include "sim/experiment/selection.h"

namespace salesim::experiment {

// A bad optimisation problem (unknown cohort, empty range, budget below every plan ...): what()
// names the command-line flag at fault, e.g. "--vary: no cohort or role 'pmm' in ...".
struct StaffingError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Yearly people cost of a scenario with defaults filled, CNY/yr: model::planned_people_cost_per_year.
double yearly_people_cost(const v1::Scenario& scenario);

// One decision variable: the head count of one cohort, from low to high (inclusive).
struct CohortRange {
  std::string cohort;     // the scenario's cohort name
  std::uint32_t low = 0, high = 0;
};

// The user's --vary KEY=LOW..HIGH: KEY is a cohort name, or a role (am, pm, presales, manager, or
// the enum names account_manager, project_manager ...) that means the single cohort of that role.
// Throws StaffingError naming --vary for an unknown key, a role with several cohorts (the message
// lists them), a cohort given twice, or LOW > HIGH.
std::vector<CohortRange> resolve_ranges(const v1::Scenario& base, const std::vector<CohortRange>& asked);

struct StaffingPlan {
  std::vector<std::uint32_t> counts;  // one per CohortRange, in their order
  std::uint32_t heads = 0;            // the whole team's head count with these counts
  double yearly_cost = 0;             // yearly_people_cost of the plan's scenario, CNY/yr (from the
                                      // base's and one per-head cost per varied cohort: it is linear)
};

struct StaffingSpace {
  std::vector<StaffingPlan> plans;  // feasible plans, in odometer order (the last range fastest)
  std::uint64_t considered = 0;     // plans in the box before the budget and head cap
  double cheapest = 0;              // cost of the cheapest plan in the box
};

// Every plan in the box with yearly cost <= budget and (max_heads > 0) heads <= max_heads.
// Throws StaffingError naming --budget (or --max-heads) when none is feasible, saying the
// cheapest plan's cost; --vary when the box has more than kMaxSelectionSystems plans.
// `base` must have its defaults filled (prepare_for_run).
StaffingSpace enumerate_plans(const v1::Scenario& base, const std::vector<CohortRange>& ranges, double budget,
                              std::uint32_t max_heads);

// The base scenario with the plan's counts set (team.cohorts[NAME].count).
v1::Scenario plan_scenario(const v1::Scenario& base, const std::vector<CohortRange>& ranges,
                           const std::vector<std::uint32_t>& counts);

// The overlay text of a plan: `base: "<base_path>"` and a team block with the counts (cohorts
// merge by name), after `comment` lines (each prefixed "# ").
std::string plan_overlay(const std::string& base_path, const std::vector<CohortRange>& ranges,
                         const std::vector<std::uint32_t>& counts, const std::vector<std::string>& comment);

// Runs `run(system, replication)` for every pair on `threads` threads (0: all cores) into
// `values` (resized to pairs.size()), in the pairs' order, so the result does not depend on the
// thread count; `finished[i]` (resized too) says which were computed. Checks `cancel` between
// replications and throws Cancelled (runner.h) when it is set, or rethrows the first exception of
// `run`, after the other threads stopped: `values` and `finished` then hold what was done (so it
// can be journaled). `progress(done)` is called after each replication, under a lock.
void run_pairs(std::span<const SelectionPair> pairs, unsigned threads,
               const std::function<double(std::uint32_t, std::uint64_t)>& run, const std::atomic<bool>* cancel,
               const std::function<void(std::uint64_t)>& progress, std::vector<double>& values,
               std::vector<char>& finished);

}  // namespace salesim::experiment
