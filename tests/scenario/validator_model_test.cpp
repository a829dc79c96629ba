// Validator = model (issue 14, part 7): every scenario that validates produces flows the model can
// run, and a scenario the model can run is not rejected. Enumerated over every team made of an
// empty or a staffed cohort of each role (AM, PM, presales, manager) crossed with every formation
// whose actor is on the team (offside needs an AM, misplaced a PM, covering a manager; a switch
// with nobody to act is refused by a rule of its own, tested in validate_test.cpp). "Runs" means
// every kind of flow the market sends is sold: deals are won, and so are big projects.
#include <gtest/gtest.h>

#include <string>

#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"
#include "sim/model/model.h"
#include "sim/scenario/loader.h"

namespace salesim::scenario {
namespace {

v1::Scenario team_of(bool am, bool pm, bool presales, bool manager, bool offside, bool misplaced, bool covering) {
  v1::Scenario s;
  s.set_name("edge");
  auto* seg = s.mutable_market()->add_segments();
  seg->set_name("large");
  seg->set_accounts(2000);
  seg->set_projects_per_account_per_year(0.06);
  auto* comp = s.add_competitors();
  comp->set_name("rival");
  comp->add_presence()->set_segment("large");
  comp->mutable_presence(0)->set_rate(0.4);
  auto add = [&](const char* name, v1::Role role, bool on) {
    auto* c = s.mutable_team()->add_cohorts();
    c->set_name(name);
    c->set_role(role);
    c->set_count(on ? 3 : 0);
  };
  add("am", v1::ACCOUNT_MANAGER, am);
  add("pm", v1::PROJECT_MANAGER, pm);
  add("presales", v1::PRESALES, presales);
  add("manager", v1::MANAGER, manager);
  s.mutable_formation()->mutable_offside()->set_enabled(offside);
  s.mutable_formation()->mutable_misplaced()->set_enabled(misplaced);
  s.mutable_formation()->mutable_covering()->set_enabled(covering);
  s.mutable_experiment()->set_horizon_days(365);
  model::fill_defaults(s);
  return s;
}

TEST(ValidatorModel, EveryTeamThatValidatesSellsAndEveryTeamThatSellsValidates) {
  int valid = 0, refused = 0;
  for (int bits = 0; bits < 128; ++bits) {
    const bool am = bits & 1, pm = bits & 2, presales = bits & 4, manager = bits & 8;
    const bool offside = bits & 16, misplaced = bits & 32, covering = bits & 64;
    if ((offside && !am) || (misplaced && !pm) || (covering && !manager)) continue;
    const v1::Scenario s = team_of(am, pm, presales, manager, offside, misplaced, covering);
    const std::string what = std::string("AM ") + (am ? "1" : "0") + " PM " + (pm ? "1" : "0") + " presales " +
                             (presales ? "1" : "0") + " manager " + (manager ? "1" : "0") + (offside ? " offside" : "") +
                             (misplaced ? " misplaced" : "") + (covering ? " covering" : "");
    const auto problems = validate(s);
    // A team the model can run: it has someone to hunt, to demo and to run big deals.
    double revenue = 0, big = 0;
    const model::Model m(s);
    for (std::uint64_t r = 0; r < 8; ++r) {
      const auto out = m.run({.seed = 3, .replication = r});
      revenue += out.kpis[static_cast<std::size_t>(model::kpi_index("revenue"))];
      big += out.kpis[static_cast<std::size_t>(model::kpi_index("revenue.big_project"))];
    }
    const bool runs = revenue > 0 && big > 0;
    if (problems.empty()) {
      ++valid;
      EXPECT_TRUE(runs) << what << ": validates but sells " << revenue << " CNY, " << big << " of it big projects";
    } else {
      ++refused;
      EXPECT_FALSE(runs) << what << ": refused (" << problems.front().message << ") but the model sells every flow";
    }
  }
  std::printf("  %d teams validate, %d are refused\n", valid, refused);
  EXPECT_GT(valid, 0);
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace salesim::scenario
