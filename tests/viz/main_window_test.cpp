// The main window, offscreen: bad files end in an error message (a dialog in real use), never a
// crash; a good file fills every tab; the what-if panel runs in the background and shows the new
// plan beside the unchanged baseline.
#include <gtest/gtest.h>

#include <QCheckBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QMimeData>
#include <QTabWidget>
#include <QUrl>
#include <QtCharts/QChartView>
#include <QThread>

#include <fstream>

#include "tests/viz/viz_test_support.h"
#include "viz/main_window.h"

namespace salesim::viz {
namespace {

class MainWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ensure_app();
    dir_ = testing::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  static bool wait_idle(const MainWindow& w) {
    QElapsedTimer timer;
    timer.start();
    while (w.busy() && timer.elapsed() < 20000) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
      QThread::msleep(5);
    }
    QCoreApplication::processEvents();
    return !w.busy();
  }
  std::string dir_;
};

TEST_F(MainWindowTest, TruncatedFileGivesAnErrorAndKeepsTheWindowUsable) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  const std::string bytes = testing::synthetic_compare(2, 20).SerializeAsString();
  EXPECT_FALSE(w.open_path(QString::fromStdString(write("cut.pb", bytes.substr(0, bytes.size() / 3)))));
  EXPECT_TRUE(w.last_error().contains("cut.pb")) << w.last_error().toStdString();
  EXPECT_TRUE(w.open_path(QString::fromStdString(write("good.pb", bytes))));
  EXPECT_EQ(w.shown_results().plans_size(), 2);
}

// The what-if panel needs the scenario layer (knobs are its field paths).
#ifdef SALESIM_VIZ_HAS_LOADER
TEST_F(MainWindowTest, WhatIfRunShowsTheNewPlanBesideTheBaseline) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  int calls = 0;
  w.set_runner([&calls](const std::vector<v1::Scenario>& plans, const std::vector<std::string>& names, const RunSettings&) {
    ++calls;
    v1::Results r = testing::synthetic_compare(2, 20);
    r.mutable_plans(1)->set_name(names[1]);
    r.mutable_comparisons(0)->set_plan(names[1]);
    *r.mutable_plans(1)->mutable_scenario() = plans[1];
    return r;
  });
  const v1::Results baseline = testing::synthetic_run(20);
  w.show_results(baseline, "baseline.pb");
  // As a user does it: one more PM in the spin box, offside switched on.
  auto* pm = w.findChild<QDoubleSpinBox*>("team.cohorts[pm].count");
  auto* offside = w.findChild<QCheckBox*>("formation.offside.enabled");
  ASSERT_NE(pm, nullptr);
  ASSERT_NE(offside, nullptr);
  EXPECT_EQ(pm->value(), 3);
  pm->setValue(4);
  offside->setChecked(true);
  EXPECT_EQ(find_knob(w.current_knobs(), "team.cohorts[pm].count")->value, 4);
  w.start_what_if();
  ASSERT_TRUE(wait_idle(w));
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(w.last_error().isEmpty()) << w.last_error().toStdString();
  const auto& shown = w.shown_results();
  ASSERT_EQ(shown.plans_size(), 2);
  EXPECT_EQ(shown.plans(0).SerializeAsString(), baseline.plans(0).SerializeAsString());
  EXPECT_EQ(shown.plans(1).scenario().team().cohorts(1).count(), 4u);
  EXPECT_TRUE(shown.plans(1).scenario().formation().offside().enabled());
  EXPECT_TRUE(w.findChild<QLabel*>("run_label")->text().contains("pm 3→4, offside on"));
  EXPECT_GE(w.last_run_seconds(), 0.0);
}

// The label beside an editor (QFormLayout's buddy), or nullptr.
QLabel* label_of(const MainWindow& w, const QWidget* editor) {
  for (QLabel* label : w.findChildren<QLabel*>())
    if (label->buddy() == editor) return label;
  return nullptr;
}

TEST_F(MainWindowTest, EachKnobHasAnEditorWithTheSchemasRangeAndUnit) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  w.set_runner([](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings&) { return v1::Results(); });
  w.show_results(testing::synthetic_run(20), "baseline.pb");
  const Knobs knobs = w.current_knobs();
  ASSERT_EQ(knobs.size(), 12u);
  for (const Knob& k : knobs) {
    SCOPED_TRACE(k.path);
    const QString name = QString::fromStdString(k.path);
    if (k.toggle) {
      auto* check = w.findChild<QCheckBox*>(name);
      ASSERT_NE(check, nullptr);
      EXPECT_EQ(check->text().toStdString(), k.label);
      continue;
    }
    auto* spin = w.findChild<QDoubleSpinBox*>(name);
    ASSERT_NE(spin, nullptr);
    EXPECT_DOUBLE_EQ(spin->minimum(), k.min);
    EXPECT_DOUBLE_EQ(spin->maximum(), k.max);
    EXPECT_DOUBLE_EQ(spin->singleStep(), k.step);
    EXPECT_EQ(spin->decimals(), k.decimals);
    EXPECT_DOUBLE_EQ(spin->value(), k.value);
    QLabel* label = label_of(w, spin);
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().startsWith(QString::fromStdString(k.label))) << label->text().toStdString();
  }
  EXPECT_EQ(label_of(w, w.findChild<QDoubleSpinBox*>("formation.covering.wait_days"))->text(),
            "Wait before the manager covers (days)");
  auto* share = w.findChild<QDoubleSpinBox*>("formation.offside.am_share");
  EXPECT_EQ(share->minimum(), 0);
  EXPECT_EQ(share->maximum(), 1);
}

TEST_F(MainWindowTest, AKnobAddedInOneLineAppearsInThePanel) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  w.set_runner([](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings&) { return v1::Results(); });
  w.show_results(testing::synthetic_run(20), "baseline.pb");
  EXPECT_EQ(w.findChild<QDoubleSpinBox*>("formation.covering.mentoring_cut_share"), nullptr);
  std::vector<std::string> paths = kWhatIfKnobPaths;
  paths.push_back("formation.covering.mentoring_cut_share");
  w.set_knob_paths(paths);
  auto* spin = w.findChild<QDoubleSpinBox*>("formation.covering.mentoring_cut_share");
  ASSERT_NE(spin, nullptr);
  EXPECT_DOUBLE_EQ(spin->value(), 0.0);  // the schema default
  EXPECT_EQ(spin->maximum(), 1);
  ASSERT_NE(label_of(w, spin), nullptr);
  EXPECT_EQ(label_of(w, spin)->text(), "Mentoring lost per covered deal (share)");
  EXPECT_EQ(w.current_knobs().size(), 13u);
}

TEST_F(MainWindowTest, AKnobThatDoesNotFitTheScenarioIsReportedInThePanel) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  w.set_runner([](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings&) { return v1::Results(); });
  w.set_knob_paths({"team.cohorts[nobody].count"});
  w.show_results(testing::synthetic_run(20), "baseline.pb");
  EXPECT_TRUE(w.current_knobs().empty());
  w.start_what_if();
  EXPECT_FALSE(w.busy());
  EXPECT_FALSE(w.last_error().isEmpty());
}

TEST_F(MainWindowTest, FailingRunEndsInAnErrorNotACrash) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  w.set_runner([](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings&) -> v1::Results {
    throw std::runtime_error("model says no");
  });
  w.show_results(testing::synthetic_run(20), "baseline.pb");
  w.start_what_if();
  ASSERT_TRUE(wait_idle(w));
  EXPECT_TRUE(w.last_error().contains("model says no"));
  EXPECT_EQ(w.shown_results().plans_size(), 1);
}

TEST_F(MainWindowTest, CancelStopsARunAndKeepsWhatWasShown) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  std::atomic<bool> started{false};
  w.set_runner([&started](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings& s) -> v1::Results {
    started = true;
    for (int i = 0; i < 2000 && !s.cancel->load(); ++i) QThread::msleep(5);  // a long run
    if (s.cancel->load()) throw RunCancelled();
    return testing::synthetic_compare(2, 20);
  });
  const v1::Results baseline = testing::synthetic_run(20);
  w.show_results(baseline, "baseline.pb");
  w.start_what_if();
  ASSERT_TRUE(w.busy());
  while (!started) QThread::msleep(1);
  w.cancel_run();
  ASSERT_TRUE(wait_idle(w));
  EXPECT_TRUE(w.last_error().isEmpty()) << w.last_error().toStdString();
  EXPECT_EQ(w.shown_results().SerializeAsString(), baseline.SerializeAsString());
}

#endif

TEST_F(MainWindowTest, WhatIfOnASweepIsRefusedWithAMessage) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  int calls = 0;
  w.set_runner([&calls](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings&) {
    ++calls;
    return v1::Results();
  });
  w.show_results(testing::synthetic_sweep(false, 5), "sweep.pb");
  w.start_what_if();
  EXPECT_FALSE(w.busy());
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(w.last_error().isEmpty());
}

TEST_F(MainWindowTest, AnAttributionOpensOnItsWaterfallAndACompareOnTheComparison) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  auto* tabs = w.findChild<QTabWidget*>();
  ASSERT_NE(tabs, nullptr);
  // One tab per chart, then the leaderboard (issue 15).
  ASSERT_EQ(tabs->count(), static_cast<int>(kAllCharts.size()) + 1);
  EXPECT_EQ(tabs->widget(tabs->count() - 1)->objectName(), "leaderboard");
  w.show_results(testing::synthetic_attribution(), "attribution.pb");
  EXPECT_EQ(tabs->tabText(tabs->currentIndex()), "Waterfall");
  w.show_results(testing::synthetic_compare(2, 10), "compare.pb");
  EXPECT_EQ(tabs->tabText(tabs->currentIndex()), "Compare");
}

TEST_F(MainWindowTest, DroppingAResultsFileOpensIt) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  w.show();
  const auto path = write("dropped.pb", testing::synthetic_compare(3, 10).SerializeAsString());
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(path))});
  // As a real drag does: enter (the window accepts it), then drop.
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&w, &enter);
  ASSERT_TRUE(enter.isAccepted());
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&w, &drop);
  EXPECT_EQ(w.shown_results().plans_size(), 3);
  EXPECT_TRUE(w.last_error().isEmpty());
}

#ifdef SALESIM_VIZ_HAS_RUNNER
// Opening a scenario simulates it in the background, then shows it; a broken scenario ends in the
// loader's message (file:line:col), not a crash.
TEST_F(MainWindowTest, OpeningAScenarioSimulatesItInTheBackground) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  ASSERT_TRUE(w.open_path(QString(SALESIM_SOURCE_ROOT) + "/scenarios/golden_triangle.txtpb"));
  ASSERT_TRUE(wait_idle(w));
  EXPECT_TRUE(w.last_error().isEmpty()) << w.last_error().toStdString();
  ASSERT_EQ(w.shown_results().plans_size(), 1);
  EXPECT_EQ(w.shown_results().plans(0).name(), "golden_triangle");
  EXPECT_GT(w.shown_results().plans(0).points(0).summaries(0).n(), 0u);
}

TEST_F(MainWindowTest, BrokenScenarioGivesTheLoadersMessage) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  const auto path = write("broken.txtpb", "name: \"x\"\nteam { cohorts { count: \"many\" } }\n");
  w.open_path(QString::fromStdString(path));
  ASSERT_TRUE(wait_idle(w));
  EXPECT_TRUE(w.last_error().contains("broken.txtpb:2")) << w.last_error().toStdString();
  EXPECT_EQ(w.shown_results().plans_size(), 0);
}

// The collapsed-chart bug (issue 15): after a what-if run, or opening a file, a chart of a page
// came out a sliver until the tab was switched, because the page split its space by the chart
// views' size hints (which follow each chart's last size) instead of fixed stretch factors. The
// charts' geometry right after the run must equal their geometry after a tab switch, and be the
// page's fixed split: two charts side by side half and half, a 3-chart page 3:2 with the right
// column's two charts one above the other in equal halves.
std::vector<QRect> chart_geometry(QTabWidget* tabs, int index) {
  std::vector<QRect> out;
  for (auto* view : tabs->widget(index)->findChildren<QChartView*>()) out.push_back(view->geometry());
  return out;
}

void settle() {
  for (int i = 0; i < 10; ++i) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    QThread::msleep(2);
  }
}

TEST_F(MainWindowTest, ChartsKeepTheirGeometryAfterARunAndATabSwitch) {
  MainWindow w;
  w.set_dialogs_enabled(false);
  w.set_runner([](const std::vector<v1::Scenario>& plans, const std::vector<std::string>& names, const RunSettings&) {
    v1::Results r = testing::synthetic_compare(2, 20);
    r.mutable_plans(1)->set_name(names[1]);
    r.mutable_comparisons(0)->set_plan(names[1]);
    *r.mutable_plans(1)->mutable_scenario() = plans[1];
    return r;
  });
  w.resize(1500, 950);
  w.show();
  settle();
  auto* tabs = w.findChild<QTabWidget*>();
  ASSERT_NE(tabs, nullptr);
  const int compare = static_cast<int>(ChartKind::compare), team = static_cast<int>(ChartKind::team);
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round == 0 ? "after opening" : "after a what-if run");
    if (round == 0) {
      w.show_results(testing::synthetic_run(20), "baseline.pb");
    } else {
      // Narrower than when the pages were first laid out, as when the dock grows.
      w.resize(1300, 950);
      settle();
      w.start_what_if();
      ASSERT_TRUE(wait_idle(w));
    }
    settle();
    for (int tab : {team, compare}) {
      SCOPED_TRACE(tab);
      tabs->setCurrentIndex(tab);
      settle();
      const std::vector<QRect> after_run = chart_geometry(tabs, tab);
      tabs->setCurrentIndex(0);
      settle();
      tabs->setCurrentIndex(tab);
      settle();
      EXPECT_EQ(chart_geometry(tabs, tab), after_run);
      const QSize page = tabs->widget(tab)->size();
      ASSERT_FALSE(after_run.empty());
      if (after_run.size() == 2) {  // side by side, half and half
        EXPECT_NEAR(after_run[0].width(), page.width() / 2, 1);
        EXPECT_NEAR(after_run[1].width(), page.width() / 2, 1);
      } else if (after_run.size() == 3) {  // 3:2, the right column in halves
        EXPECT_NEAR(after_run[0].width(), page.width() * 3 / 5, 2);
        EXPECT_NEAR(after_run[1].height(), page.height() / 2, 1);
        EXPECT_NEAR(after_run[2].height(), page.height() / 2, 1);
      }
      for (const QRect& r : after_run) EXPECT_GT(r.width(), page.width() / 4) << "a sliver";
    }
  }
}
#endif

}  // namespace
}  // namespace salesim::viz
