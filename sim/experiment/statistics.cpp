// Statistics for replication outputs; see statistics.h.
#include "sim/experiment/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

namespace salesim::experiment {

double t_critical_95(std::uint64_t df) {
  if (df == 0) return std::numeric_limits<double>::infinity();
  boost::math::students_t dist(static_cast<double>(df));
  return boost::math::quantile(boost::math::complement(dist, 0.025));
}

double quantile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = h - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

Bounds bounds_of(const v1::KpiInfo& kpi) {
  Bounds b;
  if (kpi.has_lower_bound()) b.low = kpi.lower_bound();
  if (kpi.has_upper_bound()) b.high = kpi.upper_bound();
  return b;
}

Bounds difference_bounds(const Bounds& b) { return {b.low - b.high, b.high - b.low}; }

MeanInterval mean_interval(double mean, double sd, std::uint64_t n, const Bounds& bounds) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (n < 2 || std::isnan(mean) || std::isnan(sd)) return {{nan, nan}, false};
  const double half = t_critical_95(n - 1) * sd / std::sqrt(static_cast<double>(n));
  MeanInterval r{{mean - half, mean + half}, false};
  if (r.ci.low < bounds.low) r.ci.low = bounds.low, r.clipped = true;
  if (r.ci.high > bounds.high) r.ci.high = bounds.high, r.clipped = true;
  return r;
}

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
struct MeanSd {
  double mean = kNaN, sd = kNaN;  // undefined until there are one (mean) and two (sd) values
};
// Two-pass mean and sample SD, summed in the given order.
MeanSd mean_sd(std::span<const double> v) {
  MeanSd r;
  if (v.empty()) return r;
  double sum = 0;
  for (double x : v) sum += x;
  r.mean = sum / static_cast<double>(v.size());
  if (v.size() < 2) return r;
  double ss = 0;
  for (double x : v) ss += (x - r.mean) * (x - r.mean);
  r.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
  return r;
}
}  // namespace

v1::KpiSummary summarize(const std::string& kpi, std::span<const double> values, const Bounds& bounds) {
  v1::KpiSummary s;
  s.set_kpi(kpi);
  s.set_n(values.size());
  const MeanSd m = mean_sd(values);
  s.set_mean(m.mean);
  s.set_sd(m.sd);
  const MeanInterval ci = mean_interval(m.mean, m.sd, values.size(), bounds);
  s.set_ci_low(ci.ci.low);
  s.set_ci_high(ci.ci.high);
  s.set_ci_clipped(ci.clipped);
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  s.set_p10(quantile_sorted(sorted, 0.1));
  s.set_p50(quantile_sorted(sorted, 0.5));
  s.set_p90(quantile_sorted(sorted, 0.9));
  s.set_p25(quantile_sorted(sorted, 0.25));
  s.set_p75(quantile_sorted(sorted, 0.75));
  return s;
}

PairedSummary paired(std::span<const double> base, std::span<const double> plan, bool higher_is_better,
                     const Bounds& bounds) {
  PairedSummary r;
  const std::size_t n = std::min(base.size(), plan.size());
  r.n = n;
  std::vector<double> d(n);
  std::uint64_t better = 0, ties = 0;
  for (std::size_t i = 0; i < n; ++i) {
    d[i] = plan[i] - base[i];
    if (plan[i] == base[i]) ++ties;
    else if (higher_is_better ? plan[i] > base[i] : plan[i] < base[i]) ++better;
  }
  r.base_mean = mean_sd(base.first(n)).mean;
  r.plan_mean = mean_sd(plan.first(n)).mean;
  const MeanSd md = mean_sd(d);
  r.delta_mean = md.mean;
  const MeanInterval ci = mean_interval(md.mean, md.sd, n, difference_bounds(bounds));
  r.delta_ci = ci.ci;
  r.delta_ci_clipped = ci.clipped;
  const double score = static_cast<double>(better) + 0.5 * static_cast<double>(ties);
  const double nn = static_cast<double>(n);
  r.p_better = n ? score / nn : kNaN;
  r.p_tie = n ? static_cast<double>(ties) / nn : kNaN;
  r.p_better_ci = wilson_interval(score, n);
  return r;
}

namespace {
// R = sum(num) / sum(den) and the linearised values (num[i] - R den[i]) / mean(den).
struct Linearised {
  double ratio = kNaN;
  std::vector<double> e;
};
Linearised linearise(std::span<const double> num, std::span<const double> den) {
  Linearised r;
  const std::size_t n = std::min(num.size(), den.size());
  double sy = 0, sx = 0;
  for (std::size_t i = 0; i < n; ++i) sy += num[i], sx += den[i];
  if (n == 0) return r;
  r.e.assign(n, 0.0);
  // No denominator in any replication: 0, the value each replication reports then (and no spread).
  if (sx == 0) return r.ratio = 0.0, r;
  r.ratio = sy / sx;
  const double xbar = sx / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) r.e[i] = (num[i] - r.ratio * den[i]) / xbar;
  return r;
}
// SD of values whose mean is 0 by construction (n - 1 divisor).
double sd_about_zero(const std::vector<double>& e) {
  if (e.size() < 2) return kNaN;
  double ss = 0;
  for (double x : e) ss += x * x;
  return std::sqrt(ss / static_cast<double>(e.size() - 1));
}
}  // namespace

v1::KpiSummary summarize_ratio(const std::string& kpi, std::span<const double> ratios, std::span<const double> num,
                               std::span<const double> den, const Bounds& bounds) {
  v1::KpiSummary s = summarize(kpi, ratios, bounds);
  s.set_ratio_of_sums(true);
  s.set_mean_of_ratios(s.mean());
  const Linearised l = linearise(num, den);
  const double sd = sd_about_zero(l.e);
  s.set_mean(l.ratio);
  s.set_sd(sd);
  const MeanInterval ci = mean_interval(l.ratio, sd, l.e.size(), bounds);
  s.set_ci_low(ci.ci.low);
  s.set_ci_high(ci.ci.high);
  s.set_ci_clipped(ci.clipped);
  return s;
}

PairedSummary paired_ratio(const RatioSample& base, const RatioSample& plan, bool higher_is_better,
                           const Bounds& bounds) {
  PairedSummary r = paired(base.ratios, plan.ratios, higher_is_better, bounds);
  const Linearised a = linearise(base.num, base.den), b = linearise(plan.num, plan.den);
  r.base_mean = a.ratio;
  r.plan_mean = b.ratio;
  r.delta_mean = b.ratio - a.ratio;
  std::vector<double> e;
  if (!a.e.empty() && a.e.size() == b.e.size())
    for (std::size_t i = 0; i < a.e.size(); ++i) e.push_back(b.e[i] - a.e[i]);
  const double sd = sd_about_zero(e);
  const MeanInterval ci = mean_interval(r.delta_mean, sd, e.size(), difference_bounds(bounds));
  r.delta_ci = ci.ci;
  r.delta_ci_clipped = ci.clipped;
  return r;
}

ContrastSummary paired_contrast(std::span<const std::span<const double>> columns, std::span<const ContrastTerm> terms,
                                const Bounds& bounds) {
  ContrastSummary r;
  const std::size_t n = columns.empty() ? 0 : columns[0].size();
  std::vector<double> d(n, 0.0);
  for (const ContrastTerm& t : terms)
    for (std::size_t i = 0; i < n; ++i)
      d[i] += t.weight * (t.minus == kNoSample ? columns[t.plus][i] : columns[t.plus][i] - columns[t.minus][i]);
  const MeanSd m = mean_sd(d);
  r.n = n;
  r.estimate = n ? m.mean : kNaN;
  r.sd = n >= 2 ? m.sd : kNaN;
  r.ci = mean_interval(r.estimate, r.sd, n, bounds);
  return r;
}

ContrastSummary ratio_contrast(std::span<const RatioSample> samples, std::span<const ContrastTerm> terms,
                               const Bounds& bounds) {
  ContrastSummary r;
  const std::size_t n = samples.empty() ? 0 : samples[0].num.size();
  r.n = n;
  if (n == 0) {
    r.estimate = r.sd = kNaN;
    r.ci = mean_interval(kNaN, kNaN, 0, bounds);
    return r;
  }
  std::vector<Linearised> l;
  for (const RatioSample& s : samples) l.push_back(linearise(s.num, s.den));
  std::vector<double> e(n, 0.0);
  double estimate = 0;
  for (const ContrastTerm& t : terms) {
    const Linearised& a = l[t.plus];
    if (t.minus == kNoSample) {
      estimate += t.weight * a.ratio;
      for (std::size_t i = 0; i < n; ++i) e[i] += t.weight * a.e[i];
    } else {
      const Linearised& b = l[t.minus];
      estimate += t.weight * (a.ratio - b.ratio);
      for (std::size_t i = 0; i < n; ++i) e[i] += t.weight * (a.e[i] - b.e[i]);
    }
  }
  r.estimate = estimate;
  r.sd = sd_about_zero(e);
  r.ci = mean_interval(r.estimate, r.sd, n, bounds);
  return r;
}

Interval wilson_interval(double successes, std::uint64_t n) {
  if (n == 0) return {0.0, 1.0};
  const double z = 1.959963984540054;
  const double nn = static_cast<double>(n);
  const double p = successes / nn;
  const double denom = 1.0 + z * z / nn;
  const double centre = (p + z * z / (2.0 * nn)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
  // Mathematically within [0, 1] and around p; rounding can leave 1 - 1e-16 at p = 1.
  return {std::min(p, std::max(0.0, centre - half)), std::max(p, std::min(1.0, centre + half))};
}

double relative_half_width(std::span<const double> values) {
  if (values.size() < 2) return std::numeric_limits<double>::infinity();
  const MeanSd m = mean_sd(values);
  if (m.mean == 0.0) return std::numeric_limits<double>::infinity();
  const double half = t_critical_95(values.size() - 1) * m.sd / std::sqrt(static_cast<double>(values.size()));
  return half / std::fabs(m.mean);
}

// --- P-square.

void P2Quantile::add(double x) {
  if (n_ < 5) {
    q_[n_++] = x;
    if (n_ == 5) {
      std::sort(q_.begin(), q_.end());
      for (int i = 0; i < 5; ++i) pos_[i] = i + 1;
      want_ = {1.0, 1.0 + 2.0 * p_, 1.0 + 4.0 * p_, 3.0 + 2.0 * p_, 5.0};
      dwant_ = {0.0, p_ / 2.0, p_, (1.0 + p_) / 2.0, 1.0};
    }
    return;
  }
  ++n_;
  int k;
  if (x < q_[0]) {
    q_[0] = x;
    k = 0;
  } else if (x >= q_[4]) {
    q_[4] = std::max(q_[4], x);
    k = 3;
  } else {
    k = 0;
    while (k < 3 && x >= q_[k + 1]) ++k;
  }
  for (int i = k + 1; i < 5; ++i) pos_[i] += 1.0;
  for (int i = 0; i < 5; ++i) want_[i] += dwant_[i];
  for (int i = 1; i <= 3; ++i) {
    const double d = want_[i] - pos_[i];
    if ((d >= 1.0 && pos_[i + 1] - pos_[i] > 1.0) || (d <= -1.0 && pos_[i - 1] - pos_[i] < -1.0)) {
      const double s = d >= 0 ? 1.0 : -1.0;
      double qn = parabolic(i, s);
      if (!(q_[i - 1] < qn && qn < q_[i + 1])) qn = linear(i, s);
      q_[i] = qn;
      pos_[i] += s;
    }
  }
}

std::array<double, P2Quantile::kStateSize> P2Quantile::state() const {
  std::array<double, kStateSize> s{};
  s[0] = static_cast<double>(n_);
  for (std::size_t i = 0; i < 5; ++i) s[1 + i] = q_[i], s[6 + i] = pos_[i], s[11 + i] = want_[i], s[16 + i] = dwant_[i];
  return s;
}

void P2Quantile::restore(const std::array<double, kStateSize>& s) {
  n_ = static_cast<std::uint64_t>(s[0]);
  for (std::size_t i = 0; i < 5; ++i) q_[i] = s[1 + i], pos_[i] = s[6 + i], want_[i] = s[11 + i], dwant_[i] = s[16 + i];
}

double P2Quantile::parabolic(int i, double d) const {
  return q_[i] + d / (pos_[i + 1] - pos_[i - 1]) *
                     ((pos_[i] - pos_[i - 1] + d) * (q_[i + 1] - q_[i]) / (pos_[i + 1] - pos_[i]) +
                      (pos_[i + 1] - pos_[i] - d) * (q_[i] - q_[i - 1]) / (pos_[i] - pos_[i - 1]));
}

double P2Quantile::linear(int i, double d) const {
  const int j = i + static_cast<int>(d);
  return q_[i] + d * (q_[j] - q_[i]) / (pos_[j] - pos_[i]);
}

double P2Quantile::value() const {
  if (n_ == 0) return 0.0;
  if (n_ < 5) {
    std::array<double, 5> s = q_;
    std::sort(s.begin(), s.begin() + static_cast<long>(n_));
    return quantile_sorted(std::span<const double>(s.data(), n_), p_);
  }
  return q_[2];
}

std::vector<double> cholesky_psd(const std::vector<double>& a, std::size_t k) {
  std::vector<double> l(k * k, 0.0);
  double scale = 0;
  for (std::size_t i = 0; i < k; ++i) scale = std::max(scale, a[i * k + i]);
  const double tol = 1e-12 * scale;
  for (std::size_t j = 0; j < k; ++j) {
    double d = a[j * k + j];
    for (std::size_t m = 0; m < j; ++m) d -= l[j * k + m] * l[j * k + m];
    if (d <= tol) continue;  // column j stays zero
    const double ljj = std::sqrt(d);
    l[j * k + j] = ljj;
    for (std::size_t i = j + 1; i < k; ++i) {
      double s = a[i * k + j];
      for (std::size_t m = 0; m < j; ++m) s -= l[i * k + m] * l[j * k + m];
      l[i * k + j] = s / ljj;
    }
  }
  return l;
}

}  // namespace salesim::experiment
