// One replication's mutable state and its mechanisms: the sales world of DESIGN.md section 2.
// Model::run builds a World, runs it, and returns its KPIs; nothing here is shared between runs.
//
// Time is in days. Discrete events: buying-project arrivals (per segment), deal closes, expansion
// projects of installed accounts, hires. A weekly tick (the time budget) books every person's hours
// (farming, deal work, hunting, mentoring, faults, idle), advances deal work, runs our discovery of
// open projects, attrition and installed-base churn. Entities live in flat arrays indexed by id.
//
// Files: world.cpp (setup, run, KPIs), market.cpp (projects, competitors, discovery),
// deals.cpp (stages, close, win logit, shrink/slip/discount), formation.cpp (who works a stage:
// queues, offside, covering), time_budget.cpp (weekly hours), people.cpp (ramp, learning,
// mentoring, attrition, hiring, promotion).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <set>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/kernel/random.h"
#include "sim/kernel/simulation.h"
#include "sim/model/config.h"
#include "sim/model/crm_record.h"
#include "sim/model/kpis.h"
#include "sim/model/model.h"

namespace salesim::model {

// Stream purposes: market draws (same for every team) versus team draws.
enum Purpose : std::uint64_t {
  p_arrivals = 1,        // entity: segment
  p_project = 2,         // entity: project key; sub: 0, or 1 + deal type for its size
  p_account = 3,         // entity: account
  p_expansion = 4,       // entity: account; extra: expansion number
  p_people = 10,         // entity: person key
  p_decision = 11,       // entity: deal key; sub: which decision
  p_attrition = 12,      // entity: person key; sub: week
  p_hire = 13,           // entity: person key
  p_finder = 14,         // entity: deal key
  p_churn = 15,          // entity: account; sub: week
};

// Uniforms the customer "holds" for a deal, drawn once per project so a different team meets
// the same customer reactions (common random numbers).
enum CustomerDraw : int {
  cu_stage0 = 0,  // .. cu_stage0 + 4: pass/fail of each stage
  cu_slip = 5, cu_slip2 = 6, cu_slip_days = 7, cu_win = 8, cu_shrink = 9, cu_scope = 10,
  cu_discount = 11, cu_close_day = 12, cu_drop_to = 13, cu_incumbent = 14, cu_shape = 15,
  kCustomerDraws = 16
};

struct Person {
  Role role = am;
  int cohort = 0;
  int segment = -1;
  bool active = false;
  bool joined = false;
  double join_day = 0;
  double tenure0_months = 0;  // tenure on join
  bool veteran = false;  // tenure class for the KPIs: tenure >= veteran_months on day 0 (later joiners: new)
  double ramp_credit_months = 0;
  double hours_per_week = 45;
  double annual_target = 0;
  std::array<double, kSkills> skill{};
  std::array<double, kSkills> ceiling{};  // learning saturates here: min(1, skill at hire + headroom)
  std::uint64_t key = 0;  // stream identity (cohort, member) or hire number
  int mentor = -1;
  int mentees = 0;
  std::vector<int> mentee_ids;  // by index: whom he mentors (mentees counts them)
  int slots = 0;    // deals held (PM/presales) or covered (manager)
  int mentored_big_deals = 0;
  int open_deals_owned = 0;
  std::uint8_t free_sets = 0;  // which of World::free_ hold him, under these skills
  std::array<double, 3> free_skill{};
  std::vector<int> deal_ids;  // deals he owned or staffed, some closed since: what leave() revisits
  int replaces = -1;  // a replacement hire inherits this leaver's accounts
  double cost_since = 0;      // calendar day his loaded cost is paid up to (accrue())
  bool vacancy_open = false;  // a replacement placeholder whose seat is open since vacancy_since
  double vacancy_since = 0;
  double farm_need = 0;  // hours/week the owned installed accounts need
  double farm_ratio = 1;
  double booked = 0;     // revenue credited (attainment)
  double found = 0;
  // Per-tick scratch: hours left, deal-work demand (of it on big deals), share of demand served.
  double avail = 0, demand = 0, demand_big = 0, give_ratio = 0, give_ratio_big = 0, hunt_effort = 0;
};

struct Account {
  int segment = 0;
  int owner = -1;
  bool installed = false;
  bool big_sold = false;  // a big project already sold the full scope: fewer expansions
  double health = 0;      // share of farming need met last week
  double renewal = 0;     // yearly renewal CNY
  double cooling_until = -1;
  std::uint32_t expansions = 0;
};

struct Project {
  int segment = 0;
  int account = 0;
  double arrival = 0, window_end = 0;
  double visibility = 0, threshold = 0, hazard = 0;
  double tender_day = 0;          // the project goes public (an open tender) on this day
  std::uint32_t early_mask = 0;   // rivals that find it by their own early hunting
  bool big = false;
  std::uint32_t competitor_mask = 0;
  std::array<double, kMaxCompetitors> competitor_day{};
  std::array<double, kCustomerDraws> u{};
  std::uint64_t key = 0;
};

enum class DealStatus : std::uint8_t { open, closing, won, lost_competitor, no_decision };

struct Deal {
  int project = -1;
  int account = 0;
  int segment = 0;
  DealType type = basic_module;
  DealStatus status = DealStatus::open;
  int stage = 0;
  int owner = -1, finder = -1, pm = -1, presales_person = -1, worker = -1;
  bool queued = false;
  Role queue_role = am;
  double queue_since = 0;
  double remaining = 0, stage_start = 0, pace_end = 0;
  double discovered = 0, list = 0, lateness_days = 0;
  double hours = 0, out_of_role_hours = 0;
  double wanted = 0, got = 0;  // this stage's weekly progress wanted vs delivered (attention)
  std::array<double, kStages> eff{};  // effective skill of whoever worked each stage (-1: none)
  std::array<int, kStages> worked_by{};
  int slips = 0;
  bool offside = false, covered = false, from_installed = false, shaped = false;
  int shadow = -1;  // junior PM or owning AM beside a covering manager
  std::uint32_t competitor_mask = 0;
  std::array<double, kMaxCompetitors> competitor_day{};
  std::array<double, kCustomerDraws> u{};
  std::uint64_t key = 0;
};

class World {
 public:
  // `phases` (in start_day order) switch the world to their Config at t0 + start_day.
  // `record` (may be null) receives what a CRM would have recorded (crm_record.h).
  World(const Config& config, const ReplicationKey& key, Observer* observer, std::span<const PhaseConfig> phases = {},
        CrmRecord* record = nullptr);
  ReplicationOutput run();

  // Handlers (payload = entity index).
  void on_week(std::uint64_t week);
  void on_arrival(std::uint64_t segment);
  void on_close(std::uint64_t deal);
  void on_expansion(std::uint64_t account);
  void on_hire(std::uint64_t person);
  void on_phase(std::uint64_t phase);

 private:
  // Costs (economics.cpp). What the team has cost and earned from day 0 to now (CNY; head_days in
  // person-days): the paid-up sums plus what the present people and open seats accrued since.
  struct Economics {
    double margin = 0, people = 0, commission = 0, hiring = 0, vacancy = 0, deal_hours = 0, head_days = 0;
    double total() const { return people + commission + hiring + vacancy + deal_hours; }
    double contribution() const { return margin - total(); }
  };
  Economics economics() const;
  double loaded_cost_per_day(const Person& p) const;  // his cohort's, or his new role's once promoted
  void accrue(int person);        // pays his loaded cost up to now (before a change of role or policy)
  void close_vacancy(int person);  // the seat `person` (a placeholder) fills is no longer open
  void add_commission(const Deal& d, double revenue);
  // setup (world.cpp)
  void setup_people();
  void setup_market();
  void finish(ReplicationOutput& out);
  void end_warmup();
  void classify_tenure();
  // market.cpp
  void schedule_next_arrival(int segment);
  void make_project(int segment, std::uint64_t index);
  void discover(int project, int finder);
  double project_size(const Project& pr, DealType type) const;
  void run_discovery();
  void schedule_expansion(int account);
  int pick_owner(int segment, int preferred);
  // deals.cpp
  int open_deal(int account, int segment, DealType type, double list, int owner, int finder);
  void set_owner(int deal, int person);  // moves the deal to a new owner (-1: none)
  void enter_stage(int deal, int stage);
  void complete_stage(int deal);
  void ready_to_close(int deal);
  void lose(int deal);  // dropped in a stage or stalled: to a competitor or no decision
  void close_deal(int deal);
  void settle(int deal, DealStatus outcome);
  double effective(int person, int deal, int stage) const;
  double team_skill(const Deal& d) const;
  int competitors_present(const Deal& d, double at) const;
  bool quarter_end(double t) const;
  // formation.cpp
  void staff_stage(int deal, Role role);
  bool try_assign_free(int deal, Role role);
  void refresh_free(int person);  // after his slots, skills, role or presence changed
  void assign(int deal, int person, Role role, double waited);
  void release(int person, Role role);
  void run_covering();
  Role stage_role(const Deal& d, int stage) const;
  // time_budget.cpp
  void book(int person, Activity a, double hours);
  void time_budget(double week_fraction, double work_fraction);
  void advance_deals();
  // people.cpp
  double ramp(const Person& p) const;
  double tenure_months(const Person& p) const;
  int add_person(int cohort, std::uint64_t key, double tenure_months, bool use_new_hire_skills);
  void join(int person);
  void assign_mentor(int person);
  void attrition(int week, double week_fraction);
  void set_mentor(int person, int mentor);  // -1: none
  void enlist(int person);  // into members_ of his role
  void unlist(int person);
  void leave(int person, bool let_go = false);  // let go (a phase cut the cohort): not replaced
  void learn_by_doing(const Deal& d);
  // Learning saturates: skill k gains rate * (ceiling - skill); returns the gain.
  static double learn(Person& p, Skill k, double rate);
  void maybe_promote(int person);
  void promote(int person);
  void schedule_replacement(int vacated, Role role);
  int ready_for_promotion() const;
  int least_farming_am(int segment, int except) const;
  void installed_base(int week, double week_fraction);
  void install_account(int account, int owner, bool big_sold);
  int stage_skill_task(const Deal& d, int stage) const;
  double efficiency_of(int person, const Deal& d, int stage) const;

  // Random draws.
  kernel::Rng stream(Purpose purpose, std::uint64_t entity, std::uint64_t sub = 0) const;
  double draw_u(Purpose purpose, std::uint64_t entity, std::uint64_t sub = 0) const;

  // Calendar day (negative during the warm-up).
  double day() const { return sim_.now() - t0_; }

  // Trace text, one way everywhere: "person 12 (AM, am_new)" (id, current role, cohort name);
  // "nobody" for -1. And the names of the competitors working deal `d` by time `at`.
  std::string who(int person) const;
  std::string competitors_on(const Deal& d, double at) const;

  template <class F>
  void trace(const char* kind, std::uint64_t subject, F&& detail) {
    if (observer_) observer_->on_event(TraceEvent{day(), kind, subject, detail()});
  }

  // With phases, c_ refers to live_, a copy of the run's Config that a phase switch assigns anew
  // (same cohorts, segments and competitors, so references into it stay valid); without, to the
  // Model's Config itself.
  std::optional<Config> live_;
  const Config& c_;
  std::span<const PhaseConfig> phases_;
  std::vector<std::uint32_t> cohort_members_;  // members created per cohort (keys of new hires)
  ReplicationKey key_;
  Observer* observer_;
  CrmRecord* record_ = nullptr;  // null: nothing recorded (one branch per deal event)
  // Recording hooks (world.cpp); called only when record_ is set, they read and change no state
  // of the world.
  void record_change(int deal, DealChange::Kind kind, double amount, double close_day);
  void record_settle(int deal, double revenue);
  void record_finish();
  // The warm-up runs the market and the team from an empty pipeline for t0_ days (a whole number
  // of weeks) before day 0; KPIs count from day 0 to end_ = t0_ + horizon.
  double t0_ = 0, end_ = 0;
  bool measuring_ = false;
  kernel::Simulation sim_;
  kernel::HandlerId h_week_, h_arrival_, h_close_, h_expansion_, h_hire_, h_phase_;

  std::vector<Person> people_;
  std::vector<Account> accounts_;
  std::vector<int> segment_first_account_;
  std::vector<int> next_free_account_;
  std::vector<Project> projects_;
  std::vector<int> open_projects_;
  std::vector<int> installed_list_;  // accounts currently installed (farmed or neglected)
  std::vector<Deal> deals_;
  std::vector<int> active_deals_;
  std::vector<std::deque<int>> queue_;  // per role: deal ids waiting (FIFO)
  std::vector<std::vector<int>> members_;  // per role: active people, by index
  // Active PMs and presales with a free slot, by the skill they bring to a big deal's stage
  // (ramp aside): 0 solutioning (presales, stages 1-2), 1 deal running (PM, stage 3),
  // 2 negotiation with executive access (PM, stage 4). Entries (-skill, person).
  std::array<std::set<std::pair<double, int>>, 3> free_;
  // Per segment: this week's hunters by index and their cumulative hunting weight (run_discovery).
  std::vector<std::vector<int>> hunters_;
  std::vector<std::vector<double>> hunt_cumulative_;
  std::vector<kernel::Rng> arrival_rng_;
  std::vector<std::uint64_t> arrival_count_;
  std::vector<double> segment_effort_;
  std::uint64_t hires_counter_ = 0;
  int pm_vacancies_ = 0;              // open PM seats a promotion may fill
  int week_ = 0;
  double week_start_ = 0;
  int start_headcount_ = 0;
  // Costs paid up from day 0 (accrue(), close_vacancy()): loaded cost, person-days, open seats.
  double people_cost_paid_ = 0, head_days_paid_ = 0, vacancy_cost_paid_ = 0;

  // Accumulators.
  std::vector<double> k_;  // kpi::kCount
  std::vector<std::vector<double>> weekly_;
  double pm_available_ = 0, pm_deal_hours_ = 0, ps_available_ = 0, ps_deal_hours_ = 0;
  double pm_wait_sum_ = 0, pm_wait_n_ = 0, ps_wait_sum_ = 0, ps_wait_n_ = 0;
  double pm_waited_ = 0, ps_waited_ = 0;  // assignments that waited > 0 days
  double discount_sum_ = 0, cycle_sum_ = 0, cycle_big_sum_ = 0, big_won_ = 0, big_closed_ = 0;
  double losses_comp_ = 0, losses_nd_ = 0, collided_ = 0, due_ = 0, slipped_deals_ = 0;
  double pm_closed_ = 0, pm_won_ = 0, pm_big_won_ = 0, am_found_ = 0, am_head_weeks_ = 0;
  double big_wins_ = 0, weeks_counted_ = 0, hunted_closed_ = 0;
  // Per tenure class (0: veteran, 1: new; Person::veteran).
  std::array<double, 2> am_found_class_{}, am_head_weeks_class_{}, pm_closed_class_{}, pm_won_class_{},
      pm_big_won_class_{};
};

}  // namespace salesim::model
