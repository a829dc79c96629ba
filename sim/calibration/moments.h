// The moments of an export that the simulated-moments step (msm.h) matches and `salesim backtest`
// compares: computed by this one function for the observed and for the simulated exports, so both
// sides are measured the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/calibration/crm.h"

namespace salesim::calibration {

struct ExportMoments {
  std::uint64_t opportunities = 0, closed = 0, won = 0, lost = 0, no_decision = 0;
  double am_quarters = 0;  // AM person-quarters of exposure (91.25 days each), from hire day or the period start
  double win_rate = kBlank;           // won / closed
  double no_decision_share = kBlank;  // no decision / closed
  double opportunities_per_am_quarter = kBlank;  // opportunities created in the period / am_quarters
  double median_cycle_days = kBlank;  // Kaplan–Meier, open deals censored at the period end
  // Standard errors of the four (binomial, binomial, Poisson, Kaplan–Meier via the band width).
  double win_rate_se = kBlank, no_decision_share_se = kBlank, opportunities_per_am_quarter_se = kBlank,
         median_cycle_days_se = kBlank;
};

// Opportunities count when created inside [period_start_day, period_end_day); closed ones count
// for the shares. AMs: roster entries with role am (an export without a roster: its owners).
ExportMoments export_moments(const CrmExport& data);

}  // namespace salesim::calibration
