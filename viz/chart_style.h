// Projector-friendly look shared by every chart: big fonts, a colour-blind-safe palette
// (Okabe-Ito), white background, no animation. Chart builders call style_chart() last.
#pragma once

#include <QColor>
#include <QString>

class QChart;
class QAbstractAxis;

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
// Legend font and placement; call last.
void finish_chart(QChart* chart);

}  // namespace salesim::viz
