#include "tests/viz/viz_test_support.h"

#include <QApplication>
#include <QDir>
#include <QSet>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <numeric>
#include <vector>

namespace salesim::viz::testing {

void ensure_app() {
  if (QCoreApplication::instance()) return;
  if (!std::getenv("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "viz_test";
  static char* argv[] = {name, nullptr};
  // Never destroyed: a QApplication torn down among static destructors (after Qt's own globals)
  // crashes at exit.
  new QApplication(argc, argv);
}

namespace {

struct KpiSpec {
  std::string name, unit;
  bool proportion;
  double base, spread;  // value = base * plan_factor + spread * noise
};

std::vector<KpiSpec> kpi_specs() {
  std::vector<KpiSpec> k = {
      {"revenue", "CNY", false, 24e6, 4e6},
      {"win_rate", "share", true, 0.32, 0.06},
      {"big_deal_rate", "share", true, 0.18, 0.05},
      {"collision_rate", "share", true, 0.62, 0.08},
      {"deals_won", "count", false, 40, 6},
      {"pm_utilisation", "share", true, 0.81, 0.07},
      {"presales_utilisation", "share", true, 0.66, 0.09},
      {"pm_queue_wait_days", "days", false, 6.5, 2.0},
      {"presales_queue_wait_days", "days", false, 3.2, 1.0},
  };
  const char* roles[] = {"am", "pm", "presales", "manager"};
  const char* activities[] = {"farming", "deal_work", "hunting", "mentoring", "offside", "misplaced", "covering", "idle"};
  for (int r = 0; r < 4; ++r)
    for (int a = 0; a < 8; ++a) {
      // Some cells are structurally zero (a presales consultant never hunts).
      const bool zero = (r == 2 && (a == 2 || a == 4 || a == 5)) || (r == 0 && (a == 5 || a == 6)) ||
                        (r == 3 && a == 2);
      k.push_back({std::string("hours.") + roles[r] + "." + activities[a], "hours", false,
                   zero ? 0.0 : 400.0 + 150.0 * ((r * 8 + a) % 5), zero ? 0.0 : 40.0});
    }
  return k;
}

// Deterministic noise in [-1, 1] from (plan, run, kpi): the same market for every plan, like
// common random numbers, plus a small plan-specific part.
double noise(int run, int kpi, int plan) {
  const double market = std::sin(12.9898 * run + 78.233 * kpi) * 43758.5453;
  const double own = std::sin(3.1 * run + 7.7 * kpi + 11.3 * plan) * 9631.7;
  return 0.8 * (2 * (market - std::floor(market)) - 1) + 0.2 * (2 * (own - std::floor(own)) - 1);
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

void summarise(const std::string& name, const std::vector<double>& v, v1::KpiSummary* s) {
  const double n = static_cast<double>(v.size());
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  const double sd = v.size() > 1 ? std::sqrt(ss / (n - 1)) : 0;
  s->set_kpi(name);
  s->set_n(v.size());
  s->set_mean(mean);
  s->set_sd(sd);
  s->set_ci_low(mean - 2.0 * sd / std::sqrt(n));
  s->set_ci_high(mean + 2.0 * sd / std::sqrt(n));
  s->set_p10(quantile(v, 0.1));
  s->set_p50(quantile(v, 0.5));
  s->set_p90(quantile(v, 0.9));
}

// Fills one design point: runs, summaries and weekly bands. `factor` scales the plan.
void fill_point(const std::vector<KpiSpec>& specs, int runs, int plan, double factor, v1::DesignPoint* p,
                std::vector<std::vector<double>>* columns) {
  columns->assign(specs.size(), {});
  for (int r = 0; r < runs; ++r) {
    auto* rep = p->add_replications();
    rep->set_index(r);
    rep->set_seed_key(1000 + r);
    for (std::size_t k = 0; k < specs.size(); ++k) {
      const double v = specs[k].base * factor + specs[k].spread * noise(r, static_cast<int>(k), plan);
      rep->add_kpis(v);
      (*columns)[k].push_back(v);
    }
  }
  for (std::size_t k = 0; k < specs.size(); ++k) summarise(specs[k].name, (*columns)[k], p->add_summaries());
  const int weeks = 53;
  for (const char* name : {"revenue_cumulative", "opportunity_stock", "headcount"}) {
    auto* band = p->add_series();
    band->set_name(name);
    for (int w = 0; w < weeks; ++w) {
      const double t = (w + 1.0) / weeks;
      double mid = std::string(name) == "revenue_cumulative" ? 24e6 * factor * t
                   : std::string(name) == "opportunity_stock" ? 30 * factor + 10 * std::sin(6 * t)
                                                                : 12;
      band->add_mean(mid);
      band->add_p50(mid);
      band->add_p10(mid * (1 - 0.25 * t));
      band->add_p90(mid * (1 + 0.25 * t));
    }
  }
}

v1::Results skeleton(v1::Results::Kind kind, const std::vector<KpiSpec>& specs) {
  v1::Results r;
  r.set_kind(kind);
  r.set_seed(7);
  for (const auto& s : specs) {
    auto* k = r.add_kpis();
    k->set_name(s.name);
    k->set_unit(s.unit);
    k->set_proportion(s.proportion);
    k->set_description("synthetic " + s.name);
  }
  for (const char* s : {"revenue_cumulative", "opportunity_stock", "headcount"}) r.add_series_names(s);
  return r;
}

void add_team(v1::Scenario* s, int pms) {
  s->set_name("synthetic");
  auto add = [&](const char* name, v1::Role role, int count) {
    auto* c = s->mutable_team()->add_cohorts();
    c->set_name(name);
    c->set_role(role);
    c->set_count(count);
  };
  add("am", v1::ACCOUNT_MANAGER, 6);
  add("pm", v1::PROJECT_MANAGER, pms);
  add("presales", v1::PRESALES, 2);
  add("manager", v1::MANAGER, 1);
  auto* c = s->add_competitors();
  c->set_name("rival");
  c->set_strength(0.5);
}

}  // namespace

v1::Results synthetic_compare(int plans, int runs) {
  const auto specs = kpi_specs();
  v1::Results r = skeleton(plans > 1 ? v1::Results::COMPARE : v1::Results::RUN, specs);
  const char* names[] = {"golden_triangle", "offside", "misplaced", "covering"};
  std::vector<std::vector<std::vector<double>>> columns(plans);
  for (int p = 0; p < plans; ++p) {
    auto* plan = r.add_plans();
    plan->set_name(names[p % 4]);
    add_team(plan->mutable_scenario(), 3);
    auto* point = plan->add_points();
    point->set_index(0);
    fill_point(specs, runs, p, 1.0 - 0.12 * p, point, &columns[p]);
  }
  for (int p = 1; p < plans; ++p) {
    auto* c = r.add_comparisons();
    c->set_base_plan(names[0]);
    c->set_plan(names[p % 4]);
    c->set_design_point(0);
    for (std::size_t k = 0; k < specs.size(); ++k) {
      std::vector<double> diff(runs);
      int better = 0;
      for (int i = 0; i < runs; ++i) {
        diff[i] = columns[p][k][i] - columns[0][k][i];
        better += diff[i] > 0;
      }
      v1::KpiSummary ds;
      summarise(specs[k].name, diff, &ds);
      auto* d = c->add_deltas();
      d->set_kpi(specs[k].name);
      d->set_n(runs);
      d->set_base_mean(r.plans(0).points(0).summaries(k).mean());
      d->set_plan_mean(r.plans(p).points(0).summaries(k).mean());
      d->set_delta_mean(ds.mean());
      d->set_delta_ci_low(ds.ci_low());
      d->set_delta_ci_high(ds.ci_high());
      const double pb = double(better) / runs;
      d->set_p_better(pb);
      d->set_p_better_low(std::max(0.0, pb - 0.1));
      d->set_p_better_high(std::min(1.0, pb + 0.1));
    }
  }
  return r;
}

v1::Results synthetic_run(int runs) { return synthetic_compare(1, runs); }

v1::Results synthetic_attribution() {
  v1::Results r = synthetic_compare(4, 60);
  const char* names[] = {"disciplined", "offside", "misplaced", "offside+misplaced"};
  for (int p = 0; p < 4; ++p) r.mutable_plans(p)->set_name(names[p]);
  for (int c = 0; c < r.comparisons_size(); ++c) {
    r.mutable_comparisons(c)->set_base_plan(names[0]);
    r.mutable_comparisons(c)->set_plan(names[c + 1]);
  }
  struct Spec {
    const char* kpi;
    double twin, offside, misplaced, half_width;
  };
  for (const Spec& sp : {Spec{"revenue", 80e6, -30e6, -10e6, 2e6}, Spec{"win_rate", 0.30, -0.10, -0.05, 0.01}}) {
    auto* a = r.add_attributions();
    a->set_kpi(sp.kpi);
    a->set_n(60);
    a->set_ratio_of_sums(std::string(sp.kpi) == "win_rate");
    a->set_twin_plan(names[0]);
    a->set_scenario_plan(names[3]);
    const double scenario = sp.twin + sp.offside + sp.misplaced, gap = sp.offside + sp.misplaced;
    a->set_twin_mean(sp.twin);
    a->set_twin_ci_low(sp.twin - sp.half_width);
    a->set_twin_ci_high(sp.twin + sp.half_width);
    a->set_scenario_mean(scenario);
    a->set_scenario_ci_low(scenario - sp.half_width);
    a->set_scenario_ci_high(scenario + sp.half_width);
    a->set_gap(gap);
    a->set_gap_ci_low(gap - sp.half_width);
    a->set_gap_ci_high(gap + sp.half_width);
    for (const auto& [fault, mean] : {std::pair<const char*, double>{"offside", sp.offside}, {"misplaced", sp.misplaced}}) {
      auto* s = a->add_shares();
      s->set_fault(fault);
      s->set_mean(mean);
      s->set_ci_low(mean - sp.half_width);
      s->set_ci_high(mean + sp.half_width);
      s->set_share_of_gap(mean / gap);
    }
  }
  return r;
}

v1::Results synthetic_sweep(bool latin_hypercube, int runs) {
  const auto specs = kpi_specs();
  v1::Results r = skeleton(v1::Results::SWEEP, specs);
  r.add_parameter_paths("team.cohorts[pm].count");
  if (latin_hypercube) r.add_parameter_paths("formation.offside.am_share");
  r.set_design(latin_hypercube ? "LATIN_HYPERCUBE" : "GRID");
  auto* plan = r.add_plans();
  plan->set_name("sweep_pm_count");
  add_team(plan->mutable_scenario(), 3);
  const int points = latin_hypercube ? 12 : 5;
  std::vector<std::vector<double>> columns;
  for (int i = 0; i < points; ++i) {
    auto* point = plan->add_points();
    point->set_index(i);
    const double pms = latin_hypercube ? 1 + (i * 7) % 6 : 1 + i;
    point->add_parameters(pms);
    if (latin_hypercube) point->add_parameters(((i * 5) % 12) / 12.0);
    fill_point(specs, runs, 0, 0.7 + 0.1 * pms, point, &columns);
  }
  return r;
}

double ink_share(const QImage& image) {
  long ink = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (c.red() < 235 || c.green() < 235 || c.blue() < 235) ++ink;
    }
  return double(ink) / (double(image.width()) * image.height());
}

int distinct_colours(const QImage& image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 2)
    for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y));
  return colours.size();
}

std::string temp_dir(const std::string& name) {
  const QString path = QDir::temp().filePath(QString("salesim-viz-test-%1-%2").arg(QString::fromStdString(name)).arg(QCoreApplication::applicationPid()));
  QDir(path).removeRecursively();
  QDir().mkpath(path);
  return path.toStdString();
}

}  // namespace salesim::viz::testing
