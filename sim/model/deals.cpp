// Deals through stages: lead -> qualified -> demo -> solution -> proposal -> negotiation -> close.
// Each stage needs work hours from a role (AM, presales, PM) and the customer's own minimum days;
// passing a stage depends on the effective skill of whoever worked it. At close, a multinomial
// logit decides between us, each competitor present and "no decision"; a win is signed with a
// scope (shrink: "big deal signed small") and a discount ("bloody low-price close"); before the
// close the customer may slip ("easy deal hard to sign").
#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/model/logit.h"
#include "sim/model/world.h"

namespace salesim::model {

int World::open_deal(int account, int segment, DealType type, double list, int owner, int finder) {
  Deal d;
  d.account = account;
  d.segment = segment;
  d.type = type;
  d.list = list;
  d.owner = owner;
  d.finder = finder;
  d.discovered = sim_.now();
  d.eff.fill(-1.0);
  d.worked_by.fill(-1);
  const int id = static_cast<int>(deals_.size());
  deals_.push_back(d);
  active_deals_.push_back(id);
  people_[owner].open_deals_owned += 1;
  people_[owner].deal_ids.push_back(id);
  if (record_) {
    DealRecord r;
    r.account = account;
    r.segment = segment;
    r.type = type;
    r.created_day = day();
    r.list = list;
    record_->deals.push_back(std::move(r));
  }
  return id;
}

void World::set_owner(int id, int person) {
  Deal& d = deals_[id];
  if (d.owner >= 0) people_[d.owner].open_deals_owned -= 1;
  d.owner = person;
  if (person < 0) return;
  people_[person].open_deals_owned += 1;
  people_[person].deal_ids.push_back(id);  // leave() revisits it
}

Role World::stage_role(const Deal& d, int stage) const {
  if (stage == 0) return am;
  if (stage == 1 || stage == 2) return presales;
  return d.type == big_project ? pm : am;
}

int World::stage_skill_task(const Deal& /*d*/, int stage) const {
  static constexpr Task kTaskOf[kStages] = {t_deal_running, t_demo, t_solution, t_deal_running, t_negotiation};
  return kTaskOf[stage];
}

double World::efficiency_of(int person, const Deal& d, int stage) const {
  const Person& p = people_[person];
  if (p.role == stage_role(d, stage)) return 1.0;
  double e = c_.efficiency[p.role][stage_skill_task(d, stage)];
  // Negotiating a big deal also needs executive access.
  if (stage == 4 && d.type == big_project) e = 0.5 * (e + c_.efficiency[p.role][t_exec_access]);
  return e;
}

double World::effective(int person, int deal, int stage) const {
  const Person& p = people_[person];
  const Deal& d = deals_[deal];
  double skill = 0;
  switch (stage) {
    case 0: skill = 0.5 * (p.skill[prospecting] + p.skill[deal_running]); break;
    case 1:
    case 2: skill = p.skill[solutioning]; break;
    case 3: skill = p.skill[deal_running]; break;
    default:
      skill = d.type == big_project ? 0.5 * (p.skill[negotiation] + p.skill[exec_access]) : p.skill[negotiation];
  }
  return skill * ramp(p) * efficiency_of(person, d, stage);
}

double World::team_skill(const Deal& d) const {
  double s = 0, w = 0;
  for (int i = 0; i < kStages; ++i)
    if (d.eff[i] >= 0) {
      const double wi = i == 0 ? 0.5 : 1.0;
      s += wi * d.eff[i];
      w += wi;
    }
  return w > 0 ? s / w : 0.3;
}

int World::competitors_present(const Deal& d, double at) const {
  int n = 0;
  for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i)
    if (((d.competitor_mask >> i) & 1u) && d.competitor_day[i] <= at) ++n;
  return n;
}

bool World::quarter_end(double t) const {
  const double day = t - t0_ + 4000.0 * c_.quarter_days;  // calendar day, made positive
  return std::fmod(day, c_.quarter_days) >= c_.quarter_days - c_.quarter_end_window;
}

void World::enter_stage(int id, int stage) {
  Deal& d = deals_[id];
  const SegmentConfig& seg = c_.segments[d.segment];
  while (stage < kStages && c_.stage_hours[d.type][stage] <= 0 && c_.stage_days[d.type][stage] <= 0) ++stage;
  // Leaving the presales stages frees the consultant for the next deal.
  if (stage >= 3 && d.presales_person >= 0) {
    if (people_[d.presales_person].role == presales) release(d.presales_person, presales);
    d.presales_person = -1;
  }
  if (stage >= kStages) {
    ready_to_close(id);
    return;
  }
  d.stage = stage;
  if (record_) record_change(id, DealChange::entered, d.list, std::numeric_limits<double>::quiet_NaN());
  d.stage_start = sim_.now();
  d.pace_end = sim_.now() + c_.stage_days[d.type][stage];
  // "One high": demos and solutions take more work for demanding customers.
  const double requirement = (stage == 1 || stage == 2) ? 0.5 + seg.requirement : 1.0;
  d.remaining = c_.stage_hours[d.type][stage] * requirement;
  d.wanted = d.got = 0;
  d.worker = -1;
  staff_stage(id, stage_role(d, stage));
}

void World::complete_stage(int id) {
  Deal& d = deals_[id];
  const int s = d.stage;
  // An overloaded worker gives the stage thin attention, and it shows: skill x sqrt(attention).
  const double attention = d.wanted > 0 ? std::clamp(d.got / d.wanted, 0.0, 1.0) : 1.0;
  d.eff[s] = effective(d.worker, id, s) * std::sqrt(attention);
  d.worked_by[s] = d.worker;
  // The tick is weekly: a week of slack is not lateness.
  d.lateness_days += std::max(0.0, sim_.now() - d.pace_end - 7.0);
  trace("deal.stage", static_cast<std::uint64_t>(id), [&] {
    static const char* names[] = {"qualify", "demo", "solution", "proposal", "negotiation"};
    return std::string(names[s]) + " done by " + who(d.worker) + ", effective skill " +
           std::to_string(d.eff[s]).substr(0, 4);
  });
  if (s == kStages - 1) {
    ready_to_close(id);
    return;
  }
  const double pass = std::clamp(c_.stage_pass + c_.stage_skill_weight * (d.eff[s] - 0.5) -
                                     0.01 * d.lateness_days / 7.0, 0.3, 0.99);
  if (d.u[cu_stage0 + s] >= pass) {
    lose(id);
    return;
  }
  enter_stage(id, s + 1);
}

void World::ready_to_close(int id) {
  Deal& d = deals_[id];
  d.status = DealStatus::closing;
  d.worker = -1;
  if (d.presales_person >= 0 && people_[d.presales_person].role == presales) release(d.presales_person, presales);
  d.presales_person = -1;
  due_ += 1;
  const double dr = d.eff[3] >= 0 ? d.eff[3] : (d.eff[0] >= 0 ? d.eff[0] : 0.3);
  const double oor = d.hours > 0 ? d.out_of_role_hours / d.hours : 0.0;
  const int comps = competitors_present(d, sim_.now());
  const double p_slip = std::min(0.95, c_.slip_base * (1.0 + c_.risk_skill_weight * std::max(0.0, 0.7 - dr) + oor +
                                                       0.3 * comps + (quarter_end(sim_.now()) ? 0.5 : 0.0)));
  double delay = 0;
  if (d.u[cu_slip] < p_slip) {
    d.slips = 1;
    delay = -c_.slip_mean_days * std::log1p(-d.u[cu_slip_days] * 0.999999);
    if (d.u[cu_slip2] < 0.5 * p_slip) {
      d.slips = 2;
      delay *= 1.5;
    }
    k_[kpi::slip_count] += d.slips;
    slipped_deals_ += 1;
    trace("deal.slip", static_cast<std::uint64_t>(id), [&] {
      return "customer pushes the close out by " + std::to_string(std::lround(delay)) + " days";
    });
  }
  const double at = sim_.now() + delay + 7.0 * d.u[cu_close_day];
  if (record_) {
    // The close the customer names once the stages are done, then each slip pushing it out (a
    // second slip adds half the first's delay, as above).
    const double named = day() + 7.0 * d.u[cu_close_day];
    record_change(id, DealChange::forecast, d.list, named);
    if (d.slips >= 1) record_change(id, DealChange::slip, d.list, named + (d.slips == 2 ? delay / 1.5 : delay));
    if (d.slips == 2) record_change(id, DealChange::slip, d.list, named + delay);
  }
  if (at < end_) sim_.schedule_at(at, h_close_, static_cast<std::uint64_t>(id));
}

void World::on_close(std::uint64_t id) { close_deal(static_cast<int>(id)); }

void World::close_deal(int id) {
  Deal& d = deals_[id];
  if (d.status != DealStatus::closing) return;
  const SegmentConfig& seg = c_.segments[d.segment];
  const double late = c_.lateness_per_week * d.lateness_days / 7.0;
  const double u_us = c_.win_base + c_.win_skill_weight * (team_skill(d) - 0.5) - late +
                      (d.from_installed ? c_.incumbent_utility : 0.0);
  const double u_nd = c_.no_decision + (0.5 - seg.it_maturity) + 0.5 * late;
  // Multinomial logit over us, no decision, and each competitor present.
  std::array<double, kMaxCompetitors + 2> util{}, prob{};
  std::array<int, kMaxCompetitors + 2> who{};
  std::size_t n = 0;
  util[n] = u_us; who[n++] = -1;
  util[n] = u_nd; who[n++] = -2;
  for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i) {
    if (!(((d.competitor_mask >> i) & 1u) && d.competitor_day[i] <= sim_.now())) continue;
    const CompetitorConfig& k = c_.competitors[i];
    const double head_start = std::clamp(d.discovered - d.competitor_day[i], 0.0, c_.head_start_cap);
    util[n] = k.strength + k.strength_delta[d.segment] + c_.head_start_per_day * head_start;
    who[n++] = i;
  }
  choice_probabilities(std::span<const double>(util.data(), n), std::span<double>(prob.data(), n));
  const int pick = who[choose(std::span<const double>(prob.data(), n), d.u[cu_win])];
  trace("deal.close", static_cast<std::uint64_t>(id), [&] {
    return std::string("P(win) = ") + std::to_string(prob[0]).substr(0, 5) + ", P(no decision) = " +
           std::to_string(prob[1]).substr(0, 5) + ", competitors present: " + competitors_on(d, sim_.now()) + "; " +
           (pick == -1 ? std::string("we win") : pick == -2 ? std::string("no decision") : c_.competitors[pick].name + " wins");
  });
  settle(id, pick == -1 ? DealStatus::won : pick == -2 ? DealStatus::no_decision : DealStatus::lost_competitor);
}

void World::lose(int id) {
  Deal& d = deals_[id];
  // Dropped in a stage: to a competitor if one is there, in proportion to its pull over "no decision".
  const SegmentConfig& seg = c_.segments[d.segment];
  double comp = 0;
  for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i)
    if (((d.competitor_mask >> i) & 1u) && d.competitor_day[i] <= sim_.now())
      comp += std::exp(c_.competitors[i].strength + c_.competitors[i].strength_delta[d.segment]);
  const double nd = std::exp(c_.no_decision + (0.5 - seg.it_maturity));
  const bool to_competitor = comp > 0 && d.u[cu_drop_to] < comp / (comp + nd);
  settle(id, to_competitor ? DealStatus::lost_competitor : DealStatus::no_decision);
}

void World::settle(int id, DealStatus outcome) {
  Deal& d = deals_[id];
  const double now = sim_.now();
  if (d.queued) {
    auto& q = queue_[d.queue_role];
    q.erase(std::find(q.begin(), q.end(), id));
    d.queued = false;
  }
  if (d.pm >= 0 && people_[d.pm].role != am && people_[d.pm].active) release(d.pm, people_[d.pm].role == manager ? manager : pm);
  if (d.presales_person >= 0 && people_[d.presales_person].role == presales && people_[d.presales_person].active)
    release(d.presales_person, presales);
  d.presales_person = -1;
  d.worker = -1;
  d.status = outcome;
  if (d.owner >= 0) people_[d.owner].open_deals_owned -= 1;
  k_[kpi::deals_closed] += 1;
  if (!d.from_installed) {
    hunted_closed_ += 1;
    if (competitors_present(d, now) > 0) collided_ += 1;
  }
  const bool big = d.type == big_project;
  if (big) big_closed_ += 1;
  const bool pm_run = big && d.pm >= 0 && people_[d.pm].role == pm;
  if (pm_run) pm_closed_ += 1, pm_closed_class_[people_[d.pm].veteran ? 0 : 1] += 1;
  const SegmentConfig& seg = c_.segments[d.segment];
  double booked = 0;
  if (outcome == DealStatus::won) {
    const double dr = d.eff[3] >= 0 ? d.eff[3] : (d.eff[0] >= 0 ? d.eff[0] : 0.3);
    const double neg = d.eff[4] >= 0 ? d.eff[4] : 0.3;
    const double oor = d.hours > 0 ? d.out_of_role_hours / d.hours : 0.0;
    const int comps = competitors_present(d, now);
    const bool qe = quarter_end(now);
    const double p_shrink = std::min(0.95, c_.shrink_base * (1.0 + c_.risk_skill_weight * std::max(0.0, 0.7 - dr) +
                                                            oor + 0.3 * comps + (qe ? 0.5 : 0.0) +
                                                            0.02 * d.lateness_days / 7.0));
    double scope = 1.0;
    if (d.u[cu_shrink] < p_shrink) {
      scope = c_.shrink_scope * (0.8 + 0.4 * d.u[cu_scope]);
      k_[kpi::shrink_count] += 1;
    }
    double aggression = 0;
    for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i)
      if (((d.competitor_mask >> i) & 1u) && d.competitor_day[i] <= now) aggression += c_.competitors[i].aggressiveness[d.segment];
    const double discount =
        std::clamp(c_.discount_base + c_.discount_negotiation * (1.0 - neg) + c_.discount_competitor * aggression +
                       (qe ? c_.discount_quarter_end : 0.0) + 0.04 * (d.u[cu_discount] - 0.5),
                   0.0, c_.discount_max);
    const double revenue = d.list * scope * (1.0 - discount);
    booked = revenue;
    if (record_ && scope < 1.0) record_change(id, DealChange::shrink, d.list * scope, day());
    k_[kpi::revenue] += revenue;
    k_[kpi::deals_won] += 1;
    discount_sum_ += discount;
    cycle_sum_ += now - d.discovered;
    switch (d.type) {
      case basic_module: k_[kpi::revenue_basic_module] += revenue; break;
      case expansion: k_[kpi::revenue_expansion] += revenue; break;
      case big_project: k_[kpi::revenue_big_project] += revenue; break;
    }
    k_[seg.go_big ? kpi::revenue_go_big : kpi::revenue_land_and_expand] += revenue;
    const int closer = d.worked_by[4] >= 0 ? d.worked_by[4] : d.owner;
    const Role cr = closer >= 0 ? people_[closer].role : am;
    k_[cr == pm ? kpi::revenue_role_pm : cr == manager ? kpi::revenue_role_manager : kpi::revenue_role_am] += revenue;
    if (big) {
      big_won_ += 1;
      cycle_big_sum_ += now - d.discovered;
    }
    const bool big_deal = revenue >= c_.big_threshold;
    if (big_deal) big_wins_ += 1;
    if (pm_run) {
      pm_won_ += 1;
      if (big_deal) pm_big_won_ += 1;
      pm_won_class_[people_[d.pm].veteran ? 0 : 1] += 1;
      if (big_deal) pm_big_won_class_[people_[d.pm].veteran ? 0 : 1] += 1;
    }
    if (d.owner >= 0) people_[d.owner].booked += revenue;
    if (d.pm >= 0 && d.pm != d.owner) people_[d.pm].booked += revenue;
    add_commission(d, revenue);
    Account& acc = accounts_[d.account];
    if (!acc.installed && d.owner >= 0) install_account(d.account, d.owner, big);
    trace("deal.won", static_cast<std::uint64_t>(id), [&] {
      return "signed " + std::to_string(static_cast<long long>(revenue)) + " CNY (scope " +
             std::to_string(scope).substr(0, 4) + ", discount " + std::to_string(discount).substr(0, 4) + ")";
    });
  } else {
    if (outcome == DealStatus::lost_competitor) losses_comp_ += 1; else losses_nd_ += 1;
    accounts_[d.account].cooling_until = now + c_.cooling_off_days;
    trace(outcome == DealStatus::lost_competitor ? "deal.lost" : "deal.no_decision", static_cast<std::uint64_t>(id),
          [&] {
            return outcome == DealStatus::lost_competitor ? "lost to a competitor (present: " + competitors_on(d, now) + ")"
                                                          : std::string("customer decided not to buy");
          });
  }
  if (record_) record_settle(id, outcome == DealStatus::won ? booked : 0.0);
  learn_by_doing(d);
  if (big && d.owner >= 0 && people_[d.owner].role == am) {
    const int runner = d.worked_by[3] >= 0 ? d.worked_by[3] : d.worked_by[4];
    // Working a big deal beside a PM or a covering manager is mentoring on a live deal.
    if (runner >= 0 && people_[runner].role != am) {
      people_[d.owner].mentored_big_deals += 1;
      maybe_promote(d.owner);
    }
  }
}

}  // namespace salesim::model
