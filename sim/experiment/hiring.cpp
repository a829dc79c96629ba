// with_hires: the --hire SPEC of compare as cohorts that join later. See hiring.h.
#include "sim/experiment/hiring.h"

#include "sim/experiment/scenario_io.h"
#include "sim/experiment/writers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace salesim::experiment {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

bool role_of(const std::string& name, v1::Role& role) {
  if (name == "am" || name == "ACCOUNT_MANAGER") role = v1::ACCOUNT_MANAGER;
  else if (name == "pm" || name == "PROJECT_MANAGER") role = v1::PROJECT_MANAGER;
  else if (name == "presales" || name == "PRESALES") role = v1::PRESALES;
  else if (name == "manager" || name == "MANAGER") role = v1::MANAGER;
  else return false;
  return true;
}

// A whole number in [lo, hi] written in decimal digits (no sign, point or exponent).
bool whole(const std::string& text, std::uint32_t lo, std::uint32_t hi, std::uint32_t& out) {
  if (text.empty() || text.size() > 9) return false;
  for (char ch : text)
    if (ch < '0' || ch > '9') return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= lo && out <= hi;
}

bool cohort_named(const v1::Scenario& s, const std::string& name) {
  for (const auto& c : s.team().cohorts())
    if (c.name() == name) return true;
  return false;
}

}  // namespace

v1::Scenario with_hires(v1::Scenario base, const std::string& spec) {
  if (spec.empty()) throw std::invalid_argument("empty; write ROLE[:COHORT]=N[@DAY], e.g. pm=1 or am:am_new=2@90");
  const std::vector<std::string> items = split(spec, '+');
  if (items.size() > kMaxHireItems)
    throw std::invalid_argument(std::to_string(items.size()) + " items; at most " + std::to_string(kMaxHireItems) +
                                " in one plan (give each cohort's total once, e.g. pm=3)");
  std::vector<std::string> seen;  // cohort@day already hired in this spec
  std::string label = "hire";
  for (const std::string& item : items) {
    const std::string where = "'" + (item.size() > 40 ? item.substr(0, 37) + "..." : item) + "'";
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument(where + ": no '='; write ROLE[:COHORT]=N[@DAY], e.g. pm=1");
    const std::string who = item.substr(0, eq), amount = item.substr(eq + 1);
    const std::size_t colon = who.find(':');
    const std::string role_name = who.substr(0, colon);
    const std::string cohort_name = colon == std::string::npos ? "" : who.substr(colon + 1);
    if (colon != std::string::npos && cohort_name.empty())
      throw std::invalid_argument(where + ": no cohort name after ':'; write ROLE:COHORT=N, or ROLE=N for the role's first cohort");
    v1::Role role{};
    if (!role_of(role_name, role))
      throw std::invalid_argument(where + ": unknown role '" + role_name + "' (am, pm, presales or manager)");
    const std::size_t at = amount.find('@');
    std::uint32_t n = 0, day = 1;
    if (!whole(amount.substr(0, at), 1, 10000, n))
      throw std::invalid_argument(where + ": N must be a whole number of people from 1 to 10000, not '" + amount.substr(0, at) + "'");
    if (at != std::string::npos && !whole(amount.substr(at + 1), 1, 36500, day))
      throw std::invalid_argument(where + ": DAY must be a whole calendar day from 1 to 36500, not '" + amount.substr(at + 1) +
                                  "' (day 0 would be the standing team)");
    const double horizon = base.experiment().horizon_days();
    if (horizon > 0 && day >= horizon)
      throw std::invalid_argument(where + ": day " + std::to_string(day) + " is not within the horizon (" +
                                  format_number(horizon) + " days): they would never join");
    const v1::Cohort* like = nullptr;
    for (const auto& c : base.team().cohorts()) {
      if (cohort_name.empty() ? c.role() == role : c.name() == cohort_name) {
        like = &c;
        break;
      }
    }
    if (like == nullptr) {
      std::string names;
      for (const auto& c : base.team().cohorts())
        if (c.role() == role) names += (names.empty() ? "" : ", ") + c.name();
      throw std::invalid_argument(where + ": " +
                                  (cohort_name.empty() ? std::string("the scenario has no cohort of role ") + role_name +
                                                             " to take the hires' skills from; write ROLE:COHORT"
                                                       : std::string("no cohort named '").append(cohort_name).append("'") +
                                                             (names.empty() ? "" : " (cohorts of role " + role_name + ": " + names + ")")));
    }
    if (like->role() != role)
      throw std::invalid_argument(where + ": cohort '" + like->name() + "' is of another role than " + role_name);
    const std::string key = like->name() + "@" + std::to_string(day);
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      throw std::invalid_argument(where + ": cohort '" + like->name() + "' on day " + std::to_string(day) +
                                  " twice in one spec; give the total once (e.g. pm=2)");
    seen.push_back(key);
    label.append("_").append(std::to_string(n)).append(like->name());
    if (day != 1) label.append("@").append(std::to_string(day));
    v1::Cohort hire = *like;
    std::string name = std::string("hire_").append(like->name());
    for (int k = 2; cohort_named(base, name); ++k) name = std::string("hire_").append(like->name()).append("_").append(std::to_string(k));
    hire.set_name(name);
    hire.set_count(n);
    hire.set_start_day(day);
    hire.mutable_tenure_months()->Clear();
    hire.mutable_tenure_months()->set_fixed(0);
    hire.mutable_installed_accounts()->Clear();
    hire.mutable_installed_accounts()->set_fixed(0);
    *base.mutable_team()->add_cohorts() = std::move(hire);
  }
  base.set_name(label);
  // The plan must be a valid scenario (e.g. a team within the head-count limit): say so here, as
  // part of --hire, rather than about a cohort the user never wrote.
  v1::Scenario check = base;
  try {
    prepare_for_run(check);
  } catch (const ScenarioLoadError& e) {
    throw std::invalid_argument(std::string("the plan these hires make is not a valid scenario: ") + e.what());
  }
  return base;
}

}  // namespace salesim::experiment
