#include "sim/calibration/backtest.h"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "salesim/v1/scenario.pb.h"
#include "sim/calibration/export_csv.h"
#include "sim/experiment/output_set.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/statistics.h"
#include "sim/experiment/writers.h"

namespace salesim::calibration {

namespace {

namespace g = boost::gregorian;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The chance a fitting scenario is flagged, shared among the misfit criteria (Bonferroni).
constexpr double kFamilyAlpha = 0.05;

g::date date_of(const Epoch& e) {
  return g::date(static_cast<unsigned short>(e.year), static_cast<unsigned short>(e.month), static_cast<unsigned short>(e.day));
}

Epoch epoch_of(const CrmExport& e) { return Epoch{e.epoch_year, e.epoch_month, e.epoch_day}; }

double q(const std::vector<double>& sorted, double p) { return experiment::quantile_sorted(sorted, p); }

// P10, P50, P90 of the non-NaN values.
std::array<double, 3> band(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  std::sort(values.begin(), values.end());
  return {q(values, 0.1), q(values, 0.5), q(values, 0.9)};
}

bool in_period(double day, const CrmExport& e) { return day >= e.period_start_day && day < e.period_end_day; }

}  // namespace

std::vector<PeriodBin> calendar_bins(const Epoch& epoch, double start_day, double end_day, bool quarters) {
  std::vector<PeriodBin> bins;
  const g::date day0 = date_of(epoch);
  const g::date first = day0 + g::days(static_cast<long>(std::floor(start_day)));
  const int step = quarters ? 3 : 1;
  int year = first.year(), month = first.month();
  if (quarters) month = (month - 1) / 3 * 3 + 1;
  for (;;) {
    const g::date begin(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
    const double b = static_cast<double>((begin - day0).days());
    if (b >= end_day) break;
    int ny = year, nm = month + step;
    if (nm > 12) nm -= 12, ny += 1;
    const g::date next(static_cast<unsigned short>(ny), static_cast<unsigned short>(nm), 1);
    const double n = static_cast<double>((next - day0).days());
    char label[32];
    if (quarters)
      std::snprintf(label, sizeof label, "%04d-Q%d", year, (month - 1) / 3 + 1);
    else
      std::snprintf(label, sizeof label, "%04d-%02d", year, month);
    bins.push_back(PeriodBin{label, std::max(b, start_day), std::min(n, end_day)});
    year = ny;
    month = nm;
  }
  return bins;
}

ExportStatistics export_statistics(const CrmExport& e) {
  ExportStatistics s;
  const Epoch epoch = epoch_of(e);
  const std::vector<PeriodBin> months = calendar_bins(epoch, e.period_start_day, e.period_end_day, false);
  const std::vector<PeriodBin> quarters = calendar_bins(epoch, e.period_start_day, e.period_end_day, true);
  s.opportunities_per_month.assign(months.size(), 0.0);
  s.revenue_per_quarter.assign(quarters.size(), 0.0);
  auto bin_of = [](const std::vector<PeriodBin>& bins, double day) {
    for (std::size_t i = 0; i < bins.size(); ++i)
      if (day >= bins[i].start_day && day < bins[i].end_day) return static_cast<int>(i);
    return -1;
  };
  for (const Opportunity& o : e.opportunities) {
    if (in_period(o.created_day, e)) {
      const int m = bin_of(months, o.created_day);
      if (m >= 0) s.opportunities_per_month[static_cast<std::size_t>(m)] += 1;
    }
    if (o.outcome == Outcome::open || std::isnan(o.close_day) || !in_period(o.close_day, e)) continue;
    s.closed += 1;
    s.cycle_days.push_back(std::max(0.0, o.close_day - o.created_day));
    if (o.outcome != Outcome::won) continue;
    s.won += 1;
    if (std::isnan(o.amount_cny)) continue;
    s.won_amounts.push_back(o.amount_cny);
    const int k = bin_of(quarters, o.close_day);
    if (k >= 0) s.revenue_per_quarter[static_cast<std::size_t>(k)] += o.amount_cny;
  }
  s.win_rate = s.closed > 0 ? s.won / s.closed : kNaN;
  std::sort(s.won_amounts.begin(), s.won_amounts.end());
  std::sort(s.cycle_days.begin(), s.cycle_days.end());
  return s;
}

double ks_distance(std::span<const double> a, std::span<const double> b) {
  if (a.empty() || b.empty()) return 0.0;
  std::size_t i = 0, j = 0;
  double d = 0;
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  while (i < a.size() && j < b.size()) {
    const double x = std::min(a[i], b[j]);
    while (i < a.size() && a[i] == x) ++i;
    while (j < b.size() && b[j] == x) ++j;
    d = std::max(d, std::abs(static_cast<double>(i) / na - static_cast<double>(j) / nb));
  }
  return d;
}

double ks_p_value(double d, std::uint64_t n, std::uint64_t m) {
  if (n == 0 || m == 0) return 1.0;
  const double ne = static_cast<double>(n) * static_cast<double>(m) / static_cast<double>(n + m);
  const double x = (std::sqrt(ne) + 0.12 + 0.11 / std::sqrt(ne)) * d;
  if (x <= 0) return 1.0;
  constexpr double kPi = 3.14159265358979323846;
  if (x < 1.18) {
    // P_KS(x) = sqrt(2 pi) / x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)); Q = 1 - P.
    const double y = std::exp(-kPi * kPi / (8.0 * x * x));
    double sum = 0;
    for (int k = 1; k <= 8; ++k) sum += std::pow(y, (2 * k - 1) * (2 * k - 1));
    return std::clamp(1.0 - std::sqrt(2.0 * kPi) / x * sum, 0.0, 1.0);
  }
  double sum = 0, sign = 1;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * x * x);
    sum += sign * term;
    if (term < 1e-17) break;
    sign = -sign;
  }
  return std::clamp(2.0 * sum, 0.0, 1.0);
}

double ks_distance_leave_one_out(std::span<const double> own, std::span<const double> pooled) {
  // The pool without `own` (a sub-multiset of it): its ECDF at x is
  // (#pooled <= x - #own <= x) / (M - n); both step only at values of the pool.
  const std::size_t n = own.size(), m = pooled.size();
  if (n == 0 || m <= n) return 0.0;
  std::size_t i = 0, j = 0;
  double d = 0;
  while (j < m) {
    const double x = pooled[j];
    while (j < m && pooled[j] == x) ++j;
    while (i < n && own[i] <= x) ++i;
    const double f = static_cast<double>(i) / static_cast<double>(n);
    const double g = static_cast<double>(j - i) / static_cast<double>(m - n);
    d = std::max(d, std::abs(f - g));
  }
  return d;
}

std::uint32_t replications_to_judge(int ks_tests) {
  const double alpha = kFamilyAlpha / static_cast<double>(2 + ks_tests);
  std::uint32_t r = 1;
  while (1.0 / static_cast<double>(r + 1) > alpha) ++r;  // the same comparison as the verdict's
  return r;
}

v1::Backtest backtest(const CrmExport& observed, const v1::Scenario& resolved, const BacktestOptions& options) {
  const double length = observed.period_end_day - observed.period_start_day;
  if (observed.opportunities.empty())
    throw std::invalid_argument("the export holds no opportunities: there is nothing to set against the simulations");
  if (!(length >= 1)) throw std::invalid_argument("the export's period is empty (it ends before it starts)");
  if (length > 36500) throw std::invalid_argument("the export's period is longer than 100 years");
  if (options.replications < 10)
    throw std::invalid_argument("a backtest needs at least 10 replications for its P10-P90 bands");
  // The simulation: day 0 on the period's first day, the horizon the period's length.
  v1::Scenario s = resolved;
  s.mutable_experiment()->set_horizon_days(length);
  experiment::prepare_for_run(s);
  const model::Model model(s);
  const g::date start = date_of(epoch_of(observed)) + g::days(static_cast<long>(std::floor(observed.period_start_day)));
  const Epoch sim_epoch{start.year(), start.month(), start.day()};

  const ExportStatistics obs = export_statistics(observed);
  const std::size_t R = options.replications;
  std::vector<ExportStatistics> sims(R);
  std::atomic<std::size_t> next{0};
  std::exception_ptr failed;
  std::mutex failed_mutex;
  auto work = [&] {
    for (;;) {
      const std::size_t r = next.fetch_add(1);
      if (r >= R) return;
      if (options.cancel && options.cancel->load()) return;
      try {
        sims[r] = export_statistics(simulate_export(model, model::ReplicationKey{options.seed, 0, r}, sim_epoch));
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failed_mutex);
        if (!failed) failed = std::current_exception();
        next.store(R);
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(R)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (failed) std::rethrow_exception(failed);
  if (options.cancel && options.cancel->load()) throw experiment::Cancelled();

  // Every statistic: its observed value and its R simulated values.
  struct Row {
    std::string name, period;
    const char* unit;
    double observed;
    std::uint64_t n;
    std::vector<double> simulated;
    bool level = true;  // a count, rate or sum (not a quantile of a distribution)
  };
  std::vector<Row> rows;
  auto across = [&](auto&& f) {
    std::vector<double> v;
    v.reserve(R);
    for (const ExportStatistics& x : sims) v.push_back(f(x));
    return v;
  };
  const std::vector<PeriodBin> months = calendar_bins(epoch_of(observed), observed.period_start_day, observed.period_end_day, false);
  for (std::size_t i = 0; i < months.size(); ++i)
    rows.push_back({"opportunities", months[i].label, "count", obs.opportunities_per_month[i],
                    static_cast<std::uint64_t>(obs.opportunities_per_month[i]), across([&](const ExportStatistics& x) {
                      return i < x.opportunities_per_month.size() ? x.opportunities_per_month[i] : kNaN;
                    })});
  rows.push_back({"win_rate", "all", "share", obs.win_rate, static_cast<std::uint64_t>(obs.closed),
                  across([](const ExportStatistics& x) { return x.win_rate; })});
  const std::array<std::pair<double, const char*>, 3> quantiles = {{{0.1, "_p10"}, {0.5, "_p50"}, {0.9, "_p90"}}};
  for (const auto& [p, suffix] : quantiles)
    rows.push_back({std::string("deal_size").append(suffix), "all", "CNY", q(obs.won_amounts, p), obs.won_amounts.size(),
                    across([p = p](const ExportStatistics& x) { return q(x.won_amounts, p); }), false});
  for (const auto& [p, suffix] : quantiles)
    rows.push_back({std::string("cycle_time").append(suffix), "all", "days", q(obs.cycle_days, p), obs.cycle_days.size(),
                    across([p = p](const ExportStatistics& x) { return q(x.cycle_days, p); }), false});
  const std::vector<PeriodBin> quarters = calendar_bins(epoch_of(observed), observed.period_start_day, observed.period_end_day, true);
  for (std::size_t i = 0; i < quarters.size(); ++i)
    rows.push_back({"revenue", quarters[i].label, "CNY", obs.revenue_per_quarter[i], static_cast<std::uint64_t>(obs.won),
                    across([&](const ExportStatistics& x) {
                      return i < x.revenue_per_quarter.size() ? x.revenue_per_quarter[i] : kNaN;
                    })});

  v1::Backtest b;
  b.set_actual(options.actual);
  b.set_scenario(resolved.name());
  b.set_period_start(iso_date(epoch_of(observed), observed.period_start_day));
  b.set_period_end(iso_date(epoch_of(observed), observed.period_end_day));
  b.set_replications(static_cast<std::uint32_t>(R));
  b.set_seed(options.seed);
  for (const Row& row : rows) {
    v1::BacktestStatistic* st = b.add_statistics();
    st->set_statistic(row.name);
    st->set_period(row.period);
    st->set_unit(row.unit);
    st->set_observed(row.observed);
    const std::array<double, 3> bd = band(row.simulated);
    st->set_sim_p10(bd[0]);
    st->set_sim_p50(bd[1]);
    st->set_sim_p90(bd[2]);
    st->set_in_band(!std::isnan(row.observed) && !std::isnan(bd[0]) && row.observed >= bd[0] && row.observed <= bd[2]);
    st->set_n_observed(row.n);
    double sum = 0, count = 0;
    for (const double v : row.simulated)
      if (!std::isnan(v)) sum += v, count += 1;
    const double mean = count > 0 ? sum / count : kNaN;
    double ss = 0;
    for (const double v : row.simulated)
      if (!std::isnan(v)) ss += (v - mean) * (v - mean);
    const double sd = count > 1 ? std::sqrt(ss / (count - 1)) : kNaN;
    st->set_sim_mean(mean);
    st->set_sim_sd(sd);
    st->set_z(sd > 0 ? (row.observed - mean) / sd : kNaN);
  }

  // The omnibus figures of an export: statistics compared and inside their bands, and the largest
  // |z|; for the observed export, and for each simulated one against the bands, means and SDs of
  // the other R - 1 (leave one out, so it is set against its peers as the observed export is), so
  // the observed figures get p-values from the simulations themselves, which carry the
  // statistics' dependence and tails.
  struct Omnibus {
    std::uint32_t compared = 0, inside = 0;
    double max_z = 0;
  };
  struct Reference {
    std::vector<double> sorted;  // the non-NaN simulated values
    double sum = 0, sum_sq_dev = 0, mean = kNaN;
  };
  std::vector<Reference> refs(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    Reference& ref = refs[k];
    for (const double v : rows[k].simulated)
      if (!std::isnan(v)) ref.sorted.push_back(v), ref.sum += v;
    std::sort(ref.sorted.begin(), ref.sorted.end());
    if (!ref.sorted.empty()) ref.mean = ref.sum / static_cast<double>(ref.sorted.size());
    for (const double v : ref.sorted) ref.sum_sq_dev += (v - ref.mean) * (v - ref.mean);
  }
  // Quantile p (type 7) of `sorted` without its element at `skip` (none: skip = size).
  auto quantile_without = [](const std::vector<double>& sorted, double p, std::size_t skip) {
    const std::size_t n = sorted.size() - (skip < sorted.size() ? 1 : 0);
    if (n == 0) return kNaN;
    auto at = [&](std::size_t i) { return sorted[i < skip ? i : i + 1]; };
    const double h = static_cast<double>(n - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, n - 1);
    return at(lo) + (h - static_cast<double>(lo)) * (at(hi) - at(lo));
  };
  // `value_of(k)`: the export's value of statistic k; `own`: that export is one of the simulated
  // (its own values are left out of the references).
  auto omnibus = [&](auto&& value_of, bool own) {
    Omnibus o;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const double v = value_of(k);
      const Reference& ref = refs[k];
      if (std::isnan(v)) continue;
      const std::size_t skip =
          own ? static_cast<std::size_t>(std::lower_bound(ref.sorted.begin(), ref.sorted.end(), v) - ref.sorted.begin())
              : ref.sorted.size();
      const std::size_t n = ref.sorted.size() - (own ? 1 : 0);
      if (n < 2) continue;
      ++o.compared;
      o.inside += v >= quantile_without(ref.sorted, 0.1, skip) && v <= quantile_without(ref.sorted, 0.9, skip) ? 1 : 0;
      // Mean and SD without v (own), by the update formulas of a removed observation.
      const double mean = own ? (ref.sum - v) / static_cast<double>(n) : ref.mean;
      const double ssd = own ? ref.sum_sq_dev - (v - ref.mean) * (v - mean) : ref.sum_sq_dev;
      const double sd = std::sqrt(std::max(0.0, ssd) / static_cast<double>(n - 1));
      // The largest |z| of the level statistics (counts, win rate, revenue); the quantiles of deal
      // size and cycle time, whose spread across replications is lumpy (whole days, a few big
      // deals), are left to the KS tests of their distributions.
      if (!rows[k].level) continue;
      if (sd > 0) o.max_z = std::max(o.max_z, std::abs(v - mean) / sd);
      else if (v != mean) o.max_z = std::numeric_limits<double>::infinity();
    }
    return o;
  };
  const Omnibus seen = omnibus([&](std::size_t k) { return rows[k].observed; }, false);
  const double seen_share = seen.compared ? static_cast<double>(seen.inside) / seen.compared : 1.0;
  std::size_t fewer_inside = 0, larger_z = 0;
  for (std::size_t r = 0; r < R; ++r) {
    const Omnibus o = omnibus([&](std::size_t k) { return rows[k].simulated[r]; }, true);
    // The share inside, so a replication missing a statistic (no deal won) compares fairly.
    const double share = o.compared ? static_cast<double>(o.inside) / o.compared : 1.0;
    fewer_inside += share <= seen_share ? 1 : 0;
    larger_z += o.max_z >= seen.max_z ? 1 : 0;
  }
  b.set_compared(seen.compared);
  b.set_inside(seen.inside);
  b.set_p_inside(static_cast<double>(1 + fewer_inside) / static_cast<double>(R + 1));
  b.set_max_abs_z(seen.max_z);
  b.set_p_max_abs_z(static_cast<double>(1 + larger_z) / static_cast<double>(R + 1));

  // KS: the observed sample against every replication's pooled; the simulated p-value sets the
  // observed distance among each replication's own distance to the pool of the others.
  auto ks = [&](const char* name, const char* unit, const std::vector<double>& sample, auto&& member) {
    std::vector<double> pooled;
    for (const ExportStatistics& x : sims) {
      const std::vector<double>& v = member(x);
      pooled.insert(pooled.end(), v.begin(), v.end());
    }
    std::sort(pooled.begin(), pooled.end());
    v1::KsTest* t = b.add_ks_tests();
    t->set_distribution(name);
    t->set_unit(unit);
    t->set_n_observed(sample.size());
    t->set_n_simulated(pooled.size());
    if (sample.empty() || pooled.empty()) {  // not enough data: no distance, no p-values, not judged
      t->set_distance(kNaN);
      t->set_p_value(kNaN);
      t->set_p_simulated(kNaN);
      return;
    }
    t->set_distance(ks_distance(sample, pooled));
    t->set_p_value(ks_p_value(t->distance(), sample.size(), pooled.size()));
    std::size_t larger = 0;
    for (const ExportStatistics& x : sims) larger += ks_distance_leave_one_out(member(x), pooled) >= t->distance() ? 1 : 0;
    t->set_p_simulated(static_cast<double>(1 + larger) / static_cast<double>(R + 1));
  };
  ks("deal_size", "CNY", obs.won_amounts, [](const ExportStatistics& x) -> const std::vector<double>& { return x.won_amounts; });
  ks("cycle_time", "days", obs.cycle_days, [](const ExportStatistics& x) -> const std::vector<double>& { return x.cycle_days; });

  // Misfit: any of the simulated p-values at most 0.05 / (their number) (Bonferroni).
  // A KS test without data (NaN) is not judged (NaN <= alpha is false). With too few replications
  // even the most extreme export gets p = 1 / (R + 1) > alpha: nothing can be flagged, and the
  // verdict says so instead of "no significant misfit".
  const double alpha = kFamilyAlpha / static_cast<double>(2 + b.ks_tests_size());
  const std::uint32_t needed = replications_to_judge(b.ks_tests_size());
  const bool judgeable = R >= needed;
  bool misfit = b.p_inside() <= alpha || b.p_max_abs_z() <= alpha;
  for (const v1::KsTest& t : b.ks_tests()) misfit = misfit || t.p_simulated() <= alpha;
  misfit = misfit && judgeable;
  b.set_misfit(misfit);
  b.set_replications_to_judge(needed);

  // The verdict: counts, KS figures, and the conclusion.
  char buf[200];
  std::snprintf(buf, sizeof buf, "%u of %u statistics inside the simulated P10-P90 band (p = %.2g)", seen.inside,
                seen.compared, b.p_inside());
  std::string v = buf;
  for (const v1::KsTest& t : b.ks_tests()) {
    const char* what = t.distribution() == "deal_size" ? "deal size" : "cycle time";
    if (std::isnan(t.distance()))
      std::snprintf(buf, sizeof buf, "; KS %s: not enough data (%s)", what,
                    t.n_observed() == 0 ? (t.distribution() == "deal_size" ? "no deal won in the export"
                                                                              : "no deal closed in the export")
                                        : "no such deal in the simulations");
    else
      std::snprintf(buf, sizeof buf, "; KS %s D = %.3f (p = %.2g by simulation, %.2g asymptotic)", what, t.distance(),
                    t.p_simulated(), t.p_value());
    v += buf;
  }
  std::snprintf(buf, sizeof buf, "; largest |z| %.1f (p = %.2g)", seen.max_z, b.p_max_abs_z());
  v += buf;
  // The statistics the export has no data for (no deal closed, none won), named once each.
  std::vector<std::string> no_data;
  for (const v1::BacktestStatistic& st : b.statistics())
    if (std::isnan(st.observed()) && std::find(no_data.begin(), no_data.end(), st.statistic()) == no_data.end())
      no_data.push_back(st.statistic());
  if (!no_data.empty()) {
    v += "; not enough data for ";
    for (std::size_t i = 0; i < no_data.size(); ++i) v += (i ? ", " : "") + no_data[i];
  }
  if (!judgeable) {
    v += ": too few replications to judge: at least " + std::to_string(needed) + " needed";
  } else if (!misfit) {
    v += ": no significant misfit";
  } else {
    // Name the statistics furthest from their simulated means, outside their bands, at most three.
    std::vector<std::pair<double, std::string>> worst;
    for (const v1::BacktestStatistic& st : b.statistics()) {
      if (st.in_band() || std::isnan(st.observed()) || std::isnan(st.sim_p10())) continue;
      const double z = std::isnan(st.z()) ? std::numeric_limits<double>::infinity() : std::abs(st.z());
      worst.emplace_back(-z, st.statistic() + (st.period() == "all" ? "" : " " + st.period()) +
                                 (st.observed() < st.sim_p10() ? " below" : " above"));
    }
    std::sort(worst.begin(), worst.end());
    v += ": MISFIT";
    for (std::size_t i = 0; i < worst.size() && i < 3; ++i) v += (i ? ", " : " (") + worst[i].second;
    if (!worst.empty()) v += worst.size() > 3 ? ", ...)" : ")";
  }
  b.set_verdict(v);
  return b;
}

v1::Results backtest_results(const CrmExport& observed, const v1::Scenario& resolved, const BacktestOptions& options) {
  v1::Backtest b = backtest(observed, resolved, options);  // checks the period first
  v1::Scenario s = resolved;
  s.mutable_experiment()->set_horizon_days(observed.period_end_day - observed.period_start_day);
  s.mutable_experiment()->clear_sweep();
  s.mutable_experiment()->clear_sensitivity();
  experiment::prepare_for_run(s);
  experiment::RunOptions opt;
  opt.replications = options.replications;
  opt.seed = options.seed;
  opt.threads = std::max(1u, options.threads);
  opt.cancel = options.cancel;
  v1::Results results = experiment::run_plans({s}, {}, opt);
  *results.mutable_backtest() = std::move(b);
  return results;
}

void add_backtest_outputs(experiment::OutputSet& out, v1::Results& results) {
  experiment::add_outputs(out, results);
  out.add("backtest.csv", backtest_csv(results.backtest()));
}

std::string backtest_csv(const v1::Backtest& b) {
  auto num = [](double v) { return std::isnan(v) ? std::string() : experiment::format_number(v); };
  std::string out =
      "statistic,period,unit,observed,sim_p10,sim_p50,sim_p90,in_band,n_observed,ks_distance,ks_p_value,ks_p_simulated\n";
  for (const v1::BacktestStatistic& st : b.statistics()) {
    std::string ks_d, ks_p, ks_ps;
    for (const v1::KsTest& t : b.ks_tests())
      if (st.statistic().rfind(t.distribution() + "_", 0) == 0)
        ks_d = num(t.distance()), ks_p = num(t.p_value()), ks_ps = num(t.p_simulated());
    out.append(csv_field(st.statistic())).append(",").append(csv_field(st.period())).append(",").append(st.unit())
        .append(",").append(num(st.observed())).append(",").append(num(st.sim_p10())).append(",")
        .append(num(st.sim_p50())).append(",").append(num(st.sim_p90())).append(",")
        .append(st.in_band() ? "true" : "false").append(",").append(std::to_string(st.n_observed())).append(",")
        .append(ks_d).append(",").append(ks_p).append(",").append(ks_ps).append("\n");
  }
  return out;
}

}  // namespace salesim::calibration
