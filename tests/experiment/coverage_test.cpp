// The runner's 95% confidence interval covers the exact answer about 95% of the time: 200
// independent experiments on an M/M/c queue (started in steady state, so each replication is an
// unbiased estimate of Erlang C). With 200 trials, coverage in [90%, 99%] holds with probability
// > 0.99 if the true coverage is 95% (binomial SD is 1.5 points).
#include <gtest/gtest.h>

#include "sim/experiment/runner.h"
#include "tests/experiment/mmc_model.h"

namespace salesim::experiment {
namespace {

TEST(Coverage, NinetyFivePercentIntervalsCoverErlangCInNinetyToNinetyNinePercentOfExperiments) {
  const testing::MmcModel m{.arrival_rate = 2.0, .service_rate = 1.0, .servers = 3, .horizon = 100};
  const double exact = m.erlang_c();
  ASSERT_NEAR(exact, 4.0 / 9.0, 1e-12);
  int covered = 0;
  const int experiments = 200;
  for (int e = 0; e < experiments; ++e) {
    ExperimentSpec spec;
    spec.seed = 1000 + static_cast<std::uint64_t>(e);
    spec.replications = 20;
    spec.kpis = testing::MmcModel::kpis();
    spec.series = {"x"};
    PlanSpec plan;
    plan.name = "mmc";
    plan.seed = spec.seed;
    plan.points.push_back({{}, [m](const model::ReplicationKey& k) { return m.run(k); }});
    spec.plans.push_back(std::move(plan));
    RunOptions opt;
    opt.threads = 2;
    const v1::Results r = run_spec(spec, opt);
    const auto& s = r.plans(0).points(0).summaries(0);
    if (s.ci_low() <= exact && exact <= s.ci_high()) ++covered;
  }
  const double share = static_cast<double>(covered) / experiments;
  RecordProperty("coverage", std::to_string(share));
  EXPECT_GE(share, 0.90);
  EXPECT_LE(share, 0.99);
}

}  // namespace
}  // namespace salesim::experiment
