// The model's parameters as a plain C++ struct, resolved once from a filled scenario
// (names resolved to indices, distributions to DistSpec). World reads only this.
//
//   Config c = Config::from_scenario(scenario);   // scenario already passed fill_defaults()
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/random.h"

namespace salesim::v1 {
class Scenario;
class Distribution;
}  // namespace salesim::v1

namespace salesim::model {

enum Role : std::uint8_t { am = 0, pm = 1, presales = 2, manager = 3 };
enum Activity : std::uint8_t { farming, deal_work, hunting, mentoring, offside, misplaced, covering, idle };
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
  double draw(kernel::Rng& rng) const;
  double mean() const;
  static DistSpec from(const v1::Distribution& d);
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
  double strength = 0, price_aggressiveness = 0, discovery_days = 30;
  std::vector<double> rate, strength_delta, aggressiveness;  // per segment
};

struct CohortConfig {
  std::string name;
  Role role = am;
  std::uint32_t count = 0;
  DistSpec tenure_months, installed_accounts;
  std::array<DistSpec, kSkills> skills;
  double hours_per_week = 45;
  int segment = -1;  // -1: all segments
  double annual_target = 0;
  double start_day = 0;
};

struct Config {
  double horizon_days = 365;
  double warmup_days = 182;
  double quarter_days = 91.25;
  std::vector<std::pair<double, double>> holidays;
  double coverage = 6, hunting_exponent = 0.8;
  std::vector<SegmentConfig> segments;
  std::vector<CompetitorConfig> competitors;
  std::vector<CohortConfig> cohorts;
  // Team capacities.
  int pm_cap = 3, presales_cap = 4, manager_cap = 2;
  double farming_max_share = 0.7, hunting_max_hours = 25;
  // Formation.
  bool offside = false, misplaced = false, covering = false;
  double offside_am_share = 0.5;
  std::uint32_t offside_queue_threshold = 0;
  double misplaced_share = 0.4, covering_wait_days = 14, covering_mentoring_cut = 0.3;
  double efficiency[4][kTasks] = {};
  // Deals.
  double big_threshold = 2e6;
  double stage_hours[3][kStages] = {}, stage_days[3][kStages] = {};
  double win_base = 0, win_skill_weight = 3, no_decision = 0, head_start_per_day = 0.01;
  double discount_base = 0.06, discount_max = 0.4, slip_base = 0.15, shrink_base = 0.15;
  double shrink_scope = 0.6, cooling_off_days = 180, stage_pass = 0.85, stage_skill_weight = 0.4;
  double incumbent_utility = 1, lateness_per_week = 0.05, patience_days = 90, head_start_cap = 60;
  double discount_negotiation = 0.12, discount_competitor = 0.06, discount_quarter_end = 0.04;
  double quarter_end_window = 15, slip_mean_days = 30, risk_skill_weight = 2;
  double max_hours_per_deal_week = 16;
  // People.
  double ramp_months = 9, ramp_floor = 0.3, learning_per_deal = 0.02, learning_per_mentoring_hour = 0.002;
  std::uint32_t max_mentees = 3;
  double attrition_base = 0.1, attrition_slope = 1.5;
  bool replace_leavers = false;
  DistSpec time_to_fill;
  std::uint32_t promotion_deals = 0;
  double mentoring_hours = 4, veteran_months = 24, mentoring_hours_per_ramp_month = 20;
  bool has_new_hire_skills = false;
  std::array<DistSpec, kSkills> new_hire_skills;
  double team_target = 0;  // yearly, CNY

  static Config from_scenario(const v1::Scenario& scenario);
};

}  // namespace salesim::model
