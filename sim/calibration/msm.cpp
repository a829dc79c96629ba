#include "sim/calibration/msm.h"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace salesim::calibration {
namespace {

std::string format_bound(double v) {
  std::ostringstream s;
  s << std::setprecision(4) << v;
  return s.str();
}

struct Pooled {
  std::uint64_t closed = 0, won = 0, nd = 0, opps = 0;
  double am_quarters = 0;
};

void pool(Pooled& p, const ExportMoments& m) {
  p.closed += m.closed;
  p.won += m.won;
  p.nd += m.no_decision;
  p.opps += m.opportunities;
  p.am_quarters += m.am_quarters;
}

// Solves A x = b in place (Gaussian elimination with partial pivoting); false when singular.
bool solve(std::vector<std::vector<double>> a, std::vector<double>& b) {
  const std::size_t n = b.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::abs(a[r][c]) > std::abs(a[piv][c])) piv = r;
    if (!(std::abs(a[piv][c]) > 1e-12)) return false;
    std::swap(a[c], a[piv]);
    std::swap(b[c], b[piv]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k < n; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  for (std::size_t c = 0; c < n; ++c) b[c] /= a[c][c];
  return true;
}

}  // namespace

MsmResult fit_msm(const v1::Scenario& scenario, const ExportMoments& observed, const ExportSimulator& simulate,
                  const MsmOptions& options) {
  if (observed.closed == 0) throw std::invalid_argument("the export has no closed deals: nothing to match win rates to");
  MsmResult res;
  // Moments and parameters: win rate <-> win_base_utility; opportunities per AM quarter <-> project
  // rate scale; no-decision share <-> no_decision_utility when the export has any no-decision deals.
  const bool use_rate = observed.am_quarters > 0 && observed.opportunities > 0;
  const bool use_nd = observed.no_decision > 0;
  std::vector<std::string> notes;
  if (!use_rate) notes.push_back("no AM person-quarters or opportunities: the project rate is not fitted");
  if (!use_nd) notes.push_back("no no-decision deals in the export: no_decision_utility is not fitted");

  const double n = static_cast<double>(observed.closed);
  const double w = observed.win_rate, nd = observed.no_decision_share;
  struct Moment {
    std::string name;
    double obs, se;
  };
  std::vector<Moment> moments;
  moments.push_back({"win_rate", w, std::sqrt(std::max(w * (1 - w), 0.25 / n) / n)});
  if (use_nd) moments.push_back({"no_decision_share", nd, std::sqrt(std::max(nd * (1 - nd), 0.25 / n) / n)});
  if (use_rate)
    moments.push_back({"opportunities_per_am_quarter", observed.opportunities_per_am_quarter,
                       std::sqrt(static_cast<double>(observed.opportunities)) / observed.am_quarters});
  const std::size_t k = moments.size();

  // theta: [log rate scale], win_base_utility, [no_decision_utility]
  std::vector<double> lo, hi, x;
  std::vector<std::string> names;
  if (use_rate) { names.push_back("log_rate_scale"); lo.push_back(std::log(0.02)); hi.push_back(std::log(50.0)); x.push_back(0); }
  names.push_back("win_base_utility");
  lo.push_back(-6);
  hi.push_back(6);
  x.push_back(scenario.deals().win_base_utility());
  if (use_nd) {
    names.push_back("no_decision_utility");
    lo.push_back(-6);
    hi.push_back(6);
    x.push_back(scenario.deals().no_decision_utility());
  }
  const std::size_t p = x.size();

  std::uint32_t reps = options.replications_per_evaluation;
  if (reps == 0) reps = std::max<std::uint32_t>(1, options.budget / 50);
  // Keep room for at least 2 (p + 1) search evaluations plus the p + 1 of the Jacobian.
  while (reps > 1 && options.budget / reps < 3 * (p + 1)) reps = std::max<std::uint32_t>(1, reps / 2);
  if (options.budget / reps < 3 * (p + 1))
    throw std::invalid_argument("--budget " + std::to_string(options.budget) + " is too small: the simulated-moments step needs at least " +
                                std::to_string(3 * (p + 1)) + " replications");
  const std::uint32_t max_evals = options.budget / reps - static_cast<std::uint32_t>(p + 1);
  res.replications_per_evaluation = reps;

  auto apply = [&](const std::vector<double>& t) {
    v1::Scenario s = scenario;
    std::size_t i = 0;
    if (use_rate) {
      const double scale = std::exp(t[i++]);
      for (int g = 0; g < s.market().segments_size(); ++g)
        s.mutable_market()->mutable_segments(g)->set_projects_per_account_per_year(
            std::min(12.0, scenario.market().segments(g).projects_per_account_per_year() * scale));
    }
    s.mutable_deals()->set_win_base_utility(t[i++]);
    if (use_nd) s.mutable_deals()->set_no_decision_utility(t[i++]);
    return s;
  };
  auto simulate_moments = [&](const std::vector<double>& t) {
    const v1::Scenario s = apply(t);
    Pooled pl;
    for (std::uint32_t key = 0; key < reps; ++key) pool(pl, export_moments(simulate(s, key)));
    res.replications += reps;
    std::vector<double> m;
    const double c = static_cast<double>(std::max<std::uint64_t>(pl.closed, 1));
    m.push_back(static_cast<double>(pl.won) / c);
    if (use_nd) m.push_back(static_cast<double>(pl.nd) / c);
    if (use_rate) m.push_back(pl.am_quarters > 0 ? static_cast<double>(pl.opps) / pl.am_quarters : 0.0);
    return m;
  };
  auto distance = [&](const std::vector<double>& m) {
    double j = 0;
    for (std::size_t i = 0; i < k; ++i) j += std::pow((m[i] - moments[i].obs) / moments[i].se, 2);
    return j;
  };

  std::vector<double> best_x = x, best_m, last_m;
  double best_j = std::numeric_limits<double>::infinity();
  auto evaluate = [&](const std::vector<double>& t) {
    const std::vector<double> m = simulate_moments(t);
    last_m = m;
    const double j = distance(m);
    ++res.evaluations;
    if (j < best_j) { best_j = j; best_x = t; best_m = m; }
    if (options.progress != nullptr) {
      std::ostringstream line;
      line << "fit: evaluation " << res.evaluations << "/" << max_evals << " (" << res.replications << "/" << options.budget
           << " replications):";
      for (std::size_t i = 0; i < p; ++i) line << " " << names[i] << "=" << std::setprecision(4) << t[i];
      line << "  distance " << std::setprecision(4) << j << "\n";
      *options.progress << line.str() << std::flush;
    }
    return j;
  };

  // A first look at the start: rescale the project rate so opportunities per AM match at once.
  if (use_rate) {
    evaluate(x);
    const double sim_rate = last_m.back();
    if (sim_rate > 0) x[0] = std::clamp(std::log(moments.back().obs / sim_rate), lo[0] + 1e-9, hi[0] - 1e-9);
  }
  nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(p));
  opt.set_lower_bounds(lo);
  opt.set_upper_bounds(hi);
  const std::uint32_t used = res.evaluations;
  opt.set_maxeval(static_cast<int>(max_evals > used ? max_evals - used : 1));
  opt.set_xtol_abs(1e-3);
  std::vector<double> step(p, 0.5);
  if (use_rate) step[0] = 0.2;
  opt.set_initial_step(step);
  struct Ctx {
    decltype(evaluate)* f;
  } ctx{&evaluate};
  opt.set_min_objective(
      [](const std::vector<double>& t, std::vector<double>&, void* data) { return (*static_cast<Ctx*>(data)->f)(t); }, &ctx);
  double fmin = 0;
  try {
    opt.optimize(x, fmin);
  } catch (const nlopt::roundoff_limited&) {
    notes.push_back("the optimiser stopped at its round-off limit; the best point found is kept");
  } catch (const nlopt::forced_stop&) {
  }
  res.objective = best_j;

  // Sandwich standard errors: G by forward differences under the same keys.
  std::vector<std::vector<double>> g(k, std::vector<double>(p, 0));
  for (std::size_t j = 0; j < p; ++j) {
    std::vector<double> t = best_x;
    double h = names[j] == "log_rate_scale" ? 0.1 : 0.25;
    if (t[j] + h > hi[j]) h = -h;
    t[j] += h;
    const std::vector<double> m = simulate_moments(t);
    for (std::size_t i = 0; i < k; ++i) g[i][j] = (m[i] - best_m[i]) / h;
  }
  // S: multinomial shares, Poisson opportunities.
  std::vector<std::vector<double>> s(k, std::vector<double>(k, 0));
  for (std::size_t i = 0; i < k; ++i) s[i][i] = moments[i].se * moments[i].se;
  if (use_nd) s[0][1] = s[1][0] = -w * nd / n;
  std::vector<double> se(p, std::numeric_limits<double>::quiet_NaN());
  if (k == p) {
    // V = (1 + 1/R) G^-1 S G^-T: column j of G^-1 S^(1/2) ... computed as G^-1 applied to S's columns.
    std::vector<std::vector<double>> ginv_s(p, std::vector<double>(k, 0));  // G^-1 S
    bool ok = true;
    for (std::size_t c = 0; c < k && ok; ++c) {
      std::vector<double> col(k);
      for (std::size_t i = 0; i < k; ++i) col[i] = s[i][c];
      ok = solve(g, col);
      for (std::size_t i = 0; i < p; ++i) ginv_s[i][c] = col[i];
    }
    for (std::size_t j = 0; j < p && ok; ++j) {
      // (G^-1 S G^-T)_jj = row j of (G^-1 S) times column j of G^-T = solve G x = (G^-1 S)_j^T
      std::vector<double> row(k);
      for (std::size_t i = 0; i < k; ++i) row[i] = ginv_s[j][i];
      // x^T = row^T G^-T  <=>  G x = row
      if (!solve(g, row)) { ok = false; break; }
      se[j] = std::sqrt(std::max(0.0, (1 + 1.0 / reps) * row[j]));
    }
    if (!ok) notes.push_back("the simulated moments do not move with a parameter (a singular Jacobian): no standard errors");
  }

  res.fitted = apply(best_x);
  std::size_t i = 0;
  if (use_rate) {
    res.rate_scale = std::exp(best_x[0]);
    res.rate_scale_se = res.rate_scale * se[0];
    for (const auto& seg : res.fitted.market().segments()) {
      MsmParameter mp;
      mp.field = "market.segments[" + seg.name() + "].projects_per_account_per_year";
      mp.label = "buying projects per account per year (the base's rate times the fitted scale)";
      mp.value = seg.projects_per_account_per_year();
      mp.se = mp.value * se[0];
      mp.lo = mp.value * std::exp(-1.959964 * se[0]);
      mp.hi = mp.value * std::exp(1.959964 * se[0]);
      mp.identified = std::isfinite(se[0]) && best_x[0] - 1.959964 * se[0] >= lo[0] && best_x[0] + 1.959964 * se[0] <= hi[0];
      mp.bounds = "the base's rate times [" + format_bound(std::exp(lo[0])) + ", " + format_bound(std::exp(hi[0])) + "]";
      res.parameters.push_back(mp);
    }
    ++i;
  }
  const auto add_plain = [&](const std::string& field, const std::string& label) {
    MsmParameter mp{field, label, best_x[i], se[i], best_x[i] - 1.959964 * se[i], best_x[i] + 1.959964 * se[i], true, ""};
    mp.identified = std::isfinite(se[i]) && mp.lo >= lo[i] && mp.hi <= hi[i];
    mp.bounds = "[" + format_bound(lo[i]) + ", " + format_bound(hi[i]) + "]";
    res.parameters.push_back(mp);
    ++i;
  };
  add_plain("deals.win_base_utility", "our base utility at close");
  if (use_nd) add_plain("deals.no_decision_utility", "utility of no decision");
  for (const auto& m : moments) {
    res.moment_names.push_back(m.name);
    res.observed.push_back(m.obs);
    res.observed_se.push_back(m.se);
  }
  res.simulated = best_m;
  for (std::size_t n2 = 0; n2 < notes.size(); ++n2) res.note.append(n2 ? "; " : "").append(notes[n2]);
  return res;
}

}  // namespace salesim::calibration
