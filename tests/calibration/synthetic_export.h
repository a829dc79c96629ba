// Synthetic CRM exports with known parameters, for the round-trip tests and the fit benchmark:
// opportunities arrive per segment as a Poisson process with calendar-quarter seasonality over
// 2026, deal types by share, list sizes lognormal per type, outcomes multinomial, cycle times
// lognormal (whole days), slips (close date moved later by ceil(Exp(mean)) days) and cuts (scope
// kept ~ U(kept_lo, kept_hi)) in the stage history, competitors by share, a roster of AMs and PMs.
// Written in the layout of `salesim run --export-crm` (scenarios/crm/salesim_mapping.txtpb).
#pragma once

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/calibration/crm.h"
#include "sim/calibration/crm_reader.h"
#include "sim/kernel/random.h"

namespace salesim::calibration::testing {

struct SegmentTruth {
  std::string name;
  double per_year;            // opportunities per 365.25 days at seasonality 1
  double season[4];           // calendar quarters, mean 1
};

struct Truth {
  std::vector<SegmentTruth> segments = {{"enterprise", 500, {0.8, 1.2, 0.9, 1.1}}, {"smb", 300, {1, 1, 1, 1}}};
  double expansion_share = 0.2;   // of all opportunities
  double big_share = 0.35;        // of hunted (basic + big)
  double basic_mean = 400000, basic_cv = 0.5;
  double big_mean = 2500000, big_cv = 0.6;
  double expansion_mean = 300000, expansion_cv = 0.4;
  double p_won = 0.35, p_lost = 0.45;  // no decision: the rest
  double cycle_median_days = 90, cycle_sigma = 0.6;
  double slip_probability = 0.3, slip_exp_mean = 30;
  double shrink_probability = 0.2, kept_lo = 0.5, kept_hi = 0.7;
  double competitor_probability = 0.4;
  int ams = 20, pms = 5;
  // The mean of ceil(Exp(slip_exp_mean)): a geometric mean, 1 / (1 - exp(-1 / mean)).
  double slip_mean_days() const { return 1 / (1 - std::exp(-1 / slip_exp_mean)); }
};

inline double lognormal_draw(kernel::Rng& r, double mean, double cv) {
  const double s2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - s2 / 2;
  return std::exp(mu + std::sqrt(s2) * kernel::normal(r, 0, 1));
}

// An export of 2026 (epoch 2026-01-01, period [0, 365)). `scale` multiplies every segment's rate.
inline CrmExport synthetic_export(const Truth& t, std::uint64_t seed, double scale = 1) {
  CrmExport e;
  e.period_start_day = 0;
  e.period_end_day = 365;
  e.has_stage_history = e.has_roster = e.has_competitors = true;
  kernel::Rng r(kernel::StreamKey{.seed = seed, .purpose = 9001});
  for (int i = 0; i < t.ams + t.pms; ++i) {
    RosterEntry p;
    p.person = std::string("P").append(std::to_string(i));
    p.role = i < t.ams ? PersonRole::am : PersonRole::pm;
    p.hire_day = -std::floor(30 + 1500 * r.uniform01());
    e.roster.push_back(p);
  }
  static const int qstart[5] = {0, 90, 181, 273, 365};  // 2026's calendar quarters
  int next_id = 0;
  for (const auto& seg : t.segments) {
    double peak = 0;
    for (double s : seg.season) peak = std::max(peak, s);
    const double rate_max = scale * seg.per_year * peak / 365.25;
    double day = 0;
    while (true) {
      day += kernel::exponential(r, 1 / rate_max);
      if (day >= 365) break;
      int q = 0;
      while (day >= qstart[q + 1]) ++q;
      if (r.uniform01() * peak >= seg.season[q]) continue;
      Opportunity o;
      o.id = std::string("D").append(std::to_string(next_id++));
      o.owner = std::string("P").append(std::to_string(static_cast<int>(r.uniform01() * t.ams)));
      o.account = std::string("A").append(std::to_string(static_cast<int>(r.uniform01() * 5000)));
      o.segment = seg.name;
      const double u = r.uniform01();
      o.kind = u < t.expansion_share ? DealKind::expansion
               : r.uniform01() < t.big_share ? DealKind::big_project
                                            : DealKind::basic_module;
      o.product = kind_name(o.kind);
      const double size = o.kind == DealKind::expansion     ? lognormal_draw(r, t.expansion_mean, t.expansion_cv)
                          : o.kind == DealKind::big_project ? lognormal_draw(r, t.big_mean, t.big_cv)
                                                            : lognormal_draw(r, t.basic_mean, t.basic_cv);
      const double list = std::round(size * 100) / 100;
      o.created_day = std::floor(day);
      const double cycle = std::round(t.cycle_median_days * std::exp(t.cycle_sigma * kernel::normal(r, 0, 1)));
      const double close = o.created_day + cycle;
      const double v = r.uniform01();
      const Outcome outcome = v < t.p_won ? Outcome::won : v < t.p_won + t.p_lost ? Outcome::lost : Outcome::no_decision;
      const bool slips = r.uniform01() < t.slip_probability;
      const double slip = std::ceil(kernel::exponential(r, t.slip_exp_mean));
      const bool shrinks = r.uniform01() < t.shrink_probability;
      const double kept = t.kept_lo + (t.kept_hi - t.kept_lo) * r.uniform01();
      const bool contested = r.uniform01() < t.competitor_probability;
      const bool closed = close < 365;
      o.outcome = closed ? outcome : Outcome::open;
      o.stage = closed ? (outcome == Outcome::won ? "Closed Won" : outcome == Outcome::lost ? "Closed Lost" : "No Decision") : "Demo";
      o.close_day = closed ? close : kBlank;
      double amount = list;
      // History: created (list size, first forecast), a slip, a cut, the close.
      const double first_forecast = slips ? close - slip : close;
      e.stage_history.push_back({o.id, "Qualify", o.created_day, list, first_forecast, 0});
      if (slips && o.created_day + 1 < std::min(close, 365.0))
        e.stage_history.push_back({o.id, "Demo", o.created_day + 1, list, close, 0});
      if (shrinks && o.created_day + 2 < std::min(close, 365.0)) {
        amount = std::round(list * kept * 100) / 100;
        e.stage_history.push_back({o.id, "Proposal", o.created_day + 2, amount, close, 0});
      }
      if (closed) {
        e.stage_history.push_back({o.id, o.stage, close, outcome == Outcome::won ? amount : kBlank, kBlank, 0});
        o.amount_cny = outcome == Outcome::won ? amount : kBlank;
      } else {
        o.amount_cny = amount;
      }
      if (contested) e.competitors.push_back({o.id, "NorthSoft", 0});
      e.opportunities.push_back(std::move(o));
    }
  }
  return e;
}

// Writes `e` in the salesim layout (ISO dates, '.' decimal point) into `dir`.
inline void write_salesim_layout(const CrmExport& e, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::int64_t epoch = days_from_civil(e.epoch_year, e.epoch_month, e.epoch_day);
  auto date = [&](double d) { return std::isnan(d) ? std::string() : iso_date(epoch + static_cast<std::int64_t>(d)); };
  auto money = [](double a) {
    if (std::isnan(a)) return std::string();
    char b[64];
    std::snprintf(b, sizeof b, "%.2f", a);
    return std::string(b);
  };
  std::ofstream o(dir / "opportunities.csv", std::ios::binary);
  o << "id,owner,account,segment,product,stage,created,close_date,amount\n";
  for (const auto& x : e.opportunities)
    o << x.id << ',' << x.owner << ',' << x.account << ',' << x.segment << ',' << x.product << ',' << x.stage << ','
      << date(x.created_day) << ',' << date(x.close_day) << ',' << money(x.amount_cny) << '\n';
  std::ofstream h(dir / "stage_history.csv", std::ios::binary);
  h << "opportunity_id,stage,date,amount,close_date\n";
  for (const auto& x : e.stage_history)
    h << x.opportunity_id << ',' << x.stage << ',' << date(x.day) << ',' << money(x.amount_cny) << ',' << date(x.close_day) << '\n';
  std::ofstream r(dir / "roster.csv", std::ios::binary);
  r << "person,role,manager,team,hire_date\n";
  for (const auto& x : e.roster) r << x.person << ',' << role_name(x.role) << ",,," << date(x.hire_day) << '\n';
  std::ofstream c(dir / "competitors.csv", std::ios::binary);
  c << "opportunity_id,competitor\n";
  for (const auto& x : e.competitors) c << x.opportunity_id << ',' << x.competitor << '\n';
}

}  // namespace salesim::calibration::testing
