// Chinese plan and cohort names end to end (issue 15, item 5): a scenario may name a cohort
// 项目经理 and --set reaches it by that name; compare prints its tables aligned by display width
// (a CJK character is two terminal columns); output file names stay portable; CSVs carry the
// names in UTF-8. And the display-width function itself (UAX #11).
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "sim/cli/text_width.h"
#include "tests/cli/cli_helpers.h"

namespace salesim {
namespace {

using cli::display_width;
using cli::pad_left;
using cli::pad_right;

TEST(DisplayWidth, CjkCharactersTakeTwoColumnsAndAsciiOne) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("golden_triangle"), 15u);
  EXPECT_EQ(display_width("项目经理"), 8u);                 // 4 ideographs
  EXPECT_EQ(display_width("06_东区团队"), 3u + 8u);
  EXPECT_EQ(display_width("（补位）"), 8u);                 // fullwidth parentheses
  EXPECT_EQ(display_width("금삼각"), 6u);                   // Hangul syllables
  EXPECT_EQ(display_width("カバー"), 6u);                   // Katakana
  EXPECT_EQ(display_width("é"), 1u);                        // Latin-1 letter: narrow
  EXPECT_EQ(display_width("e\xCC\x81"), 1u);                // e + combining acute: one column
  EXPECT_EQ(display_width("μ*"), 2u);                       // Greek: narrow (ambiguous counts 1)
  EXPECT_EQ(display_width("\xE4\xB8"), 2u);                 // a cut sequence: one column a byte
  EXPECT_EQ(display_width("\xFF"), 1u);
  EXPECT_EQ(display_width("𠀀"), 2u);                       // CJK Extension B (4-byte UTF-8)
}

TEST(DisplayWidth, PaddingCountsColumnsNotBytes) {
  EXPECT_EQ(pad_right("西区", 8), "西区    ");
  EXPECT_EQ(pad_right("pm", 4), "pm  ");
  EXPECT_EQ(pad_right("东区团队", 4), "东区团队");  // already wider: unchanged
  EXPECT_EQ(pad_left("项目经理", 10), "  项目经理");
  EXPECT_EQ(display_width(pad_right("06_东区团队", 22)), 22u);
}

// Column (in display columns) where `needle` starts on `line`, or npos.
std::size_t column_of(const std::string& line, const std::string& needle) {
  const std::size_t at = line.find(needle);
  return at == std::string::npos ? at : display_width(line.substr(0, at));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

TEST(ChineseNames, CohortAndPlanNamesWorkFromScenarioToTablesAndFiles) {
  const auto dir = testing::scratch_dir("cjk");
  std::string text = testing::read_file(testing::scenario("golden_triangle.txtpb"));
  const std::string pm = "name: \"pm\"";
  ASSERT_NE(text.find(pm), std::string::npos);
  text.replace(text.find(pm), pm.size(), "name: \"项目经理\"");
  const auto file = dir / "zh.txtpb";
  std::ofstream(file) << text;
  // A cohort name with an ideographic space or CJK punctuation is still refused: it could not be
  // written in a --set path unambiguously.
  std::string spaced = text;
  spaced.replace(spaced.find("项目经理"), std::string("项目经理").size(), "项目\u3000经理");
  std::ofstream(dir / "spaced.txtpb") << spaced;
  const auto bad = testing::run_salesim({"validate", (dir / "spaced.txtpb").string()});
  EXPECT_NE(bad.rc, 0) << bad.err;
  EXPECT_NE(bad.err.find("may only contain letters"), std::string::npos) << bad.err;

  const auto out = dir / "out";
  const auto r = testing::run_salesim({"compare", file.string(), file.string(), "--name", "东区团队", "--name", "西区",
                                       "--set", "2:team.cohorts[项目经理].count=5", "-n", "12", "--seed", "3",
                                       "--out", out.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  // The second plan ran with five PMs: its scenario echo says so.
  bool found_echo = false;
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    // Portable file names: ASCII only, whatever the plan is called.
    for (unsigned char c : name) EXPECT_LT(c, 0x80) << name;
    if (name.rfind("scenario.", 0) == 0) {
      const std::string echo = testing::read_file(entry.path());
      if (echo.find("name: \"西区\"") != std::string::npos || echo.find("西区") != std::string::npos) {
        const std::size_t at = echo.find("项目经理");
        ASSERT_NE(at, std::string::npos);
        EXPECT_NE(echo.find("count: 5", at), std::string::npos) << echo.substr(at, 200);
        found_echo = true;
      }
    }
  }
  EXPECT_TRUE(found_echo);
  // The echo is a valid scenario again, names and all.
  for (const auto& entry : std::filesystem::directory_iterator(out))
    if (entry.path().filename().string().rfind("scenario.", 0) == 0) {
      const auto v = testing::run_salesim({"validate", entry.path().string()});
      EXPECT_EQ(v.rc, 0) << entry.path() << ": " << v.err;
    }
  // CSVs carry the names as written (UTF-8).
  const std::string summary = testing::read_file(out / "summary.csv");
  EXPECT_NE(summary.find("\n东区团队,0,revenue,"), std::string::npos);
  EXPECT_NE(summary.find("\n西区,0,revenue,"), std::string::npos);

  // The stdout tables line up by display column: the summary's kpi column and the ranking's mean
  // column start at the same column on every row, whichever plan the row is.
  const auto lines = lines_of(r.out);
  std::size_t kpi_column = std::string::npos, rows = 0;
  for (const auto& line : lines) {
    if (line.find("revenue (CNY)") == std::string::npos) continue;
    if (line.rfind("东区团队", 0) != 0 && line.rfind("西区", 0) != 0) continue;
    const std::size_t c = column_of(line, "revenue (CNY)");
    if (kpi_column == std::string::npos) kpi_column = c;
    EXPECT_EQ(c, kpi_column) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 2u) << r.out;
  std::size_t ci_column = std::string::npos;
  rows = 0;
  bool in_ranking = false;
  for (const auto& line : lines) {
    if (line.rfind("rank  plan", 0) == 0) {
      in_ranking = true;
      ci_column = column_of(line, "95% CI");
      continue;
    }
    if (!in_ranking || line.empty() || line[0] == '(') {
      in_ranking = false;
      continue;
    }
    EXPECT_EQ(column_of(line, "["), ci_column) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 2u) << r.out;
}

// A sweep over a Chinese cohort's head count: the CSV column is named by the path as written,
// and the stdout table's columns line up.
TEST(ChineseNames, ASweepOverAChineseCohortNamesItsColumnByThePath) {
  const auto dir = testing::scratch_dir("cjk_sweep");
  std::string text = testing::read_file(testing::scenario("golden_triangle.txtpb"));
  const std::string pm = "name: \"pm\"";
  text.replace(text.find(pm), pm.size(), "name: \"项目经理\"");
  std::ofstream(dir / "zh.txtpb") << text;
  std::ofstream(dir / "sweep.txtpb") << "base: \"zh.txtpb\"\n"
                                        "experiment { sweep { grid { axes { path: \"team.cohorts[项目经理].count\" "
                                        "values: [2, 3, 4] } } } }\n";
  const auto r = testing::run_salesim({"sweep", (dir / "sweep.txtpb").string(), "-n", "4", "--seed", "5", "--out",
                                       (dir / "out").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string summary = testing::read_file(dir / "out" / "summary.csv");
  const std::string header = summary.substr(0, summary.find('\n'));
  EXPECT_NE(header.find("team.cohorts[项目经理].count"), std::string::npos) << header;
  // The design table: every row's first KPI cell starts at the header's column for it.
  const auto lines = lines_of(r.out);
  std::size_t at = std::string::npos;
  int rows = 0;
  for (const auto& line : lines) {
    if (line.rfind("point", 0) == 0) {
      at = column_of(line, "revenue");
      continue;
    }
    if (at == std::string::npos || line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
    // The cell after the swept value: the first character past column `at`'s left edge is a digit.
    std::size_t col = 0, i = 0;
    while (i < line.size() && col < at) {
      const unsigned char b = static_cast<unsigned char>(line[i]);
      const std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
      col += display_width(line.substr(i, len));
      i += len;
    }
    ASSERT_LT(i, line.size()) << line;
    EXPECT_NE(line[i], ' ') << "column " << at << " of '" << line << "'";
    EXPECT_EQ(line[i - 1], ' ') << "column " << at << " of '" << line << "'";
    ++rows;
  }
  EXPECT_EQ(rows, 3) << r.out;
}

}  // namespace
}  // namespace salesim
