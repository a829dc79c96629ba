#include "viz/page_view.h"
#include "viz/file_output.h"

#include <QtCharts/QChart>
#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QBoxPlotSeries>
#include <QtCharts/QBoxSet>
#include <QtCharts/QChartView>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <algorithm>

#include <QCursor>
#include <QToolTip>
#include <QCoreApplication>
#include <QEvent>
#include <QFont>
#include <QVariant>
#include <algorithm>
#include <cstdlib>
#include <QFontMetricsF>
#include <QFile>
#include <QGridLayout>
#include <QPainter>
#include <QPixmap>
#include <QBuffer>
#include <QSvgGenerator>

#include "viz/chart_style.h"

namespace salesim::viz {
namespace {

// Hover tooltips with the exact numbers (interactive use only; exports are unaffected).
void add_tooltips(QChart* chart) {
  for (QAbstractSeries* series : chart->series()) {
    if (auto* box = qobject_cast<QBoxPlotSeries*>(series)) {
      QObject::connect(box, &QBoxPlotSeries::hovered, box, [box](bool on, QBoxSet* set) {
        if (!on) return QToolTip::hideText();
        QToolTip::showText(QCursor::pos(), VizCharts::tr("%1 · %2\nbox %3 – %4, median %5")
                                               .arg(box->name(), set->label())
                                               .arg(set->at(QBoxSet::LowerQuartile), 0, 'g', 4)
                                               .arg(set->at(QBoxSet::UpperQuartile), 0, 'g', 4)
                                               .arg(set->at(QBoxSet::Median), 0, 'g', 4));
      });
    } else if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
      QObject::connect(bars, &QAbstractBarSeries::hovered, bars, [](bool on, int index, QBarSet* set) {
        if (!on) return QToolTip::hideText();
        QToolTip::showText(QCursor::pos(), QString("%1: %2").arg(set->label()).arg(set->at(index), 0, 'g', 4));
      });
    } else if (auto* dots = qobject_cast<QScatterSeries*>(series)) {
      QObject::connect(dots, &QScatterSeries::hovered, dots, [dots](const QPointF& p, bool on) {
        if (!on) return QToolTip::hideText();
        QToolTip::showText(QCursor::pos(), VizCharts::tr("%1: x %2, y %3").arg(dots->name()).arg(p.x(), 0, 'g', 4).arg(p.y(), 0, 'g', 4));
      });
    } else if (auto* line = qobject_cast<QLineSeries*>(series); line && !line->name().isEmpty()) {
      QObject::connect(line, &QLineSeries::hovered, line, [line](const QPointF& p, bool on) {
        if (!on) return QToolTip::hideText();
        QToolTip::showText(QCursor::pos(), VizCharts::tr("%1: x %2, y %3").arg(line->name()).arg(p.x(), 0, 'g', 4).arg(p.y(), 0, 'g', 4));
      });
    }
  }
}

}  // namespace

ChartPageView::ChartPageView(ChartPage page, QWidget* parent) : QWidget(parent) {
  setAutoFillBackground(true);
  QPalette pal = palette();
  pal.setColor(QPalette::Window, Qt::white);
  setPalette(pal);
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setSpacing(0);
  set_page(std::move(page));
}

ChartPageView::~ChartPageView() = default;

void ChartPageView::set_page(ChartPage page) {
  for (QChartView* view : views_) {
    grid_->removeWidget(view);
    delete view;  // deletes its chart
  }
  views_.clear();
  kind_ = page.kind;
  data_ = std::move(page.data);
  const int n = static_cast<int>(page.charts.size());
  for (int i = 0; i < n; ++i) {
    add_tooltips(page.charts[i].get());
    auto* view = new QChartView(page.charts[i].release(), this);  // the view owns the chart now
    view->setRenderHint(QPainter::Antialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->installEventFilter(this);
    // A chart view's size hint is its chart's last size: the grid must not split the page by it
    // (a new chart beside an old one came out a sliver until a tab switch, issue 15). Ignored:
    // the page is split by the stretch factors below alone.
    view->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    views_ << view;
  }
  // 1: full page; 2: side by side; 3: a big one left, two stacked right; 4: 2 x 2.
  for (int i = 0; i < n; ++i) {
    if (n == 3 && i == 0) grid_->addWidget(views_[i], 0, 0, 2, 1);
    else if (n == 3) grid_->addWidget(views_[i], i - 1, 1);
    else if (n == 4) grid_->addWidget(views_[i], i / 2, i % 2);
    else grid_->addWidget(views_[i], 0, i);
  }
  // Fixed shares: columns 1:1 (3:2 for three charts), rows 1:1.
  for (int c = 0; c < 2; ++c) {
    grid_->setColumnStretch(c, c < std::min(n, 2) ? 1 : 0);
    grid_->setRowStretch(c, c == 0 || n >= 3 ? 1 : 0);
  }
  if (n == 3) grid_->setColumnStretch(0, 3), grid_->setColumnStretch(1, 2);
}

bool ChartPageView::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::Resize)
    if (auto* view = qobject_cast<QChartView*>(watched); view && view->chart())
      fit_legend(view->chart(), view->width());
  return QWidget::eventFilter(watched, event);
}

// `text` on two lines, broken after the separator ('_', ' ', '.', '-') nearest its middle; as it
// is when it has none.
QString wrapped_label(const QString& text) {
  const int middle = static_cast<int>(text.size()) / 2;
  int best = -1;
  for (int i = 1; i + 1 < text.size(); ++i)
    if (QStringLiteral("_ .-").contains(text[i]) && (best < 0 || std::abs(i - middle) < std::abs(best - middle))) best = i;
  if (best < 0) return text;
  return text.left(best + 1).toHtmlEscaped() + "<br>" + text.mid(best + 1).toHtmlEscaped();
}

void fit_legend(QChart* chart, qreal width) {
  QLegend* legend = chart->legend();
  if (!legend->isVisible() || width <= 0) return;
  // The alignment the chart was built with, kept across fits.
  QVariant built = legend->property("salesim_alignment");
  if (!built.isValid()) {
    built = static_cast<int>(legend->alignment());
    legend->setProperty("salesim_alignment", built);
  }
  const auto alignment = static_cast<Qt::Alignment>(built.toInt());
  if (!(alignment & (Qt::AlignBottom | Qt::AlignTop))) return;
  // One row needs, per entry: the marker (about a line high), the gaps and the text.
  const QFontMetricsF metrics(legend->font());
  qreal row = 0;
  for (QLegendMarker* marker : legend->markers()) {
    // (A marker reads as hidden until the chart is first laid out: ask the chart's note.)
    if (is_hidden_from_legend(marker->series())) continue;
    row += metrics.height() + 16 + metrics.horizontalAdvance(marker->label());
  }
  const bool side = row > width - 40;
  legend->setAlignment(side ? Qt::AlignRight : alignment);
  // At the side Qt gives the legend a narrow column (less on a small chart): an entry of more
  // than a short word wraps at an underscore, space or dot near its middle
  // ("04_pm_shortage_<br>team_west") rather than being cut. The full text stays in the tooltip and
  // in the series name.
  const qreal column = std::min<qreal>(width * 0.2, 9 * metrics.averageCharWidth());
  for (QLegendMarker* marker : legend->markers()) {
    if (is_hidden_from_legend(marker->series())) continue;
    const QString name = marker->series()->name();
    marker->setLabel(side && (name.size() > 8 || metrics.horizontalAdvance(name) > column) ? wrapped_label(name) : name);
  }
  // Category names under a narrow chart (the team page's role boxes at 1280x720): a smaller
  // font rather than "Presa…".
  for (QAbstractAxis* axis : chart->axes(Qt::Horizontal)) {
    auto* categories = qobject_cast<QBarCategoryAxis*>(axis);
    if (!categories || categories->count() == 0) continue;
    QVariant built_font = axis->property("salesim_labels_font");
    if (!built_font.isValid()) {
      built_font = axis->labelsFont();
      axis->setProperty("salesim_labels_font", built_font);
    }
    QFont font = built_font.value<QFont>();
    const qreal slot = width * 0.6 / categories->count();
    qreal widest = 0;
    for (const QString& c : categories->categories()) widest = std::max(widest, QFontMetricsF(font).horizontalAdvance(c));
    if (widest > slot * 0.45) font.setPointSize(std::max(10, font.pointSize() * 3 / 4));
    axis->setLabelsFont(font);
  }
}

QList<QChart*> ChartPageView::charts() const {
  QList<QChart*> out;
  for (QChartView* view : views_) out << view->chart();
  return out;
}

namespace {

// A hidden widget has no layout; show it off screen at the wanted size and let events settle.
void lay_out(QWidget& page, QSize size) {
  if (!page.isVisible() && !page.parentWidget()) {
    page.setAttribute(Qt::WA_DontShowOnScreen, true);
    page.show();
  }
  page.resize(size);
  if (page.layout()) page.layout()->activate();
  QCoreApplication::processEvents();
}

}  // namespace

QImage render_page_image(QWidget& page, QSize size) {
  const QSize old = page.size();
  const bool restore = page.isVisible() && !page.testAttribute(Qt::WA_DontShowOnScreen);
  QImage image(size, QImage::Format_ARGB32);
  image.fill(Qt::white);
  if (restore) {
    // A page on screen: render into a detached copy of the size asked for would need a rebuild;
    // draw the on-screen widget scaled instead.
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const QPixmap pixmap = page.grab();
    painter.drawPixmap(QRect(QPoint(0, 0), size), pixmap);
    return image;
  }
  lay_out(page, size);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  page.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  painter.end();
  if (old.isValid() && old != size) page.resize(old);
  return image;
}

bool save_png(QWidget& page, QSize size, const QString& path, QString* error) {
  return write_image(render_page_image(page, size), path, "PNG", error);
}

bool save_svg(QWidget& page, QSize size, const QString& path, const QString& title, QString* error) {
  const bool on_screen = page.isVisible() && !page.testAttribute(Qt::WA_DontShowOnScreen);
  const QSize draw_size = on_screen ? page.size() : size;
  if (!on_screen) lay_out(page, size);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(draw_size);
  svg.setViewBox(QRect(QPoint(0, 0), draw_size));
  svg.setTitle(title);
  svg.setDescription("salesim-viz chart");
  QPainter painter;
  if (!painter.begin(&svg)) {
    if (error) *error = VizCharts::tr("%1: cannot write SVG").arg(path);
    return false;
  }
  page.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  painter.end();
  buffer.close();
  return write_file_bytes(path, bytes, error);
}

bool save_csv(const CsvTable& table, const QString& path, QString* error) {
  const std::string text = table.to_csv();
  return write_file_bytes(path, QByteArray(text.data(), static_cast<qsizetype>(text.size())), error);
}

}  // namespace salesim::viz
