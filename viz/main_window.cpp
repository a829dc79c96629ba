#include "viz/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "viz/page_view.h"
#include "viz/results_io.h"

namespace salesim::viz {
namespace {

QString role_label(v1::Role role) {
  switch (role) {
    case v1::ACCOUNT_MANAGER: return "AM";
    case v1::PROJECT_MANAGER: return "PM";
    case v1::PRESALES: return "Presales";
    case v1::MANAGER: return "Manager";
    default: return "?";
  }
}

// A share in [0, 1] as a spin box with a slider beside it (the slider for quick moves in a
// workshop, the spin box for exact values).
QWidget* share_editor(QDoubleSpinBox** spin_out, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* row = new QHBoxLayout(box);
  row->setContentsMargins(0, 0, 0, 0);
  auto* slider = new QSlider(Qt::Horizontal, box);
  slider->setRange(0, 100);
  auto* spin = new QDoubleSpinBox(box);
  spin->setRange(0, 1);
  spin->setSingleStep(0.05);
  spin->setDecimals(2);
  QObject::connect(slider, &QSlider::valueChanged, spin, [spin](int v) {
    if (std::lround(spin->value() * 100) != v) spin->setValue(v / 100.0);
  });
  QObject::connect(spin, &QDoubleSpinBox::valueChanged, slider,
                   [slider](double v) { slider->setValue(static_cast<int>(std::lround(v * 100))); });
  row->addWidget(slider, 1);
  row->addWidget(spin);
  *spin_out = spin;
  return box;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), runner_(default_runner()) {
  setWindowTitle("salesim-viz");
  setAcceptDrops(true);
  resize(1500, 950);
  tabs_ = new QTabWidget(this);
  v1::Results empty;
  for (ChartKind kind : kAllCharts) {
    ChartPage page;
    page.kind = kind;
    auto* view = new ChartPageView(std::move(page), tabs_);
    pages_.push_back(view);
    tabs_->addTab(view, QString::fromStdString(chart_caption(kind)));
  }
  QFont tab_font = tabs_->font();
  tab_font.setPointSize(tab_font.pointSize() + 3);
  tabs_->setFont(tab_font);
  setCentralWidget(tabs_);
  build_menus();
  build_what_if_dock();
  progress_timer_ = new QTimer(this);
  progress_timer_->setInterval(100);
  connect(progress_timer_, &QTimer::timeout, this, [this] {
    const auto total = progress_total_.load();
    progress_->setMaximum(total > 0 ? static_cast<int>(std::min<std::uint64_t>(total, 1u << 30)) : 0);
    progress_->setValue(static_cast<int>(std::min<std::uint64_t>(progress_done_.load(), 1u << 30)));
  });
  statusBar()->showMessage("Open a results.pb or a scenario (File › Open, or drop it here)");
}

MainWindow::~MainWindow() {
  if (worker_) {
    cancel_ = true;
    worker_->wait();
    delete worker_;
  }
}

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu("&File");
  QAction* open = file->addAction("&Open…", this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, "Open results or scenario", QString(),
        "salesim files (*.pb *.txtpb *.textproto *.pbtxt *.json);;All files (*)");
    if (!path.isEmpty()) open_path(path);
  });
  open->setShortcut(QKeySequence::Open);
  file->addSeparator();
  file->addAction("Export chart as &PNG…", this, [this] { export_current("png"); });
  file->addAction("Export chart as &SVG…", this, [this] { export_current("svg"); });
  file->addAction("Export chart data as &CSV…", this, [this] { export_current("csv"); });
  file->addSeparator();
  QAction* quit = file->addAction("&Quit", this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QToolBar* bar = addToolBar("Charts");
  bar->addAction("Open…", this, [open] { open->trigger(); });
  bar->addAction("PNG", this, [this] { export_current("png"); });
  bar->addAction("SVG", this, [this] { export_current("svg"); });
  bar->addAction("CSV", this, [this] { export_current("csv"); });
  bar->addSeparator();
  bar->addWidget(new QLabel(" Sweep KPI: ", bar));
  sweep_kpi_ = new QComboBox(bar);
  sweep_kpi_->setMinimumContentsLength(18);
  bar->addWidget(sweep_kpi_);
  connect(sweep_kpi_, &QComboBox::currentTextChanged, this, [this](const QString& kpi) {
    if (kpi.isEmpty() || kpi.toStdString() == options_.sweep_kpi) return;
    options_.sweep_kpi = kpi.toStdString();
    if (have_results_) pages_[static_cast<int>(ChartKind::sweep)]->set_page(build_page(ChartKind::sweep, shown_, options_));
  });
}

void MainWindow::build_what_if_dock() {
  dock_ = new QDockWidget("What-if", this);
  dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  auto* scroll = new QScrollArea(dock_);
  scroll->setWidgetResizable(true);
  auto* content = new QWidget(scroll);
  auto* layout = new QVBoxLayout(content);
  knob_box_ = new QWidget(content);
  new QFormLayout(knob_box_);
  layout->addWidget(knob_box_);
  auto* runs = new QFormLayout();
  replications_ = new QSpinBox(content);
  replications_->setRange(10, 1000000);
  replications_->setSingleStep(100);
  replications_->setValue(1000);
  runs->addRow("Replications", replications_);
  layout->addLayout(runs);
  auto* buttons = new QHBoxLayout();
  run_button_ = new QPushButton("Run", content);
  reset_button_ = new QPushButton("Reset", content);
  cancel_button_ = new QPushButton("Cancel", content);
  buttons->addWidget(run_button_);
  buttons->addWidget(reset_button_);
  buttons->addWidget(cancel_button_);
  layout->addLayout(buttons);
  progress_ = new QProgressBar(content);
  progress_->setRange(0, 1);
  progress_->setValue(0);
  layout->addWidget(progress_);
  run_label_ = new QLabel(content);
  run_label_->setWordWrap(true);
  layout->addWidget(run_label_);
  layout->addStretch(1);
  scroll->setWidget(content);
  dock_->setWidget(scroll);
  dock_->setMinimumWidth(330);
  addDockWidget(Qt::RightDockWidgetArea, dock_);
  connect(run_button_, &QPushButton::clicked, this, &MainWindow::start_what_if);
  connect(reset_button_, &QPushButton::clicked, this, [this] { set_knobs(base_knobs_); });
  connect(cancel_button_, &QPushButton::clicked, this, &MainWindow::cancel_run);
  set_busy(false);
  fill_what_if_dock();
}

void MainWindow::fill_what_if_dock() {
  // Rebuild the knob form for the loaded baseline.
  delete knob_box_->layout();
  qDeleteAll(knob_box_->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
  cohort_spins_.clear();
  competitor_spins_.clear();
  offside_on_ = misplaced_on_ = covering_on_ = nullptr;
  offside_share_ = misplaced_share_ = covering_wait_ = nullptr;
  offside_queue_ = nullptr;
  base_knobs_ = Knobs{};
  auto* form = new QFormLayout(knob_box_);
  QString why_not;
  if (!simulation_available() && !custom_runner_) why_not = "This build cannot simulate (no experiment layer).";
  else if (!have_results_) why_not = "Open a results file or a scenario first.";
  else if (loaded_.kind() == v1::Results::SWEEP) why_not = "The what-if panel works on a run or a compare, not a sweep.";
  else if (loaded_.plans(0).scenario().team().cohorts_size() == 0) why_not = "This file carries no scenario to re-run.";
  if (!why_not.isEmpty()) {
    auto* label = new QLabel(why_not, knob_box_);
    label->setWordWrap(true);
    form->addRow(label);
    run_button_->setEnabled(false);
    reset_button_->setEnabled(false);
    return;
  }
  const v1::Scenario& s = loaded_.plans(0).scenario();
  base_knobs_ = knobs_from_scenario(s);
  form->addRow(new QLabel("<b>Head count</b> (baseline: " + QString::fromStdString(loaded_.plans(0).name()) + ")", knob_box_));
  for (const auto& c : base_knobs_.cohorts) {
    auto* spin = new QSpinBox(knob_box_);
    spin->setRange(0, 500);
    form->addRow(role_label(c.role) + " · " + QString::fromStdString(c.name), spin);
    cohort_spins_.push_back(spin);
  }
  form->addRow(new QLabel("<b>Offside</b> (AM does PM/presales work)", knob_box_));
  offside_on_ = new QCheckBox("enabled", knob_box_);
  form->addRow(offside_on_);
  form->addRow("AM share", share_editor(&offside_share_, knob_box_));
  offside_queue_ = new QSpinBox(knob_box_);
  offside_queue_->setRange(0, 1000);
  offside_queue_->setSpecialValueText("off");
  form->addRow("Queue trigger (deals)", offside_queue_);
  form->addRow(new QLabel("<b>Misplaced</b> (PM hunts)", knob_box_));
  misplaced_on_ = new QCheckBox("enabled", knob_box_);
  form->addRow(misplaced_on_);
  form->addRow("PM hunting share", share_editor(&misplaced_share_, knob_box_));
  form->addRow(new QLabel("<b>Covering</b> (manager runs deals)", knob_box_));
  covering_on_ = new QCheckBox("enabled", knob_box_);
  form->addRow(covering_on_);
  covering_wait_ = new QDoubleSpinBox(knob_box_);
  covering_wait_->setRange(0, 365);
  covering_wait_->setSuffix(" days");
  form->addRow("Wait before covering", covering_wait_);
  if (!base_knobs_.competitors.empty()) form->addRow(new QLabel("<b>Competitor strength</b>", knob_box_));
  for (const auto& c : base_knobs_.competitors) {
    auto* spin = new QDoubleSpinBox(knob_box_);
    spin->setRange(-10, 10);
    spin->setSingleStep(0.1);
    form->addRow(QString::fromStdString(c.name), spin);
    competitor_spins_.push_back(spin);
  }
  set_knobs(base_knobs_);
  const auto n = replications_of(loaded_);
  if (n > 0) replications_->setValue(static_cast<int>(std::min<std::uint32_t>(n, 1000000)));
  run_button_->setEnabled(!busy());
  reset_button_->setEnabled(true);
}

Knobs MainWindow::current_knobs() const {
  Knobs k = base_knobs_;
  if (!offside_on_ || cohort_spins_.size() != k.cohorts.size()) return k;  // no knobs shown
  for (std::size_t i = 0; i < k.cohorts.size(); ++i) k.cohorts[i].count = static_cast<std::uint32_t>(cohort_spins_[i]->value());
  k.offside_enabled = offside_on_->isChecked();
  k.offside_am_share = offside_share_->value();
  k.offside_queue_threshold = static_cast<std::uint32_t>(offside_queue_->value());
  k.misplaced_enabled = misplaced_on_->isChecked();
  k.misplaced_pm_hunting_share = misplaced_share_->value();
  k.covering_enabled = covering_on_->isChecked();
  k.covering_wait_days = covering_wait_->value();
  for (std::size_t i = 0; i < k.competitors.size() && i < competitor_spins_.size(); ++i)
    k.competitors[i].strength = competitor_spins_[i]->value();
  return k;
}

void MainWindow::set_knobs(const Knobs& k) {
  if (!offside_on_ || cohort_spins_.size() != k.cohorts.size()) return;
  for (std::size_t i = 0; i < k.cohorts.size(); ++i) cohort_spins_[i]->setValue(static_cast<int>(k.cohorts[i].count));
  offside_on_->setChecked(k.offside_enabled);
  offside_share_->setValue(k.offside_am_share);
  offside_queue_->setValue(static_cast<int>(k.offside_queue_threshold));
  misplaced_on_->setChecked(k.misplaced_enabled);
  misplaced_share_->setValue(k.misplaced_pm_hunting_share);
  covering_on_->setChecked(k.covering_enabled);
  covering_wait_->setValue(k.covering_wait_days);
  for (std::size_t i = 0; i < k.competitors.size() && i < competitor_spins_.size(); ++i)
    competitor_spins_[i]->setValue(k.competitors[i].strength);
}

bool MainWindow::open_path(const QString& path) {
  if (busy()) {
    report_error("A simulation is running; cancel it first.");
    return false;
  }
  const std::string p = path.toStdString();
  if (looks_like_scenario_path(p)) {
    if (!simulation_available()) {
      report_error(path + ": this salesim-viz was built without the simulator; open a results.pb instead.");
      return false;
    }
    PlanRunner runner = runner_;
    start_background(
        "Simulating " + QFileInfo(path).fileName(),
        [p, runner](const RunSettings& s) { return run_scenario_file(p, s, runner); },
        [this, path](v1::Results r) { show_results(r, path); });
    return true;
  }
  try {
    show_results(load_results(p), path);
    return true;
  } catch (const std::exception& e) {
    report_error(QString::fromStdString(e.what()));
    return false;
  }
}

void MainWindow::show_results(const v1::Results& results, const QString& source) {
  loaded_ = results;
  shown_ = results;
  have_results_ = true;
  source_ = source;
  setWindowTitle("salesim-viz — " + QFileInfo(source).fileName());
  {
    const QSignalBlocker block(sweep_kpi_);
    sweep_kpi_->clear();
    for (const auto& k : results.kpis()) sweep_kpi_->addItem(QString::fromStdString(k.name()));
    const int i = sweep_kpi_->findText(QString::fromStdString(options_.sweep_kpi));
    if (i >= 0) sweep_kpi_->setCurrentIndex(i);
  }
  rebuild_pages();
  fill_what_if_dock();
  run_label_->clear();
  statusBar()->showMessage(QString("%1: %2 plan(s), %3 runs each").arg(source).arg(results.plans_size()).arg(replications_of(results)));
  // Start on the comparison when there is one: that is what a director opened it for.
  tabs_->setCurrentIndex(results.comparisons_size() > 0 ? static_cast<int>(ChartKind::compare)
                         : results.kind() == v1::Results::SWEEP ? static_cast<int>(ChartKind::sweep) : 0);
}

void MainWindow::rebuild_pages() {
  for (ChartPageView* view : pages_) {
    try {
      view->set_page(build_page(view->kind(), shown_, options_));
    } catch (const std::exception& e) {
      report_error(QString::fromStdString(e.what()));
    }
  }
}

void MainWindow::start_what_if() {
  if (!have_results_ || busy()) return;
  if (!offside_on_) {
    report_error("The what-if panel is not available for this file (see the panel).");
    return;
  }
  const Knobs knobs = current_knobs();
  const v1::Results baseline = loaded_;
  const auto replications = static_cast<std::uint32_t>(replications_->value());
  PlanRunner runner = runner_;
  const std::string change = describe_change(base_knobs_, knobs);
  start_background(
      "What-if",
      [baseline, knobs, replications, runner](RunSettings s) {
        s.replications = replications;
        return run_what_if(baseline, knobs, s, runner);
      },
      [this, change](v1::Results r) {
        shown_ = std::move(r);
        rebuild_pages();
        run_label_->setText(QString("What-if (%1) took %2 s for %3 runs of each plan.")
                                .arg(QString::fromStdString(change))
                                .arg(last_run_seconds_, 0, 'f', 2)
                                .arg(replications_of(shown_)));
        tabs_->setCurrentIndex(static_cast<int>(ChartKind::compare));
      });
}

void MainWindow::cancel_run() { cancel_ = true; }

void MainWindow::start_background(const QString& what, std::function<v1::Results(const RunSettings&)> job,
                                  std::function<void(v1::Results)> done) {
  if (worker_) return;
  struct Outcome {
    v1::Results results;
    bool ok = false, cancelled = false;
    std::string error;
  };
  auto outcome = std::make_shared<Outcome>();
  cancel_ = false;
  progress_done_ = 0;
  progress_total_ = 0;
  RunSettings settings;
  settings.cancel = &cancel_;
  settings.on_progress = [this](std::uint64_t d, std::uint64_t t) {
    progress_done_ = d;
    progress_total_ = t;
  };
  worker_ = QThread::create([outcome, job, settings] {
    try {
      outcome->results = job(settings);
      outcome->ok = true;
    } catch (const RunCancelled&) {
      outcome->cancelled = true;
    } catch (const std::exception& e) {
      outcome->error = e.what();
    } catch (...) {
      outcome->error = "unknown error";
    }
  });
  connect(worker_, &QThread::finished, this, [this, outcome, done, what] {
    worker_->deleteLater();
    worker_ = nullptr;
    last_run_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start_).count();
    set_busy(false);
    if (outcome->ok) {
      statusBar()->showMessage(QString("%1: done in %2 s").arg(what).arg(last_run_seconds_, 0, 'f', 2));
      done(std::move(outcome->results));
      emit run_finished(true);
    } else if (outcome->cancelled) {
      statusBar()->showMessage(what + ": cancelled");
      run_label_->setText(what + " cancelled.");
      emit run_finished(false);
    } else {
      report_error(what + " failed:\n" + QString::fromStdString(outcome->error));
      emit run_finished(false);
    }
  });
  run_start_ = std::chrono::steady_clock::now();
  statusBar()->showMessage(what + "…");
  set_busy(true);
  worker_->start();
}

void MainWindow::set_busy(bool busy) {
  run_button_->setEnabled(!busy && have_results_ && cohort_spins_.size() > 0);
  cancel_button_->setEnabled(busy);
  if (busy) {
    progress_->setRange(0, 0);  // indeterminate until the first report
    progress_timer_->start();
  } else {
    if (progress_timer_) progress_timer_->stop();
    progress_->setRange(0, 1);
    progress_->setValue(progress_total_ > 0 && progress_done_ >= progress_total_ ? 1 : 0);
  }
}

void MainWindow::report_error(const QString& message) {
  last_error_ = message;
  statusBar()->showMessage(message.section('\n', 0, 0));
  if (dialogs_) QMessageBox::critical(this, "salesim-viz", message);
}

void MainWindow::export_current(const QString& format) {
  if (!have_results_) {
    report_error("Nothing to export: open a results file first.");
    return;
  }
  const auto kind = pages_[static_cast<std::size_t>(tabs_->currentIndex())]->kind();
  const QString name = QString::fromStdString(std::string(chart_name(kind)));
  const QString filter = format == "png" ? "PNG image (*.png)" : format == "svg" ? "SVG drawing (*.svg)" : "CSV table (*.csv)";
  QString path = QFileDialog::getSaveFileName(this, "Export " + name, name + "." + format, filter);
  if (path.isEmpty()) return;
  QString error;
  bool ok = false;
  if (format == "csv") {
    ok = save_csv(pages_[static_cast<std::size_t>(tabs_->currentIndex())]->data(), path, &error);
  } else {
    // Export a fresh page at the projector size, whatever the window size is.
    ChartPageView page(build_page(kind, shown_, options_));
    ok = format == "png" ? save_png(page, kDefaultRenderSize, path, &error)
                         : save_svg(page, kDefaultRenderSize, path, name, &error);
  }
  if (!ok) report_error(error);
  else statusBar()->showMessage("Wrote " + path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) {
    report_error("Drop a local results.pb or scenario file.");
    return;
  }
  event->acceptProposedAction();
  open_path(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (worker_) {
    cancel_ = true;
    worker_->wait();
  }
  event->accept();
}

}  // namespace salesim::viz
