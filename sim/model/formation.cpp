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
      if (d.owner >= 0) people_[d.owner].open_deals_owned -= 1;
      d.owner = o;
      people_[o].open_deals_owned += 1;
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
    if (coin || long_queue) {
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

bool World::try_assign_free(int id, Role role) {
  const int cap = role == pm ? c_.pm_cap : c_.presales_cap;
  int best = -1;
  for (std::size_t p = 0; p < people_.size(); ++p) {
    const Person& q = people_[p];
    if (!q.active || q.role != role || q.slots >= cap) continue;
    if (best < 0 || q.slots < people_[best].slots) best = static_cast<int>(p);
  }
  if (best < 0) return false;
  assign(id, best, role, 0.0);
  return true;
}

void World::assign(int id, int person, Role role, double waited) {
  Deal& d = deals_[id];
  people_[person].slots += 1;
  if (role == presales) d.presales_person = person; else d.pm = person;
  d.worker = person;
  d.queued = false;
  if (role == presales) { ps_wait_sum_ += waited; ps_wait_n_ += 1; }
  else { pm_wait_sum_ += waited; pm_wait_n_ += 1; }
  if (waited > 1e-9) (role == presales ? ps_waited_ : pm_waited_) += 1;
  if (people_[person].role == manager) {
    d.covered = true;
    k_[kpi::covered_deals] += 1;
    trace("formation.covering", static_cast<std::uint64_t>(id), [&] {
      return who(person) + " runs the deal after " + std::to_string(std::lround(waited)) +
             " days without a PM";
    });
  }
}

void World::release(int person, Role role) {
  Person& p = people_[person];
  p.slots = std::max(0, p.slots - 1);
  if (!p.active || p.role != role || role == manager) return;
  const int cap = role == pm ? c_.pm_cap : c_.presales_cap;
  auto& q = queue_[role];
  while (!q.empty() && people_[person].slots < cap) {
    const int id = q.front();
    q.erase(q.begin());
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
    for (std::size_t p = 0; p < people_.size(); ++p) {
      const Person& m = people_[p];
      if (!m.active || m.role != manager || m.slots >= c_.manager_cap) continue;
      if (best < 0 || m.slots < people_[best].slots) best = static_cast<int>(p);
    }
    if (best < 0) return;
    q.erase(q.begin() + static_cast<std::ptrdiff_t>(i));
    assign(id, best, pm, sim_.now() - deals_[id].queue_since);
  }
}

}  // namespace salesim::model
