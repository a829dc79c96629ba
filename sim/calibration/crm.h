// A CRM export in memory: what `salesim fit` reads from a customer's CSV files, what
// `salesim run --export-crm` writes from a simulation, and what `salesim backtest` compares.
// Both directions go through this one representation, so the statistics of an export
// (sim/calibration/moments.h) are computed the same way for the observed and the simulated data.
//
// Layer: calibration sits above experiment (it runs simulations for the simulated-moments step
// and the backtest) and below cli / viz. Nothing here includes Qt.
//
// Time: every date is a day number, days since `CrmExport::epoch` (a calendar date). The period
// the export covers is [period_start_day, period_end_day). A simulation exported with
// --export-crm puts its day 0 (the start of the measured horizon) on `epoch` + period_start_day.
//
// The CSV layout written by --export-crm (UTF-8, RFC 4180, header row, ISO dates YYYY-MM-DD,
// amounts in CNY with '.' as decimal point and no thousands separator):
//   opportunities.csv   id, owner, account, segment, product, stage, created, close_date, amount
//                        stage: one of the open stages (Qualify, Demo, Solution, Proposal,
//                        Negotiation) or Closed Won / Closed Lost / No Decision; close_date blank
//                        while open; amount: the list size while open, the booked revenue when
//                        won, blank when lost or no decision.
//   stage_history.csv   opportunity_id, stage, date, amount, close_date  (one row per change:
//                        a new stage, a slip (close_date moved later) or a shrink (amount cut))
//   roster.csv          person, role, manager, team, hire_date
//   competitors.csv     opportunity_id, competitor
//   mapping.txtpb       the CrmMapping that reads these files back (the "salesim" preset)
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace salesim::calibration {

inline constexpr double kBlank = std::numeric_limits<double>::quiet_NaN();  // an empty cell

enum class Outcome : std::uint8_t { open, won, lost, no_decision };
// The model's three deal types; `unknown` when the mapping's rules do not say.
enum class DealKind : std::uint8_t { basic_module, expansion, big_project, unknown };
// The model's roles (sim/model/config.h Role); a person not in the roster and not listed by the
// mapping is an AM.
enum class PersonRole : std::uint8_t { am, pm, presales, manager };

struct Opportunity {
  std::string id;
  std::string owner;    // person
  std::string account;
  std::string segment;  // empty: the mapping assigns none (one segment)
  std::string product;  // as exported, after the mapping's aliases
  DealKind kind = DealKind::unknown;
  std::string stage;    // as exported (an open stage name, or the closing stage)
  Outcome outcome = Outcome::open;
  double created_day = 0;       // day number (see above)
  double close_day = kBlank;    // blank while open
  double amount_cny = kBlank;   // blank when the export has none
  std::uint32_t source_line = 0;  // 1-based line in the CSV (0: simulated)
};

struct StageChange {
  std::string opportunity_id;
  std::string stage;
  double day = 0;
  double amount_cny = kBlank;
  double close_day = kBlank;  // expected close date after the change
  std::uint32_t source_line = 0;
};

struct RosterEntry {
  std::string person;
  PersonRole role = PersonRole::am;
  std::string manager;
  std::string team;
  double hire_day = kBlank;  // blank when unknown
  std::uint32_t source_line = 0;
};

struct CompetitorRow {
  std::string opportunity_id;
  std::string competitor;
  std::uint32_t source_line = 0;
};

struct CrmExport {
  int epoch_year = 2026, epoch_month = 1, epoch_day = 1;  // day number 0
  double period_start_day = 0, period_end_day = 0;
  std::vector<Opportunity> opportunities;
  std::vector<StageChange> stage_history;  // empty when the export has none
  std::vector<RosterEntry> roster;          // empty when the export has none
  std::vector<CompetitorRow> competitors;   // empty when the export has none
  bool has_stage_history = false, has_roster = false, has_competitors = false;
};

// Names as written in the CSV files and the reports: "open", "won", "lost", "no_decision";
// "basic_module", "expansion", "big_project", "unknown"; "am", "pm", "presales", "manager".
const char* outcome_name(Outcome outcome);
const char* kind_name(DealKind kind);
const char* role_name(PersonRole role);

}  // namespace salesim::calibration
