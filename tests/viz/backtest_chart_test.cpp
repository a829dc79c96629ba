// The backtest chart (viz/backtest_chart.h): three charts from Results.backtest, the observed
// points split by whether they lie inside the band, and the plotted numbers as its CSV table.
#include <gtest/gtest.h>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>

#include <cmath>

#include "tests/viz/viz_test_support.h"
#include "viz/backtest_chart.h"

namespace salesim::viz {
namespace {

v1::Results with_backtest() {
  v1::Results r = testing::synthetic_run(20);
  v1::Backtest* b = r.mutable_backtest();
  b->set_scenario("golden_triangle");
  b->set_period_start("2026-01-01");
  b->set_period_end("2027-01-01");
  b->set_replications(200);
  auto add = [&](const char* name, const char* period, double observed, double p10, double p50, double p90) {
    v1::BacktestStatistic* st = b->add_statistics();
    st->set_statistic(name);
    st->set_period(period);
    st->set_observed(observed);
    st->set_sim_p10(p10);
    st->set_sim_p50(p50);
    st->set_sim_p90(p90);
    st->set_in_band(observed >= p10 && observed <= p90);
  };
  add("opportunities", "2026-01", 30, 20, 27, 32);
  add("opportunities", "2026-02", 40, 13, 18, 25);  // outside
  add("opportunities", "2026-03", 20, 13, 17, 23);
  add("win_rate", "all", 0.26, 0.09, 0.12, 0.15);  // outside
  add("deal_size_p50", "all", 250000, 216000, 263000, 311000);
  add("cycle_time_p50", "all", 56, 56, 57, 59);
  add("revenue", "2026-Q1", 8.5e6, 1.6e6, 5.6e6, 11.8e6);
  add("revenue", "2026-Q2", 7.6e6, 1.2e6, 6.0e6, 12.4e6);
  v1::KsTest* ks = b->add_ks_tests();
  ks->set_distribution("deal_size");
  ks->set_distance(0.089);
  ks->set_p_value(0.61);
  b->set_compared(8);
  b->set_inside(6);
  b->set_misfit(true);
  return r;
}

template <class T>
std::vector<T*> series_of(QChart* chart) {
  std::vector<T*> out;
  for (auto* s : chart->series())
    if (auto* t = qobject_cast<T*>(s)) out.push_back(t);
  return out;
}

TEST(BacktestChart, DrawsMonthsQuartersAndScalarsWithTheObservedInsideAndOutsideTheBand) {
  testing::ensure_app();
  ChartPage page = backtest_page(with_backtest());
  ASSERT_EQ(page.charts.size(), 3u);
  EXPECT_EQ(page.data.rows.size(), 8u);
  EXPECT_EQ(page.data.header.front(), "statistic");
  // Months: the band P10..P90 as the area's bounds, and the observed split by the band.
  QChart* months = page.charts[0].get();
  auto areas = series_of<QAreaSeries>(months);
  ASSERT_EQ(areas.size(), 1u);
  ASSERT_EQ(areas[0]->upperSeries()->count(), 3);
  EXPECT_EQ(areas[0]->upperSeries()->at(1).y(), 25);
  EXPECT_EQ(areas[0]->lowerSeries()->at(1).y(), 13);
  auto points = series_of<QScatterSeries>(months);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0]->count(), 2);  // inside
  EXPECT_EQ(points[1]->count(), 1);  // outside
  EXPECT_EQ(points[1]->at(0).y(), 40);
  // Revenue in M CNY.
  auto revenue = series_of<QAreaSeries>(page.charts[1].get());
  ASSERT_EQ(revenue.size(), 1u);
  EXPECT_DOUBLE_EQ(revenue[0]->upperSeries()->at(0).y(), 11.8);
  EXPECT_TRUE(page.charts[1]->title().contains("MISFIT"));
  // Scalars as % of the simulated median: the win rate's observed 0.26 / 0.12.
  auto scalars = series_of<QScatterSeries>(page.charts[2].get());
  bool found = false;
  for (QScatterSeries* s : scalars)
    for (int i = 0; i < s->count(); ++i)
      if (std::abs(s->at(i).y() - 100 * 0.26 / 0.12) < 1e-9) found = true;
  EXPECT_TRUE(found);
  EXPECT_TRUE(page.charts[2]->title().contains("0.089"));
}

TEST(BacktestChart, SaysSoForAFileWithoutABacktest) {
  testing::ensure_app();
  ChartPage page = build_page(ChartKind::backtest, testing::synthetic_run(20));
  ASSERT_EQ(page.charts.size(), 1u);
  EXPECT_TRUE(page.charts[0]->title().contains("salesim backtest"));
  EXPECT_EQ(chart_from_name("backtest"), ChartKind::backtest);
}

}  // namespace
}  // namespace salesim::viz
