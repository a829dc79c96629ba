// --hire (hiring.h): people who join at tenure 0 on a day, paid from that day; bad specs refused by
// kind; and the payback of a comparison (Comparison.payback_days).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <tuple>

#include "sim/experiment/hiring.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/scenario_io.h"
#include "sim/model/model.h"

namespace salesim::experiment {
namespace {

std::string scenario_path(const std::string& name) {
  const char* s = std::getenv("SALESIM_SOURCE_DIR");
  return std::string(s ? s : ".") + "/scenarios/" + name;
}

v1::Scenario load(const std::vector<std::string>& sets = {}) {
  v1::Scenario s = load_scenario_file(scenario_path("golden_triangle.txtpb"), sets);
  prepare_for_run(s);
  return s;
}

const v1::Cohort* find(const v1::Scenario& s, const std::string& name) {
  for (const auto& c : s.team().cohorts())
    if (c.name() == name) return &c;
  return nullptr;
}

double kpi(const model::ReplicationOutput& o, const char* name) { return o.kpis[static_cast<std::size_t>(model::kpi_index(name))]; }

TEST(Hiring, EachBadSpecIsRefusedNamingWhatIsWrong) {
  const v1::Scenario s = load();
  // Every way an item can be wrong: missing parts, the role, the cohort, N, DAY, the separators.
  const char* bad[] = {"",         "pm",        "=1",         "pm=",        "pm=0",       "pm=-1",    "pm=1.5",
                       "pm=x",     "pm=1e2",    "pm=10001",   "pm=1@0",     "pm=1@-3",    "pm=1@x",   "pm=1@36501",
                       "pm=1@",    "boss=1",    "PM=1",       "pm:nosuch=1", "pm:am_new=1", "pm=1+",    "+pm=1",
                       "pm=1++am=1", "pm= 1",   " pm=1",      "pm=01x",     "pm:=1",    "pm=1@365",  "pm=1@400",
                       "pm=1+pm=2",  "pm=1@30+pm:pm=1@30", "am=10000",
                       "pm=1+pm=1@2+pm=1@3+pm=1@4+pm=1@5+pm=1@6+pm=1@7+pm=1@8+pm=1@9+pm=1@10+pm=1@11+pm=1@12+"
                       "pm=1@13+pm=1@14+pm=1@15+pm=1@16+pm=1@17"};
  for (const char* spec : bad) {
    try {
      (void)with_hires(s, spec);
      ADD_FAILURE() << "accepted: '" << spec << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_GT(std::string(e.what()).size(), 10u) << spec;
    }
  }
}

TEST(Hiring, AHireIsANewCohortAtTenureZeroLikeTheRolesFirstCohort) {
  const v1::Scenario s = load();
  v1::Scenario p = with_hires(s, "pm=1");
  ASSERT_EQ(p.team().cohorts_size(), s.team().cohorts_size() + 1);
  const v1::Cohort* h = find(p, "hire_pm");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->role(), v1::PROJECT_MANAGER);
  EXPECT_EQ(h->count(), 1u);
  EXPECT_EQ(h->start_day(), 1);
  EXPECT_EQ(h->tenure_months().fixed(), 0);
  EXPECT_EQ(h->installed_accounts().fixed(), 0);
  EXPECT_EQ(h->skills().SerializeAsString(), find(s, "pm")->skills().SerializeAsString());
  EXPECT_NO_THROW(prepare_for_run(p));

  EXPECT_EQ(p.name(), "hire_1pm");
  v1::Scenario q = with_hires(s, "am:am_new=2@90+presales=1+pm=1+pm=3@200");
  EXPECT_EQ(q.name(), "hire_2am_new@90_1presales_1pm_3pm@200");
  EXPECT_EQ(with_hires(s, "am=2").name(), "hire_2am_veteran");  // the role's first cohort, named
  EXPECT_EQ(find(q, "hire_am_new")->count(), 2u);
  EXPECT_EQ(find(q, "hire_am_new")->start_day(), 90);
  EXPECT_EQ(find(q, "hire_am_new")->skills().SerializeAsString(), find(s, "am_new")->skills().SerializeAsString());
  EXPECT_EQ(find(q, "hire_presales")->count(), 1u);
  EXPECT_EQ(find(q, "hire_pm")->count(), 1u);
  EXPECT_EQ(find(q, "hire_pm_2")->count(), 3u);  // names stay distinct
  EXPECT_NO_THROW(prepare_for_run(q));
}

// Closed form: with nobody leaving, a PM hired on day D adds rate x (H - D) / 365 to the people
// cost, one hire and its hiring cost, exactly, in every replication.
TEST(Hiring, AHireIsPaidFromTheDayHeJoins) {
  const v1::Scenario base = load({"people.attrition_base_per_year=0", "people.promotion_mentored_deals=0"});
  v1::Scenario plan = with_hires(base, "pm=1@60");
  prepare_for_run(plan);
  const double rate = base.costs().project_manager().loaded_cost_cny_per_year();
  const double horizon = base.experiment().horizon_days();
  const model::Model a(base), b(plan);
  for (std::uint64_t r = 0; r < 5; ++r) {
    const auto oa = a.run({.seed = 5, .design_point = 0, .replication = r});
    const auto ob = b.run({.seed = 5, .design_point = 0, .replication = r});
    EXPECT_NEAR(kpi(ob, "cost.people") - kpi(oa, "cost.people"), rate * (horizon - 60) / 365.0, 1e-3);
    EXPECT_EQ(kpi(ob, "hires") - kpi(oa, "hires"), 1);
    EXPECT_NEAR(kpi(ob, "cost.hiring") - kpi(oa, "cost.hiring"), base.costs().hiring_cost_cny(), 1e-6);
  }
}

// "Hire one" is not silently one more veteran: one more head on the standing cohort (count + 1,
// tenure and installed accounts drawn like the others') gains more revenue in the year than a
// person hired on day 1 at tenure 0, who ramps and starts with no accounts. Paired under common
// random numbers; the difference of the two gains excludes 0. A PM's value is mostly capacity
// (deals wait for PMs), so his ramp costs less and needs more replications to show.
struct Gains {
  double vet_lo, vet_hi, hire_lo, hire_hi, gap_lo, gap_hi;
};
Gains gains(const std::string& cohort, const std::string& spec, int n) {
  const v1::Scenario base = load();
  v1::Scenario veteran = base;
  for (auto& c : *veteran.mutable_team()->mutable_cohorts())
    if (c.name() == cohort) c.set_count(c.count() + 1);
  v1::Scenario hired = with_hires(base, spec);
  prepare_for_run(hired);
  const model::Model mb(base), mv(veteran), mh(hired);
  std::vector<double> d_vet, d_hire, gap;
  for (int r = 0; r < n; ++r) {
    const model::ReplicationKey k{.seed = 11, .design_point = 0, .replication = static_cast<std::uint64_t>(r)};
    const double b = kpi(mb.run(k), "revenue");
    d_vet.push_back(kpi(mv.run(k), "revenue") - b);
    d_hire.push_back(kpi(mh.run(k), "revenue") - b);
    gap.push_back(d_vet.back() - d_hire.back());
  }
  auto ci = [](const std::vector<double>& x) {
    double m = 0, ss = 0;
    for (double v : x) m += v;
    m /= static_cast<double>(x.size());
    for (double v : x) ss += (v - m) * (v - m);
    const double half = 1.962 * std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size()));
    return std::pair{m - half, m + half};
  };
  Gains g{};
  std::tie(g.vet_lo, g.vet_hi) = ci(d_vet);
  std::tie(g.hire_lo, g.hire_hi) = ci(d_hire);
  std::tie(g.gap_lo, g.gap_hi) = ci(gap);
  std::printf("  revenue gain (%s): one more on the standing cohort [%.3gM, %.3gM], hired on day 1 [%.3gM, %.3gM], "
              "difference [%.3gM, %.3gM]\n",
              spec.c_str(), g.vet_lo / 1e6, g.vet_hi / 1e6, g.hire_lo / 1e6, g.hire_hi / 1e6, g.gap_lo / 1e6, g.gap_hi / 1e6);
  return g;
}

TEST(Hiring, AHiredAmGainsLessThanOneMoreVeteran) {
  const Gains g = gains("am_veteran", "am:am_veteran=1", 200);
  EXPECT_GT(g.gap_lo, 0) << "a veteran brings his ramp and his installed accounts";
}

TEST(Hiring, AHiredPmRampsSoHeGainsLessThanOneMoreVeteran) {
  const Gains g = gains("pm", "pm=1", 1000);
  EXPECT_GT(g.hire_lo, 0) << "a hired PM still adds revenue in his first year";
  EXPECT_GT(g.gap_lo, 0) << "but less than a PM who is there, ramped, from the start";
}

TEST(Payback, IdenticalPlansHaveNoneAndAHopelessOneNever) {
  RunOptions opt;
  opt.replications = 6;
  opt.threads = 2;
  const std::vector<std::string> sets = {"experiment.horizon_days=91", "costs.hiring_cost_cny=1e8"};
  const v1::Scenario base = load(sets);
  const v1::Results same = run_plans({base, base}, {"a", "b"}, opt);
  ASSERT_EQ(same.comparisons_size(), 1);
  EXPECT_FALSE(same.comparisons(0).has_payback_days()) << "the same curve: nothing to pay back";
  // Cheaper deal hours, the same dynamics: never behind, nothing to pay back (0).
  v1::Scenario cheaper = base;
  cheaper.mutable_costs()->set_deal_hour_cost_cny(0);
  const v1::Results ahead = run_plans({base, cheaper}, {"a", "b"}, opt);
  ASSERT_TRUE(ahead.comparisons(0).has_payback_days());
  EXPECT_EQ(ahead.comparisons(0).payback_days(), 0);
  // A hire that costs 100M CNY cannot earn it back in a quarter.
  const v1::Results hopeless = run_plans({base, with_hires(base, "am=1")}, {"a", "b"}, opt);
  EXPECT_FALSE(hopeless.comparisons(0).has_payback_days());
}

}  // namespace
}  // namespace salesim::experiment
