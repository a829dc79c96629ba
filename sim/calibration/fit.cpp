#include "sim/calibration/fit.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "sim/calibration/crm_reader.h"
#include "sim/calibration/moments.h"

namespace salesim::calibration {
namespace {

namespace bm = boost::math;

double z_of(double level) { return bm::quantile(bm::normal(), 0.5 + level / 2); }

double median_of(std::vector<double> v) {
  if (v.empty()) return kBlank;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct MeanCi {
  double mean = kBlank;
  Interval ci;
};
// Student t interval of a mean.
MeanCi t_mean(const std::vector<double>& v, double level = 0.95) {
  MeanCi r;
  if (v.empty()) return r;
  const double n = static_cast<double>(v.size());
  r.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  if (v.size() < 2) return r;
  double ss = 0;
  for (double x : v) ss += (x - r.mean) * (x - r.mean);
  const double se = std::sqrt(ss / (n - 1) / n);
  const double t = bm::quantile(bm::students_t(n - 1), 0.5 + level / 2);
  r.ci = {r.mean - t * se, r.mean + t * se};
  return r;
}

const char* band_of(double months) {
  if (std::isnan(months)) return "unknown";
  if (months < 12) return "new";
  if (months < 24) return "ramped";
  return "veteran";
}

std::string role_model_name(PersonRole r) { return role_name(r); }

}  // namespace

Interval binomial_ci(std::uint64_t k, std::uint64_t n, double level) {
  if (n == 0) return {};
  const double a = (1 - level) / 2;
  const double kd = static_cast<double>(k), nd = static_cast<double>(n);
  const double lo = k == 0 ? 0.0 : bm::quantile(bm::beta_distribution<>(kd, nd - kd + 1), a);
  const double hi = k == n ? 1.0 : bm::quantile(bm::beta_distribution<>(kd + 1, nd - kd), 1 - a);
  return {lo, hi};
}

Interval binomial_cluster_ci(const std::vector<std::pair<std::string, bool>>& obs, double level) {
  std::map<std::string, std::pair<double, double>> c;  // cluster -> (successes, n)
  double k = 0;
  for (const auto& [id, success] : obs) {
    auto& x = c[id];
    x.first += success;
    x.second += 1;
    k += success;
  }
  const double n = static_cast<double>(obs.size());
  if (obs.empty()) return {};
  const double p = k / n, cl = static_cast<double>(c.size());
  double deff = 1;
  if (c.size() > 1 && p > 0 && p < 1) {
    double ss = 0;
    for (const auto& [id, x] : c) ss += (x.first - p * x.second) * (x.first - p * x.second);
    const double var_cluster = ss * cl / (cl - 1) / (n * n);
    deff = std::max(1.0, var_cluster / (p * (1 - p) / n));
  }
  const double n_eff = n / deff, k_eff = p * n_eff;
  const double a = (1 - level) / 2;
  const double lo = k == 0 ? 0.0 : bm::quantile(bm::beta_distribution<>(k_eff, n_eff - k_eff + 1), a);
  const double hi = k == n ? 1.0 : bm::quantile(bm::beta_distribution<>(k_eff + 1, n_eff - k_eff), 1 - a);
  return {lo, hi};
}

Interval poisson_ci(std::uint64_t k, double level) {
  const double a = (1 - level) / 2;
  const double kd = static_cast<double>(k);
  const double lo = k == 0 ? 0.0 : bm::quantile(bm::gamma_distribution<>(kd, 1.0), a);
  const double hi = bm::quantile(bm::gamma_distribution<>(kd + 1, 1.0), 1 - a);
  return {lo, hi};
}

LognormalFit fit_lognormal(const std::vector<double>& values, double level) {
  LognormalFit f;
  std::vector<double> logs;
  logs.reserve(values.size());
  for (double x : values) {
    if (x > 0 && std::isfinite(x)) logs.push_back(std::log(x));
    else ++f.dropped;
  }
  f.n = logs.size();
  if (f.n < 2) return f;
  const double n = static_cast<double>(f.n);
  f.mu = std::accumulate(logs.begin(), logs.end(), 0.0) / n;
  double ss = 0;
  for (double l : logs) ss += (l - f.mu) * (l - f.mu);
  const double s2 = ss / (n - 1);  // unbiased, for the intervals
  f.sigma = std::sqrt(ss / n);      // MLE
  f.mean = std::exp(f.mu + f.sigma * f.sigma / 2);
  f.cv = std::sqrt(std::expm1(f.sigma * f.sigma));
  const double z = z_of(level);
  const double se_mu = std::sqrt(s2 / n);
  f.mu_ci = {f.mu - z * se_mu, f.mu + z * se_mu};
  // Cox: log mean = mu + s^2/2, variance s^2/n + s^4/(2(n-1)).
  const double lm = f.mu + s2 / 2, se = std::sqrt(s2 / n + s2 * s2 / (2 * (n - 1)));
  f.mean_ci = {std::exp(lm - z * se), std::exp(lm + z * se)};
  // sigma^2: (n-1) s^2 / sigma^2 ~ chi^2(n-1).
  const bm::chi_squared chi(n - 1);
  const double a = (1 - level) / 2;
  const double s2_lo = ss / bm::quantile(chi, 1 - a), s2_hi = ss / bm::quantile(chi, a);
  f.sigma_ci = {std::sqrt(s2_lo), std::sqrt(s2_hi)};
  f.cv_ci = {std::sqrt(std::expm1(s2_lo)), std::sqrt(std::expm1(s2_hi))};
  return f;
}

KaplanMeier kaplan_meier(std::vector<std::pair<double, bool>> data) {
  KaplanMeier km;
  km.n = data.size();
  // Events before censorings at the same time (the usual convention).
  std::sort(data.begin(), data.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  double at_risk = static_cast<double>(data.size()), s = 1, gw = 0;
  std::size_t i = 0;
  while (i < data.size()) {
    const double t = data[i].first;
    double d = 0, c = 0;
    while (i < data.size() && data[i].first == t) {
      (data[i].second ? d : c) += 1;
      ++i;
    }
    km.events += static_cast<std::uint64_t>(d);
    km.censored += static_cast<std::uint64_t>(c);
    if (d > 0) {
      s *= 1 - d / at_risk;
      gw += at_risk > d ? d / (at_risk * (at_risk - d)) : 0.0;
      km.time.push_back(t);
      km.survival.push_back(s);
      km.greenwood.push_back(gw);
    }
    at_risk -= d + c;
  }
  return km;
}

double KaplanMeier::quantile(double p) const {
  for (std::size_t i = 0; i < time.size(); ++i)
    if (survival[i] <= 1 - p + 1e-12) return time[i];
  return kBlank;
}

Interval KaplanMeier::quantile_ci(double p, double level) const {
  const double z = z_of(level);
  Interval r;
  for (std::size_t i = 0; i < time.size(); ++i) {
    const double s = survival[i];
    double lo = 0, hi = 0;  // the pointwise log(-log) band of S
    if (s <= 0) {
      lo = hi = 0;
    } else if (s >= 1) {
      lo = hi = 1;
    } else {
      const double w = z * std::sqrt(greenwood[i]) / std::abs(std::log(s));
      lo = std::pow(s, std::exp(w));
      hi = std::pow(s, std::exp(-w));
    }
    // The lower band reaches 1 - p first: the earliest time the quantile may be; the upper band last.
    if (std::isnan(r.lo) && lo <= 1 - p + 1e-12) r.lo = time[i];
    if (std::isnan(r.hi) && hi <= 1 - p + 1e-12) r.hi = time[i];
  }
  return r;
}

std::string generic_path(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      out += "[]";
      i = close == std::string::npos ? path.size() : close;
    } else {
      out += path[i];
    }
  }
  return out;
}

ExportMoments export_moments(const CrmExport& e) {
  ExportMoments m;
  std::vector<std::pair<double, bool>> cycle;
  for (const auto& o : e.opportunities) {
    if (o.created_day < e.period_start_day || o.created_day >= e.period_end_day) continue;
    ++m.opportunities;
    const bool closed = o.outcome != Outcome::open && !std::isnan(o.close_day);
    if (closed) {
      ++m.closed;
      if (o.outcome == Outcome::won) ++m.won;
      if (o.outcome == Outcome::lost) ++m.lost;
      if (o.outcome == Outcome::no_decision) ++m.no_decision;
      cycle.emplace_back(o.close_day - o.created_day, true);
    } else {
      cycle.emplace_back(std::max(0.0, e.period_end_day - o.created_day), false);
    }
  }
  const double quarter = 91.25;
  for (const auto& r : e.roster) {
    if (r.role != PersonRole::am) continue;
    const double from = std::isnan(r.hire_day) ? e.period_start_day : std::max(e.period_start_day, r.hire_day);
    if (e.period_end_day > from) m.am_quarters += (e.period_end_day - from) / quarter;
  }
  if (m.closed > 0) {
    const double n = static_cast<double>(m.closed);
    m.win_rate = static_cast<double>(m.won) / n;
    m.no_decision_share = static_cast<double>(m.no_decision) / n;
    m.win_rate_se = std::sqrt(std::max(m.win_rate * (1 - m.win_rate), 0.25 / n) / n);
    m.no_decision_share_se = std::sqrt(std::max(m.no_decision_share * (1 - m.no_decision_share), 0.25 / n) / n);
  }
  if (m.am_quarters > 0) {
    m.opportunities_per_am_quarter = static_cast<double>(m.opportunities) / m.am_quarters;
    m.opportunities_per_am_quarter_se = std::sqrt(std::max<double>(1.0, static_cast<double>(m.opportunities))) / m.am_quarters;
  }
  const KaplanMeier km = kaplan_meier(std::move(cycle));
  m.median_cycle_days = km.quantile(0.5);
  const Interval ci = km.quantile_ci(0.5);
  if (!std::isnan(ci.lo) && !std::isnan(ci.hi)) m.median_cycle_days_se = (ci.hi - ci.lo) / (2 * 1.959964);
  return m;
}

FitResult fit_export(const CrmExport& e, const v1::Scenario& base, const FitOptions& options) {
  FitResult r;
  const double period = e.period_end_day - e.period_start_day;
  r.period_days = period;
  const double years = period / 365.25;
  const std::uint64_t min_n = options.min_observations;
  auto add = [&](Estimate x) { r.estimates.push_back(std::move(x)); };

  // Segments: export names -> scenario names.
  std::set<std::string> seg_names;
  for (const auto& o : e.opportunities) seg_names.insert(o.segment);
  std::map<std::string, std::string> seg_map;
  // An export segment the base does not have is reported, not written: a new segment would join
  // the market with the schema's defaults (its accounts, its project rate) unseen.
  std::set<std::string> base_names;
  for (const auto& s : base.market().segments()) base_names.insert(s.name());
  for (const auto& s : seg_names) {
    std::string target = s;
    if (s.empty()) {
      target = base.market().segments_size() == 1 ? base.market().segments(0).name() : std::string();
      if (target.empty())
        r.notes.push_back("the export has no segments and the base has " + std::to_string(base.market().segments_size()) +
                          ": per-segment estimates are reported as segment=(all), not written (add a segment column or segment_rules)");
    } else if (!base_names.count(s)) {
      target.clear();
      r.notes.push_back("segment '" + s + "' of the export is not a segment of the base: its estimates are reported, not written "
                        "(name the base's segments in the export, or add the segment to the base)");
    }
    seg_map[s] = target;
    r.segments.emplace_back(s, target);
  }
  auto seg_strategy = [&](const std::string& name) {
    for (const auto& s : base.market().segments())
      if (s.name() == name) return s.strategy();
    return v1::GO_BIG;
  };

  // History per opportunity, in time order (file order within a day).
  std::map<std::string, std::vector<const StageChange*>> history;
  for (const auto& s : e.stage_history) history[s.opportunity_id].push_back(&s);
  for (auto& [id, v] : history)
    std::stable_sort(v.begin(), v.end(), [](const StageChange* a, const StageChange* b) { return a->day < b->day; });

  // ---- Creation rate per segment, and seasonality -------------------------------------------
  // Exposure days per calendar quarter (Jan-Mar = Q1) of the period.
  const std::int64_t epoch = days_from_civil(e.epoch_year, e.epoch_month, e.epoch_day);
  auto quarter_of = [&](double day) {
    int y = 0, m = 0, d = 0;
    civil_from_days(epoch + static_cast<std::int64_t>(std::floor(day)), y, m, d);
    return (m - 1) / 3;
  };
  double exposure[4] = {0, 0, 0, 0};
  for (double d = e.period_start_day; d < e.period_end_day; d += 1) exposure[quarter_of(d)] += 1;

  struct SegCounts {
    std::uint64_t total = 0, q[4] = {0, 0, 0, 0}, hunted = 0, big = 0;
    std::vector<std::pair<std::string, bool>> big_by_account;
  };
  // Opportunities of one account share its projects (a project lost and found again, expansions):
  // shares are clustered by account.
  auto cluster_of = [](const Opportunity& o) { return o.account.empty() ? o.id : o.account; };
  std::map<std::string, SegCounts> seg_counts;
  for (const auto& o : e.opportunities) {
    if (o.created_day < e.period_start_day || o.created_day >= e.period_end_day) continue;
    auto& c = seg_counts[o.segment];
    ++c.total;
    ++c.q[quarter_of(o.created_day)];
    if (o.kind == DealKind::basic_module || o.kind == DealKind::big_project) {
      ++c.hunted;
      if (o.kind == DealKind::big_project) ++c.big;
      c.big_by_account.emplace_back(cluster_of(o), o.kind == DealKind::big_project);
    }
  }
  for (const auto& [seg, c] : seg_counts) {
    const std::string target = seg_map[seg];
    const std::string group = "segment=" + (target.empty() ? (seg.empty() ? std::string("(all)") : seg) : target);
    const std::string prefix = target.empty() ? std::string() : "market.segments[" + target + "].";
    if (years > 0) {
      const Interval ci = poisson_ci(c.total);
      add({"opportunities_per_year", group, prefix.empty() ? "" : prefix + "projects_per_account_per_year", false, true,
           static_cast<double>(c.total) / years, {ci.lo / years, ci.hi / years}, c.total, "1/yr",
           "count / years of the period, exact Poisson interval (Garwood); the market's project rate is latent "
           "(only discovered projects become opportunities): matched by simulation"});
    }
    // Seasonality: rate of each quarter / mean of the four rates, log delta-method interval.
    const bool all_quarters = exposure[0] > 0 && exposure[1] > 0 && exposure[2] > 0 && exposure[3] > 0;
    if (all_quarters && c.total >= 4 * min_n) {
      double rate[4], sum = 0;
      for (int q = 0; q < 4; ++q) sum += rate[q] = static_cast<double>(c.q[q]) / exposure[q];
      for (int q = 0; q < 4; ++q) {
        const double mult = 4 * rate[q] / sum;
        double var = 0;  // Var log m_q = sum_j (delta_qj / r_q - 1 / S)^2 r_j^2 / N_j
        for (int j = 0; j < 4; ++j) {
          const double g = (j == q && rate[q] > 0 ? 1 / rate[q] : 0.0) - 1 / sum;
          var += c.q[j] > 0 ? g * g * rate[j] * rate[j] / static_cast<double>(c.q[j]) : 0.0;
        }
        const double w = 1.959964 * std::sqrt(var);
        add({"seasonality", group + " quarter=Q" + std::to_string(q + 1),
             prefix.empty() ? "" : prefix + "quarterly_seasonality[" + std::to_string(q) + "]", !prefix.empty(), false,
             mult, {mult * std::exp(-w), mult * std::exp(w)}, c.q[q], "x",
             "quarterly rate / mean of the 4 quarterly rates (calendar quarters, Jan-Mar = Q1), log delta-method interval"});
      }
    }
    if ((prefix.empty() || seg_strategy(target) == v1::GO_BIG) && c.hunted >= min_n) {
      add({"big_project_share", group, prefix.empty() ? "" : prefix + "big_project_share", !prefix.empty(), false,
           static_cast<double>(c.big) / static_cast<double>(c.hunted), binomial_cluster_ci(c.big_by_account), c.hunted, "share",
           "big projects / (basic modules + big projects) created, Clopper-Pearson interval on the effective n (clustered by account)"});
    }
  }

  // ---- Deal sizes per segment and type ------------------------------------------------------
  std::map<std::pair<std::string, DealKind>, std::vector<double>> sizes;
  std::uint64_t from_history = 0, from_open = 0, from_won = 0, from_other = 0;
  for (const auto& o : e.opportunities) {
    double size = kBlank;
    if (const auto it = history.find(o.id); it != history.end()) {
      for (const StageChange* s : it->second)
        if (!std::isnan(s->amount_cny)) { size = s->amount_cny; break; }
      if (!std::isnan(size)) ++from_history;
    }
    if (std::isnan(size) && !std::isnan(o.amount_cny) && o.amount_cny > 0) {
      size = o.amount_cny;
      (o.outcome == Outcome::open ? from_open : o.outcome == Outcome::won ? from_won : from_other) += 1;
    }
    if (!std::isnan(size) && o.kind != DealKind::unknown) sizes[{o.segment, o.kind}].push_back(size);
  }
  r.size_source = "first amount in the stage history (the list size) for " + std::to_string(from_history) +
                  " opportunities; the opportunity's amount for " + std::to_string(from_open + from_won + from_other) +
                  " (" + std::to_string(from_open) + " open: the list size; " + std::to_string(from_won) +
                  " won: the booked revenue, after discounts and shrink, so biased low; " + std::to_string(from_other) +
                  " lost or no decision)";
  for (const auto& [key, v] : sizes) {
    const std::string target = seg_map[key.first];
    const std::string group = "segment=" + (target.empty() ? (key.first.empty() ? std::string("(all)") : key.first) : target) +
                              " type=" + kind_name(key.second);
    const LognormalFit f = fit_lognormal(v);
    if (f.n < std::max<std::uint64_t>(min_n, 2)) continue;
    const std::string field = target.empty() ? std::string() : "market.segments[" + target + "]." + kind_name(key.second) + "_size_cny";
    const bool from_list = from_history > 0;
    const std::string method = std::string("lognormal MLE on ") + (from_list ? "list sizes (first amount in stage history)" : "opportunity amounts");
    add({"size_mean_cny", group, field.empty() ? "" : field + ".lognormal.mean", !field.empty(), false, f.mean, f.mean_ci, f.n, "CNY",
         method + ", Cox interval"});
    add({"size_cv", group, field.empty() ? "" : field + ".lognormal.cv", !field.empty(), false, f.cv, f.cv_ci, f.n, "-",
         method + ", chi-square interval of sigma"});
  }

  // ---- Outcomes overall and by type ----------------------------------------------------------
  struct Outcomes {
    std::uint64_t closed = 0, won = 0, lost = 0, nd = 0;
    std::vector<std::pair<std::string, bool>> won_c, lost_c, nd_c;
  };
  std::map<std::string, Outcomes> outcomes;
  std::map<std::string, std::vector<std::pair<double, bool>>> cycles;
  for (const auto& o : e.opportunities) {
    if (o.created_day < e.period_start_day || o.created_day >= e.period_end_day) continue;
    const bool closed = o.outcome != Outcome::open && !std::isnan(o.close_day);
    const double t = closed ? o.close_day - o.created_day : std::max(0.0, e.period_end_day - o.created_day);
    for (const std::string& g : {std::string("all"), std::string("type=") + kind_name(o.kind)}) {
      cycles[g].emplace_back(t, closed);
      if (!closed) continue;
      auto& c = outcomes[g];
      ++c.closed;
      if (o.outcome == Outcome::won) ++c.won;
      if (o.outcome == Outcome::lost) ++c.lost;
      if (o.outcome == Outcome::no_decision) ++c.nd;
      c.won_c.emplace_back(cluster_of(o), o.outcome == Outcome::won);
      c.lost_c.emplace_back(cluster_of(o), o.outcome == Outcome::lost);
      c.nd_c.emplace_back(cluster_of(o), o.outcome == Outcome::no_decision);
    }
  }
  for (const auto& [g, c] : outcomes) {
    if (c.closed == 0) continue;
    const double n = static_cast<double>(c.closed);
    const std::string m = "share of closed deals, Clopper-Pearson interval on the effective n (clustered by account)";
    add({"win_share", g, "deals.win_base_utility", false, true, static_cast<double>(c.won) / n, binomial_cluster_ci(c.won_c), c.closed, "share", m});
    add({"loss_share", g, "", false, true, static_cast<double>(c.lost) / n, binomial_cluster_ci(c.lost_c), c.closed, "share", m});
    add({"no_decision_share", g, "deals.no_decision_utility", false, true, static_cast<double>(c.nd) / n, binomial_cluster_ci(c.nd_c), c.closed, "share", m});
  }
  for (auto& [g, data] : cycles) {
    const KaplanMeier km = kaplan_meier(data);
    if (km.events == 0) continue;
    const std::string method = "Kaplan-Meier, open deals right-censored at the period end; Greenwood log(-log) interval (" +
                               std::to_string(km.censored) + " censored)";
    const std::pair<double, const char*> qs[] = {{0.25, "cycle_days_p25"}, {0.5, "cycle_days_median"}, {0.75, "cycle_days_p75"}};
    for (const auto& [p, name] : qs) {
      const double v = km.quantile(p);
      if (std::isnan(v)) continue;
      add({name, g, "", false, true, v, km.quantile_ci(p), km.n, "days", method});
    }
  }

  // ---- Stage history: durations, slips, shrinks -------------------------------------------
  if (e.has_stage_history) {
    std::map<std::string, std::vector<double>> durations;
    std::vector<double> slip_days, kept;
    std::uint64_t closed_with_history = 0, slipped = 0, shrunk = 0;
    std::map<std::string, const Opportunity*> opp_by_id;
    for (const auto& o : e.opportunities) opp_by_id.emplace(o.id, &o);
    for (const auto& [id, v] : history) {
      const auto oit = opp_by_id.find(id);
      if (oit == opp_by_id.end()) continue;
      const Opportunity& o = *oit->second;
      bool did_slip = false, did_shrink = false;
      double last_close = kBlank, last_amount = kBlank;
      std::string stage;
      double entered = kBlank;
      for (const StageChange* s : v) {
        if (s->stage != stage) {
          if (!stage.empty() && !std::isnan(entered)) durations[stage].push_back(s->day - entered);
          stage = s->stage;
          entered = s->day;
        }
        if (!std::isnan(s->close_day)) {
          // The first move later per deal: the model's first slip is Exp(slip_mean_days); a
          // second one (half the first again) would bias the mean down.
          if (!std::isnan(last_close) && s->close_day > last_close && !did_slip) {
            slip_days.push_back(s->close_day - last_close);
            did_slip = true;
          }
          last_close = s->close_day;
        }
        // The closing row of a closed deal carries the booked revenue (after discounts): not a cut.
        const bool closing_row = o.outcome != Outcome::open && s == v.back();
        if (!std::isnan(s->amount_cny) && !closing_row) {
          if (!std::isnan(last_amount) && last_amount > 0 && s->amount_cny < last_amount) {
            kept.push_back(s->amount_cny / last_amount);
            did_shrink = true;
          }
          last_amount = s->amount_cny;
        }
      }
      if (o.outcome != Outcome::open) {
        ++closed_with_history;
        slipped += did_slip;
        shrunk += did_shrink;
      }
    }
    for (const auto& [stage, d] : durations) {
      if (d.size() < min_n) continue;
      const MeanCi mc = t_mean(d);
      add({"stage_days_mean", "stage=" + stage, "", false, true, mc.mean, mc.ci, d.size(), "days",
           "mean days from entering the stage to the next stage, t interval (elapsed time: includes waiting for people)"});
    }
    if (closed_with_history > 0) {
      add({"slip_share", "all", "deals.slip_base_probability", false, true,
           static_cast<double>(slipped) / static_cast<double>(closed_with_history), binomial_ci(slipped, closed_with_history),
           closed_with_history, "share", "closed deals whose close date moved later at least once, Clopper-Pearson interval"});
      add({"shrink_share", "all", "deals.shrink_base_probability", false, true,
           static_cast<double>(shrunk) / static_cast<double>(closed_with_history), binomial_ci(shrunk, closed_with_history),
           closed_with_history, "share", "closed deals whose amount was cut before closing, Clopper-Pearson interval"});
    }
    if (slip_days.size() >= min_n) {
      const double n = static_cast<double>(slip_days.size());
      const double mean = std::accumulate(slip_days.begin(), slip_days.end(), 0.0) / n;
      const bm::chi_squared chi(2 * n);  // exponential mean: 2 n xbar / mean ~ chi^2(2n)
      add({"slip_mean_days", "all", "deals.slip_mean_days", true, false, mean,
           {2 * n * mean / bm::quantile(chi, 0.975), 2 * n * mean / bm::quantile(chi, 0.025)}, slip_days.size(), "days",
           "mean first move of the close date later per slipped deal, exponential (chi-square) interval"});
    }
    if (kept.size() >= min_n) {
      const MeanCi mc = t_mean(kept);
      add({"scope_kept", "all", "deals.shrink_scope_factor", true, false, std::min(1.0, mc.mean),
           {std::max(1e-6, mc.ci.lo), std::min(1.0, mc.ci.hi)}, kept.size(), "x", "mean of new amount / old amount per cut, t interval"});
    }
  }

  // ---- Collisions -------------------------------------------------------------------------
  if (e.has_competitors) {
    std::set<std::string> contested;
    for (const auto& c : e.competitors) contested.insert(c.opportunity_id);
    std::uint64_t n = 0, k = 0;
    for (const auto& o : e.opportunities)
      if (o.outcome != Outcome::open && o.kind != DealKind::expansion) {
        ++n;
        k += contested.count(o.id);
      }
    if (n > 0)
      add({"collision_share", "all", "competitors[].presence[].rate", false, true, static_cast<double>(k) / static_cast<double>(n),
           binomial_ci(k, n), n, "share", "closed hunted deals (not expansions) with a competitor row, Clopper-Pearson interval"});
  }

  // ---- Team -------------------------------------------------------------------------------
  {
    std::map<std::pair<PersonRole, std::string>, std::vector<double>> bands;
    std::map<std::pair<PersonRole, std::string>, std::uint32_t> owners_only;  // people with no roster row (source_line 0)
    for (const auto& p : e.roster) {
      const double months = std::isnan(p.hire_day) ? kBlank : std::max(0.0, (e.period_start_day - p.hire_day) / 30.4375);
      bands[{p.role, band_of(months)}].push_back(months);
      if (e.has_roster && p.source_line == 0) ++owners_only[{p.role, band_of(months)}];
    }
    r.people = e.roster.size();
    for (const auto& [key, months] : bands) {
      FittedCohort c;
      c.role = key.first;
      c.band = key.second;
      c.name = role_model_name(key.first) + "_" + key.second;
      c.count = static_cast<std::uint32_t>(months.size());
      std::vector<double> known;
      for (double m : months)
        if (!std::isnan(m)) known.push_back(m);
      c.tenure_months = median_of(known);
      r.cohorts.push_back(c);
      c.owners_not_in_roster = owners_only.count(key) ? owners_only.at(key) : 0;
      std::string method = !e.has_roster ? std::string("owners and the mapping's role lists")
                           : c.owners_not_in_roster == c.count
                               ? "opportunity owners not in the roster (counted as AMs, no hire date)"
                               : "roster rows with this role and tenure band at the period start";
      if (e.has_roster && c.owners_not_in_roster > 0 && c.owners_not_in_roster < c.count)
        method += ", and " + std::to_string(c.owners_not_in_roster) + " opportunity owners not in the roster (counted as AMs, no hire date)";
      add({"head_count", "cohort=" + c.name, "team.cohorts[" + c.name + "].count", true, false, static_cast<double>(c.count), {},
           c.count, "people", method});
      if (!std::isnan(c.tenure_months))
        add({"tenure_months", "cohort=" + c.name, "team.cohorts[" + c.name + "].tenure_months", true, false, c.tenure_months, {},
             known.size(), "months", "median tenure at the period start (from hire dates)"});
    }
  }

  // ---- Targets of the whole model ---------------------------------------------------------
  const ExportMoments mo = export_moments(e);
  r.opportunities = mo.opportunities;
  r.closed = mo.closed;
  if (!std::isnan(mo.opportunities_per_am_quarter)) {
    const Interval ci = poisson_ci(mo.opportunities);
    add({"opportunities_per_am_quarter", "all", "market.segments[].projects_per_account_per_year", false, true,
         mo.opportunities_per_am_quarter, {ci.lo / mo.am_quarters, ci.hi / mo.am_quarters}, mo.opportunities, "1/quarter",
         "opportunities created / AM person-quarters, exact Poisson interval"});
  }
  return r;
}

}  // namespace salesim::calibration
