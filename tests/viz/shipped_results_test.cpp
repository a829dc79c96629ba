// Charts of real results: runs the shipped golden-triangle scenario through `salesim run` (when
// built), then checks that every chart renders with ink and that the plotted numbers are the ones
// in the run's summary.csv.
#include <gtest/gtest.h>

#include <QtCharts/QBoxPlotSeries>
#include <QtCharts/QBoxSet>
#include <QtCharts/QChart>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/viz/viz_test_support.h"
#include "viz/charts.h"
#include "viz/page_view.h"
#include "viz/results_io.h"

namespace salesim::viz {
namespace {

// summary.csv rows of design point 0 by (plan, kpi): column name -> text.
using Summary = std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>>;

Summary read_summary(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string cell; std::getline(hs, cell, ',');) header.push_back(cell);
  Summary out;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::map<std::string, std::string> row;
    std::size_t i = 0;
    for (std::string cell; std::getline(ls, cell, ',') && i < header.size(); ++i) row[header[i]] = cell;
    if (row["design_point"] == "0") out[{row["plan"], row["kpi"]}] = row;
  }
  return out;
}

class ShippedResults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
#ifdef SALESIM_EXE
    const std::string salesim = SALESIM_EXE;
#else
    const std::string salesim;  // this build has no `salesim` command
#endif
    const std::string scenario = std::string(SALESIM_SOURCE_ROOT) + "/scenarios/golden_triangle.txtpb";
    if (!std::filesystem::exists(salesim) || !std::filesystem::exists(scenario)) return;
    testing::ensure_app();
    dir_ = testing::temp_dir("shipped");
    const std::string command = salesim + " run " + scenario + " --replications 60 --seed 7 -q --force --out " +
                                dir_ + " >" + dir_ + "/log.txt 2>&1";
    ran_ = std::system(command.c_str()) == 0;
  }
  void SetUp() override {
    if (dir_.empty()) GTEST_SKIP() << "salesim or the shipped scenario is not built";
    ASSERT_TRUE(ran_) << "salesim run failed, see " << dir_ << "/log.txt";
    testing::ensure_app();
  }
  static inline std::string dir_;
  static inline bool ran_ = false;
};

TEST_F(ShippedResults, EveryChartRendersWithInk) {
  const auto results = load_results(dir_ + "/results.pb");
  for (ChartKind kind : kAllCharts) {
    ChartPageView view(build_page(kind, results));
    const QImage image = render_page_image(view, QSize(960, 540));
    // A plain run has no comparison, sweep, attribution or backtest: those pages are a titled message.
    const bool message = kind == ChartKind::compare || kind == ChartKind::sweep || kind == ChartKind::waterfall ||
                         kind == ChartKind::sensitivity || kind == ChartKind::backtest;
    EXPECT_GT(testing::ink_share(image), message ? 0.002 : 0.02) << chart_name(kind);
  }
}

TEST_F(ShippedResults, BoxesHoldThePercentilesOfSummaryCsv) {
  const auto results = load_results(dir_ + "/results.pb");
  const Summary summary = read_summary(dir_ + "/summary.csv");
  const std::string plan = results.plans(0).name();
  ASSERT_TRUE(summary.count({plan, "revenue"})) << "no revenue row for " << plan;
  ChartPage revenue = build_page(ChartKind::revenue, results);
  auto* box = qobject_cast<QBoxPlotSeries*>(revenue.charts[1]->series().at(0));
  ASSERT_NE(box, nullptr);
  const auto& row = summary.at({plan, "revenue"});
  // summary.csv prints round-trip doubles: equal after the same scaling.
  EXPECT_DOUBLE_EQ(box->boxSets()[0]->at(QBoxSet::Median), std::stod(row.at("p50")) * 1e-6);
  // Whiskers are P10 and P90 (summary.csv); the box is the quartiles, which only results.pb carries.
  EXPECT_DOUBLE_EQ(box->boxSets()[0]->at(QBoxSet::LowerExtreme), std::stod(row.at("p10")) * 1e-6);
  EXPECT_DOUBLE_EQ(box->boxSets()[0]->at(QBoxSet::UpperExtreme), std::stod(row.at("p90")) * 1e-6);
  const auto& s = results.plans(0).points(0).summaries(0);
  ASSERT_EQ(s.kpi(), "revenue");
  EXPECT_DOUBLE_EQ(box->boxSets()[0]->at(QBoxSet::LowerQuartile), s.p25() * 1e-6);
  EXPECT_DOUBLE_EQ(box->boxSets()[0]->at(QBoxSet::UpperQuartile), s.p75() * 1e-6);
  EXPECT_LT(s.p10(), s.p25());
  EXPECT_LT(s.p75(), s.p90());

  ChartPage win = build_page(ChartKind::win_rate, results);
  auto* rates = qobject_cast<QBoxPlotSeries*>(win.charts[0]->series().at(0));
  ASSERT_NE(rates, nullptr);
  EXPECT_DOUBLE_EQ(rates->boxSets()[0]->at(QBoxSet::Median), 100 * std::stod(summary.at({plan, "win_rate"}).at("p50")));
  EXPECT_DOUBLE_EQ(rates->boxSets()[1]->at(QBoxSet::Median), 100 * std::stod(summary.at({plan, "big_deal_rate"}).at("p50")));
}

TEST_F(ShippedResults, ExportedCsvCarriesTheSummaryMeans) {
  const auto results = load_results(dir_ + "/results.pb");
  const Summary summary = read_summary(dir_ + "/summary.csv");
  ChartPage team = build_page(ChartKind::team, results);
  int checked = 0;
  for (const auto& row : team.data.rows) {
    if (row[0] != "hours") continue;
    const auto it = summary.find({row[1], row[2]});
    ASSERT_NE(it, summary.end()) << row[2];
    EXPECT_DOUBLE_EQ(std::stod(row[4]), std::stod(it->second.at("mean"))) << row[2];
    ++checked;
  }
  EXPECT_GE(checked, 16);
}

}  // namespace
}  // namespace salesim::viz
