// The model's parameters as a plain C++ struct, resolved once from a filled scenario
// (names resolved to indices, distributions to DistSpec). World reads only this. Defaults live in
// the schema (sim/proto/salesim/v1/scenario.proto, the (param) option), never here: every member
// is zero until from_scenario() fills it.
//
//   Config c = Config::from_scenario(scenario);   // scenario already passed fill_defaults()
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/kernel/random.h"

namespace google::protobuf {
class Message;
}
namespace salesim::v1 {
class Scenario;
class Distribution;
}  // namespace salesim::v1

namespace salesim::model {

enum Role : std::uint8_t { am = 0, pm = 1, presales = 2, manager = 3 };
enum Activity : std::uint8_t { farming, deal_work, hunting, mentoring, offside, misplaced, covering, management, idle };
enum Task : std::uint8_t { t_hunting, t_demo, t_solution, t_deal_running, t_negotiation, t_exec_access };
enum Skill : std::uint8_t { prospecting, solutioning, deal_running, negotiation, exec_access };
enum DealType : std::uint8_t { basic_module = 0, expansion = 1, big_project = 2 };
inline constexpr int kStages = 5;  // qualify, demo, solution, proposal, negotiation
inline constexpr int kSkills = 5;
inline constexpr int kTasks = 6;
inline constexpr int kMaxCompetitors = 16;

// A distribution from the scenario, drawn with our portable samplers.
struct DistSpec {
  enum Kind : std::uint8_t { fixed, uniform, exponential, normal, lognormal, gamma, beta, triangular, empirical };
  Kind kind = fixed;
  double a = 0, b = 0, c = 0, d = 0;
  bool has_min = false, has_max = false;
  std::vector<double> values, weights;
  // Draws are clamped to [lo, hi]: the (param) range of the field that holds the distribution.
  double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
  double draw(kernel::Rng& rng) const;
  double mean() const;  // of the unclamped distribution
  static DistSpec from(const v1::Distribution& d);
  // The Distribution field `field` of `holder`, with its (param) range as the clamp. Throws
  // std::logic_error when `holder` has no such Distribution field.
  static DistSpec of(const google::protobuf::Message& holder, const char* field);

 private:
  double draw_unclamped(kernel::Rng& rng) const;
};

struct SegmentConfig {
  std::string name;
  bool go_big = true;
  std::uint32_t accounts = 0;
  double projects_per_year = 0;  // whole segment
  std::vector<double> seasonality;
  DistSpec basic_size, expansion_size, big_size, renewal;
  double big_share = 0, requirement = 0, it_maturity = 0, window_days = 0;
  double expansions_per_year = 0, farming_hours = 0, churn_per_year = 0;
};

struct CompetitorConfig {
  std::string name;
  double strength = 0, price_aggressiveness = 0, discovery_days = 0;
  std::vector<double> rate, strength_delta, aggressiveness;  // per segment
};

struct CohortConfig {
  std::string name;
  Role role = am;
  std::uint32_t count = 0;
  DistSpec tenure_months, installed_accounts;
  std::array<DistSpec, kSkills> skills;
  double hours_per_week = 0;
  int segment = -1;  // -1: all segments
  double annual_target = 0;
  double start_day = 0;
  bool has_time_to_fill = false;  // else people.time_to_fill_days
  DistSpec time_to_fill;
  double loaded_cost_per_year = 0;  // CNY/yr per head: the cohort's, else its role's (costs.<role>)
};

struct Config {
  double horizon_days = 0;
  double warmup_days = 0;
  double quarter_days = 0;
  std::vector<std::pair<double, double>> holidays;
  double coverage = 0, hunting_exponent = 0;
  // Prospecting depth (market.prospecting).
  double tender_after_window_share = 0, shaping_probability = 0, competitor_early_share = 0;
  double tender_discovery_weight = 0;
  // Assessment: AM hunting emphasis h and PM big-deal emphasis b, both in [0, 1].
  double am_hunting_emphasis = 0, pm_big_emphasis = 0, assessment_farming_cut = 0, assessment_hunting_boost = 0;
  std::vector<SegmentConfig> segments;
  std::vector<CompetitorConfig> competitors;
  std::vector<CohortConfig> cohorts;
  // Team capacities.
  int pm_cap = 0, presales_cap = 0, manager_cap = 0;
  double farming_max_share = 0, hunting_max_hours = 0, manager_management_hours = 0;
  // Formation.
  bool offside = false, misplaced = false, covering = false;
  double offside_am_share = 0;
  std::uint32_t offside_queue_threshold = 0;
  double misplaced_share = 0, covering_wait_days = 0, covering_mentoring_cut = 0, shadow_learning = 0;
  double efficiency[4][kTasks] = {};
  // Deals.
  double big_threshold = 0;
  double stage_hours[3][kStages] = {}, stage_days[3][kStages] = {};
  double win_base = 0, win_skill_weight = 0, no_decision = 0, head_start_per_day = 0;
  double discount_base = 0, discount_max = 0, slip_base = 0, shrink_base = 0;
  double shrink_scope = 0, cooling_off_days = 0, stage_pass = 0, stage_skill_weight = 0;
  double incumbent_utility = 0, lateness_per_week = 0, patience_days = 0, head_start_cap = 0;
  double discount_negotiation = 0, discount_competitor = 0, discount_quarter_end = 0;
  double quarter_end_window = 0, slip_mean_days = 0, risk_skill_weight = 0;
  double max_hours_per_deal_week = 0;
  // People.
  double ramp_months = 0, ramp_floor = 0, learning_per_deal = 0, learning_per_mentoring_hour = 0;
  std::uint32_t max_mentees = 0;
  double attrition_base = 0, attrition_slope = 0;
  bool replace_leavers = false, replace_promoted = false, promotion_needs_pm_vacancy = false;
  double learning_headroom = 0;
  DistSpec time_to_fill;
  std::uint32_t promotion_deals = 0;
  double mentoring_hours = 0, veteran_months = 0, mentoring_hours_per_ramp_month = 0;
  bool has_new_hire_skills = false;
  std::array<DistSpec, kSkills> new_hire_skills;
  double team_target = 0;  // yearly, CNY
  // Costs (scenario.costs), CNY: by Role the loaded cost per year of a head and the commission
  // share; gross margin share by DealType and of renewals.
  std::array<double, 4> role_cost_per_year{}, commission{};
  std::array<double, 3> margin{};
  double renewal_margin = 0, hiring_cost = 0, vacancy_cost_per_day = 0, deal_hour_cost = 0;

  static Config from_scenario(const v1::Scenario& scenario);
};

// A policy phase (scenario.phases): from calendar day start_day on, the world runs on `config`.
struct PhaseConfig {
  std::string name;
  double start_day = 0;
  std::string changes;  // "formation.offside.enabled: true -> false, ..." (the trace says it)
  Config config;
};

}  // namespace salesim::model
