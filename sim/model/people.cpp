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
  p.cost_since = day();
  p.key = key;
  kernel::Rng r = stream(p_people, key, 1);
  const auto& dists = (new_hire && c_.has_new_hire_skills) ? c_.new_hire_skills : co.skills;
  for (int s = 0; s < kSkills; ++s) {
    p.skill[s] = std::clamp(dists[s].draw(r), 0.02, 1.0);
    // Room to grow shrinks with experience: a veteran is at his ceiling already.
    const double green = c_.veteran_months > 0 ? std::max(0.0, 1.0 - tenure / c_.veteran_months) : 0.0;
    p.ceiling[s] = std::min(1.0, p.skill[s] + c_.learning_headroom * green);
  }
  people_.push_back(p);
  return static_cast<int>(people_.size() - 1);
}

void World::on_hire(std::uint64_t id) {
  const int p = static_cast<int>(id);
  people_[p].active = people_[p].joined = true;
  enlist(p);
  people_[p].join_day = sim_.now();
  people_[p].cost_since = day();
  close_vacancy(p);
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
  // A manager or a veteran of the same role, whoever has the fewest mentees (ties: lowest index).
  for (const Role r : {manager, people_[id].role})
    for (int q : members_[r]) {
      const Person& m = people_[q];
      if (q == id || m.mentees >= static_cast<int>(c_.max_mentees)) continue;
      if (r != manager && tenure_months(m) < c_.veteran_months) continue;
      if (best < 0 || m.mentees < people_[best].mentees || (m.mentees == people_[best].mentees && q < best)) best = q;
    }
  if (best < 0) return;
  set_mentor(id, best);
}

void World::set_mentor(int id, int mentor) {
  Person& p = people_[id];
  if (p.mentor >= 0) {
    Person& old = people_[p.mentor];
    old.mentees -= 1;
    old.mentee_ids.erase(std::find(old.mentee_ids.begin(), old.mentee_ids.end(), id));
  }
  p.mentor = mentor;
  if (mentor < 0) return;
  std::vector<int>& ids = people_[mentor].mentee_ids;
  ids.insert(std::lower_bound(ids.begin(), ids.end(), id), id);
  people_[mentor].mentees += 1;
}

void World::enlist(int id) {
  std::vector<int>& m = members_[people_[id].role];
  m.insert(std::lower_bound(m.begin(), m.end(), id), id);
  refresh_free(id);
}

void World::unlist(int id) {
  std::vector<int>& m = members_[people_[id].role];
  m.erase(std::lower_bound(m.begin(), m.end(), id));
  refresh_free(id);
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

void World::leave(int id, bool let_go) {
  accrue(id);
  people_[id].active = false;
  unlist(id);
  if (!let_go) k_[kpi::leavers] += 1;
  const Role role = people_[id].role;
  trace("person.leave", static_cast<std::uint64_t>(id), [&] {
    return who(id) + " leaves after booking " + std::to_string(static_cast<long long>(people_[id].booked)) + " CNY";
  });
  set_mentor(id, -1);
  for (const int q : std::vector<int>(people_[id].mentee_ids)) {
    set_mentor(q, -1);
    if (people_[q].active) assign_mentor(q);
  }
  people_[id].mentees = 0;
  // His deals: another AM takes the ones he owns; PM/presales stages go back to the pool. In id
  // order, as they stand in active_deals_.
  std::vector<int> touched = std::move(people_[id].deal_ids);
  people_[id].deal_ids.clear();
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (const int d : touched) {
    Deal& deal = deals_[d];
    if (deal.status != DealStatus::open && deal.status != DealStatus::closing) continue;
    if (deal.owner == id) {
      set_owner(d, pick_owner(deal.segment, -1));
      if (deal.owner < 0) { lose(d); continue; }
    }
    const bool was_worker = deal.worker == id;
    if (deal.pm == id) deal.pm = deal.owner != id && people_[id].role == am ? deal.owner : -1;
    if (deal.presales_person == id) deal.presales_person = people_[id].role == am ? deal.owner : -1;
    if (was_worker && deal.status == DealStatus::open) staff_stage(d, stage_role(deal, deal.stage));
  }
  people_[id].slots = 0;
  if (role == pm && c_.promotion_needs_pm_vacancy && measuring_ && !let_go) {
    // A ready AM fills the seat from inside before any outside hire.
    pm_vacancies_ += 1;
    const int ready = ready_for_promotion();
    if (ready >= 0) {
      promote(ready);
      return;
    }
    if (!c_.replace_leavers) return;
    pm_vacancies_ -= 1;  // an outside hire will fill it
  }
  if (c_.replace_leavers && role != manager && !let_go) schedule_replacement(id, role);
}

void World::schedule_replacement(int vacated, Role role) {
  const CohortConfig& co = c_.cohorts[people_[vacated].cohort];
  kernel::Rng r = stream(p_hire, people_[vacated].key);
  const double ttf = std::max(0.0, (co.has_time_to_fill ? co.time_to_fill : c_.time_to_fill).draw(r));
  const std::uint64_t key = (std::uint64_t{1} << 40) | hires_counter_++;
  const int q = add_person(people_[vacated].cohort, key, 0.0, true);
  people_[q].replaces = vacated;
  people_[q].role = role;
  people_[q].vacancy_open = true;  // until he joins (or the horizon ends)
  people_[q].vacancy_since = day();
  if (sim_.now() + ttf < end_) sim_.schedule_at(sim_.now() + ttf, h_hire_, static_cast<std::uint64_t>(q));
}

double World::learn(Person& p, Skill k, double rate) {
  const double gain = rate * std::max(0.0, p.ceiling[k] - p.skill[k]);
  p.skill[k] += gain;
  return gain;
}

void World::learn_by_doing(const Deal& d) {
  if (!measuring_) return;
  if (c_.learning_per_deal > 0)
    for (int s = 0; s < kStages; ++s) {
      const int w = d.worked_by[s];
      if (w < 0) continue;
      Person& p = people_[w];
      const Skill k = s == 0 ? prospecting : (s <= 2 ? solutioning : (s == 3 ? deal_running : negotiation));
      learn(p, k, c_.learning_per_deal);
      if (s == 4 && d.type == big_project) learn(p, exec_access, c_.learning_per_deal);
      refresh_free(w);
    }
  // 传、帮、带: whoever stood beside the covering manager learns to run deals.
  if (d.covered && d.shadow >= 0 && people_[d.shadow].active && c_.shadow_learning > 0) {
    k_[kpi::shadow_skill_gain] += learn(people_[d.shadow], deal_running, c_.shadow_learning);
    refresh_free(d.shadow);
  }
}

void World::maybe_promote(int id) {
  Person& p = people_[id];
  if (c_.promotion_deals == 0 || p.role != am || !p.active || !measuring_) return;
  if (p.mentored_big_deals < static_cast<int>(c_.promotion_deals) || tenure_months(p) < 12) return;
  if (c_.promotion_needs_pm_vacancy && pm_vacancies_ <= 0) return;  // ready, waiting for a seat
  promote(id);
}

int World::ready_for_promotion() const {
  if (c_.promotion_deals == 0) return -1;
  int best = -1;
  for (int q : members_[am]) {
    const Person& p = people_[q];
    if (p.mentored_big_deals < static_cast<int>(c_.promotion_deals) || tenure_months(p) < 12) continue;
    if (best < 0 || p.mentored_big_deals > people_[best].mentored_big_deals) best = q;
  }
  return best;
}

int World::least_farming_am(int segment, int except) const {
  int best = -1;
  for (int q : members_[am]) {
    const Person& p = people_[q];
    if (q == except || !(p.segment == segment || p.segment < 0)) continue;
    if (best < 0 || p.farm_need < people_[best].farm_need) best = q;
  }
  return best;
}

void World::promote(int id) {
  Person& p = people_[id];
  if (c_.promotion_needs_pm_vacancy) pm_vacancies_ -= 1;
  accrue(id);  // at the AM rate until today
  unlist(id);
  p.role = pm;
  enlist(id);
  p.slots = 0;
  k_[kpi::promotions] += 1;
  trace("person.promote", static_cast<std::uint64_t>(id), [&] { return who(id) + " promoted from AM to PM"; });
  if (c_.replace_promoted) {
    // The new PM hands his installed accounts to the AM of the segment with the least farming, and
    // his open deals to the least-loaded AM; his seat is refilled after the time to fill.
    for (int a : installed_list_) {
      Account& acc = accounts_[a];
      if (acc.owner != id) continue;
      const int to = least_farming_am(acc.segment, id);
      if (to < 0) continue;
      acc.owner = to;
      const double h = c_.segments[acc.segment].farming_hours;
      people_[to].farm_need += h;
      p.farm_need = std::max(0.0, p.farm_need - h);
    }
    std::vector<int> owned = p.deal_ids;  // in id order, as leave() does
    std::sort(owned.begin(), owned.end());
    owned.erase(std::unique(owned.begin(), owned.end()), owned.end());
    for (int d : owned) {
      Deal& deal = deals_[d];
      if (deal.owner != id || (deal.status != DealStatus::open && deal.status != DealStatus::closing)) continue;
      const int to = pick_owner(deal.segment, -1);
      if (to < 0) continue;
      set_owner(d, to);
      if (deal.worker == id && stage_role(deal, deal.stage) == am) deal.worker = to;
    }
    schedule_replacement(id, am);
  }
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
    if (farmed) {
      people_[acc.owner].booked += renewal;
      k_[kpi::cost_commission] += renewal * c_.commission[people_[acc.owner].role];
    }
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
