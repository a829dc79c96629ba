// Fault attribution: how much of the gap between a scenario and its disciplined twin (same team,
// market and seed, every formation fault switched off) each fault — offside, misplaced, covering —
// is responsible for, as Shapley values over the on/off combinations of the faults.
//
//   v1::Results r = run_attribution(scenario, {"revenue", "win_rate"}, options);
//   for (const v1::Attribution& a : r.attributions())  // one per KPI
//     a.twin_mean() + sum of a.shares(j).mean() == a.scenario_mean()   (to rounding)
//
// The game. With F the m faults switched on in the scenario and v(S) the KPI with exactly the
// faults in S ⊆ F on (the others off), fault f's Shapley value is
//   phi_f = sum over S ⊆ F \ {f} of |S|! (m - |S| - 1)! / m! * (v(S ∪ {f}) - v(S)),
// its marginal effect averaged over the m! orders of switching the faults on (L. S. Shapley,
// "A value for n-person games", in Contributions to the Theory of Games II, Annals of Mathematics
// Studies 28, Princeton, 1953, pp. 307-317; the same formula as in S. M. Lundberg and S.-I. Lee,
// "A unified approach to interpreting model predictions", NeurIPS 2017, eq. 4). Efficiency:
// sum_f phi_f = v(F) - v(∅), the whole gap, in every replication; a fault that changes nothing in
// any combination (a dummy) gets exactly 0; symmetric faults share equally.
//
// The experiment. All 2^m variants run under common random numbers (replication i of each sees
// the same market), as the plans of one compare: plan index = the bit mask of the faults on (bit k
// = enabled_faults()[k]), so plans[0] is the disciplined twin and plans[2^m - 1] the scenario.
// phi_f is a fixed linear combination of the variants' KPI means, so its mean and 95% t-interval
// come from the per-replication values of that combination (statistics.h paired_contrast); a ratio
// KPI (win_rate = deals_won / deals_closed) combines the variants' ratio-of-sums estimates, with
// a delta-method interval (ratio_contrast), consistent with the summaries of `salesim run`.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "salesim/v1/scenario.pb.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/statistics.h"

namespace salesim::experiment {

// The faults attribution knows, in the order they are numbered: offside, misplaced, covering.
const std::vector<std::string>& fault_names();

// The faults switched on in `scenario`, in fault_names() order: formation.<fault>.enabled, or a
// phase whose `set` switches it on.
std::vector<std::string> enabled_faults(const v1::Scenario& scenario);

// `scenario` with the faults in `off` switched off: formation.<fault>.enabled = false, and no phase
// switches them on again. Throws std::invalid_argument for a name not in fault_names().
v1::Scenario with_faults_off(v1::Scenario scenario, const std::vector<std::string>& off);

// The variant of `scenario` for bit mask `mask` over `faults`: fault k stays on iff bit k is set.
v1::Scenario variant(const v1::Scenario& scenario, const std::vector<std::string>& faults, std::size_t mask);

// Plan name of a mask: "disciplined" for 0, else the faults on joined by '+' ("offside+covering").
std::string variant_name(const std::vector<std::string>& faults, std::size_t mask);

// The Shapley value of each player f of an m-player game (m <= 16) as weighted marginal effects:
// terms[f] = {w(|S|), S ∪ {f}, S} for each mask S without f, w(s) = s! (m - s - 1)! / m!, so that
// phi_f = sum of w * (v[S ∪ {f}] - v[S]) (exactly 0 for a player who never changes v).
std::vector<std::vector<ContrastTerm>> shapley_terms(std::size_t m);

// Shapley values of the game v (v.size() == 2^m, v[mask] = value with the players of mask on).
std::vector<double> shapley_values(std::span<const double> v);

// The attribution of KPI `kpi` in the results of the 2^m variants (plans in mask order, plan
// names as variant_name, one design point each). Replications where some variant's value (or,
// for a ratio KPI, its numerator or denominator) is NaN are left out. Throws std::invalid_argument
// for a KPI the results do not have or plans that do not match the faults.
v1::Attribution attribute_kpi(const v1::Results& results, const std::vector<std::string>& faults, const std::string& kpi);

// Runs the 2^m variants of `scenario` over its enabled faults as one compare under common random
// numbers (run_plans; options.common_random_numbers is forced on) and adds the attribution of each
// of `kpis`. With no fault on, throws std::invalid_argument (there is nothing to attribute).
v1::Results run_attribution(const v1::Scenario& scenario, const std::vector<std::string>& kpis, RunOptions options);

// attribution.csv: kpi,fault,mean,ci_low,ci_high,share_of_gap,n, one row per KPI and fault, plus
// the rows "twin", "gap" and "scenario" of each KPI (share_of_gap 1 for the gap).
std::string attribution_csv(const v1::Results& results);

}  // namespace salesim::experiment
