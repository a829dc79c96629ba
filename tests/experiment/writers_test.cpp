// The output writers: results.pb keeps the aggregates and does not grow with replications; the rows
// stream to replications.pb and read back whole; a run past Protobuf's 2 GiB message limit (opt-in:
// SALESIM_LARGE_TESTS=1, it writes about 3 GB) is written and read back.
#include "sim/experiment/writers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace salesim::experiment {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("salesim_writers_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// One plan, one design point, `rows` replications of `kpis` KPI values each.
v1::Results results_with_rows(int rows, int kpis) {
  v1::Results r;
  r.set_kind(v1::Results::RUN);
  for (int k = 0; k < kpis; ++k) r.add_kpis()->set_name(std::string("k").append(std::to_string(k)));
  v1::DesignPoint& dp = *r.add_plans()->add_points();
  r.mutable_plans(0)->set_name("plan");
  dp.mutable_replications()->Reserve(rows);
  for (int i = 0; i < rows; ++i) {
    v1::Replication& rep = *dp.add_replications();
    rep.set_index(static_cast<std::uint32_t>(i));
    rep.set_seed_key(static_cast<std::uint64_t>(i) * 7919);
    rep.mutable_kpis()->Resize(kpis, 0.0);
    for (int k = 0; k < kpis; ++k) rep.set_kpis(k, (i + k) % 10);
  }
  return r;
}

TEST(Writers, ResultsPbDoesNotGrowWithReplicationsAndTheRowsReadBack) {
  const fs::path dir = scratch("rows");
  v1::Results few = results_with_rows(10, 5), many = results_with_rows(5000, 5);
  fs::create_directories(dir / "few");
  fs::create_directories(dir / "many");
  write_outputs((dir / "few").string(), few);
  write_outputs((dir / "many").string(), many);
  EXPECT_EQ(fs::file_size(dir / "few" / "results.pb") + 1, fs::file_size(dir / "many" / "results.pb"))
      << "only replication_count's varint may grow";
  EXPECT_GT(fs::file_size(dir / "many" / "replications.pb"), 5000u * 40);
  EXPECT_EQ(many.plans(0).points(0).replications_size(), 5000) << "the rows are put back after writing";
  const v1::Results back = read_results((dir / "many").string());
  EXPECT_EQ(serialize_results(back), serialize_results(many));
  EXPECT_FALSE(fs::exists(dir / "many" / ".salesim-staging"));
  fs::remove_all(dir);
}

TEST(Writers, ATruncatedRowStreamIsAnErrorThatSaysSo) {
  const fs::path dir = scratch("truncated");
  v1::Results r = results_with_rows(100, 3);
  write_outputs(dir.string(), r);
  fs::resize_file(dir / "replications.pb", fs::file_size(dir / "replications.pb") / 2);
  try {
    read_results(dir.string());
    FAIL() << "read a truncated replications.pb";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("replications.pb"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(Writers, ARunPastProtobufsTwoGibLimitIsWrittenWholeAndReadsBack) {
  if (!std::getenv("SALESIM_LARGE_TESTS")) GTEST_SKIP() << "set SALESIM_LARGE_TESTS=1 (writes about 3 GB)";
  // 140,000 rows x 2,000 KPIs: 2.24 GB of rows, over the 2 GiB that one results.pb could hold.
  const int rows = 140000, kpis = 2000;
  const fs::path dir = scratch("large");
  {
    v1::Results r = results_with_rows(rows, kpis);
    EXPECT_GT(r.ByteSizeLong(), std::size_t{1} << 31) << "the test no longer crosses the old limit";
    write_outputs(dir.string(), r);
  }
  EXPECT_LT(fs::file_size(dir / "results.pb"), 1u << 20);
  EXPECT_GT(fs::file_size(dir / "replications.pb"), std::uintmax_t{1} << 31);
  const v1::Results back = read_results(dir.string());
  ASSERT_EQ(back.plans(0).points(0).replications_size(), rows);
  const auto& last = back.plans(0).points(0).replications(rows - 1);
  EXPECT_EQ(last.kpis_size(), kpis);
  EXPECT_EQ(last.kpis(kpis - 1), (rows - 1 + kpis - 1) % 10);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::experiment
