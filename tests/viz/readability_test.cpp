// Charts stay readable with many plans (issue 15, item 4): no legend entry or axis label is cut
// to "06_… tea…" at the export size, an entry Qt would still have to elide has its full text as a
// tooltip, whole-number parameters get whole-number ticks, and the lines of a multi-axis sweep
// are labelled with their swept values ("presales = 4"), not with field paths.
#include <gtest/gtest.h>

#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QValueAxis>

#include <cmath>
#include <cstdlib>
#include <string>

#include "tests/viz/viz_test_support.h"
#include "viz/charts.h"
#include "viz/page_view.h"

namespace salesim::viz {
namespace {

// Five plans with workshop-length names (as `salesim compare scenarios/workshop/0*.txtpb` gives).
v1::Results five_workshop_plans() {
  v1::Results r = testing::synthetic_compare(5, 40);
  const char* names[] = {"01_baseline_team_north", "02_offside_team_south", "03_misplaced_team_east",
                         "04_pm_shortage_team_west", "06_rookie_branch_team_centre"};
  for (int p = 0; p < r.plans_size(); ++p) r.mutable_plans(p)->set_name(names[p]);
  for (int c = 0; c < r.comparisons_size(); ++c) {
    r.mutable_comparisons(c)->set_base_plan(names[0]);
    r.mutable_comparisons(c)->set_plan(names[c + 1]);
  }
  return r;
}

// Every piece of text the charts of `view` draw (titles, axis labels, legend entries), as laid
// out at the export size.
QStringList drawn_texts(ChartPageView& view) {
  QStringList out;
  for (QChartView* chart_view : view.findChildren<QChartView*>())
    for (QGraphicsItem* item : chart_view->scene()->items())
      if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible()) {
        // A wrapped entry reads as one: "04_pm_shortage_<br>team_west".
        QString t = text->toPlainText();
        t.remove('\n').remove(QChar::LineSeparator).remove(QChar::ParagraphSeparator);
        out << t;
      }
  return out;
}

// Lays `view` out at `size` and keeps it there (render_page_image restores an earlier size).
void lay_out_at(ChartPageView& view, QSize size) {
  view.resize(size);
  render_page_image(view, size);
}

class Readability : public ::testing::Test {
 protected:
  void SetUp() override { testing::ensure_app(); }
};

TEST_F(Readability, NoLegendEntryOrAxisLabelIsElidedWithFivePlans) {
  const v1::Results r = five_workshop_plans();
  int charts = 0;
  for (ChartKind kind : kAllCharts) {
    if (!chart_unavailable(kind, r).empty()) continue;
    ChartPageView view(build_page(kind, r));
    lay_out_at(view, kDefaultRenderSize);
    const QStringList texts = drawn_texts(view);
    ASSERT_FALSE(texts.isEmpty()) << chart_name(kind);
    for (const QString& t : texts)
      EXPECT_TRUE(!t.contains(QString::fromUtf8("…")) && !t.contains("..."))
          << chart_name(kind) << ": elided text '" << t.toStdString() << "'";
    // Every plan's full name is drawn somewhere on the page (legend or category label).
    if (kind != ChartKind::compare)  // the forest's legend lists the four plans against the base
      for (const auto& plan : r.plans())
        EXPECT_TRUE(std::any_of(texts.begin(), texts.end(),
                                [&](const QString& t) { return t.contains(QString::fromStdString(plan.name())); }))
            << chart_name(kind) << ": " << plan.name() << " is not drawn in full";
    for (QChart* chart : view.charts()) EXPECT_TRUE(chart->legend()->showToolTips()) << chart_name(kind);
    ++charts;
  }
  EXPECT_EQ(charts, 5);  // revenue, win_rate, over_time, compare, team
}

TEST_F(Readability, ALegendThatFitsStaysBelowAndOneThatDoesNotMovesToTheSide) {
  ChartPageView two(build_page(ChartKind::win_rate, testing::synthetic_compare(2, 40)));
  lay_out_at(two, kDefaultRenderSize);
  EXPECT_EQ(two.charts().front()->legend()->alignment(), Qt::AlignBottom);
  ChartPageView five(build_page(ChartKind::team, five_workshop_plans()));
  lay_out_at(five, kDefaultRenderSize);
  // The utilisation box chart (two fifths of the page wide) cannot hold five names in a row.
  QChart* utilisation = five.charts().at(1);
  EXPECT_EQ(utilisation->legend()->alignment(), Qt::AlignRight);
  // Wide enough again: back where the chart put it; and narrow again: to the side.
  fit_legend(utilisation, 6000);
  EXPECT_EQ(utilisation->legend()->alignment(), Qt::AlignBottom);
  fit_legend(utilisation, 600);
  EXPECT_EQ(utilisation->legend()->alignment(), Qt::AlignRight);
}

QValueAxis* x_axis(QChart* chart) {
  for (QAbstractAxis* a : chart->axes(Qt::Horizontal))
    if (auto* v = qobject_cast<QValueAxis*>(a)) return v;
  return nullptr;
}

TEST_F(Readability, WholeNumberParametersGetWholeNumberTicks) {
  // pm count 1..5 (grid), and a narrow one, 2..3, whose "nice" step would be 0.2.
  v1::Results grid = testing::synthetic_sweep(false, 20);
  v1::Results narrow = grid;
  for (int i = 0; i < narrow.plans(0).points_size(); ++i)
    narrow.mutable_plans(0)->mutable_points(i)->set_parameters(0, 2 + i % 2);
  for (const v1::Results* r : {&grid, &narrow}) {
    ChartPage page = build_page(ChartKind::sweep, *r);
    QValueAxis* x = x_axis(page.charts.at(0).get());
    ASSERT_NE(x, nullptr);
    EXPECT_EQ(x->labelFormat(), "%.0f");
    EXPECT_GE(x->tickInterval(), 1.0);
    EXPECT_EQ(x->tickInterval(), std::round(x->tickInterval()));
    EXPECT_EQ(x->tickAnchor(), std::round(x->tickAnchor()));
  }
  // A share (0..1) keeps decimals.
  ChartPage lhs = build_page(ChartKind::sweep, testing::synthetic_sweep(true, 20));
  ASSERT_GE(lhs.charts.size(), 2u);
  QValueAxis* share = x_axis(lhs.charts.at(1).get());
  ASSERT_NE(share, nullptr);
  EXPECT_LT(share->tickInterval(), 1.0);
  EXPECT_EQ(share->labelFormat(), "%g");
}

TEST_F(Readability, MultiAxisSweepLinesAreLabelledWithTheSweptValues) {
  v1::Results r = testing::synthetic_sweep(false, 20);
  r.add_parameter_paths("team.cohorts[presales].count");
  for (int i = 0; i < r.plans(0).points_size(); ++i)
    r.mutable_plans(0)->mutable_points(i)->add_parameters(i % 2 ? 4 : 2);
  ChartPageView page(build_page(ChartKind::sweep, r));
  lay_out_at(page, kDefaultRenderSize);
  QStringList labels;
  for (QLegendMarker* m : page.charts().at(0)->legend()->markers())
    if (m->isVisible()) labels << m->label();
  labels.sort();
  EXPECT_EQ(labels, (QStringList{"presales = 2", "presales = 4"}));
  // The revenue page's box per design point: the values, under an axis that names them.
  ChartPage revenue = build_page(ChartKind::revenue, r);
  QChart* boxes = revenue.charts.at(1).get();
  ASSERT_FALSE(boxes->axes(Qt::Horizontal).isEmpty());
  EXPECT_EQ(boxes->axes(Qt::Horizontal).front()->titleText(), "pm / presales (top to bottom)");
}

}  // namespace
}  // namespace salesim::viz
