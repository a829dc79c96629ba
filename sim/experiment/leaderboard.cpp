#include "sim/experiment/leaderboard.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace salesim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int kpi_index(const v1::Results& r, const std::string& name) {
  for (int i = 0; i < r.kpis_size(); ++i)
    if (r.kpis(i).name() == name) return i;
  return -1;
}

// KPI column `k` of plan `plan` at `point`, in replication order (NaN where a row lacks it).
std::vector<double> column(const v1::Results& r, std::uint32_t plan, std::uint32_t point, int k) {
  std::vector<double> out;
  if (k < 0 || static_cast<int>(plan) >= r.plans_size()) return out;
  const auto& p = r.plans(static_cast<int>(plan));
  if (static_cast<int>(point) >= p.points_size()) return out;
  for (const auto& rep : p.points(static_cast<int>(point)).replications())
    out.push_back(k < rep.kpis_size() ? rep.kpis(k) : kNaN);
  return out;
}

// Keeps the rows in which every column is defined (the columns cut to the shortest).
void keep_defined(std::vector<std::vector<double>*> cols) {
  std::size_t n = SIZE_MAX;
  for (const auto* c : cols) n = std::min(n, c->size());
  if (cols.empty()) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    bool ok = true;
    for (const auto* c : cols) ok = ok && !std::isnan((*c)[i]);
    if (!ok) continue;
    for (auto* c : cols) (*c)[kept] = (*c)[i];
    ++kept;
  }
  for (auto* c : cols) c->resize(kept);
}

}  // namespace

std::vector<std::string> leaderboard_kpis(const v1::Results& results, std::uint32_t design_point) {
  std::vector<std::string> out;
  for (const auto& k : results.kpis())
    for (const auto& rk : results.rankings())
      if (rk.kpi() == k.name() && rk.design_point() == design_point) {
        out.push_back(k.name());
        break;
      }
  return out;
}

Leaderboard leaderboard(const v1::Results& results, const std::string& kpi, std::uint32_t design_point) {
  const v1::Ranking* ranking = nullptr;
  for (const auto& rk : results.rankings())
    if (rk.kpi() == kpi && rk.design_point() == design_point) ranking = &rk;
  if (ranking == nullptr)
    throw std::invalid_argument("no ranking of KPI '" + kpi + "' at design point " + std::to_string(design_point) +
                                " (a leaderboard needs a compare of two or more plans)");
  Leaderboard board;
  board.kpi = kpi;
  board.design_point = design_point;
  board.lower_is_better = ranking->lower_is_better();
  board.ratio_of_sums = ranking->ratio_of_sums();
  board.n = ranking->n();
  board.alpha = ranking->alpha();
  for (const auto& rp : ranking->plans()) {
    LeaderboardRow row;
    row.plan = rp.plan();
    row.plan_index = rp.plan_index();
    row.rank = rp.rank();
    row.tied = rp.tied();
    row.mean = rp.mean();
    row.ci = {rp.ci_low(), rp.ci_high()};
    row.mcb = {rp.mcb_low(), rp.mcb_high()};
    row.may_be_best = rp.may_be_best();
    row.p_best = rp.p_best();
    board.rows.push_back(std::move(row));
  }
  if (board.rows.empty()) return board;

  // Paired against the leader, as Aggregator::add_comparisons does against the base.
  const int k = kpi_index(results, kpi);
  const v1::KpiInfo* info = k >= 0 ? &results.kpis(k) : nullptr;
  const Bounds bounds = info ? bounds_of(*info) : Bounds{};
  const bool higher = !board.lower_is_better;
  const int num = info && !info->ratio_numerator().empty() ? kpi_index(results, info->ratio_numerator()) : -1;
  const int den = info && !info->ratio_denominator().empty() ? kpi_index(results, info->ratio_denominator()) : -1;
  const bool ratio = num >= 0 && den >= 0;
  const std::uint32_t leader = board.rows[0].plan_index;
  for (LeaderboardRow& row : board.rows) {
    std::vector<double> ra = column(results, leader, design_point, k), rb = column(results, row.plan_index, design_point, k);
    PairedSummary ps;
    if (!ratio) {
      keep_defined({&ra, &rb});
      ps = paired(ra, rb, higher, bounds);
    } else {
      std::vector<double> ya = column(results, leader, design_point, num), xa = column(results, leader, design_point, den),
                          yb = column(results, row.plan_index, design_point, num),
                          xb = column(results, row.plan_index, design_point, den);
      keep_defined({&ra, &ya, &xa, &rb, &yb, &xb});
      ps = paired_ratio({ra, ya, xa}, {rb, yb, xb}, higher, bounds);
    }
    row.pairs_leader = ps.n;
    if (ps.n == 0) {
      row.delta_leader = kNaN;
      row.delta_leader_ci = {kNaN, kNaN};
      row.p_beats_leader = kNaN;
      continue;
    }
    row.delta_leader = ps.delta_mean;
    row.delta_leader_ci = ps.delta_ci;
    row.p_beats_leader = ps.p_better;
  }
  return board;
}

}  // namespace salesim::experiment
