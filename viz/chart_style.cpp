#include "viz/chart_style.h"

#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>
#include <QtCharts/QAbstractSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>

namespace salesim::viz {
namespace {

// Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies and on projectors.
constexpr QRgb kPalette[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                             0xE69F00, 0x56B4E9, 0x000000, 0x999999};

QFont font(int point_size, bool bold = false) { return chart_font(point_size, bold); }

}  // namespace

void hide_from_legend(QChart* chart, QAbstractSeries* series) {
  series->setProperty("salesim_no_legend", true);
  for (QLegendMarker* marker : chart->legend()->markers(series)) marker->setVisible(false);
}

bool is_hidden_from_legend(const QAbstractSeries* series) {
  return series == nullptr || series->property("salesim_no_legend").toBool();
}

bool wan_numbers() { return QLocale().language() == QLocale::Chinese; }

QString chart_font_family() {
  if (QLocale().language() != QLocale::Chinese) return QFont().family();
  // Families with the CJK Unified Ideographs, most likely first on Debian (scripts/setup.sh
  // installs fonts-wqy-microhei).
  static const QStringList cjk = {"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC",
                                  "WenQuanYi Zen Hei",   "AR PL UMing CN",   "Droid Sans Fallback"};
  const QStringList installed = QFontDatabase::families(QFontDatabase::SimplifiedChinese);
  for (const QString& family : cjk)
    if (installed.contains(family)) return family;
  return installed.isEmpty() ? QFont().family() : installed.front();
}

QFont chart_font(int point_size, bool bold) {
  QFont f(chart_font_family());
  f.setPointSize(point_size);
  f.setBold(bold);
  return f;
}

QColor plan_colour(int i) {
  const int n = static_cast<int>(std::size(kPalette));
  return QColor(kPalette[((i % n) + n) % n]);
}

QColor band_colour(int i, int alpha) {
  QColor c = plan_colour(i);
  c.setAlpha(alpha);
  return c;
}

QColor activity_colour(const QString& activity) {
  // In-role work in cool colours, the three faults in warm ones, idle in grey.
  if (activity == "farming") return QColor(0x0072B2);
  if (activity == "deal_work") return QColor(0x009E73);
  if (activity == "hunting") return QColor(0x56B4E9);
  if (activity == "mentoring") return QColor(0xCC79A7);
  if (activity == "offside") return QColor(0xD55E00);
  if (activity == "misplaced") return QColor(0xE69F00);
  if (activity == "covering") return QColor(0xF0E442);
  if (activity == "idle") return QColor(0xBBBBBB);
  return QColor(0x444444);
}

QChart* new_chart(const QString& title) {
  auto* chart = new QChart();
  chart->setTheme(QChart::ChartThemeLight);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setBackgroundRoundness(0);
  chart->setMargins(QMargins(10, 10, 10, 10));
  chart->setTitle(title);
  chart->setTitleFont(font(19, true));
  chart->setTitleBrush(Qt::black);
  return chart;
}

void add_axis(QChart* chart, QAbstractAxis* axis, Qt::Alignment alignment, const QString& title) {
  chart->addAxis(axis, alignment);
  axis->setTitleText(title);
  axis->setTitleFont(font(15, true));
  axis->setTitleBrush(Qt::black);
  // Category names (plans, KPIs, roles) are what the audience reads first: bigger.
  axis->setLabelsFont(font(qobject_cast<QBarCategoryAxis*>(axis) ? 15 : 13));
  axis->setLabelsColor(Qt::black);
}

void finish_chart(QChart* chart) {
  chart->legend()->setFont(font(14));
  chart->legend()->setShowToolTips(true);  // the full name of an entry Qt had to elide
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->legend()->setLabelColor(Qt::black);
  // Lines and dots get line/dot markers; bars, boxes and areas a filled square (Qt 6.4 draws
  // "from series" markers of those as empty squares).
  bool only_lines = true;
  for (QAbstractSeries* s : chart->series())
    only_lines &= s->type() == QAbstractSeries::SeriesTypeLine || s->type() == QAbstractSeries::SeriesTypeScatter ||
                  s->type() == QAbstractSeries::SeriesTypeSpline;
  chart->legend()->setMarkerShape(only_lines ? QLegend::MarkerShapeFromSeries : QLegend::MarkerShapeRectangle);
}

}  // namespace salesim::viz
