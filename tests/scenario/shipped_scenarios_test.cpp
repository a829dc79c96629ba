// Every shipped scenario (scenarios/**.txtpb) loads, validates, says what question it answers,
// overlays the baseline, is listed in scenarios/README.md, and (once the model links) runs.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#ifdef SALESIM_TEST_RUN_MODEL
#include "sim/model/model.h"
#endif

namespace salesim::scenario {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> shipped() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator("scenarios")) {
    const std::string ext = e.path().extension().string();
    // CRM column mappings (scenarios/crm/*mapping.txtpb, scenarios/crm_example/mapping.txtpb) are
    // not scenarios: tests/calibration loads them.
    const std::string name = e.path().filename().string();
    if (name.size() >= 13 && name.compare(name.size() - 13, 13, "mapping.txtpb") == 0) continue;
    if (e.is_regular_file() && (ext == ".txtpb" || ext == ".json")) out.push_back(e.path().generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Shipped : public ::testing::TestWithParam<std::string> {};

TEST_P(Shipped, LoadsAndValidates) {
  const v1::Scenario s = load_scenario(GetParam());
  EXPECT_TRUE(validate(s).empty());
  EXPECT_FALSE(s.name().empty());
}

TEST_P(Shipped, OpensWithACommentSayingWhatQuestionItAnswers) {
  const std::string text = read(GetParam());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.front(), '#') << GetParam() << " has no header comment";
}

TEST_P(Shipped, OverlaysTheGoldenTriangleBaseline) {
  if (fs::path(GetParam()).filename() == "golden_triangle.txtpb") GTEST_SKIP() << "the baseline itself";
  v1::Scenario raw;
  google::protobuf::TextFormat::Parser parser;
  ASSERT_TRUE(parser.ParseFromString(read(GetParam()), &raw));
  const fs::path base = fs::path(GetParam()).parent_path() / raw.base();
  EXPECT_TRUE(fs::exists(base)) << GetParam() << " has no base";
  // Directly or through one workshop step, the chain ends at scenarios/golden_triangle.txtpb.
  fs::path at = base;
  for (int i = 0; i < 4 && at.filename() != "golden_triangle.txtpb"; ++i) {
    v1::Scenario next;
    ASSERT_TRUE(parser.ParseFromString(read(at.string()), &next));
    at = at.parent_path() / next.base();
  }
  EXPECT_EQ(fs::weakly_canonical(at), fs::weakly_canonical("scenarios/golden_triangle.txtpb")) << GetParam();
}

TEST_P(Shipped, IsListedInAReadme) {
  const fs::path p(GetParam());
  const std::string readme = read("scenarios/README.md") + read((p.parent_path() / "README.md").string());
  EXPECT_NE(readme.find(p.filename().string()), std::string::npos) << GetParam() << " is not in scenarios/README.md";
}

#ifdef SALESIM_TEST_RUN_MODEL
TEST_P(Shipped, RunsThreeReplications) {
  const v1::Scenario s = load_scenario(GetParam());
  const model::Model m(s);
  for (std::uint64_t r = 0; r < 3; ++r) {
    const model::ReplicationOutput out = m.run({.seed = 7, .design_point = 0, .replication = r});
    ASSERT_EQ(out.kpis.size(), model::kpi_catalog().size());
    for (std::size_t k = 0; k < out.kpis.size(); ++k) {
      EXPECT_TRUE(std::isfinite(out.kpis[k])) << GetParam() << " " << model::kpi_catalog()[k].name;
    }
    EXPECT_GT(out.events, 0u);
  }
}
#endif

INSTANTIATE_TEST_SUITE_P(Scenarios, Shipped, ::testing::ValuesIn(shipped()), [](const auto& info) {
  std::string name = info.param.substr(std::string("scenarios/").size());
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
});

TEST(ShippedSet, HasEveryScenarioTheIssueAsksFor) {
  for (const char* name : {"golden_triangle", "offside", "misplaced", "pm_shortage", "covering", "veteran_heavy", "rookie_heavy",
                           "land_and_expand", "go_big", "competitor_pressure", "sweep_pm_count", "lhs_formation"}) {
    EXPECT_TRUE(fs::exists(std::string("scenarios/") + name + ".txtpb")) << name;
  }
  EXPECT_TRUE(fs::exists("scenarios/workshop/README.md"));
}

TEST(ShippedSet, SweepScenariosCarryTheirDesigns) {
  const v1::Scenario grid = load_scenario("scenarios/sweep_pm_count.txtpb");
  ASSERT_TRUE(grid.experiment().sweep().has_grid());
  EXPECT_EQ(grid.experiment().sweep().grid().axes(0).path(), "team.cohorts[pm].count");
  const v1::Scenario lhs = load_scenario("scenarios/lhs_formation.txtpb");
  ASSERT_TRUE(lhs.experiment().sweep().has_latin_hypercube());
  EXPECT_GE(lhs.experiment().sweep().latin_hypercube().ranges_size(), 2);
}

TEST(ShippedSet, CoveringIsThePmShortageWithCoveringOn) {
  const v1::Scenario shortage = load_scenario("scenarios/pm_shortage.txtpb");
  v1::Scenario covering = load_scenario("scenarios/covering.txtpb");
  EXPECT_FALSE(shortage.formation().covering().enabled());
  EXPECT_TRUE(covering.formation().covering().enabled());
  // Switch covering off again and only the label differs.
  covering.mutable_formation()->mutable_covering()->set_enabled(false);
  covering.set_name(shortage.name());
  covering.set_description(shortage.description());
  EXPECT_EQ(to_text(covering), to_text(shortage));
}

}  // namespace
}  // namespace salesim::scenario
