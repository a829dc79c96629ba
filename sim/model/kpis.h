// The fixed KPI list (the columns of replications.csv) as an X-macro, so the catalog and the
// indices the model writes to can never drift apart. Hours by role x activity follow the list.
//
//   out.kpis[kpi::revenue] = ...;   out.kpis[kpi::hours_index(role, activity)] = ...;
#pragma once

#include <cstddef>

// X(id, name, unit, proportion, higher_is_better, description)
#define SALESIM_KPIS(X)                                                                                  \
  X(revenue, "revenue", "CNY", false, true, "Revenue booked in the horizon: won deals plus installed-base renewals") \
  X(revenue_basic_module, "revenue.basic_module", "CNY", false, true, "Revenue of won basic-module deals")          \
  X(revenue_expansion, "revenue.expansion", "CNY", false, true, "Revenue of won expansion deals")                  \
  X(revenue_big_project, "revenue.big_project", "CNY", false, true, "Revenue of won big projects")                  \
  X(revenue_go_big, "revenue.go_big", "CNY", false, true, "Deal revenue in GO_BIG segments")                       \
  X(revenue_land_and_expand, "revenue.land_and_expand", "CNY", false, true, "Deal revenue in LAND_AND_EXPAND segments") \
  X(revenue_installed_base, "revenue.installed_base", "CNY", false, true, "Renewal revenue of farmed installed accounts") \
  X(revenue_role_am, "revenue.role.am", "CNY", false, true, "Deal revenue closed by an account manager")          \
  X(revenue_role_pm, "revenue.role.pm", "CNY", false, true, "Deal revenue closed by a project manager")           \
  X(revenue_role_manager, "revenue.role.manager", "CNY", false, true, "Deal revenue closed by a covering manager") \
  X(deals_won, "deals_won", "count", false, true, "Deals won")                                                    \
  X(deals_closed, "deals_closed", "count", false, true, "Deals closed: won, lost to a competitor or no decision (incl. dropped in a stage)") \
  X(win_rate, "win_rate", "share", true, true, "Won / closed deals")                                              \
  X(win_rate_big, "win_rate.big_project", "share", true, true, "Won / closed big projects")                       \
  X(big_deal_rate, "big_deal_rate", "share", true, true, "Share of wins at or above the big-deal threshold")     \
  X(avg_deal_size, "avg_deal_size", "CNY", false, true, "Mean revenue of a won deal")                             \
  X(collision_rate, "collision_rate", "share", true, false, "Share of closed hunted (non-installed-base) deals a competitor also worked")     \
  X(new_opportunities, "new_opportunities", "count", false, true, "Opportunities found by hunting (not from the installed base)") \
  X(pm_found_opportunities, "pm_found_opportunities", "count", false, true, "Opportunities found by hunting PMs (misplaced)") \
  X(installed_opportunities, "installed_opportunities", "count", false, true, "Expansion opportunities from the installed base") \
  X(opportunity_stock, "opportunity_stock", "count", false, true, "Open deals at the end of the horizon")        \
  X(avg_discount, "avg_discount", "share", true, false, "Mean discount of won deals")                             \
  X(shrink_count, "shrink_count", "count", false, false, "Won deals signed at a shrunk scope")                    \
  X(shrink_share, "shrink_share", "share", true, false, "Share of wins signed at a shrunk scope")                \
  X(slip_count, "slip_count", "count", false, false, "Slips: closes pushed out by the customer")                  \
  X(slip_share, "slip_share", "share", true, false, "Share of deals due to close that slipped at least once")    \
  X(losses_to_competitor_share, "losses_to_competitor_share", "share", true, false, "Share of losses that went to a competitor (the rest: no decision)") \
  X(cycle_time_days, "cycle_time_days", "days", false, false, "Mean days from discovery to close of won deals")   \
  X(cycle_time_big_days, "cycle_time_days.big_project", "days", false, false, "Mean days from discovery to close of won big projects") \
  X(pm_utilisation, "pm_utilisation", "share", true, true, "PM hours on deals / PM hours available")             \
  X(presales_utilisation, "presales_utilisation", "share", true, true, "Presales hours on deals / presales hours available") \
  X(pm_queue_wait_days, "pm_queue_wait_days", "days", false, false, "Mean days a deal waited for a PM (0 when one was free)") \
  X(presales_queue_wait_days, "presales_queue_wait_days", "days", false, false, "Mean days a deal waited for presales") \
  X(pm_waited_share, "pm_waited_share", "share", true, false, "Share of PM assignments (deals given a PM or covering manager) that waited more than 0 days in the queue") \
  X(presales_waited_share, "presales_waited_share", "share", true, false, "Share of presales assignments that waited more than 0 days in the queue") \
  X(pm_assignments, "pm_assignments", "count", false, true, "Deals assigned a PM (or a covering manager) from the pool: the denominator of pm_queue_wait_days") \
  X(pm_wait_days_total, "pm_wait_days_total", "days", false, false, "Days deals waited for a PM, summed: the numerator of pm_queue_wait_days") \
  X(pm_waited_deals, "pm_waited_deals", "count", false, false, "PM assignments that waited more than 0 days") \
  X(presales_assignments, "presales_assignments", "count", false, true, "Deals assigned presales from the pool") \
  X(presales_wait_days_total, "presales_wait_days_total", "days", false, false, "Days deals waited for presales, summed") \
  X(presales_waited_deals, "presales_waited_deals", "count", false, false, "Presales assignments that waited more than 0 days") \
  X(big_deals_won, "big_deals_won", "count", false, true, "Wins at or above the big-deal threshold: the numerator of big_deal_rate") \
  X(revenue_deals, "revenue.deals", "CNY", false, true, "Revenue of won deals (no renewals): the numerator of avg_deal_size") \
  X(hunted_deals_closed, "hunted_deals_closed", "count", false, true, "Closed hunted (non-installed-base) deals: the denominator of collision_rate") \
  X(collided_deals, "collided_deals", "count", false, false, "Closed hunted deals a competitor also worked") \
  X(won_cycle_days_total, "won_cycle_days_total", "days", false, false, "Days from discovery to close, summed over won deals: the numerator of cycle_time_days") \
  X(mentoring_hours, "mentoring_hours", "hours", false, true, "Hours of mentoring given")                        \
  X(offside_hours, "offside_hours", "hours", false, false, "Hours AMs spent on presales/PM work (out of role)")   \
  X(misplaced_hours, "misplaced_hours", "hours", false, false, "Hours PMs spent hunting (out of role)")           \
  X(covering_hours, "covering_hours", "hours", false, false, "Hours managers spent running deals as PM")          \
  X(covered_deals, "covered_deals", "count", false, false, "Deals a manager took over as PM")                     \
  X(shadow_skill_gain, "covering.shadow_skill_gain", "skill", false, true, "Deal-running skill gained by the junior PMs or AMs who shadowed a covering manager (sum)") \
  X(shaped_deals, "shaped_deals", "count", false, true, "Hunted deals found before their tender whose customer then ran no open tender") \
  X(offside_deals, "offside_deals", "count", false, false, "Deals on which an AM did presales/PM work himself")  \
  X(attainment, "attainment", "share", false, true, "Revenue / team target (pro rata to the horizon)")            \
  X(headcount_end, "headcount_end", "people", false, true, "People on the team at the end")                      \
  X(attrition, "attrition", "share", false, false, "Leavers per starting head, per year")                         \
  X(leavers, "leavers", "people", false, false, "People who left")                                                \
  X(hires, "hires", "people", false, true, "People who joined during the horizon (replacements and plan)")      \
  X(promotions, "promotions", "people", false, true, "AMs promoted to PM")                                        \
  X(churned_accounts, "churned_accounts", "count", false, false, "Installed accounts lost for want of farming")   \
  X(installed_accounts_end, "installed_accounts_end", "count", false, true, "Installed accounts at the end")       \
  X(am_new_opportunities_per_head, "am.new_opportunities_per_head", "count", false, true, "New opportunities found by AMs per AM (mean headcount)") \
  X(am_basic_module_revenue_per_head, "am.basic_module_revenue_per_head", "CNY", false, true, "Basic-module revenue per AM (mean headcount)") \
  X(am_opportunity_stock_per_head, "am.opportunity_stock_per_head", "count", false, true, "Open deals per AM at the end") \
  X(am_veteran_new_opportunities_per_head, "am.veteran.new_opportunities_per_head", "count", false, true, "New opportunities found by veteran AMs (tenure >= people.veteran_months on day 0) per veteran AM (mean headcount)") \
  X(am_new_new_opportunities_per_head, "am.new.new_opportunities_per_head", "count", false, true, "New opportunities found by new AMs (tenure < people.veteran_months on day 0, or joined later) per new AM (mean headcount)") \
  X(am_veteran_opportunity_stock_per_head, "am.veteran.opportunity_stock_per_head", "count", false, true, "Open deals owned by veteran AMs per veteran AM at the end") \
  X(am_new_opportunity_stock_per_head, "am.new.opportunity_stock_per_head", "count", false, true, "Open deals owned by new AMs per new AM at the end") \
  X(am_veteran_revenue_per_head, "am.veteran.revenue_per_head", "CNY", false, true, "Revenue credited to veteran AMs (deals owned, renewals farmed) per veteran AM (mean headcount)") \
  X(am_new_revenue_per_head, "am.new.revenue_per_head", "CNY", false, true, "Revenue credited to new AMs (deals owned, renewals farmed) per new AM (mean headcount)") \
  X(pm_veteran_win_rate, "pm.veteran.win_rate", "share", true, true, "Win rate of the big projects veteran PMs ran") \
  X(pm_new_win_rate, "pm.new.win_rate", "share", true, true, "Win rate of the big projects new PMs ran") \
  X(pm_veteran_big_deal_share_of_pm_wins, "pm.veteran.big_deal_share_of_pm_wins", "share", true, true, "Of veteran PMs' wins, the share at or above the big-deal threshold") \
  X(pm_new_big_deal_share_of_pm_wins, "pm.new.big_deal_share_of_pm_wins", "share", true, true, "Of new PMs' wins, the share at or above the big-deal threshold") \
  X(pm_win_rate, "pm.win_rate", "share", true, true, "Win rate of the deals PMs ran")                              \
  X(pm_big_deal_share_of_pm_wins, "pm.big_deal_share_of_pm_wins", "share", true, true, "Of the big projects PMs ran and won, the share at or above the big-deal threshold (not the team's big_deal_rate, which is over all wins)") \
  X(gross_margin, "gross_margin", "CNY", false, true, "Revenue times its gross margin share (costs.*_margin_share by deal type, renewals)") \
  X(cost_people, "cost.people", "CNY", false, false, "Loaded cost of the people for the days each was on the team") \
  X(cost_commission, "cost.commission", "CNY", false, false, "Commission paid on won deals (owner, PM, presales) and renewals (farming AM)") \
  X(cost_hiring, "cost.hiring", "CNY", false, false, "One-off cost of the people who joined during the horizon") \
  X(cost_vacancy, "cost.vacancy", "CNY", false, false, "Cost of seats left open while a replacement was found") \
  X(cost_deal_hours, "cost.deal_hours", "CNY", false, false, "Travel and presales cost of the hours worked on deals") \
  X(cost_total, "cost.total", "CNY", false, false, "People + commission + hiring + vacancy + deal-hour cost") \
  X(contribution, "contribution", "CNY", false, true, "Gross margin minus cost.total: what the team earns the company over the horizon") \
  X(mean_headcount, "mean_headcount", "people", false, true, "People on the team, averaged over the horizon (person-days / horizon days)") \
  X(contribution_per_head, "contribution_per_head", "CNY", false, true, "Contribution / mean_headcount") \
  X(roi, "roi", "x", false, true, "Return on the team's cost: contribution / cost.total") \
  X(cost_per_won_deal, "cost_per_won_deal", "CNY", false, false, "cost.total / deals_won")

namespace salesim::model::kpi {

enum Index : std::size_t {
#define SALESIM_KPI_ENUM(id, name, unit, prop, hib, desc) id,
  SALESIM_KPIS(SALESIM_KPI_ENUM)
#undef SALESIM_KPI_ENUM
  hours_base
};

inline constexpr std::size_t kRoles = 4;       // am, pm, presales, manager
inline constexpr std::size_t kActivities = 9;  // see activity names in catalog.cpp
inline constexpr std::size_t kCount = hours_base + kRoles * kActivities;
constexpr std::size_t hours_index(std::size_t role, std::size_t activity) {
  return hours_base + role * kActivities + activity;
}

}  // namespace salesim::model::kpi

namespace salesim::model::series {
enum Index : std::size_t {
  revenue_cumulative,
  opportunity_stock,
  headcount,
  pipeline_value_cny,
  wins_cumulative,
  expansion_revenue_cumulative,
  hunting_hours,
  new_opportunities_cumulative,
  hires_cumulative,
  promotions_cumulative,
  pm_queue_length,
  contribution_cumulative,
  kCount
};
}  // namespace salesim::model::series
