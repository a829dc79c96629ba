#include "viz/leaderboard_view.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "viz/chart_style.h"
#include "viz/charts.h"

#ifdef SALESIM_VIZ_HAS_RUNNER
#include "sim/experiment/leaderboard.h"
#endif

namespace salesim::viz {
namespace {

const v1::KpiInfo* info_of(const v1::Results& r, const std::string& kpi) {
  for (const auto& k : r.kpis())
    if (k.name() == kpi) return &k;
  return nullptr;
}

bool is_share(const v1::KpiInfo* info) { return info && (info->proportion() || info->unit() == "share"); }

}  // namespace

v1::Results in_plan_order(const v1::Results& r, const std::vector<std::uint32_t>& order) {
  v1::Results out = r;
  out.clear_plans();
  std::vector<int> new_index(static_cast<std::size_t>(r.plans_size()), -1);
  for (std::size_t j = 0; j < order.size(); ++j) {
    if (order[j] >= static_cast<std::uint32_t>(r.plans_size())) throw std::out_of_range("in_plan_order: no plan " + std::to_string(order[j]));
    *out.add_plans() = r.plans(static_cast<int>(order[j]));
    new_index[order[j]] = static_cast<int>(j);
  }
  auto index_of_name = [&](const std::string& name) {
    for (int i = 0; i < out.plans_size(); ++i)
      if (out.plans(i).name() == name) return i;
    return -1;
  };
  // Comparisons follow the plans' new order (the base keeps its name); those of dropped plans go.
  out.clear_comparisons();
  for (int i = 0; i < out.plans_size(); ++i)
    for (const auto& c : r.comparisons())
      if (c.plan() == out.plans(i).name() && index_of_name(c.base_plan()) >= 0) *out.add_comparisons() = c;
  for (auto& rk : *out.mutable_rankings()) {
    auto* plans = rk.mutable_plans();
    for (int i = plans->size() - 1; i >= 0; --i) {
      const int ni = plans->Get(i).plan_index() < new_index.size() ? new_index[plans->Get(i).plan_index()] : -1;
      if (ni < 0) plans->DeleteSubrange(i, 1);
      else plans->Mutable(i)->set_plan_index(static_cast<std::uint32_t>(ni));
    }
  }
  return out;
}

std::string default_leaderboard_kpi(const v1::Results& r) {
  std::vector<std::string> ranked;
  for (const auto& rk : r.rankings())
    if (rk.design_point() == 0) ranked.push_back(rk.kpi());
  for (const char* k : {"contribution", "revenue"})
    if (std::find(ranked.begin(), ranked.end(), k) != ranked.end()) return k;
  return ranked.empty() ? std::string() : ranked.front();
}

QString kpi_value_text(const v1::KpiInfo* info, double v, bool signed_value) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  const QString sign = signed_value && v > 0 ? QStringLiteral("+") : QString();
  if (is_share(info)) return sign + QString::number(100 * v, 'f', 1) + "%";
  if (info && info->unit() == "CNY") {
    const double a = std::fabs(v);
    if (wan_numbers()) {  // Chinese: 亿 (10^8) and 万 (10^4), as a trainer reads money
      if (a >= 1e8) return sign + QString::number(v / 1e8, 'f', 2) + QString::fromUtf8("亿");
      if (a >= 1e4) return sign + QString::number(v / 1e4, 'f', 0) + QString::fromUtf8("万");
      return sign + QString::number(v, 'f', 0);
    }
    if (a >= 1e6) return sign + QString::number(v / 1e6, 'f', 2) + "M";
    if (a >= 1e3) return sign + QString::number(v / 1e3, 'f', 0) + "k";
    return sign + QString::number(v, 'f', 0);
  }
  return sign + QString::number(v, 'g', 4);
}

LeaderboardView::LeaderboardView(QWidget* parent) : QWidget(parent) {
  setAutoFillBackground(true);
  QPalette pal = palette();
  pal.setColor(QPalette::Window, Qt::white);
  setPalette(pal);
  auto* column = new QVBoxLayout(this);
  auto* head = new QHBoxLayout();
  title_ = new QLabel(this);
  title_->setObjectName("leaderboard_title");
  head->addWidget(title_, 1);
  head->addWidget(new QLabel(tr("Rank by:"), this));
  kpi_box_ = new QComboBox(this);
  kpi_box_->setObjectName("leaderboard_kpi");
  kpi_box_->setMinimumContentsLength(14);
  head->addWidget(kpi_box_);
  column->addLayout(head);
  note_ = new QLabel(this);
  note_->setWordWrap(true);
  column->addWidget(note_);
  table_ = new QTableWidget(this);
  table_->setObjectName("leaderboard_table");
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->setFocusPolicy(Qt::NoFocus);
  table_->verticalHeader()->hide();
  table_->setShowGrid(false);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  column->addWidget(table_, 1);
  footer_ = new QLabel(this);
  footer_->setWordWrap(true);
  column->addWidget(footer_);
  connect(kpi_box_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i < 0) return;
    const std::string k = kpi_box_->itemData(i).toString().toStdString();
    if (k == kpi_) return;
    kpi_ = k;
    rebuild();
    emit kpi_changed(QString::fromStdString(kpi_));
  });
  set_projector(false);
  rebuild();
}

void LeaderboardView::set_results(const v1::Results& results) {
  results_ = results;
  std::vector<std::string> ranked;
  for (const auto& rk : results_.rankings())
    if (rk.design_point() == 0) ranked.push_back(rk.kpi());
  if (std::find(ranked.begin(), ranked.end(), kpi_) == ranked.end()) kpi_ = default_leaderboard_kpi(results_);
  {
    const QSignalBlocker block(kpi_box_);
    kpi_box_->clear();
    for (const auto& k : ranked) kpi_box_->addItem(kpi_caption(k), QString::fromStdString(k));
    kpi_box_->setCurrentIndex(kpi_box_->findData(QString::fromStdString(kpi_)));
  }
  rebuild();
}

void LeaderboardView::set_kpi(const std::string& kpi) {
  const int i = kpi_box_->findData(QString::fromStdString(kpi));
  if (i >= 0) kpi_box_->setCurrentIndex(i);
}

bool LeaderboardView::has_kpi(const std::string& kpi) const { return kpi_box_->findData(QString::fromStdString(kpi)) >= 0; }

QStringList LeaderboardView::kpi_names() const {
  QStringList out;
  for (int i = 0; i < kpi_box_->count(); ++i) out << kpi_box_->itemData(i).toString();
  return out;
}

void LeaderboardView::set_note(const QString& note) { note_->setText(note); }

void LeaderboardView::set_projector(bool on) {
  projector_ = on;
  QFont base = font();
  base.setPointSize(on ? 20 : 12);
  table_->setFont(base);
  QFont head = base;
  head.setBold(true);
  head.setPointSize(on ? 16 : 11);
  table_->horizontalHeader()->setFont(head);
  QFont title = base;
  title.setBold(true);
  title.setPointSize(on ? 26 : 15);
  title_->setFont(title);
  QFont small = base;
  small.setPointSize(on ? 13 : 10);
  note_->setFont(small);
  footer_->setFont(small);
  kpi_box_->setFont(small);
  rebuild();
}

void LeaderboardView::rebuild() {
  order_.clear();
  message_.clear();
  table_->clear();
  table_->setRowCount(0);
  const QStringList headers = {tr("Rank"), tr("Plan"), tr("Mean"), tr("95% CI"), tr("vs leader"),
                               tr("95% CI"), tr("Beats leader"), tr("P(best)")};
  table_->setColumnCount(static_cast<int>(headers.size()));
  table_->setHorizontalHeaderLabels(headers);
  footer_->clear();
#ifdef SALESIM_VIZ_HAS_RUNNER
  if (kpi_.empty()) {
    message_ = results_.plans_size() < 2 ? tr("One plan only: a leaderboard needs two or more plans (Run all, or a compare).")
                                         : tr("These results hold no ranking (rerun them with this version).");
  } else {
    try {
      const experiment::Leaderboard board = experiment::leaderboard(results_, kpi_);
      const v1::KpiInfo* info = info_of(results_, kpi_);
      title_->setText(tr("Leaderboard: %1%2").arg(kpi_caption(kpi_),
                                                  board.lower_is_better ? tr(" (lower is better)") : QString()));
      table_->setRowCount(static_cast<int>(board.rows.size()));
      const int swatch = projector_ ? 22 : 12;
      for (std::size_t j = 0; j < board.rows.size(); ++j) {
        const auto& row = board.rows[j];
        order_.push_back(row.plan_index);
        const int r = static_cast<int>(j);
        auto cell = [&](int c, const QString& text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter) {
          auto* item = new QTableWidgetItem(text);
          item->setTextAlignment(align);
          table_->setItem(r, c, item);
          return item;
        };
        cell(0, row.rank == 0 ? QStringLiteral("–") : QString::number(row.rank) + (row.tied ? "=" : ""), Qt::AlignCenter);
        QPixmap dot(swatch, swatch);
        dot.fill(plan_colour(r));
        auto* name = cell(1, QString::fromStdString(row.plan) + (row.plan_index == 0 ? tr(" (base)") : QString()),
                          Qt::AlignLeft | Qt::AlignVCenter);
        name->setIcon(QIcon(dot));
        name->setToolTip(name->text());  // the whole name where the column elides it
        QFont bold = table_->font();
        bold.setBold(j == 0);
        name->setFont(bold);
        cell(2, kpi_value_text(info, row.mean))->setFont(bold);
        // Intervals in a smaller type: the plan's name and its mean are what the room reads.
        QFont small = table_->font();
        small.setPointSize(std::max(8, small.pointSize() * 3 / 4));
        cell(3, QString("[%1, %2]").arg(kpi_value_text(info, row.ci.low), kpi_value_text(info, row.ci.high)))->setFont(small);
        if (j == 0) {
          cell(4, tr("leader"));
          cell(5, QString());
          cell(6, QString());
        } else {
          cell(4, kpi_value_text(info, row.delta_leader, true));
          cell(5, QString("[%1, %2]").arg(kpi_value_text(info, row.delta_leader_ci.low, true),
                                          kpi_value_text(info, row.delta_leader_ci.high, true)))
              ->setFont(small);
          cell(6, std::isfinite(row.p_beats_leader) ? QString::number(100 * row.p_beats_leader, 'f', 0) + "%" : "–");
        }
        cell(7, std::isfinite(row.p_best) ? QString::number(row.p_best, 'f', 2) : "–")
            ->setToolTip(row.may_be_best ? tr("cannot be told apart from the best (95% MCB)") : QString());
        if (row.may_be_best) table_->item(r, 7)->setText(table_->item(r, 7)->text() + " ★");
      }
      footer_->setText(tr("%1 paired runs per plan on the same markets (common random numbers). vs leader: mean paired "
                          "difference with its 95% CI; beats leader: share of paired runs (a tie counts half); "
                          "P(best): chance the plan is truly best; ★: cannot be told apart from the best (95% MCB).")
                           .arg(board.n));
    } catch (const std::exception& e) {
      message_ = QString::fromStdString(e.what());
    }
  }
#else
  message_ = tr("This build has no experiment layer: no leaderboard.");
#endif
  if (!message_.isEmpty()) {
    title_->setText(tr("Leaderboard"));
    footer_->setText(message_);
  }
  QHeaderView* h = table_->horizontalHeader();
  h->setSectionResizeMode(QHeaderView::ResizeToContents);
  h->setSectionResizeMode(1, QHeaderView::Stretch);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setIconSize(QSize(projector_ ? 22 : 12, projector_ ? 22 : 12));
}

}  // namespace salesim::viz
