// The what-if dock's plans, offscreen: a list of named plans whose knobs the dock's editors edit,
// saved and reopened, and "Run all" in the background with the leaderboard and charts in its order.
#include <gtest/gtest.h>

#include <QCheckBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QListWidget>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>

#include <atomic>
#include <filesystem>
#include <memory>

#include "tests/viz/viz_test_support.h"
#include "viz/leaderboard_view.h"
#include "viz/main_window.h"

namespace salesim::viz {
namespace {

#ifdef SALESIM_VIZ_HAS_RUNNER
const std::string kRoot = SALESIM_SOURCE_ROOT;

bool wait_idle(const MainWindow& w) {
  QElapsedTimer timer;
  timer.start();
  while (w.busy() && timer.elapsed() < 60000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  QCoreApplication::processEvents();
  return !w.busy();
}

class PlanPanelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ensure_app();
    dir_ = testing::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    window_ = std::make_unique<MainWindow>();
    window_->set_dialogs_enabled(false);
    ASSERT_TRUE(w().open_path(QString::fromStdString(kRoot + "/scenarios/workshop/06_rookie_branch.txtpb")));
    ASSERT_TRUE(wait_idle(w()));
    ASSERT_TRUE(w().last_error().isEmpty()) << w().last_error().toStdString();
  }
  QDoubleSpinBox* spin(const char* path) { return w().findChild<QDoubleSpinBox*>(path); }
  std::string dir_;
  std::unique_ptr<MainWindow> window_;
  MainWindow& w() { return *window_; }
};

TEST_F(PlanPanelTest, EditorsEditTheSelectedPlan) {
  auto* list = w().findChild<QListWidget*>("plan_list");
  ASSERT_NE(list, nullptr);
  EXPECT_TRUE(w().add_plan());
  EXPECT_TRUE(w().add_plan());
  EXPECT_EQ(list->item(1)->text(), "Plan 2");
  EXPECT_TRUE(w().add_plan("more PMs"));
  EXPECT_FALSE(w().add_plan("more PMs"));
  EXPECT_TRUE(w().last_error().contains("exists already"));
  EXPECT_EQ(list->count(), 3);
  EXPECT_EQ(w().selected_plan(), 2);
  spin("team.cohorts[pm].count")->setValue(5);
  w().findChild<QCheckBox*>("formation.offside.enabled")->setChecked(false);
  EXPECT_EQ(find_knob(w().plan_book().plan(2).knobs, "team.cohorts[pm].count")->value, 5);
  EXPECT_EQ(find_knob(w().plan_book().plan(2).knobs, "formation.offside.enabled")->value, 0);
  // Another plan: the editors show its knobs, and the first plan kept its own.
  w().select_plan(0);
  EXPECT_EQ(spin("team.cohorts[pm].count")->value(), 3);
  EXPECT_EQ(find_knob(w().plan_book().plan(2).knobs, "team.cohorts[pm].count")->value, 5);
  w().select_plan(2);
  EXPECT_EQ(spin("team.cohorts[pm].count")->value(), 5);
  EXPECT_TRUE(w().duplicate_plan());
  EXPECT_EQ(list->currentItem()->text(), "more PMs copy");
  EXPECT_EQ(spin("team.cohorts[pm].count")->value(), 5);
  EXPECT_TRUE(w().rename_plan("five PMs"));
  EXPECT_EQ(list->item(3)->text(), "five PMs");
  EXPECT_FALSE(w().rename_plan("Plan 1"));
  w().select_plan(1);
  EXPECT_TRUE(w().delete_plan());
  EXPECT_EQ(list->count(), 3);
  EXPECT_EQ(list->item(1)->text(), "more PMs");
}

TEST_F(PlanPanelTest, SavedPlanReopensInThePanel) {
  ASSERT_TRUE(w().add_plan("cover"));
  spin("formation.covering.wait_days")->setValue(7);
  w().findChild<QCheckBox*>("formation.covering.enabled")->setChecked(true);
  const QString path = QString::fromStdString(dir_ + "/cover.txtpb");
  ASSERT_TRUE(w().save_plan(path)) << w().last_error().toStdString();
  ASSERT_TRUE(w().open_plan(path)) << w().last_error().toStdString();
  EXPECT_EQ(w().plan_book().size(), 2u);
  EXPECT_EQ(w().plan_book().plan(1).name, "cover 2");
  EXPECT_EQ(w().plan_book().plan(1).knobs, w().plan_book().plan(0).knobs);
  EXPECT_EQ(spin("formation.covering.wait_days")->value(), 7);
  EXPECT_FALSE(w().open_plan(QString::fromStdString(dir_ + "/missing.txtpb")));
  EXPECT_TRUE(w().last_error().contains("missing.txtpb"));
}

TEST_F(PlanPanelTest, RunAllShowsTheLeaderboardAndChartsInItsOrder) {
  ASSERT_TRUE(w().add_plan("discipline"));
  w().findChild<QCheckBox*>("formation.offside.enabled")->setChecked(false);
  ASSERT_TRUE(w().add_plan("more presales"));
  spin("team.cohorts[presales].count")->setValue(9);
  ASSERT_TRUE(w().add_plan("as is"));
  w().findChild<QSpinBox*>()->setValue(40);  // replications
  w().start_run_all();
  EXPECT_TRUE(w().busy());  // in the background
  ASSERT_TRUE(wait_idle(w()));
  ASSERT_TRUE(w().last_error().isEmpty()) << w().last_error().toStdString();
  LeaderboardView* board = w().leaderboard();
  auto* tabs = w().findChild<QTabWidget*>();
  EXPECT_EQ(tabs->currentWidget(), board);
  ASSERT_EQ(board->order().size(), 4u);
  const v1::Results& shown = w().shown_results();
  ASSERT_EQ(shown.plans_size(), 4);
  // The charts' plans are the table's rows, in its order.
  for (int j = 0; j < 4; ++j)
    EXPECT_TRUE(board->table()->item(j, 1)->text().startsWith(QString::fromStdString(shown.plans(j).name())));
  EXPECT_EQ(replications_of(shown), 40u);
  // "as is" is the baseline, re-run on the same markets: the same numbers exactly.
  const auto& rows = shown.plans();
  const v1::PlanResult *base = nullptr, *as_is = nullptr;
  for (const auto& p : rows) {
    if (p.name() == "06_rookie_branch") base = &p;
    if (p.name() == "as is") as_is = &p;
  }
  ASSERT_TRUE(base && as_is);
  EXPECT_EQ(base->points(0).summaries(0).mean(), as_is->points(0).summaries(0).mean());
  // Ranking by another KPI reorders the charts too.
  board->set_kpi("win_rate");
  for (int j = 0; j < 4; ++j)
    EXPECT_TRUE(board->table()->item(j, 1)->text().startsWith(QString::fromStdString(w().shown_results().plans(j).name())));
}

TEST_F(PlanPanelTest, RunAllCanBeCancelled) {
  ASSERT_TRUE(w().add_plan());
  std::atomic<bool> started{false};
  w().set_runner([&started](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings& s) -> v1::Results {
    started = true;
    for (int i = 0; i < 4000 && !s.cancel->load(); ++i) QThread::msleep(5);
    if (s.cancel->load()) throw RunCancelled();
    return v1::Results();
  });
  const std::string before = w().shown_results().SerializeAsString();
  w().start_run_all();
  ASSERT_TRUE(w().busy());
  while (!started) QThread::msleep(1);
  w().cancel_run();
  ASSERT_TRUE(wait_idle(w()));
  EXPECT_EQ(w().shown_results().SerializeAsString(), before);
}
#endif

}  // namespace
}  // namespace salesim::viz
