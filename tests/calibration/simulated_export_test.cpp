// Simulated CRM exports (sim/calibration/simulated_export.h): which deals an export holds, how a
// deal's history is laid out, and that a key gives one export.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "sim/calibration/simulated_export.h"
#include "sim/experiment/scenario_io.h"

namespace salesim::calibration {
namespace {

v1::Scenario golden_triangle() {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  v1::Scenario s = experiment::load_scenario_file(std::string(root ? root : ".") + "/scenarios/golden_triangle.txtpb", {});
  experiment::prepare_for_run(s);
  return s;
}

TEST(SimulatedExport, HoldsEveryDealOpenAtDayZeroOrClosedInThePeriodAndNoOther) {
  const model::Model m(golden_triangle());
  model::CrmRecord rec;
  (void)m.run({.seed = 4, .replication = 1}, nullptr, &rec);
  const CrmExport e = export_from_record(rec);
  std::set<std::string> ids;
  for (const Opportunity& o : e.opportunities) ids.insert(o.id);
  int warmup_open = 0, warmup_closed = 0;
  for (std::size_t i = 0; i < rec.deals.size(); ++i) {
    const model::DealRecord& d = rec.deals[i];
    const bool open = d.outcome == model::RecordedOutcome::open;
    const bool in = open || d.close_day >= 0;
    EXPECT_EQ(ids.count(std::string("D").append(std::to_string(i))), in ? 1u : 0u) << i;
    if (d.created_day < 0 && in) ++warmup_open;
    if (!in) ++warmup_closed;
  }
  // The warm-up (a year) leaves deals in flight at day 0 and deals closed before it.
  EXPECT_GT(warmup_open, 0);
  EXPECT_GT(warmup_closed, 0);
  EXPECT_EQ(e.period_start_day, 0);
  EXPECT_EQ(e.period_end_day, 365);
  for (const Opportunity& o : e.opportunities) {
    if (o.created_day < 0) {
      EXPECT_TRUE(o.outcome == Outcome::open || o.close_day >= 0) << o.id;
    }
  }
}

TEST(SimulatedExport, EachDealsHistoryStartsAtItsCreationAndEndsWithItsClose) {
  const CrmExport e = simulate_export(golden_triangle(), {.seed = 9, .replication = 0});
  ASSERT_TRUE(e.has_stage_history && e.has_roster && e.has_competitors);
  std::map<std::string, std::vector<const StageChange*>> rows;
  for (const StageChange& c : e.stage_history) rows[c.opportunity_id].push_back(&c);
  std::set<std::string> roster;
  for (const RosterEntry& r : e.roster) roster.insert(r.person);
  int won = 0, lost = 0, open = 0, slips = 0;
  for (const Opportunity& o : e.opportunities) {
    const auto& h = rows[o.id];
    ASSERT_FALSE(h.empty()) << o.id;
    EXPECT_EQ(h.front()->day, o.created_day);
    EXPECT_EQ(h.front()->stage, "Qualify");
    EXPECT_TRUE(std::isnan(h.front()->close_day));
    EXPECT_EQ(o.product, kind_name(o.kind));
    if (!o.owner.empty()) {
      EXPECT_EQ(roster.count(o.owner), 1u) << o.owner;
    }
    double last_close = kBlank;
    for (const StageChange* c : h) {
      if (!std::isnan(last_close) && !std::isnan(c->close_day) && c->close_day > last_close) ++slips;
      if (!std::isnan(c->close_day)) last_close = c->close_day;
    }
    switch (o.outcome) {
      case Outcome::open:
        ++open;
        EXPECT_TRUE(std::isnan(o.close_day));
        EXPECT_EQ(o.stage, h.back()->stage);
        EXPECT_GT(o.amount_cny, 0);
        break;
      case Outcome::won:
        ++won;
        EXPECT_EQ(o.stage, kClosedWon);
        EXPECT_EQ(h.back()->stage, kClosedWon);
        EXPECT_EQ(h.back()->day, o.close_day);
        EXPECT_EQ(h.back()->amount_cny, o.amount_cny);
        EXPECT_GT(o.amount_cny, 0);
        break;
      case Outcome::lost:
      case Outcome::no_decision:
        ++lost;
        EXPECT_EQ(h.back()->stage, o.outcome == Outcome::lost ? kClosedLost : kNoDecision);
        EXPECT_EQ(h.back()->day, o.close_day);
        EXPECT_TRUE(std::isnan(o.amount_cny));
        break;
    }
    if (o.outcome != Outcome::open) {
      EXPECT_GE(o.close_day, 0);
      EXPECT_LT(o.close_day, 365);
    }
  }
  EXPECT_GT(won, 50);
  EXPECT_GT(lost, 50);
  EXPECT_GT(open, 10);
  EXPECT_GT(slips, 5);  // slips show as a close date moved later
  for (const CompetitorRow& c : e.competitors) EXPECT_TRUE(c.competitor == "NorthSoft" || c.competitor == "EastERP" || c.competitor == "GlobalSuite");
  EXPECT_FALSE(e.competitors.empty());
}

TEST(SimulatedExport, OneKeyGivesOneExportAndAnotherReplicationAnother) {
  const v1::Scenario s = golden_triangle();
  const CrmExport a = simulate_export(s, {.seed = 2, .replication = 3}, Epoch{2025, 4, 1});
  const CrmExport b = simulate_export(s, {.seed = 2, .replication = 3}, Epoch{2025, 4, 1});
  const CrmExport c = simulate_export(s, {.seed = 2, .replication = 4}, Epoch{2025, 4, 1});
  ASSERT_EQ(a.opportunities.size(), b.opportunities.size());
  for (std::size_t i = 0; i < a.opportunities.size(); ++i) {
    EXPECT_EQ(a.opportunities[i].id, b.opportunities[i].id);
    EXPECT_EQ(a.opportunities[i].created_day, b.opportunities[i].created_day);
    EXPECT_EQ(std::isnan(a.opportunities[i].amount_cny) ? -1.0 : a.opportunities[i].amount_cny,
              std::isnan(b.opportunities[i].amount_cny) ? -1.0 : b.opportunities[i].amount_cny);
  }
  EXPECT_EQ(a.epoch_year, 2025);
  EXPECT_EQ(a.epoch_month, 4);
  bool differs = a.opportunities.size() != c.opportunities.size();
  for (std::size_t i = 0; !differs && i < a.opportunities.size(); ++i)
    differs = a.opportunities[i].created_day != c.opportunities[i].created_day;
  EXPECT_TRUE(differs);
}

TEST(SimulatedExport, TheRosterHoldsTheTeamWithTenureBeforeDayZero) {
  const CrmExport e = simulate_export(golden_triangle(), {.seed = 1, .replication = 0});
  std::map<PersonRole, int> roles;
  int hired_before = 0;
  for (const RosterEntry& r : e.roster) {
    roles[r.role] += 1;
    if (r.hire_day < 0) ++hired_before;
    EXPECT_FALSE(std::isnan(r.hire_day));
  }
  EXPECT_GT(roles[PersonRole::am], 0);
  EXPECT_GT(roles[PersonRole::pm], 0);
  EXPECT_GT(roles[PersonRole::presales], 0);
  EXPECT_GT(roles[PersonRole::manager], 0);
  EXPECT_GT(hired_before, static_cast<int>(e.roster.size()) / 2);
}

}  // namespace
}  // namespace salesim::calibration
