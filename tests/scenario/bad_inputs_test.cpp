// Bad input, file by file: each case is a file under tests/scenario/bad/ (or the good fixture with
// bad --set overrides) and the exact message salesim prints for it. A change in wording shows here.
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"

namespace salesim::scenario {
namespace {

struct BadCase {
  const char* name;
  const char* file;
  std::vector<std::string> overrides;
  const char* expected;  // ScenarioError::what(): one diagnostic per line
};

const BadCase kCases[] = {
    {"beta_alpha_zero_txtpb", "tests/scenario/bad/beta_alpha_zero.txtpb", {},
     R"~(tests/scenario/bad/beta_alpha_zero.txtpb:6:35: team.cohorts[am].skills.prospecting.beta.alpha: beta needs alpha in (0, 1000000], got 0)~"},
    {"covering_without_manager_txtpb", "tests/scenario/bad/covering_without_manager.txtpb", {},
     R"~(tests/scenario/bad/covering_without_manager.txtpb:7:14: formation.covering.enabled: covering needs a MANAGER cohort with count > 0 (the manager is who covers))~"},
    {"duplicate_cohort_name_txtpb", "tests/scenario/bad/duplicate_cohort_name.txtpb", {},
     R"~(tests/scenario/bad/duplicate_cohort_name.txtpb:5:13: team.cohorts[am].name: duplicate name 'am'; names in cohorts must be unique
tests/scenario/bad/duplicate_cohort_name.txtpb: market: a scenario needs at least one market segment (market { segments { name: "..." } }))~"},
    {"efficiency_duplicate_txtpb", "tests/scenario/bad/efficiency_duplicate.txtpb", {},
     R"~(tests/scenario/bad/efficiency_duplicate.txtpb:5:3: formation.efficiency[1]: duplicate entry for this (role, task) pair; give each pair once)~"},
    {"efficiency_zero_txtpb", "tests/scenario/bad/efficiency_zero.txtpb", {},
     R"~(tests/scenario/bad/efficiency_zero.txtpb:4:45: formation.efficiency[0].efficiency: 0 is out of range: must be in (0, 1])~"},
    {"empirical_weights_mismatch_txtpb", "tests/scenario/bad/empirical_weights_mismatch.txtpb", {},
     R"~(tests/scenario/bad/empirical_weights_mismatch.txtpb:6:74: market.segments[small].basic_module_size_cny.empirical.weights: empirical has 2 weights for 3 values; give one weight per value or none)~"},
    {"holiday_backwards_txtpb", "tests/scenario/bad/holiday_backwards.txtpb", {},
     R"~(tests/scenario/bad/holiday_backwards.txtpb:4:28: calendar.holidays[0].end_day: end_day 33 must be after start_day 40)~"},
    {"horizon_negative_txtpb", "tests/scenario/bad/horizon_negative.txtpb", {},
     R"~(tests/scenario/bad/horizon_negative.txtpb:3:14: experiment.horizon_days: -30 is out of range: must be in (0, 36500])~"},
    {"hours_over_168_txtpb", "tests/scenario/bad/hours_over_168.txtpb", {},
     R"~(tests/scenario/bad/hours_over_168.txtpb:4:24: team.cohorts[pm].hours_per_week: 170 is out of range: must be in (0, 168])~"},
    {"json_duplicate_key_json", "tests/scenario/bad/json_duplicate_key.json", {},
     R"~(tests/scenario/bad/json_duplicate_key.json:5:3: field "experiment" is specified twice in one object (first at line 4, column 3); state each field once)~"},
    {"json_duplicate_nested_key_json", "tests/scenario/bad/json_duplicate_nested_key.json", {},
     R"~(tests/scenario/bad/json_duplicate_nested_key.json:3:39: field "replications" is specified twice in one object (first at line 3, column 19); state each field once)~"},
    {"json_trailing_comma_json", "tests/scenario/bad/json_trailing_comma.json", {},
     R"~(tests/scenario/bad/json_trailing_comma.json:3:37: trailing comma before '}' is not allowed in JSON)~"},
    {"json_unknown_field_json", "tests/scenario/bad/json_unknown_field.json", {},
     R"~(tests/scenario/bad/json_unknown_field.json:3:3: unknown field 'teem'. Did you mean "team"?)~"},
    {"json_wrong_type_json", "tests/scenario/bad/json_wrong_type.json", {},
     R"~(tests/scenario/bad/json_wrong_type.json:2:42: team.cohorts[0].count: invalid value "three" for type TYPE_UINT32)~"},
    {"limit_accounts_txtpb", "tests/scenario/bad/limit_accounts.txtpb", {},
     R"~(tests/scenario/bad/limit_accounts.txtpb:4:28: market.segments[small].accounts: 2000000 is out of range: must be in [0, 1000000]
tests/scenario/bad/limit_accounts.txtpb:4:28: market.segments[small].accounts: the market has 2000200 accounts in all; the limit is 1000000)~"},
    {"limit_horizon_txtpb", "tests/scenario/bad/limit_horizon.txtpb", {},
     R"~(tests/scenario/bad/limit_horizon.txtpb:3:14: experiment.horizon_days: 50000 is out of range: must be in (0, 36500])~"},
    {"limit_nesting_json", "tests/scenario/bad/limit_nesting.json", {},
     R"~(tests/scenario/bad/limit_nesting.json:1:289: nesting deeper than 32 levels (limit against hostile files))~"},
    {"limit_nesting_txtpb", "tests/scenario/bad/limit_nesting.txtpb", {},
     R"~(tests/scenario/bad/limit_nesting.txtpb:2:230: nesting deeper than 32 levels (limit against hostile files))~"},
    {"limit_people_txtpb", "tests/scenario/bad/limit_people.txtpb", {},
     R"~(tests/scenario/bad/limit_people.txtpb:4:24: team.cohorts[am].count: 20000 is out of range: must be in [0, 10000]
tests/scenario/bad/limit_people.txtpb:4:24: team.cohorts[am].count: the team has 20007 people in all; the limit is 10000)~"},
    {"limit_replications_txtpb", "tests/scenario/bad/limit_replications.txtpb", {},
     R"~(tests/scenario/bad/limit_replications.txtpb:3:14: experiment.replications: 50000000 is out of range: must be in [1, 10000000])~"},
    {"limit_work_txtpb", "tests/scenario/bad/limit_work.txtpb", {},
     R"~(tests/scenario/bad/limit_work.txtpb:6:14: experiment.horizon_days: work estimate (people + accounts) x (warm-up + horizon days) = 900213 x 3832 = 3449616216 exceeds the limit of 2000000000; shorten the horizon or calendar.warmup_days, or shrink the team or market)~"},
    {"many_errors_txtpb", "tests/scenario/bad/many_errors.txtpb", {},
     R"~(tests/scenario/bad/many_errors.txtpb:4:24: team.cohorts[am].hours_per_week: 200 is out of range: must be in (0, 168]
tests/scenario/bad/many_errors.txtpb:5:47: team.cohorts[pm].skills.exec_access.fixed: value -0.1 is outside the values of a skill in [0, 1]
tests/scenario/bad/many_errors.txtpb:7:37: formation.offside.am_share: 1.1 is out of range: must be in [0, 1])~"},
    {"missing_role_txtpb", "tests/scenario/bad/missing_role.txtpb", {},
     R"~(tests/scenario/bad/missing_role.txtpb:4:3: team.cohorts[interns].role: is required: one of ACCOUNT_MANAGER, PROJECT_MANAGER, PRESALES, MANAGER)~"},
    {"no_hunter_txtpb", "tests/scenario/bad/no_hunter.txtpb", {},
     R"~(tests/scenario/bad/no_hunter.txtpb:4:24: team.cohorts[am].count: the market has buying projects but nobody hunts: add an ACCOUNT_MANAGER cohort with count > 0)~"},
    {"no_presales_txtpb", "tests/scenario/bad/no_presales.txtpb", {},
     R"~(tests/scenario/bad/no_presales.txtpb:4:30: team.cohorts[presales].count: deals need demo and solution hours but nobody does them: add a PRESALES cohort with count > 0, enable formation.offside, or set the deals' demo_hours and solution_hours to 0)~"},
    {"no_project_manager_txtpb", "tests/scenario/bad/no_project_manager.txtpb", {},
     R"~(tests/scenario/bad/no_project_manager.txtpb:4:24: team.cohorts[pm].count: a GO_BIG segment sells big projects but nobody runs them: add a PROJECT_MANAGER cohort with count > 0, enable formation.covering with a MANAGER or formation.offside, or set the segments' big_project_share to 0)~"},
    {"not_finite_txtpb", "tests/scenario/bad/not_finite.txtpb", {},
     R"~(tests/scenario/bad/not_finite.txtpb:3:9: deals.win_skill_weight: must be a finite number, got nan)~"},
    {"overlay_bad_base_txtpb", "tests/scenario/bad/overlay_bad_base.txtpb", {},
     R"~(tests/scenario/bad/hours_over_168.txtpb:4:24: team.cohorts[pm].hours_per_week: 170 is out of range: must be in (0, 168])~"},
    {"overlay_duplicate_name_txtpb", "tests/scenario/bad/overlay_duplicate_name.txtpb", {},
     R"~(tests/scenario/bad/overlay_duplicate_name.txtpb:5:13: team.cohorts[pm].name: duplicate name 'pm'; names in cohorts must be unique)~"},
    {"overlay_cycle_a_txtpb", "tests/scenario/bad/overlay_cycle_a.txtpb", {},
     R"~(tests/scenario/bad/overlay_cycle_b.txtpb:2:1: base: overlay cycle: tests/scenario/bad/overlay_cycle_a.txtpb -> tests/scenario/bad/overlay_cycle_b.txtpb -> tests/scenario/bad/overlay_cycle_a.txtpb; a scenario cannot be its own base)~"},
    {"overlay_cycle_b_txtpb", "tests/scenario/bad/overlay_cycle_b.txtpb", {},
     R"~(tests/scenario/bad/overlay_cycle_a.txtpb:2:1: base: overlay cycle: tests/scenario/bad/overlay_cycle_b.txtpb -> tests/scenario/bad/overlay_cycle_a.txtpb -> tests/scenario/bad/overlay_cycle_b.txtpb; a scenario cannot be its own base)~"},
    {"overlay_missing_base_txtpb", "tests/scenario/bad/overlay_missing_base.txtpb", {},
     R"~(tests/scenario/bad/overlay_missing_base.txtpb:2:1: base: base file 'no_such_baseline.txtpb' (tests/scenario/bad/no_such_baseline.txtpb): cannot read the file: it does not exist)~"},
    {"overlay_self_txtpb", "tests/scenario/bad/overlay_self.txtpb", {},
     R"~(tests/scenario/bad/overlay_self.txtpb:2:1: base: overlay cycle: tests/scenario/bad/overlay_self.txtpb -> tests/scenario/bad/overlay_self.txtpb; a scenario cannot be its own base)~"},
    {"overlay_syntax_in_base_txtpb", "tests/scenario/bad/overlay_syntax_in_base.txtpb", {},
     R"~(tests/scenario/bad/syntax_unknown_field.txtpb:4:3: calendar: Message type "salesim.v1.Calendar" has no field named "quarter_dayz". Did you mean "quarter_days"?)~"},
    {"probability_over_one_txtpb", "tests/scenario/bad/probability_over_one.txtpb", {},
     R"~(tests/scenario/bad/probability_over_one.txtpb:5:31: competitors[rival].presence[0].rate: 1.5 is out of range: must be in [0, 1])~"},
    {"rate_zero_discovery_txtpb", "tests/scenario/bad/rate_zero_discovery.txtpb", {},
     R"~(tests/scenario/bad/rate_zero_discovery.txtpb:3:29: competitors[rival].discovery_days: -5 is out of range: must be in (0, 3650])~"},
    {"seasonality_three_values_txtpb", "tests/scenario/bad/seasonality_three_values.txtpb", {},
     R"~(tests/scenario/bad/seasonality_three_values.txtpb:4:28: market.segments[large].quarterly_seasonality: has 3 values; give 4 (one per quarter) or none)~"},
    {"share_negative_txtpb", "tests/scenario/bad/share_negative.txtpb", {},
     R"~(tests/scenario/bad/share_negative.txtpb:4:29: formation.misplaced.pm_hunting_share: -0.2 is out of range: must be in [0, 1])~"},
    {"size_negative_txtpb", "tests/scenario/bad/size_negative.txtpb", {},
     R"~(tests/scenario/bad/size_negative.txtpb:6:29: market.segments[small].basic_module_size_cny.fixed: value -50000 is outside the values of a quantity in [0, 1000000000000])~"},
    {"skill_fixed_above_one_txtpb", "tests/scenario/bad/skill_fixed_above_one.txtpb", {},
     R"~(tests/scenario/bad/skill_fixed_above_one.txtpb:6:28: team.cohorts[pm].skills.negotiation.fixed: value 1.2 is outside the values of a skill in [0, 1])~"},
    {"skill_unbounded_txtpb", "tests/scenario/bad/skill_unbounded.txtpb", {},
     R"~(tests/scenario/bad/skill_unbounded.txtpb:6:29: team.cohorts[pm].skills.deal_running.lognormal: lognormal is unbounded; a skill in [0, 1] needs beta, uniform, triangular, fixed or a clamped normal)~"},
    {"sweep_bad_path_txtpb", "tests/scenario/bad/sweep_bad_path.txtpb", {},
     R"~(tests/scenario/bad/sweep_bad_path.txtpb:6:14: experiment.sweep.grid.axes[0].path: team.cohorts[pm].cnt: no field 'cnt' in Cohort; did you mean 'count'?)~"},
    {"sweep_bad_value_txtpb", "tests/scenario/bad/sweep_bad_value.txtpb", {},
     R"~(tests/scenario/bad/sweep_bad_value.txtpb:6:49: experiment.sweep.grid.axes[0].values[1]: at formation.offside.am_share = 1.5: formation.offside.am_share: 1.5 is out of range: must be in [0, 1])~"},
    {"sweep_fractional_count_txtpb", "tests/scenario/bad/sweep_fractional_count.txtpb", {},
     R"~(tests/scenario/bad/sweep_fractional_count.txtpb:6:45: experiment.sweep.grid.axes[0].values[1]: team.cohorts[pm].count: '2.5' is not a whole number in [0, 4294967295])~"},
    {"sweep_lhs_range_txtpb", "tests/scenario/bad/sweep_lhs_range.txtpb", {},
     R"~(tests/scenario/bad/sweep_lhs_range.txtpb:7:70: experiment.sweep.latin_hypercube.ranges[0].max: max 0.2 is below min 0.6)~"},
    {"syntax_duplicate_field_txtpb", "tests/scenario/bad/syntax_duplicate_field.txtpb", {},
     R"~(tests/scenario/bad/syntax_duplicate_field.txtpb:3:1: Non-repeated field "name" is specified multiple times.)~"},
    {"syntax_missing_brace_txtpb", "tests/scenario/bad/syntax_missing_brace.txtpb", {},
     R"~(tests/scenario/bad/syntax_missing_brace.txtpb:4:1: team: Expected identifier, got: end of file (a '}' or '>' missing?))~"},
    {"syntax_negative_count_txtpb", "tests/scenario/bad/syntax_negative_count.txtpb", {},
     R"~(tests/scenario/bad/syntax_negative_count.txtpb:3:31: team.cohorts[am].count: Expected integer, got: -)~"},
    {"syntax_not_a_number_txtpb", "tests/scenario/bad/syntax_not_a_number.txtpb", {},
     R"~(tests/scenario/bad/syntax_not_a_number.txtpb:2:28: experiment.horizon_days: Expected double, got: one_year)~"},
    {"syntax_not_utf8_txtpb", "tests/scenario/bad/syntax_not_utf8.txtpb", {},
     R"~(tests/scenario/bad/syntax_not_utf8.txtpb:2:11: file is not valid UTF-8 text (a binary file?))~"},
    {"syntax_unknown_enum_txtpb", "tests/scenario/bad/syntax_unknown_enum.txtpb", {},
     R"~(tests/scenario/bad/syntax_unknown_enum.txtpb:3:30: team.cohorts[am].role: Unknown enumeration value of "ACCOUNT_MANAGR" for field "role". Allowed: ACCOUNT_MANAGER, PROJECT_MANAGER, PRESALES, MANAGER.)~"},
    {"syntax_unknown_field_txtpb", "tests/scenario/bad/syntax_unknown_field.txtpb", {},
     R"~(tests/scenario/bad/syntax_unknown_field.txtpb:4:3: calendar: Message type "salesim.v1.Calendar" has no field named "quarter_dayz". Did you mean "quarter_days"?)~"},
    {"syntax_unterminated_string_txtpb", "tests/scenario/bad/syntax_unterminated_string.txtpb", {},
     R"~(tests/scenario/bad/syntax_unterminated_string.txtpb:2:14: name: String literals cannot cross line boundaries.)~"},
    {"triangular_mode_outside_txtpb", "tests/scenario/bad/triangular_mode_outside.txtpb", {},
     R"~(tests/scenario/bad/triangular_mode_outside.txtpb:6:54: market.segments[large].big_project_size_cny.triangular.mode: triangular needs min <= mode <= max, got 1000000, 9000000, 5000000)~"},
    {"uniform_min_above_max_txtpb", "tests/scenario/bad/uniform_min_above_max.txtpb", {},
     R"~(tests/scenario/bad/uniform_min_above_max.txtpb:6:39: team.cohorts[am].tenure_months.uniform.max: uniform needs min <= max, got min 24 > max 6)~"},
    {"unknown_cohort_segment_txtpb", "tests/scenario/bad/unknown_cohort_segment.txtpb", {},
     R"~(tests/scenario/bad/unknown_cohort_segment.txtpb:4:24: team.cohorts[am].segment: unknown segment 'Large'; market segments are: large, small (or leave it empty for all))~"},
    {"unknown_competitor_segment_txtpb", "tests/scenario/bad/unknown_competitor_segment.txtpb", {},
     R"~(tests/scenario/bad/unknown_competitor_segment.txtpb:5:14: competitors[upstart].presence[0].segment: unknown segment 'mid'; market segments are: large, small)~"},
    {"json_semantic_json", "tests/scenario/bad/json_semantic.json", {},
     R"~(tests/scenario/bad/json_semantic.json:5:23: team.cohorts[pm].hours_per_week: 200 is out of range: must be in (0, 168]
tests/scenario/bad/json_semantic.json:6:89: team.cohorts[rookies].segment: unknown segment 'mid'; market segments are: large, small (or leave it empty for all))~"},
    {"json_unknown_nested_field_json", "tests/scenario/bad/json_unknown_nested_field.json", {},
     R"~(tests/scenario/bad/json_unknown_nested_field.json:3:42: team.cohorts[0]: unknown field 'cnt'. Did you mean "count"?)~"},
    {"json_bad_enum_json", "tests/scenario/bad/json_bad_enum.json", {},
     R"~(tests/scenario/bad/json_bad_enum.json:4:36: team.cohorts[0].role: invalid value "BOSS" for Role; one of: ACCOUNT_MANAGER, PROJECT_MANAGER, PRESALES, MANAGER)~"},
    {"json_truncated_json", "tests/scenario/bad/json_truncated.json", {},
     R"~(tests/scenario/bad/json_truncated.json: invalid JSON: Unexpected end of string. Expected , or } after key:value pair.)~"},
    {"set_unknown_field", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pm].cuont=4)~"},
     R"~(--set: team.cohorts[pm].cuont: no field 'cuont' in Cohort; did you mean 'count'?)~"},
    {"set_not_a_number", "tests/scenario/fixtures/team.txtpb", {R"~(experiment.horizon_days=a year)~"},
     R"~(--set: experiment.horizon_days: 'a year' is not a number)~"},
    {"set_fractional_count", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pm].count=4.5)~"},
     R"~(--set: team.cohorts[pm].count: '4.5' is not a whole number in [0, 4294967295])~"},
    {"set_negative_count", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pm].count=-1)~"},
     R"~(--set: team.cohorts[pm].count: '-1' is not a whole number in [0, 4294967295])~"},
    {"set_unknown_name", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pms].count=4)~"},
     R"~(--set: team.cohorts[pms]: no element named 'pms'; names are: am, pm, presales, gm)~"},
    {"set_index_out_of_range", "tests/scenario/fixtures/team.txtpb", {R"~(competitors[3].strength=1)~"},
     R"~(--set: competitors[3]: index 3 is out of range: competitors has 1 element)~"},
    {"set_bad_syntax", "tests/scenario/fixtures/team.txtpb", {R"~(team..cohorts=1)~"},
     R"~(--set: team..cohorts: bad path syntax at character 6: expected a field name (write fields separated by '.', elements as name[index] or name[key]))~"},
    {"set_missing_bracket", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pm.count=1)~"},
     R"~(--set: team.cohorts[pm.count: bad path syntax at character 13: missing ']' (write fields separated by '.', elements as name[index] or name[key]))~"},
    {"set_no_equals", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pm].count)~"},
     R"~(--set: 'team.cohorts[pm].count' is not an assignment; write path=value, e.g. team.cohorts[pm].count=4)~"},
    {"set_unknown_enum", "tests/scenario/fixtures/team.txtpb", {R"~(market.segments[large].strategy=GO_HUGE)~"},
     R"~(--set: market.segments[large].strategy: unknown SegmentStrategy 'GO_HUGE'; one of: GO_BIG, LAND_AND_EXPAND)~"},
    {"set_list_without_index", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts=4)~"},
     R"~(--set: team.cohorts: is a list (4 elements); pick one: cohorts[index] or cohorts[name])~"},
    {"set_index_on_singular", "tests/scenario/fixtures/team.txtpb", {R"~(formation[0].offside.enabled=true)~"},
     R"~(--set: formation: is not a list; remove [0])~"},
    {"set_message_needs_field", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pm].skills=0.5)~"},
     R"~(--set: team.cohorts[pm].skills: is a message (Skills); set one of its fields (prospecting, solutioning, deal_running, negotiation, exec_access) or give text format in braces, e.g. '{ ... }')~"},
    {"set_field_of_a_number", "tests/scenario/fixtures/team.txtpb", {R"~(experiment.horizon_days.value=1)~"},
     R"~(--set: experiment.horizon_days: is a value, not a message; it has no field 'value')~"},
    {"set_value_out_of_range", "tests/scenario/fixtures/team.txtpb", {R"~(formation.offside.am_share=1.5)~"},
     R"~(--set: formation.offside.am_share: 1.5 is out of range: must be in [0, 1])~"},
    {"set_bad_bool", "tests/scenario/fixtures/team.txtpb", {R"~(formation.covering.enabled=yes)~"},
     R"~(--set: formation.covering.enabled: 'yes' is not a boolean; write true or false)~"},
    {"set_not_finite", "tests/scenario/fixtures/team.txtpb", {R"~(deals.win_base_utility=inf)~"},
     R"~(--set: deals.win_base_utility: 'inf' is not a finite number)~"},
    {"set_bad_distribution_text", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[am].tenure_months={ uniform { min: 1 maks: 2 } })~"},
     R"~(--set: team.cohorts[am].tenure_months: bad Distribution text: column 20: Message type "salesim.v1.Distribution.Uniform" has no field named "maks".)~"},
    {"set_two_errors", "tests/scenario/fixtures/team.txtpb", {R"~(team.cohorts[pm].count=many)~", R"~(experiment.replications=0.5)~"},
     R"~(--set: team.cohorts[pm].count: 'many' is not a whole number in [0, 4294967295]
--set: experiment.replications: '0.5' is not a whole number in [0, 4294967295])~"},
};

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, IsRejectedWithItsExactMessage) {
  const BadCase& c = GetParam();
  try {
    load_scenario(c.file, LoadOptions{c.overrides});
    FAIL() << c.file << " loaded without an error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), c.expected);
    EXPECT_FALSE(e.diagnostics().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Files, BadInput, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(BadInputSuite, CoversEveryFileInTheBadFolder) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator("tests/scenario/bad")) {
    const std::string path = "tests/scenario/bad/" + entry.path().filename().string();
    bool covered = false;
    for (const BadCase& c : kCases) covered = covered || path == c.file;
    EXPECT_TRUE(covered) << path << " has no expected message in kCases";
    ++files;
  }
  EXPECT_GE(files + 1, 25u);  // + the oversized file made below
}

TEST(BadInputSuite, AFileOverTheSizeLimitIsRejectedBeforeParsing) {
  const auto path = std::filesystem::temp_directory_path() / ("salesim_scenario_too_big_" + std::to_string(::getpid()) + ".txtpb");
  {
    std::ofstream out(path, std::ios::binary);
    out << "# " << std::string(Limits::max_file_bytes, 'x') << "\n";
  }
  try {
    load_scenario(path.string());
    FAIL() << "an oversized file loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": file is " + std::to_string(Limits::max_file_bytes + 3) +
                                         " bytes; the limit is " + std::to_string(Limits::max_file_bytes) + " bytes");
  }
  std::filesystem::remove(path);
}

TEST(BadInputSuite, AMissingFileIsReportedByName) {
  try {
    load_scenario("tests/scenario/bad/does_not_exist.txtpb");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "tests/scenario/bad/does_not_exist.txtpb: cannot read the file: it does not exist");
  }
}

TEST(BadInputSuite, ADirectoryIsNotAScenario) {
  try {
    load_scenario("tests/scenario/bad");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "tests/scenario/bad: cannot read the file: not a regular file");
  }
}

}  // namespace
}  // namespace salesim::scenario

namespace salesim::scenario {
namespace {

std::string parse_error(const std::string& text) {
  try {
    load_scenario_from_string(text, "p.txtpb");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(loaded)";
}

// Every parse error names the field it is in, whatever the kind of error and wherever the field
// stands: top level, nested, an element of a list (by the name it gave before the error, else by
// its index), a list of scalars, a phase's overlay; and a bool written as a number or a word says
// so as --set does.
TEST(BadInputSuite, ParseErrorsNameTheFieldTheyAreIn) {
  const std::pair<const char*, const char*> cases[] = {
      {"nme: \"x\"", "p.txtpb:1:1: Message type \"salesim.v1.Scenario\" has no field named \"nme\". Did you mean \"name\"?"},
      {"calendar { warmup_days: abc }", "p.txtpb:1:25: calendar.warmup_days: Expected double, got: abc"},
      {"calendar { holidays { start_day: 1 end_dai: 2 } }",
       "p.txtpb:1:36: calendar.holidays[0]: Message type \"salesim.v1.Holiday\" has no field named \"end_dai\". Did you "
       "mean \"end_day\"?"},
      {"team { cohorts { name: \"am\" count: 1 } cohorts { name: \"pm\" count: x } }",
       "p.txtpb:1:68: team.cohorts[pm].count: Expected integer, got: x"},
      {"team { cohorts { count: x name: \"pm\" } }", "p.txtpb:1:25: team.cohorts[0].count: Expected integer, got: x"},
      {"market { segments { name: \"s\" quarterly_seasonality: [1, 2, y] } }",
       "p.txtpb:1:61: market.segments[s].quarterly_seasonality: Expected double, got: y"},
      {"people { replace_leavers: 2 }", "p.txtpb:1:27: people.replace_leavers: '2' is not a boolean; write true or false"},
      {"people { replace_leavers: maybe }",
       "p.txtpb:1:27: people.replace_leavers: 'maybe' is not a boolean; write true or false"},
      {"phases { name: \"a\" set { formation { offside { am_sahre: 1 } } } }",
       "p.txtpb:1:48: phases[a].set.formation.offside: Message type \"salesim.v1.Offside\" has no field named \"am_sahre\". "
       "Did you mean \"am_share\"?"},
      {"description: \"never closed\nname: \"x\"", "p.txtpb:1:27: description: String literals cannot cross line boundaries."},
      // Tabs: protobuf counts a tab to the next multiple of 8, past the line's length (fuzzer find).
      {"people {\treplace_leavers:\t\t\t\t\t\t\tmaybe }",
       "p.txtpb:1:33: people.replace_leavers: 'maybe' is not a boolean; write true or false"},
      {"# comment { with braces }\nexperiment {\n  seed: \"s\"\n}",
       "p.txtpb:3:9: experiment.seed: Expected integer, got: \"s\""},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(parse_error(text), expected) << text;
}

}  // namespace
}  // namespace salesim::scenario
