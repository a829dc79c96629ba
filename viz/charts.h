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
// not apply (a sweep chart for a single run) is a titled chart saying so, never an error.
ChartPage build_page(ChartKind kind, const v1::Results& results, const ChartOptions& options = {});

// Box statistics drawn for a KPI summary: box Q1-Q3 with P10-P90 whiskers, or, for a results.pb
// written without quartiles (or with all runs equal), a P10-P90 box with no whiskers.
struct BoxValues {
  double whisker_low, box_low, median, box_high, whisker_high;
  bool quartiles;  // true: box is Q1-Q3; false: box is P10-P90
};
BoxValues box_values(const v1::KpiSummary& summary);

// Formats a double for CSV: shortest round-trip representation, locale-free.
std::string format_number(double value);

}  // namespace salesim::viz
