// Costs and contribution (docs/model.md "Costs and contribution"): loaded cost for the days a
// person is on the team, commission on the revenue each role brings in, a one-off cost per hire,
// the cost of seats left open, travel and presales cost per deal hour, and gross margin by deal
// type. Everything counts from day 0 (the warm-up costs nothing).
#include <algorithm>

#include "sim/model/model.h"
#include "sim/model/world.h"

namespace salesim::model {

double World::loaded_cost_per_day(const Person& p) const {
  const CohortConfig& co = c_.cohorts[static_cast<std::size_t>(p.cohort)];
  // A promoted AM (or anyone whose role is no longer his cohort's) costs his new role's rate.
  const double per_year = p.role == co.role ? co.loaded_cost_per_year : c_.role_cost_per_year[p.role];
  return per_year / 365.0;
}

void World::accrue(int id) {
  Person& p = people_[static_cast<std::size_t>(id)];
  const double from = std::max(p.cost_since, 0.0), to = day();
  if (p.active && to > from) {
    people_cost_paid_ += loaded_cost_per_day(p) * (to - from);
    head_days_paid_ += to - from;
  }
  p.cost_since = to;
}

void World::close_vacancy(int id) {
  Person& p = people_[static_cast<std::size_t>(id)];
  if (!p.vacancy_open) return;
  vacancy_cost_paid_ += c_.vacancy_cost_per_day * std::max(0.0, day() - std::max(p.vacancy_since, 0.0));
  p.vacancy_open = false;
}

void World::add_commission(const Deal& d, double revenue) {
  // Each role that worked the deal once: the owner, the PM (or covering manager), presales.
  double share = 0;
  if (d.owner >= 0) share += c_.commission[people_[d.owner].role];
  if (d.pm >= 0 && d.pm != d.owner) share += c_.commission[people_[d.pm].role];
  if (d.presales_person >= 0 && d.presales_person != d.owner && d.presales_person != d.pm)
    share += c_.commission[people_[d.presales_person].role];
  k_[kpi::cost_commission] += revenue * share;
}

World::Economics World::economics() const {
  Economics e;
  e.margin = c_.margin[basic_module] * k_[kpi::revenue_basic_module] + c_.margin[expansion] * k_[kpi::revenue_expansion] +
             c_.margin[big_project] * k_[kpi::revenue_big_project] + c_.renewal_margin * k_[kpi::revenue_installed_base];
  e.people = people_cost_paid_;
  e.head_days = head_days_paid_;
  e.vacancy = vacancy_cost_paid_;
  const double now = day();
  for (const Person& p : people_) {
    if (p.active && now > std::max(p.cost_since, 0.0)) {
      const double days = now - std::max(p.cost_since, 0.0);
      e.people += loaded_cost_per_day(p) * days;
      e.head_days += days;
    }
    if (p.vacancy_open) e.vacancy += c_.vacancy_cost_per_day * std::max(0.0, now - std::max(p.vacancy_since, 0.0));
  }
  e.commission = k_[kpi::cost_commission];
  e.hiring = c_.hiring_cost * k_[kpi::hires];
  double deal_hours = 0;
  for (std::size_t r = 0; r < kpi::kRoles; ++r)
    deal_hours += k_[kpi::hours_index(r, deal_work)] + k_[kpi::hours_index(r, offside)] + k_[kpi::hours_index(r, covering)];
  e.deal_hours = c_.deal_hour_cost * deal_hours;
  return e;
}

double planned_people_cost_per_year(const v1::Scenario& scenario) {
  const Config c = Config::from_scenario(scenario);
  double total = 0;
  for (const CohortConfig& co : c.cohorts) total += co.count * co.loaded_cost_per_year;
  return total;
}

}  // namespace salesim::model
