// The (salesim.v1.param) option is the one declaration of each parameter: every numeric field
// states a range (or is unbounded on purpose), defaults are in range and parse, explicit zeros are
// honoured where the range allows 0, out-of-range errors quote the schema, and docs/model.md's
// parameter tables are what the generator writes from the schema.
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "salesim/v1/param.pb.h"
#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"
#include "sim/scenario/loader.h"
#include "tests/scenario/schema_fields.h"

namespace salesim::scenario {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

using testing::all_fields;
using testing::is_number;

TEST(Param, EveryNumericFieldHasARangeOrIsMarkedUnbounded) {
  int numeric = 0;
  for (const FD* f : all_fields()) {
    if (!is_number(f)) continue;
    ++numeric;
    const v1::Param& p = model::param_of(f);
    EXPECT_TRUE(p.has_min() || p.has_max() || p.unbounded()) << f->full_name() << " has no (param) range and is not marked unbounded";
    EXPECT_FALSE((p.has_min() || p.has_max()) && p.unbounded()) << f->full_name() << ": a range and `unbounded` contradict";
  }
  EXPECT_GT(numeric, 100);  // the schema has >100 numeric fields; a broken walk would find few
}

TEST(Param, AFieldWithANonZeroDefaultHasPresence) {
  for (const FD* f : all_fields()) {
    const v1::Param& p = model::param_of(f);
    if (p.has_default_value() && p.default_value() != 0) {
      EXPECT_TRUE(f->has_presence()) << f->full_name() << " defaults to " << p.default_value()
                                     << " but is a plain proto3 field: a written 0 would be read as unset; make it optional";
    }
  }
}

TEST(Param, EveryDefaultLiesInItsRange) {
  for (const FD* f : all_fields()) {
    const v1::Param& p = model::param_of(f);
    if (!p.has_default_value()) continue;
    const double v = p.default_value();
    if (p.has_min()) {
      EXPECT_TRUE(p.min_exclusive() ? v > p.min() : v >= p.min()) << f->full_name();
    }
    if (p.has_max()) {
      EXPECT_TRUE(p.max_exclusive() ? v < p.max() : v <= p.max()) << f->full_name();
    }
  }
}

TEST(Param, TheSchemaLimitsAreTheLoadersLimits) {
  const pb::Descriptor* e = v1::Experiment::descriptor();
  EXPECT_EQ(model::param_of(e->FindFieldByName("replications")).max(), Limits::max_replications);
  EXPECT_EQ(model::param_of(e->FindFieldByName("max_replications")).max(), Limits::max_replications);
  EXPECT_EQ(model::param_of(e->FindFieldByName("horizon_days")).max(), Limits::max_horizon_days);
}

TEST(Param, EveryDefaultTextParsesAndFillsAnEmptyScenario) {
  v1::Scenario s;
  s.mutable_market()->add_segments()->set_name("x");
  s.add_competitors()->set_name("c");
  s.mutable_team()->add_cohorts()->set_name("am");
  s.mutable_people()->mutable_new_hire_skills();
  ASSERT_NO_THROW(model::fill_defaults(s));
  // Every default reached a field: the filled scenario validates (apart from staffing rules).
  EXPECT_EQ(s.deals().big_project_hours().solution_hours(), 48);
  EXPECT_EQ(s.market().segments(0).quarterly_seasonality_size(), 4);
  EXPECT_EQ(s.people().new_hire_skills().prospecting().beta().alpha(), 5);
  EXPECT_EQ(s.people().time_to_fill_days().triangular().mode(), 75);
}

TEST(Param, AbsentMessagesStayAbsentUnlessTheyHoldDefaults) {
  v1::Scenario s;
  model::fill_defaults(s);
  EXPECT_FALSE(s.has_targets());                   // nothing in it has a default
  EXPECT_FALSE(s.people().has_new_hire_skills());  // keep_absent: absence means "the cohort's"
  EXPECT_FALSE(s.experiment().has_sweep());
  EXPECT_TRUE(s.formation().has_offside());
}

TEST(Param, AMessageDefaultIsMergedUnderWhatWasWritten) {
  v1::Scenario s;
  s.mutable_deals()->mutable_big_project_hours()->set_solution_hours(60);
  s.mutable_deals()->mutable_big_project_hours()->set_demo_hours(0);
  model::fill_defaults(s);
  EXPECT_EQ(s.deals().big_project_hours().solution_hours(), 60);
  EXPECT_EQ(s.deals().big_project_hours().demo_hours(), 0);         // a written 0 stays 0
  EXPECT_EQ(s.deals().big_project_hours().proposal_hours(), 64);    // unwritten: the default
}

// Written zeros, by --set on the shipped fixture: honoured where the schema's range allows 0.
TEST(Param, AnExplicitZeroIsHonouredWhereTheRangeAllowsIt) {
  for (const char* path : {"formation.covering.wait_days", "people.attrition_base_per_year", "calendar.warmup_days",
                           "team.hunting_max_hours_per_week", "deals.cooling_off_days", "market.segments[large].accounts",
                           "deals.big_deal_threshold_cny", "market.coverage_accounts_per_hunting_hour",
                           "deals.big_project_hours.demo_hours"}) {
    LoadOptions o;
    o.overrides = {std::string(path) + "=0"};
    v1::Scenario s;
    ASSERT_NO_THROW(s = load_scenario("tests/scenario/fixtures/team.txtpb", o)) << path;
    EXPECT_NE(to_text(s).find(std::string(std::strrchr(path, '.') + 1) + ": 0\n"), std::string::npos) << path << " lost its 0";
  }
}

TEST(Param, OutOfRangeErrorsQuoteTheSchemaRange) {
  const std::pair<const char*, const char*> cases[] = {
      {"deals.slip_mean_days=0", "deals.slip_mean_days: 0 is out of range: must be in (0, 3650]"},
      {"team.pm_max_concurrent_deals=0", "team.pm_max_concurrent_deals: 0 is out of range: must be in [1, 1000]"},
      {"people.ramp_months=0", "people.ramp_months: 0 is out of range: must be in (0, 600]"},
      {"experiment.replications=0", "experiment.replications: 0 is out of range: must be in [1, 10000000]"},
      {"calendar.working_days_per_week=8", "calendar.working_days_per_week: 8 is out of range: must be in (0, 7]"},
      {"deals.discount_negotiation_weight=2", "deals.discount_negotiation_weight: 2 is out of range: must be in [0, 1]"},
      // 0 cannot mean "no team target" and "the sum of personal targets" at once: absent is the latter.
      {"targets.team_annual_target_cny=0", "targets.team_annual_target_cny: 0 is out of range: must be in (0, 10000000000000]"},
  };
  for (const auto& [set, expected] : cases) {
    LoadOptions o;
    o.overrides = {set};
    try {
      load_scenario("tests/scenario/fixtures/team.txtpb", o);
      ADD_FAILURE() << set << " was accepted";
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << set << "\n" << e.what();
    }
  }
}

std::string read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ModelDoc, ParameterTablesAreWhatTheSchemaGenerates) {
  const std::string committed = read("docs/model.md");
  ASSERT_FALSE(committed.empty()) << "docs/model.md is missing";
  std::vector<std::string> unknown;
  EXPECT_TRUE(model_tables(committed, &unknown) == committed)
      << "docs/model.md's parameter tables are stale: run cmake --build <build> --target scenario-reference";
  EXPECT_TRUE(unknown.empty()) << "a params block names no parameter: " << (unknown.empty() ? "" : unknown.front());
}

TEST(ModelDoc, EveryModelParameterAppearsInATable) {
  const std::string md = read("docs/model.md");
  for (const ParamLeaf& leaf : model_parameters()) {
    if (model::param_of(leaf.field).descriptive()) continue;
    EXPECT_NE(md.find("| `" + leaf.path + "` |"), std::string::npos) << leaf.path << " is in no parameter table of docs/model.md";
  }
}

TEST(Schema, CommentsDoNotRestateDefaults) {
  // A default in prose is a second declaration that drifts: the (param) option is the only one.
  const std::regex stated(R"(//.*\(default [0-9])");
  for (const char* file : {"sim/proto/salesim/v1/scenario.proto", "sim/proto/salesim/v1/experiment.proto"}) {
    std::istringstream in(read(file));
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      EXPECT_FALSE(std::regex_search(line, stated)) << file << ":" << n << ": " << line;
    }
  }
}

}  // namespace
}  // namespace salesim::scenario
