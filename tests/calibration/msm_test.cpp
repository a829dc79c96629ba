// The simulated-moments step on a simulator whose moments are known functions of the latent
// parameters: a market of Poisson opportunities (rate = projects per account per year x accounts)
// won, lost or left undecided by a multinomial logit (utilities: win_base_utility, 0,
// no_decision_utility). The fit must recover the parameters of an export simulated at known values
// within 4 of its sandwich standard errors, stay within --budget, and be deterministic (common
// random numbers: the same keys every evaluation).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "sim/calibration/msm.h"
#include "sim/kernel/random.h"

namespace salesim::calibration {
namespace {

v1::Scenario toy_scenario(double projects, double win, double nd) {
  v1::Scenario s;
  auto* seg = s.mutable_market()->add_segments();
  seg->set_name("a");
  seg->set_accounts(1000);
  seg->set_projects_per_account_per_year(projects);
  s.mutable_deals()->set_win_base_utility(win);
  s.mutable_deals()->set_no_decision_utility(nd);
  return s;
}

// Thinning from a dense candidate stream (at most 5 projects per account per year) and one uniform
// per candidate for its outcome: the moments move smoothly with the parameters under fixed keys.
CrmExport toy_export(const v1::Scenario& s, std::uint64_t key) {
  CrmExport e;
  e.period_start_day = 0;
  e.period_end_day = 365.25;
  e.has_roster = true;
  for (int i = 0; i < 10; ++i) e.roster.push_back({std::string("P").append(std::to_string(i)), PersonRole::am, "", "", kBlank, 0});
  kernel::Rng r(kernel::StreamKey{.seed = 42, .purpose = 1, .replication = key});
  const auto& seg = s.market().segments(0);
  const double max_rate = 5.0 * seg.accounts();
  const double keep = seg.projects_per_account_per_year() * seg.accounts() / max_rate;
  const double uw = std::exp(s.deals().win_base_utility()), ul = 1, un = std::exp(s.deals().no_decision_utility());
  double day = 0;
  int n = 0;
  while (true) {
    day += kernel::exponential(r, 365.25 / max_rate);
    const double u_keep = r.uniform01(), u_out = r.uniform01();
    if (day >= 365.25) break;
    if (u_keep >= keep) continue;
    Opportunity o;
    o.id = std::string("D").append(std::to_string(n++));
    o.owner = "P0";
    o.created_day = std::floor(day);
    o.close_day = o.created_day;
    o.outcome = u_out < uw / (uw + ul + un) ? Outcome::won : u_out < (uw + ul) / (uw + ul + un) ? Outcome::lost : Outcome::no_decision;
    e.opportunities.push_back(o);
  }
  return e;
}

TEST(Msm, RecoversLatentParametersWithinTheirStandardErrors) {
  const double true_projects = 0.5, true_win = 0.3, true_nd = -0.5;
  // The observed export: 4 independent replications pooled (keys the fit never uses).
  ExportMoments observed;
  {
    CrmExport big;
    big.period_start_day = 0;
    big.period_end_day = 365.25;
    for (std::uint64_t k = 0; k < 4; ++k) {
      CrmExport part = toy_export(toy_scenario(true_projects, true_win, true_nd), 1000 + k);
      for (auto& o : part.opportunities) {
        o.id += std::string("_").append(std::to_string(k));
        big.opportunities.push_back(o);
      }
    }
    for (int i = 0; i < 40; ++i) big.roster.push_back({std::string("P").append(std::to_string(i)), PersonRole::am, "", "", kBlank, 0});
    observed = export_moments(big);
  }
  std::ostringstream progress;
  MsmOptions o;
  o.budget = 600;
  o.progress = &progress;
  const MsmResult r = fit_msm(toy_scenario(0.2, 0, 0), observed, toy_export, o);
  EXPECT_LE(r.replications, o.budget);
  EXPECT_GT(r.evaluations, 5u);
  EXPECT_NE(progress.str().find("fit: evaluation 1/"), std::string::npos);
  ASSERT_EQ(r.parameters.size(), 3u);
  const double truth[] = {true_projects, true_win, true_nd};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(r.parameters[i].field);
    EXPECT_GT(r.parameters[i].se, 0);
    // About 2000 observed deals: the shares' standard errors are about 0.01, so the utilities' are
    // about 0.05 and the rate's about 2% (a useless, huge standard error would pass the next check).
    EXPECT_LT(r.parameters[i].se, i == 0 ? 0.05 * truth[0] : 0.15);
    EXPECT_LT(std::abs(r.parameters[i].value - truth[i]), 4 * r.parameters[i].se)
        << "value " << r.parameters[i].value << " se " << r.parameters[i].se;
  }
  // The fitted moments match the observed ones closely (exactly identified).
  for (std::size_t i = 0; i < r.observed.size(); ++i)
    EXPECT_LT(std::abs(r.simulated[i] - r.observed[i]), 2 * r.observed_se[i]) << r.moment_names[i];
  // Deterministic: the same inputs give the same numbers.
  o.progress = nullptr;
  const MsmResult again = fit_msm(toy_scenario(0.2, 0, 0), observed, toy_export, o);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(again.parameters[i].value, r.parameters[i].value);
}

TEST(Msm, RefusesABudgetTooSmallAndAnExportWithoutClosedDeals) {
  ExportMoments m = export_moments(toy_export(toy_scenario(0.5, 0, 0), 1));
  MsmOptions o;
  o.budget = 3;
  EXPECT_THROW(fit_msm(toy_scenario(0.5, 0, 0), m, toy_export, o), std::invalid_argument);
  ExportMoments none;
  o.budget = 100;
  EXPECT_THROW(fit_msm(toy_scenario(0.5, 0, 0), none, toy_export, o), std::invalid_argument);
}

}  // namespace
}  // namespace salesim::calibration
