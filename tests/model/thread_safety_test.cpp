// Model::run is const and thread-safe: replications run in parallel on one Model give exactly
// what they give one after another.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "test_support.h"

namespace salesim::model {
namespace {

TEST(ThreadSafety, ParallelReplicationsOnOneModelMatchSequentialOnes) {
  const Model m(testing::golden_triangle());
  constexpr int kReps = 16;
  std::vector<ReplicationOutput> sequential, parallel(kReps);
  for (int r = 0; r < kReps; ++r) sequential.push_back(m.run({.seed = 5, .replication = static_cast<std::uint64_t>(r)}));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int r = t; r < kReps; r += 4) parallel[r] = m.run({.seed = 5, .replication = static_cast<std::uint64_t>(r)});
    });
  for (auto& th : threads) th.join();
  for (int r = 0; r < kReps; ++r) {
    EXPECT_EQ(parallel[r].kpis, sequential[r].kpis) << r;
    EXPECT_EQ(parallel[r].weekly, sequential[r].weekly) << r;
  }
}

}  // namespace
}  // namespace salesim::model
