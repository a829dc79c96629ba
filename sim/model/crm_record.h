// What a CRM would have recorded of one replication: every deal with its stage history, forecast
// changes, slips and shrinks, its outcome and competitors, and the roster. Filled by Model::run
// when a CrmRecord is passed (sim/calibration/simulated_export.h turns it into a CrmExport);
// a null recorder costs one branch per deal event, and recording changes no draw and no KPI
// (tests/model/crm_record_test.cpp).
//
//   CrmRecord record;
//   ReplicationOutput out = model.run(key, nullptr, &record);
//
// Days are calendar days of the replication: day 0 starts the measured horizon, the warm-up
// runs on negative days. Ids are indices: a deal's id is its index in the replication's deal
// list (so `deals[i].id == i`), a person's his index in `people`.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/model/config.h"

namespace salesim::model {

// One change in a deal's history, as a CRM's stage-history table would hold it.
struct DealChange {
  enum Kind : std::uint8_t {
    entered,   // the deal entered stage `stage` (0 qualify .. 4 negotiation)
    forecast,  // its stages are done: the customer's decision is expected on `close_day`
    slip,      // the customer pushed the expected close out to `close_day` (later than before)
    shrink,    // the signed scope was cut: `amount` is the list size times the scope factor
  };
  Kind kind = entered;
  int stage = 0;  // the stage the deal is in after the change
  double day = 0;
  double amount = 0;  // the deal's amount after the change, CNY
  double close_day = std::numeric_limits<double>::quiet_NaN();  // expected close; NaN: none yet
  // Counted by the warm-up's KPIs: before day 0, or on day 0 itself at the warm-up's last weekly
  // tick (the KPIs restart after it). Dates are as they are; only a comparison with the KPIs needs it.
  bool in_warmup = false;
};

enum class RecordedOutcome : std::uint8_t { open, won, lost, no_decision };

struct DealRecord {
  int owner = -1;  // person owning the deal at its close (open deals: at the horizon's end); -1 none
  int account = 0;
  int segment = 0;
  DealType type = basic_module;
  bool from_installed = false;  // an expansion of an installed account
  double created_day = 0;       // discovery day (negative: during the warm-up)
  double list = 0;              // list size, CNY
  RecordedOutcome outcome = RecordedOutcome::open;
  double close_day = std::numeric_limits<double>::quiet_NaN();  // NaN while open
  double revenue = 0;           // booked revenue when won (after shrink and discount), else 0
  int last_stage = 0;           // the stage it was in at the close (or the horizon's end)
  bool closed_in_warmup = false;  // closed while the warm-up's KPIs counted (see DealChange)
  std::vector<DealChange> changes;  // in time order
  std::uint32_t competitor_mask = 0;  // bit i: competitor i present at the close (or the end)
};

struct PersonRecord {
  Role role = am;   // at the end of the run (or when he left): a promoted AM is a PM
  int cohort = 0;
  int segment = -1;  // -1: works all segments
  int mentor = -1;   // at the end of the run; -1 none (or he left)
  double hire_day = 0;  // join day minus his tenure on joining (the team at day 0 has tenure)
  double join_day = 0;  // the day he joined this team (0 for the team at the start)
  bool active = true;   // false: left (or was let go) before the horizon's end
  bool joined = true;   // false: a hire (or replacement) not yet joined by the horizon's end
};

struct CrmRecord {
  double horizon_days = 0;
  double warmup_days = 0;  // the warm-up actually run (whole weeks)
  std::vector<std::string> segment_names, competitor_names, cohort_names;
  std::vector<DealRecord> deals;     // every deal opened, warm-up included, in id order
  std::vector<PersonRecord> people;  // everybody the run created, in id order (see `joined`)
};

}  // namespace salesim::model
