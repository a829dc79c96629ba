// People dynamics: tenure and ramp, learning by doing and by mentoring (a mentor takes at most
// max_mentees), attrition whose hazard rises with missed target, replacement hiring after a
// time-to-fill (the hire inherits the leaver's accounts), promotion of an AM to PM after enough
// big deals worked beside a PM or a covering manager. Installed accounts renew when farmed and
// churn when neglected.
#include <algorithm>
#include <cmath>

#include "sim/model/world.h"

namespace salesim::model {

double World::tenure_months(const Person& p) const {
  return std::max(0.0, p.tenure0_months + (sim_.now() - p.join_day) / 30.4375 + p.ramp_credit_months);
}

double World::ramp(const Person& p) const {
  if (c_.ramp_months <= 0) return 1.0;
  return std::min(1.0, c_.ramp_floor + (1.0 - c_.ramp_floor) * tenure_months(p) / c_.ramp_months);
}

int World::add_person(int cohort, std::uint64_t key, double tenure, bool new_hire) {
  const CohortConfig& co = c_.cohorts[cohort];
  Person p;
  p.role = co.role;
  p.cohort = cohort;
  p.segment = co.segment;
  p.hours_per_week = co.hours_per_week;
  p.annual_target = co.annual_target;
  p.tenure0_months = tenure;
  p.join_day = sim_.now();
  p.key = key;
  kernel::Rng r = stream(p_people, key, 1);
  const auto& dists = (new_hire && c_.has_new_hire_skills) ? c_.new_hire_skills : co.skills;
  for (int s = 0; s < kSkills; ++s) p.skill[s] = std::clamp(dists[s].draw(r), 0.02, 1.0);
  people_.push_back(p);
  return static_cast<int>(people_.size() - 1);
}

void World::on_hire(std::uint64_t id) {
  const int p = static_cast<int>(id);
  people_[p].active = people_[p].joined = true;
  people_[p].join_day = sim_.now();
  k_[kpi::hires] += 1;
  const int old = people_[p].replaces;
  if (old >= 0) {
    for (int a : installed_list_)
      if (accounts_[a].owner == old) accounts_[a].owner = p;
    people_[p].farm_need = people_[old].farm_need;
    people_[old].farm_need = 0;
  }
  assign_mentor(p);
  trace("person.hire", id, [&] {
    return who(p) + " joins" + (old >= 0 ? " (replacing " + who(old) + ")" : "");
  });
}

void World::assign_mentor(int id) {
  if (tenure_months(people_[id]) >= c_.ramp_months || people_[id].role == manager || !measuring_) return;
  int best = -1;
  for (std::size_t q = 0; q < people_.size(); ++q) {
    const Person& m = people_[q];
    if (!m.active || static_cast<int>(q) == id || m.mentees >= static_cast<int>(c_.max_mentees)) continue;
    // A manager or a veteran of the same role, whoever has the fewest mentees.
    const bool can = m.role == manager || (m.role == people_[id].role && tenure_months(m) >= c_.veteran_months);
    if (!can) continue;
    if (best < 0 || m.mentees < people_[best].mentees) best = static_cast<int>(q);
  }
  if (best < 0) return;
  people_[id].mentor = best;
  people_[best].mentees += 1;
}

void World::attrition(int week, double frac) {
  if (!measuring_) return;  // the team at day 0 is the team the scenario states
  const double now = sim_.now();
  for (std::size_t i = 0; i < people_.size(); ++i) {
    Person& p = people_[i];
    if (!p.active) continue;
    double miss = 0;
    const double on_job = now - std::max(t0_, p.join_day);
    if (p.annual_target > 0 && on_job >= 91) {
      const double expected = p.annual_target * on_job / 365.0 * ramp(p);
      miss = std::max(0.0, 1.0 - p.booked / expected);
    }
    const double hazard = c_.attrition_base * (1.0 + c_.attrition_slope * miss);
    const double prob = 1.0 - std::exp(-hazard * frac * 7.0 / 365.0);
    if (draw_u(p_attrition, p.key, static_cast<std::uint64_t>(week)) < prob) leave(static_cast<int>(i));
  }
}

void World::leave(int id) {
  people_[id].active = false;
  k_[kpi::leavers] += 1;
  const Role role = people_[id].role;
  trace("person.leave", static_cast<std::uint64_t>(id), [&] {
    return who(id) + " leaves after booking " + std::to_string(static_cast<long long>(people_[id].booked)) + " CNY";
  });
  if (people_[id].mentor >= 0) people_[people_[id].mentor].mentees -= 1;
  people_[id].mentor = -1;
  for (std::size_t q = 0; q < people_.size(); ++q)
    if (people_[q].mentor == id) {
      people_[q].mentor = -1;
      people_[id].mentees -= 1;
      if (people_[q].active) assign_mentor(static_cast<int>(q));
    }
  people_[id].mentees = 0;
  // His deals: another AM takes the ones he owns; PM/presales stages go back to the pool.
  for (std::size_t i = 0; i < active_deals_.size(); ++i) {
    const int d = active_deals_[i];
    Deal& deal = deals_[d];
    if (deal.status != DealStatus::open && deal.status != DealStatus::closing) continue;
    if (deal.owner == id) {
      const int o = pick_owner(deal.segment, -1);
      people_[id].open_deals_owned -= 1;
      deal.owner = o;
      if (o < 0) { lose(d); continue; }
      people_[o].open_deals_owned += 1;
    }
    const bool was_worker = deal.worker == id;
    if (deal.pm == id) deal.pm = deal.owner != id && people_[id].role == am ? deal.owner : -1;
    if (deal.presales_person == id) deal.presales_person = people_[id].role == am ? deal.owner : -1;
    if (was_worker && deal.status == DealStatus::open) staff_stage(d, stage_role(deal, deal.stage));
  }
  people_[id].slots = 0;
  if (c_.replace_leavers && role != manager) {
    kernel::Rng r = stream(p_hire, people_[id].key);
    const double ttf = std::max(0.0, c_.time_to_fill.draw(r));
    const std::uint64_t key = (std::uint64_t{1} << 40) | hires_counter_++;
    const int q = add_person(people_[id].cohort, key, 0.0, true);
    people_[q].replaces = id;
    people_[q].role = role;
    if (sim_.now() + ttf < end_) sim_.schedule_at(sim_.now() + ttf, h_hire_, static_cast<std::uint64_t>(q));
  }
}

void World::learn_by_doing(const Deal& d) {
  if (c_.learning_per_deal <= 0 || !measuring_) return;
  for (int s = 0; s < kStages; ++s) {
    const int w = d.worked_by[s];
    if (w < 0) continue;
    Person& p = people_[w];
    const Skill k = s == 0 ? prospecting : (s <= 2 ? solutioning : (s == 3 ? deal_running : negotiation));
    p.skill[k] += c_.learning_per_deal * (1.0 - p.skill[k]);
    if (s == 4 && d.type == big_project) p.skill[exec_access] += c_.learning_per_deal * (1.0 - p.skill[exec_access]);
  }
}

void World::maybe_promote(int id) {
  Person& p = people_[id];
  if (c_.promotion_deals == 0 || p.role != am || !p.active || !measuring_) return;
  if (p.mentored_big_deals < static_cast<int>(c_.promotion_deals) || tenure_months(p) < 12) return;
  p.role = pm;
  p.slots = 0;
  k_[kpi::promotions] += 1;
  trace("person.promote", static_cast<std::uint64_t>(id), [&] { return who(id) + " promoted from AM to PM"; });
  release(id, pm);  // serve the PM queue at once (slots 0 stays 0)
}

void World::install_account(int a, int owner, bool big_sold) {
  Account& acc = accounts_[a];
  acc.installed = true;
  acc.owner = owner;
  acc.health = 1.0;
  acc.big_sold = big_sold;
  kernel::Rng r = stream(p_account, static_cast<std::uint64_t>(a));
  acc.renewal = std::max(0.0, c_.segments[acc.segment].renewal.draw(r));
  people_[owner].farm_need += c_.segments[acc.segment].farming_hours;
  installed_list_.push_back(a);
  schedule_expansion(a);
}

void World::installed_base(int week, double frac) {
  std::size_t keep = 0;
  for (int a : installed_list_) {
    Account& acc = accounts_[a];
    const bool farmed = acc.owner >= 0 && people_[acc.owner].active;
    acc.health = farmed ? std::min(1.0, people_[acc.owner].farm_ratio) : 0.0;
    // Renewals of a farmed account.
    const double renewal = acc.renewal * acc.health * frac * 7.0 / 365.0;
    k_[kpi::revenue] += renewal;
    k_[kpi::revenue_installed_base] += renewal;
    if (farmed) people_[acc.owner].booked += renewal;
    // A neglected account churns.
    const double hazard = c_.segments[acc.segment].churn_per_year * (1.0 - acc.health);
    if (hazard > 0 && draw_u(p_churn, static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(week)) <
                          1.0 - std::exp(-hazard * frac * 7.0 / 365.0)) {
      acc.installed = false;
      if (acc.owner >= 0) people_[acc.owner].farm_need = std::max(0.0, people_[acc.owner].farm_need - c_.segments[acc.segment].farming_hours);
      acc.owner = -1;
      k_[kpi::churned_accounts] += 1;
      trace("account.churn", static_cast<std::uint64_t>(a), [] { return std::string("neglected installed account churns"); });
      continue;
    }
    installed_list_[keep++] = a;
  }
  installed_list_.resize(keep);
}

}  // namespace salesim::model
