// The method of simulated moments (step 4 of `salesim fit`): the few latent parameters a CRM
// export cannot show directly (how many buying projects the market has, the base utilities of
// winning and of no decision) are searched so that exports simulated from the scenario reproduce
// the observed win rate, no-decision share and opportunities per AM per quarter.
//
//   MsmResult r = fit_msm(scenario, export_moments(observed), simulator, {.budget = 400});
//
// Objective: J(theta) = sum_k ((m_k(theta) - o_k) / se_k)^2 over the moments k, m_k pooled over
// R replications of `simulator`, o_k observed with standard error se_k (moments.h). Common random
// numbers: every evaluation uses the same replication keys 0 .. R-1, so J is a deterministic
// function of theta and the optimiser (NLopt LN_BOBYQA, Powell 2009, bounded, derivative-free)
// sees no simulation noise between nearby points. At most `budget` replications in all, the last
// (k + 1) R of them for the standard errors.
//
// Standard errors: the MSM sandwich for an exactly identified system (McFadden 1989; Gourieroux &
// Monfort 1996, section 2.2): Var(theta) = (1 + 1/R) G^-1 S G^-T, G = dm/dtheta by forward
// differences under the same keys, S the covariance of the observed moments (the win and
// no-decision shares multinomial, opportunities Poisson).
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "salesim/v1/scenario.pb.h"
#include "sim/calibration/crm.h"
#include "sim/calibration/moments.h"

namespace salesim::calibration {

// A simulated export of `scenario` for replication `key`; must be deterministic in (scenario, key).
using ExportSimulator = std::function<CrmExport(const v1::Scenario& scenario, std::uint64_t key)>;

// The smallest budget fit_msm takes: 3 (p + 1) replications for p = 3 parameters (the project-rate
// scale and the two utilities), at one replication per evaluation. `salesim fit --budget` takes
// [kMinMsmBudget, 10000000]; fit_msm throws std::invalid_argument below what its p needs.
inline constexpr std::uint32_t kMinMsmBudget = 12;

struct MsmOptions {
  std::uint32_t budget = 400;  // replications in all (evaluations x replications per evaluation)
  // Replications pooled per evaluation; 0: budget / 50, at least 1.
  std::uint32_t replications_per_evaluation = 0;
  std::ostream* progress = nullptr;  // one line per evaluation, e.g. std::cerr
};

struct MsmParameter {
  std::string field;  // "deals.win_base_utility", or "market.segments[NAME].projects_per_account_per_year"
  std::string label;  // what it is, for the report
  double value = 0, se = 0, lo = 0, hi = 0;  // estimate, standard error, 95% interval
  // False when the data do not pin it down: no standard error, or the 95% interval runs past the
  // search bounds (`bounds`, e.g. "[-6, 6]"). `salesim fit` does not write such a value.
  bool identified = true;
  std::string bounds;
};

struct MsmResult {
  std::vector<MsmParameter> parameters;  // one per segment for the project rate scale
  std::vector<std::string> moment_names;
  std::vector<double> observed, simulated, observed_se;
  double objective = 0;
  std::uint32_t evaluations = 0, replications = 0, replications_per_evaluation = 0;
  double rate_scale = 1, rate_scale_se = 0;  // the common multiplier of every segment's project rate
  std::string note;                          // e.g. which moments were left out and why
  v1::Scenario fitted;                       // the scenario with the fitted values
};

// `scenario` is the resolved scenario with the direct fits applied (the starting point). Throws
// std::invalid_argument when the observed moments leave nothing to fit (no closed deals).
MsmResult fit_msm(const v1::Scenario& scenario, const ExportMoments& observed, const ExportSimulator& simulate,
                  const MsmOptions& options);

}  // namespace salesim::calibration
