// World setup, the run loop and KPI collection.
#include "sim/model/world.h"

#include <algorithm>
#include <cmath>

namespace salesim::model {

World::World(const Config& config, const ReplicationKey& key, Observer* observer, std::span<const PhaseConfig> phases,
             CrmRecord* record)
    : c_(phases.empty() ? config : live_.emplace(config)),
      phases_(phases),
      key_(key),
      observer_(observer),
      record_(record),
      t0_(std::ceil(config.warmup_days / 7.0 - 1e-9) * 7.0),
      end_(t0_ + config.horizon_days) {
  measuring_ = t0_ <= 0;
  if (record_) {
    *record_ = CrmRecord{};
    record_->horizon_days = config.horizon_days;
    record_->warmup_days = t0_;
    for (const SegmentConfig& seg : config.segments) record_->segment_names.push_back(seg.name);
    for (const CompetitorConfig& k : config.competitors) record_->competitor_names.push_back(k.name);
    for (const CohortConfig& co : config.cohorts) record_->cohort_names.push_back(co.name);
  }
  h_week_ = sim_.bind<&World::on_week>(this);
  h_arrival_ = sim_.bind<&World::on_arrival>(this);
  h_close_ = sim_.bind<&World::on_close>(this);
  h_expansion_ = sim_.bind<&World::on_expansion>(this);
  h_hire_ = sim_.bind<&World::on_hire>(this);
  h_phase_ = sim_.bind<&World::on_phase>(this);
  k_.assign(kpi::kCount, 0.0);
  const std::size_t weeks = static_cast<std::size_t>(std::ceil(c_.horizon_days / 7.0 - 1e-9));
  weekly_.assign(series::kCount, std::vector<double>(weeks, 0.0));
  queue_.resize(4);
  members_.resize(4);
  setup_market();
  setup_people();
  if (measuring_) classify_tenure();
  // Policy phases switch at t0 + start_day (after the week tick due then, see on_phase).
  for (const CohortConfig& co : c_.cohorts) cohort_members_.push_back(co.count);
  for (std::size_t i = 0; i < phases_.size(); ++i)
    if (phases_[i].start_day < c_.horizon_days)
      sim_.schedule_at(t0_ + phases_[i].start_day, h_phase_, i, kernel::Priority::urgent);
}

void World::on_phase(std::uint64_t i) {
  // The week tick due now books the week that ends now, under the old policy: let it run first
  // (it was scheduled a week ago, so it runs before an event scheduled now at the same priority).
  if (std::abs(week_start_ + 7.0 - sim_.now()) < 1e-9) {
    sim_.schedule_at(sim_.now(), h_phase_, i, kernel::Priority::low);
    return;
  }
  const PhaseConfig& phase = phases_[i];
  // Costs so far at the old rates.
  for (std::size_t p = 0; p < people_.size(); ++p) {
    accrue(static_cast<int>(p));
    if (people_[p].vacancy_open) {
      close_vacancy(static_cast<int>(p));
      people_[p].vacancy_open = true;
      people_[p].vacancy_since = day();
    }
  }
  std::vector<std::uint32_t> before;
  for (const CohortConfig& co : c_.cohorts) before.push_back(co.count);
  *live_ = phase.config;  // c_ reads the phase's parameters from here on
  trace("policy.phase", i, [&] { return "phase '" + phase.name + "' starts: " + phase.changes; });
  // Staffing: a cohort whose count rose hires the difference now, at tenure 0, keyed as members
  // count.. of the cohort would be; one whose count fell lets its most recently joined go.
  for (std::size_t ci = 0; ci < c_.cohorts.size() && ci < before.size(); ++ci) {
    const std::uint32_t now = c_.cohorts[ci].count;
    for (std::uint32_t k = before[ci]; k < now; ++k) {
      const std::uint64_t key = (static_cast<std::uint64_t>(ci) << 20) | cohort_members_[ci]++;
      on_hire(static_cast<std::uint64_t>(add_person(static_cast<int>(ci), key, 0.0, false)));
    }
    if (now >= before[ci]) continue;
    std::vector<int> members;
    for (std::size_t p = 0; p < people_.size(); ++p)
      if (people_[p].active && people_[p].cohort == static_cast<int>(ci)) members.push_back(static_cast<int>(p));
    std::sort(members.begin(), members.end(), [&](int a, int b) {
      return people_[a].join_day != people_[b].join_day ? people_[a].join_day > people_[b].join_day : a > b;
    });
    const std::size_t cut = std::min<std::size_t>(members.size(), before[ci] - now);
    for (std::size_t k = 0; k < cut; ++k) leave(members[k], /*let_go=*/true);
  }
}

kernel::Rng World::stream(Purpose purpose, std::uint64_t entity, std::uint64_t sub) const {
  return kernel::Rng(kernel::StreamKey{.seed = key_.seed,
                                       .purpose = purpose,
                                       .replication = key_.replication,
                                       .entity = entity,
                                       .extra = kernel::hash_combine(key_.design_point, sub)});
}

double World::draw_u(Purpose purpose, std::uint64_t entity, std::uint64_t sub) const {
  kernel::Rng r = stream(purpose, entity, sub);
  return r.uniform01();
}

void World::setup_market() {
  const std::size_t ns = c_.segments.size();
  int total = 0;
  for (const auto& s : c_.segments) {
    segment_first_account_.push_back(total);
    total += static_cast<int>(s.accounts);
  }
  accounts_.resize(static_cast<std::size_t>(total));
  for (std::size_t s = 0; s < ns; ++s)
    for (std::uint32_t a = 0; a < c_.segments[s].accounts; ++a)
      accounts_[static_cast<std::size_t>(segment_first_account_[s]) + a].segment = static_cast<int>(s);
  next_free_account_ = segment_first_account_;
  segment_effort_.assign(ns, 0.0);
  hunters_.resize(ns);
  hunt_cumulative_.resize(ns);
  arrival_count_.assign(ns, 0);
  double expected = 0;
  for (std::size_t s = 0; s < ns; ++s) {
    arrival_rng_.push_back(stream(p_arrivals, s));
    expected += c_.segments[s].projects_per_year * end_ / 365.0;
  }
  projects_.reserve(static_cast<std::size_t>(expected * 1.5) + 16);
  deals_.reserve(static_cast<std::size_t>(expected) + 64);
  for (std::size_t s = 0; s < ns; ++s) schedule_next_arrival(static_cast<int>(s));
  sim_.schedule_at(std::min(7.0, end_), h_week_, 0, kernel::Priority::low);
}

void World::setup_people() {
  std::size_t n = 0;
  for (const auto& co : c_.cohorts) n += co.count;
  people_.reserve(n * 2 + 8);
  int round_robin = 0;
  for (std::size_t ci = 0; ci < c_.cohorts.size(); ++ci) {
    const CohortConfig& co = c_.cohorts[ci];
    for (std::uint32_t m = 0; m < co.count; ++m) {
      const std::uint64_t key = (static_cast<std::uint64_t>(ci) << 20) | m;
      kernel::Rng r = stream(p_people, key);
      const double tenure = co.start_day > 0 ? 0.0 : std::max(0.0, co.tenure_months.draw(r));
      const int p = add_person(static_cast<int>(ci), key, tenure, false);
      const double installed = co.start_day > 0 ? 0.0 : std::max(0.0, co.installed_accounts.draw(r));
      const int count = static_cast<int>(std::lround(installed));
      for (int i = 0; i < count; ++i) {
        if (c_.segments.empty()) break;
        int s = co.segment;
        if (s < 0) s = (round_robin++) % static_cast<int>(c_.segments.size());
        const int end = segment_first_account_[s] + static_cast<int>(c_.segments[s].accounts);
        if (next_free_account_[s] >= end) continue;
        install_account(next_free_account_[s]++, p, false);
      }
      people_[p].join_day = t0_;
      if (co.start_day > 0 && co.start_day < c_.horizon_days)
        sim_.schedule_at(t0_ + co.start_day, h_hire_, static_cast<std::uint64_t>(p));
      else if (co.start_day <= 0) {
        people_[p].active = people_[p].joined = true;
        enlist(p);
        ++start_headcount_;
      }
    }
  }
  for (std::size_t p = 0; p < people_.size(); ++p)
    if (people_[p].active) assign_mentor(static_cast<int>(p));
}

void World::end_warmup() {
  // The measured year starts here: the pipeline, installed base and people stay, counters restart.
  std::fill(k_.begin(), k_.end(), 0.0);
  pm_available_ = pm_deal_hours_ = ps_available_ = ps_deal_hours_ = 0;
  pm_wait_sum_ = pm_wait_n_ = ps_wait_sum_ = ps_wait_n_ = pm_waited_ = ps_waited_ = 0;
  discount_sum_ = cycle_sum_ = cycle_big_sum_ = big_won_ = big_closed_ = 0;
  losses_comp_ = losses_nd_ = collided_ = due_ = slipped_deals_ = 0;
  pm_closed_ = pm_won_ = pm_big_won_ = am_found_ = am_head_weeks_ = 0;
  big_wins_ = weeks_counted_ = hunted_closed_ = 0;
  people_cost_paid_ = head_days_paid_ = vacancy_cost_paid_ = 0;  // 0 already: costs count from day 0
  for (Person& p : people_) p.booked = p.found = 0;
  am_found_class_ = am_head_weeks_class_ = pm_closed_class_ = pm_won_class_ = pm_big_won_class_ = {};
  measuring_ = true;
  classify_tenure();
}

void World::classify_tenure() {
  // Day 0: who is a veteran is settled once, so a class's KPIs follow the same people all horizon.
  for (Person& p : people_) p.veteran = p.active && tenure_months(p) >= c_.veteran_months;
}

std::string World::who(int person) const {
  if (person < 0 || static_cast<std::size_t>(person) >= people_.size()) return "nobody";
  static const char* roles[] = {"AM", "PM", "presales", "manager"};
  const Person& p = people_[static_cast<std::size_t>(person)];
  const std::size_t r = static_cast<std::size_t>(p.role);
  std::string text = "person " + std::to_string(person) + " (" + (r < 4 ? roles[r] : "?");
  if (p.cohort >= 0 && static_cast<std::size_t>(p.cohort) < c_.cohorts.size()) text += ", " + c_.cohorts[p.cohort].name;
  return text + ")";
}

std::string World::competitors_on(const Deal& d, double at) const {
  std::string names;
  for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i)
    if (((d.competitor_mask >> i) & 1u) && d.competitor_day[i] <= at)
      names += (names.empty() ? "" : ", ") + c_.competitors[i].name;
  return names.empty() ? "none" : names;
}

void World::record_change(int deal, DealChange::Kind kind, double amount, double close_day) {
  DealRecord& r = record_->deals[static_cast<std::size_t>(deal)];
  r.changes.push_back(DealChange{kind, deals_[deal].stage, day(), amount, close_day, !measuring_});
}

void World::record_settle(int deal, double revenue) {
  const Deal& d = deals_[deal];
  DealRecord& r = record_->deals[static_cast<std::size_t>(deal)];
  r.outcome = d.status == DealStatus::won           ? RecordedOutcome::won
              : d.status == DealStatus::no_decision ? RecordedOutcome::no_decision
                                                    : RecordedOutcome::lost;
  r.close_day = day();
  r.closed_in_warmup = !measuring_;
  r.revenue = revenue;
  r.owner = d.owner;
  r.last_stage = d.stage;
  for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i)
    if (((d.competitor_mask >> i) & 1u) && d.competitor_day[i] <= sim_.now()) r.competitor_mask |= 1u << i;
}

void World::record_finish() {
  // Deals: what only the end of the run settles (owner and competitors of open deals; whether a
  // deal came from the installed base is set by its opener after open_deal()).
  for (std::size_t i = 0; i < deals_.size(); ++i) {
    const Deal& d = deals_[i];
    DealRecord& r = record_->deals[i];
    r.from_installed = d.from_installed;
    if (r.outcome != RecordedOutcome::open) continue;
    r.owner = d.owner;
    r.last_stage = d.stage;
    for (int k = 0; k < static_cast<int>(c_.competitors.size()); ++k)
      if (((d.competitor_mask >> k) & 1u) && d.competitor_day[k] <= end_) r.competitor_mask |= 1u << k;
  }
  // Roster: everybody (placeholders that never joined marked so); the team at the start was hired tenure0 months before joining.
  for (const Person& p : people_) {
    PersonRecord r;
    r.joined = p.joined;
    r.role = p.role;
    r.cohort = p.cohort;
    r.segment = p.segment;
    r.mentor = p.mentor;
    r.join_day = p.join_day - t0_;
    r.hire_day = r.join_day - p.tenure0_months * 30.4375;
    r.active = p.active;
    record_->people.push_back(r);
  }
}

ReplicationOutput World::run() {
  sim_.run_until(end_);
  ReplicationOutput out;
  finish(out);
  return out;
}

void World::finish(ReplicationOutput& out) {
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  double stock = 0;
  for (int d : active_deals_)
    if (deals_[d].status == DealStatus::open || deals_[d].status == DealStatus::closing) ++stock;
  k_[kpi::opportunity_stock] = stock;
  k_[kpi::win_rate] = ratio(k_[kpi::deals_won], k_[kpi::deals_closed]);
  k_[kpi::win_rate_big] = ratio(big_won_, big_closed_);
  k_[kpi::big_deal_rate] = ratio(big_wins_, k_[kpi::deals_won]);
  const double deal_revenue = k_[kpi::revenue_basic_module] + k_[kpi::revenue_expansion] + k_[kpi::revenue_big_project];
  k_[kpi::avg_deal_size] = ratio(deal_revenue, k_[kpi::deals_won]);
  k_[kpi::collision_rate] = ratio(collided_, hunted_closed_);
  k_[kpi::avg_discount] = ratio(discount_sum_, k_[kpi::deals_won]);
  k_[kpi::shrink_share] = ratio(k_[kpi::shrink_count], k_[kpi::deals_won]);
  k_[kpi::slip_share] = ratio(slipped_deals_, due_);
  k_[kpi::losses_to_competitor_share] = ratio(losses_comp_, losses_comp_ + losses_nd_);
  k_[kpi::cycle_time_days] = ratio(cycle_sum_, k_[kpi::deals_won]);
  k_[kpi::cycle_time_big_days] = ratio(cycle_big_sum_, big_won_);
  k_[kpi::pm_utilisation] = ratio(pm_deal_hours_, pm_available_);
  k_[kpi::presales_utilisation] = ratio(ps_deal_hours_, ps_available_);
  k_[kpi::pm_queue_wait_days] = ratio(pm_wait_sum_, pm_wait_n_);
  k_[kpi::presales_queue_wait_days] = ratio(ps_wait_sum_, ps_wait_n_);
  k_[kpi::pm_waited_share] = ratio(pm_waited_, pm_wait_n_);
  k_[kpi::presales_waited_share] = ratio(ps_waited_, ps_wait_n_);
  // The sums behind the ratios above: the experiment estimates each ratio KPI as a ratio of sums
  // across replications (catalog.cpp, docs/statistics.md).
  k_[kpi::pm_assignments] = pm_wait_n_;
  k_[kpi::pm_wait_days_total] = pm_wait_sum_;
  k_[kpi::pm_waited_deals] = pm_waited_;
  k_[kpi::presales_assignments] = ps_wait_n_;
  k_[kpi::presales_wait_days_total] = ps_wait_sum_;
  k_[kpi::presales_waited_deals] = ps_waited_;
  k_[kpi::big_deals_won] = big_wins_;
  k_[kpi::revenue_deals] = deal_revenue;
  k_[kpi::hunted_deals_closed] = hunted_closed_;
  k_[kpi::collided_deals] = collided_;
  k_[kpi::won_cycle_days_total] = cycle_sum_;
  k_[kpi::offside_hours] = k_[kpi::hours_index(am, offside)] + k_[kpi::hours_index(pm, offside)] +
                           k_[kpi::hours_index(presales, offside)] + k_[kpi::hours_index(manager, offside)];
  k_[kpi::misplaced_hours] = k_[kpi::hours_index(pm, misplaced)] + k_[kpi::hours_index(am, misplaced)] +
                             k_[kpi::hours_index(presales, misplaced)] + k_[kpi::hours_index(manager, misplaced)];
  k_[kpi::covering_hours] = k_[kpi::hours_index(manager, covering)] + k_[kpi::hours_index(am, covering)] +
                            k_[kpi::hours_index(pm, covering)] + k_[kpi::hours_index(presales, covering)];
  double mentoring_total = 0;
  for (std::size_t r = 0; r < kpi::kRoles; ++r) mentoring_total += k_[kpi::hours_index(r, mentoring)];
  k_[kpi::mentoring_hours] = mentoring_total;
  const double target = c_.team_target * c_.horizon_days / 365.0;
  k_[kpi::attainment] = ratio(k_[kpi::revenue], target);
  double headcount = 0, installed = 0, am_open = 0, ams = 0;
  for (const Person& p : people_)
    if (p.active) {
      ++headcount;
      if (p.role == am) { ++ams; am_open += p.open_deals_owned; }
    }
  for (const Account& a : accounts_) installed += a.installed ? 1 : 0;
  k_[kpi::headcount_end] = headcount;
  k_[kpi::installed_accounts_end] = installed;
  k_[kpi::attrition] = ratio(k_[kpi::leavers], start_headcount_) * 365.0 / c_.horizon_days;
  const double am_heads = ratio(am_head_weeks_, weeks_counted_);
  k_[kpi::am_new_opportunities_per_head] = ratio(am_found_, am_heads);
  k_[kpi::am_basic_module_revenue_per_head] = ratio(k_[kpi::revenue_basic_module], am_heads);
  k_[kpi::am_opportunity_stock_per_head] = ratio(am_open, ams);
  double am_open_class[2] = {0, 0}, ams_class[2] = {0, 0}, am_booked_class[2] = {0, 0};
  for (const Person& p : people_) {
    if (p.role != am) continue;
    const int c = p.veteran ? 0 : 1;
    am_booked_class[c] += p.booked;
    if (p.active) ams_class[c] += 1, am_open_class[c] += p.open_deals_owned;
  }
  const double heads_class[2] = {ratio(am_head_weeks_class_[0], weeks_counted_), ratio(am_head_weeks_class_[1], weeks_counted_)};
  k_[kpi::am_veteran_new_opportunities_per_head] = ratio(am_found_class_[0], heads_class[0]);
  k_[kpi::am_new_new_opportunities_per_head] = ratio(am_found_class_[1], heads_class[1]);
  k_[kpi::am_veteran_opportunity_stock_per_head] = ratio(am_open_class[0], ams_class[0]);
  k_[kpi::am_new_opportunity_stock_per_head] = ratio(am_open_class[1], ams_class[1]);
  k_[kpi::am_veteran_revenue_per_head] = ratio(am_booked_class[0], heads_class[0]);
  k_[kpi::am_new_revenue_per_head] = ratio(am_booked_class[1], heads_class[1]);
  k_[kpi::pm_veteran_win_rate] = ratio(pm_won_class_[0], pm_closed_class_[0]);
  k_[kpi::pm_new_win_rate] = ratio(pm_won_class_[1], pm_closed_class_[1]);
  k_[kpi::pm_veteran_big_deal_share_of_pm_wins] = ratio(pm_big_won_class_[0], pm_won_class_[0]);
  k_[kpi::pm_new_big_deal_share_of_pm_wins] = ratio(pm_big_won_class_[1], pm_won_class_[1]);
  k_[kpi::pm_win_rate] = ratio(pm_won_, pm_closed_);
  k_[kpi::pm_big_deal_share_of_pm_wins] = ratio(pm_big_won_, pm_won_);
  const Economics e = economics();
  k_[kpi::gross_margin] = e.margin;
  k_[kpi::cost_people] = e.people;
  k_[kpi::cost_hiring] = e.hiring;
  k_[kpi::cost_vacancy] = e.vacancy;
  k_[kpi::cost_deal_hours] = e.deal_hours;
  k_[kpi::cost_total] = e.total();
  k_[kpi::contribution] = e.contribution();
  k_[kpi::mean_headcount] = e.head_days / c_.horizon_days;
  k_[kpi::contribution_per_head] = ratio(k_[kpi::contribution], k_[kpi::mean_headcount]);
  k_[kpi::roi] = ratio(k_[kpi::contribution], k_[kpi::cost_total]);
  k_[kpi::cost_per_won_deal] = ratio(k_[kpi::cost_total], k_[kpi::deals_won]);
  if (record_) record_finish();
  out.kpis = k_;
  out.weekly = std::move(weekly_);
  out.events = sim_.events_executed();
}

}  // namespace salesim::model
