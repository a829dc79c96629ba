// The reduction of committed replications into results; see aggregator.h.
#include "sim/experiment/aggregator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include "sim/experiment/ranking.h"
#include "sim/experiment/yearly.h"
#include "sim/kernel/random.h"

namespace salesim::experiment {

namespace {

std::vector<double> without_nan(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  return v;
}

// Keeps the pairs (a[i], b[i]) in which neither value is NaN.
void drop_nan_pairs(std::vector<double>& a, std::vector<double>& b) {
  std::vector<double> a2, b2;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(a[i]) && !std::isnan(b[i])) a2.push_back(a[i]), b2.push_back(b[i]);
  a.swap(a2);
  b.swap(b2);
}

// Keeps the rows i in which no column holds a NaN (the columns cut to the shortest).
void drop_nan_rows(std::initializer_list<std::vector<double>*> cols) {
  std::size_t n = SIZE_MAX;
  for (auto* c : cols) n = std::min(n, c->size());
  std::vector<std::vector<double>> kept(cols.size());
  for (std::size_t i = 0; i < n; ++i) {
    bool ok = true;
    for (auto* c : cols) ok = ok && !std::isnan((*c)[i]);
    if (!ok) continue;
    std::size_t j = 0;
    for (auto* c : cols) kept[j++].push_back((*c)[i]);
  }
  std::size_t j = 0;
  for (auto* c : cols) c->swap(kept[j++]);
}

}  // namespace

std::vector<CellRef> cells_of(const v1::Results& skeleton) {
  std::vector<CellRef> cells;
  for (int p = 0; p < skeleton.plans_size(); ++p)
    for (int d = 0; d < skeleton.plans(p).points_size(); ++d)
      cells.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(d)});
  return cells;
}

Aggregator::Aggregator(v1::Results& results) : results_(results), cells_(cells_of(results)) {
  state_.resize(cells_.size());
  for (const auto& p : results_.plans()) plan_seeds_.push_back(p.seed());
  for (const auto& k : results_.kpis()) {
    higher_is_better_.push_back(!k.lower_is_better());
    bounds_.push_back(bounds_of(k));
  }
  auto index_of = [&](const std::string& name) {
    if (name.empty()) return -1;
    for (int i = 0; i < results_.kpis_size(); ++i)
      if (results_.kpis(i).name() == name) return i;
    throw std::logic_error("KPI " + name + " (a ratio's numerator or denominator) is not in the catalogue");
  };
  for (const auto& s : results_.series_names()) series_names_.push_back(s);
  for (const auto& k : results_.kpis()) {
    const int num = index_of(k.ratio_numerator()), den = index_of(k.ratio_denominator());
    ratio_num_.push_back(num >= 0 && den >= 0 ? num : -1);
    ratio_den_.push_back(num >= 0 && den >= 0 ? den : -1);
  }
}

void Aggregator::add(std::uint32_t cell, std::uint32_t replication, const model::ReplicationOutput& out) {
  add_row(cell, replication, out.kpis, yearly_of(out.weekly));
  add_weekly(cell, out.weekly);
}

std::vector<std::vector<double>> Aggregator::yearly_of(const std::vector<std::vector<double>>& weekly) const {
  return yearly_values(series_names_, weekly);
}

void Aggregator::add_row(std::uint32_t cell, std::uint32_t replication, const std::vector<double>& kpis,
                         const std::vector<std::vector<double>>& years) {
  const CellRef c = cells_.at(cell);
  v1::DesignPoint& dp = *results_.mutable_plans(static_cast<int>(c.plan))->mutable_points(static_cast<int>(c.point));
  dp.mutable_replications()->AddAllocated(make_row(cell, replication, kpis).release());
  add_years(cell, years);
}

std::unique_ptr<v1::Replication> Aggregator::make_row(std::uint32_t cell, std::uint32_t replication,
                                                      const std::vector<double>& kpis) const {
  const CellRef c = cells_.at(cell);
  auto row = std::make_unique<v1::Replication>();
  row->set_index(replication);
  // Under common random numbers across points every point runs with point 0's key: one seed_key.
  const std::uint32_t key_point = results_.common_random_points() ? 0 : c.point;
  row->set_seed_key(kernel::StreamKey{.seed = plan_seeds_[c.plan], .replication = replication, .entity = key_point}.hash());
  row->mutable_kpis()->Reserve(static_cast<int>(kpis.size()));
  for (double v : kpis) row->add_kpis(v);
  return row;
}

void Aggregator::add_prepared(std::uint32_t cell, std::unique_ptr<v1::Replication> row,
                              const std::vector<std::vector<double>>& years,
                              const std::vector<std::vector<double>>& weekly) {
  const CellRef c = cells_.at(cell);
  v1::DesignPoint& dp = *results_.mutable_plans(static_cast<int>(c.plan))->mutable_points(static_cast<int>(c.point));
  dp.mutable_replications()->AddAllocated(row.release());
  add_years(cell, years);
  add_weekly(cell, weekly);
}

void Aggregator::add_ordered(std::uint32_t cell, std::unique_ptr<v1::Replication> row,
                             const std::vector<std::vector<double>>& years,
                             const std::vector<std::vector<double>>& weekly) {
  const CellRef c = cells_.at(cell);
  v1::DesignPoint& dp = *results_.mutable_plans(static_cast<int>(c.plan))->mutable_points(static_cast<int>(c.point));
  dp.mutable_replications()->AddAllocated(row.release());
  add_years(cell, years);
  begin_weekly(cell, weekly);
}

void Aggregator::add_years(std::uint32_t cell, const std::vector<std::vector<double>>& years) {
  CellState& st = state_.at(cell);
  if (st.yearly.size() < years.size()) st.yearly.resize(years.size(), std::vector<std::vector<double>>(yearly_kpis().size()));
  for (std::size_t y = 0; y < years.size(); ++y)
    for (std::size_t k = 0; k < years[y].size() && k < st.yearly[y].size(); ++k) st.yearly[y][k].push_back(years[y][k]);
}

void Aggregator::add_weekly(std::uint32_t cell, const std::vector<std::vector<double>>& weekly) {
  begin_weekly(cell, weekly);
  add_weekly_stripe(cell, weekly, 0, 1);
}

void Aggregator::begin_weekly(std::uint32_t cell, const std::vector<std::vector<double>>& weekly) {
  CellState& st = state_.at(cell);
  if (st.n == 0) {  // the first replication fixes the shape of the cell's bands
    st.series = weekly.size();
    st.weeks = weekly.empty() ? 0 : weekly[0].size();
    st.sum.assign(st.series * st.weeks, 0.0);
    st.q.clear();
    st.q.reserve(st.series * st.weeks * 3);
    for (std::size_t i = 0; i < st.series * st.weeks; ++i) {
      st.q.emplace_back(0.1);
      st.q.emplace_back(0.5);
      st.q.emplace_back(0.9);
    }
  }
  ++st.n;
}

void Aggregator::add_weekly_stripe(std::uint32_t cell, const std::vector<std::vector<double>>& weekly,
                                   std::uint32_t stripe, std::uint32_t stripes) {
  CellState& st = state_.at(cell);
  const std::size_t cells = st.series * st.weeks;
  const std::size_t lo = cells * stripe / stripes, hi = cells * (stripe + 1) / stripes;
  for (std::size_t i = lo; i < hi; ++i) {
    const std::size_t s = i / st.weeks, w = i % st.weeks;
    if (s >= weekly.size()) break;
    const double v = w < weekly[s].size() ? weekly[s][w] : 0.0;
    st.sum[i] += v;
    for (int k = 0; k < 3; ++k) st.q[3 * i + static_cast<std::size_t>(k)].add(v);
  }
}

namespace {
// Reads from a band_state() string; throws when it runs out.
struct StateReader {
  const std::string& s;
  std::size_t at = 0;
  std::uint64_t u64() {
    if (s.size() - at < 8) throw std::runtime_error("the journal's band checkpoint is truncated");
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[at + i])) << (8 * i);
    at += 8;
    return v;
  }
  double f64() {
    const std::uint64_t v = u64();
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
};
}  // namespace

// Written into a string of its final size: the journal's checkpoint makes one every few dozen
// replications, in the runner's in-order commit, where every instruction is serial.
std::string Aggregator::band_state() const {
  std::string b(band_state_size(), '\0');
  char* p = b.data();
  auto u64 = [&p](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) *p++ = static_cast<char>(v >> (8 * i));
  };
  auto f64 = [&u64](double d) {
    std::uint64_t v;
    std::memcpy(&v, &d, 8);
    u64(v);
  };
  u64(state_.size());
  for (const CellState& st : state_) {
    u64(st.n);
    u64(st.series);
    u64(st.weeks);
    for (double v : st.sum) f64(v);
    for (const P2Quantile& q : st.q)
      for (double v : q.state()) f64(v);
  }
  if (p != b.data() + b.size()) throw std::logic_error("band_state: size mismatch");
  return b;
}

std::size_t Aggregator::band_state_size() const {
  std::size_t n = 8;
  for (const CellState& st : state_) n += 24 + 8 * (st.sum.size() + st.q.size() * P2Quantile::kStateSize);
  return n;
}

void Aggregator::restore_band_state(const std::string& state) {
  StateReader r{state};
  if (r.u64() != state_.size()) throw std::runtime_error("the journal's band checkpoint has another number of cells");
  for (CellState& st : state_) {
    st.n = r.u64();
    st.series = r.u64();
    st.weeks = r.u64();
    const std::uint64_t cells = st.series * st.weeks;
    if (st.n == 0 ? cells != 0 : (st.series > static_cast<std::size_t>(results_.series_names_size()) ||
                                  cells > (state.size() - r.at) / 8))
      throw std::runtime_error("the journal's band checkpoint does not fit this run");
    st.sum.resize(cells);
    for (double& v : st.sum) v = r.f64();
    st.q.clear();
    st.q.reserve(cells * 3);
    for (std::size_t i = 0; i < cells * 3; ++i) {
      std::array<double, P2Quantile::kStateSize> a{};
      for (double& v : a) v = r.f64();
      st.q.emplace_back(i % 3 == 0 ? 0.1 : i % 3 == 1 ? 0.5 : 0.9);
      st.q.back().restore(a);
    }
  }
  if (r.at != state.size()) throw std::runtime_error("the journal's band checkpoint has trailing bytes");
}

std::vector<double> Aggregator::column(std::uint32_t cell, int kpi) const {
  const CellRef c = cells_.at(cell);
  const auto& dp = results_.plans(static_cast<int>(c.plan)).points(static_cast<int>(c.point));
  std::vector<double> v;
  v.reserve(static_cast<std::size_t>(dp.replications_size()));
  for (const auto& r : dp.replications())
    if (kpi < r.kpis_size()) v.push_back(r.kpis(kpi));
  return v;
}

void Aggregator::finalize() {
  for (std::uint32_t cell = 0; cell < cells_.size(); ++cell) finalize_cell(cell);
  results_.clear_comparisons();
  results_.clear_rankings();
  if (results_.plans_size() >= 2) {
    add_comparisons();
    add_rankings();
  }
}

void Aggregator::finalize_cell(std::uint32_t cell) {
  const CellRef c = cells_[cell];
  v1::DesignPoint& dp = *results_.mutable_plans(static_cast<int>(c.plan))->mutable_points(static_cast<int>(c.point));
  dp.clear_summaries();
  for (int k = 0; k < results_.kpis_size(); ++k) {
    const std::size_t ku = static_cast<std::size_t>(k);
    if (ratio_num_[ku] < 0) {
      *dp.add_summaries() = summarize(results_.kpis(k).name(), without_nan(column(cell, k)), bounds_[ku]);
      continue;
    }
    std::vector<double> r = column(cell, k), y = column(cell, ratio_num_[ku]), x = column(cell, ratio_den_[ku]);
    drop_nan_rows({&r, &y, &x});
    *dp.add_summaries() = summarize_ratio(results_.kpis(k).name(), r, y, x, bounds_[ku]);
  }
  const CellState& st = state_[cell];
  dp.clear_years();
  for (std::size_t y = 0; y < st.yearly.size(); ++y) {
    v1::YearSummary& ys = *dp.add_years();
    ys.set_year(static_cast<std::uint32_t>(y + 1));
    for (std::size_t k = 0; k < yearly_kpis().size(); ++k)
      *ys.add_kpis() = summarize(yearly_kpis()[k].name, without_nan(st.yearly[y][k]), Bounds{0.0});
  }
  dp.clear_series();
  for (std::size_t s = 0; s < static_cast<std::size_t>(results_.series_names_size()); ++s) {
    v1::SeriesBand& band = *dp.add_series();
    band.set_name(results_.series_names(static_cast<int>(s)));
    if (s >= st.series || st.n == 0) continue;
    for (std::size_t w = 0; w < st.weeks; ++w) {
      const std::size_t i = s * st.weeks + w;
      band.add_mean(st.sum[i] / static_cast<double>(st.n));
      band.add_p10(st.q[3 * i].value());
      band.add_p50(st.q[3 * i + 1].value());
      band.add_p90(st.q[3 * i + 2].value());
    }
  }
}

void Aggregator::add_comparisons() {
  for (int p = 1; p < results_.plans_size(); ++p)
    for (int d = 0; d < results_.plans(p).points_size(); ++d) {
      v1::Comparison& cmp = *results_.add_comparisons();
      cmp.set_base_plan(results_.plans(0).name());
      cmp.set_plan(results_.plans(p).name());
      cmp.set_design_point(static_cast<std::uint32_t>(d));
      const std::uint32_t base_cell = cell_index(0, static_cast<std::uint32_t>(d));
      const std::uint32_t plan_cell = cell_index(static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(d));
      for (int k = 0; k < results_.kpis_size(); ++k) {
        const std::size_t ku = static_cast<std::size_t>(k);
        PairedSummary ps;
        if (ratio_num_[ku] < 0) {
          std::vector<double> a = column(base_cell, k), b = column(plan_cell, k);
          drop_nan_pairs(a, b);
          ps = paired(a, b, higher_is_better_[ku], bounds_[ku]);
        } else {
          std::vector<double> ra = column(base_cell, k), ya = column(base_cell, ratio_num_[ku]),
                              xa = column(base_cell, ratio_den_[ku]), rb = column(plan_cell, k),
                              yb = column(plan_cell, ratio_num_[ku]), xb = column(plan_cell, ratio_den_[ku]);
          drop_nan_rows({&ra, &ya, &xa, &rb, &yb, &xb});
          ps = paired_ratio({ra, ya, xa}, {rb, yb, xb}, higher_is_better_[ku], bounds_[ku]);
        }
        v1::KpiDelta& dlt = *cmp.add_deltas();
        dlt.set_kpi(results_.kpis(k).name());
        dlt.set_ratio_of_sums(ratio_num_[ku] >= 0);
        dlt.set_n(ps.n);
        dlt.set_base_mean(ps.base_mean);
        dlt.set_plan_mean(ps.plan_mean);
        dlt.set_delta_mean(ps.delta_mean);
        dlt.set_delta_ci_low(ps.delta_ci.low);
        dlt.set_delta_ci_high(ps.delta_ci.high);
        dlt.set_delta_ci_clipped(ps.delta_ci_clipped);
        dlt.set_p_tie(ps.p_tie);
        dlt.set_p_better(ps.p_better);
        dlt.set_p_better_low(ps.p_better_ci.low);
        dlt.set_p_better_high(ps.p_better_ci.high);
      }
      set_payback(cmp, results_.plans(0).points(d), results_.plans(p).points(d));
    }
}

void Aggregator::add_rankings() {
  const int k = results_.plans_size();
  int points = results_.plans(0).points_size();
  for (int p = 1; p < k; ++p) points = std::min(points, results_.plans(p).points_size());
  for (int d = 0; d < points; ++d)
    for (int kpi = 0; kpi < results_.kpis_size(); ++kpi) {
      const std::size_t ku = static_cast<std::size_t>(kpi);
      const bool ratio = ratio_num_[ku] >= 0;
      // Per plan the KPI's column (and a ratio's numerator and denominator), keeping the
      // replications in which every one of them is defined in every plan.
      std::vector<std::vector<double>> cols;
      for (int p = 0; p < k; ++p) {
        const std::uint32_t cell = cell_index(static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(d));
        cols.push_back(column(cell, kpi));
        if (ratio) {
          cols.push_back(column(cell, ratio_num_[ku]));
          cols.push_back(column(cell, ratio_den_[ku]));
        }
      }
      std::size_t n = SIZE_MAX;
      for (const auto& c : cols) n = std::min(n, c.size());
      std::vector<std::vector<double>> kept(cols.size());
      for (std::size_t i = 0; i < n; ++i) {
        bool ok = true;
        for (const auto& c : cols) ok = ok && !std::isnan(c[i]);
        if (ok)
          for (std::size_t j = 0; j < cols.size(); ++j) kept[j].push_back(cols[j][i]);
      }
      Ranking r;
      if (ratio) {
        std::vector<RatioSample> samples;
        for (int p = 0; p < k; ++p) {
          const std::size_t j = 3 * static_cast<std::size_t>(p);
          samples.push_back({kept[j], kept[j + 1], kept[j + 2]});
        }
        r = rank_plans_ratio(samples, higher_is_better_[ku], bounds_[ku]);
      } else {
        r = rank_plans(kept, higher_is_better_[ku], bounds_[ku]);
      }
      v1::Ranking& out = *results_.add_rankings();
      out.set_kpi(results_.kpis(kpi).name());
      out.set_design_point(static_cast<std::uint32_t>(d));
      out.set_n(r.n);
      out.set_lower_is_better(!r.higher_is_better);
      out.set_ratio_of_sums(r.ratio_of_sums);
      out.set_alpha(r.alpha);
      out.set_mcb_t(r.mcb_t);
      out.set_p_best_draws(r.draws);
      out.set_p_best_seed(r.seed);
      for (const PlanRank& pr : r.plans) {
        v1::RankedPlan& rp = *out.add_plans();
        rp.set_plan(results_.plans(static_cast<int>(pr.plan)).name());
        rp.set_plan_index(pr.plan);
        rp.set_rank(pr.rank);
        rp.set_tied(pr.tied);
        rp.set_mean(pr.mean);
        rp.set_ci_low(pr.ci.low);
        rp.set_ci_high(pr.ci.high);
        rp.set_mcb_low(pr.mcb.low);
        rp.set_mcb_high(pr.mcb.high);
        rp.set_may_be_best(pr.may_be_best);
        rp.set_p_best(pr.p_best);
        rp.set_delta_base(pr.delta_base);
        rp.set_delta_base_ci_low(pr.delta_base_ci.low);
        rp.set_delta_base_ci_high(pr.delta_base_ci.high);
        rp.set_p_beats_base(pr.p_beats_base);
        rp.set_p_tie_base(pr.p_tie_base);
      }
    }
}

void Aggregator::set_payback(v1::Comparison& cmp, const v1::DesignPoint& base, const v1::DesignPoint& plan) const {
  int s = -1;
  for (int i = 0; i < results_.series_names_size(); ++i)
    if (results_.series_names(i) == "contribution_cumulative") s = i;
  if (s < 0 || s >= base.series_size() || s >= plan.series_size()) return;
  const auto& a = base.series(s).mean();
  const auto& b = plan.series(s).mean();
  const int weeks = std::min(a.size(), b.size());
  bool behind = false, differs = false;
  for (int w = 0; w < weeks; ++w) behind |= b[w] < a[w], differs |= b[w] != a[w];
  if (!differs) return;  // the same curve: nothing to pay back
  if (!behind) {          // never behind: nothing to pay back either, ahead from the start
    cmp.set_payback_days(0);
    return;
  }
  int from = weeks;  // the first week of the final run of weeks with plan >= base
  for (int w = weeks - 1; w >= 0 && b[w] >= a[w]; --w) from = w;
  if (from == weeks) return;
  const double horizon = results_.plans(0).scenario().experiment().horizon_days();
  cmp.set_payback_days(horizon > 0 ? std::min(7.0 * (from + 1), horizon) : 7.0 * (from + 1));
}

std::uint32_t Aggregator::cell_index(std::uint32_t plan, std::uint32_t point) const {
  for (std::uint32_t i = 0; i < cells_.size(); ++i)
    if (cells_[i].plan == plan && cells_[i].point == point) return i;
  throw std::logic_error("no such cell");
}

}  // namespace salesim::experiment
