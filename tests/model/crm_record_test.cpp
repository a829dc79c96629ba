// The CRM recorder (sim/model/crm_record.h): recording a replication changes nothing in it, and
// what is recorded adds up to the replication's own KPIs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "sim/model/crm_record.h"
#include "test_support.h"

namespace salesim::model {
namespace {

bool same_bytes(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void expect_identical(const ReplicationOutput& a, const ReplicationOutput& b, int r) {
  EXPECT_TRUE(same_bytes(a.kpis, b.kpis)) << "replication " << r;
  ASSERT_EQ(a.weekly.size(), b.weekly.size());
  for (std::size_t s = 0; s < a.weekly.size(); ++s) EXPECT_TRUE(same_bytes(a.weekly[s], b.weekly[s])) << r << " " << s;
  EXPECT_EQ(a.events, b.events) << r;
}

TEST(CrmRecord, RecordingChangesNoKpiSeriesOrEventCount) {
  const Model m(testing::golden_triangle());
  for (int r = 0; r < 6; ++r) {
    const ReplicationKey key{.seed = 11, .replication = static_cast<std::uint64_t>(r)};
    CrmRecord record;
    expect_identical(m.run(key), m.run(key, nullptr, &record), r);
    EXPECT_FALSE(record.deals.empty());
  }
}

TEST(CrmRecord, RecordingChangesNothingUnderFaultsAttritionAndWithoutWarmup) {
  v1::Scenario s = testing::golden_triangle();
  s.mutable_formation()->mutable_offside()->set_enabled(true);
  s.mutable_formation()->mutable_covering()->set_enabled(true);
  s.mutable_people()->set_attrition_base_per_year(0.6);
  s.mutable_calendar()->set_warmup_days(0);
  const Model m(s);
  for (int r = 0; r < 4; ++r) {
    const ReplicationKey key{.seed = 3, .replication = static_cast<std::uint64_t>(r)};
    CrmRecord record;
    expect_identical(m.run(key), m.run(key, nullptr, &record), r);
  }
}

TEST(CrmRecord, RecordedDealsAddUpToTheReplicationsKpis) {
  const Model m(testing::golden_triangle());
  for (int r = 0; r < 4; ++r) {
    CrmRecord rec;
    const ReplicationOutput out = m.run({.seed = 19, .replication = static_cast<std::uint64_t>(r)}, nullptr, &rec);
    double won = 0, closed = 0, revenue = 0, found = 0, installed = 0, slips = 0, shrinks = 0, open = 0;
    for (const DealRecord& d : rec.deals) {
      const bool closed_in = d.outcome != RecordedOutcome::open && !d.closed_in_warmup;
      if (closed_in) closed += 1;
      if (closed_in && d.outcome == RecordedOutcome::won) won += 1, revenue += d.revenue;
      if (d.outcome == RecordedOutcome::open) open += 1;
      ASSERT_FALSE(d.changes.empty());
      if (!d.changes.front().in_warmup) (d.from_installed ? installed : found) += 1;
      ASSERT_FALSE(d.changes.empty());
      EXPECT_EQ(d.changes.front().kind, DealChange::entered);
      EXPECT_EQ(d.changes.front().day, d.created_day);
      for (std::size_t i = 1; i < d.changes.size(); ++i) {
        EXPECT_GE(d.changes[i].day, d.changes[i - 1].day);
        EXPECT_GE(d.changes[i].stage, d.changes[i - 1].stage);
        if (d.changes[i].kind == DealChange::slip) EXPECT_GT(d.changes[i].close_day, d.changes[i - 1].close_day);
      }
      for (const DealChange& c : d.changes) {
        if (!c.in_warmup && c.kind == DealChange::slip) slips += 1;
        if (!c.in_warmup && c.kind == DealChange::shrink) {
          shrinks += 1;
          EXPECT_LT(c.amount, d.list);
        }
      }
      if (d.outcome == RecordedOutcome::won) EXPECT_GT(d.revenue, 0);
      if (d.outcome != RecordedOutcome::open) EXPECT_GE(d.close_day, d.created_day);
      if (d.outcome != RecordedOutcome::open) EXPECT_LT(d.close_day, rec.horizon_days);
      if (d.changes.front().in_warmup) EXPECT_LE(d.created_day, 0);
      if (d.closed_in_warmup) EXPECT_LE(d.close_day, 0);
      if (!d.closed_in_warmup && d.outcome != RecordedOutcome::open) EXPECT_GE(d.close_day, 0);
    }
    EXPECT_EQ(won, testing::kpi(out, "deals_won"));
    EXPECT_EQ(closed, testing::kpi(out, "deals_closed"));
    EXPECT_NEAR(revenue, testing::kpi(out, "revenue.deals"), 1e-9 * revenue);
    EXPECT_EQ(found, testing::kpi(out, "new_opportunities"));
    EXPECT_EQ(installed, testing::kpi(out, "installed_opportunities"));
    EXPECT_EQ(slips, testing::kpi(out, "slip_count"));
    EXPECT_EQ(shrinks, testing::kpi(out, "shrink_count"));
    EXPECT_EQ(open, testing::kpi(out, "opportunity_stock"));
    // The roster: the team at the start joined on day 0 with its tenure before.
    double start = 0, active = 0;
    for (const PersonRecord& p : rec.people) {
      if (p.joined && p.join_day == 0) {
        start += 1;
        EXPECT_LE(p.hire_day, 0);
      }
      if (p.joined && p.active) active += 1;
      if (p.mentor >= 0) EXPECT_LT(static_cast<std::size_t>(p.mentor), rec.people.size());
    }
    EXPECT_GT(start, 0);
    EXPECT_EQ(active, testing::kpi(out, "headcount_end"));
    EXPECT_EQ(rec.segment_names.size(), 2u);
    EXPECT_EQ(rec.warmup_days, 364);
  }
}

}  // namespace
}  // namespace salesim::model
