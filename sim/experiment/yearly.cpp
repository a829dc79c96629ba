// Yearly KPIs from weekly series; see yearly.h.
#include "sim/experiment/yearly.h"

#include <limits>

namespace salesim::experiment {

const std::vector<YearlyKpi>& yearly_kpis() {
  static const std::vector<YearlyKpi> k = {
      {"revenue", "revenue_cumulative", true, "CNY"},
      {"new_opportunities", "new_opportunities_cumulative", true, "count"},
      {"wins", "wins_cumulative", true, "count"},
      {"am_hunting_hours", "hunting_hours", false, "hours"},
      {"hires", "hires_cumulative", true, "people"},
      {"promotions", "promotions_cumulative", true, "people"},
  };
  return k;
}

std::size_t full_years(std::size_t weeks) { return weeks / kWeeksPerYear; }

std::vector<std::vector<double>> yearly_values(const std::vector<std::string>& series_names,
                                               const std::vector<std::vector<double>>& weekly) {
  const auto& kpis = yearly_kpis();
  const std::size_t weeks = weekly.empty() ? 0 : weekly[0].size();
  const std::size_t years = full_years(weeks);
  std::vector<std::vector<double>> out(years, std::vector<double>(kpis.size(), std::numeric_limits<double>::quiet_NaN()));
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    std::size_t s = 0;
    while (s < series_names.size() && series_names[s] != kpis[k].series) ++s;
    if (s >= series_names.size() || s >= weekly.size() || weekly[s].size() < years * kWeeksPerYear) continue;
    const std::vector<double>& w = weekly[s];
    for (std::size_t y = 0; y < years; ++y) {
      const std::size_t first = y * kWeeksPerYear, last = first + kWeeksPerYear - 1;
      if (kpis[k].cumulative) {
        out[y][k] = w[last] - (y == 0 ? 0.0 : w[first - 1]);
      } else {
        double sum = 0;
        for (std::size_t i = first; i <= last; ++i) sum += w[i];
        out[y][k] = sum;
      }
    }
  }
  return out;
}

}  // namespace salesim::experiment
