// `--shard i/N` runs joined by `salesim merge` equal a single run, byte for byte.
#include <gtest/gtest.h>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> args(const fs::path& out) {
  return {"sweep", fixture("sweep_small.txtpb"), "-n", "10", "--set", "experiment.horizon_days=90", "-q", "--out",
          out.string()};
}

TEST(Shards, ThreeShardsMergedEqualASingleRun) {
  const fs::path dir = scratch_dir("shards");
  ASSERT_EQ(run_salesim(args(dir / "single")).rc, 0);
  std::vector<std::string> merge = {"merge"};
  for (int i = 0; i < 3; ++i) {
    std::vector<std::string> a = args(dir / ("shard" + std::to_string(i)));
    a.insert(a.end(), {"--shard", std::to_string(i) + "/3"});
    const Result r = run_salesim(a);
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_FALSE(fs::exists(dir / ("shard" + std::to_string(i)) / "results.pb"));
    merge.push_back((dir / ("shard" + std::to_string(i))).string());
  }
  std::swap(merge[1], merge[3]);  // order of the directories does not matter
  merge.insert(merge.end(), {"--out", (dir / "merged").string(), "-q"});
  const Result m = run_salesim(merge);
  ASSERT_EQ(m.rc, 0) << m.err;
  for (const auto& f : result_files()) EXPECT_EQ(read_file(dir / "merged" / f), read_file(dir / "single" / f)) << f;
  fs::remove_all(dir);
}

TEST(Shards, MergingAnIncompleteSetOfShardsFailsClearly) {
  const fs::path dir = scratch_dir("shards_missing");
  for (int i = 0; i < 2; ++i) {
    std::vector<std::string> a = args(dir / ("shard" + std::to_string(i)));
    a.insert(a.end(), {"--shard", std::to_string(i) + "/3"});
    ASSERT_EQ(run_salesim(a).rc, 0);
  }
  const Result m = run_salesim({"merge", (dir / "shard0").string(), (dir / "shard1").string(), "--out", (dir / "m").string()});
  EXPECT_EQ(m.rc, 1);
  EXPECT_NE(m.err.find("3"), std::string::npos) << m.err;
  EXPECT_FALSE(fs::exists(dir / "m" / "results.pb"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
