// Projector-friendly look shared by every chart: big fonts, a colour-blind-safe palette
// (Okabe-Ito), white background, no animation. Chart builders call style_chart() last.
#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QString>

class QChart;
class QAbstractAxis;
class QAbstractSeries;

// Translation context of every chart string (lupdate finds the VizCharts::tr calls; the
// translations are in viz/translations/salesim_zh_CN.ts).
class VizCharts {
  Q_DECLARE_TR_FUNCTIONS(VizCharts)
};

namespace salesim::viz {

// Colour of the i-th plan (or design point) in every chart, so a plan keeps its colour.
QColor plan_colour(int i);
// Same colour, translucent, for bands and overlapping histograms.
QColor band_colour(int i, int alpha = 70);
// Colour of an activity in the team chart ("farming", "offside", ...).
QColor activity_colour(const QString& activity);

// A new chart with the light theme, no animation and a big title. Set the theme only here: a
// theme set later would repaint the series in its own colours.
QChart* new_chart(const QString& title);
// Adds `axis` to `chart` at `alignment` with a bold title (units in it) and big labels.
void add_axis(QChart* chart, QAbstractAxis* axis, Qt::Alignment alignment, const QString& title);
// Legend font and placement; call last. Legends show the full text of an elided entry as a
// tooltip; ChartPageView moves a legend that does not fit in one row to the side.
void finish_chart(QChart* chart);

// Hides `series` from the legend of `chart` (a band, a whisker) and notes it on the series, so
// that fit_legend does not count it.
void hide_from_legend(QChart* chart, QAbstractSeries* series);
bool is_hidden_from_legend(const QAbstractSeries* series);

// True where the default locale writes large numbers in 万 (10^4) and 亿 (10^8): Chinese.
bool wan_numbers();
// The family of every chart font: the default one, or for Chinese a CJK family installed on this
// machine (WenQuanYi Micro Hei, Noto Sans CJK SC, ...) so that no character draws as a box.
QString chart_font_family();
// A chart font of `point_size` in chart_font_family().
QFont chart_font(int point_size, bool bold = false);

}  // namespace salesim::viz
