// Hiring as people actually arrive: `salesim compare BASE --hire pm=1` turns "one more PM" into a
// plan where a new person joins at tenure 0 on a given day, ramps up and is paid from that day,
// rather than one more veteran on the standing team (what `--set team.cohorts[pm].count=4` means).
//
//   v1::Scenario plan = with_hires(base, "pm=1");              // one PM joins on day 1
//   v1::Scenario plan = with_hires(base, "am:am_new=2@90+presales=1");
//
// SPEC is ITEM[+ITEM...], ITEM is ROLE[:COHORT]=N[@DAY]:
//   ROLE    am | pm | presales | manager (or ACCOUNT_MANAGER ... as in the schema's Role)
//   COHORT  the cohort the hires are like: its skills, hours, segment, personal target, time to
//           fill and loaded cost (default: the first cohort of that role in team.cohorts)
//   N       how many, a whole number 1..10000
//   DAY     the calendar day they join, 1..36500 (default 1; day 0 is the start of the measured
//           horizon, and a cohort with start_day 0 is the standing team, there from the warm-up on)
// Each item adds one cohort named "hire_<COHORT>" (then "hire_<COHORT>_2", ...) with count N,
// start_day DAY and tenure 0: the hires ramp like any new joiner and cost only from DAY on. The
// plan is named after what it adds: "hire_1pm", "hire_2am_new@90_1pm" (N, cohort, @DAY unless 1).
#pragma once

#include <cstddef>
#include <string>

#include "salesim/v1/scenario.pb.h"

namespace salesim::experiment {

// At most this many items in one SPEC.
inline constexpr std::size_t kMaxHireItems = 16;

// `base` with the hires of `spec` added as cohorts and its name set to the plan's label (see
// above). `base` should be loaded (its cohorts' fields and horizon filled). Throws
// std::invalid_argument naming the part of `spec` that is wrong (an unknown role or cohort, a
// cohort of another role, N or DAY not a whole number in range, DAY at or after the horizon, the
// same cohort and day twice, more than kMaxHireItems items) or, when the plan it makes does not
// validate (e.g. too many people), why.
v1::Scenario with_hires(v1::Scenario base, const std::string& spec);

}  // namespace salesim::experiment
