// The leaderboard of a compare as a table: plans ranked by one KPI (experiment::leaderboard, the
// ranking `salesim compare` writes to ranking.csv) with the mean and its 95% CI, the paired
// difference against the leader with its 95% CI, how often the plan beats the leader, P(best)
// and whether it can be told apart from the best. Readable on a projector (set_projector).
//
//   LeaderboardView view;  view.set_results(results);   // results from run_plans (rows in memory)
//   v1::Results shown = in_plan_order(results, view.order());  // charts in the table's order
//
// Row colours are plan_colour(row): the charts of in_plan_order(results, order()) draw plan i in
// plan_colour(i), so a plan has the same colour in the table and in every chart.
#pragma once

#include <QString>
#include <QWidget>
#include <cstdint>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QTableWidget;
QT_END_NAMESPACE

namespace salesim::viz {

// `results` with its plans in `order` (indices into Results.plans; plans left out are dropped),
// its comparisons and rankings following that order (rankings' plan_index renumbered). Only
// reordering: every number stays as computed. Throws std::out_of_range for a bad index.
v1::Results in_plan_order(const v1::Results& results, const std::vector<std::uint32_t>& order);

// The KPI a leaderboard starts on: contribution when the results have it (a scenario with
// costs), else revenue, else the first ranked KPI; empty when nothing is ranked.
std::string default_leaderboard_kpi(const v1::Results& results);

// One table cell's text for a KPI value: "18.81M" for CNY, "34.5%" for a share, else 3-4
// significant digits; `signed_value` adds "+" to a positive difference.
QString kpi_value_text(const v1::KpiInfo* info, double value, bool signed_value = false);

class LeaderboardView : public QWidget {
  Q_OBJECT

 public:
  explicit LeaderboardView(QWidget* parent = nullptr);

  // Shows `results` (a compare with rankings); keeps the KPI when the new results rank it.
  void set_results(const v1::Results& results);
  // Ranks by `kpi` (ignored when not ranked).
  void set_kpi(const std::string& kpi);
  // Whether the results shown rank `kpi` (a KPI name such as "win_rate").
  bool has_kpi(const std::string& kpi) const;
  // The KPI names "Rank by" offers, in its order.
  QStringList kpi_names() const;
  const std::string& kpi() const { return kpi_; }
  const v1::Results& results_shown() const { return results_; }
  // Projector mode: big fonts, for a 1280x720 room projector.
  void set_projector(bool on);
  // A line under the title (e.g. "run 3, 1000 runs per plan, 2.1 s"), and problems to list.
  void set_note(const QString& note);

  // Plan indices in the table's order (rank order); empty without a leaderboard.
  const std::vector<std::uint32_t>& order() const { return order_; }
  QTableWidget* table() const { return table_; }
  // The reason nothing is ranked ("one plan only: ..."), or empty.
  const QString& message() const { return message_; }

 signals:
  void kpi_changed(const QString& kpi);

 private:
  void rebuild();

  v1::Results results_;
  std::string kpi_;
  std::vector<std::uint32_t> order_;
  QString message_;
  bool projector_ = false;
  QLabel* title_ = nullptr;
  QLabel* note_ = nullptr;
  QLabel* footer_ = nullptr;
  QComboBox* kpi_box_ = nullptr;
  QTableWidget* table_ = nullptr;
};

}  // namespace salesim::viz
