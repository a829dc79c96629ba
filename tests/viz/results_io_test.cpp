// Loading results.pb: good files load; empty, corrupt, truncated, inconsistent and text files
// give a clear message naming the file.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/viz/viz_test_support.h"
#include "viz/results_io.h"

namespace salesim::viz {
namespace {

std::string write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string message_of(const std::string& path) {
  try {
    load_results(path);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

TEST(ResultsIo, LoadsWhatWasWritten) {
  const auto dir = testing::temp_dir("io-good");
  const auto r = testing::synthetic_compare(2, 10);
  const auto path = write(dir + "/results.pb", r.SerializeAsString());
  const auto loaded = load_results(path);
  EXPECT_EQ(loaded.SerializeAsString(), r.SerializeAsString());
  // The output folder of `salesim run --out DIR` works too.
  EXPECT_EQ(load_results(dir).plans_size(), 2);
}

TEST(ResultsIo, MissingFileIsAnError) {
  EXPECT_NE(message_of("/nonexistent/results.pb").find("no such file"), std::string::npos);
}

TEST(ResultsIo, EmptyFileIsAnError) {
  const auto path = write(testing::temp_dir("io-empty") + "/results.pb", "");
  EXPECT_NE(message_of(path).find("empty"), std::string::npos);
}

TEST(ResultsIo, CorruptBytesAreAnError) {
  std::string bytes = testing::synthetic_compare(2, 10).SerializeAsString();
  for (std::size_t i = 0; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xff);
  const auto path = write(testing::temp_dir("io-corrupt") + "/results.pb", bytes);
  const std::string m = message_of(path);
  EXPECT_NE(m.find(path), std::string::npos) << m;
}

TEST(ResultsIo, EveryTruncationIsAnError) {
  const std::string bytes = testing::synthetic_compare(2, 4).SerializeAsString();
  const auto dir = testing::temp_dir("io-trunc");
  // Cut at many places, including field boundaries where protobuf itself parses happily.
  int checked = 0;
  for (std::size_t cut = 1; cut < bytes.size(); cut += bytes.size() / 97 + 1, ++checked) {
    const auto path = write(dir + "/results.pb", bytes.substr(0, cut));
    EXPECT_FALSE(message_of(path).empty()) << "cut at " << cut << " of " << bytes.size();
  }
  EXPECT_GT(checked, 50);
}

TEST(ResultsIo, ScenarioTextGivenByMistakeIsNamed) {
  const auto path = write(testing::temp_dir("io-text") + "/results.pb", "name: \"golden\"\nteam { }\n");
  EXPECT_NE(message_of(path).find("scenario"), std::string::npos) << message_of(path);
}

TEST(ResultsIo, InconsistentColumnCountsAreAnError) {
  auto r = testing::synthetic_compare(2, 4);
  r.mutable_plans(1)->mutable_points(0)->mutable_replications(2)->add_kpis(1.0);
  EXPECT_NE(check_results(r).find("replication 2"), std::string::npos) << check_results(r);
}

TEST(ResultsIo, RecognisesScenarioPaths) {
  EXPECT_TRUE(looks_like_scenario_path("scenarios/golden_triangle.txtpb"));
  EXPECT_TRUE(looks_like_scenario_path("x.JSON"));
  EXPECT_FALSE(looks_like_scenario_path("out/results.pb"));
}

}  // namespace
}  // namespace salesim::viz

namespace salesim::viz {
namespace {

// Not a test: writes the synthetic files for looking at charts by hand
// (viz_results_io_test --gtest_also_run_disabled_tests --gtest_filter=*WriteSynthetic*).
TEST(ResultsIo, DISABLED_WriteSyntheticFiles) {
  const char* dir = std::getenv("SALESIM_VIZ_SYNTHETIC_DIR");
  ASSERT_NE(dir, nullptr);
  write(std::string(dir) + "/compare.pb", testing::synthetic_compare(3, 200).SerializeAsString());
  write(std::string(dir) + "/run.pb", testing::synthetic_run(200).SerializeAsString());
  write(std::string(dir) + "/grid.pb", testing::synthetic_sweep(false, 50).SerializeAsString());
  write(std::string(dir) + "/lhs.pb", testing::synthetic_sweep(true, 50).SerializeAsString());
}

}  // namespace
}  // namespace salesim::viz
