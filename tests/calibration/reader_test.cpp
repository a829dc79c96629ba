// The mapping file and the CRM export reader: each data problem of the issue gets a fixture
// (generated here, not read from shared/) and its exact message; RFC 4180 details (BOM, CRLF,
// quoted fields with commas, quotes and newlines) keep line numbers right; --strict makes row
// errors fatal; nothing is dropped without a problem.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/calibration/crm_reader.h"

namespace salesim::calibration {
namespace {

namespace fs = std::filesystem;

const char* kMapping = R"(
name: "test"
opportunities { file: "opportunities.csv" id: "id" owner: "owner" account: "account" segment: "segment"
                product: "product" stage: "stage" created: "created" close_date: "close_date" amount: "amount" }
stage_history { file: "stage_history.csv" opportunity_id: "opportunity_id" stage: "stage" date: "date"
                amount: "amount" close_date: "close_date" }
roster { file: "roster.csv" person: "person" role: "role" hire_date: "hire_date" }
competitors { file: "competitors.csv" opportunity_id: "opportunity_id" competitor: "competitor" }
stages { name: "Qualify" outcome: OUTCOME_OPEN }
stages { name: "Demo" outcome: OUTCOME_OPEN }
stages { name: "Closed Won" outcome: OUTCOME_WON }
stages { name: "Closed Lost" outcome: OUTCOME_LOST }
stages { name: "No Decision" outcome: OUTCOME_NO_DECISION }
deal_types { type: BIG_PROJECT min_amount_cny: 2000000 }
default_deal_type: BASIC_MODULE
)";

const char* kHeader = "id,owner,account,segment,product,stage,created,close_date,amount\n";

class Fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("salesim_crm_reader_" + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("roster.csv", "person,role,hire_date\nP1,am,2024-01-01\nP2,pm,2023-06-01\n");
    // Every file the mapping names must exist (MissingNamedFileIsFatal); these have no rows.
    write("stage_history.csv", "opportunity_id,stage,date,amount,close_date\n");
    write("competitors.csv", "opportunity_id,competitor\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  CrmExport read(std::vector<DataProblem>& problems, const std::string& extra_mapping = "", bool strict = false) {
    const v1::CrmMapping m = mapping_from_string(std::string(kMapping) + extra_mapping, "test_mapping.txtpb");
    return read_export(dir_.string(), m, {.strict = strict}, &problems);
  }
  // The one problem of a fixture whose opportunities are `rows` (after the header).
  std::string only_problem(const std::string& rows, const std::string& extra_mapping = "") {
    write("opportunities.csv", std::string(kHeader) + rows);
    std::vector<DataProblem> p;
    read(p, extra_mapping);
    EXPECT_EQ(p.size(), 1u);
    return p.empty() ? std::string() : p.front().to_string();
  }
  fs::path dir_;
};

TEST_F(Fixture, BlankCloseDateOnAClosedDeal) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Closed Won,2026-01-05,,1000\n"),
            file("opportunities.csv") + ":2: close_date: blank, but stage 'Closed Won' closes the deal");
}

TEST_F(Fixture, UnparseableDate) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2026-13-01,,1000\n"),
            file("opportunities.csv") + ":2: created: '2026-13-01' is not a date in the format %Y-%m-%d");
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,03/15/2026,,1000\n", "date_formats: \"%Y-%m-%d\" date_formats: \"%d.%m.%Y\"\n"),
            file("opportunities.csv") + ":2: created: '03/15/2026' is not a date in the format %Y-%m-%d or %d.%m.%Y");
}

TEST_F(Fixture, CloseBeforeCreated) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Closed Lost,2026-02-01,2026-01-10,\n"),
            file("opportunities.csv") + ":2: close_date: 2026-01-10 is before the created date 2026-02-01");
}

TEST_F(Fixture, UnknownStage) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Won,2026-02-01,2026-03-01,5\n"),
            file("opportunities.csv") +
                ":2: stage: 'Won' is not a stage of the mapping (stages: Qualify, Demo, Closed Won, Closed Lost, No Decision)");
}

TEST_F(Fixture, ThousandsSeparatorAcceptedOnlyWhenDeclared) {
  const std::string row = "D1,P1,A1,ent,ERP,Demo,2026-02-01,,\"1,200,000.50\"\n";
  EXPECT_EQ(only_problem(row), file("opportunities.csv") +
                                   ":2: amount: '1,200,000.50' has a thousands separator ',' the mapping does not declare "
                                   "(set thousands_separator: \",\")");
  write("opportunities.csv", std::string(kHeader) + row);
  std::vector<DataProblem> p;
  const CrmExport e = read(p, "thousands_separator: \",\"\n");
  EXPECT_TRUE(p.empty());
  ASSERT_EQ(e.opportunities.size(), 1u);
  EXPECT_DOUBLE_EQ(e.opportunities[0].amount_cny, 1200000.5);
  // European style: '.' groups, ',' decimals.
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Demo,2026-02-01,,\"2.500.000,25\"\n");
  p.clear();
  const CrmExport eu = read(p, "thousands_separator: \".\" decimal_point: \",\"\n");
  EXPECT_TRUE(p.empty());
  ASSERT_EQ(eu.opportunities.size(), 1u);
  EXPECT_DOUBLE_EQ(eu.opportunities[0].amount_cny, 2500000.25);
  EXPECT_EQ(eu.opportunities[0].kind, DealKind::big_project);  // by the amount rule
}

TEST_F(Fixture, GarbageAmount) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2026-02-01,,12abc\n"),
            file("opportunities.csv") + ":2: amount: '12abc' is not an amount (expected digits with an optional decimal part "
                                        "after '.', as in 1234567.89; no exponent)");
}

TEST_F(Fixture, NegativeAmount) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2026-02-01,,-500\n"),
            file("opportunities.csv") + ":2: amount: '-500' is negative; amounts are at least 0");
}

TEST_F(Fixture, DuplicateOpportunityId) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2026-02-01,,5\nD1,P1,A2,ent,ERP,Demo,2026-02-03,,6\n"),
            file("opportunities.csv") + ":3: id: 'D1' repeats the opportunity of line 2");
}

TEST_F(Fixture, OwnerAbsentFromTheRosterIsAWarningAndAnAm) {
  write("opportunities.csv", std::string(kHeader) + "D1,P9,A1,ent,ERP,Demo,2026-02-01,,5\nD2,P9,A1,ent,ERP,Demo,2026-02-02,,5\n");
  std::vector<DataProblem> p;
  const CrmExport e = read(p);
  ASSERT_EQ(p.size(), 1u);  // once per owner
  EXPECT_EQ(p[0].to_string(), file("opportunities.csv") + ":2: owner: warning: 'P9' is not in the roster; counted as an AM");
  EXPECT_EQ(p[0].severity, DataProblem::Severity::warning);
  EXPECT_EQ(e.opportunities.size(), 2u);  // kept
  ASSERT_EQ(e.roster.size(), 3u);
  EXPECT_EQ(e.roster[2].person, "P9");
  EXPECT_EQ(e.roster[2].role, PersonRole::am);
}

TEST_F(Fixture, StageHistoryAndCompetitorRowsNamingAnUnknownOpportunity) {
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Demo,2026-02-01,,5\n");
  write("stage_history.csv", "opportunity_id,stage,date,amount,close_date\nD1,Qualify,2026-02-01,5,2026-05-01\nD99,Demo,2026-02-01,,\n");
  write("competitors.csv", "opportunity_id,competitor\nD7,NorthSoft\nD1,EastERP\n");
  std::vector<DataProblem> p;
  const CrmExport e = read(p);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].to_string(), file("stage_history.csv") + ":3: opportunity_id: 'D99' is not an opportunity of opportunities.csv");
  EXPECT_EQ(p[1].to_string(), file("competitors.csv") + ":2: opportunity_id: 'D7' is not an opportunity of opportunities.csv");
  EXPECT_EQ(e.stage_history.size(), 1u);
  EXPECT_EQ(e.competitors.size(), 1u);
  // An opportunity whose own row was skipped: its other rows say so.
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Demo,2026-02-01,,5\nD7,P1,A1,ent,ERP,Closed Won,2026-02-01,,5\n");
  p.clear();
  read(p);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[2].to_string(), file("competitors.csv") + ":2: opportunity_id: 'D7' is the opportunity of opportunities.csv:3, whose row was skipped");
}

TEST_F(Fixture, ProductSpelledTwoWays) {
  const std::string rows = "D1,P1,A1,ent,ERP Basic,Demo,2026-02-01,,5\nD2,P1,A1,ent,erp-basic,Demo,2026-02-02,,5\n";
  EXPECT_EQ(only_problem(rows), file("opportunities.csv") +
                                    ":3: product: warning: 'erp-basic' and 'ERP Basic' (line 2) look like one product spelled two "
                                    "ways; add a product_aliases entry to the mapping");
  // Declared: both read as the one product, silently (the mapping says so).
  write("opportunities.csv", std::string(kHeader) + rows);
  std::vector<DataProblem> p;
  const CrmExport e = read(p, "product_aliases { product: \"ERP Basic\" spellings: \"erp-basic\" }\n");
  EXPECT_TRUE(p.empty());
  ASSERT_EQ(e.opportunities.size(), 2u);
  EXPECT_EQ(e.opportunities[1].product, "ERP Basic");
}

TEST_F(Fixture, MissingRequiredColumnIsFatal) {
  write("opportunities.csv", "id,owner,account,segment,product,stage,close_date,amount\nD1,P1,A1,ent,ERP,Demo,,5\n");
  std::vector<DataProblem> p;
  try {
    read(p);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), file("opportunities.csv") +
                                         ":1: created: no such column in the header (columns: id, owner, account, segment, "
                                         "product, stage, close_date, amount)");
  }
}

TEST_F(Fixture, EmptyFileIsFatal) {
  write("opportunities.csv", "\xEF\xBB\xBF\r\n");
  std::vector<DataProblem> p;
  try {
    read(p);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), file("opportunities.csv") + ":1: (file): the file is empty; expected a header row");
  }
}

TEST_F(Fixture, WrongEncoding) {
  // "你好" in GBK: not UTF-8.
  EXPECT_EQ(only_problem("D1,P1,\xC4\xE3\xBA\xC3,ent,ERP,Demo,2026-02-01,,5\n"),
            file("opportunities.csv") + ":2: account: not valid UTF-8 (byte 0xC4); save the file as UTF-8");
  // The same in UTF-8 is fine.
  write("opportunities.csv", std::string(kHeader) + "D1,P1,\xE4\xBD\xA0\xE5\xA5\xBD,ent,ERP,Demo,2026-02-01,,5\n");
  std::vector<DataProblem> p;
  const CrmExport e = read(p);
  EXPECT_TRUE(p.empty());
  ASSERT_EQ(e.opportunities.size(), 1u);
  EXPECT_EQ(e.opportunities[0].account, "\xE4\xBD\xA0\xE5\xA5\xBD");
}

TEST_F(Fixture, BomCrlfAndQuotedFieldsKeepLineNumbers) {
  // A BOM, CRLF line ends, a quoted account with a comma, a quote and a newline, a blank line.
  write("opportunities.csv", std::string("\xEF\xBB\xBF") + "id,owner,account,segment,product,stage,created,close_date,amount\r\n" +
                                 "D1,P1,\"Acme, \"\"East\"\"\r\nBranch\",ent,ERP,Demo,2026-02-01,,5\r\n" + "\r\n" +
                                 "D2,P1,A2,ent,ERP,Demo,2026-02-31,,5\r\n");
  std::vector<DataProblem> p;
  const CrmExport e = read(p);
  ASSERT_EQ(e.opportunities.size(), 1u);
  EXPECT_EQ(e.opportunities[0].account, "Acme, \"East\"\r\nBranch");
  EXPECT_EQ(e.opportunities[0].source_line, 2u);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].to_string(), file("opportunities.csv") + ":5: created: '2026-02-31' is not a date in the format %Y-%m-%d");
}

TEST_F(Fixture, WrongFieldCount) {
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2026-02-01\n"), file("opportunities.csv") + ":2: (row): has 7 fields; the header has 9");
}

TEST_F(Fixture, StrictMakesRowErrorsFatalAndListsThemAll) {
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Won,2026-02-01,,5\nD2,P1,A1,ent,ERP,Demo,2026-02-01,,-1\n" +
                                 "D3,P9,A1,ent,ERP,Demo,2026-02-01,,1\n");
  std::vector<DataProblem> p;
  try {
    read(p, "", /*strict=*/true);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    ASSERT_EQ(e.problems().size(), 2u);  // the warning (P9) does not stop --strict
    EXPECT_EQ(e.problems()[0].kind, ProblemKind::unknown_stage);
    EXPECT_EQ(e.problems()[1].kind, ProblemKind::negative_amount);
  }
  // Without --strict the same rows give one opportunity, two errors and one warning: none silent.
  p.clear();
  const CrmExport e = read(p);
  EXPECT_EQ(e.opportunities.size(), 1u);
  EXPECT_EQ(p.size(), 3u);
}

TEST_F(Fixture, PeriodEpochAndDayNumbers) {
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Closed Won,2026-02-01,2026-03-03,5\nD2,P1,A1,ent,ERP,Demo,2026-01-10,,5\n");
  std::vector<DataProblem> p;
  const CrmExport e = read(p);
  EXPECT_EQ(e.epoch_year, 2026);
  EXPECT_EQ(e.epoch_month, 1);
  EXPECT_EQ(e.epoch_day, 1);
  EXPECT_EQ(e.period_start_day, 9);   // the earliest created date
  EXPECT_EQ(e.period_end_day, 62);    // the day after the latest date
  EXPECT_EQ(e.opportunities[0].created_day, 31);
  EXPECT_EQ(e.opportunities[0].close_day, 61);
  EXPECT_TRUE(std::isnan(e.opportunities[1].close_day));
  EXPECT_EQ(e.roster[0].hire_day, static_cast<double>(days_from_civil(2024, 1, 1) - days_from_civil(2026, 1, 1)));
}

TEST(Dates, FormatsAreStrict) {
  std::int64_t d = 0;
  EXPECT_TRUE(parse_date("2026-03-15", "%Y-%m-%d", d));
  EXPECT_EQ(iso_date(d), "2026-03-15");
  EXPECT_TRUE(parse_date("3/5/2026", "%m/%d/%Y", d));
  EXPECT_EQ(iso_date(d), "2026-03-05");
  EXPECT_TRUE(parse_date("15-Mar-2026 14:05", "%d-%b-%Y %H:%M", d));
  EXPECT_EQ(iso_date(d), "2026-03-15");
  EXPECT_TRUE(parse_date("2024-02-29", "%Y-%m-%d", d));
  EXPECT_FALSE(parse_date("2026-02-29", "%Y-%m-%d", d));
  EXPECT_FALSE(parse_date("2026-03-15 ", "%Y-%m-%d", d));
  EXPECT_FALSE(parse_date("26-03-15", "%Y-%m-%d", d));
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
}

TEST(Mapping, ErrorsPointIntoTheFile) {
  const std::string text =
      "name: \"x\"\n"
      "opportunities { file: \"o.csv\" id: \"id\" owner: \"owner\" stage: \"stage\" }\n"
      "stages { name: \"Open\" }\n"
      "date_formats: \"%Y/%q\"\n";
  try {
    mapping_from_string(text, "m.txtpb");
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_EQ(std::string(e.what()),
              "m.txtpb:2:1: opportunities.created: required: the header of the column that holds it\n"
              "m.txtpb:4:1: date_formats[0]: '%Y/%q' %q is not supported (use %Y %m %d %b %H %M %S)\n"
              "m.txtpb:3:1: stages[0].outcome: required: OUTCOME_OPEN, OUTCOME_WON, OUTCOME_LOST or OUTCOME_NO_DECISION");
  }
  try {
    mapping_from_string("opportunities { file: \"o.csv\" colour: \"red\" }\n", "m.txtpb");
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_EQ(std::string(e.what()), "m.txtpb:1:31: unknown field 'colour' (fields here: file, id, owner, account, segment, product, "
                                      "stage, created, close_date, amount)");
  }
}

TEST_F(Fixture, SalesforcePresetReadsAnOpportunityReport) {
  fs::remove(dir_ / "roster.csv");
  write("opportunities.csv",
        "Opportunity ID,Opportunity Owner,Account Name,Stage,Created Date,Close Date,Amount,Product\r\n"
        "006A1,Wang Wei,Shanghai Transport Bureau,Closed Won,3/15/2025,6/30/2025,\"2,400,000.00\",ERP Suite\r\n"
        "006A2,Li Na,Acme Ltd,Negotiation/Review,4/2/2025 09:30,,\"350,000\",ERP Basic\r\n"
        "006A3,Li Na,Acme Ltd,Closed - No Decision,1/5/2025,2/1/2025,,Add-on\r\n");
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  const v1::CrmMapping m = load_mapping((fs::path(root ? root : ".") / "scenarios/crm/salesforce_mapping.txtpb").string());
  std::vector<DataProblem> p;
  const CrmExport e = read_export(dir_.string(), m, {}, &p);
  EXPECT_TRUE(p.empty()) << (p.empty() ? "" : p.front().to_string());
  ASSERT_EQ(e.opportunities.size(), 3u);
  EXPECT_EQ(e.opportunities[0].segment, "government");  // by the account-name rule
  EXPECT_EQ(e.opportunities[0].kind, DealKind::big_project);  // by the amount rule
  EXPECT_EQ(e.opportunities[0].outcome, Outcome::won);
  EXPECT_EQ(e.opportunities[1].segment, "enterprise");
  EXPECT_EQ(e.opportunities[1].kind, DealKind::basic_module);
  EXPECT_DOUBLE_EQ(e.opportunities[1].amount_cny, 350000);
  EXPECT_EQ(e.opportunities[2].kind, DealKind::expansion);  // by the product rule
  EXPECT_EQ(e.opportunities[2].outcome, Outcome::no_decision);
  EXPECT_FALSE(e.has_roster);  // everybody an AM (the preset lists no PMs)
  ASSERT_EQ(e.roster.size(), 2u);
  EXPECT_EQ(e.roster[0].role, PersonRole::am);
}

TEST(Mapping, ShippedPresetsLoad) {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  const fs::path src = root ? root : ".";
  for (const char* f : {"scenarios/crm/salesim_mapping.txtpb", "scenarios/crm/salesforce_mapping.txtpb", "scenarios/crm_example/mapping.txtpb"}) {
    SCOPED_TRACE(f);
    const v1::CrmMapping m = load_mapping((src / f).string());
    EXPECT_FALSE(m.stages().empty());
  }
}

}  // namespace
}  // namespace salesim::calibration

namespace salesim::calibration {
namespace {

// The amount grammar, enumerated: with each thousands separator the mapping may declare (and
// none), what is an amount and what is not. Accepted: the value read; refused: the kind.
TEST_F(Fixture, AmountGrammarIsStrict) {
  struct Case {
    std::string mapping, cell;
    double value;      // NaN: refused
    ProblemKind kind;  // when refused
  };
  const double no = std::nan("");
  const std::string comma = "thousands_separator: \",\"\n", dot_eu = "thousands_separator: \".\" decimal_point: \",\"\n",
                    space = "thousands_separator: \" \"\n", apos = "thousands_separator: \"'\"\n";
  const Case cases[] = {
      {"", "1200", 1200, {}},
      {"", "1200.5", 1200.5, {}},
      {"", "+7", 7, {}},
      {"", "0", 0, {}},
      {"", "1e6", no, ProblemKind::bad_amount},
      {"", "0x10", no, ProblemKind::bad_amount},
      {"", "1.", no, ProblemKind::bad_amount},
      {"", ".5", no, ProblemKind::bad_amount},
      {"", "inf", no, ProblemKind::bad_amount},
      {"", "nan", no, ProblemKind::bad_amount},
      {"", "12 34", no, ProblemKind::bad_amount},
      {"", "1,234", no, ProblemKind::undeclared_thousands},
      {"", "1 234 567", no, ProblemKind::undeclared_thousands},
      {"", "-5", no, ProblemKind::negative_amount},
      {comma, "1,234,567.89", 1234567.89, {}},
      {comma, "1234567.89", 1234567.89, {}},
      {comma, "999", 999, {}},
      {comma, "1,2", no, ProblemKind::bad_amount},
      {comma, "1,20,00,000.00", no, ProblemKind::bad_amount},
      {comma, "12,34,5,6,7", no, ProblemKind::bad_amount},
      {comma, "1234,567", no, ProblemKind::bad_amount},
      {comma, "1,2345", no, ProblemKind::bad_amount},
      {comma, "1,,234", no, ProblemKind::bad_amount},
      {comma, ",123", no, ProblemKind::bad_amount},
      {comma, "1,234,", no, ProblemKind::bad_amount},
      {comma, "1e6", no, ProblemKind::bad_amount},
      {comma, "1,000.5e3", no, ProblemKind::bad_amount},
      {dot_eu, "2.500.000,25", 2500000.25, {}},
      {dot_eu, "2.5", no, ProblemKind::bad_amount},
      {dot_eu, "2,500,000", no, ProblemKind::bad_amount},
      {space, "1 234 567", 1234567, {}},
      {space, "1 23", no, ProblemKind::bad_amount},
      {apos, "1'234.5", 1234.5, {}},
      {apos, "1'2345", no, ProblemKind::bad_amount},
      // Above the schema's bound on a deal size (1e12 CNY): no estimate could use it.
      {comma, "1,000,000,000,000", 1e12, {}},
      {comma, "1,000,000,000,000,000.00", no, ProblemKind::bad_amount},
      {"", "1000000000001", no, ProblemKind::bad_amount},
      {"amount_multiplier: 1000\n", "1000000001", no, ProblemKind::bad_amount},
  };
  for (const Case& c : cases) {
    write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Demo,2026-02-01,,\"" + c.cell + "\"\n");
    std::vector<DataProblem> p;
    const CrmExport e = read(p, c.mapping);
    if (!std::isnan(c.value)) {
      EXPECT_TRUE(p.empty()) << "'" << c.cell << "' with " << c.mapping << ": " << (p.empty() ? "" : p[0].to_string());
      ASSERT_EQ(e.opportunities.size(), 1u) << c.cell;
      EXPECT_DOUBLE_EQ(e.opportunities[0].amount_cny, c.value) << c.cell;
    } else {
      ASSERT_EQ(p.size(), 1u) << "'" << c.cell << "' with " << c.mapping << " was accepted";
      EXPECT_EQ(p[0].kind, c.kind) << c.cell << ": " << p[0].to_string();
      EXPECT_TRUE(e.opportunities.empty()) << c.cell;
    }
  }
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2026-02-01,,\"1,2\"\n", comma),
            file("opportunities.csv") + ":2: amount: '1,2' is not an amount (expected groups of three digits after each ',', as in "
                                        "1,234,567.89; no exponent)");
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2026-02-01,,\"1,000,000,000,000,000.00\"\n", comma),
            file("opportunities.csv") + ":2: amount: '1,000,000,000,000,000.00' is above 1e12 CNY, the largest deal size the "
                                        "scenario schema takes");
}

// Ids are unique over every row that has one, whether or not a row was skipped.
TEST_F(Fixture, DuplicateIdsAreFoundWhateverWasSkipped) {
  struct Case {
    std::string rows;
    std::vector<std::string> problems;
    std::size_t kept;
  };
  const std::string o = file("opportunities.csv");
  const Case cases[] = {
      // first kept, second repeats
      {"D1,P1,A1,ent,ERP,Demo,2026-02-01,,5\nD1,P1,A1,ent,ERP,Demo,2026-02-02,,5\n", {o + ":3: id: 'D1' repeats the opportunity of line 2"}, 1},
      // first skipped (won without close date), second repeats: both reported, neither used
      {"D1,P1,A1,ent,ERP,Closed Won,2026-02-01,,5\nD1,P1,A1,ent,ERP,Demo,2026-02-02,,5\n",
       {o + ":2: close_date: blank, but stage 'Closed Won' closes the deal",
        o + ":3: id: 'D1' repeats the opportunity of line 2 (that row was skipped; this one is skipped too)"},
       0},
      // second is itself bad too: still a duplicate first
      {"D1,P1,A1,ent,ERP,Demo,2026-02-01,,5\nD1,P1,A1,ent,ERP,Demo,bad,,5\n", {o + ":3: id: 'D1' repeats the opportunity of line 2"}, 1},
      // three times
      {"D1,P1,A1,ent,ERP,Demo,2026-02-01,,-1\nD1,P1,A1,ent,ERP,Demo,2026-02-01,,5\nD1,P1,A1,ent,ERP,Demo,2026-02-01,,5\n",
       {o + ":2: amount: '-1' is negative; amounts are at least 0",
        o + ":3: id: 'D1' repeats the opportunity of line 2 (that row was skipped; this one is skipped too)",
        o + ":4: id: 'D1' repeats the opportunity of line 2 (that row was skipped; this one is skipped too)"},
       0},
  };
  for (const Case& c : cases) {
    write("opportunities.csv", std::string(kHeader) + c.rows);
    std::vector<DataProblem> p;
    const CrmExport e = read(p);
    std::vector<std::string> got;
    for (const auto& x : p) got.push_back(x.to_string());
    EXPECT_EQ(got, c.problems) << c.rows;
    EXPECT_EQ(e.opportunities.size(), c.kept) << c.rows;
  }
}

// Dates against the mapping's period; period_end is the day the export was taken.
TEST_F(Fixture, DatesOutsideThePeriod) {
  const std::string period = "period_start: \"2026-01-01\" period_end: \"2027-01-01\"\n";
  const std::string o = file("opportunities.csv");
  // Created after the end: outside the export, skipped (and one day after is enough).
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2029-02-01,,5\n", period),
            o + ":2: created: 2029-02-01 is after the period end 2027-01-01: the deal is outside the export's period");
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,2027-01-02,,5\n", period),
            o + ":2: created: 2027-01-02 is after the period end 2027-01-01: the deal is outside the export's period");
  // Closed after the end: open at the end (censored), with a warning.
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Closed Won,2026-06-01,2028-03-01,5\n");
  std::vector<DataProblem> p;
  CrmExport e = read(p, period);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].to_string(), o + ":2: close_date: warning: 2028-03-01 is after the period end 2027-01-01: counted as open "
                                  "at the period end (censored), not as won");
  ASSERT_EQ(e.opportunities.size(), 1u);
  EXPECT_EQ(e.opportunities[0].outcome, Outcome::open);
  EXPECT_TRUE(std::isnan(e.opportunities[0].close_day));
  // Records dated the period end itself (the day the export was taken) are read as they are.
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Closed Lost,2026-06-01,2027-01-01,5\n" +
                                 "D2,P1,A1,ent,ERP,Demo,2027-01-01,,5\n");
  p.clear();
  e = read(p, period);
  EXPECT_TRUE(p.empty());
  ASSERT_EQ(e.opportunities.size(), 2u);
  EXPECT_EQ(e.opportunities[0].outcome, Outcome::lost);
  // Implausibly old: kept, with a warning; before the period but within 20 years: silent (deals
  // opened before the period are normal).
  EXPECT_EQ(only_problem("D1,P1,A1,ent,ERP,Demo,1926-02-01,,5\n", period),
            o + ":2: created: warning: 1926-02-01 is more than 20 years before 2026-01-01 (period_start); check the date format "
                "(the row is kept)");
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Demo,2006-01-01,,5\nD2,P1,A1,ent,ERP,Demo,2005-12-31,,5\n");
  p.clear();
  e = read(p, period);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 3u);
  EXPECT_EQ(e.opportunities.size(), 2u);
  // No period in the mapping: the period is the data's, nothing is outside it.
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Closed Won,1926-02-01,2029-03-01,5\n");
  p.clear();
  e = read(p);
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(e.opportunities[0].outcome, Outcome::won);
}

// Every file the mapping names is required, each missing one listed; a block the mapping leaves
// out is absent.
TEST_F(Fixture, MissingNamedFileIsFatal) {
  write("opportunities.csv", std::string(kHeader) + "D1,P1,A1,ent,ERP,Demo,2026-02-01,,5\n");
  for (const char* name : {"stage_history.csv", "roster.csv", "competitors.csv", "opportunities.csv"}) {
    const std::string keep = std::ifstream(dir_ / name, std::ios::binary).rdbuf() ? "" : "";
    (void)keep;
    std::ifstream in(dir_ / name, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    fs::remove(dir_ / name);
    const std::string block = std::string(name).substr(0, std::string(name).find('.'));
    std::vector<DataProblem> p;
    try {
      read(p);
      ADD_FAILURE() << name << ": expected DataError";
    } catch (const DataError& e) {
      ASSERT_EQ(e.problems().size(), 1u);
      EXPECT_EQ(e.problems()[0].kind, ProblemKind::missing_file);
      EXPECT_EQ(std::string(e.what()),
                file(name) + ": (file): the mapping names it (" + block + ".file) but the export has no such file; " +
                    (block == "opportunities" ? std::string("it is required")
                                              : "remove the " + block + " block from the mapping if the export has none"));
    }
    write(name, text);
  }
  // Two missing: both listed.
  fs::remove(dir_ / "roster.csv");
  fs::remove(dir_ / "competitors.csv");
  std::vector<DataProblem> p;
  try {
    read(p);
    ADD_FAILURE() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.problems().size(), 2u);
  }
  // A mapping without those blocks reads the export without them.
  v1::CrmMapping m = mapping_from_string(kMapping, "m.txtpb");
  m.clear_roster();
  m.clear_competitors();
  const CrmExport e = read_export(dir_.string(), m, {}, &p);
  EXPECT_FALSE(e.has_roster);
  EXPECT_FALSE(e.has_competitors);
  EXPECT_TRUE(e.has_stage_history);
}

TEST_F(Fixture, OwnerWhoseRosterRowWasSkippedIsToldSo) {
  write("roster.csv", "person,role,hire_date\nP1,am,2024-01-01\nP3,Sales Rep,2023-06-01\n");
  write("opportunities.csv", std::string(kHeader) + "D1,P3,A1,ent,ERP,Demo,2026-02-01,,5\nD2,P4,A1,ent,ERP,Demo,2026-02-01,,5\n");
  std::vector<DataProblem> p;
  read(p);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].kind, ProblemKind::unknown_role);
  EXPECT_EQ(p[1].to_string(), file("opportunities.csv") +
                                  ":2: owner: warning: 'P3' has no usable roster row (roster.csv:3 was skipped); counted as an AM");
  EXPECT_EQ(p[2].to_string(), file("opportunities.csv") + ":3: owner: warning: 'P4' is not in the roster; counted as an AM");
}

// Rules across fields of the mapping, and mapping files as editors save them.
TEST(Mapping, CrossFieldRulesAndEncodings) {
  const std::string base =
      "opportunities { file: \"o.csv\" id: \"id\" owner: \"owner\" stage: \"stage\" created: \"created\" }\n"
      "stages { name: \"Open\" outcome: OUTCOME_OPEN }\n";
  struct Case {
    std::string extra, error;
  };
  const Case cases[] = {
      {"period_start: \"2026-01-01\"\nperiod_end: \"2025-01-01\"\n",
       "m.txtpb:4:1: period_end: '2025-01-01' is not after period_start '2026-01-01' (the period is [period_start, period_end))"},
      {"period_start: \"2026-01-01\"\nperiod_end: \"2026-01-01\"\n",
       "m.txtpb:4:1: period_end: '2026-01-01' is not after period_start '2026-01-01' (the period is [period_start, period_end))"},
      {"stages { name: \"Won\" outcome: OUTCOME_WIN }\n",
       "m.txtpb:3:31: stages[1].outcome: unknown value \"OUTCOME_WIN\"; allowed: OUTCOME_OPEN, OUTCOME_WON, OUTCOME_LOST, "
       "OUTCOME_NO_DECISION"},
      {"default_deal_type: BASIC\n", "m.txtpb:3:20: default_deal_type: unknown value \"BASIC\"; allowed: BASIC_MODULE, EXPANSION, BIG_PROJECT"},
      {"roster { file: \"r.csv\" person: \"p\" role: ROLE_X }\n", ""},  // a string field: a syntax error, checked below
      {"date_formats: \"%m/%d/%y\"\n",
       "m.txtpb:3:1: date_formats[0]: '%m/%d/%y' %y (a two-digit year) is not supported: the century is ambiguous; export "
       "four-digit years and use %Y"},
      {"stage_history { file: \"h.csv\" opportunity_id: \"id\" stage: \"stage\" date: \"stage\" }\n",
       "m.txtpb:3:1: stage_history.date: 'stage' is also the column of stage_history.stage; each field needs its own column"},
      {"roster { file: \"o.csv\" person: \"p\" }\n", "m.txtpb:3:1: roster.file: 'o.csv' is also the file of opportunities"},
      {"competitors { file: \"c.csv\" opportunity_id: \" \" competitor: \"c\" }\n",
       "m.txtpb:3:1: competitors.opportunity_id: blank: give the header of the column, or leave the field out"},
      {"stages { name: \"Bad \xC4\xE3\" outcome: OUTCOME_WON }\n", "m.txtpb:3:21: not valid UTF-8 (byte 0xC4); save the mapping as UTF-8"},
  };
  for (const Case& c : cases) {
    try {
      mapping_from_string(base + c.extra, "m.txtpb");
      ADD_FAILURE() << c.extra << ": expected MappingError";
    } catch (const MappingError& e) {
      if (!c.error.empty()) {
        EXPECT_EQ(std::string(e.what()), c.error) << c.extra;
      }
    }
  }
  // The same column for two fields of the opportunities file.
  try {
    mapping_from_string("opportunities { file: \"o.csv\" id: \"ID\" owner: \"id\" stage: \"stage\" created: \"created\" }\n"
                        "stages { name: \"Open\" outcome: OUTCOME_OPEN }\n",
                        "m.txtpb");
    ADD_FAILURE() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_EQ(std::string(e.what()), "m.txtpb:1:1: opportunities.owner: 'id' is also the column of opportunities.id; each field needs "
                                     "its own column");
  }
  // A BOM is stripped.
  const v1::CrmMapping m = mapping_from_string("\xEF\xBB\xBF" + base, "m.txtpb");
  EXPECT_EQ(m.opportunities().file(), "o.csv");
}

}  // namespace
}  // namespace salesim::calibration
