#include "sim/calibration/simulated_export.h"

#include <cmath>

#include "salesim/v1/scenario.pb.h"

namespace salesim::calibration {

namespace {

// Whole days and whole cents, as the CSV files hold them: an export read back from its files is
// the export that was written.
double whole_day(double day) { return std::floor(day); }
double cents(double cny) { return std::isnan(cny) ? cny : std::round(cny * 100.0) / 100.0; }

std::string id(char prefix, std::size_t n) { return std::string(1, prefix).append(std::to_string(n)); }

DealKind kind_of(model::DealType type) {
  switch (type) {
    case model::basic_module: return DealKind::basic_module;
    case model::expansion: return DealKind::expansion;
    case model::big_project: return DealKind::big_project;
  }
  return DealKind::unknown;
}

PersonRole role_of(model::Role role) {
  switch (role) {
    case model::am: return PersonRole::am;
    case model::pm: return PersonRole::pm;
    case model::presales: return PersonRole::presales;
    case model::manager: return PersonRole::manager;
  }
  return PersonRole::am;
}

}  // namespace

const char* open_stage_name(int stage) {
  static const char* names[] = {"Qualify", "Demo", "Solution", "Proposal", "Negotiation"};
  return stage >= 0 && stage < model::kStages ? names[stage] : "Qualify";
}

CrmExport export_from_record(const model::CrmRecord& record, Epoch epoch) {
  CrmExport e;
  e.epoch_year = epoch.year;
  e.epoch_month = epoch.month;
  e.epoch_day = epoch.day;
  e.period_start_day = 0;
  e.period_end_day = record.horizon_days;
  e.has_stage_history = e.has_roster = e.has_competitors = true;
  auto segment_name = [&](int s) {
    return s >= 0 && static_cast<std::size_t>(s) < record.segment_names.size() ? record.segment_names[s] : std::string();
  };
  for (std::size_t i = 0; i < record.deals.size(); ++i) {
    const model::DealRecord& d = record.deals[i];
    const bool open = d.outcome == model::RecordedOutcome::open;
    if (!open && d.close_day < 0) continue;  // closed during the warm-up
    Opportunity o;
    o.id = id('D', i);
    o.owner = d.owner >= 0 ? id('P', static_cast<std::size_t>(d.owner)) : std::string();
    o.account = id('A', static_cast<std::size_t>(d.account));
    o.segment = segment_name(d.segment);
    o.kind = kind_of(d.type);
    o.product = kind_name(o.kind);
    o.created_day = whole_day(d.created_day);
    switch (d.outcome) {
      case model::RecordedOutcome::open: o.outcome = Outcome::open; o.stage = open_stage_name(d.last_stage); break;
      case model::RecordedOutcome::won: o.outcome = Outcome::won; o.stage = kClosedWon; break;
      case model::RecordedOutcome::lost: o.outcome = Outcome::lost; o.stage = kClosedLost; break;
      case model::RecordedOutcome::no_decision: o.outcome = Outcome::no_decision; o.stage = kNoDecision; break;
    }
    if (!open) o.close_day = whole_day(d.close_day);
    o.amount_cny = cents(open ? d.list : (o.outcome == Outcome::won ? d.revenue : kBlank));
    for (const model::DealChange& c : d.changes) {
      StageChange row;
      row.opportunity_id = o.id;
      row.stage = open_stage_name(c.stage);
      row.day = whole_day(c.day);
      row.amount_cny = cents(c.amount);
      row.close_day = whole_day(c.close_day);
      e.stage_history.push_back(std::move(row));
    }
    if (!open) {
      StageChange row;
      row.opportunity_id = o.id;
      row.stage = o.stage;
      row.day = o.close_day;
      row.amount_cny = o.amount_cny;
      row.close_day = o.close_day;
      e.stage_history.push_back(std::move(row));
    }
    for (std::size_t k = 0; k < record.competitor_names.size() && k < 32; ++k)
      if ((d.competitor_mask >> k) & 1u) e.competitors.push_back(CompetitorRow{o.id, record.competitor_names[k], 0});
    e.opportunities.push_back(std::move(o));
  }
  for (std::size_t p = 0; p < record.people.size(); ++p) {
    const model::PersonRecord& r = record.people[p];
    if (!r.joined) continue;
    RosterEntry entry;
    entry.person = id('P', p);
    entry.role = role_of(r.role);
    entry.manager = r.mentor >= 0 ? id('P', static_cast<std::size_t>(r.mentor)) : std::string();
    entry.team = segment_name(r.segment);
    entry.hire_day = whole_day(r.hire_day);
    e.roster.push_back(std::move(entry));
  }
  return e;
}

CrmExport simulate_export(const model::Model& model, const model::ReplicationKey& key, Epoch epoch) {
  model::CrmRecord record;
  (void)model.run(key, nullptr, &record);
  return export_from_record(record, epoch);
}

CrmExport simulate_export(const v1::Scenario& resolved, const model::ReplicationKey& key, Epoch epoch) {
  const model::Model model(resolved);
  return simulate_export(model, key, epoch);
}

}  // namespace salesim::calibration
