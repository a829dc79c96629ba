// Procedure KN (Kim & Nelson 2001); see selection.h.
#include "sim/experiment/selection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sim/experiment/statistics.h"
#include "sim/kernel/random.h"

namespace salesim::experiment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check(const SelectionOptions& o) {
  if (o.systems < 1 || o.systems > kMaxSelectionSystems)
    throw SelectionError(std::string("systems: ").append(std::to_string(o.systems)).append(" is outside [1, ")
                             .append(std::to_string(kMaxSelectionSystems)).append("]"));
  if (!(o.delta > 0) || !std::isfinite(o.delta)) throw SelectionError("delta: the indifference zone must be a finite number > 0");
  if (!(o.pcs > 0.5 && o.pcs < 1)) throw SelectionError("pcs: the probability of correct selection must be in (0.5, 1)");
  if (o.n0 < 2) throw SelectionError("n0: the first stage needs at least 2 replications per system");
  if (o.max_replications < o.n0) throw SelectionError("max_replications: the cap must be at least n0");
  if (o.batch < 1) throw SelectionError("batch: at least 1 replication per stage");
  if (o.top < 1) throw SelectionError("top: at least 1 plan");
  if (o.pbest_draws < 1) throw SelectionError("pbest_draws: at least 1 draw");
}


}  // namespace

double kn_eta(std::uint32_t k, double pcs, std::uint32_t n0) {
  if (k < 2) throw SelectionError("systems: KN's constant needs at least 2 systems");
  if (!(pcs > 0.5 && pcs < 1)) throw SelectionError("pcs: the probability of correct selection must be in (0.5, 1)");
  if (n0 < 2) throw SelectionError("n0: the first stage needs at least 2 replications per system");
  const double alpha = 1 - pcs;
  // Section 3, Setup: eta = 1/2 [ (2 alpha / (k - 1))^(-2/(n0 - 1)) - 1 ].
  return 0.5 * (std::pow(2 * alpha / static_cast<double>(k - 1), -2.0 / static_cast<double>(n0 - 1)) - 1);
}

SelectionResult select_best(const SelectionOptions& o, const SelectionSampler& sampler) {
  check(o);
  const std::uint32_t k = o.systems;
  const double sign = o.maximise ? 1.0 : -1.0;
  SelectionResult res;
  res.systems.resize(k);
  if (k >= 2) {
    res.eta = kn_eta(k, o.pcs, o.n0);
    res.h2 = 2 * res.eta * static_cast<double>(o.n0 - 1);
  }

  std::vector<std::vector<double>> x(k);  // sign-adjusted values, by replication
  std::vector<double> sum(k, 0.0);
  auto draw = [&](const std::vector<std::uint32_t>& systems, std::uint64_t from, std::uint64_t count) {
    std::vector<SelectionPair> pairs;
    pairs.reserve(systems.size() * count);
    for (const std::uint32_t i : systems)
      for (std::uint64_t r = from; r < from + count; ++r) pairs.push_back({i, r});
    const std::vector<double> v = sampler(std::span<const SelectionPair>(pairs));
    if (v.size() != pairs.size())
      throw std::runtime_error(std::string("selection: the sampler returned ").append(std::to_string(v.size()))
                                   .append(" values for ").append(std::to_string(pairs.size())).append(" replications"));
    for (std::size_t j = 0; j < pairs.size(); ++j) {
      if (!std::isfinite(v[j]))
        throw std::runtime_error(std::string("selection: replication ").append(std::to_string(pairs[j].replication))
                                     .append(" of system ").append(std::to_string(pairs[j].system))
                                     .append(" gave a value that is not finite"));
      x[pairs[j].system].push_back(sign * v[j]);
      sum[pairs[j].system] += sign * v[j];
    }
  };

  std::vector<std::uint32_t> alive(k);
  std::iota(alive.begin(), alive.end(), 0u);
  // First stage.
  draw(alive, 0, o.n0);
  std::uint64_t r = o.n0;
  res.stages = 1;

  // S^2_il over the first stage, i < l, packed: index l*(l-1)/2 + i.
  std::vector<double> s2(static_cast<std::size_t>(k) * (k - 1) / 2, 0.0);
  auto s2_at = [&](std::uint32_t i, std::uint32_t l) -> double& {
    if (i > l) std::swap(i, l);
    return s2[static_cast<std::size_t>(l) * (l - 1) / 2 + i];
  };
  double max_s2 = 0;
  for (std::uint32_t l = 1; l < k; ++l)
    for (std::uint32_t i = 0; i < l; ++i) {
      double m = 0;
      for (std::uint32_t j = 0; j < o.n0; ++j) m += x[i][j] - x[l][j];
      m /= o.n0;
      double ss = 0;
      for (std::uint32_t j = 0; j < o.n0; ++j) {
        const double d = x[i][j] - x[l][j] - m;
        ss += d * d;
      }
      s2_at(i, l) = ss / (o.n0 - 1);
      max_s2 = std::max(max_s2, s2_at(i, l));
    }
  if (k >= 2) {
    const double apex = std::floor(res.h2 * max_s2 / (o.delta * o.delta)) + 1;
    res.equal_allocation_per_system = static_cast<std::uint64_t>(std::min(1e18, std::max(static_cast<double>(o.n0), apex)));
  } else {
    res.equal_allocation_per_system = o.n0;
  }
  res.equal_allocation_replications = res.equal_allocation_per_system * k;

  // Screening (section 3): against every survivor of the previous stage, in index order.
  auto screen = [&]() {
    std::vector<std::uint32_t> next;
    next.reserve(alive.size());
    const double rd = static_cast<double>(r);
    for (const std::uint32_t i : alive) {
      bool out = false;
      for (const std::uint32_t l : alive) {
        if (l == i) continue;
        const double bound = std::min(0.0, -res.h2 * s2_at(i, l) / (2 * o.delta) + o.delta * rd / 2);
        const double diff = sum[i] - sum[l];
        // Past the apex (bound 0) exact ties go to the lower index.
        if (diff < bound || (bound == 0 && diff == 0 && i > l)) {
          res.systems[i].eliminated = true;
          res.systems[i].eliminated_at = r;
          res.systems[i].eliminated_by = l;
          out = true;
          break;
        }
      }
      if (!out) next.push_back(i);
    }
    alive = std::move(next);
  };
  if (k >= 2) screen();
  while (alive.size() > 1 && r < o.max_replications) {
    const std::uint64_t count = std::min<std::uint64_t>(o.batch, o.max_replications - r);
    draw(alive, r, count);
    r += count;
    ++res.stages;
    screen();
  }
  if (alive.size() == 1) {
    res.best = alive[0];
  } else {  // the cap: the best sample mean among the survivors (equal counts), ties to the lower index
    res.guaranteed = false;
    res.best = alive[0];
    for (const std::uint32_t i : alive)
      if (sum[i] > sum[res.best]) res.best = i;
  }

  for (std::uint32_t i = 0; i < k; ++i) {
    SystemOutcome& s = res.systems[i];
    s.replications = x[i].size();
    res.total_replications += s.replications;
    const double m = sum[i] / static_cast<double>(s.replications);
    s.mean = sign * m;
    if (s.replications >= 2) {
      double ss = 0;
      for (const double v : x[i]) ss += (v - m) * (v - m);
      s.sd = std::sqrt(ss / static_cast<double>(s.replications - 1));
    }
  }

  // Paired differences from the selected plan, then the top plans: the selected one, then the
  // rest by that difference (sign-adjusted: best first).
  const std::vector<double>& xb = x[res.best];
  std::vector<double> adjusted_diff(k, 0.0);
  for (std::uint32_t i = 0; i < k; ++i) {
    SystemOutcome& s = res.systems[i];
    s.paired_n = std::min(x[i].size(), xb.size());
    if (i == res.best) continue;
    double d = 0;
    for (std::size_t j = 0; j < s.paired_n; ++j) d += x[i][j] - xb[j];
    adjusted_diff[i] = d / static_cast<double>(s.paired_n);
    s.diff_vs_best = sign * adjusted_diff[i];
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < k; ++i)
    if (i != res.best) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return adjusted_diff[a] > adjusted_diff[b]; });
  order.insert(order.begin(), res.best);
  order.resize(std::min<std::size_t>(order.size(), o.top));
  for (const std::uint32_t i : order) {
    TopPlan t;
    t.system = i;
    t.mean = res.systems[i].mean;
    t.paired_n = std::min(x[i].size(), xb.size());
    if (i != res.best) {
      const std::size_t n = t.paired_n;
      double m = 0;
      for (std::size_t j = 0; j < n; ++j) m += x[i][j] - xb[j];
      m /= static_cast<double>(n);
      t.diff_mean = sign * m;
      if (n >= 2) {
        double ss = 0;
        for (std::size_t j = 0; j < n; ++j) ss += (x[i][j] - xb[j] - m) * (x[i][j] - xb[j] - m);
        const double half = t_critical_95(n - 1) * std::sqrt(ss / static_cast<double>(n - 1) / static_cast<double>(n));
        t.diff_low = t.diff_mean - half;
        t.diff_high = t.diff_mean + half;
      } else {
        t.diff_low = t.diff_high = kNaN;
      }
    }
    res.top.push_back(t);
  }

  // P(best) among the top plans, from the paired differences D_a = X_a - X_best over each plan's
  // common replications with the selected one (a prefix 0..n_a-1 of the selected plan's): their
  // means d_a and, for nested prefixes, Cov(d_a, d_c) = s_ac n_ac / (n_a n_c), n_ac = min(n_a, n_c),
  // s_ac the sample covariance of D_a and D_c over their first n_ac replications. Monte Carlo from
  // N(d, Cov): the selected plan wins a draw when every D_a < 0, else the largest D_a does.
  const std::size_t m = res.top.size();
  std::size_t n = xb.size();
  for (const TopPlan& t : res.top) n = std::min<std::size_t>(n, t.paired_n);
  res.pbest_n = n;
  if (m == 1) {
    res.top[0].p_best = 1;
  } else if (n < 2) {
    for (TopPlan& t : res.top) t.p_best = kNaN;
  } else {
    const std::size_t q = m - 1;  // the differences of top[1..m-1]
    auto diff = [&](std::size_t a, std::size_t j) { return x[res.top[a + 1].system][j] - xb[j]; };
    std::vector<double> mean(q, 0.0), cov(q * q, 0.0);
    for (std::size_t a = 0; a < q; ++a) mean[a] = sign * res.top[a + 1].diff_mean;  // sign-adjusted d_a
    for (std::size_t a = 0; a < q; ++a)
      for (std::size_t c = 0; c <= a; ++c) {
        const std::uint64_t na = res.top[a + 1].paired_n, nc = res.top[c + 1].paired_n, nac = std::min(na, nc);
        double ma = 0, mc = 0;
        for (std::size_t j = 0; j < nac; ++j) ma += diff(a, j), mc += diff(c, j);
        ma /= static_cast<double>(nac);
        mc /= static_cast<double>(nac);
        double sac = 0;
        for (std::size_t j = 0; j < nac; ++j) sac += (diff(a, j) - ma) * (diff(c, j) - mc);
        sac /= static_cast<double>(nac - 1);
        cov[a * q + c] = cov[c * q + a] = sac * static_cast<double>(nac) / (static_cast<double>(na) * static_cast<double>(nc));
      }
    const std::vector<double> l = cholesky_psd(cov, q);
    kernel::Rng rng(kernel::StreamKey{.seed = o.seed, .purpose = 0x5e1ec7b0});
    std::vector<std::uint64_t> wins(m, 0);
    std::vector<double> z(q);
    for (std::uint32_t draw_index = 0; draw_index < o.pbest_draws; ++draw_index) {
      for (std::size_t a = 0; a < q; ++a) z[a] = kernel::normal(rng, 0, 1);
      std::size_t arg = 0;  // the selected plan, at difference 0
      double best_value = 0;
      for (std::size_t a = 0; a < q; ++a) {
        double v = mean[a];
        for (std::size_t c = 0; c <= a; ++c) v += l[a * q + c] * z[c];
        if (v > best_value) best_value = v, arg = a + 1;
      }
      ++wins[arg];
    }
    for (std::size_t a = 0; a < m; ++a) res.top[a].p_best = static_cast<double>(wins[a]) / o.pbest_draws;
  }
  return res;
}

}  // namespace salesim::experiment
