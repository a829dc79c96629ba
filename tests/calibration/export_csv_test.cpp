// The CSV writer of CRM exports (sim/calibration/export_csv.h): RFC 4180 quoting, ISO dates from
// the epoch, amounts in cents, blank cells.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sim/calibration/crm_reader.h"
#include "sim/calibration/export_csv.h"
#include "sim/experiment/scenario_io.h"

namespace salesim::calibration {
namespace {

TEST(ExportCsv, QuotesAFieldOnlyWhenRfc4180NeedsIt) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");
  EXPECT_EQ(csv_field("\xe5\xa4\xa7\xe5\xae\xa2\xe6\x88\xb7"), "\xe5\xa4\xa7\xe5\xae\xa2\xe6\x88\xb7");  // UTF-8 as is
}

TEST(ExportCsv, DatesCountWholeDaysFromTheEpochInTheGregorianCalendar) {
  const Epoch e{2026, 1, 1};
  EXPECT_EQ(iso_date(e, 0), "2026-01-01");
  EXPECT_EQ(iso_date(e, 0.99), "2026-01-01");
  EXPECT_EQ(iso_date(e, 31), "2026-02-01");
  EXPECT_EQ(iso_date(e, -1), "2025-12-31");
  EXPECT_EQ(iso_date(e, -0.5), "2025-12-31");
  EXPECT_EQ(iso_date(e, 364), "2026-12-31");
  EXPECT_EQ(iso_date(Epoch{2028, 2, 28}, 1), "2028-02-29");  // leap year
  EXPECT_EQ(iso_date(Epoch{2100, 2, 28}, 1), "2100-03-01");  // not one
  EXPECT_EQ(iso_date(e, kBlank), "");
}

TEST(ExportCsv, WritesEveryTableWithItsHeaderBlankCellsAndCents) {
  CrmExport e;
  e.epoch_year = 2026;
  Opportunity won;
  won.id = "D1";
  won.owner = "P2";
  won.account = "A3";
  won.segment = "large, listed";
  won.product = "big_project";
  won.stage = "Closed Won";
  won.outcome = Outcome::won;
  won.created_day = -10;
  won.close_day = 40;
  won.amount_cny = 1234567.891;
  Opportunity lost = won;
  lost.id = "D2";
  lost.owner = "";
  lost.stage = "Closed Lost";
  lost.outcome = Outcome::lost;
  lost.amount_cny = kBlank;
  e.opportunities = {won, lost};
  e.stage_history = {StageChange{"D1", "Qualify", -10, 5e5, kBlank, 0}, StageChange{"D1", "Closed Won", 40, 1234567.891, 40, 0}};
  e.roster = {RosterEntry{"P2", PersonRole::pm, "P0", "small", -400, 0}};
  e.competitors = {CompetitorRow{"D1", "NorthSoft", 0}};
  EXPECT_EQ(opportunities_csv(e),
            "id,owner,account,segment,product,stage,created,close_date,amount\r\n"
            "D1,P2,A3,\"large, listed\",big_project,Closed Won,2025-12-22,2026-02-10,1234567.89\r\n"
            "D2,,A3,\"large, listed\",big_project,Closed Lost,2025-12-22,2026-02-10,\r\n");
  EXPECT_EQ(stage_history_csv(e),
            "opportunity_id,stage,date,amount,close_date\r\n"
            "D1,Qualify,2025-12-22,500000.00,\r\n"
            "D1,Closed Won,2026-02-10,1234567.89,2026-02-10\r\n");
  EXPECT_EQ(roster_csv(e), "person,role,manager,team,hire_date\r\nP2,pm,P0,small,2024-11-27\r\n");
  EXPECT_EQ(competitors_csv(e), "opportunity_id,competitor\r\nD1,NorthSoft\r\n");
}

}  // namespace
}  // namespace salesim::calibration

namespace salesim::calibration {
namespace {

// The files of a simulated export, read back through the mapping.txtpb written beside them, are
// the export that was written: every opportunity, history row, person and competitor, and the
// period (day 0 on the epoch, the horizon's end).
TEST(ExportCsv, ASimulatedExportReadsBackThroughItsOwnMappingUnchanged) {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  v1::Scenario s = experiment::load_scenario_file(std::string(root ? root : ".") + "/scenarios/golden_triangle.txtpb", {});
  experiment::prepare_for_run(s);
  const CrmExport e = simulate_export(s, {.seed = 12, .replication = 2}, Epoch{2025, 7, 1});
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("salesim_export_round_trip_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const std::string& text) { std::ofstream(dir / name, std::ios::binary) << text; };
  write(kOpportunitiesCsv, opportunities_csv(e));
  write(kStageHistoryCsv, stage_history_csv(e));
  write(kRosterCsv, roster_csv(e));
  write(kCompetitorsCsv, competitors_csv(e));
  write(kMappingTxtpb, mapping_txtpb(e));
  std::vector<DataProblem> problems;
  const CrmExport r = read_export(dir.string(), load_mapping((dir / kMappingTxtpb).string()), {}, &problems);
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(problems.empty()) << problems.front().to_string();
  EXPECT_EQ(r.epoch_year, 2025);
  EXPECT_EQ(r.epoch_month, 7);
  EXPECT_EQ(r.period_start_day, 0);
  EXPECT_EQ(r.period_end_day, 365);
  ASSERT_EQ(r.opportunities.size(), e.opportunities.size());
  auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
  for (std::size_t i = 0; i < e.opportunities.size(); ++i) {
    const Opportunity &a = e.opportunities[i], &b = r.opportunities[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.owner, b.owner);
    EXPECT_EQ(a.kind, b.kind) << a.id;
    EXPECT_EQ(a.outcome, b.outcome) << a.id;
    EXPECT_EQ(a.created_day, b.created_day) << a.id;
    EXPECT_TRUE(same(a.close_day, b.close_day)) << a.id;
    EXPECT_TRUE(same(a.amount_cny, b.amount_cny)) << a.id << " " << a.amount_cny << " " << b.amount_cny;
  }
  EXPECT_EQ(r.stage_history.size(), e.stage_history.size());
  EXPECT_EQ(r.roster.size(), e.roster.size());
  EXPECT_EQ(r.competitors.size(), e.competitors.size());
}

}  // namespace
}  // namespace salesim::calibration
