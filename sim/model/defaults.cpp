#include "sim/model/defaults.h"

#include "salesim/v1/scenario.pb.h"

namespace salesim::model {
namespace {

using v1::Distribution;

void fixed_if_unset(Distribution* d, double value) {
  if (d->kind_case() == Distribution::KIND_NOT_SET) d->set_fixed(value);
}
void lognormal_if_unset(Distribution* d, double mean, double cv) {
  if (d->kind_case() != Distribution::KIND_NOT_SET) return;
  d->mutable_lognormal()->set_mean(mean);
  d->mutable_lognormal()->set_cv(cv);
}
void beta_if_unset(Distribution* d, double alpha, double beta) {
  if (d->kind_case() != Distribution::KIND_NOT_SET) return;
  d->mutable_beta()->set_alpha(alpha);
  d->mutable_beta()->set_beta(beta);
}
void skills_defaults(v1::Skills* s) {
  // Around 0.5 with a spread: Beta(5, 5).
  beta_if_unset(s->mutable_prospecting(), 5, 5);
  beta_if_unset(s->mutable_solutioning(), 5, 5);
  beta_if_unset(s->mutable_deal_running(), 5, 5);
  beta_if_unset(s->mutable_negotiation(), 5, 5);
  beta_if_unset(s->mutable_exec_access(), 5, 5);
}
void stage_hours_defaults(v1::StageHours* h, double q, double d, double s, double p, double n) {
  if (h->qualify_hours() == 0 && h->demo_hours() == 0 && h->solution_hours() == 0 &&
      h->proposal_hours() == 0 && h->negotiation_hours() == 0) {
    h->set_qualify_hours(q);
    h->set_demo_hours(d);
    h->set_solution_hours(s);
    h->set_proposal_hours(p);
    h->set_negotiation_hours(n);
  }
}
void stage_days_defaults(v1::StageDays* h, double q, double d, double s, double p, double n) {
  if (h->qualify_days() == 0 && h->demo_days() == 0 && h->solution_days() == 0 &&
      h->proposal_days() == 0 && h->negotiation_days() == 0) {
    h->set_qualify_days(q);
    h->set_demo_days(d);
    h->set_solution_days(s);
    h->set_proposal_days(p);
    h->set_negotiation_days(n);
  }
}

}  // namespace

void fill_defaults(v1::Scenario& sc) {
  auto* cal = sc.mutable_calendar();
  if (cal->working_days_per_week() == 0) cal->set_working_days_per_week(5);
  if (cal->quarter_days() == 0) cal->set_quarter_days(91.25);
  if (!cal->has_warmup_days()) cal->set_warmup_days(182);

  auto* market = sc.mutable_market();
  if (market->coverage_accounts_per_hunting_hour() == 0) market->set_coverage_accounts_per_hunting_hour(6);
  if (market->hunting_response_exponent() == 0) market->set_hunting_response_exponent(0.8);
  for (auto& seg : *market->mutable_segments()) {
    if (seg.strategy() == v1::STRATEGY_UNSPECIFIED) seg.set_strategy(v1::GO_BIG);
    if (seg.accounts() == 0) seg.set_accounts(1000);
    if (seg.projects_per_account_per_year() == 0) seg.set_projects_per_account_per_year(0.05);
    if (seg.quarterly_seasonality_size() == 0)
      for (int q = 0; q < 4; ++q) seg.add_quarterly_seasonality(1.0);
    lognormal_if_unset(seg.mutable_basic_module_size_cny(), 400'000, 0.5);
    lognormal_if_unset(seg.mutable_expansion_size_cny(), 300'000, 0.5);
    lognormal_if_unset(seg.mutable_big_project_size_cny(), 2'500'000, 0.5);
    if (!seg.has_big_project_share()) seg.set_big_project_share(0.35);
    if (!seg.has_requirement_level()) seg.set_requirement_level(0.6);
    if (!seg.has_it_maturity()) seg.set_it_maturity(0.4);
    if (seg.project_window_days() == 0) seg.set_project_window_days(120);
    if (!seg.has_expansions_per_landed_account_per_year()) seg.set_expansions_per_landed_account_per_year(0.5);
    if (!seg.has_farming_hours_per_account_per_week()) seg.set_farming_hours_per_account_per_week(1.5);
    if (!seg.has_neglected_churn_per_year()) seg.set_neglected_churn_per_year(0.3);
    lognormal_if_unset(seg.mutable_installed_renewal_cny(), 60'000, 0.4);
  }

  for (auto& c : *sc.mutable_competitors()) {
    if (!c.has_price_aggressiveness()) c.set_price_aggressiveness(0.5);
    if (c.discovery_days() == 0) c.set_discovery_days(30);
  }

  auto* team = sc.mutable_team();
  if (team->pm_max_concurrent_deals() == 0) team->set_pm_max_concurrent_deals(3);
  if (team->presales_max_concurrent_deals() == 0) team->set_presales_max_concurrent_deals(4);
  if (team->manager_max_covered_deals() == 0) team->set_manager_max_covered_deals(2);
  if (!team->has_farming_max_share()) team->set_farming_max_share(0.7);
  if (team->hunting_max_hours_per_week() == 0) team->set_hunting_max_hours_per_week(25);
  for (auto& co : *team->mutable_cohorts()) {
    fixed_if_unset(co.mutable_tenure_months(), 24);
    skills_defaults(co.mutable_skills());
    if (co.hours_per_week() == 0) co.set_hours_per_week(45);
    fixed_if_unset(co.mutable_installed_accounts(), 0);
  }

  auto* f = sc.mutable_formation();
  if (!f->offside().has_am_share()) f->mutable_offside()->set_am_share(0.5);
  if (!f->misplaced().has_pm_hunting_share()) f->mutable_misplaced()->set_pm_hunting_share(0.4);
  if (!f->covering().has_wait_days()) f->mutable_covering()->set_wait_days(14);
  if (!f->covering().has_mentoring_cut_share()) f->mutable_covering()->set_mentoring_cut_share(0.3);
  // The efficiency matrix: add the default of every (role, task) pair not listed.
  static const double kE[4][6] = {
      // hunting demo solution deal_running negotiation exec_access
      {1.0, 0.6, 0.4, 0.5, 0.6, 0.4},    // AM (for AM stages of small deals E = 1: in role)
      {0.4, 0.5, 0.7, 1.0, 1.0, 1.0},    // PM
      {0.3, 1.0, 1.0, 0.4, 0.4, 0.3},    // PRESALES
      {0.7, 0.5, 0.6, 0.9, 0.95, 1.0}};  // MANAGER
  for (int r = 0; r < 4; ++r)
    for (int t = 0; t < 6; ++t) {
      bool listed = false;
      for (const auto& e : f->efficiency())
        if (e.role() == r + 1 && e.task() == t + 1) listed = true;
      if (!listed) {
        auto* e = f->add_efficiency();
        e->set_role(static_cast<v1::Role>(r + 1));
        e->set_task(static_cast<v1::Task>(t + 1));
        e->set_efficiency(kE[r][t]);
      }
    }

  auto* d = sc.mutable_deals();
  if (d->big_deal_threshold_cny() == 0) d->set_big_deal_threshold_cny(2'000'000);
  stage_hours_defaults(d->mutable_basic_module_hours(), 6, 10, 6, 8, 6);
  stage_hours_defaults(d->mutable_big_project_hours(), 12, 24, 48, 64, 56);
  stage_hours_defaults(d->mutable_expansion_hours(), 4, 6, 4, 6, 4);
  stage_days_defaults(d->mutable_basic_module_days(), 7, 10, 7, 10, 10);
  stage_days_defaults(d->mutable_big_project_days(), 21, 30, 45, 30, 30);
  stage_days_defaults(d->mutable_expansion_days(), 7, 7, 7, 7, 7);
  if (!d->has_win_base_utility()) d->set_win_base_utility(0.0);
  if (!d->has_win_skill_weight()) d->set_win_skill_weight(3.0);
  if (!d->has_no_decision_utility()) d->set_no_decision_utility(0.0);
  if (!d->has_competitor_head_start_utility_per_day()) d->set_competitor_head_start_utility_per_day(0.01);
  if (!d->has_discount_base_share()) d->set_discount_base_share(0.06);
  if (!d->has_discount_max_share()) d->set_discount_max_share(0.4);
  if (!d->has_slip_base_probability()) d->set_slip_base_probability(0.15);
  if (!d->has_shrink_base_probability()) d->set_shrink_base_probability(0.15);
  if (d->shrink_scope_factor() == 0) d->set_shrink_scope_factor(0.6);
  if (!d->has_cooling_off_days()) d->set_cooling_off_days(180);
  if (!d->has_stage_pass_probability()) d->set_stage_pass_probability(0.85);
  if (!d->has_stage_skill_weight()) d->set_stage_skill_weight(0.4);
  if (!d->has_incumbent_utility()) d->set_incumbent_utility(1.0);
  if (!d->has_lateness_utility_per_week()) d->set_lateness_utility_per_week(0.05);
  if (d->customer_patience_days() == 0) d->set_customer_patience_days(90);
  if (d->head_start_cap_days() == 0) d->set_head_start_cap_days(60);
  if (!d->has_discount_negotiation_weight()) d->set_discount_negotiation_weight(0.12);
  if (!d->has_discount_competitor_weight()) d->set_discount_competitor_weight(0.06);
  if (!d->has_discount_quarter_end_share()) d->set_discount_quarter_end_share(0.04);
  if (d->quarter_end_window_days() == 0) d->set_quarter_end_window_days(15);
  if (d->slip_mean_days() == 0) d->set_slip_mean_days(30);
  if (!d->has_risk_skill_weight()) d->set_risk_skill_weight(2.0);
  if (d->max_hours_per_deal_per_week() == 0) d->set_max_hours_per_deal_per_week(16);

  auto* p = sc.mutable_people();
  if (p->ramp_months() == 0) p->set_ramp_months(9);
  if (!p->has_ramp_floor()) p->set_ramp_floor(0.3);
  if (!p->has_learning_per_deal()) p->set_learning_per_deal(0.02);
  if (!p->has_learning_per_mentoring_hour()) p->set_learning_per_mentoring_hour(0.002);
  if (p->max_mentees_per_mentor() == 0) p->set_max_mentees_per_mentor(3);
  if (!p->has_attrition_base_per_year()) p->set_attrition_base_per_year(0.1);
  if (!p->has_attrition_miss_slope()) p->set_attrition_miss_slope(1.5);
  if (p->time_to_fill_days().kind_case() == Distribution::KIND_NOT_SET) {
    auto* t = p->mutable_time_to_fill_days()->mutable_triangular();
    t->set_min(45);
    t->set_mode(75);
    t->set_max(120);
  }
  if (!p->has_mentoring_hours_per_week()) p->set_mentoring_hours_per_week(4);
  if (p->veteran_months() == 0) p->set_veteran_months(24);
  if (!p->has_mentoring_hours_per_ramp_month()) p->set_mentoring_hours_per_ramp_month(20);

  auto* e = sc.mutable_experiment();
  if (e->replications() == 0) e->set_replications(200);
  if (e->horizon_days() == 0) e->set_horizon_days(365);
  if (e->max_replications() == 0) e->set_max_replications(100000);
}

}  // namespace salesim::model
