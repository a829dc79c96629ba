// The leaderboard of a compare: its plans in rank order by one KPI, as `salesim compare` ranks
// them (Results.rankings, written by the aggregator from ranking.h: ranking.csv), with each plan's
// paired difference against the leader (the plan ranked first) added.
//
//   v1::Results r = run_plans({base, team_a, team_b}, {"base", "a", "b"}, options);
//   Leaderboard board = leaderboard(r, "revenue");
//   board.rows[0]              // the leader: rank 1, delta_leader 0
//   board.rows[2].p_best       // P(plan is best), as ranking.csv has it
//   board.rows[2].delta_leader // mean paired difference plan - leader, KPI units, with a 95% CI
//
// The rank, mean, 95% CI, MCB interval and P(best) of each row are copied from Results.rankings
// (so they equal ranking.csv byte for byte); nothing here re-ranks. The difference against the
// leader is the paired one of statistics.h (paired, or paired_ratio for a ratio KPI, the
// delta-method interval of Cochran 1977 sec. 6.3-6.4) over the replications in which both plans'
// values are defined, cut at the difference bounds of the KPI, exactly as comparison.csv computes
// a plan against the base. It needs the per-replication rows (DesignPoint.replications, which
// run_plans fills in memory and readers fill from replications.pb); without them the row's
// delta_leader fields are NaN and pairs_leader is 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "sim/experiment/statistics.h"

namespace salesim::experiment {

struct LeaderboardRow {
  std::string plan;          // Results.plans[plan_index].name
  std::uint32_t plan_index = 0;
  std::uint32_t rank = 0;    // 1 = best; equal means share a rank; 0: unranked (n = 0)
  bool tied = false;
  double mean = 0;           // KPI units (ratio of sums for a ratio KPI)
  Interval ci;               // 95%
  Interval mcb;              // MCB: mean - best of the others, simultaneous 1 - alpha
  bool may_be_best = false;  // Gupta's subset
  double p_best = 0;         // P(plan is best)
  // Paired against the leader (rows[0]): mean(plan - leader) with its 95% interval, the share of
  // paired replications in which the plan beats the leader (a tie counting half; 0.5 for the
  // leader itself) and the number of pairs used. NaN / 0 without per-replication rows.
  double delta_leader = 0;
  Interval delta_leader_ci;
  double p_beats_leader = 0;
  std::uint64_t pairs_leader = 0;
};

struct Leaderboard {
  std::string kpi;
  std::uint32_t design_point = 0;
  bool lower_is_better = false;
  bool ratio_of_sums = false;
  std::uint64_t n = 0;         // paired replications the ranking used
  double alpha = 0.05;         // MCB level
  std::vector<LeaderboardRow> rows;  // rank order, as Results.rankings
};

// The KPIs `results` has a ranking of at `design_point`, in Results.kpis order (empty for a RUN).
std::vector<std::string> leaderboard_kpis(const v1::Results& results, std::uint32_t design_point = 0);

// The leaderboard of `kpi` at `design_point`. Throws std::invalid_argument when `results` holds no
// ranking of that KPI and point (a RUN, or a KPI not in the catalogue).
Leaderboard leaderboard(const v1::Results& results, const std::string& kpi, std::uint32_t design_point = 0);

}  // namespace salesim::experiment
