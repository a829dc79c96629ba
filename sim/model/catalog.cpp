// kpi_catalog(), kpi_index() and series_catalog(): the fixed output columns of the model.
#include "sim/model/kpis.h"
#include "sim/model/model.h"

namespace salesim::model {

const std::vector<KpiDefinition>& kpi_catalog() {
  static const std::vector<KpiDefinition> catalog = [] {
    std::vector<KpiDefinition> c;
#define SALESIM_KPI_DEF(id, name, unit, prop, hib, desc) c.push_back({name, unit, prop, hib, desc});
    SALESIM_KPIS(SALESIM_KPI_DEF)
#undef SALESIM_KPI_DEF
    static const char* roles[] = {"am", "pm", "presales", "manager"};
    static const char* activities[] = {"farming", "deal_work", "hunting", "mentoring",
                                       "offside", "misplaced", "covering", "management", "idle"};
    for (const char* r : roles)
      for (std::size_t a = 0; a < kpi::kActivities; ++a) {
        const std::string act = activities[a];
        // Fault hours and idle hours are costs; the rest is work done.
        const bool cost = act == "offside" || act == "misplaced" || act == "covering" || act == "idle";
        c.push_back({std::string("hours.") + r + "." + act, "hours", false, !cost,
                     std::string("Hours ") + r + " people booked to " + act});
      }
    // The bounds of every KPI, in this one place: each is a sum, count, mean or ratio of
    // non-negative quantities, so none is below 0; a proportion is at most 1. (Shares that are
    // not proportions, such as attainment or annualised attrition, can exceed 1.)
    // Contribution and what is computed from it are the exception: a team can cost more than its
    // revenue earns.
    for (auto& k : c) {
      const bool signed_kpi = k.name == "contribution" || k.name == "contribution_per_head" || k.name == "roi";
      if (!signed_kpi) k.lower = 0.0;
      if (k.proportion) k.upper = 1.0;
    }
    // Ratios whose denominator varies across replications (more deals in busy replications): the
    // summary estimates them as a ratio of sums, not a mean of per-replication ratios, which would
    // weight a replication with 3 assignments like one with 300 (docs/statistics.md says which and
    // why). Each must equal numerator / denominator in every replication (0 when the denominator is 0).
    static const char* ratios[][3] = {
        {"pm_queue_wait_days", "pm_wait_days_total", "pm_assignments"},
        {"presales_queue_wait_days", "presales_wait_days_total", "presales_assignments"},
        {"pm_waited_share", "pm_waited_deals", "pm_assignments"},
        {"presales_waited_share", "presales_waited_deals", "presales_assignments"},
        {"win_rate", "deals_won", "deals_closed"},
        {"big_deal_rate", "big_deals_won", "deals_won"},
        {"avg_deal_size", "revenue.deals", "deals_won"},
        {"collision_rate", "collided_deals", "hunted_deals_closed"},
        {"cycle_time_days", "won_cycle_days_total", "deals_won"},
        {"shrink_share", "shrink_count", "deals_won"},
        {"contribution_per_head", "contribution", "mean_headcount"},
        {"roi", "contribution", "cost.total"},
        {"cost_per_won_deal", "cost.total", "deals_won"},
    };
    for (const auto& r : ratios)
      for (auto& k : c)
        if (k.name == r[0]) k.ratio_numerator = r[1], k.ratio_denominator = r[2];
    return c;
  }();
  return catalog;
}

int kpi_index(const std::string& name) {
  const auto& c = kpi_catalog();
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c[i].name == name) return static_cast<int>(i);
  return -1;
}

const std::vector<std::string>& series_catalog() {
  static const std::vector<std::string> names = {
      "revenue_cumulative", "opportunity_stock",           "headcount",    "pipeline_value_cny",
      "wins_cumulative",    "expansion_revenue_cumulative", "hunting_hours",     "new_opportunities_cumulative",
      "hires_cumulative",   "promotions_cumulative",        "pm_queue_length",   "contribution_cumulative"};
  return names;
}

}  // namespace salesim::model
