// Chart building: every chart renders something for every kind of results file, and the series
// hold exactly the numbers of results.pb (after unit scaling: M CNY, %).
#include <gtest/gtest.h>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QBoxPlotSeries>
#include <QtCharts/QBoxSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QHorizontalStackedBarSeries>
#include <QtCharts/QValueAxis>

#include <cmath>

#include "tests/viz/viz_test_support.h"
#include "viz/charts.h"
#include "viz/page_view.h"

namespace salesim::viz {
namespace {

using testing::ensure_app;

class Charts : public ::testing::Test {
 protected:
  void SetUp() override { ensure_app(); }
};

int kpi_index(const v1::Results& r, const std::string& name) {
  for (int i = 0; i < r.kpis_size(); ++i)
    if (r.kpis(i).name() == name) return i;
  return -1;
}

template <class T>
std::vector<T*> series_of(QChart* chart) {
  std::vector<T*> out;
  for (auto* s : chart->series())
    if (auto* t = qobject_cast<T*>(s)) out.push_back(t);
  return out;
}

TEST_F(Charts, EveryChartOfACompareRendersWithInk) {
  const auto results = testing::synthetic_compare(3);
  for (ChartKind kind : kAllCharts) {
    ChartPageView view(build_page(kind, results));
    const QImage image = render_page_image(view, QSize(800, 450));
    EXPECT_EQ(image.size(), QSize(800, 450)) << chart_name(kind);
    EXPECT_GT(testing::ink_share(image), 0.01) << chart_name(kind);
    EXPECT_GT(testing::distinct_colours(image), 8) << chart_name(kind);
  }
}

TEST_F(Charts, ChartsThatDoNotApplyStillRenderTheirTitle) {
  const auto run = testing::synthetic_run();
  for (ChartKind kind : {ChartKind::compare, ChartKind::sweep}) {
    ChartPage page = build_page(kind, run);
    ASSERT_EQ(page.charts.size(), 1u);
    EXPECT_TRUE(page.charts[0]->series().isEmpty());
    EXPECT_FALSE(page.charts[0]->title().isEmpty());
    ChartPageView view(std::move(page));
    EXPECT_GT(testing::ink_share(render_page_image(view, QSize(640, 360))), 0.002);
  }
}

TEST_F(Charts, RevenueBoxesHoldThePercentilesOfEachPlanInMillions) {
  const auto r = testing::synthetic_compare(2);
  ChartPage page = build_page(ChartKind::revenue, r);
  ASSERT_EQ(page.charts.size(), 2u);
  const auto boxes = series_of<QBoxPlotSeries>(page.charts[1].get());
  ASSERT_EQ(boxes.size(), 2u);
  const int k = kpi_index(r, "revenue");
  for (int p = 0; p < 2; ++p) {
    const auto& s = r.plans(p).points(0).summaries(k);
    EXPECT_EQ(boxes[p]->name().toStdString(), r.plans(p).name());
    QBoxSet* set = boxes[p]->boxSets().at(0);
    EXPECT_DOUBLE_EQ(set->at(QBoxSet::Median), s.p50() * 1e-6);
    EXPECT_DOUBLE_EQ(set->at(QBoxSet::LowerQuartile), s.p10() * 1e-6);
    EXPECT_DOUBLE_EQ(set->at(QBoxSet::UpperQuartile), s.p90() * 1e-6);
  }
}

TEST_F(Charts, RevenueHistogramCountsEveryRunOnce) {
  const auto r = testing::synthetic_compare(2, 80);
  ChartPage page = build_page(ChartKind::revenue, r);
  const auto areas = series_of<QAreaSeries>(page.charts[0].get());
  ASSERT_EQ(areas.size(), 2u);
  // CSV rows of the histogram: runs per bin sum to the replication count of each plan.
  std::map<std::string, long> runs;
  for (const auto& row : page.data.rows)
    if (row[0] == "histogram") runs[row[1]] += std::stol(row[12]);
  EXPECT_EQ(runs[r.plans(0).name()], 80);
  EXPECT_EQ(runs[r.plans(1).name()], 80);
  // The outline's heights are shares in percent: they sum to 100 over the bins.
  double total = 0;
  const auto points = areas[0]->upperSeries()->points();
  for (int i = 1; i + 1 < points.size(); i += 2) total += points[i].y();
  EXPECT_NEAR(total, 100.0, 1e-9);
}

TEST_F(Charts, WinRateBoxesAreInPercent) {
  const auto r = testing::synthetic_compare(2);
  ChartPage page = build_page(ChartKind::win_rate, r);
  const auto boxes = series_of<QBoxPlotSeries>(page.charts[0].get());
  ASSERT_EQ(boxes.size(), 2u);
  const auto& win = r.plans(1).points(0).summaries(kpi_index(r, "win_rate"));
  const auto& big = r.plans(1).points(0).summaries(kpi_index(r, "big_deal_rate"));
  ASSERT_EQ(boxes[1]->count(), 2);
  EXPECT_DOUBLE_EQ(boxes[1]->boxSets()[0]->at(QBoxSet::Median), 100 * win.p50());
  EXPECT_DOUBLE_EQ(boxes[1]->boxSets()[1]->at(QBoxSet::Median), 100 * big.p50());
}

TEST_F(Charts, OverTimeMedianLinesFollowTheSeriesBands) {
  const auto r = testing::synthetic_compare(2);
  ChartPage page = build_page(ChartKind::over_time, r);
  ASSERT_EQ(page.charts.size(), 2u);
  const auto lines = series_of<QLineSeries>(page.charts[0].get());
  ASSERT_EQ(lines.size(), 2u);  // medians (band edges belong to the area series)
  const auto& band = r.plans(1).points(0).series(0);
  ASSERT_EQ(band.name(), "revenue_cumulative");
  const auto points = lines[1]->points();
  ASSERT_EQ(points.size(), band.p50_size());
  EXPECT_DOUBLE_EQ(points[10].y(), band.p50(10) * 1e-6);
  EXPECT_DOUBLE_EQ(points.back().x(), band.p50_size());
  const auto areas = series_of<QAreaSeries>(page.charts[0].get());
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_DOUBLE_EQ(areas[1]->upperSeries()->at(20).y(), band.p90(20) * 1e-6);
  EXPECT_DOUBLE_EQ(areas[1]->lowerSeries()->at(20).y(), band.p10(20) * 1e-6);
}

TEST_F(Charts, CompareForestPlotShowsPairedDeltasAsPercentOfBase) {
  const auto r = testing::synthetic_compare(3);
  ChartPage page = build_page(ChartKind::compare, r);
  ASSERT_EQ(page.charts.size(), 2u);
  const auto dots = series_of<QScatterSeries>(page.charts[0].get());
  ASSERT_EQ(dots.size(), 2u);  // one per compared plan
  EXPECT_EQ(dots[0]->name().toStdString(), r.comparisons(0).plan());
  const auto& d = r.comparisons(0).deltas(0);
  ASSERT_EQ(d.kpi(), "revenue");
  EXPECT_DOUBLE_EQ(dots[0]->at(0).x(), 100 * d.delta_mean() / d.base_mean());
  const auto better = series_of<QScatterSeries>(page.charts[1].get());
  ASSERT_EQ(better.size(), 2u);
  EXPECT_DOUBLE_EQ(better[1]->at(0).x(), 100 * r.comparisons(1).deltas(0).p_better());
  // The CSV carries every KPI of every comparison.
  EXPECT_EQ(page.data.rows.size(), static_cast<std::size_t>(2 * r.kpis_size()));
}

TEST_F(Charts, GridSweepDrawsTheMeanAndItsConfidenceBand) {
  const auto r = testing::synthetic_sweep(false);
  ChartPage page = build_page(ChartKind::sweep, r);
  ASSERT_EQ(page.charts.size(), 1u);
  const auto lines = series_of<QLineSeries>(page.charts[0].get());
  ASSERT_EQ(lines.size(), 1u);
  const auto pts = lines[0]->points();
  ASSERT_EQ(pts.size(), 5);
  const int k = kpi_index(r, "revenue");
  for (int i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(pts[i].x(), r.plans(0).points(i).parameters(0));
    EXPECT_DOUBLE_EQ(pts[i].y(), r.plans(0).points(i).summaries(k).mean() * 1e-6);
  }
  const auto bands = series_of<QAreaSeries>(page.charts[0].get());
  ASSERT_EQ(bands.size(), 1u);
  EXPECT_DOUBLE_EQ(bands[0]->upperSeries()->at(2).y(), r.plans(0).points(2).summaries(k).ci_high() * 1e-6);
}

TEST_F(Charts, SweepPlotsTheKpiAskedFor) {
  const auto r = testing::synthetic_sweep(false);
  ChartOptions options;
  options.sweep_kpi = "win_rate";
  ChartPage page = build_page(ChartKind::sweep, r, options);
  const auto lines = series_of<QLineSeries>(page.charts[0].get());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_DOUBLE_EQ(lines[0]->at(0).y(), 100 * r.plans(0).points(0).summaries(kpi_index(r, "win_rate")).mean());
}

TEST_F(Charts, LatinHypercubeSweepIsAScatterPerParameter) {
  const auto r = testing::synthetic_sweep(true);
  ChartPage page = build_page(ChartKind::sweep, r);
  ASSERT_EQ(page.charts.size(), 2u);
  const auto dots = series_of<QScatterSeries>(page.charts[1].get());
  ASSERT_EQ(dots.size(), 1u);
  ASSERT_EQ(dots[0]->count(), 12);
  EXPECT_DOUBLE_EQ(dots[0]->at(3).x(), r.plans(0).points(3).parameters(1));
}

TEST_F(Charts, TeamStacksMeanHoursByActivityAndSkipsEmptyActivities) {
  const auto r = testing::synthetic_compare(2);
  ChartPage page = build_page(ChartKind::team, r);
  ASSERT_EQ(page.charts.size(), 3u);
  const auto stacks = series_of<QHorizontalStackedBarSeries>(page.charts[0].get());
  ASSERT_EQ(stacks.size(), 1u);
  const QBarSet* farming = nullptr;
  for (auto* set : stacks[0]->barSets())
    if (set->label() == "farming") farming = set;
  ASSERT_NE(farming, nullptr);
  // Categories top-down: AM·plan0, AM·plan1, PM·plan0, ... (Qt counts from the bottom).
  EXPECT_DOUBLE_EQ(farming->at(farming->count() - 2), r.plans(1).points(0).summaries(kpi_index(r, "hours.am.farming")).mean());
  const auto util = series_of<QBoxPlotSeries>(page.charts[1].get());
  ASSERT_EQ(util.size(), 2u);
  EXPECT_DOUBLE_EQ(util[0]->boxSets()[0]->at(QBoxSet::Median),
                   100 * r.plans(0).points(0).summaries(kpi_index(r, "pm_utilisation")).p50());
  const auto wait = series_of<QBoxPlotSeries>(page.charts[2].get());
  ASSERT_EQ(wait.size(), 2u);
  EXPECT_DOUBLE_EQ(wait[1]->boxSets()[1]->at(QBoxSet::Median),
                   r.plans(1).points(0).summaries(kpi_index(r, "presales_queue_wait_days")).p50());
}

TEST_F(Charts, EveryAxisHasATitleWithUnitsWhereItMeasuresSomething) {
  const auto r = testing::synthetic_compare(2);
  for (ChartKind kind : kAllCharts) {
    ChartPage page = build_page(kind, r);
    for (const auto& chart : page.charts)
      for (auto* axis : chart->axes(Qt::Vertical | Qt::Horizontal))
        // QCategoryAxis derives from QValueAxis; its labels name the rows instead.
        if (qobject_cast<QValueAxis*>(axis) && !qobject_cast<QCategoryAxis*>(axis)) {
          EXPECT_FALSE(axis->titleText().isEmpty()) << chart_name(kind);
        }
  }
}

TEST_F(Charts, UndefinedValuesDoNotBreakAnyChart) {
  // A KPI can be undefined in a run (a win rate with no closed deal): NaN must not crash or blank.
  auto r = testing::synthetic_compare(2, 30);
  const double nan = std::nan("");
  auto* point = r.mutable_plans(1)->mutable_points(0);
  point->mutable_replications(3)->set_kpis(0, nan);
  point->mutable_summaries(1)->set_p50(nan);
  point->mutable_series(0)->set_p90(5, nan);
  r.mutable_comparisons(0)->mutable_deltas(0)->set_delta_ci_low(nan);
  for (ChartKind kind : kAllCharts) {
    ChartPageView view(build_page(kind, r));
    EXPECT_GT(testing::ink_share(render_page_image(view, QSize(640, 360))), 0.002) << chart_name(kind);
  }
}

TEST_F(Charts, CsvDataQuotesFieldsWithCommas) {
  CsvTable t;
  t.header = {"a", "b"};
  t.rows = {{"x,y", "say \"hi\""}};
  EXPECT_EQ(t.to_csv(), "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n");
}

// The waterfall of a `salesim attribute` result: twin, one step per fault, scenario.

// The bars of a waterfall: each QAreaSeries as [bottom, top] over [left, right].
struct Bar {
  double left, right, bottom, top;
};
std::vector<Bar> bars_of(QChart* chart) {
  std::vector<Bar> out;
  for (auto* area : series_of<QAreaSeries>(chart)) {
    const auto up = area->upperSeries()->points(), low = area->lowerSeries()->points();
    out.push_back({up.first().x(), up.last().x(), low.first().y(), up.first().y()});
  }
  return out;
}

TEST_F(Charts, TheWaterfallStepsFromTheTwinThroughEachFaultToTheScenario) {
  const auto r = testing::synthetic_attribution();
  ChartPage page = build_page(ChartKind::waterfall, r);
  ASSERT_EQ(page.charts.size(), 1u);
  const auto bars = bars_of(page.charts[0].get());
  ASSERT_EQ(bars.size(), 4u);  // twin, offside, misplaced, scenario
  // M CNY: the twin from 0 to 80, offside 80 -> 50, misplaced 50 -> 40, the scenario 0 to 40.
  EXPECT_DOUBLE_EQ(bars[0].bottom, 0);
  EXPECT_DOUBLE_EQ(bars[0].top, 80);
  EXPECT_DOUBLE_EQ(bars[1].bottom, 50);
  EXPECT_DOUBLE_EQ(bars[1].top, 80);
  EXPECT_DOUBLE_EQ(bars[2].bottom, 40);
  EXPECT_DOUBLE_EQ(bars[2].top, 50);
  EXPECT_DOUBLE_EQ(bars[3].bottom, 0);
  EXPECT_DOUBLE_EQ(bars[3].top, 40);
  for (std::size_t i = 0; i + 1 < bars.size(); ++i) EXPECT_LT(bars[i].right, bars[i + 1].left) << i;
  // The category labels name each step with its value and share of the gap.
  QCategoryAxis* x = nullptr;
  for (auto* axis : page.charts[0]->axes(Qt::Horizontal)) x = qobject_cast<QCategoryAxis*>(axis);
  ASSERT_NE(x, nullptr);
  const QStringList labels = x->categoriesLabels();
  ASSERT_EQ(labels.size(), 4);
  EXPECT_TRUE(labels[1].contains("offside")) << labels[1].toStdString();
  EXPECT_TRUE(labels[1].contains("75%")) << labels[1].toStdString();
  EXPECT_TRUE(labels[2].contains("25%")) << labels[2].toStdString();
  // The data: per KPI the twin, each fault and the scenario.
  EXPECT_EQ(page.data.rows.size(), 8u);
  EXPECT_EQ(page.data.rows[1][1], "offside");
  EXPECT_EQ(std::stod(page.data.rows[1][6]), 80e6);  // from
  EXPECT_EQ(std::stod(page.data.rows[1][7]), 50e6);  // to
  ChartPageView view(std::move(page));
  const QImage image = render_page_image(view, QSize(1000, 600));
  EXPECT_GT(testing::ink_share(image), 0.05);
  EXPECT_GT(testing::distinct_colours(image), 8);
}

TEST_F(Charts, TheWaterfallShowsTheKpiAskedFor) {
  const auto r = testing::synthetic_attribution();
  ChartOptions options;
  options.sweep_kpi = "win_rate";
  ChartPage page = build_page(ChartKind::waterfall, r, options);
  EXPECT_TRUE(page.charts[0]->title().contains("Win rate")) << page.charts[0]->title().toStdString();
  const auto bars = bars_of(page.charts[0].get());
  ASSERT_EQ(bars.size(), 4u);
  EXPECT_NEAR(bars[0].top, 30, 1e-9);  // %
  EXPECT_NEAR(bars[3].top, 15, 1e-9);
  // A KPI with no attribution shows the first one, revenue.
  options.sweep_kpi = "deals_won";
  EXPECT_TRUE(build_page(ChartKind::waterfall, r, options).charts[0]->title().contains("Revenue"));
}

TEST_F(Charts, TheWaterfallOfAResultWithoutAttributionSaysHowToGetOne) {
  ChartPage page = build_page(ChartKind::waterfall, testing::synthetic_compare(2));
  ASSERT_EQ(page.charts.size(), 1u);
  EXPECT_TRUE(page.charts[0]->title().contains("salesim attribute")) << page.charts[0]->title().toStdString();
}

// The sensitivity tornado of a `salesim sensitivity` result: per factor a bar of S_T and one of S_1
// from 0 to the estimate, the largest S_T at the top.
TEST_F(Charts, TheSensitivityTornadoDrawsEachFactorsIndicesLargestAtTheTop) {
  v1::Results r = testing::synthetic_compare(1);
  auto add = [&](const std::string& param, const std::string& index, double est) {
    auto* x = r.add_sensitivity();
    x->set_kpi("revenue");
    x->set_parameter(param);
    x->set_method("sobol");
    x->set_index(index);
    x->set_estimate(est);
    x->set_ci_low(est - 0.05);
    x->set_ci_high(est + 0.05);
    x->set_low(0);
    x->set_high(1);
  };
  add("formation.offside.am_share", "S1", 0.2);
  add("formation.offside.am_share", "ST", 0.3);
  add("team.cohorts[pm].count", "S1", 0.5);
  add("team.cohorts[pm].count", "ST", 0.6);
  ChartPage page = build_page(ChartKind::sensitivity, r);
  ASSERT_EQ(page.charts.size(), 1u);
  EXPECT_EQ(page.data.rows.size(), 4u);
  std::vector<double> ends;  // bar lengths, in drawing order: ST of each factor, then S1
  std::vector<double> rows;
  for (auto* area : series_of<QAreaSeries>(page.charts[0].get())) {
    ends.push_back(area->upperSeries()->points().first().x());
    rows.push_back(area->upperSeries()->points().last().y());
    EXPECT_EQ(area->lowerSeries()->points().first().x(), 0.0);
  }
  ASSERT_EQ(ends.size(), 4u);
  // Smallest S_T first (at the bottom): offside (0.3) below pm (0.6).
  EXPECT_DOUBLE_EQ(ends[0], 0.3);
  EXPECT_DOUBLE_EQ(ends[1], 0.6);
  EXPECT_DOUBLE_EQ(ends[2], 0.2);
  EXPECT_DOUBLE_EQ(ends[3], 0.5);
  EXPECT_LT(rows[0], rows[1]);
  QCategoryAxis* y = nullptr;
  for (auto* axis : page.charts[0]->axes(Qt::Vertical)) y = qobject_cast<QCategoryAxis*>(axis);
  ASSERT_NE(y, nullptr);
  EXPECT_TRUE(y->categoriesLabels().last().contains("team.cohorts[pm].count")) << y->categoriesLabels().last().toStdString();
  ChartPageView view(std::move(page));
  const QImage image = render_page_image(view, QSize(1000, 600));
  EXPECT_GT(testing::ink_share(image), 0.03);
  EXPECT_GT(testing::distinct_colours(image), 8);
}

TEST_F(Charts, TheSensitivityChartOfAResultWithoutIndicesSaysHowToGetThem) {
  ChartPage page = build_page(ChartKind::sensitivity, testing::synthetic_compare(2));
  ASSERT_EQ(page.charts.size(), 1u);
  EXPECT_TRUE(page.charts[0]->title().contains("salesim sensitivity")) << page.charts[0]->title().toStdString();
}

TEST_F(Charts, ChartNamesRoundTrip) {
  for (ChartKind kind : kAllCharts) EXPECT_EQ(chart_from_name(chart_name(kind)), kind);
  EXPECT_FALSE(chart_from_name("pie").has_value());
}

TEST_F(Charts, BoxUsesP10ToP90WhenNoQuartilesAreStored) {
  v1::KpiSummary s;
  s.set_p10(1), s.set_p50(2), s.set_p90(4);
  const BoxValues b = box_values(s);
  EXPECT_FALSE(b.quartiles);
  EXPECT_EQ(b.box_low, 1);
  EXPECT_EQ(b.median, 2);
  EXPECT_EQ(b.box_high, 4);
}

TEST_F(Charts, BoxIsTheQuartilesWithP10ToP90WhiskersWhenTheyAreStored) {
  v1::KpiSummary s;
  s.set_p10(1), s.set_p25(1.5), s.set_p50(2), s.set_p75(3), s.set_p90(4);
  const BoxValues b = box_values(s);
  EXPECT_TRUE(b.quartiles);
  EXPECT_EQ(b.whisker_low, 1);
  EXPECT_EQ(b.box_low, 1.5);
  EXPECT_EQ(b.median, 2);
  EXPECT_EQ(b.box_high, 3);
  EXPECT_EQ(b.whisker_high, 4);
}

}  // namespace
}  // namespace salesim::viz
