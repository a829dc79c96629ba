// Pure chart building for salesim-viz: results in, QCharts out. No widgets, no files, no
// statistics: every number drawn comes from results.pb (summaries, series bands, comparisons);
// the only arithmetic here is unit scaling (CNY -> M CNY, share -> %) and, for the revenue
// histogram, counting the per-run rows into bins.
//
//   ChartPage page = build_page(ChartKind::revenue, results);
//   // page.charts: 1-3 QCharts for one tab/PNG; page.data: the plotted numbers as a CSV table.
//   ChartPageView view(std::move(page));   // viz/page_view.h lays them out and exports
//
// Chart builders need a QApplication (fonts) but no display: run with QT_QPA_PLATFORM=offscreen.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <QtCharts/QChart>

#include "salesim/v1/results.pb.h"

namespace salesim::viz {

// The six charts of issue 6, the fault-attribution waterfall of issue 11, the sensitivity
// tornado of issue 13 and the backtest of issue 12 (viz/backtest_chart.h), in the order of the
// viewer's tabs.
enum class ChartKind { revenue, win_rate, over_time, compare, sweep, team, waterfall, sensitivity, backtest };
inline constexpr std::array<ChartKind, 9> kAllCharts = {
    ChartKind::revenue, ChartKind::win_rate, ChartKind::over_time,   ChartKind::compare, ChartKind::sweep,
    ChartKind::team,    ChartKind::waterfall, ChartKind::sensitivity, ChartKind::backtest};

// "revenue", "win_rate", "over_time", "compare", "sweep", "team", "waterfall", "sensitivity",
// "backtest".
std::string_view chart_name(ChartKind kind);
std::optional<ChartKind> chart_from_name(std::string_view name);
// Tab caption, e.g. "Win rate".
std::string chart_caption(ChartKind kind);

// A small table of the plotted numbers, written as CSV on export.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string to_csv() const;
};

// One tab or PNG: one to three charts plus the data behind them. Owns its charts until a view
// takes them.
struct ChartPage {
  ChartKind kind = ChartKind::revenue;
  std::vector<std::unique_ptr<QChart>> charts;
  CsvTable data;

  ChartPage();
  ~ChartPage();
  ChartPage(ChartPage&&) noexcept;
  ChartPage& operator=(ChartPage&&) noexcept;
};

struct ChartOptions {
  // KPI plotted against the swept parameter, and the KPI of the waterfall (a results file of
  // `salesim attribute` without an attribution of it shows its first one).
  std::string sweep_kpi = "revenue";
};

// Builds the page of `kind` for `results` (already checked by load_results). A chart that does
// not apply (a sweep chart for a single run) is a titled chart saying so, never an error: the
// viewer's tabs show it; the renderer asks chart_unavailable first and refuses.
ChartPage build_page(ChartKind kind, const v1::Results& results, const ChartOptions& options = {});

// Whether a chart takes a KPI (--kpi): the sweep, the waterfall and the sensitivity tornado.
bool chart_takes_kpi(ChartKind kind);
// The KPIs `kind` can plot for `results`, in the file's order: every KPI for the sweep, the
// attributed KPIs for the waterfall, the analysed ones for the tornado; empty for a chart that
// takes no KPI or has no data.
std::vector<std::string> chart_kpis(ChartKind kind, const v1::Results& results);
// Why `kind` cannot be drawn from `results` with `options`, in English for the command line
// (e.g. "has no sensitivity indices: run `salesim sensitivity SCENARIO`", or that
// options.sweep_kpi is not one of chart_kpis()); empty when it can. `kpi_given`: the KPI was
// asked for (--kpi), so a KPI the chart lacks is an error rather than the default's fallback.
std::string chart_unavailable(ChartKind kind, const v1::Results& results, const ChartOptions& options = {},
                              bool kpi_given = false);

// Box statistics drawn for a KPI summary: box Q1-Q3 with P10-P90 whiskers, or, for a results.pb
// written without quartiles (or with all runs equal), a P10-P90 box with no whiskers.
struct BoxValues {
  double whisker_low, box_low, median, box_high, whisker_high;
  bool quartiles;  // true: box is Q1-Q3; false: box is P10-P90
};
BoxValues box_values(const v1::KpiSummary& summary);

// A KPI's name for people, in the interface language: "Win rate" / 签单率 for "win_rate"; an
// unknown KPI's name with its underscores as spaces.
QString kpi_caption(std::string_view kpi);

// Formats a double for CSV: shortest round-trip representation, locale-free.
std::string format_number(double value);

}  // namespace salesim::viz
