// Workshop mode (`salesim-viz --workshop DIR`): a folder of team plan files (one per team, the
// base scenario they overlay beside them; viz/plans.h load_workshop_folder) run together on the
// same markets, the leaderboard full screen for the room, and a facilitator's debrief PDF.
//
// The folder is watched (QFileSystemWatcher): a new, changed or removed file reruns everything
// after a short quiet time (debounce, so an editor's save-in-steps is one rerun); a file that
// does not load is listed under the leaderboard and left out, never fatal. Runs are in the
// background with progress and cancel; a change during a run cancels it and starts over.
//
//   WorkshopWindow w("scenarios/workshop/teams");  w.showFullScreen();   // runs at once
//   w.write_debrief("debrief.pdf", &error);   // leaderboard, team hours, compare: 3 pages
#pragma once

#include <QImage>
#include <QMainWindow>
#include <QString>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "salesim/v1/results.pb.h"
#include "viz/plans.h"
#include "viz/whatif.h"

QT_BEGIN_NAMESPACE
class QFileSystemWatcher;
class QRect;
class QLabel;
class QPainter;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QThread;
class QTimer;
QT_END_NAMESPACE

namespace salesim::viz {

class ChartPageView;
class LeaderboardView;

// Writes the debrief: page 1 the leaderboard of `results` by `kpi` (empty: the default one),
// page 2 the team's hours by role and activity (offside, misplaced, covering in warm colours) of
// every plan, page 3 the compare chart; plans in leaderboard order and colours on every page.
// Landscape A4, vector. Atomic (the old file stays until the new one is complete). Returns false
// and sets *error ("PATH: reason") on failure.
bool write_debrief_pdf(const v1::Results& results, const std::string& kpi, const QString& title,
                       const QString& path, QString* error);
inline constexpr int kDebriefPages = 3;
// One debrief page (0 to kDebriefPages - 1) drawn into `area` of `painter`, or into an image (a
// preview, and what the tests look at).
void paint_debrief_page(const v1::Results& results, const std::string& kpi, const QString& title, int page,
                        QPainter& painter, const QRect& area);
QImage render_debrief_page(const v1::Results& results, const std::string& kpi, const QString& title, int page, QSize size);

class WorkshopWindow : public QMainWindow {
  Q_OBJECT

 public:
  // Watches `dir` and starts the first run (after the debounce) unless `start` is false.
  explicit WorkshopWindow(const QString& dir, QWidget* parent = nullptr, bool start = true);
  ~WorkshopWindow() override;

  void set_runner(PlanRunner runner) { runner_ = std::move(runner); }
  // Replications per plan (0: the base scenario's experiment.replications).
  void set_replications(std::uint32_t n);
  void set_debounce_ms(int ms);
  // The KPI the leaderboard ranks by once the first results arrive (--kpi); a KPI the results do
  // not have is reported as an error (last_error, kpi_refused) and the default kept.
  void set_rank_kpi(const std::string& kpi) { rank_kpi_ = kpi; }
  bool kpi_refused() const { return kpi_refused_; }

  // Reads the folder now and runs when a file changed since the last run (always with force).
  void rescan(bool force = false);
  void cancel_run() { cancel_ = true; }
  bool busy() const { return worker_ != nullptr; }
  int runs_finished() const { return runs_finished_; }
  const v1::Results& results() const { return results_; }
  const WorkshopFolder& folder() const { return folder_; }
  LeaderboardView* leaderboard() const { return board_; }
  // The last failure's whole reason (empty after a good run).
  const QString& last_error() const { return last_error_; }
  // Whether the window shows the stale banner (a rerun failed; the leaderboard is the previous
  // run's, if any), and its text. Failures never open a modal dialog.
  bool stale() const;
  QString stale_text() const;
  double last_run_seconds() const { return last_run_seconds_; }
  // The debrief of the latest results (write_debrief_pdf with the shown KPI).
  bool write_debrief(const QString& path, QString* error) const;

 signals:
  // On the GUI thread when a run ends (ok: the leaderboard shows it).
  void run_finished(bool ok);

 private:
  void start_run();
  void show_results();
  void report_error(const QString& message);
  void watch_files();
  std::string signature() const;

  QString dir_;
  PlanRunner runner_;
  QString last_error_;
  std::uint32_t replications_ = 0;
  std::string rank_kpi_;
  bool kpi_refused_ = false;
  WorkshopFolder folder_;
  v1::Results results_;
  std::string ran_signature_;  // the folder's files as last run
  bool pending_ = false;       // rerun when the current run ends
  int runs_finished_ = 0;
  double last_run_seconds_ = -1;

  QTabWidget* tabs_ = nullptr;
  LeaderboardView* board_ = nullptr;
  ChartPageView* team_page_ = nullptr;
  ChartPageView* compare_page_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* stale_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QSpinBox* replications_box_ = nullptr;
  QFileSystemWatcher* watcher_ = nullptr;
  QTimer* debounce_ = nullptr;
  QTimer* progress_timer_ = nullptr;
  QThread* worker_ = nullptr;
  std::atomic<bool> cancel_{false};
  std::atomic<std::uint64_t> progress_done_{0}, progress_total_{0};
  std::chrono::steady_clock::time_point run_start_;
};

// `salesim-viz --workshop DIR [--debrief OUT.pdf] [--screenshot OUT.png]` after the QApplication
// exists (`replications` 0: the base scenario's experiment.replications): full screen and interactive, or (with --debrief or
// --screenshot) one run, the file(s) written, and exit. Returns the exit status: 0, or 1 when the
// folder has no team or a file cannot be written.
// `kpi`: the leaderboard's Rank by (empty: the default); an unknown one returns 2.
int run_workshop_app(const QString& dir, std::uint32_t replications, const QString& debrief, const QString& screenshot,
                     const std::string& kpi = {});

}  // namespace salesim::viz
