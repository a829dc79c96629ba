// A widget showing one ChartPage (one to three charts in a grid) and its exports: PNG, SVG, CSV.
// Used by the viewer's tabs and by the headless renderer (`salesim-viz --render`).
//
//   ChartPageView view(build_page(ChartKind::team, results));
//   QImage png = render_page_image(view, QSize(1600, 900));   // works with QT_QPA_PLATFORM=offscreen
#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <QWidget>

#include "viz/charts.h"

QT_BEGIN_NAMESPACE
class QChartView;
class QGridLayout;
QT_END_NAMESPACE

namespace salesim::viz {

class ChartPageView : public QWidget {
  Q_OBJECT

 public:
  explicit ChartPageView(ChartPage page, QWidget* parent = nullptr);
  ~ChartPageView() override;

  // Swaps in a new page (e.g. after a what-if run); the old charts are deleted.
  void set_page(ChartPage page);

  ChartKind kind() const { return kind_; }
  const CsvTable& data() const { return data_; }
  QList<QChart*> charts() const;

 protected:
  // Fits each chart's legend to its view's width when the view is resized.
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  ChartKind kind_ = ChartKind::revenue;
  CsvTable data_;
  QGridLayout* grid_ = nullptr;
  QList<QChartView*> views_;
};

// A legend that does not fit in one row under (or over) a chart of `width` pixels moves to the
// chart's right, one entry a line; one that fits again moves back. Entries Qt still has to elide
// show their full text as a tooltip (finish_chart turns those on).
void fit_legend(QChart* chart, qreal width);

// Lays the widget out at `size` (off screen) and grabs it: exactly size.width() x size.height().
QImage render_page_image(QWidget& page, QSize size);
// Writes PNG / SVG / CSV; on failure returns false and sets *error.
bool save_png(QWidget& page, QSize size, const QString& path, QString* error);
bool save_svg(QWidget& page, QSize size, const QString& path, const QString& title, QString* error);
bool save_csv(const CsvTable& table, const QString& path, QString* error);

// Default export size: 16:9, big enough for a projector.
inline constexpr QSize kDefaultRenderSize{1600, 900};

}  // namespace salesim::viz
