// The salesim-viz main window: six chart tabs over one results set, File > Open (results.pb or
// a scenario, which is simulated in the background), drag and drop, per-tab export (PNG, SVG,
// CSV) and the what-if dock. Errors go to a dialog, never a crash.
//
//   MainWindow w;  w.open_path("out/results.pb");  w.show();
#pragma once

#include <QMainWindow>
#include <QString>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "viz/charts.h"
#include "viz/plans.h"
#include "viz/whatif.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QThread;
class QTimer;
class QDockWidget;
class QVBoxLayout;
QT_END_NAMESPACE

namespace salesim::viz {

class ChartPageView;
class LeaderboardView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a results.pb (shown at once) or a scenario file (simulated in the background).
  // Returns false and reports the error (dialog, or last_error() when dialogs are off).
  bool open_path(const QString& path);
  // Shows results directly (as loaded; also the what-if baseline).
  void show_results(const v1::Results& results, const QString& source);

  // Tests and headless use: report errors in last_error() instead of a modal dialog.
  void set_dialogs_enabled(bool enabled) { dialogs_ = enabled; }
  const QString& last_error() const { return last_error_; }
  const v1::Results& shown_results() const { return shown_; }
  bool busy() const { return worker_ != nullptr; }
  // Seconds the last background run took (what-if or scenario), or -1.
  double last_run_seconds() const { return last_run_seconds_; }

  // The what-if knobs as currently set in the dock; start_what_if() starts the background run.
  Knobs current_knobs() const;
  // Sets the dock's editors to `knobs` (matched by path; others keep their value).
  void set_knobs(const Knobs& knobs);
  // The field paths the dock offers (kWhatIfKnobPaths unless changed); rebuilds the dock. Each
  // knob's editor is named after its path (QObject::objectName), e.g. "team.cohorts[pm].count".
  void set_knob_paths(std::vector<std::string> paths);
  void start_what_if();
  void cancel_run();
  // Plans side by side (viz/plans.h): named plans over the loaded baseline, listed in the dock.
  // Selecting a plan shows its knobs in the dock's editors, and editing them changes that plan
  // (with no plan selected the editors are the single what-if of Run). Each returns false and
  // reports why (last_error()) when it cannot: a taken name, a file that does not load, ...
  const PlanBook& plan_book() const { return plans_; }
  int selected_plan() const;
  void select_plan(int index);  // -1: none
  bool add_plan(const QString& name = {});
  bool duplicate_plan(const QString& name = {});
  bool rename_plan(const QString& name);
  bool delete_plan();
  bool save_plan(const QString& path);
  bool open_plan(const QString& path);
  // Runs the baseline and every plan on the same markets (the baseline's seed, the dock's
  // replications) in the background, then shows the leaderboard tab, every chart in its order.
  void start_run_all();
  LeaderboardView* leaderboard() const { return board_; }
  // Replaces the simulation runner (tests use a fake).
  void set_runner(PlanRunner runner) {
    runner_ = std::move(runner);
    custom_runner_ = true;
  }

 signals:
  // Emitted on the GUI thread when a background run ends (ok = results shown).
  void run_finished(bool ok);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void build_menus();
  void build_what_if_dock();
  void fill_what_if_dock();
  void rebuild_pages();
  void report_error(const QString& message);
  void export_current(const QString& format);
  // Runs `job` on a worker thread; `done` gets its results on the GUI thread.
  void start_background(const QString& what, std::function<v1::Results(const RunSettings&)> job,
                        std::function<void(v1::Results)> done);
  void set_busy(bool busy);
  void build_plan_box(QWidget* parent, QVBoxLayout* layout);
  void refresh_plan_list();
  void store_editor_knobs();  // the editors' values into the selected plan
  bool plans_ready();         // a baseline the plans can use, else reports why

  v1::Results loaded_;  // as opened: the what-if baseline
  v1::Results shown_;   // loaded_ plus the latest what-if plan
  bool have_results_ = false;
  QString source_;
  ChartOptions options_;
  bool dialogs_ = true;
  QString last_error_;
  PlanRunner runner_;
  bool custom_runner_ = false;
  double last_run_seconds_ = -1;

  QTabWidget* tabs_ = nullptr;
  std::vector<ChartPageView*> pages_;
  QComboBox* sweep_kpi_ = nullptr;

  // What-if dock.
  QDockWidget* dock_ = nullptr;
  QWidget* knob_box_ = nullptr;
  std::vector<std::string> knob_paths_ = kWhatIfKnobPaths;
  // One editor per knob of base_knobs_, in order: a QCheckBox for a switch, else a QDoubleSpinBox.
  std::vector<QWidget*> knob_editors_;
  QSpinBox* replications_ = nullptr;
  QPushButton* run_button_ = nullptr;
  QPushButton* reset_button_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* run_label_ = nullptr;
  Knobs base_knobs_;
  PlanBook plans_;
  QListWidget* plan_list_ = nullptr;
  QPushButton* run_all_button_ = nullptr;
  std::vector<QPushButton*> plan_buttons_;  // need a selected plan
  LeaderboardView* board_ = nullptr;
  bool loading_knobs_ = false;
  bool shown_is_run_all_ = false;  // shown_ is the latest Run all, in leaderboard order  // set_knobs() in progress: editor changes are not edits

  QThread* worker_ = nullptr;
  QTimer* progress_timer_ = nullptr;
  std::atomic<bool> cancel_{false};
  std::atomic<std::uint64_t> progress_done_{0}, progress_total_{0};
  std::chrono::steady_clock::time_point run_start_;
};

}  // namespace salesim::viz
