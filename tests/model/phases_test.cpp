// Policy phases in the model: a phase changes nothing before its day (common random numbers: the
// same weekly revenue with and without it) and changes behaviour after; staffing steps at the
// switch; and the shipped mid_year_turnaround raises second-half opportunities and attainment.
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "sim/scenario/loader.h"
#include "tests/model/test_support.h"

namespace salesim::model::testing {
namespace {

v1::Phase* add_phase(v1::Scenario& s, const std::string& name, double start_day) {
  v1::Phase* p = s.add_phases();
  p->set_name(name);
  p->set_start_day(start_day);
  return p;
}

const std::vector<double>& series_of(const ReplicationOutput& out, const std::string& name) {
  const auto& names = series_catalog();
  const auto it = std::find(names.begin(), names.end(), name);
  EXPECT_NE(it, names.end()) << name;
  return out.weekly[static_cast<std::size_t>(it - names.begin())];
}

struct Recorder : Observer {
  std::vector<TraceEvent> events;
  void on_event(const TraceEvent& e) override { events.push_back(e); }
};

TEST(Phases, ChangeNothingBeforeTheirDayAndBehaviourAfter) {
  const v1::Scenario plain = golden_triangle();
  v1::Scenario phased = plain;
  auto* offside = add_phase(phased, "offside", 140)->mutable_set()->mutable_formation()->mutable_offside();
  offside->set_enabled(true);
  offside->set_am_share(0.9);
  const Model a(plain), b(phased);
  int differ_after = 0;
  const int weeks_before = 140 / 7;  // series index w is recorded at the end of day 7 (w + 1)
  for (int r = 0; r < 20; ++r) {
    const ReplicationKey key{.seed = 11, .design_point = 0, .replication = static_cast<std::uint64_t>(r)};
    const ReplicationOutput oa = a.run(key), ob = b.run(key);
    const auto& ra = series_of(oa, "revenue_cumulative");
    const auto& rb = series_of(ob, "revenue_cumulative");
    for (int w = 0; w < weeks_before; ++w) ASSERT_EQ(ra[w], rb[w]) << "replication " << r << ", week " << w;
    EXPECT_EQ(kpi(oa, "hours.am.offside"), 0);
    EXPECT_GT(kpi(ob, "hours.am.offside"), 0);
    differ_after += ra.back() != rb.back();
  }
  EXPECT_GE(differ_after, 15);
}

TEST(Phases, TraceSaysWhichPhaseStartsAndWhatItSets) {
  v1::Scenario s = golden_triangle();
  add_phase(s, "turnaround", 182)->mutable_set()->mutable_formation()->mutable_offside()->set_enabled(true);
  add_phase(s, "too_late", 400)->mutable_set()->mutable_formation()->mutable_misplaced()->set_enabled(true);  // never starts
  Recorder rec;
  Model(s).run({.seed = 1, .design_point = 0, .replication = 0}, &rec);
  int found = 0;
  for (const TraceEvent& e : rec.events) {
    if (std::string(e.kind) != "policy.phase") continue;
    ++found;
    EXPECT_DOUBLE_EQ(e.time_days, 182);
    EXPECT_EQ(e.detail, "phase 'turnaround' starts: formation.offside.enabled: false -> true");
  }
  EXPECT_EQ(found, 1);
}

TEST(Phases, StaffingHiresAtOnceAndLetsTheLatestJoinersGo) {
  v1::Scenario s = golden_triangle();
  s.mutable_people()->set_attrition_base_per_year(0);  // headcount moves only with the phases
  const v1::Scenario plain = s;
  v1::Team* hire = add_phase(s, "hire", 91)->mutable_set()->mutable_team();
  hire->add_cohorts()->set_name("am_new");
  hire->mutable_cohorts(0)->set_count(10);  // 7 -> 10
  v1::Team* cut = add_phase(s, "cut", 182)->mutable_set()->mutable_team();
  cut->add_cohorts()->set_name("presales");
  cut->mutable_cohorts(0)->set_count(4);  // 7 -> 4, not replaced
  const Model m(s), p(plain);
  for (int r = 0; r < 5; ++r) {
    const ReplicationKey key{.seed = 3, .design_point = 0, .replication = static_cast<std::uint64_t>(r)};
    const ReplicationOutput out = m.run(key), base = p.run(key);
    const auto& heads = series_of(out, "headcount");
    const auto& base_heads = series_of(base, "headcount");
    for (std::size_t w = 0; w < heads.size(); ++w) {
      const double expected = w < 13 ? 25 : (w < 26 ? 28 : 25);  // index 12 ends on day 91, 25 on day 182
      ASSERT_EQ(heads[w], expected) << "week " << w;
      ASSERT_EQ(base_heads[w], 25) << "week " << w;
    }
    EXPECT_EQ(kpi(out, "hires"), 3);
    EXPECT_EQ(kpi(out, "leavers"), 0);  // let go, not attrition
    EXPECT_EQ(kpi(out, "headcount_end"), 25);
  }
}

TEST(Phases, MidYearTurnaroundRaisesSecondHalfOpportunitiesAndAttainment) {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  const v1::Scenario turnaround = scenario::load_scenario(std::string(root ? root : ".") + "/scenarios/mid_year_turnaround.txtpb");
  v1::Scenario unchanged = turnaround;
  unchanged.clear_phases();
  const int mid = 25;  // series index 25 is recorded at the end of day 182, before the switch
  const Statistic second_half = [&](const ReplicationOutput& o) {
    const auto& found = series_of(o, "new_opportunities_cumulative");
    return found.back() - found[mid];
  };
  const std::vector<Interval> d = paired(unchanged, turnaround, 300, {second_half, kpi_of("attainment")});
  const Interval with = mean_of(turnaround, 300, kpi_of("attainment"));
  const Interval without = mean_of(unchanged, 300, kpi_of("attainment"));
  std::cout << "second-half new opportunities with the turnaround " << mean_of(turnaround, 300, second_half) << ", without "
            << mean_of(unchanged, 300, second_half) << "\n"
            << "second-half new opportunities, turnaround - unchanged: " << d[0] << "\n"
            << "year-end attainment, turnaround - unchanged: " << d[1] << "\n"
            << "attainment with the turnaround " << with << ", without " << without << "\n";
  EXPECT_GT(d[0].low, 0);
  EXPECT_GT(d[1].low, 0);
}

}  // namespace
}  // namespace salesim::model::testing
