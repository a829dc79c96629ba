// Test support for the viewer: an offscreen QApplication and synthetic results.pb contents with
// known numbers (summaries derived from the per-run rows here, in the test, never in viz/).
#pragma once

#include <QImage>
#include <string>

#include "salesim/v1/results.pb.h"

namespace salesim::viz::testing {

// Creates the process's QApplication once (offscreen platform unless set otherwise).
void ensure_app();

// A compare of `plans` plans (first is the base) with `runs` replications each.
v1::Results synthetic_compare(int plans = 2, int runs = 60);
// A single run (kind RUN, no comparisons).
v1::Results synthetic_run(int runs = 60);
// A sweep over team.cohorts[pm].count (grid, 5 points; or Latin hypercube, 12 points, 2 params).
v1::Results synthetic_sweep(bool latin_hypercube, int runs = 30);

// A `salesim attribute` result: a compare of the 4 variants of offside and misplaced with
// attributions of revenue (twin 80 M CNY, offside -30 M, misplaced -10 M, scenario 40 M) and
// win_rate (0.30, -0.10, -0.05, 0.15), all with 95% CIs, n = 60.
v1::Results synthetic_attribution();

// Share of pixels that are not (near) white, and the number of distinct colours.
double ink_share(const QImage& image);
int distinct_colours(const QImage& image);

// A fresh temporary folder for this test (removed by the OS, not by us).
std::string temp_dir(const std::string& name);

}  // namespace salesim::viz::testing
