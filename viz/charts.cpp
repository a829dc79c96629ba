#include "viz/charts.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QBoxPlotSeries>
#include <QtCharts/QBoxSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QHorizontalStackedBarSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include "viz/backtest_chart.h"
#include "viz/chart_style.h"
#include "viz/i18n.h"

namespace salesim::viz {

ChartPage::ChartPage() = default;
ChartPage::~ChartPage() = default;
ChartPage::ChartPage(ChartPage&&) noexcept = default;
ChartPage& ChartPage::operator=(ChartPage&&) noexcept = default;

std::string_view chart_name(ChartKind kind) {
  switch (kind) {
    case ChartKind::revenue: return "revenue";
    case ChartKind::win_rate: return "win_rate";
    case ChartKind::over_time: return "over_time";
    case ChartKind::compare: return "compare";
    case ChartKind::sweep: return "sweep";
    case ChartKind::team: return "team";
    case ChartKind::waterfall: return "waterfall";
    case ChartKind::sensitivity: return "sensitivity";
    case ChartKind::backtest: return "backtest";
  }
  return "revenue";
}

std::optional<ChartKind> chart_from_name(std::string_view name) {
  for (ChartKind k : kAllCharts)
    if (chart_name(k) == name) return k;
  return std::nullopt;
}

std::string chart_caption(ChartKind kind) {
  switch (kind) {
    case ChartKind::revenue: return VizCharts::tr("Revenue").toStdString();
    case ChartKind::win_rate: return VizCharts::tr("Win rate").toStdString();
    case ChartKind::over_time: return VizCharts::tr("Over time").toStdString();
    case ChartKind::compare: return VizCharts::tr("Compare").toStdString();
    case ChartKind::sweep: return VizCharts::tr("Sweep").toStdString();
    case ChartKind::team: return VizCharts::tr("Team").toStdString();
    case ChartKind::waterfall: return VizCharts::tr("Waterfall").toStdString();
    case ChartKind::sensitivity: return VizCharts::tr("Sensitivity").toStdString();
    case ChartKind::backtest: return VizCharts::tr("Backtest").toStdString();
  }
  return {};
}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string CsvTable::to_csv() const {
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    return quoted + '"';
  };
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += field(cells[i]);
    }
    out += '\n';
  };
  line(header);
  for (const auto& row : rows) line(row);
  return out;
}

namespace {

using v1::DesignPoint;
using v1::KpiSummary;
using v1::Results;

// ---------------------------------------------------------------------------------------------
// Reading results.pb

int kpi_column(const Results& r, std::string_view name) {
  for (int i = 0; i < r.kpis_size(); ++i)
    if (r.kpis(i).name() == name) return i;
  return -1;
}

const v1::KpiInfo* kpi_info(const Results& r, std::string_view name) {
  const int i = kpi_column(r, name);
  return i < 0 ? nullptr : &r.kpis(i);
}

const KpiSummary* find_summary(const Results& r, const DesignPoint& p, std::string_view name) {
  const int i = kpi_column(r, name);
  if (i >= 0 && i < p.summaries_size() && p.summaries(i).kpi() == name) return &p.summaries(i);
  for (const auto& s : p.summaries())
    if (s.kpi() == name) return &s;
  return nullptr;
}

const v1::SeriesBand* find_band(const Results& r, const DesignPoint& p, std::string_view name) {
  for (int i = 0; i < r.series_names_size() && i < p.series_size(); ++i)
    if (r.series_names(i) == name) return &p.series(i);
  for (const auto& s : p.series())
    if (s.name() == name) return &s;
  return nullptr;
}

// Display scale of a KPI: money in millions, shares in percent.
struct Scale {
  double factor = 1;
  QString unit;
};

// Money: M CNY, or 万元 (10^4 CNY) where the locale counts in 万 (wan_numbers()).
Scale money_scale() {
  return wan_numbers() ? Scale{1e-4, VizCharts::tr("10k CNY", "money unit: 万元")} : Scale{1e-6, VizCharts::tr("M CNY")};
}

Scale scale_of_unit(const std::string& unit, bool proportion) {
  if (unit == "CNY") return money_scale();
  if (proportion || unit == "share") return {100, "%"};
  return {1, QString::fromStdString(unit)};
}

Scale scale_for(const Results& r, std::string_view kpi) {
  const auto* info = kpi_info(r, kpi);
  if (!info) return {};
  return scale_of_unit(info->unit(), info->proportion());
}

QString pretty(std::string_view name) {
  // The words of the source note where it has them (签单率, 大单率, 撞单率, 商机).
  static const std::map<std::string, const char*, std::less<>> known = {
      {"revenue", QT_TRANSLATE_NOOP("VizCharts", "Revenue")},
      {"contribution", QT_TRANSLATE_NOOP("VizCharts", "Contribution")},
      {"gross_margin", QT_TRANSLATE_NOOP("VizCharts", "Gross margin")},
      {"win_rate", QT_TRANSLATE_NOOP("VizCharts", "Win rate")},
      {"big_deal_rate", QT_TRANSLATE_NOOP("VizCharts", "Big-deal rate")},
      {"collision_rate", QT_TRANSLATE_NOOP("VizCharts", "Collision rate")},
      {"deals_won", QT_TRANSLATE_NOOP("VizCharts", "Deals won")},
      {"avg_deal_size", QT_TRANSLATE_NOOP("VizCharts", "Average deal size")},
      {"new_opportunities", QT_TRANSLATE_NOOP("VizCharts", "New opportunities")},
      {"avg_discount", QT_TRANSLATE_NOOP("VizCharts", "Average discount")},
      {"cycle_time_days", QT_TRANSLATE_NOOP("VizCharts", "Cycle time")},
      {"pm_utilisation", QT_TRANSLATE_NOOP("VizCharts", "PM utilisation")},
      {"presales_utilisation", QT_TRANSLATE_NOOP("VizCharts", "Presales utilisation")},
      {"pm_queue_wait_days", QT_TRANSLATE_NOOP("VizCharts", "PM queue wait")},
      {"presales_queue_wait_days", QT_TRANSLATE_NOOP("VizCharts", "Presales queue wait")},
      {"revenue_cumulative", QT_TRANSLATE_NOOP("VizCharts", "Cumulative revenue")},
      {"opportunity_stock", QT_TRANSLATE_NOOP("VizCharts", "Opportunity stock")},
      {"headcount", QT_TRANSLATE_NOOP("VizCharts", "Headcount")},
      {"attainment", QT_TRANSLATE_NOOP("VizCharts", "Target attainment")},
      {"cost.total", QT_TRANSLATE_NOOP("VizCharts", "Total cost")},
      {"roi", QT_TRANSLATE_NOOP("VizCharts", "Return on cost")}};
  if (auto it = known.find(name); it != known.end()) return VizCharts::tr(it->second);
  QString s = QString::fromUtf8(name.data(), static_cast<int>(name.size()));
  s.replace('_', ' ');
  if (!s.isEmpty()) s[0] = s[0].toUpper();
  return s;
}

// Short label of a swept parameter path, for legends and category labels:
// "team.cohorts[pm].count" -> "pm" (a head count), "team.cohorts[am_new].hunting_share" ->
// "am_new hunting_share", "formation.offside.am_share" -> "offside.am_share".
QString short_path(const std::string& path) {
  const QStringList parts = QString::fromStdString(path).split('.');
  if (parts.size() < 2) return QString::fromStdString(path);
  QString prev = parts[parts.size() - 2];
  const int open = prev.indexOf('['), close = prev.lastIndexOf(']');
  if (open >= 0 && close > open) {
    const QString key = prev.mid(open + 1, close - open - 1);
    return parts.back() == "count" ? key : key + " " + parts.back();
  }
  return prev + "." + parts.back();
}

// "pm = 3": a swept value as legends and category labels show it.
QString parameter_text(const std::string& path, double value) {
  return short_path(path) + " = " + QString::number(value, 'g', 4);
}

// True when every value of swept parameter `p` is a whole number (a head count, a day).
bool integer_parameter(const Results& r, int p) {
  for (const auto& plan : r.plans())
    for (const auto& point : plan.points())
      if (p < point.parameters_size() && point.parameters(p) != std::round(point.parameters(p))) return false;
  return true;
}

// What one box, bar or line stands for: a plan (run, compare) or a design point (sweep).
struct Group {
  QString label;
  const DesignPoint* point;
  int colour;
  std::string plan;
};

QString point_label(const Results& r, const DesignPoint& p) {
  QStringList parts;
  for (int i = 0; i < r.parameter_paths_size() && i < p.parameters_size(); ++i)
    parts << parameter_text(r.parameter_paths(i), p.parameters(i));
  return parts.isEmpty() ? VizCharts::tr("point %1").arg(p.index()) : parts.join(", ");
}

// Plans of a run or compare; design points of a sweep. `max_points_per_plan` keeps a sweep's
// first and last points (and evenly spaced ones between) where a chart cannot show all of them.
std::vector<Group> groups_of(const Results& r, int max_points_per_plan = 1 << 20) {
  std::vector<Group> out;
  const bool sweep = r.kind() == Results::SWEEP;
  int colour_base = 0;  // a design point keeps its colour whichever subset a chart shows
  for (int pi = 0; pi < r.plans_size(); ++pi) {
    const auto& plan = r.plans(pi);
    const QString plan_name = QString::fromStdString(plan.name());
    if (!sweep) {
      out.push_back({plan_name, &plan.points(0), pi, plan.name()});
      continue;
    }
    const int n = plan.points_size();
    const int shown = std::min(n, std::max(1, max_points_per_plan));
    for (int k = 0; k < shown; ++k) {
      const int idx = shown == 1 ? 0 : static_cast<int>(std::lround(double(k) * (n - 1) / (shown - 1)));
      const auto& point = plan.points(idx);
      QString label = point_label(r, point);
      if (r.plans_size() > 1) label = plan_name + ": " + label;
      out.push_back({label, &point, colour_base + idx, plan.name()});
    }
    colour_base += n;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

QValueAxis* value_axis(double lo, double hi) {
  auto* axis = new QValueAxis();
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  // Data that is never negative (days, counts, hours) keeps an axis that starts at 0 or above,
  // also when every value is equal (all-zero waits of a short run: 0..1, not -1..1).
  const bool non_negative = lo >= 0;
  if (hi <= lo) {
    // All values equal (e.g. a what-if with no change): a unit either side, not a hair.
    const double pad = lo == 0 ? 1.0 : std::abs(lo) * 0.05;
    lo -= pad, hi += pad;
    if (non_negative) lo = std::max(0.0, lo);
  }
  axis->setRange(lo, hi);
  axis->applyNiceNumbers();
  if (non_negative && axis->min() < 0) axis->setMin(0);
  const double span = axis->max() - axis->min();
  axis->setLabelFormat(span >= 20 ? "%.0f" : span >= 2 ? "%.1f" : "%.2f");
  return axis;
}

// An axis over exactly [lo, hi] (padded), with ticks at round steps: a parameter axis should not
// run from 0 to 10 for values 2..8 as applyNiceNumbers would make it.
// `integer`: the values are whole numbers (a head count): ticks on whole numbers only, at least
// one apart, labelled without decimals.
QValueAxis* tight_axis(double lo, double hi, bool integer = false) {
  auto* axis = new QValueAxis();
  if (!(hi > lo)) lo -= 1, hi += 1;
  const double pad = (hi - lo) * 0.05;
  axis->setRange(lo - pad, hi + pad);
  const double raw = (hi - lo) / 5, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude
              : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
  if (integer) step = std::max(1.0, std::round(step));
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(std::ceil((lo - pad) / step) * step);
  axis->setTickInterval(step);
  axis->setLabelFormat(integer ? "%.0f" : "%g");
  return axis;
}

// Padded range of a set of values, including `include` (e.g. 0) when given.
std::pair<double, double> padded(double lo, double hi, std::optional<double> include = {}) {
  if (include) lo = std::min(lo, *include), hi = std::max(hi, *include);
  const double pad = (hi - lo) * 0.05;
  // Do not pad non-negative data (days, counts) below zero.
  return {lo >= 0 ? std::max(0.0, lo - pad) : lo - pad, hi + pad};
}

QChart* message_chart(const QString& title, const QString& message) {
  QChart* chart = new_chart(title + "<br><span style='font-size:15pt; font-weight:normal'>" +
                            message + "</span>");
  finish_chart(chart);
  return chart;
}

QString two_line_title(const QString& title, const QString& note) {
  return title + "<br><span style='font-size:13pt; font-weight:normal'>" + note + "</span>";
}

// Adds a series to the chart, plotted against the two given axes (which the chart already holds).
void plot_on(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y) {
  chart->addSeries(series);
  series->attachAxis(x);
  series->attachAxis(y);
}


void add_row(CsvTable& t, std::vector<std::string> row) { t.rows.push_back(std::move(row)); }

std::string str(const QString& s) { return s.toStdString(); }

// ---------------------------------------------------------------------------------------------
// Box plots: one series per group (legend per plan), one box per category (KPI or role).

struct BoxCategory {
  QString label;
  std::string kpi;
};

QChart* box_chart(const Results& r, const QString& title, const std::vector<Group>& groups,
                  const std::vector<BoxCategory>& categories, const QString& y_title, Scale scale,
                  CsvTable& csv, const std::string& chart_id) {
  bool any_quartiles = false;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::vector<QBoxPlotSeries*> series;
  for (const Group& g : groups) {
    auto* s = new QBoxPlotSeries();
    s->setName(g.label);
    s->setBrush(band_colour(g.colour, 200));
    QPen pen(QColor(0x222222));
    pen.setWidthF(2);
    s->setPen(pen);
    s->setBoxWidth(0.7);
    QList<QBoxSet*> sets;
    for (const BoxCategory& c : categories) {
      auto* set = new QBoxSet(c.label);
      if (const KpiSummary* k = find_summary(r, *g.point, c.kpi)) {
        const BoxValues b = box_values(*k);
        any_quartiles |= b.quartiles;
        set->setValue(QBoxSet::LowerExtreme, b.whisker_low * scale.factor);
        set->setValue(QBoxSet::LowerQuartile, b.box_low * scale.factor);
        set->setValue(QBoxSet::Median, b.median * scale.factor);
        set->setValue(QBoxSet::UpperQuartile, b.box_high * scale.factor);
        set->setValue(QBoxSet::UpperExtreme, b.whisker_high * scale.factor);
        lo = std::min(lo, b.whisker_low * scale.factor);
        hi = std::max(hi, b.whisker_high * scale.factor);
        add_row(csv, {chart_id, str(g.label), c.kpi, std::to_string(k->n()), format_number(k->mean()),
                      format_number(k->p10()), format_number(k->p50()), format_number(k->p90()),
                      format_number(b.box_low), format_number(b.box_high)});
      }
      sets << set;
    }
    s->append(sets);
    series.push_back(s);
  }
  const QString note = any_quartiles ? VizCharts::tr("box: quartiles, whiskers: P10–P90, line: median")
                                     : VizCharts::tr("box: P10–P90 across runs, line: median (P50)");
  QChart* chart = new_chart(two_line_title(title, note));
  auto* x = new QBarCategoryAxis();
  QStringList labels;
  for (const auto& c : categories) labels << c.label;
  x->append(labels);
  add_axis(chart, x, Qt::AlignBottom, "");
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  auto [ylo, yhi] = padded(lo, hi, scale.unit == "%" || scale.unit == money_scale().unit ? std::optional<double>{} : std::optional<double>{0.0});
  auto* y = value_axis(ylo, yhi);
  add_axis(chart, y, Qt::AlignLeft, y_title);
  for (auto* s : series) plot_on(chart, s, x, y);
  finish_chart(chart);
  return chart;
}

// A sweep's boxes: one category per design point, labelled by its parameter values.
QChart* point_box_chart(const Results& r, const QString& title, const std::vector<Group>& groups,
                        const std::string& kpi, const QString& y_title, Scale scale, CsvTable& csv) {
  auto* series = new QBoxPlotSeries();
  series->setName(pretty(kpi));
  QPen pen(QColor(0x222222));
  pen.setWidthF(2);
  series->setPen(pen);
  series->setBoxWidth(0.6);
  QStringList labels;
  bool any_quartiles = false;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Group& g : groups) {
    // The swept values one a line ("3<br>5"), in the order the axis title names them: up to 16
    // categories share the width, and Qt elides a label wider than its category.
    QStringList values;
    for (int i = 0; i < g.point->parameters_size(); ++i) values << QString::number(g.point->parameters(i), 'g', 4);
    QString label = values.join("<br>");
    if (r.plans_size() > 1) label = QString::fromStdString(g.plan) + "<br>" + label;
    labels << label;
    auto* set = new QBoxSet(label);
    set->setBrush(band_colour(g.colour, 200));
    if (const KpiSummary* k = find_summary(r, *g.point, kpi)) {
      const BoxValues b = box_values(*k);
      any_quartiles |= b.quartiles;
      set->setValue(QBoxSet::LowerExtreme, b.whisker_low * scale.factor);
      set->setValue(QBoxSet::LowerQuartile, b.box_low * scale.factor);
      set->setValue(QBoxSet::Median, b.median * scale.factor);
      set->setValue(QBoxSet::UpperQuartile, b.box_high * scale.factor);
      set->setValue(QBoxSet::UpperExtreme, b.whisker_high * scale.factor);
      lo = std::min(lo, b.whisker_low * scale.factor);
      hi = std::max(hi, b.whisker_high * scale.factor);
      add_row(csv, {"box", str(g.label), kpi, std::to_string(k->n()), format_number(k->mean()),
                    format_number(k->p10()), format_number(k->p50()), format_number(k->p90()),
                    format_number(b.box_low), format_number(b.box_high)});
    }
    series->append(set);
  }
  const QString note = any_quartiles ? VizCharts::tr("box: quartiles, whiskers: P10–P90, line: median")
                                     : VizCharts::tr("box: P10–P90 across runs, line: median (P50)");
  QChart* chart = new_chart(two_line_title(title, note));
  auto* x = new QBarCategoryAxis();
  x->append(labels);
  QStringList paths;
  for (const auto& p : r.parameter_paths()) paths << short_path(p);
  add_axis(chart, x, Qt::AlignBottom,
           paths.size() > 1 ? VizCharts::tr("%1 (top to bottom)").arg(paths.join(" / ")) : paths.join(""));
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  auto [ylo, yhi] = padded(lo, hi);
  auto* y = value_axis(ylo, yhi);
  add_axis(chart, y, Qt::AlignLeft, y_title);
  plot_on(chart, series, x, y);
  finish_chart(chart);
  chart->legend()->hide();
  return chart;
}

const std::vector<std::string> kBoxCsvHeader = {"chart", "group", "kpi", "n", "mean",
                                                "p10", "p50", "p90", "box_low", "box_high"};

// ---------------------------------------------------------------------------------------------
// 1. Revenue: histogram of per-run revenue + box plot per plan / design point.

QChart* revenue_histogram(const Results& r, const std::vector<Group>& groups, CsvTable& csv) {
  const int column = kpi_column(r, "revenue");
  const Scale scale = scale_for(r, "revenue");
  const QString title = VizCharts::tr("Revenue across runs");
  if (column < 0) return message_chart(title, VizCharts::tr("no 'revenue' KPI in this file"));
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::size_t most = 0;
  for (const Group& g : groups) {
    for (const auto& rep : g.point->replications()) {
      if (!std::isfinite(rep.kpis(column))) continue;  // a run with no defined value is not binned
      lo = std::min(lo, rep.kpis(column));
      hi = std::max(hi, rep.kpis(column));
    }
    most = std::max<std::size_t>(most, g.point->replications_size());
  }
  if (most == 0 || !std::isfinite(lo)) return message_chart(title, VizCharts::tr("this file holds no per-run rows"));
  if (hi <= lo) {
    const double pad = std::max(std::abs(lo) * 0.005, 1.0);
    lo -= pad, hi += pad;
  }
  // About sqrt(n) bins, within 8..40: enough shape for 1,000 runs, no comb for 50.
  const int bins = std::clamp(static_cast<int>(std::lround(std::sqrt(double(most)))), 8, 40);
  const double width = (hi - lo) / bins;
  double top = 0;
  std::vector<QAreaSeries*> areas;
  for (const Group& g : groups) {
    std::vector<int> counts(bins, 0);
    for (const auto& rep : g.point->replications()) {
      if (!std::isfinite(rep.kpis(column))) continue;
      const double pos = std::clamp((rep.kpis(column) - lo) / width, 0.0, bins - 1.0);
      ++counts[static_cast<int>(pos)];
    }
    const double n = std::max(1, g.point->replications_size());
    QList<QPointF> outline;
    outline.reserve(2 * bins + 2);
    outline << QPointF(lo * scale.factor, 0);
    for (int b = 0; b < bins; ++b) {
      const double share = 100.0 * counts[b] / n;
      const double x0 = (lo + b * width) * scale.factor, x1 = (lo + (b + 1) * width) * scale.factor;
      outline << QPointF(x0, share) << QPointF(x1, share);
      top = std::max(top, share);
      add_row(csv, {"histogram", str(g.label), "revenue", format_number(lo + b * width),
                    format_number(lo + (b + 1) * width), std::to_string(counts[b]),
                    format_number(share)});
    }
    outline << QPointF(hi * scale.factor, 0);
    auto* upper = new QLineSeries();
    upper->replace(outline);
    auto* area = new QAreaSeries(upper);
    area->setName(g.label);
    area->setBrush(band_colour(g.colour, groups.size() > 1 ? 90 : 160));
    QPen pen(plan_colour(g.colour));
    pen.setWidthF(2.5);
    area->setPen(pen);
    areas.push_back(area);
  }
  QChart* chart = new_chart(two_line_title(title, VizCharts::tr("share of runs per revenue bin (%1 bins)").arg(bins)));
  auto* x = value_axis(lo * scale.factor, hi * scale.factor);
  add_axis(chart, x, Qt::AlignBottom, VizCharts::tr("Revenue per run (%1)").arg(scale.unit));
  auto* y = value_axis(0, top * 1.08);
  add_axis(chart, y, Qt::AlignLeft, VizCharts::tr("Share of runs (%)"));
  for (auto* a : areas) plot_on(chart, a, x, y);
  finish_chart(chart);
  return chart;
}

ChartPage revenue_page(const Results& r) {
  ChartPage page;
  CsvTable hist;
  hist.header = {"chart", "group", "kpi", "bin_low", "bin_high", "runs", "share_percent"};
  page.charts.emplace_back(revenue_histogram(r, groups_of(r, 4), hist));
  CsvTable box;
  box.header = kBoxCsvHeader;
  const Scale scale = scale_for(r, "revenue");
  if (r.kind() == Results::SWEEP)
    page.charts.emplace_back(point_box_chart(r, VizCharts::tr("Revenue per design point"), groups_of(r, 16), "revenue",
                                             VizCharts::tr("Revenue per run (%1)").arg(scale.unit), scale, box));
  else
    page.charts.emplace_back(box_chart(r, VizCharts::tr("Revenue per plan"), groups_of(r), {{VizCharts::tr("Revenue"), "revenue"}},
                                       VizCharts::tr("Revenue per run (%1)").arg(scale.unit), scale, box, "box"));
  // One CSV for the page: histogram rows, then box rows (columns of the wider table).
  page.data.header = {"chart", "group", "kpi", "n", "mean", "p10", "p50", "p90", "box_low",
                      "box_high", "bin_low", "bin_high", "runs", "share_percent"};
  for (auto& row : hist.rows)
    page.data.rows.push_back({row[0], row[1], row[2], "", "", "", "", "", "", "", row[3], row[4], row[5], row[6]});
  for (auto& row : box.rows) {
    row.resize(page.data.header.size());
    page.data.rows.push_back(row);
  }
  return page;
}

// ---------------------------------------------------------------------------------------------
// 2. Win rate and big-deal rate.

ChartPage win_rate_page(const Results& r) {
  ChartPage page;
  page.data.header = kBoxCsvHeader;
  std::vector<BoxCategory> categories;
  for (const char* kpi : {"win_rate", "big_deal_rate"})
    if (kpi_column(r, kpi) >= 0) categories.push_back({pretty(kpi), kpi});
  if (categories.empty()) {
    page.charts.emplace_back(message_chart(VizCharts::tr("Win rate and big-deal rate"), VizCharts::tr("no win_rate KPI in this file")));
    return page;
  }
  page.charts.emplace_back(box_chart(r, VizCharts::tr("Win rate and big-deal rate"), groups_of(r, 8), categories,
                                     VizCharts::tr("Rate per run (%)"), scale_for(r, categories[0].kpi), page.data,
                                     "win_rate"));
  return page;
}

// ---------------------------------------------------------------------------------------------
// 3. Over time: fan chart (P10-P90 band, median line) per plan.

Scale series_scale(std::string_view name, QString* y_title) {
  if (name.find("revenue") != std::string_view::npos) {
    const Scale money = money_scale();
    *y_title = pretty(name) + " (" + money.unit + ")";
    return money;
  }
  if (name == "opportunity_stock") {
    *y_title = VizCharts::tr("Open opportunities (count)");
    return {1, "count"};
  }
  if (name == "headcount") {
    *y_title = VizCharts::tr("Headcount (people)");
    return {1, "people"};
  }
  *y_title = pretty(name);
  return {};
}

QChart* fan_chart(const Results& r, const std::vector<Group>& groups, const std::string& series_name,
                  CsvTable& csv) {
  QString y_title;
  const Scale scale = series_scale(series_name, &y_title);
  const QString title = VizCharts::tr("%1 over time").arg(pretty(series_name));
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  int weeks = 0;
  std::vector<std::pair<QAreaSeries*, QLineSeries*>> drawn;
  for (const Group& g : groups) {
    const v1::SeriesBand* band = find_band(r, *g.point, series_name);
    if (!band || band->p50_size() == 0) continue;
    const int n = band->p50_size();
    weeks = std::max(weeks, n);
    QList<QPointF> p10, p50, p90;
    p10.reserve(n), p50.reserve(n), p90.reserve(n);
    for (int w = 0; w < n; ++w) {
      const double x = w + 1;  // value at the end of week w+1
      p10 << QPointF(x, band->p10(w) * scale.factor);
      p50 << QPointF(x, band->p50(w) * scale.factor);
      p90 << QPointF(x, band->p90(w) * scale.factor);
      lo = std::min(lo, band->p10(w) * scale.factor);
      hi = std::max(hi, band->p90(w) * scale.factor);
      add_row(csv, {series_name, str(g.label), std::to_string(w + 1), format_number(band->mean(w)),
                    format_number(band->p10(w)), format_number(band->p50(w)), format_number(band->p90(w))});
    }
    auto* lower = new QLineSeries();
    lower->replace(p10);
    auto* upper = new QLineSeries();
    upper->replace(p90);
    auto* area = new QAreaSeries(upper, lower);
    area->setName(VizCharts::tr("%1 P10–P90").arg(g.label));
    // Several overlapping bands turn muddy: fainter the more plans there are.
    area->setBrush(band_colour(g.colour, groups.size() > 2 ? 35 : 60));
    area->setPen(Qt::NoPen);
    auto* median = new QLineSeries();
    median->replace(p50);
    median->setName(g.label);
    QPen pen(plan_colour(g.colour));
    pen.setWidthF(3.5);
    median->setPen(pen);
    drawn.emplace_back(area, median);
  }
  if (drawn.empty()) return message_chart(title, VizCharts::tr("no '%1' series in this file").arg(QString::fromStdString(series_name)));
  QChart* chart = new_chart(two_line_title(title, VizCharts::tr("line: median run, shaded: P10–P90 across runs")));
  auto* x = value_axis(0, weeks);
  x->setRange(0, weeks);  // the horizon, not a rounded-up one
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(weeks > 30 ? 10 : 5);
  x->setLabelFormat("%.0f");
  add_axis(chart, x, Qt::AlignBottom, VizCharts::tr("Week"));
  auto [ylo, yhi] = padded(lo, hi, 0.0);
  auto* y = value_axis(std::max(ylo, lo >= 0 ? 0.0 : ylo), yhi);
  add_axis(chart, y, Qt::AlignLeft, y_title);
  for (auto& [area, median] : drawn) {
    plot_on(chart, area, x, y);
    hide_from_legend(chart, area);
  }
  for (auto& [area, median] : drawn) plot_on(chart, median, x, y);
  finish_chart(chart);
  return chart;
}

ChartPage over_time_page(const Results& r) {
  ChartPage page;
  page.data.header = {"series", "group", "week", "mean", "p10", "p50", "p90"};
  const auto groups = groups_of(r, 3);
  page.charts.emplace_back(fan_chart(r, groups, "revenue_cumulative", page.data));
  page.charts.emplace_back(fan_chart(r, groups, "opportunity_stock", page.data));
  return page;
}

// ---------------------------------------------------------------------------------------------
// 4. Compare: forest plots of paired deltas and of P(plan beats base).

// Headline KPIs, in this order, where present; the CSV holds every KPI.
// Headline outcome KPIs, in this order, where present; the CSV holds every KPI. Queue waits and
// hours are on the team chart: their relative changes (often several hundred %) would squash
// the outcome rows here.
const std::vector<std::string> kHeadline = {
    "revenue",         "contribution",  "win_rate",          "big_deal_rate",  "deals_won",      "avg_deal_size",
    "new_opportunities", "collision_rate", "avg_discount",    "cycle_time_days"};

struct ForestRow {
  int kpi_row;
  int colour;
  double centre, low, high;
};

QChart* forest_chart(const QString& title, const QString& x_title, const QStringList& kpi_labels,
                     const std::vector<ForestRow>& rows, const std::vector<std::pair<QString, int>>& plans,
                     double reference, std::optional<std::pair<double, double>> x_range) {
  QChart* chart = new_chart(title);
  const int k = kpi_labels.size();
  const int p = std::max<int>(1, plans.size());
  double lo = reference, hi = reference;
  for (const auto& row : rows)
    for (double v : {row.centre, row.low, row.high})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  auto [xlo, xhi] = x_range ? *x_range : padded(lo, hi);
  auto* x = value_axis(xlo, xhi);
  if (x_range) {
    // A fixed scale (0-100 %) with room for dots at the ends and ticks every 20.
    const double pad = (xhi - xlo) * 0.03;
    x->setRange(xlo - pad, xhi + pad);
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(xlo);
    x->setTickInterval((xhi - xlo) / 5);
    x->setLabelFormat("%.0f");
  }
  add_axis(chart, x, Qt::AlignBottom, x_title);
  auto* y = new QCategoryAxis();
  y->setStartValue(0);
  for (int i = 0; i < k; ++i) y->append(kpi_labels[i], i + 1);
  // A hair of room at both ends: Qt 6.4 drops the labels of categories touching the range ends.
  y->setRange(-0.001, std::max(1, k) + 0.001);
  y->setReverse(true);
  y->setGridLineVisible(true);
  add_axis(chart, y, Qt::AlignLeft, "");
  // Reference line (no change / even odds).
  auto* ref = new QLineSeries();
  ref->replace(QList<QPointF>{{reference, 0}, {reference, double(std::max(1, k))}});
  QPen ref_pen(QColor(0x555555));
  ref_pen.setWidthF(2);
  ref_pen.setStyle(Qt::DashLine);
  ref->setPen(ref_pen);
  plot_on(chart, ref, x, y);
  hide_from_legend(chart, ref);
  // Where plan j's row sits inside the KPI's band.
  auto row_y = [&](const ForestRow& row) {
    int slot = 0;
    for (int j = 0; j < p; ++j)
      if (plans[j].second == row.colour) slot = j;
    return row.kpi_row + (slot + 1.0) / (p + 1.0);
  };
  for (const auto& row : rows) {
    // No interval (n < 2: NaN ends): the dot alone, never a zero-width bar.
    if (!std::isfinite(row.low) || !std::isfinite(row.high)) continue;
    auto* bar = new QLineSeries();
    const double yy = row_y(row);
    bar->replace(QList<QPointF>{{row.low, yy}, {row.high, yy}});
    QPen pen(plan_colour(row.colour));
    pen.setWidthF(4);
    bar->setPen(pen);
    plot_on(chart, bar, x, y);
    hide_from_legend(chart, bar);
  }
  for (const auto& [name, colour] : plans) {
    auto* dots = new QScatterSeries();
    dots->setName(name);
    dots->setColor(plan_colour(colour));
    dots->setBorderColor(Qt::black);
    dots->setMarkerSize(16);
    QList<QPointF> points;
    for (const auto& row : rows)
      if (row.colour == colour) points << QPointF(row.centre, row_y(row));
    dots->replace(points);
    plot_on(chart, dots, x, y);
  }
  finish_chart(chart);
  return chart;
}

ChartPage compare_page(const Results& r) {
  ChartPage page;
  page.data.header = {"base_plan", "plan", "design_point", "kpi", "n", "base_mean", "plan_mean",
                      "delta_mean", "delta_ci_low", "delta_ci_high", "delta_percent_of_base",
                      "p_better", "p_better_low", "p_better_high", "p_tie"};
  if (r.comparisons_size() == 0) {
    const QString why = r.plans_size() > 1 ? VizCharts::tr("this file holds no paired comparisons")
                                           : VizCharts::tr("one plan only: run `salesim compare` or use the what-if panel");
    page.charts.emplace_back(message_chart(VizCharts::tr("Compare: change vs base"), why));
    return page;
  }
  // Colour of a plan = its index among the plans, as in every other chart.
  auto colour_of = [&](const std::string& plan) {
    for (int i = 0; i < r.plans_size(); ++i)
      if (r.plans(i).name() == plan) return i;
    return 0;
  };
  std::vector<std::string> shown;
  for (const auto& kpi : kHeadline)
    if (kpi_column(r, kpi) >= 0) shown.push_back(kpi);
  std::vector<ForestRow> delta_rows, better_rows;
  std::vector<std::pair<QString, int>> plans;
  std::vector<bool> kpi_has_delta(shown.size(), false);
  const auto& base = r.comparisons(0).base_plan();
  for (const auto& c : r.comparisons()) {
    if (plans.size() >= 5) break;  // more than five plans do not read on a projector; CSV has all
    QString label = QString::fromStdString(c.plan());
    if (c.design_point() != 0) label += QString(" @%1").arg(c.design_point());
    const int colour = colour_of(c.plan());
    plans.emplace_back(label, colour);
    for (const auto& d : c.deltas()) {
      const double rel = d.base_mean() != 0 ? 100.0 / std::abs(d.base_mean()) : std::nan("");
      add_row(page.data, {c.base_plan(), c.plan(), std::to_string(c.design_point()), d.kpi(),
                          std::to_string(d.n()), format_number(d.base_mean()), format_number(d.plan_mean()),
                          format_number(d.delta_mean()), format_number(d.delta_ci_low()),
                          format_number(d.delta_ci_high()), format_number(d.delta_mean() * rel),
                          format_number(d.p_better()), format_number(d.p_better_low()),
                          format_number(d.p_better_high()), format_number(d.p_tie())});
      const auto it = std::find(shown.begin(), shown.end(), d.kpi());
      if (it == shown.end()) continue;
      const int row = static_cast<int>(it - shown.begin());
      if (std::isfinite(rel)) {
        delta_rows.push_back({row, colour, d.delta_mean() * rel, d.delta_ci_low() * rel, d.delta_ci_high() * rel});
        kpi_has_delta[row] = true;
      }
      better_rows.push_back({row, colour, 100 * d.p_better(), 100 * d.p_better_low(), 100 * d.p_better_high()});
    }
  }
  QStringList labels;
  for (const auto& kpi : shown) {
    // Say which way is good where it is down: P(plan beats base) counts lower as better there.
    const auto* info = kpi_info(r, kpi);
    labels << (info && info->lower_is_better() ? VizCharts::tr("%1 (↓ better)").arg(pretty(kpi)) : pretty(kpi));
  }
  const QString base_name = QString::fromStdString(base);
  page.charts.emplace_back(forest_chart(
      two_line_title(VizCharts::tr("Paired change vs %1").arg(base_name), VizCharts::tr("dot: mean paired difference, bar: 95% CI")),
      VizCharts::tr("Change vs base (%)"), labels, delta_rows, plans, 0.0, std::nullopt));
  page.charts.emplace_back(forest_chart(
      two_line_title(VizCharts::tr("P(plan beats %1)").arg(base_name),
                     VizCharts::tr("share of paired runs (a tie counts half), bar: Wilson 95% CI")),
      VizCharts::tr("Runs the plan wins (%)"), labels, better_rows, plans, 50.0,
      std::pair{0.0, 100.0}));
  return page;
}

// ---------------------------------------------------------------------------------------------
// 5. Sweep: KPI vs swept parameter; CI band for a grid, scatter for a Latin hypercube.

ChartPage sweep_page(const Results& r, const ChartOptions& options) {
  ChartPage page;
  page.data.header = {"plan", "point"};
  for (const auto& path : r.parameter_paths()) page.data.header.push_back(path);
  for (const char* c : {"kpi", "n", "mean", "ci_low", "ci_high", "p10", "p50", "p90"}) page.data.header.push_back(c);
  if (r.kind() != Results::SWEEP || r.parameter_paths_size() == 0) {
    page.charts.emplace_back(message_chart(VizCharts::tr("Sweep"), VizCharts::tr("not a sweep: run `salesim sweep` for a parameter study")));
    return page;
  }
  std::string kpi = options.sweep_kpi;
  if (kpi_column(r, kpi) < 0) kpi = kpi_column(r, "revenue") >= 0 ? "revenue" : r.kpis(0).name();
  const Scale scale = scale_for(r, kpi);
  QString kpi_words = pretty(kpi);
  if (kpi_words.size() > 1 && kpi_words[0].isUpper() && kpi_words[1].isLower()) kpi_words[0] = kpi_words[0].toLower();  // not "PM ..."
  const QString y_title = kpi_words + (scale.unit.isEmpty() ? "" : " (" + scale.unit + ")");
  QString design = QString::fromStdString(r.design()).toLower();
  const bool lhs = design.contains("latin") || design.contains("lhs") || design.contains("hypercube");

  for (const auto& plan : r.plans())
    for (const auto& point : plan.points()) {
      const KpiSummary* s = find_summary(r, point, kpi);
      if (!s) continue;
      std::vector<std::string> row = {plan.name(), std::to_string(point.index())};
      for (double v : point.parameters()) row.push_back(format_number(v));
      for (const auto& v : {format_number(s->mean()), format_number(s->ci_low()), format_number(s->ci_high()),
                            format_number(s->p10()), format_number(s->p50()), format_number(s->p90())})
        row.push_back(v);
      row.insert(row.begin() + 2 + point.parameters_size(), {kpi, std::to_string(s->n())});
      page.data.rows.push_back(std::move(row));
    }

  if (lhs) {
    // One scatter per swept parameter (at most four), each point a design point's mean.
    const int params = std::min(4, r.parameter_paths_size());
    for (int p = 0; p < params; ++p) {
      QChart* chart = new_chart(two_line_title(VizCharts::tr("%1 vs %2").arg(pretty(kpi), short_path(r.parameter_paths(p))),
                                               VizCharts::tr("Latin hypercube: one dot per design point (mean across runs)")));
      double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
      std::vector<QScatterSeries*> dots;
      for (int pi = 0; pi < r.plans_size(); ++pi) {
        auto* s = new QScatterSeries();
        s->setName(QString::fromStdString(r.plans(pi).name()));
        s->setColor(plan_colour(pi));
        s->setBorderColor(Qt::black);
        s->setMarkerSize(13);
        QList<QPointF> points;
        for (const auto& point : r.plans(pi).points()) {
          const KpiSummary* k = find_summary(r, point, kpi);
          if (!k) continue;
          const double xv = point.parameters(p), yv = k->mean() * scale.factor;
          points << QPointF(xv, yv);
          xlo = std::min(xlo, xv), xhi = std::max(xhi, xv), ylo = std::min(ylo, yv), yhi = std::max(yhi, yv);
        }
        s->replace(points);
        dots.push_back(s);
      }
      auto* x = tight_axis(xlo, xhi, integer_parameter(r, p));
      add_axis(chart, x, Qt::AlignBottom, QString::fromStdString(r.parameter_paths(p)));
      auto [c, d] = padded(ylo, yhi);
      auto* y = value_axis(c, d);
      add_axis(chart, y, Qt::AlignLeft, VizCharts::tr("Mean %1").arg(y_title));
      for (auto* s : dots) plot_on(chart, s, x, y);
      if (r.plans_size() == 1) chart->legend()->hide();
      finish_chart(chart);
      page.charts.emplace_back(chart);
    }
    return page;
  }

  // Grid: x = first parameter; one line (with its CI band) per value of the other parameters.
  struct Line {
    QString label;
    int colour;
    std::vector<std::pair<double, const KpiSummary*>> points;
  };
  std::vector<Line> lines;
  std::map<std::string, std::size_t> line_of;
  for (int pi = 0; pi < r.plans_size(); ++pi)
    for (const auto& point : r.plans(pi).points()) {
      const KpiSummary* k = find_summary(r, point, kpi);
      if (!k) continue;
      QStringList rest;
      for (int i = 1; i < point.parameters_size(); ++i)
        rest << parameter_text(r.parameter_paths(i), point.parameters(i));
      QString label = rest.join(", ");
      if (r.plans_size() > 1) label = QString::fromStdString(r.plans(pi).name()) + (label.isEmpty() ? "" : ": " + label);
      if (label.isEmpty()) label = pretty(kpi);
      const std::string key = str(label);
      auto [it, fresh] = line_of.try_emplace(key, lines.size());
      if (fresh) lines.push_back({label, static_cast<int>(lines.size()), {}});
      lines[it->second].points.emplace_back(point.parameters(0), k);
    }
  QChart* chart = new_chart(two_line_title(VizCharts::tr("%1 vs %2").arg(pretty(kpi), short_path(r.parameter_paths(0))),
                                           VizCharts::tr("line: mean across runs, shaded: 95% CI of the mean")));
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  std::vector<QAbstractSeries*> bands, means;
  for (auto& line : lines) {
    std::sort(line.points.begin(), line.points.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    QList<QPointF> lo_pts, hi_pts, mean_pts;
    for (const auto& [xv, k] : line.points) {
      mean_pts << QPointF(xv, k->mean() * scale.factor);
      xlo = std::min(xlo, xv), xhi = std::max(xhi, xv);
      if (std::isfinite(k->mean())) ylo = std::min(ylo, k->mean() * scale.factor), yhi = std::max(yhi, k->mean() * scale.factor);
      // The band spans only the points that have an interval (n >= 2): none is drawn as zero width.
      if (!std::isfinite(k->ci_low()) || !std::isfinite(k->ci_high())) continue;
      lo_pts << QPointF(xv, k->ci_low() * scale.factor);
      hi_pts << QPointF(xv, k->ci_high() * scale.factor);
      ylo = std::min(ylo, k->ci_low() * scale.factor), yhi = std::max(yhi, k->ci_high() * scale.factor);
    }
    auto* lower = new QLineSeries();
    lower->replace(lo_pts);
    auto* upper = new QLineSeries();
    upper->replace(hi_pts);
    auto* band = new QAreaSeries(upper, lower);
    band->setName(VizCharts::tr("%1 95% CI").arg(line.label));
    band->setBrush(band_colour(line.colour, 60));
    band->setPen(Qt::NoPen);
    bands.push_back(band);
    auto* mean = new QLineSeries();
    mean->setName(line.label);
    mean->replace(mean_pts);
    QPen pen(plan_colour(line.colour));
    pen.setWidthF(3.5);
    mean->setPen(pen);
    mean->setPointsVisible(true);
    means.push_back(mean);
  }
  auto* x = tight_axis(xlo, xhi, integer_parameter(r, 0));
  add_axis(chart, x, Qt::AlignBottom, QString::fromStdString(r.parameter_paths(0)));
  auto [c, d] = padded(ylo, yhi);
  auto* y = value_axis(c, d);
  add_axis(chart, y, Qt::AlignLeft, VizCharts::tr("Mean %1").arg(y_title));
  for (auto* s : bands) {
    plot_on(chart, s, x, y);
    hide_from_legend(chart, s);
  }
  for (auto* s : means) plot_on(chart, s, x, y);
  finish_chart(chart);
  if (lines.size() == 1) chart->legend()->hide();  // the title names the one line
  page.charts.emplace_back(chart);
  return page;
}

// ---------------------------------------------------------------------------------------------
// 6. Team: hours by role x activity, PM/presales utilisation and queue wait.

// Role labels: the source note's 客户经理, 项目经理, 售前顾问 and the covering 总经理/总监.
const std::vector<std::pair<std::string, const char*>> kRoles = {
    {"am", QT_TRANSLATE_NOOP("VizCharts", "AM")},
    {"pm", QT_TRANSLATE_NOOP("VizCharts", "PM")},
    {"presales", QT_TRANSLATE_NOOP("VizCharts", "Presales")},
    {"manager", QT_TRANSLATE_NOOP("VizCharts", "Manager")}};

// Activity names: 越位 offside, 错位 misplaced, 补位 covering, as trainers say them.
QString activity_text(const std::string& activity) {
  static const std::map<std::string, const char*, std::less<>> names = {
      {"farming", QT_TRANSLATE_NOOP("VizCharts", "farming")},
      {"deal_work", QT_TRANSLATE_NOOP("VizCharts", "deal work")},
      {"hunting", QT_TRANSLATE_NOOP("VizCharts", "hunting")},
      {"mentoring", QT_TRANSLATE_NOOP("VizCharts", "mentoring")},
      {"offside", QT_TRANSLATE_NOOP("VizCharts", "offside")},
      {"misplaced", QT_TRANSLATE_NOOP("VizCharts", "misplaced")},
      {"covering", QT_TRANSLATE_NOOP("VizCharts", "covering")},
      {"idle", QT_TRANSLATE_NOOP("VizCharts", "idle")}};
  if (auto it = names.find(activity); it != names.end()) return VizCharts::tr(it->second);
  return QString::fromStdString(activity);
}
const std::vector<std::string> kActivities = {"farming",  "deal_work", "hunting",  "mentoring",
                                              "offside",  "misplaced", "covering", "idle"};

QChart* hours_chart(const Results& r, const std::vector<Group>& groups, CsvTable& csv) {
  const QString title = VizCharts::tr("Hours by role and activity");
  // Roles with any hours in any group, so an empty manager column does not take space.
  std::vector<std::pair<std::string, const char*>> roles;
  std::string unit = "hours";
  for (const auto& role : kRoles) {
    bool any = false;
    for (const auto& g : groups)
      for (const auto& a : kActivities)
        if (const auto* s = find_summary(r, *g.point, "hours." + role.first + "." + a); s && s->mean() != 0) any = true;
    if (any) roles.push_back(role);
  }
  if (roles.empty()) return message_chart(title, VizCharts::tr("no hours.<role>.<activity> KPIs in this file"));
  if (const auto* info = kpi_info(r, "hours." + roles[0].first + ".farming")) unit = info->unit();
  double top = 0;
  std::vector<std::vector<double>> values(kActivities.size());
  QStringList categories;
  for (const auto& [role, role_label] : roles)
    for (const auto& g : groups) {
      const QString role_text = VizCharts::tr(role_label);
      categories << (groups.size() > 1 ? role_text + " · " + g.label : role_text);
      double stack = 0;
      for (std::size_t a = 0; a < kActivities.size(); ++a) {
        const auto* s = find_summary(r, *g.point, "hours." + role + "." + kActivities[a]);
        const double v = s ? s->mean() : 0;
        values[a].push_back(v);
        stack += v;
        if (s)
          add_row(csv, {"hours", str(g.label), s->kpi(), std::to_string(s->n()), format_number(s->mean()),
                        format_number(s->p10()), format_number(s->p50()), format_number(s->p90()), "", ""});
      }
      top = std::max(top, stack);
    }
  // Thousands of hours (or 万 hours in Chinese) read better than 123456 on a projector.
  const double factor = top < 20000 ? 1.0 : wan_numbers() ? 1e-4 : 1e-3;
  const QString unit_label = unit == "hours" ? VizCharts::tr("hours") : QString::fromStdString(unit);
  const QString y_title = factor == 1 ? VizCharts::tr("Mean %1 per run").arg(unit_label)
                        : factor == 1e-4 ? VizCharts::tr("Mean 10k hours per run", "万小时")
                                         : VizCharts::tr("Mean thousand hours per run");
  // Horizontal bars: the "role · plan" labels need the width.
  auto* series = new QHorizontalStackedBarSeries();
  series->setBarWidth(0.75);
  for (std::size_t a = 0; a < kActivities.size(); ++a) {
    bool any = false;
    for (double v : values[a]) any |= v != 0;
    if (!any) continue;  // an activity nobody does stays out of the legend
    const QString name = QString::fromStdString(kActivities[a]);
    auto* set = new QBarSet(activity_text(kActivities[a]));
    set->setColor(activity_colour(name));
    set->setBorderColor(Qt::white);
    QList<qreal> scaled;
    for (double v : values[a]) scaled << v * factor;
    set->append(scaled);
    series->append(set);
  }
  QChart* chart = new_chart(two_line_title(title, VizCharts::tr("in role: farming, deal work, hunting, mentoring; faults: offside, misplaced, covering")));
  auto* roles_axis = new QBarCategoryAxis();
  QStringList top_down;  // Qt draws the first category at the bottom
  for (auto it = categories.rbegin(); it != categories.rend(); ++it) top_down << *it;
  roles_axis->append(top_down);
  add_axis(chart, roles_axis, Qt::AlignLeft, "");
  // Long "role · plan" labels (workshop team names): a smaller font, not Qt's "AM · 06_rook…".
  qsizetype longest = 0;  // in narrow-character widths: a CJK character counts two
  for (const QString& c : categories) {
    qsizetype w = 0;
    for (const QChar ch : c) w += ch.unicode() >= 0x2E80 ? 2 : 1;
    longest = std::max(longest, w);
  }
  if (longest > 24) roles_axis->setLabelsFont(chart_font(longest > 36 ? 10 : longest > 30 ? 11 : 12));
  auto* hours_axis = value_axis(0, top * factor * 1.05);
  add_axis(chart, hours_axis, Qt::AlignBottom, y_title);
  for (auto* set : series->barSets()) {
    QList<qreal> reversed;
    for (int i = set->count() - 1; i >= 0; --i) reversed << set->at(i);
    set->remove(0, set->count());
    set->append(reversed);
  }
  plot_on(chart, series, roles_axis, hours_axis);
  finish_chart(chart);
  chart->legend()->setAlignment(Qt::AlignRight);  // eight short names: a column reads best
  return chart;
}

ChartPage team_page(const Results& r) {
  ChartPage page;
  page.data.header = kBoxCsvHeader;
  const auto groups = groups_of(r, 2);
  page.charts.emplace_back(hours_chart(r, groups, page.data));
  std::vector<BoxCategory> util, wait;
  if (kpi_column(r, "pm_utilisation") >= 0) util.push_back({VizCharts::tr("PM"), "pm_utilisation"});
  if (kpi_column(r, "presales_utilisation") >= 0) util.push_back({VizCharts::tr("Presales"), "presales_utilisation"});
  if (kpi_column(r, "pm_queue_wait_days") >= 0) wait.push_back({VizCharts::tr("PM"), "pm_queue_wait_days"});
  if (kpi_column(r, "presales_queue_wait_days") >= 0) wait.push_back({VizCharts::tr("Presales"), "presales_queue_wait_days"});
  if (util.empty())
    page.charts.emplace_back(message_chart(VizCharts::tr("Utilisation"), VizCharts::tr("no utilisation KPIs in this file")));
  else
    page.charts.emplace_back(box_chart(r, VizCharts::tr("PM and presales utilisation"), groups, util, VizCharts::tr("Utilisation (%)"),
                                       scale_for(r, util[0].kpi), page.data, "utilisation"));
  if (wait.empty())
    page.charts.emplace_back(message_chart(VizCharts::tr("Queue wait"), VizCharts::tr("no queue-wait KPIs in this file")));
  else
    page.charts.emplace_back(box_chart(r, VizCharts::tr("Wait for a PM / presales"), groups, wait, VizCharts::tr("Wait (days)"),
                                       scale_for(r, wait[0].kpi), page.data, "queue_wait"));
  return page;
}

// ---------------------------------------------------------------------------------------------
// 7. Waterfall: the disciplined twin, each fault's Shapley share, the scenario (salesim attribute).
// Every number is read from Results.attributions; the running totals are sums of those means.

ChartPage waterfall_page(const Results& r, const ChartOptions& options) {
  ChartPage page;
  page.data.header = {"kpi", "step", "mean", "ci_low", "ci_high", "share_of_gap", "from", "to", "n"};
  if (r.attributions_size() == 0) {
    page.charts.emplace_back(message_chart(VizCharts::tr("Waterfall: fault attribution"),
                                           VizCharts::tr("no attribution in this file: run `salesim attribute SCENARIO`")));
    return page;
  }
  for (const auto& a : r.attributions()) {
    const std::string n = std::to_string(a.n());
    auto row = [&](const std::string& step, double mean, double lo, double hi, double share, double from, double to) {
      add_row(page.data, {a.kpi(), step, format_number(mean), format_number(lo), format_number(hi), format_number(share),
                          format_number(from), format_number(to), n});
    };
    row("twin", a.twin_mean(), a.twin_ci_low(), a.twin_ci_high(), std::nan(""), 0, a.twin_mean());
    double running = a.twin_mean();
    for (const auto& s : a.shares()) {
      row(s.fault(), s.mean(), s.ci_low(), s.ci_high(), s.share_of_gap(), running, running + s.mean());
      running += s.mean();
    }
    row("scenario", a.scenario_mean(), a.scenario_ci_low(), a.scenario_ci_high(), std::nan(""), 0, a.scenario_mean());
  }
  const v1::Attribution* chosen = &r.attributions(0);
  for (const auto& a : r.attributions())
    if (a.kpi() == options.sweep_kpi) chosen = &a;
  const v1::Attribution& a = *chosen;
  const Scale scale = scale_for(r, a.kpi());
  const auto* info = kpi_info(r, a.kpi());
  const bool lower_better = info && info->lower_is_better();
  const QString unit = scale.unit;
  auto value_text = [&](double v, bool sign) {
    if (!std::isfinite(v)) return QString("—");
    const double x = v * scale.factor;
    const int decimals = std::abs(x) >= 100 ? 0 : std::abs(x) >= 10 ? 1 : 2;
    QString t = QString::number(x, 'f', decimals);
    if (sign && x > 0) t = "+" + t;
    if (t.startsWith('-')) t.replace(0, 1, QChar(0x2212));  // a real minus sign
    return t;
  };

  // Steps: [from, to] in display units, with a whisker [lo, hi] at `to`.
  struct Step {
    QString label;
    double from, to, lo, hi;
    QColor colour;
  };
  const QColor total_colour(0x0072B2), worse(0xD55E00), better(0x009E73);
  std::vector<Step> steps;
  const double f = scale.factor;
  steps.push_back({VizCharts::tr("Disciplined<br>twin") + "<br>" + value_text(a.twin_mean(), false), 0, a.twin_mean() * f, a.twin_ci_low() * f,
                   a.twin_ci_high() * f, total_colour});
  double running = a.twin_mean();
  for (const auto& s : a.shares()) {
    const double from = running, to = running + s.mean();
    QString label = "+ " + activity_text(s.fault()) + "<br>" + value_text(s.mean(), true);
    if (std::isfinite(s.share_of_gap()))
      label += QString("<br>(%1%)").arg(std::lround(100 * s.share_of_gap())).replace('-', QChar(0x2212));
    const bool good = lower_better ? s.mean() < 0 : s.mean() > 0;
    steps.push_back({label, from * f, to * f, (from + s.ci_low()) * f, (from + s.ci_high()) * f, good ? better : worse});
    running = to;
  }
  steps.push_back({VizCharts::tr("Scenario") + "<br>" + value_text(a.scenario_mean(), false), 0, a.scenario_mean() * f,
                   a.scenario_ci_low() * f, a.scenario_ci_high() * f, total_colour});

  double lo = 0, hi = 0;
  for (const auto& st : steps)
    for (double v : {st.from, st.to, st.lo, st.hi})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const auto [ylo, yhi] = padded(lo, hi, 0.0);
  QString kpi_words = pretty(a.kpi());
  const QString title = two_line_title(
      VizCharts::tr("%1: each fault's share of the gap").arg(kpi_words),
      VizCharts::tr("from the disciplined twin to the scenario: Shapley values over %1 on/off variants (%: of the gap), "
                    "n=%2 paired runs, whiskers: 95% CI%3")
          .arg(1 << a.shares_size())
          .arg(a.n())
          .arg(a.ratio_of_sums() ? VizCharts::tr("; ratio of sums") : QString()));
  QChart* chart = new_chart(title);
  auto* x = new QCategoryAxis();
  x->setStartValue(0);
  for (std::size_t i = 0; i < steps.size(); ++i) x->append(steps[i].label, static_cast<double>(i + 1));
  x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
  // A hair of room at both ends: Qt 6.4 drops the labels of categories touching the range ends.
  x->setRange(-0.001, static_cast<double>(steps.size()) + 0.001);
  x->setGridLineVisible(false);
  add_axis(chart, x, Qt::AlignBottom, "");
  auto* y = value_axis(ylo, yhi);
  add_axis(chart, y, Qt::AlignLeft, kpi_words + (unit.isEmpty() ? "" : " (" + unit + ")"));

  auto line = [&](const QList<QPointF>& points, const QPen& pen) {
    auto* l = new QLineSeries();
    l->replace(points);
    l->setPen(pen);
    plot_on(chart, l, x, y);
    hide_from_legend(chart, l);
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& st = steps[i];
    const double left = static_cast<double>(i) + 0.18, right = static_cast<double>(i) + 0.82;
    const double bottom = std::min(st.from, st.to), top = std::max(st.from, st.to);
    auto* upper = new QLineSeries();
    auto* lower = new QLineSeries();
    upper->replace(QList<QPointF>{{left, top}, {right, top}});
    lower->replace(QList<QPointF>{{left, bottom}, {right, bottom}});
    auto* bar = new QAreaSeries(upper, lower);
    upper->setParent(bar);
    lower->setParent(bar);
    bar->setBrush(st.colour);
    QPen edge(st.colour.darker(130));
    edge.setWidthF(1.5);
    bar->setPen(edge);
    plot_on(chart, bar, x, y);
    hide_from_legend(chart, bar);
    // The 95% CI whisker at the bar's end (none where undefined).
    if (std::isfinite(st.lo) && std::isfinite(st.hi)) {
      QPen whisker(QColor(0x222222));
      whisker.setWidthF(2.5);
      const double mid = static_cast<double>(i) + 0.5, cap = 0.08;
      line({{mid, st.lo}, {mid, st.hi}}, whisker);
      line({{mid - cap, st.lo}, {mid + cap, st.lo}}, whisker);
      line({{mid - cap, st.hi}, {mid + cap, st.hi}}, whisker);
    }
    // Connector to the next step at the running total.
    if (i + 1 < steps.size()) {
      QPen dash(QColor(0x777777));
      dash.setWidthF(1.5);
      dash.setStyle(Qt::DashLine);
      line({{right, st.to}, {static_cast<double>(i + 1) + 0.18, st.to}}, dash);
    }
  }
  finish_chart(chart);
  chart->legend()->setVisible(false);
  page.charts.emplace_back(chart);
  return page;
}

// ---------------------------------------------------------------------------------------------
// 8. Sensitivity: a tornado of each factor's Sobol total (ST) and first-order (S1) index, or of
// its Morris mu*, largest at the top, with the 95% bootstrap intervals (salesim sensitivity).
// Every number is read from Results.sensitivity.

ChartPage sensitivity_page(const Results& r, const ChartOptions& options) {
  ChartPage page;
  page.data.header = {"kpi", "parameter", "method", "index", "estimate", "ci_low", "ci_high"};
  if (r.sensitivity_size() == 0) {
    page.charts.emplace_back(message_chart(VizCharts::tr("Sensitivity: which factors matter"),
                                           VizCharts::tr("no sensitivity indices in this file: run `salesim sensitivity SCENARIO`")));
    return page;
  }
  for (const auto& x : r.sensitivity())
    add_row(page.data, {x.kpi(), x.parameter(), x.method(), x.index(), format_number(x.estimate()),
                        format_number(x.ci_low()), format_number(x.ci_high())});
  std::string kpi = r.sensitivity(0).kpi();
  for (const auto& x : r.sensitivity())
    if (x.kpi() == options.sweep_kpi) kpi = x.kpi();
  const bool morris = r.sensitivity(0).method() == "morris";
  const std::vector<std::pair<std::string, QString>> shown =
      morris ? std::vector<std::pair<std::string, QString>>{{"mu_star", VizCharts::tr("μ* (mean |elementary effect|)")}}
             : std::vector<std::pair<std::string, QString>>{{"ST", VizCharts::tr("total S_T")}, {"S1", VizCharts::tr("first order S_1")}};
  // factor -> index -> the index
  std::vector<std::string> factors;
  std::map<std::string, std::map<std::string, const v1::SensitivityIndex*>> by;
  for (const auto& x : r.sensitivity()) {
    if (x.kpi() != kpi) continue;
    if (!by.count(x.parameter())) factors.push_back(x.parameter());
    by[x.parameter()][x.index()] = &x;
  }
  const std::string key = shown[0].first;
  auto value = [&](const std::string& f, const std::string& i) {
    const auto it = by[f].find(i);
    return it == by[f].end() ? std::nan("") : it->second->estimate();
  };
  // Smallest first: the category axis runs bottom to top, so the largest is drawn at the top.
  std::stable_sort(factors.begin(), factors.end(), [&](const std::string& a, const std::string& b) {
    const double ea = value(a, key), eb = value(b, key);
    return (std::isnan(ea) ? -1e300 : ea) < (std::isnan(eb) ? -1e300 : eb);
  });
  const Scale scale = scale_for(r, kpi);
  const double f = morris ? scale.factor : 1.0;  // mu* is in the KPI's units; Sobol indices are shares
  double lo = 0, hi = 0;
  for (const auto& fac : factors)
    for (const auto& [i, label] : shown) {
      const auto it = by[fac].find(i);
      if (it == by[fac].end()) continue;
      for (double v : {it->second->estimate(), it->second->ci_low(), it->second->ci_high()})
        if (std::isfinite(v)) lo = std::min(lo, v * f), hi = std::max(hi, v * f);
    }
  // Sobol indices are shares: the axis shows 0..1 and any estimate (or interval) beyond it.
  const auto [xlo, xhi] = morris ? padded(lo, hi, 0.0) : std::pair<double, double>{std::min(lo, 0.0), std::max(hi, 1.0)};
  const QString kpi_words = pretty(kpi);
  const QString title = two_line_title(
      VizCharts::tr("%1: which factors matter").arg(kpi_words),
      morris ? VizCharts::tr("Morris screening, %1 trajectories: mean absolute effect of moving each factor over its range; "
                             "whiskers: 95% bootstrap CI")
                   .arg(r.plans_size() ? r.plans(0).points_size() / static_cast<int>(factors.size() + 1) : 0)
             : VizCharts::tr("Sobol indices, share of the variance of mean %1 over the factor ranges (N = %2); whiskers: 95% "
                             "bootstrap CI")
                   .arg(kpi_words.toLower())
                   .arg(r.plans_size() ? r.plans(0).points_size() / static_cast<int>(factors.size() + 2) : 0));
  QChart* chart = new_chart(title);
  auto* y = new QCategoryAxis();
  y->setStartValue(0);
  for (std::size_t i = 0; i < factors.size(); ++i) {
    // Labels: the field path, with its range.
    const auto* any = by[factors[i]].begin()->second;
    const QString label = QString::fromStdString(factors[i]) + "<br>" + QString::number(any->low(), 'g', 4) + " – " +
                          QString::number(any->high(), 'g', 4);
    y->append(label, static_cast<double>(i + 1));
  }
  y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
  y->setRange(-0.001, static_cast<double>(factors.size()) + 0.001);  // Qt 6.4 drops end labels otherwise
  y->setGridLineVisible(false);
  auto* x = morris ? value_axis(xlo, xhi) : tight_axis(xlo, xhi);
  add_axis(chart, x, Qt::AlignBottom,
           morris ? "μ*, " + kpi_words + (scale.unit.isEmpty() ? "" : " (" + scale.unit + ")") : VizCharts::tr("Sobol index (share of variance)"));
  add_axis(chart, y, Qt::AlignLeft, "");
  const std::array<QColor, 2> colours = {QColor(0x0072B2), QColor(0x56B4E9)};
  auto line = [&](const QList<QPointF>& points, const QPen& pen) {
    auto* l = new QLineSeries();
    l->replace(points);
    l->setPen(pen);
    plot_on(chart, l, x, y);
    hide_from_legend(chart, l);
  };
  const double band = 0.7 / static_cast<double>(shown.size());
  for (std::size_t s = 0; s < shown.size(); ++s) {
    bool named = false;
    for (std::size_t i = 0; i < factors.size(); ++i) {
      const auto it = by[factors[i]].find(shown[s].first);
      if (it == by[factors[i]].end() || !std::isfinite(it->second->estimate())) continue;
      const v1::SensitivityIndex& idx = *it->second;
      // The first index on top within the factor's row.
      const double top = static_cast<double>(i) + 0.85 - band * static_cast<double>(s), bottom = top - band * 0.9;
      auto* right = new QLineSeries();
      auto* left = new QLineSeries();
      right->replace(QList<QPointF>{{idx.estimate() * f, bottom}, {idx.estimate() * f, top}});
      left->replace(QList<QPointF>{{0, bottom}, {0, top}});
      auto* bar = new QAreaSeries(right, left);
      right->setParent(bar);
      left->setParent(bar);
      bar->setBrush(colours[s]);
      QPen edge(colours[s].darker(130));
      edge.setWidthF(1.2);
      bar->setPen(edge);
      bar->setName(shown[s].second);
      plot_on(chart, bar, x, y);
      if (named) hide_from_legend(chart, bar);
      named = true;
      if (std::isfinite(idx.ci_low()) && std::isfinite(idx.ci_high())) {
        QPen whisker(QColor(0x222222));
        whisker.setWidthF(2);
        const double mid = (top + bottom) / 2, cap = band * 0.25;
        line({{idx.ci_low() * f, mid}, {idx.ci_high() * f, mid}}, whisker);
        line({{idx.ci_low() * f, mid - cap}, {idx.ci_low() * f, mid + cap}}, whisker);
        line({{idx.ci_high() * f, mid - cap}, {idx.ci_high() * f, mid + cap}}, whisker);
      }
    }
  }
  finish_chart(chart);
  chart->legend()->setVisible(true);
  chart->legend()->setAlignment(Qt::AlignBottom);
  page.charts.emplace_back(chart);
  return page;
}

}  // namespace

BoxValues box_values(const v1::KpiSummary& s) {
  // Quartiles only when they are consistent: a results.pb written before they existed leaves them 0.
  const double q1 = s.p25(), q3 = s.p75();
  if (q1 <= s.p50() && s.p50() <= q3 && q1 < q3 && s.p10() <= q1 && q3 <= s.p90())
    return {s.p10(), q1, s.p50(), q3, s.p90(), true};
  return {s.p10(), s.p10(), s.p50(), s.p90(), s.p90(), false};
}

ChartPage build_page(ChartKind kind, const v1::Results& results, const ChartOptions& options) {
  ChartPage page;
  switch (kind) {
    case ChartKind::revenue: page = revenue_page(results); break;
    case ChartKind::win_rate: page = win_rate_page(results); break;
    case ChartKind::over_time: page = over_time_page(results); break;
    case ChartKind::compare: page = compare_page(results); break;
    case ChartKind::sweep: page = sweep_page(results, options); break;
    case ChartKind::team: page = team_page(results); break;
    case ChartKind::waterfall: page = waterfall_page(results, options); break;
    case ChartKind::sensitivity: page = sensitivity_page(results, options); break;
    case ChartKind::backtest: page = backtest_page(results); break;
  }
  page.kind = kind;
  return page;
}

QString kpi_caption(std::string_view kpi) { return pretty(kpi); }

bool chart_takes_kpi(ChartKind kind) {
  return kind == ChartKind::sweep || kind == ChartKind::waterfall || kind == ChartKind::sensitivity;
}

std::vector<std::string> chart_kpis(ChartKind kind, const v1::Results& r) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& kpi) {
    if (std::find(out.begin(), out.end(), kpi) == out.end()) out.push_back(kpi);
  };
  switch (kind) {
    case ChartKind::sweep:
      if (r.kind() == Results::SWEEP)
        for (const auto& k : r.kpis()) add(k.name());
      break;
    case ChartKind::waterfall:
      for (const auto& a : r.attributions()) add(a.kpi());
      break;
    case ChartKind::sensitivity:
      for (const auto& x : r.sensitivity()) add(x.kpi());
      break;
    default: break;
  }
  return out;
}

std::string chart_unavailable(ChartKind kind, const v1::Results& r, const ChartOptions& options, bool kpi_given) {
  auto has_kpi = [&r](std::string_view name) { return kpi_column(r, name) >= 0; };
  auto has_series = [&r](std::string_view name) {
    for (const auto& plan : r.plans())
      for (const auto& point : plan.points())
        if (const v1::SeriesBand* band = find_band(r, point, name); band && band->p50_size() > 0) return true;
    return false;
  };
  std::string missing;
  switch (kind) {
    case ChartKind::revenue:
      if (!has_kpi("revenue")) missing = "has no revenue KPI";
      break;
    case ChartKind::win_rate:
      if (!has_kpi("win_rate") && !has_kpi("big_deal_rate")) missing = "has no win_rate or big_deal_rate KPI";
      break;
    case ChartKind::over_time:
      if (!has_series("revenue_cumulative") && !has_series("opportunity_stock"))
        missing = "has no weekly revenue_cumulative or opportunity_stock series";
      break;
    case ChartKind::compare:
      if (r.comparisons_size() == 0)
        missing = r.plans_size() > 1 ? "holds no paired comparisons"
                                     : "holds one plan: run `salesim compare BASE PLAN...` for a comparison";
      break;
    case ChartKind::sweep:
      if (r.kind() != Results::SWEEP || r.parameter_paths_size() == 0)
        missing = "is not a sweep: run `salesim sweep SCENARIO` for a parameter study";
      break;
    case ChartKind::team: {
      bool any = false;
      for (const auto& k : r.kpis())
        any |= k.name().rfind("hours.", 0) == 0 || k.name() == "pm_utilisation" || k.name() == "presales_utilisation" ||
               k.name() == "pm_queue_wait_days" || k.name() == "presales_queue_wait_days";
      if (!any) missing = "has no hours, utilisation or queue-wait KPIs";
      break;
    }
    case ChartKind::waterfall:
      if (r.attributions_size() == 0) missing = "has no fault attribution: run `salesim attribute SCENARIO`";
      break;
    case ChartKind::sensitivity:
      if (r.sensitivity_size() == 0) missing = "has no sensitivity indices: run `salesim sensitivity SCENARIO`";
      break;
    case ChartKind::backtest:
      if (!r.has_backtest() || r.backtest().statistics_size() == 0)
        missing = "has no backtest: run `salesim backtest SCENARIO --actual EXPORT_DIR`";
      break;
  }
  if (!missing.empty()) return missing;
  if (!chart_takes_kpi(kind) || !kpi_given) return {};
  const std::vector<std::string> kpis = chart_kpis(kind, r);
  if (std::find(kpis.begin(), kpis.end(), options.sweep_kpi) != kpis.end()) return {};
  std::string names;
  for (const auto& k : kpis) names.append(names.empty() ? "" : ", ").append(k);
  const char* what = kind == ChartKind::waterfall ? "attributes" : kind == ChartKind::sensitivity ? "analyses" : "has";
  return std::string("has no KPI '").append(options.sweep_kpi).append("' for the ").append(chart_name(kind))
      .append(" chart; it ").append(what).append(": ").append(names);
}

}  // namespace salesim::viz
