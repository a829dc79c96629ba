// The formation: who works a stage. Disciplined: AMs do AM stages, presales the demos and
// solutions, PMs run big deals; PMs and presales are scarce pools deals queue for (FIFO).
// Offside (越位): the AM takes a presales/PM stage himself, on a coin with probability am_share
// or when the role's queue is longer than queue_threshold. Covering (补位): a deal that waited
// covering_wait_days for a PM is run by a manager. Misplaced (错位) is a time-budget rule
// (time_budget.cpp).
#include <algorithm>

#include "sim/model/world.h"

namespace salesim::model {

void World::staff_stage(int id, Role role) {
  Deal& d = deals_[id];
  if (role == am) {
    if (d.owner < 0 || !people_[d.owner].active) {
      const int o = pick_owner(d.segment, -1);
      if (o < 0) { lose(id); return; }
      set_owner(id, o);
    }
    d.worker = d.owner;
    return;
  }
  const int held = role == presales ? d.presales_person : d.pm;
  if (held >= 0 && people_[held].active) {
    d.worker = held;
    return;
  }
  if (c_.offside && d.owner >= 0 && people_[d.owner].active) {
    const bool coin = draw_u(p_decision, d.key, 100 + static_cast<std::uint64_t>(d.stage)) < c_.offside_am_share;
    const bool long_queue = c_.offside_queue_threshold > 0 && queue_[role].size() > c_.offside_queue_threshold;
    // With nobody of that role on the team (and no manager to cover a PM stage), the offside AM
    // is the only one who can do the work.
    const bool nobody = members_[role].empty() && !(role == pm && c_.covering && !members_[manager].empty());
    if (coin || long_queue || nobody) {
      d.worker = d.owner;
      if (role == presales) d.presales_person = d.owner; else d.pm = d.owner;
      if (!d.offside) k_[kpi::offside_deals] += 1;
      d.offside = true;
      trace("formation.offside", static_cast<std::uint64_t>(id), [&] {
        return who(d.owner) + " does the " + (role == presales ? "presales" : "PM") +
               " work himself" + (long_queue ? " (queue too long)" : "");
      });
      return;
    }
  }
  if (try_assign_free(id, role)) return;
  if (role == pm && c_.covering && c_.covering_wait_days <= 0) {
    run_covering();  // W = 0: the manager steps in at once
    if (!d.queued && d.worker >= 0) return;
  }
  queue_[role].push_back(id);
  d.queued = true;
  d.queue_role = role;
  d.queue_since = sim_.now();
  d.worker = -1;
  trace("formation.queue", static_cast<std::uint64_t>(id), [&] {
    return std::string("waits for a ") + (role == pm ? "PM" : "presales") + " (" + std::to_string(queue_[role].size()) +
           " waiting)";
  });
  if (role == pm && c_.covering && c_.covering_wait_days <= 0) run_covering();
}

// Best free first: the free member with the highest effective skill for this stage (ties: fewer
// slots, then lowest index). Least-loaded first spread learning-by-doing thin; this way an extra
// person only takes the overflow. The free_ index is walked from the highest skill down; ramp
// <= 1 only lowers it, so the walk stops below the best effective skill found.
bool World::try_assign_free(int id, Role role) {
  const int stage = deals_[id].stage;
  int best = -1;
  double best_skill = 0;
  for (const auto& [minus_skill, p] : free_[role == presales ? 0 : (stage == 3 ? 1 : 2)]) {
    if (best >= 0 && -minus_skill < best_skill) break;
    const double skill = effective(p, id, stage);
    const int slots = people_[p].slots, best_slots = best < 0 ? 0 : people_[best].slots;
    if (best < 0 || skill > best_skill ||
        (skill == best_skill && (slots < best_slots || (slots == best_slots && p < best)))) {
      best = p;
      best_skill = skill;
    }
  }
  if (best < 0) return false;
  assign(id, best, role, 0.0);
  return true;
}

void World::refresh_free(int id) {
  Person& p = people_[id];
  for (int s = 0; s < 3; ++s)
    if ((p.free_sets >> s) & 1u) free_[s].erase({-p.free_skill[s], id});
  p.free_sets = 0;
  if (!p.active || (p.role != pm && p.role != presales) || p.slots >= (p.role == pm ? c_.pm_cap : c_.presales_cap))
    return;
  // The skill terms of World::effective for these stages.
  p.free_skill = {p.skill[solutioning], p.skill[deal_running], 0.5 * (p.skill[negotiation] + p.skill[exec_access])};
  p.free_sets = p.role == presales ? 0b001 : 0b110;
  for (int s = 0; s < 3; ++s)
    if ((p.free_sets >> s) & 1u) free_[s].insert({-p.free_skill[s], id});
}

void World::assign(int id, int person, Role role, double waited) {
  Deal& d = deals_[id];
  people_[person].slots += 1;
  refresh_free(person);
  people_[person].deal_ids.push_back(id);
  if (role == presales) d.presales_person = person; else d.pm = person;
  d.worker = person;
  d.queued = false;
  if (role == presales) { ps_wait_sum_ += waited; ps_wait_n_ += 1; }
  else { pm_wait_sum_ += waited; pm_wait_n_ += 1; }
  if (waited > 1e-9) (role == presales ? ps_waited_ : pm_waited_) += 1;
  if (people_[person].role == manager) {
    d.covered = true;
    k_[kpi::covered_deals] += 1;
    // Beside him: the junior PM with the most to learn, or else the AM who owns the deal.
    d.shadow = -1;
    for (int q : members_[pm]) {
      const Person& p = people_[q];
      if (tenure_months(p) >= c_.veteran_months) continue;
      if (d.shadow < 0 || p.ceiling[deal_running] - p.skill[deal_running] >
                              people_[d.shadow].ceiling[deal_running] - people_[d.shadow].skill[deal_running])
        d.shadow = q;
    }
    if (d.shadow < 0 && d.owner >= 0 && people_[d.owner].active && people_[d.owner].role == am) d.shadow = d.owner;
    trace("formation.covering", static_cast<std::uint64_t>(id), [&] {
      return who(person) + " runs the deal after " + std::to_string(std::lround(waited)) +
             " days without a PM";
    });
  }
}

void World::release(int person, Role role) {
  Person& p = people_[person];
  p.slots = std::max(0, p.slots - 1);
  refresh_free(person);
  if (!p.active || p.role != role || role == manager) return;
  const int cap = role == pm ? c_.pm_cap : c_.presales_cap;
  auto& q = queue_[role];
  while (!q.empty() && people_[person].slots < cap) {
    const int id = q.front();
    q.pop_front();
    assign(id, person, role, sim_.now() - deals_[id].queue_since);
  }
}

void World::run_covering() {
  if (!c_.covering) return;
  auto& q = queue_[pm];
  for (std::size_t i = 0; i < q.size();) {
    const int id = q[i];
    if (sim_.now() - deals_[id].queue_since + 1e-9 < c_.covering_wait_days) { ++i; continue; }
    int best = -1;
    for (int p : members_[manager]) {
      const Person& m = people_[p];
      if (m.slots >= c_.manager_cap) continue;
      if (best < 0 || m.slots < people_[best].slots) best = p;
    }
    if (best < 0) return;
    q.erase(q.begin() + static_cast<std::ptrdiff_t>(i));
    assign(id, best, pm, sim_.now() - deals_[id].queue_since);
  }
}

}  // namespace salesim::model
