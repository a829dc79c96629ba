#include "viz/backtest_chart.h"

#include <QCoreApplication>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "viz/chart_style.h"

namespace salesim::viz {
namespace {

QString subtitle(const QString& title, const QString& note) {
  return title + "<br><span style='font-size:13pt; font-weight:normal'>" + note + "</span>";
}

QChart* message(const QString& title, const QString& text) {
  QChart* chart = new_chart(title + "<br><span style='font-size:15pt; font-weight:normal'>" + text + "</span>");
  finish_chart(chart);
  return chart;
}

void plot(QChart* chart, QAbstractSeries* s, QAbstractAxis* x, QAbstractAxis* y) {
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
}

void hide_marker(QChart* chart, QAbstractSeries* s) {
  for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
}

QValueAxis* y_axis(double lo, double hi) {
  auto* axis = new QValueAxis();
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi <= lo) hi = lo + 1;
  const double pad = (hi - lo) * 0.08;
  axis->setRange(lo >= 0 ? std::max(0.0, lo - pad) : lo - pad, hi + pad);
  axis->applyNiceNumbers();
  const double span = axis->max() - axis->min();
  axis->setLabelFormat(span >= 20 ? "%.0f" : span >= 2 ? "%.1f" : "%.2f");
  return axis;
}

const QColor kObserved(0, 0, 0);
const QColor kOutside(213, 94, 0);  // Okabe-Ito vermillion

// Band over periods (months or quarters) with the observed values; `scale` turns the values into
// the axis unit.
// A short axis label of a period: "2026-03" -> "3", "2026-Q2" -> "Q2"; the axis title names the
// first and last period in full.
QString short_period(const std::string& period) {
  const std::size_t dash = period.find('-');
  if (dash == std::string::npos) return QString::fromStdString(period);
  std::string tail = period.substr(dash + 1);
  if (!tail.empty() && tail[0] == '0') tail.erase(0, 1);
  return QString::fromStdString(tail);
}

QChart* period_chart(const std::vector<const v1::BacktestStatistic*>& rows, const QString& title, const QString& note,
                     const QString& y_title, double scale) {
  if (rows.empty()) return message(title, VizCharts::tr("no such statistic in this backtest"));
  QList<QPointF> p10, p50, p90, seen, inside, outside;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto* x = new QCategoryAxis();
  x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const v1::BacktestStatistic& st = *rows[i];
    const double xi = static_cast<double>(i);
    p10 << QPointF(xi, st.sim_p10() * scale);
    p50 << QPointF(xi, st.sim_p50() * scale);
    p90 << QPointF(xi, st.sim_p90() * scale);
    lo = std::min({lo, st.sim_p10() * scale});
    hi = std::max({hi, st.sim_p90() * scale});
    if (!std::isnan(st.observed())) {
      const QPointF p(xi, st.observed() * scale);
      seen << p;
      (st.in_band() ? inside : outside) << p;
      lo = std::min(lo, p.y());
      hi = std::max(hi, p.y());
    }
    x->append(short_period(st.period()), xi);
  }
  x->setRange(-0.5, static_cast<double>(rows.size()) - 0.5);
  QChart* chart = new_chart(subtitle(title, note));
  add_axis(chart, x, Qt::AlignBottom,
           QString::fromStdString(rows.front()->period()) + " … " + QString::fromStdString(rows.back()->period()));
  auto* y = y_axis(lo, hi);
  add_axis(chart, y, Qt::AlignLeft, y_title);
  auto* lower = new QLineSeries();
  lower->replace(p10);
  auto* upper = new QLineSeries();
  upper->replace(p90);
  auto* band = new QAreaSeries(upper, lower);
  band->setName(VizCharts::tr("P10–P90"));
  band->setBrush(band_colour(0, 70));
  band->setPen(Qt::NoPen);
  plot(chart, band, x, y);
  auto* median = new QLineSeries();
  median->replace(p50);
  median->setName(VizCharts::tr("median"));
  QPen dashed(plan_colour(0));
  dashed.setWidthF(2.5);
  dashed.setStyle(Qt::DashLine);
  median->setPen(dashed);
  plot(chart, median, x, y);
  auto* line = new QLineSeries();
  line->replace(seen);
  line->setName(VizCharts::tr("observed"));
  QPen solid(kObserved);
  solid.setWidthF(3);
  line->setPen(solid);
  plot(chart, line, x, y);
  auto* in_points = new QScatterSeries();
  in_points->replace(inside);
  in_points->setMarkerSize(13);
  in_points->setColor(kObserved);
  in_points->setBorderColor(kObserved);
  plot(chart, in_points, x, y);
  hide_marker(chart, in_points);
  auto* out_points = new QScatterSeries();
  out_points->replace(outside);
  out_points->setName(VizCharts::tr("outside"));
  out_points->setMarkerSize(16);
  out_points->setColor(kOutside);
  out_points->setBorderColor(kOutside);
  plot(chart, out_points, x, y);
  if (outside.isEmpty()) hide_marker(chart, out_points);
  finish_chart(chart);
  return chart;
}

// "win_rate" -> "win", "deal_size_p10" -> "S10", "cycle_time_p90" -> "C90".
QString short_statistic(const std::string& name) {
  if (name == "win_rate") return VizCharts::tr("win");
  const std::string q = name.size() > 3 ? name.substr(name.size() - 2) : name;
  if (name.rfind("deal_size_", 0) == 0) return VizCharts::tr("S") + QString::fromStdString(q);
  if (name.rfind("cycle_time_", 0) == 0) return VizCharts::tr("C") + QString::fromStdString(q);
  return QString::fromStdString(name);
}

// The scalar statistics as % of their simulated median: band P10-P90 as a thick bar, the median
// a dash at 100, the observed a point.
QChart* scalar_chart(const std::vector<const v1::BacktestStatistic*>& rows, const v1::Backtest& b) {
  QString title = VizCharts::tr("Win rate, deal size (S), cycle time (C)");
  QString ks;
  for (const v1::KsTest& t : b.ks_tests()) {
    ks += ks.isEmpty() ? QString() : QString("<br>");
    // The verdict judges the p-value by simulation; the asymptotic one is shown beside it, labelled.
    ks += (t.distribution() == "deal_size" ? VizCharts::tr("KS size") : VizCharts::tr("KS cycle")) +
          (std::isnan(t.distance()) ? VizCharts::tr(": not enough data")
                                    : VizCharts::tr(" D %1: p %2 by simulation, %3 asymptotic")
                                          .arg(t.distance(), 0, 'f', 3)
                                          .arg(t.p_simulated(), 0, 'g', 2)
                                          .arg(t.p_value(), 0, 'g', 2));
  }
  const QString note = VizCharts::tr("% of the simulated median") + "<br>" + ks;
  if (rows.empty()) return message(title, VizCharts::tr("no such statistic in this backtest"));
  QChart* chart = new_chart(subtitle(title, note));
  auto* x = new QCategoryAxis();
  x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  double lo = 100, hi = 100;
  QList<QPointF> medians, inside, outside;
  std::vector<QLineSeries*> bars;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const v1::BacktestStatistic& st = *rows[i];
    const double xi = static_cast<double>(i);
    x->append(short_statistic(st.statistic()), xi);
    if (!(st.sim_p50() != 0) || std::isnan(st.sim_p50())) continue;
    const double f = 100.0 / st.sim_p50();
    auto* bar = new QLineSeries();
    bar->replace(QList<QPointF>{QPointF(xi, st.sim_p10() * f), QPointF(xi, st.sim_p90() * f)});
    bars.push_back(bar);
    medians << QPointF(xi, 100);
    lo = std::min(lo, st.sim_p10() * f);
    hi = std::max(hi, st.sim_p90() * f);
    if (!std::isnan(st.observed())) {
      const QPointF p(xi, st.observed() * f);
      (st.in_band() ? inside : outside) << p;
      lo = std::min(lo, p.y());
      hi = std::max(hi, p.y());
    }
  }
  x->setRange(-0.5, static_cast<double>(rows.size()) - 0.5);
  add_axis(chart, x, Qt::AlignBottom, QString());
  auto* y = y_axis(lo, hi);
  add_axis(chart, y, Qt::AlignLeft, VizCharts::tr("% of median"));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    QPen pen(band_colour(0, 110));
    pen.setWidthF(28);
    pen.setCapStyle(Qt::FlatCap);
    bars[i]->setPen(pen);
    bars[i]->setName(VizCharts::tr("P10–P90"));
    plot(chart, bars[i], x, y);
    if (i > 0) hide_marker(chart, bars[i]);
  }
  auto* med = new QScatterSeries();
  med->replace(medians);
  med->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
  med->setMarkerSize(9);
  med->setColor(plan_colour(0));
  med->setBorderColor(plan_colour(0));
  med->setName(VizCharts::tr("median"));
  plot(chart, med, x, y);
  auto* in_points = new QScatterSeries();
  in_points->replace(inside);
  in_points->setMarkerSize(15);
  in_points->setColor(kObserved);
  in_points->setBorderColor(kObserved);
  in_points->setName(VizCharts::tr("observed"));
  plot(chart, in_points, x, y);
  auto* out_points = new QScatterSeries();
  out_points->replace(outside);
  out_points->setMarkerSize(17);
  out_points->setColor(kOutside);
  out_points->setBorderColor(kOutside);
  out_points->setName(VizCharts::tr("outside"));
  plot(chart, out_points, x, y);
  if (outside.isEmpty()) hide_marker(chart, out_points);
  if (inside.isEmpty()) hide_marker(chart, in_points);
  finish_chart(chart);
  return chart;
}

std::string number(double v) { return std::isnan(v) ? std::string() : format_number(v); }

}  // namespace

ChartPage backtest_page(const v1::Results& r) {
  ChartPage page;
  page.data.header = {"statistic", "period", "unit", "observed", "sim_p10", "sim_p50", "sim_p90", "in_band"};
  const QString title = VizCharts::tr("Backtest: observed against simulated");
  if (!r.has_backtest() || r.backtest().statistics_size() == 0) {
    page.charts.emplace_back(
        message(title, VizCharts::tr("no backtest in this file: run `salesim backtest SCENARIO --actual EXPORT_DIR`")));
    return page;
  }
  const v1::Backtest& b = r.backtest();
  std::vector<const v1::BacktestStatistic*> months, quarters, scalars;
  for (const v1::BacktestStatistic& st : b.statistics()) {
    page.data.rows.push_back({st.statistic(), st.period(), st.unit(), number(st.observed()), number(st.sim_p10()),
                              number(st.sim_p50()), number(st.sim_p90()), st.in_band() ? "true" : "false"});
    if (st.statistic() == "opportunities") months.push_back(&st);
    else if (st.statistic() == "revenue") quarters.push_back(&st);
    else scalars.push_back(&st);
  }
  const QString period = VizCharts::tr("%1 to %2 (exclusive)").arg(QString::fromStdString(b.period_start()), QString::fromStdString(b.period_end()));
  page.charts.emplace_back(period_chart(
      months, VizCharts::tr("Opportunities per month"),
      VizCharts::tr("%1, %2 replications, %3").arg(QString::fromStdString(b.scenario())).arg(b.replications()).arg(period),
      VizCharts::tr("opportunities created"), 1.0));
  page.charts.emplace_back(period_chart(quarters, VizCharts::tr("Revenue per quarter"),
                                        VizCharts::tr("%1 of %2 statistics inside the band: %3")
                                            .arg(b.inside())
                                            .arg(b.compared())
                                            .arg(b.misfit() ? VizCharts::tr("MISFIT")
                                                 : b.replications() < b.replications_to_judge()
                                                     ? VizCharts::tr("too few replications to judge (need %1)")
                                                           .arg(b.replications_to_judge())
                                                     : VizCharts::tr("no significant misfit")),
                                        wan_numbers() ? VizCharts::tr("won (10k CNY)") : VizCharts::tr("won (M CNY)"),
                                        wan_numbers() ? 1e-4 : 1e-6));
  page.charts.emplace_back(scalar_chart(scalars, b));
  return page;
}

}  // namespace salesim::viz
