#include "sim/model/config.h"

#include <algorithm>
#include <stdexcept>

#include "salesim/v1/param.pb.h"
#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"

namespace salesim::model {

double DistSpec::draw(kernel::Rng& rng) const { return std::clamp(draw_unclamped(rng), lo, hi); }

double DistSpec::draw_unclamped(kernel::Rng& rng) const {
  switch (kind) {
    case fixed: return a;
    case uniform: return kernel::uniform(rng, a, b);
    case exponential: return kernel::exponential(rng, a);
    case normal: {
      double x = kernel::normal(rng, a, b);
      if (has_min) x = std::max(x, c);
      if (has_max) x = std::min(x, d);
      return x;
    }
    case lognormal: return kernel::lognormal_mean_cv(rng, a, b);
    case gamma: return kernel::gamma(rng, a, b);
    case beta: {
      const double lo = (c == 0 && d == 0) ? 0.0 : c, hi = (c == 0 && d == 0) ? 1.0 : d;
      return lo + (hi - lo) * kernel::beta(rng, a, b);
    }
    case triangular: return kernel::triangular(rng, a, b, c);
    case empirical:
      if (values.empty()) return 0.0;
      if (weights.size() == values.size()) return values[kernel::categorical(rng, weights)];
      return values[rng.below(values.size())];
  }
  return a;
}

double DistSpec::mean() const {
  switch (kind) {
    case fixed: return a;
    case uniform: return 0.5 * (a + b);
    case exponential: return a;
    case normal: return a;
    case lognormal: return a;
    case gamma: return a * b;
    case beta: {
      const double lo = (c == 0 && d == 0) ? 0.0 : c, hi = (c == 0 && d == 0) ? 1.0 : d;
      return lo + (hi - lo) * a / (a + b);
    }
    case triangular: return (a + b + c) / 3.0;
    case empirical: {
      if (values.empty()) return 0.0;
      double s = 0, w = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const double wi = weights.size() == values.size() ? weights[i] : 1.0;
        s += wi * values[i];
        w += wi;
      }
      return w > 0 ? s / w : 0.0;
    }
  }
  return a;
}

DistSpec DistSpec::of(const google::protobuf::Message& holder, const char* field) {
  const google::protobuf::FieldDescriptor* f = holder.GetDescriptor()->FindFieldByName(field);
  if (f == nullptr || f->message_type() != v1::Distribution::descriptor()) {
    throw std::logic_error(std::string("model: no Distribution field ") + field + " in " + holder.GetDescriptor()->full_name());
  }
  DistSpec s = from(static_cast<const v1::Distribution&>(holder.GetReflection()->GetMessage(holder, f)));
  const v1::Param& p = param_of(f);
  if (p.has_min()) s.lo = p.min();
  if (p.has_max()) s.hi = p.max();
  return s;
}

DistSpec DistSpec::from(const v1::Distribution& d) {
  DistSpec s;
  using D = v1::Distribution;
  switch (d.kind_case()) {
    case D::kFixed: s.kind = fixed; s.a = d.fixed(); break;
    case D::kUniform: s.kind = uniform; s.a = d.uniform().min(); s.b = d.uniform().max(); break;
    case D::kExponential: s.kind = exponential; s.a = d.exponential().mean(); break;
    case D::kNormal:
      s.kind = normal; s.a = d.normal().mean(); s.b = d.normal().sd();
      s.has_min = d.normal().has_min(); s.c = d.normal().min();
      s.has_max = d.normal().has_max(); s.d = d.normal().max();
      break;
    case D::kLognormal: s.kind = lognormal; s.a = d.lognormal().mean(); s.b = d.lognormal().cv(); break;
    case D::kGamma: s.kind = gamma; s.a = d.gamma().shape(); s.b = d.gamma().scale(); break;
    case D::kBeta:
      s.kind = beta; s.a = d.beta().alpha(); s.b = d.beta().beta(); s.c = d.beta().min(); s.d = d.beta().max();
      break;
    case D::kTriangular:
      s.kind = triangular; s.a = d.triangular().min(); s.b = d.triangular().mode(); s.c = d.triangular().max();
      break;
    case D::kEmpirical:
      s.kind = empirical;
      s.values.assign(d.empirical().values().begin(), d.empirical().values().end());
      s.weights.assign(d.empirical().weights().begin(), d.empirical().weights().end());
      break;
    case D::KIND_NOT_SET: s.kind = fixed; s.a = 0; break;
  }
  return s;
}

namespace {
std::array<DistSpec, kSkills> skills_of(const v1::Skills& s) {
  return {DistSpec::of(s, "prospecting"), DistSpec::of(s, "solutioning"), DistSpec::of(s, "deal_running"),
          DistSpec::of(s, "negotiation"), DistSpec::of(s, "exec_access")};
}
void read_stage_hours(const v1::StageHours& h, double* out) {
  out[0] = h.qualify_hours(); out[1] = h.demo_hours(); out[2] = h.solution_hours();
  out[3] = h.proposal_hours(); out[4] = h.negotiation_hours();
}
void read_stage_days(const v1::StageDays& h, double* out) {
  out[0] = h.qualify_days(); out[1] = h.demo_days(); out[2] = h.solution_days();
  out[3] = h.proposal_days(); out[4] = h.negotiation_days();
}
}  // namespace

Config Config::from_scenario(const v1::Scenario& in) {
  v1::Scenario sc = in;
  fill_defaults(sc);  // idempotent: a filled scenario is unchanged
  Config c;
  c.horizon_days = sc.experiment().horizon_days();
  c.quarter_days = sc.calendar().quarter_days();
  c.warmup_days = sc.calendar().warmup_days();
  for (const auto& h : sc.calendar().holidays()) c.holidays.emplace_back(h.start_day(), h.end_day());
  c.coverage = sc.market().coverage_accounts_per_hunting_hour();
  c.hunting_exponent = sc.market().hunting_response_exponent();
  const auto& pr = sc.market().prospecting();
  c.tender_after_window_share = pr.tender_after_window_share();
  c.shaping_probability = pr.shaping_probability();
  c.competitor_early_share = pr.competitor_early_share();
  c.tender_discovery_weight = pr.tender_discovery_weight();
  const auto& as = sc.assessment();
  const double am_sum = as.am().new_opportunities() + as.am().opportunity_stock() + as.am().basic_business();
  c.am_hunting_emphasis = am_sum > 0 ? (as.am().new_opportunities() + as.am().opportunity_stock()) / am_sum : 0.0;
  const double pm_sum = as.pm().win_rate() + as.pm().big_deal_rate();
  c.pm_big_emphasis = pm_sum > 0 ? as.pm().big_deal_rate() / pm_sum : 0.0;
  c.assessment_farming_cut = as.farming_cut();
  c.assessment_hunting_boost = as.hunting_boost();
  for (const auto& s : sc.market().segments()) {
    SegmentConfig g;
    g.name = s.name();
    g.go_big = s.strategy() != v1::LAND_AND_EXPAND;
    g.accounts = std::max<std::uint32_t>(1, s.accounts());
    g.projects_per_year = s.accounts() * s.projects_per_account_per_year();
    g.seasonality.assign(s.quarterly_seasonality().begin(), s.quarterly_seasonality().end());
    g.basic_size = DistSpec::of(s, "basic_module_size_cny");
    g.expansion_size = DistSpec::of(s, "expansion_size_cny");
    g.big_size = DistSpec::of(s, "big_project_size_cny");
    g.renewal = DistSpec::of(s, "installed_renewal_cny");
    g.big_share = s.big_project_share();
    g.requirement = s.requirement_level();
    g.it_maturity = s.it_maturity();
    g.window_days = s.project_window_days();
    g.expansions_per_year = s.expansions_per_landed_account_per_year();
    g.farming_hours = s.farming_hours_per_account_per_week();
    g.churn_per_year = s.neglected_churn_per_year();
    c.segments.push_back(std::move(g));
  }
  auto segment_index = [&](const std::string& name) {
    for (std::size_t i = 0; i < c.segments.size(); ++i)
      if (c.segments[i].name == name) return static_cast<int>(i);
    return -1;
  };
  for (const auto& k : sc.competitors()) {
    if (c.competitors.size() == kMaxCompetitors) throw std::invalid_argument("model: at most 16 competitors");
    CompetitorConfig g;
    g.name = k.name();
    g.strength = k.strength();
    g.price_aggressiveness = k.price_aggressiveness();
    g.discovery_days = k.discovery_days();
    g.rate.assign(c.segments.size(), 0.0);
    g.strength_delta.assign(c.segments.size(), 0.0);
    g.aggressiveness.assign(c.segments.size(), g.price_aggressiveness);
    for (const auto& p : k.presence()) {
      const int s = segment_index(p.segment());
      if (s < 0) throw std::invalid_argument("model: competitor " + k.name() + " names unknown segment " + p.segment());
      g.rate[s] = p.rate();
      g.strength_delta[s] = p.strength_delta();
      if (p.has_price_aggressiveness()) g.aggressiveness[s] = p.price_aggressiveness();
    }
    c.competitors.push_back(std::move(g));
  }
  for (const auto& k : sc.team().cohorts()) {
    CohortConfig g;
    g.name = k.name();
    switch (k.role()) {
      case v1::PROJECT_MANAGER: g.role = pm; break;
      case v1::PRESALES: g.role = presales; break;
      case v1::MANAGER: g.role = manager; break;
      default: g.role = am; break;
    }
    g.count = k.count();
    g.tenure_months = DistSpec::of(k, "tenure_months");
    g.installed_accounts = DistSpec::of(k, "installed_accounts");
    g.skills = skills_of(k.skills());
    g.hours_per_week = k.hours_per_week();
    g.segment = k.segment().empty() ? -1 : segment_index(k.segment());
    if (!k.segment().empty() && g.segment < 0)
      throw std::invalid_argument("model: cohort " + k.name() + " names unknown segment " + k.segment());
    g.annual_target = k.annual_target_cny();
    g.start_day = k.start_day();
    if (k.has_time_to_fill_days()) {
      g.has_time_to_fill = true;
      g.time_to_fill = DistSpec::of(k, "time_to_fill_days");
    }
    c.cohorts.push_back(std::move(g));
  }
  const auto& t = sc.team();
  c.pm_cap = static_cast<int>(t.pm_max_concurrent_deals());
  c.presales_cap = static_cast<int>(t.presales_max_concurrent_deals());
  c.manager_cap = static_cast<int>(t.manager_max_covered_deals());
  c.farming_max_share = t.farming_max_share();
  c.hunting_max_hours = t.hunting_max_hours_per_week();
  c.manager_management_hours = t.manager_management_hours_per_week();

  const auto& f = sc.formation();
  c.offside = f.offside().enabled();
  c.offside_am_share = f.offside().am_share();
  c.offside_queue_threshold = f.offside().queue_threshold();
  c.misplaced = f.misplaced().enabled();
  c.misplaced_share = f.misplaced().pm_hunting_share();
  c.covering = f.covering().enabled();
  c.covering_wait_days = f.covering().wait_days();
  c.covering_mentoring_cut = f.covering().mentoring_cut_share();
  c.shadow_learning = f.covering().shadow_learning_per_deal();
  for (const auto& e : f.efficiency()) {
    const int r = static_cast<int>(e.role()) - 1, k = static_cast<int>(e.task()) - 1;
    if (r >= 0 && r < 4 && k >= 0 && k < kTasks) c.efficiency[r][k] = e.efficiency();
  }
  for (auto& row : c.efficiency)
    for (double& e : row) e = std::clamp(e, 0.05, 1.0);

  const auto& d = sc.deals();
  c.big_threshold = d.big_deal_threshold_cny();
  read_stage_hours(d.basic_module_hours(), c.stage_hours[basic_module]);
  read_stage_hours(d.expansion_hours(), c.stage_hours[expansion]);
  read_stage_hours(d.big_project_hours(), c.stage_hours[big_project]);
  read_stage_days(d.basic_module_days(), c.stage_days[basic_module]);
  read_stage_days(d.expansion_days(), c.stage_days[expansion]);
  read_stage_days(d.big_project_days(), c.stage_days[big_project]);
  c.win_base = d.win_base_utility();
  c.win_skill_weight = d.win_skill_weight();
  c.no_decision = d.no_decision_utility();
  c.head_start_per_day = d.competitor_head_start_utility_per_day();
  c.discount_base = d.discount_base_share();
  c.discount_max = d.discount_max_share();
  c.slip_base = d.slip_base_probability();
  c.shrink_base = d.shrink_base_probability();
  c.shrink_scope = d.shrink_scope_factor();
  c.cooling_off_days = d.cooling_off_days();
  c.stage_pass = d.stage_pass_probability();
  c.stage_skill_weight = d.stage_skill_weight();
  c.incumbent_utility = d.incumbent_utility();
  c.lateness_per_week = d.lateness_utility_per_week();
  c.patience_days = d.customer_patience_days();
  c.head_start_cap = d.head_start_cap_days();
  c.discount_negotiation = d.discount_negotiation_weight();
  c.discount_competitor = d.discount_competitor_weight();
  c.discount_quarter_end = d.discount_quarter_end_share();
  c.quarter_end_window = d.quarter_end_window_days();
  c.slip_mean_days = d.slip_mean_days();
  c.risk_skill_weight = d.risk_skill_weight();
  c.max_hours_per_deal_week = d.max_hours_per_deal_per_week();

  const auto& p = sc.people();
  c.ramp_months = p.ramp_months();
  c.ramp_floor = p.ramp_floor();
  c.learning_per_deal = p.learning_per_deal();
  c.learning_per_mentoring_hour = p.learning_per_mentoring_hour();
  c.max_mentees = p.max_mentees_per_mentor();
  c.attrition_base = p.attrition_base_per_year();
  c.attrition_slope = p.attrition_miss_slope();
  c.replace_leavers = p.replace_leavers();
  c.replace_promoted = p.replace_promoted();
  c.promotion_needs_pm_vacancy = p.promotion_needs_pm_vacancy();
  c.learning_headroom = p.learning_headroom();
  c.time_to_fill = DistSpec::of(p, "time_to_fill_days");
  c.promotion_deals = p.promotion_mentored_deals();
  c.mentoring_hours = p.mentoring_hours_per_week();
  c.veteran_months = p.veteran_months();
  c.mentoring_hours_per_ramp_month = p.mentoring_hours_per_ramp_month();
  if (p.has_new_hire_skills()) {  // filled by fill_defaults like any Skills
    c.has_new_hire_skills = true;
    c.new_hire_skills = skills_of(p.new_hire_skills());
  }
  const auto& co = sc.costs();
  const v1::RoleCost* roles[4] = {&co.account_manager(), &co.project_manager(), &co.presales(), &co.manager()};
  for (int r = 0; r < 4; ++r) {
    c.role_cost_per_year[r] = roles[r]->loaded_cost_cny_per_year();
    c.commission[r] = roles[r]->commission_share();
  }
  for (std::size_t i = 0; i < c.cohorts.size(); ++i) {
    const v1::Cohort& k = sc.team().cohorts(static_cast<int>(i));
    c.cohorts[i].loaded_cost_per_year =
        k.has_loaded_cost_cny_per_year() ? k.loaded_cost_cny_per_year() : c.role_cost_per_year[c.cohorts[i].role];
  }
  c.margin[basic_module] = co.basic_module_margin_share();
  c.margin[expansion] = co.expansion_margin_share();
  c.margin[big_project] = co.big_project_margin_share();
  c.renewal_margin = co.renewal_margin_share();
  c.hiring_cost = co.hiring_cost_cny();
  c.vacancy_cost_per_day = co.vacancy_cost_cny_per_day();
  c.deal_hour_cost = co.deal_hour_cost_cny();
  c.team_target = sc.targets().team_annual_target_cny();
  if (!sc.targets().has_team_annual_target_cny())
    for (const auto& k : c.cohorts) c.team_target += k.count * k.annual_target;
  return c;
}

}  // namespace salesim::model
