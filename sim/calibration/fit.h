// Direct fits of a CRM export (step 3 of `salesim fit`): what the export says about the market,
// the deals and the team, each as an estimate with a 95% confidence interval, its sample size,
// its method, and the scenario field it sets or the target it is.
//
//   std::vector<DataProblem> problems;
//   CrmExport e = read_export(dir, mapping, {}, &problems);
//   FitResult f = fit_export(e, base_scenario);
//   for (const Estimate& x : f.estimates) ...   // x.field: "market.segments[enterprise].quarterly_seasonality"
//
// Estimates that set a parameter (sets_field) go into the fitted overlay (fit_output.h); those
// that are outcomes of the whole model (win shares, cycle times, opportunities per AM) are
// targets (target = true): the simulated-moments step (msm.h) matches them and `salesim backtest`
// compares them. The methods, with their sources, are in docs/calibration.md "What is fitted".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "salesim/v1/scenario.pb.h"
#include "sim/calibration/crm.h"

namespace salesim::calibration {

struct Interval {
  double lo = kBlank, hi = kBlank;
};

// ---- Statistics (each with its source) -------------------------------------------------------

// Clopper–Pearson exact interval for a binomial proportion k / n (Clopper & Pearson 1934), from
// Beta quantiles (Boost.Math). n = 0: both blank.
Interval binomial_ci(std::uint64_t k, std::uint64_t n, double level = 0.95);
// The same for observations that come in clusters (e.g. the opportunities of one account, which
// share its projects): Clopper–Pearson on the effective sample size n / deff, the design effect
// deff = max(1, Var_cluster / Var_binomial) from the ratio estimator's cluster variance
// sum_c (k_c - p n_c)^2 C / (C - 1) / n^2 (Kish 1965, section 8.2). `clusters` gives each
// observation's cluster and whether it is a success. With one observation per cluster it is
// binomial_ci.
Interval binomial_cluster_ci(const std::vector<std::pair<std::string, bool>>& clusters, double level = 0.95);
// Exact interval for a Poisson mean from a count k (Garwood 1936): chi-square / gamma quantiles.
Interval poisson_ci(std::uint64_t k, double level = 0.95);

// Lognormal maximum likelihood: mu = mean(log x), sigma^2 = mean((log x - mu)^2) (the MLE divides
// by n). mean = exp(mu + sigma^2 / 2) with the Cox interval (Land 1972; Zhou & Gao 1997:
// mu + s^2/2 ± z sqrt(s^2/n + s^4 / (2 (n - 1))), s^2 the unbiased variance of log x);
// cv = sqrt(exp(sigma^2) - 1) with the interval from sigma's chi-square interval. Needs n >= 2 and
// every x > 0 (x <= 0 are left out and counted in `dropped`).
struct LognormalFit {
  std::uint64_t n = 0, dropped = 0;
  double mu = kBlank, sigma = kBlank, mean = kBlank, cv = kBlank;
  Interval mean_ci, cv_ci, mu_ci, sigma_ci;
};
LognormalFit fit_lognormal(const std::vector<double>& values, double level = 0.95);

// Kaplan–Meier estimator of a survival function from (time, event) pairs (event false: right
// censored at that time), with Greenwood's variance, and quantiles with intervals by inverting the
// pointwise log(-log) confidence band (Kalbfleisch & Prentice 2002, sections 1.4 and 4.3;
// Brookmeyer & Crowley 1982). A quantile the curve does not reach is blank.
struct KaplanMeier {
  // At each distinct event time: S(t) and Greenwood's sum  sum d / (n (n - d))  (Var S = S^2 sum).
  std::vector<double> time, survival, greenwood;
  std::uint64_t n = 0, events = 0, censored = 0;
  // The time by which a share p of the subjects has had the event (p = 0.5: the median).
  double quantile(double p) const;
  Interval quantile_ci(double p, double level = 0.95) const;
};
KaplanMeier kaplan_meier(std::vector<std::pair<double, bool>> data);

// ---- Fitting an export -----------------------------------------------------------------------

struct Estimate {
  std::string quantity;  // e.g. "win_share", "opportunities_per_year", "size_mean_cny"
  std::string group;     // "all", "segment=enterprise", "type=big_project", "quarter=Q2", "stage=Demo"
  std::string field;     // the scenario field it sets or informs (`salesim schema` paths); "" none
  bool sets_field = false;  // written into the fitted overlay
  bool target = false;      // an outcome: matched by the simulated-moments step, compared by backtest
  double value = kBlank;
  Interval ci;              // 95%
  std::uint64_t n = 0;      // observations behind it
  std::string unit;
  std::string method;
};

// A cohort of the fitted team: one per role and tenure band present in the roster.
struct FittedCohort {
  std::string name;  // e.g. "am_veteran"
  PersonRole role = PersonRole::am;
  std::uint32_t count = 0;
  double tenure_months = kBlank;  // median tenure at the period start; blank: no hire dates
  std::string band;               // "new" (< 12 months), "ramped" (12-24), "veteran" (>= 24), "unknown"
  std::uint32_t owners_not_in_roster = 0;  // of `count`: opportunity owners with no roster row
};

struct FitOptions {
  // Fewer observations than this leave a parameter defaulted ("too few observations").
  std::uint32_t min_observations = 5;
};

struct FitResult {
  std::vector<Estimate> estimates;
  std::vector<FittedCohort> cohorts;  // empty when the export names no people
  // Export segment name -> scenario segment name (an export without segments maps "" to the base's
  // only segment, when it has one).
  std::vector<std::pair<std::string, std::string>> segments;
  // Where deal sizes came from, for the report.
  std::string size_source;
  double period_days = 0;
  std::uint64_t opportunities = 0, closed = 0, people = 0;
  std::vector<std::string> notes;  // e.g. an export segment the base does not have
};

// Every direct estimate of the export. `base` (the resolved base scenario) gives the segment names
// and strategies. Deterministic: same export, same result.
FitResult fit_export(const CrmExport& data, const v1::Scenario& base, const FitOptions& options = {});

// The scenario field paths of the model parameter tree with element keys replaced by "[]"
// ("market.segments[enterprise].accounts" -> "market.segments[].accounts"); as
// scenario::model_parameters() names them.
std::string generic_path(const std::string& path);

}  // namespace salesim::calibration
