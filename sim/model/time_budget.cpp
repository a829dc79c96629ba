// The weekly time budget: every person's hours go to farming owned accounts first (load grows
// with the installed base), then (misplaced PMs) hunting, then the deal stages they work, then
// hunting (AMs), then mentoring; what is left is idle. Every hour is booked to (role, activity),
// out-of-role work to offside/misplaced/covering. Deal work advances by hours x efficiency.
#include <algorithm>
#include <cmath>

#include "sim/model/world.h"

namespace salesim::model {

void World::book(int person, Activity a, double hours) {
  if (hours <= 0) return;
  k_[kpi::hours_index(people_[person].role, a)] += hours;
}

void World::on_week(std::uint64_t week) {
  const double now = sim_.now();
  const double span = now - week_start_;
  const double frac = span / 7.0;
  double holiday = 0;
  for (const auto& [a, b] : c_.holidays)
    holiday += std::max(0.0, std::min(b + t0_, now) - std::max(a + t0_, week_start_));
  const double work = span > 0 ? std::max(0.0, 1.0 - holiday / span) : 0.0;
  week_ = static_cast<int>(week) - static_cast<int>(std::lround(t0_ / 7.0));
  if (frac > 0) {
    time_budget(frac, work);
    advance_deals();
    run_covering();
    run_discovery();
    installed_base(week_, frac);
    attrition(week_, frac);
  }
  if (!measuring_) {
    if (now >= t0_ - 1e-9) end_warmup();
    week_start_ = now;
    sim_.schedule_at(std::min(now + 7.0, end_), h_week_, week + 1, kernel::Priority::low);
    return;
  }
  // Weekly series.
  double stock = 0, pipeline = 0, heads = 0, ams = 0;
  for (int d : active_deals_)
    if (deals_[d].status == DealStatus::open || deals_[d].status == DealStatus::closing) {
      stock += 1;
      pipeline += deals_[d].list;
    }
  for (const Person& p : people_)
    if (p.active) {
      heads += 1;
      if (p.role == am) ams += 1, am_head_weeks_class_[p.veteran ? 0 : 1] += 1;
    }
  am_head_weeks_ += ams;
  weeks_counted_ += 1;
  if (week_ >= 0 && static_cast<std::size_t>(week_) < weekly_[0].size()) {
    weekly_[series::revenue_cumulative][week_] = k_[kpi::revenue];
    weekly_[series::opportunity_stock][week_] = stock;
    weekly_[series::headcount][week_] = heads;
    weekly_[series::pipeline_value_cny][week_] = pipeline;
    weekly_[series::wins_cumulative][week_] = k_[kpi::deals_won];
    weekly_[series::expansion_revenue_cumulative][week_] = k_[kpi::revenue_expansion];
    weekly_[series::new_opportunities_cumulative][week_] = k_[kpi::new_opportunities];
    weekly_[series::hires_cumulative][week_] = k_[kpi::hires];
    weekly_[series::promotions_cumulative][week_] = k_[kpi::promotions];
    weekly_[series::pm_queue_length][week_] = static_cast<double>(queue_[pm].size());
    weekly_[series::contribution_cumulative][week_] = economics().contribution();
  }
  week_start_ = now;
  const double next = std::min(now + 7.0, end_);
  if (next > now + 1e-9) sim_.schedule_at(next, h_week_, week + 1, kernel::Priority::low);
}

void World::time_budget(double frac, double work) {
  std::fill(segment_effort_.begin(), segment_effort_.end(), 0.0);
  double total_accounts = 0;
  for (const auto& s : c_.segments) total_accounts += s.accounts;
  auto effort = [&](const Person& p, double hours) {
    // Concave response to hours: per-week effort = skill x ramp x E x hours^alpha.
    if (hours <= 0 || frac <= 0) return 0.0;
    return p.skill[prospecting] * ramp(p) * (p.role == am ? 1.0 : c_.efficiency[p.role][t_hunting]) *
           std::pow(hours / frac, c_.hunting_exponent) * frac;
  };
  for (std::size_t i = 0; i < people_.size(); ++i) {
    Person& p = people_[i];
    p.avail = p.demand = p.demand_big = p.hunt_effort = 0;
    if (!p.active) continue;
    p.avail = p.hours_per_week * frac * work;
    if (p.role == pm) pm_available_ += p.avail;
    if (p.role == presales) ps_available_ += p.avail;
    // 1. Farming the installed base; an AM judged on opportunities leaves part of it undone.
    const double cut = p.role == am ? c_.assessment_farming_cut * c_.am_hunting_emphasis : 0.0;
    const double need = p.farm_need * frac * work;
    const double farm = std::min(need * (1.0 - cut), p.avail * c_.farming_max_share);
    book(static_cast<int>(i), farming, farm);
    p.avail -= farm;
    p.farm_ratio = need > 0 ? farm / need : (work > 0 ? 1.0 : p.farm_ratio);
    // 2. Misplaced: a PM hunts a share of his time.
    if (c_.misplaced && p.role == pm) {
      const double h = p.avail * c_.misplaced_share;
      book(static_cast<int>(i), misplaced, h);
      p.avail -= h;
      p.hunt_effort += effort(p, h);
    }
  }
  // 3. Deal work: each person splits his hours over his stages in proportion to what they need.
  for (int id : active_deals_) {
    const Deal& d = deals_[id];
    if (d.status != DealStatus::open || d.queued || d.worker < 0 || d.remaining <= 0) continue;
    // The customer absorbs only so much work a week: a stage cannot be rushed.
    const double progress = std::min(d.remaining, c_.max_hours_per_deal_week * frac * work);
    const double hours = progress / efficiency_of(d.worker, d, d.stage);
    people_[d.worker].demand += hours;
    if (d.list >= c_.big_threshold) people_[d.worker].demand_big += hours;
  }
  for (Person& p : people_) {
    p.give_ratio = p.demand > 0 ? std::min(1.0, p.avail / p.demand) : 0.0;
    p.give_ratio_big = p.give_ratio;
    // A PM judged on the big-deal rate serves his big deals first: a mix, by his big-deal
    // emphasis b, of serving them first and serving all deals alike.
    if (p.role == pm && c_.pm_big_emphasis > 0 && p.demand_big > 0 && p.demand > p.demand_big) {
      const double first = std::min(1.0, p.avail / p.demand_big);
      const double rest = std::min(1.0, std::max(0.0, p.avail - first * p.demand_big) / (p.demand - p.demand_big));
      const double b = c_.pm_big_emphasis;
      p.give_ratio_big = b * first + (1.0 - b) * p.give_ratio;
      p.give_ratio = b * rest + (1.0 - b) * p.give_ratio;
    }
  }
  for (int id : active_deals_) {
    Deal& d = deals_[id];
    if (d.status != DealStatus::open || d.queued || d.worker < 0 || d.remaining <= 0) continue;
    Person& w = people_[d.worker];
    const double e = efficiency_of(d.worker, d, d.stage);
    const double progress = std::min(d.remaining, c_.max_hours_per_deal_week * frac * work);
    const double ratio = d.list >= c_.big_threshold ? w.give_ratio_big : w.give_ratio;
    const double given = progress / e * ratio;
    d.wanted += progress;
    d.got += progress * ratio;
    d.remaining = std::max(0.0, d.remaining - given * e);
    if (d.remaining < 1e-9) d.remaining = 0;
    d.hours += given;
    const bool in_role = w.role == stage_role(d, d.stage);
    Activity a = deal_work;
    if (!in_role) {
      d.out_of_role_hours += given;
      // An AM on presales/PM work is offside; a manager on PM work is covering.
      a = w.role == am ? offside : (w.role == manager ? covering : deal_work);
    }
    book(d.worker, a, given);
    w.avail -= given;
    if (w.role == pm) pm_deal_hours_ += given;
    if (w.role == presales) ps_deal_hours_ += given;
  }
  // Mentees who finished their ramp graduate; those still ramping without a mentor look again
  // (a mentor takes at most max_mentees: the saturation).
  for (std::size_t i = 0; i < people_.size(); ++i) {
    Person& p = people_[i];
    if (!p.active) continue;
    if (p.mentor >= 0 && tenure_months(p) >= c_.ramp_months) {
      set_mentor(static_cast<int>(i), -1);
    } else if (p.mentor < 0) {
      assign_mentor(static_cast<int>(i));
    }
  }
  // 4. Hunting (AMs), 5. management (managers), 6. mentoring (veterans, managers), 7. idle.
  double hunting_hours = 0;
  for (std::size_t i = 0; i < people_.size(); ++i) {
    Person& p = people_[i];
    if (!p.active) continue;
    p.avail = std::max(0.0, p.avail);
    if (p.role == am) {
      const double cap = c_.hunting_max_hours * (1.0 + c_.assessment_hunting_boost * c_.am_hunting_emphasis);
      const double h = std::min(p.avail, cap * frac * work);
      book(static_cast<int>(i), hunting, h);
      hunting_hours += h;
      p.avail -= h;
      p.hunt_effort += effort(p, h);
    }
    if (p.hunt_effort > 0) {
      if (p.segment >= 0) segment_effort_[p.segment] += p.hunt_effort;
      else
        for (std::size_t s = 0; s < c_.segments.size(); ++s)
          segment_effort_[s] += p.hunt_effort * c_.segments[s].accounts / total_accounts;
    }
    // 5. A manager's own management work, after the deals he covers.
    if (p.role == manager) {
      const double m = std::min(p.avail, c_.manager_management_hours * frac * work);
      book(static_cast<int>(i), management, m);
      p.avail -= m;
    }
    if (p.mentees > 0) {
      double m = c_.mentoring_hours * frac * work;
      // Covering eats the manager's mentoring time.
      if (p.role == manager) m *= std::max(0.0, 1.0 - c_.covering_mentoring_cut * p.slots);
      m = std::min(m, p.avail);
      book(static_cast<int>(i), mentoring, m);
      p.avail -= m;
      const double each = m / p.mentees;
      for (int j : p.mentee_ids)
        if (Person& q = people_[j]; measuring_ && q.active) {
          for (int s = 0; s < kSkills; ++s) learn(q, static_cast<Skill>(s), c_.learning_per_mentoring_hour * each);
          if (c_.mentoring_hours_per_ramp_month > 0) q.ramp_credit_months += each / c_.mentoring_hours_per_ramp_month;
          refresh_free(j);
        }
    }
    book(static_cast<int>(i), idle, p.avail);
  }
  if (week_ >= 0 && week_ < static_cast<int>(weekly_[0].size())) weekly_[series::hunting_hours][week_] = hunting_hours;
}

void World::advance_deals() {
  const double now = sim_.now();
  const std::size_t n = active_deals_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const int id = active_deals_[i];
    Deal& d = deals_[id];
    if (d.status != DealStatus::open) continue;
    if (!d.queued && d.worker >= 0 && d.remaining <= 0 && now >= d.pace_end) {
      complete_stage(id);
    } else if (now > d.pace_end + c_.patience_days) {
      // The customer stops waiting for us ("easy deal hard to sign" turned into a loss).
      trace("deal.stalled", static_cast<std::uint64_t>(id), [&] { return std::string("customer stopped waiting"); });
      d.lateness_days += now - d.pace_end;
      lose(id);
    }
  }
  std::size_t keep = 0;
  for (int id : active_deals_)
    if (deals_[id].status == DealStatus::open || deals_[id].status == DealStatus::closing) active_deals_[keep++] = id;
  active_deals_.resize(keep);
}

}  // namespace salesim::model
