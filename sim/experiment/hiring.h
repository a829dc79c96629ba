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
// start_day DAY and tenure 0: the hires ramp like any new joiner and cost only from DAY on.
#pragma once

#include <string>

#include "salesim/v1/scenario.pb.h"

namespace salesim::experiment {

// `base` with the hires of `spec` added as cohorts (see above). `base` should be loaded (its
// cohorts' fields filled); the result is validated later with the plan (prepare_for_run). Throws
// std::invalid_argument naming the part of `spec` that is wrong (an unknown role or cohort, a
// cohort of another role, N or DAY not a whole number in range).
v1::Scenario with_hires(v1::Scenario base, const std::string& spec);

// A plan label for `spec`: "hire pm=1" becomes "hire_1pm", "am=2+pm=1@90" becomes "hire_2am_1pm@90".
std::string hire_plan_name(const std::string& spec);

}  // namespace salesim::experiment
