// The leaderboard: rows copied from Results.rankings in rank order, and each plan's paired
// difference against the leader computed from the per-replication rows (checked here against
// means and a t-interval worked out in the test).
#include "sim/experiment/leaderboard.h"

#include <gtest/gtest.h>

#include <cmath>

namespace salesim::experiment {
namespace {

// Three plans, 6 replications of one KPI "revenue" (higher is better), and a ranking by hand
// in the order b (index 1), c (2), base (0).
v1::Results three_plans() {
  v1::Results r;
  r.set_kind(v1::Results::COMPARE);
  r.add_kpis()->set_name("revenue");
  const std::vector<std::vector<double>> values = {
      {10, 12, 11, 9, 10, 14}, {13, 15, 12, 13, 12, 17}, {12, 12, 13, 10, 11, 16}};
  const char* names[] = {"base", "b", "c"};
  for (int p = 0; p < 3; ++p) {
    auto* plan = r.add_plans();
    plan->set_name(names[p]);
    auto* point = plan->add_points();
    for (std::size_t i = 0; i < values[p].size(); ++i) {
      auto* rep = point->add_replications();
      rep->set_index(static_cast<std::uint32_t>(i));
      rep->add_kpis(values[p][i]);
    }
  }
  auto* rk = r.add_rankings();
  rk->set_kpi("revenue");
  rk->set_n(6);
  rk->set_alpha(0.05);
  const int order[] = {1, 2, 0};
  for (int j = 0; j < 3; ++j) {
    auto* rp = rk->add_plans();
    rp->set_plan(names[order[j]]);
    rp->set_plan_index(static_cast<std::uint32_t>(order[j]));
    rp->set_rank(static_cast<std::uint32_t>(j + 1));
    rp->set_mean(100 + j);  // copied, never recomputed: not the rows' means on purpose
    rp->set_p_best(0.7 - 0.3 * j);
    rp->set_ci_low(1);
    rp->set_ci_high(2);
  }
  return r;
}

TEST(Leaderboard, CopiesTheRankingInRankOrder) {
  const Leaderboard board = leaderboard(three_plans(), "revenue");
  ASSERT_EQ(board.rows.size(), 3u);
  EXPECT_EQ(board.rows[0].plan, "b");
  EXPECT_EQ(board.rows[1].plan, "c");
  EXPECT_EQ(board.rows[2].plan, "base");
  EXPECT_EQ(board.rows[2].plan_index, 0u);
  EXPECT_EQ(board.rows[1].rank, 2u);
  EXPECT_DOUBLE_EQ(board.rows[1].mean, 101);
  EXPECT_DOUBLE_EQ(board.rows[0].p_best, 0.7);
  EXPECT_EQ(board.n, 6u);
}

TEST(Leaderboard, PairedDifferenceAgainstTheLeaderFromTheRows) {
  const Leaderboard board = leaderboard(three_plans(), "revenue");
  // Leader b: the difference with itself is 0, it "beats" itself half the time.
  EXPECT_DOUBLE_EQ(board.rows[0].delta_leader, 0);
  EXPECT_DOUBLE_EQ(board.rows[0].p_beats_leader, 0.5);
  // base - b per replication: -3 -3 -1 -4 -2 -3: mean -8/3, sd sqrt(sum (d - m)^2 / 5).
  const std::vector<double> d = {-3, -3, -1, -4, -2, -3};
  double m = 0;
  for (double x : d) m += x / 6;
  double ss = 0;
  for (double x : d) ss += (x - m) * (x - m);
  const double half = 2.5705818366147395 * std::sqrt(ss / 5) / std::sqrt(6.0);  // t(0.975; 5)
  EXPECT_NEAR(board.rows[2].delta_leader, m, 1e-12);
  EXPECT_NEAR(board.rows[2].delta_leader_ci.low, m - half, 1e-9);
  EXPECT_NEAR(board.rows[2].delta_leader_ci.high, m + half, 1e-9);
  EXPECT_DOUBLE_EQ(board.rows[2].p_beats_leader, 0);  // base never beats b
  EXPECT_EQ(board.rows[2].pairs_leader, 6u);
  // c - b: -1 -3 1 -3 -1 -1 -> c wins once of six.
  EXPECT_NEAR(board.rows[1].delta_leader, -8.0 / 6, 1e-12);
  EXPECT_NEAR(board.rows[1].p_beats_leader, 1.0 / 6, 1e-12);
}

TEST(Leaderboard, UndefinedReplicationsAreLeftOutOfThePairs) {
  v1::Results r = three_plans();
  r.mutable_plans(0)->mutable_points(0)->mutable_replications(5)->set_kpis(0, std::nan(""));
  const Leaderboard board = leaderboard(r, "revenue");
  EXPECT_EQ(board.rows[2].pairs_leader, 5u);
  EXPECT_NEAR(board.rows[2].delta_leader, -13.0 / 5, 1e-12);  // -3 -3 -1 -4 -2
  EXPECT_EQ(board.rows[1].pairs_leader, 6u);
}

TEST(Leaderboard, WithoutRowsTheDifferenceIsUndefined) {
  v1::Results r = three_plans();
  for (auto& plan : *r.mutable_plans()) plan.mutable_points(0)->clear_replications();
  const Leaderboard board = leaderboard(r, "revenue");
  EXPECT_TRUE(std::isnan(board.rows[1].delta_leader));
  EXPECT_EQ(board.rows[1].pairs_leader, 0u);
  EXPECT_DOUBLE_EQ(board.rows[1].mean, 101);
}

TEST(Leaderboard, AKpiWithoutARankingIsRefused) {
  const v1::Results r = three_plans();
  EXPECT_THROW(leaderboard(r, "win_rate"), std::invalid_argument);
  EXPECT_THROW(leaderboard(r, "revenue", 1), std::invalid_argument);
  EXPECT_EQ(leaderboard_kpis(r), std::vector<std::string>{"revenue"});
  EXPECT_TRUE(leaderboard_kpis(v1::Results()).empty());
}

}  // namespace
}  // namespace salesim::experiment
