// A simulated CRM export: one replication of a scenario, recorded as a CRM would have recorded it
// (sim/model/crm_record.h) and laid out as the CrmExport contract (crm.h). What
// `salesim run --export-crm` writes, what the method of simulated moments of `salesim fit`
// compares with the observed export, and what `salesim backtest` draws its bands from.
//
//   CrmExport e = simulate_export(resolved, {.seed = 7, .replication = 0}, Epoch{2026, 1, 1});
//
// Which deals an export holds (the period is [0, horizon) in model days, day 0 on `epoch`):
// - every deal still open at day 0 or opened later, and every deal closed on a day in
//   [0, horizon); a deal of the warm-up (scenario.calendar.warmup_days) still open at day 0 keeps
//   its true creation date, before the period start, and its whole stage history, as a CRM
//   export filtered on "open during the period" would show it;
// - deals the warm-up closed before day 0 are left out, with their history and competitors;
// - deals still open at the horizon's end are open (stage: the stage they are in, no close date).
// Stage history per deal: a row for each stage entered; when its stages are done a row with
// the close date the customer names (the first close date the deal has); a row per slip (that
// date moved later); on a won deal whose scope was cut, a row with the cut amount (list x scope)
// before the closing row; then the closing row (Closed Won with the booked revenue, after the
// discount; Closed Lost or No Decision with a blank amount). Competitors: those present by the
// close (open deals: by the horizon's end). Roster: everybody who joined the team by the horizon's
// end, leavers included; role at the end (a promoted AM is a PM); manager: his mentor at the end
// (the model has no reporting lines; blank without); team: his segment (blank: all segments);
// hire date: join date minus his tenure on joining.
// Ids: deals "D<n>", people "P<n>", accounts "A<n>", with n the model's index (stable for a key).
// Days are whole (the model's day, rounded down: the date a CRM shows) and amounts whole cents, as
// the CSV files hold them, so an export read back from its files equals the one written.
#pragma once

#include <string>

#include "sim/calibration/crm.h"
#include "sim/model/crm_record.h"
#include "sim/model/model.h"

namespace salesim::v1 {
class Scenario;
}

namespace salesim::calibration {

// A calendar date; the default is the export's default epoch, 2026-01-01.
struct Epoch {
  int year = 2026, month = 1, day = 1;
};

// The open stages' names as exported, by model stage (0 qualify .. 4 negotiation), and the
// closing stages' names.
const char* open_stage_name(int stage);
inline constexpr const char* kClosedWon = "Closed Won";
inline constexpr const char* kClosedLost = "Closed Lost";
inline constexpr const char* kNoDecision = "No Decision";

// The export of one recorded replication (see above for what it holds). Pure.
CrmExport export_from_record(const model::CrmRecord& record, Epoch epoch = {});

// Runs replication `key` of `model` with the recorder and returns its export.
CrmExport simulate_export(const model::Model& model, const model::ReplicationKey& key, Epoch epoch = {});

// The same from a resolved scenario (defaults filled and validated: experiment::prepare_for_run).
// Throws std::invalid_argument where model::Model's constructor would.
CrmExport simulate_export(const v1::Scenario& resolved, const model::ReplicationKey& key, Epoch epoch = {});

}  // namespace salesim::calibration
