// The CSV writer of CRM exports (sim/calibration/export_csv.h): RFC 4180 quoting, ISO dates from
// the epoch, amounts in cents, blank cells.
#include <gtest/gtest.h>

#include "sim/calibration/export_csv.h"

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
