// Ranking plans with MCB intervals and P(best); see ranking.h.
#include "sim/experiment/ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

#include "sim/kernel/random.h"

namespace salesim::experiment {

double t_quantile(double p, std::uint64_t df) {
  if (df == 0) return std::numeric_limits<double>::quiet_NaN();
  boost::math::students_t dist(static_cast<double>(df));
  return boost::math::quantile(dist, p);
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// What the ranking needs of each plan, whichever estimator made it.
struct PlanInput {
  double estimate = kNaN;
  Interval ci{kNaN, kNaN};
  std::vector<double> e;  // per-replication deviations whose mean is 0 (y - mean, or linearised)
  PairedSummary vs_base;
};


Ranking rank(const std::vector<PlanInput>& in, const std::vector<std::uint32_t>& tie_class, std::uint64_t n,
             bool higher_is_better, const Bounds& bounds, const RankingOptions& opt) {
  const std::size_t k = in.size();
  Ranking r;
  r.n = n;
  r.higher_is_better = higher_is_better;
  r.alpha = opt.alpha;
  r.draws = opt.draws;
  r.seed = opt.seed;
  const double sign = higher_is_better ? 1.0 : -1.0;  // "better" = larger sign * value
  const Bounds diff = difference_bounds(bounds);

  // Ranks: by estimate in the better direction, equal estimates sharing a rank, input order kept.
  std::vector<std::uint32_t> order(k);
  for (std::uint32_t i = 0; i < k; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return sign * in[a].estimate > sign * in[b].estimate;
  });
  r.plans.resize(k);
  for (std::size_t pos = 0; pos < k; ++pos) {
    PlanRank& p = r.plans[pos];
    const PlanInput& x = in[order[pos]];
    p.plan = order[pos];
    p.rank = pos > 0 && in[order[pos - 1]].estimate == x.estimate ? r.plans[pos - 1].rank
                                                                  : static_cast<std::uint32_t>(pos + 1);
    p.mean = x.estimate;
    p.ci = x.ci;
    p.delta_base = x.vs_base.delta_mean;
    p.delta_base_ci = x.vs_base.delta_ci;
    p.p_beats_base = x.vs_base.p_better;
    p.p_tie_base = x.vs_base.p_tie;
    p.mcb = {kNaN, kNaN};
    p.p_best = kNaN;
  }
  if (n == 0)  // no replication defines the KPI in every plan: nothing to rank by
    for (PlanRank& p : r.plans) p.rank = 0;
  for (std::size_t pos = 0; pos < k; ++pos)
    r.plans[pos].tied = n > 0 && ((pos > 0 && r.plans[pos - 1].rank == r.plans[pos].rank) ||
                                  (pos + 1 < k && r.plans[pos + 1].rank == r.plans[pos].rank));

  if (n < 2) {
    r.mcb_t = kNaN;
    return r;
  }
  if (k == 1) {  // the only plan is the best, by a margin of nothing
    r.mcb_t = kNaN;
    r.plans[0].mcb = {0.0, 0.0};
    r.plans[0].may_be_best = true;
    r.plans[0].p_best = 1.0;
    return r;
  }

  // Covariance of the per-replication deviations (n - 1 divisor), summed in replication order.
  std::vector<double> cov(k * k, 0.0);
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b <= a; ++b) {
      double s = 0;
      for (std::size_t i = 0; i < n; ++i) s += in[a].e[i] * in[b].e[i];
      cov[a * k + b] = cov[b * k + a] = s / static_cast<double>(n - 1);
    }

  // MCB, in the better direction first.
  const double t = t_quantile(1.0 - opt.alpha / static_cast<double>(k - 1), n - 1);
  r.mcb_t = t;
  const double sqrt_n = std::sqrt(static_cast<double>(n));
  std::vector<Interval> mcb(k);
  std::vector<bool> may_be_best(k);
  for (std::size_t i = 0; i < k; ++i) {
    double lo = std::numeric_limits<double>::infinity(), hi = lo;
    for (std::size_t j = 0; j < k; ++j) {
      if (j == i) continue;
      double d = 0, w = 0;
      if (tie_class[i] != tie_class[j]) {
        d = sign * (in[i].estimate - in[j].estimate);
        double ss = 0;  // SD of the paired differences, from the deviations themselves
        for (std::size_t m = 0; m < n; ++m) ss += (in[i].e[m] - in[j].e[m]) * (in[i].e[m] - in[j].e[m]);
        w = t * std::sqrt(ss / static_cast<double>(n - 1)) / sqrt_n;
      }
      lo = std::min(lo, d - w);
      hi = std::min(hi, d + w);
    }
    may_be_best[i] = hi >= 0;
    mcb[i] = {std::min(0.0, lo), std::max(0.0, hi)};
  }

  // P(best): Monte Carlo over the normal approximation, one coordinate per tie class.
  std::vector<std::size_t> reps;  // the first plan of each tie class
  for (std::size_t i = 0; i < k; ++i)
    if (tie_class[i] == i) reps.push_back(i);
  const std::size_t m = reps.size();
  std::vector<double> p_class(m, 0.0);
  if (m == 1) {
    p_class[0] = 1.0;
  } else {
    std::vector<double> c(m * m);
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = 0; b < m; ++b) c[a * m + b] = cov[reps[a] * k + reps[b]] / static_cast<double>(n);
    const std::vector<double> l = cholesky_psd(c, m);
    kernel::Rng rng(kernel::StreamKey{.seed = opt.seed, .purpose = 0x7261'6e6b /* "rank" */});
    std::vector<double> z(m), x(m);
    std::vector<double> wins(m, 0.0);
    for (std::uint32_t draw = 0; draw < opt.draws; ++draw) {
      for (std::size_t a = 0; a < m; ++a) z[a] = kernel::normal(rng, 0.0, 1.0);
      double best = -std::numeric_limits<double>::infinity();
      for (std::size_t a = 0; a < m; ++a) {
        double v = in[reps[a]].estimate;
        for (std::size_t b = 0; b <= a; ++b) v += l[a * m + b] * z[b];
        x[a] = sign * v;
        best = std::max(best, x[a]);
      }
      double count = 0;
      for (std::size_t a = 0; a < m; ++a) count += x[a] == best ? 1.0 : 0.0;
      for (std::size_t a = 0; a < m; ++a)
        if (x[a] == best) wins[a] += 1.0 / count;
    }
    for (std::size_t a = 0; a < m; ++a) p_class[a] = wins[a] / static_cast<double>(opt.draws);
  }
  std::vector<double> p_best(k);
  for (std::size_t a = 0; a < m; ++a) {
    double members = 0;
    for (std::size_t i = 0; i < k; ++i) members += tie_class[i] == reps[a] ? 1.0 : 0.0;
    for (std::size_t i = 0; i < k; ++i)
      if (tie_class[i] == reps[a]) p_best[i] = p_class[a] / members;
  }

  for (PlanRank& p : r.plans) {
    const std::size_t i = p.plan;
    // Back to KPI units: mu_i - (best of the others).
    Interval u = higher_is_better ? mcb[i] : Interval{-mcb[i].high, -mcb[i].low};
    u.low = std::max(u.low, diff.low);
    u.high = std::min(u.high, diff.high);
    p.mcb = u;
    p.may_be_best = may_be_best[i];
    p.p_best = p_best[i];
  }
  return r;
}

// tie_class[i]: the first plan whose samples equal plan i's in every replication.
template <class Same>
std::vector<std::uint32_t> tie_classes(std::size_t k, Same same) {
  std::vector<std::uint32_t> c(k);
  for (std::uint32_t i = 0; i < k; ++i) {
    c[i] = i;
    for (std::uint32_t j = 0; j < i; ++j)
      if (c[j] == j && same(i, j)) {
        c[i] = j;
        break;
      }
  }
  return c;
}

bool equal_spans(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

Ranking rank_plans(const std::vector<std::vector<double>>& values, bool higher_is_better, const Bounds& bounds,
                   const RankingOptions& options) {
  if (values.empty()) throw std::invalid_argument("rank_plans: no plans");
  const std::size_t n = values[0].size();
  for (const auto& v : values)
    if (v.size() != n) throw std::invalid_argument("rank_plans: plans with different replication counts");
  std::vector<PlanInput> in(values.size());
  for (std::size_t p = 0; p < values.size(); ++p) {
    const v1::KpiSummary s = summarize("", values[p], bounds);
    in[p].estimate = s.mean();
    in[p].ci = {s.ci_low(), s.ci_high()};
    in[p].e.resize(n);
    for (std::size_t i = 0; i < n; ++i) in[p].e[i] = values[p][i] - s.mean();
    in[p].vs_base = paired(values[0], values[p], higher_is_better, bounds);
  }
  const auto ties = tie_classes(values.size(), [&](std::size_t i, std::size_t j) { return values[i] == values[j]; });
  return rank(in, ties, n, higher_is_better, bounds, options);
}

Ranking rank_plans_ratio(const std::vector<RatioSample>& plans, bool higher_is_better, const Bounds& bounds,
                         const RankingOptions& options) {
  if (plans.empty()) throw std::invalid_argument("rank_plans_ratio: no plans");
  const std::size_t n = plans[0].ratios.size();
  for (const auto& p : plans)
    if (p.ratios.size() != n || p.num.size() != n || p.den.size() != n)
      throw std::invalid_argument("rank_plans_ratio: plans with different replication counts");
  std::vector<PlanInput> in(plans.size());
  for (std::size_t p = 0; p < plans.size(); ++p) {
    const v1::KpiSummary s = summarize_ratio("", plans[p].ratios, plans[p].num, plans[p].den, bounds);
    in[p].estimate = s.mean();
    in[p].ci = {s.ci_low(), s.ci_high()};
    // The linearised values of summarize_ratio: (num - R den) / mean(den); 0 without a denominator.
    double sx = 0;
    for (double x : plans[p].den) sx += x;
    in[p].e.assign(n, 0.0);
    if (sx != 0)
      for (std::size_t i = 0; i < n; ++i)
        in[p].e[i] = (plans[p].num[i] - s.mean() * plans[p].den[i]) / (sx / static_cast<double>(n));
    in[p].vs_base = paired_ratio(plans[0], plans[p], higher_is_better, bounds);
  }
  const auto ties = tie_classes(plans.size(), [&](std::size_t i, std::size_t j) {
    return equal_spans(plans[i].ratios, plans[j].ratios) && equal_spans(plans[i].num, plans[j].num) &&
           equal_spans(plans[i].den, plans[j].den);
  });
  Ranking r = rank(in, ties, n, higher_is_better, bounds, options);
  r.ratio_of_sums = true;
  return r;
}

}  // namespace salesim::experiment
