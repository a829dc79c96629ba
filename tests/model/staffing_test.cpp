// Staffing in the shipped baseline (docs/model.md sections 7 and 12): an extra person of any role
// never costs revenue significantly and a missing one never gains it (best-free-first assignment
// and saturating learning make it so), and the source's premise holds: good PMs are scarce
// (常常深感缺好的项目经理), so PMs are busy, one more PM pays, and a PM sent hunting costs revenue.
// Paired comparisons under common random numbers.
#include <gtest/gtest.h>

#include "test_support.h"

namespace salesim::model {
namespace {

using testing::Interval;
constexpr int kReps = 300;

void report(const std::string& what, const Interval& d) {
  std::printf("  %-58s %s\n", what.c_str(), ::testing::PrintToString(d).c_str());
}

// Adding one person to each cohort in turn (at that cohort's tenure draws) never lowers mean
// revenue significantly; removing one never raises it.
TEST(Staffing, OneMoreOrOneLessOfAnyCohortIsMonotoneInRevenue) {
  const v1::Scenario base = testing::golden_triangle();
  for (const auto& c : base.team().cohorts()) {
    if (c.count() == 0) continue;
    v1::Scenario more = base, less = base;
    testing::cohort(more, c.name())->set_count(c.count() + 1);
    testing::cohort(less, c.name())->set_count(c.count() - 1);
    const Interval up = testing::paired(base, more, kReps, testing::kpi_of("revenue"), 61);
    const Interval down = testing::paired(base, less, kReps, testing::kpi_of("revenue"), 61);
    report("+1 " + c.name() + ": revenue", up);
    report("-1 " + c.name() + ": revenue", down);
    EXPECT_GT(up.high, 0.0) << c.name() << " +1: " << up;
    EXPECT_LT(down.low, 0.0) << c.name() << " -1: " << down;
  }
}

TEST(Staffing, GoodPmsAreScarce) {
  const v1::Scenario base = testing::golden_triangle();
  const Interval util = testing::mean_of(base, kReps, testing::kpi_of("pm_utilisation"), 62);
  report("PM deal-work utilisation", util);
  EXPECT_GE(util.low, 0.65) << util;

  v1::Scenario more = base;
  auto* pm = testing::cohort(more, "pm");
  pm->set_count(pm->count() + 1);
  const Interval one_more = testing::paired(base, more, kReps, testing::kpi_of("revenue"), 62);
  report("one more PM: revenue", one_more);
  EXPECT_GT(one_more.low, 0.0) << one_more;

  // Misplaced (错位): a PM hunting any share of his week from 10% up costs revenue.
  for (double share : {0.1, 0.2, 0.4, 0.6}) {
    v1::Scenario m = base;
    m.mutable_formation()->mutable_misplaced()->set_enabled(true);
    m.mutable_formation()->mutable_misplaced()->set_pm_hunting_share(share);
    const Interval d = testing::paired(base, m, kReps, testing::kpi_of("revenue"), 62);
    report("misplaced share " + std::to_string(share).substr(0, 3) + ": revenue", d);
    EXPECT_LT(d.high, 0.0) << share << ": " << d;
  }
}

}  // namespace
}  // namespace salesim::model
