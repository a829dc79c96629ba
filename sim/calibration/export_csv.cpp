#include "sim/calibration/export_csv.h"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/experiment/output_set.h"

namespace salesim::calibration {

namespace {

constexpr const char* kEnd = "\r\n";

std::string money(double cny) {
  if (std::isnan(cny)) return {};
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, std::round(cny * 100.0) / 100.0, std::chars_format::fixed, 2);
  return std::string(buf, r.ptr);
}

std::string row(std::initializer_list<std::string> fields) {
  std::string line;
  bool first = true;
  for (const std::string& f : fields) {
    if (!first) line += ',';
    first = false;
    line += csv_field(f);
  }
  return line.append(kEnd);
}

}  // namespace

std::string csv_field(const std::string& text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out.append("\"");
}

std::string iso_date(const Epoch& epoch, double day) {
  if (std::isnan(day)) return {};
  namespace g = boost::gregorian;
  const g::date d = g::date(static_cast<unsigned short>(epoch.year), static_cast<unsigned short>(epoch.month),
                            static_cast<unsigned short>(epoch.day)) +
                    g::days(static_cast<long>(std::floor(day)));
  if (d.is_special()) throw std::out_of_range("a date outside the years 1400..9999");
  return g::to_iso_extended_string(d);
}

std::string opportunities_csv(const CrmExport& e) {
  const Epoch epoch{e.epoch_year, e.epoch_month, e.epoch_day};
  std::string out = row({"id", "owner", "account", "segment", "product", "stage", "created", "close_date", "amount"});
  for (const Opportunity& o : e.opportunities)
    out += row({o.id, o.owner, o.account, o.segment, o.product, o.stage, iso_date(epoch, o.created_day),
                iso_date(epoch, o.close_day), money(o.amount_cny)});
  return out;
}

std::string stage_history_csv(const CrmExport& e) {
  const Epoch epoch{e.epoch_year, e.epoch_month, e.epoch_day};
  std::string out = row({"opportunity_id", "stage", "date", "amount", "close_date"});
  for (const StageChange& c : e.stage_history)
    out += row({c.opportunity_id, c.stage, iso_date(epoch, c.day), money(c.amount_cny), iso_date(epoch, c.close_day)});
  return out;
}

std::string roster_csv(const CrmExport& e) {
  const Epoch epoch{e.epoch_year, e.epoch_month, e.epoch_day};
  std::string out = row({"person", "role", "manager", "team", "hire_date"});
  for (const RosterEntry& r : e.roster)
    out += row({r.person, role_name(r.role), r.manager, r.team, iso_date(epoch, r.hire_day)});
  return out;
}

std::string competitors_csv(const CrmExport& e) {
  std::string out = row({"opportunity_id", "competitor"});
  for (const CompetitorRow& c : e.competitors) out += row({c.opportunity_id, c.competitor});
  return out;
}

std::string mapping_txtpb(const CrmExport& e) {
  const Epoch epoch{e.epoch_year, e.epoch_month, e.epoch_day};
  std::string out =
    "# salesim.v1.CrmMapping: reads the CSV files of this folder, as `salesim run --export-crm` wrote\n"
    "# them (the \"salesim\" preset, scenarios/crm/salesim_mapping.txtpb), with the export's epoch and\n"
    "# period: day 0 of the simulation is period_start; deals of the warm-up still open then carry\n"
    "# earlier dates.\n"
    "name: \"salesim\"\n"
    "description: \"the layout of salesim run --export-crm\"\n"
    "opportunities {\n"
    "  file: \"opportunities.csv\"\n"
    "  id: \"id\"\n"
    "  owner: \"owner\"\n"
    "  account: \"account\"\n"
    "  segment: \"segment\"\n"
    "  product: \"product\"\n"
    "  stage: \"stage\"\n"
    "  created: \"created\"\n"
    "  close_date: \"close_date\"\n"
    "  amount: \"amount\"\n"
    "}\n"
    "stage_history {\n"
    "  file: \"stage_history.csv\"\n"
    "  opportunity_id: \"opportunity_id\"\n"
    "  stage: \"stage\"\n"
    "  date: \"date\"\n"
    "  amount: \"amount\"\n"
    "  close_date: \"close_date\"\n"
    "}\n"
    "roster {\n"
    "  file: \"roster.csv\"\n"
    "  person: \"person\"\n"
    "  role: \"role\"\n"
    "  manager: \"manager\"\n"
    "  team: \"team\"\n"
    "  hire_date: \"hire_date\"\n"
    "}\n"
    "competitors {\n"
    "  file: \"competitors.csv\"\n"
    "  opportunity_id: \"opportunity_id\"\n"
    "  competitor: \"competitor\"\n"
    "}\n"
    "date_formats: \"%Y-%m-%d\"\n"
    "decimal_point: \".\"\n"
    "stages { name: \"Qualify\" outcome: OUTCOME_OPEN }\n"
    "stages { name: \"Demo\" outcome: OUTCOME_OPEN }\n"
    "stages { name: \"Solution\" outcome: OUTCOME_OPEN }\n"
    "stages { name: \"Proposal\" outcome: OUTCOME_OPEN }\n"
    "stages { name: \"Negotiation\" outcome: OUTCOME_OPEN }\n"
    "stages { name: \"Closed Won\" outcome: OUTCOME_WON }\n"
    "stages { name: \"Closed Lost\" outcome: OUTCOME_LOST }\n"
    "stages { name: \"No Decision\" outcome: OUTCOME_NO_DECISION }\n"
    "deal_types { type: BASIC_MODULE products: \"basic_module\" }\n"
    "deal_types { type: EXPANSION products: \"expansion\" }\n"
    "deal_types { type: BIG_PROJECT products: \"big_project\" }\n"
    "role_values { value: \"am\" role: ACCOUNT_MANAGER }\n"
    "role_values { value: \"pm\" role: PROJECT_MANAGER }\n"
    "role_values { value: \"presales\" role: PRESALES }\n"
    "role_values { value: \"manager\" role: MANAGER }\n";
  out.append("epoch: \"").append(iso_date(epoch, 0)).append("\"\n");
  out.append("period_start: \"").append(iso_date(epoch, e.period_start_day)).append("\"\n");
  out.append("period_end: \"").append(iso_date(epoch, e.period_end_day)).append("\"\n");
  return out;
}

void add_export_files(experiment::OutputSet& out, const CrmExport& e) {
  out.add(kMappingTxtpb, mapping_txtpb(e));
  out.add(kOpportunitiesCsv, opportunities_csv(e));
  if (e.has_stage_history) out.add(kStageHistoryCsv, stage_history_csv(e));
  if (e.has_roster) out.add(kRosterCsv, roster_csv(e));
  if (e.has_competitors) out.add(kCompetitorsCsv, competitors_csv(e));
}

}  // namespace salesim::calibration
