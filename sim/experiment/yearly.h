// Yearly KPIs of a multi-year horizon, computed per replication from its weekly series.
//
//   std::vector<std::vector<double>> v = yearly_values(series_names, out.weekly);  // [year][kpi]
//
// Year y (1-based) is weeks 52(y-1) .. 52y-1 of the horizon; only full years are reported (a
// horizon of 400 days has one). A cumulative series gives the year's increase (value at the
// year's last week minus the value at the previous year's last week), a weekly flow the year's
// sum. A KPI whose series is missing from `series_names` is NaN.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace salesim::experiment {

inline constexpr std::size_t kWeeksPerYear = 52;

struct YearlyKpi {
  const char* name;    // yearly.csv's kpi
  const char* series;  // the weekly series it is computed from
  bool cumulative;     // true: increase over the year; false: sum of the weekly values
  const char* unit;
};

// revenue, new_opportunities, wins, am_hunting_hours, hires, promotions.
const std::vector<YearlyKpi>& yearly_kpis();

// Full years in `weeks` weeks.
std::size_t full_years(std::size_t weeks);

// [year][yearly_kpis() index] for one replication; `weekly` is [series][week] in the order of
// `series_names`.
std::vector<std::vector<double>> yearly_values(const std::vector<std::string>& series_names,
                                               const std::vector<std::vector<double>>& weekly);

}  // namespace salesim::experiment
