// The `backtest` chart (issue 12): an observed CRM export set against the simulated P10-P90 bands
// of `salesim backtest` (Results.backtest). Three charts: opportunities per month and revenue per
// quarter (shaded band, dashed simulated median, the observed as a line with points, red where
// outside the band), and the scalar statistics (win rate, deal-size and cycle-time quantiles) as
// % of their simulated median, with the KS figures and the verdict in the titles. Pure: every
// number comes from the results file; the only arithmetic is unit scaling.
#pragma once

#include "viz/charts.h"

namespace salesim::viz {

// The page of ChartKind::backtest; a file without a backtest gets a chart saying so.
ChartPage backtest_page(const v1::Results& results);

}  // namespace salesim::viz
