// The market, "big, scattered, small": buying projects arrive per segment (Poisson with quarterly
// seasonality) at random accounts of a large pool; competitors and we discover them; installed
// accounts spawn expansion projects. Every draw here is keyed by the project or account, never by
// the team, so two teams run with one key meet the very same market (common random numbers).
#include <algorithm>
#include <cmath>

#include "sim/model/world.h"

namespace salesim::model {

void World::schedule_next_arrival(int s) {
  const SegmentConfig& seg = c_.segments[s];
  const double peak = *std::max_element(seg.seasonality.begin(), seg.seasonality.end());
  const double rate_max = seg.projects_per_year * peak / 365.0;
  if (!(rate_max > 0)) return;
  kernel::Rng& r = arrival_rng_[s];
  double t = sim_.now();
  // Thinning: candidates at the peak rate, kept with probability season(t) / peak.
  for (;;) {
    t += kernel::exponential(r, 1.0 / rate_max);
    if (t >= end_) return;
    const auto q = static_cast<std::size_t>(std::floor((t + 4000.0 * c_.quarter_days - t0_) / c_.quarter_days)) % seg.seasonality.size();
    if (r.uniform01() * peak < seg.seasonality[q]) break;
  }
  sim_.schedule_at(t, h_arrival_, static_cast<std::uint64_t>(s));
}

void World::on_arrival(std::uint64_t s) {
  make_project(static_cast<int>(s), arrival_count_[s]++);
  schedule_next_arrival(static_cast<int>(s));
}

void World::make_project(int s, std::uint64_t index) {
  const SegmentConfig& seg = c_.segments[s];
  Project pr;
  pr.segment = s;
  pr.key = (static_cast<std::uint64_t>(s) << 40) | index;
  pr.arrival = sim_.now();
  pr.window_end = pr.arrival + seg.window_days;
  kernel::Rng r = stream(p_project, pr.key);
  pr.account = segment_first_account_[s] + static_cast<int>(r.below(seg.accounts));
  pr.visibility = r.uniform01();
  pr.threshold = kernel::exponential(r, 1.0);
  pr.tender_day = pr.arrival + (1.0 - pr.visibility) * c_.tender_after_window_share * seg.window_days;
  pr.big = r.uniform01() < seg.big_share;
  // Always kMaxCompetitors triples of draws, so adding a competitor shifts no other draw.
  for (int i = 0; i < kMaxCompetitors; ++i) {
    const double u_present = r.uniform01();
    const double u_day = r.uniform_pos();
    const double u_early = r.uniform01();
    if (i >= static_cast<int>(c_.competitors.size())) continue;
    const CompetitorConfig& k = c_.competitors[i];
    // Visible projects (tenders, public plans) are the ones everybody pursues.
    const double p = std::min(1.0, k.rate[s] * (0.4 + 1.2 * pr.visibility));
    if (u_present < p) {
      pr.competitor_mask |= 1u << i;
      // Some pursuers find it by their own early hunting; the rest only through the tender.
      if (u_early < c_.competitor_early_share) pr.early_mask |= 1u << i;
    }
    pr.competitor_day[i] = pr.arrival - k.discovery_days * std::log(u_day);
  }
  for (double& u : pr.u) u = r.uniform01();
  const int j = static_cast<int>(projects_.size());
  projects_.push_back(pr);
  trace("project.arrive", static_cast<std::uint64_t>(j), [&] {
    return "buying project in segment " + seg.name + " at account " + std::to_string(pr.account) +
           (pr.big ? " (big potential)" : "") + ", visibility " + std::to_string(pr.visibility).substr(0, 4);
  });

  Account& acc = accounts_[pr.account];
  if (acc.installed && acc.owner >= 0 && people_[acc.owner].active && acc.health > 0.3) {
    // The owner farms this account: he sees the project at once; it is an expansion of the base.
    const int d = open_deal(pr.account, s, expansion, project_size(pr, expansion), acc.owner, acc.owner);
    Deal& deal = deals_[d];
    deal.project = j;
    deal.from_installed = true;
    deal.key = pr.key;
    deal.competitor_mask = 0;
    for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i)
      if ((pr.competitor_mask >> i) & 1u) {
        // Incumbency keeps rivals out two times in three.
        if (pr.u[cu_incumbent] < 0.33) deal.competitor_mask |= 1u << i;
      }
    deal.competitor_day = pr.competitor_day;
    deal.u = pr.u;
    k_[kpi::installed_opportunities] += 1;
    enter_stage(d, 0);
    return;
  }
  if (acc.cooling_until > sim_.now()) return;  // we lost here recently: the customer won't call us
  open_projects_.push_back(j);
}

void World::run_discovery() {
  double total_accounts = 0;
  for (const auto& s : c_.segments) total_accounts += s.accounts;
  // This week's hunters per segment, weighted by hunting effort there (a hunter without a
  // segment splits his effort by accounts); hunt_effort is fixed until the next time budget.
  for (std::size_t s = 0; s < hunters_.size(); ++s) {
    hunters_[s].clear();
    hunt_cumulative_[s].clear();
  }
  for (std::size_t p = 0; p < people_.size(); ++p) {
    const Person& q = people_[p];
    if (!q.active || !(q.hunt_effort > 0)) continue;
    for (std::size_t s = 0; s < hunters_.size(); ++s) {
      if (!(q.segment == static_cast<int>(s) || q.segment < 0)) continue;
      const double w = q.segment < 0 ? q.hunt_effort * c_.segments[s].accounts / total_accounts : q.hunt_effort;
      hunters_[s].push_back(static_cast<int>(p));
      hunt_cumulative_[s].push_back((hunt_cumulative_[s].empty() ? 0.0 : hunt_cumulative_[s].back()) + w);
    }
  }
  std::size_t keep = 0;
  for (std::size_t i = 0; i < open_projects_.size(); ++i) {
    const int j = open_projects_[i];
    Project& pr = projects_[j];
    if (sim_.now() > pr.window_end) continue;  // the customer decided without us
    const SegmentConfig& seg = c_.segments[pr.segment];
    // A public tender is easy to find; a hidden project only as visible as it is.
    const double weight = sim_.now() >= pr.tender_day ? c_.tender_discovery_weight : 0.1 + pr.visibility;
    pr.hazard += c_.coverage * segment_effort_[pr.segment] / seg.accounts * weight;
    if (pr.hazard < pr.threshold) {
      open_projects_[keep++] = j;
      continue;
    }
    // Found: by whom, in proportion to each hunter's effort in this segment.
    // The first hunter whose cumulative weight exceeds u (the last one if rounding leaves none).
    const std::vector<double>& cumulative = hunt_cumulative_[pr.segment];
    const double total = cumulative.empty() ? 0.0 : cumulative.back();
    int finder = -1;
    if (total > 0) {
      const double u = draw_u(p_finder, pr.key) * total;
      const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
      finder = hunters_[pr.segment][std::min<std::size_t>(static_cast<std::size_t>(at), cumulative.size() - 1)];
    }
    discover(j, finder);
  }
  open_projects_.resize(keep);
}

void World::discover(int j, int finder) {
  const Project& pr = projects_[j];
  const SegmentConfig& seg = c_.segments[pr.segment];
  const DealType type = (seg.go_big && pr.big) ? big_project : basic_module;
  const double list = project_size(pr, type);
  const int owner = pick_owner(pr.segment, finder);
  if (owner < 0) return;  // no AM to own it
  const int d = open_deal(pr.account, pr.segment, type, list, owner, finder);
  Deal& deal = deals_[d];
  deal.project = j;
  deal.key = pr.key;
  deal.competitor_day = pr.competitor_day;
  deal.u = pr.u;
  // Found before the tender, the customer may let us shape the project and run no open tender:
  // then only the rivals who found it early themselves meet us. Otherwise the others join from
  // the tender day on.
  deal.shaped = sim_.now() < pr.tender_day && pr.u[cu_shape] < c_.shaping_probability;
  deal.competitor_mask = deal.shaped ? pr.early_mask : pr.competitor_mask;
  if (!deal.shaped)
    for (int i = 0; i < static_cast<int>(c_.competitors.size()); ++i)
      if (((pr.competitor_mask & ~pr.early_mask) >> i) & 1u)
        deal.competitor_day[i] = std::max(deal.competitor_day[i], pr.tender_day);
  if (deal.shaped) k_[kpi::shaped_deals] += 1;
  k_[kpi::new_opportunities] += 1;
  if (finder >= 0) {
    people_[finder].found += 1;
    if (people_[finder].role == am) am_found_ += 1, am_found_class_[people_[finder].veteran ? 0 : 1] += 1;
    if (people_[finder].role == pm) k_[kpi::pm_found_opportunities] += 1;
  }
  trace("deal.discover", static_cast<std::uint64_t>(d), [&] {
    return "found by " + who(finder) + (type == big_project ? ": big project" : ": basic module") +
           ", list " + std::to_string(static_cast<long long>(list)) + " CNY, " +
           std::to_string(std::lround(sim_.now() - pr.arrival)) + " days after it started";
  });
  enter_stage(d, 0);
}

// Drawn only when a deal is made of the project (most are never found), from a stream of the
// project and deal type: the same project has the same size whichever team meets it.
double World::project_size(const Project& pr, DealType type) const {
  const SegmentConfig& seg = c_.segments[pr.segment];
  kernel::Rng r = stream(p_project, pr.key, 1 + static_cast<std::uint64_t>(type));
  const DistSpec& size = type == big_project ? seg.big_size : (type == expansion ? seg.expansion_size : seg.basic_size);
  return std::max(1.0, size.draw(r));
}

int World::pick_owner(int segment, int preferred) {
  if (preferred >= 0 && people_[preferred].active && people_[preferred].role == am) return preferred;
  // With no AM on the team, whoever found the deal owns it (a misplaced PM, say).
  if (members_[am].empty()) return preferred >= 0 && people_[preferred].active ? preferred : -1;
  int best = -1;
  for (int pass = 0; pass < 2 && best < 0; ++pass)
    for (int p : members_[am]) {
      const Person& q = people_[p];
      if (pass == 0 && !(q.segment == segment || q.segment < 0)) continue;
      if (best < 0 || q.open_deals_owned < people_[best].open_deals_owned) best = p;
    }
  return best;
}

void World::schedule_expansion(int a) {
  Account& acc = accounts_[a];
  const double rate = c_.segments[acc.segment].expansions_per_year * (acc.big_sold ? 0.25 : 1.0);
  if (!(rate > 0) || !acc.installed) return;
  kernel::Rng r = stream(p_expansion, static_cast<std::uint64_t>(a), acc.expansions);
  const double t = sim_.now() + kernel::exponential(r, 365.0 / rate);
  if (t < end_) sim_.schedule_at(t, h_expansion_, static_cast<std::uint64_t>(a));
}

void World::on_expansion(std::uint64_t a) {
  Account& acc = accounts_[a];
  if (!acc.installed) return;  // churned meanwhile
  const std::uint32_t k = acc.expansions++;
  kernel::Rng r = stream(p_expansion, a, k);
  (void)r.uniform_pos();  // the gap drawn by schedule_expansion
  const double u_accept = r.uniform01();
  const SegmentConfig& seg = c_.segments[acc.segment];
  const double size = std::max(1.0, seg.expansion_size.draw(r));
  std::uint32_t mask = 0;
  std::array<double, kMaxCompetitors> day{};
  for (int i = 0; i < kMaxCompetitors; ++i) {
    const double u1 = r.uniform01(), u2 = r.uniform_pos();
    if (i >= static_cast<int>(c_.competitors.size())) continue;
    const CompetitorConfig& comp = c_.competitors[i];
    if (u1 < comp.rate[acc.segment] * 0.3) mask |= 1u << i;
    day[i] = sim_.now() - comp.discovery_days * std::log(u2);
  }
  std::array<double, kCustomerDraws> u{};
  for (double& x : u) x = r.uniform01();
  // A farmed account buys more; a neglected one does not call.
  if (acc.owner >= 0 && people_[acc.owner].active && u_accept < acc.health && acc.cooling_until <= sim_.now()) {
    const int d = open_deal(static_cast<int>(a), acc.segment, expansion, size, acc.owner, acc.owner);
    Deal& deal = deals_[d];
    deal.from_installed = true;
    deal.key = (std::uint64_t{1} << 62) | (a << 16) | k;
    deal.competitor_mask = mask;
    deal.competitor_day = day;
    deal.u = u;
    k_[kpi::installed_opportunities] += 1;
    trace("deal.expansion", static_cast<std::uint64_t>(d), [&] {
      return "installed account " + std::to_string(a) + " opens an expansion of " +
             std::to_string(static_cast<long long>(size)) + " CNY";
    });
    enter_stage(d, 0);
  }
  schedule_expansion(static_cast<int>(a));
}

}  // namespace salesim::model
