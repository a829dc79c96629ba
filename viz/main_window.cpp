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

// " (days)" after a label, or nothing when the schema gives no unit.
QString unit_suffix(const Knob& k) { return k.unit.empty() ? QString() : " (" + QString::fromStdString(k.unit) + ")"; }

QString number(double v) { return QString::number(v, 'g', 10); }

// The editor of one knob, named after its path: a check box for a switch, else a spin box with the
// schema's range; a real in a closed range also gets a slider beside it (quick moves in a
// workshop; the spin box for exact values).
QWidget* knob_editor(const Knob& k, QWidget* parent, QWidget** editor_out) {
  const QString path = QString::fromStdString(k.path);
  QString tip = path;
  if (!k.toggle) {
    tip += QString(": %1 to %2").arg(k.min > -kOpenBound ? number(k.min) : "any", k.max < kOpenBound ? number(k.max) : "any");
    if (!k.unit.empty()) tip += " " + QString::fromStdString(k.unit);
  }
  if (k.toggle) {
    auto* check = new QCheckBox(QString::fromStdString(k.label), parent);
    check->setObjectName(path);
    check->setToolTip(tip);
    *editor_out = check;
    return check;
  }
  auto* spin = new QDoubleSpinBox(parent);
  spin->setObjectName(path);
  spin->setToolTip(tip);
  spin->setDecimals(k.decimals);
  spin->setRange(k.min, k.max);
  spin->setSingleStep(k.step);
  *editor_out = spin;
  if (k.integer || k.min <= -kOpenBound || k.max >= kOpenBound || k.max <= k.min) return spin;
  auto* box = new QWidget(parent);
  auto* row = new QHBoxLayout(box);
  row->setContentsMargins(0, 0, 0, 0);
  spin->setParent(box);
  box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  auto* slider = new QSlider(Qt::Horizontal, box);
  slider->setRange(0, 100);
  slider->setMinimumWidth(100);
  auto to_slider = [spin](double v) {
    return static_cast<int>(std::lround((v - spin->minimum()) / (spin->maximum() - spin->minimum()) * 100));
  };
  QObject::connect(slider, &QSlider::valueChanged, spin, [spin, to_slider](int v) {
    if (to_slider(spin->value()) != v) spin->setValue(spin->minimum() + (spin->maximum() - spin->minimum()) * v / 100);
  });
  QObject::connect(spin, &QDoubleSpinBox::valueChanged, slider, [slider, to_slider](double v) { slider->setValue(to_slider(v)); });
  row->addWidget(slider, 1);
  row->addWidget(spin);
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
  bar->addWidget(new QLabel(" Sweep / waterfall KPI: ", bar));
  sweep_kpi_ = new QComboBox(bar);
  sweep_kpi_->setMinimumContentsLength(18);
  bar->addWidget(sweep_kpi_);
  connect(sweep_kpi_, &QComboBox::currentTextChanged, this, [this](const QString& kpi) {
    if (kpi.isEmpty() || kpi.toStdString() == options_.sweep_kpi) return;
    options_.sweep_kpi = kpi.toStdString();
    if (!have_results_) return;
    for (ChartKind kind : {ChartKind::sweep, ChartKind::waterfall, ChartKind::sensitivity})
      pages_[static_cast<int>(kind)]->set_page(build_page(kind, shown_, options_));
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
  new QVBoxLayout(knob_box_);
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
  run_label_->setObjectName("run_label");
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
  knob_editors_.clear();
  base_knobs_.clear();
  auto* column = new QVBoxLayout(knob_box_);
  column->setContentsMargins(0, 0, 0, 0);
  QString why_not;
  if (!simulation_available() && !custom_runner_) why_not = "This build cannot simulate (no experiment layer).";
  else if (!have_results_) why_not = "Open a results file or a scenario first.";
  else if (loaded_.kind() == v1::Results::SWEEP) why_not = "The what-if panel works on a run or a compare, not a sweep.";
  else if (loaded_.plans(0).scenario().team().cohorts_size() == 0) why_not = "This file carries no scenario to re-run.";
  if (why_not.isEmpty()) {
    try {
      base_knobs_ = knobs_from_scenario(loaded_.plans(0).scenario(), knob_paths_);
      if (base_knobs_.empty()) why_not = "No knobs: this build has no scenario layer.";
    } catch (const std::exception& e) {
      why_not = "The knobs do not fit this scenario: " + QString::fromStdString(e.what());
    }
  }
  if (!why_not.isEmpty()) {
    base_knobs_.clear();
    auto* label = new QLabel(why_not, knob_box_);
    label->setWordWrap(true);
    column->addWidget(label);
    run_button_->setEnabled(false);
    reset_button_->setEnabled(false);
    return;
  }
  column->addWidget(new QLabel("Baseline: <b>" + QString::fromStdString(loaded_.plans(0).name()).toHtmlEscaped() + "</b>", knob_box_));
  // One form per group, so that each lines up its own labels: short element names stay beside
  // their spin boxes, long field labels go above theirs.
  QFormLayout* form = nullptr;
  const std::string* group = nullptr;
  for (const Knob& k : base_knobs_) {
    if (group == nullptr || *group != k.group) {
      group = &k.group;
      auto* heading = new QLabel("<b>" + QString::fromStdString(k.group).toHtmlEscaped() + "</b>" +
                                     (k.element ? unit_suffix(k).toHtmlEscaped() : QString()),
                                 knob_box_);
      heading->setContentsMargins(0, 8, 0, 0);
      column->addWidget(heading);
      form = new QFormLayout();
      form->setRowWrapPolicy(QFormLayout::WrapLongRows);
      form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
      column->addLayout(form);
    }
    QWidget* editor = nullptr;
    QWidget* field = knob_editor(k, knob_box_, &editor);
    knob_editors_.push_back(editor);
    if (k.toggle) {
      form->addRow(field);
    } else {
      auto* label = new QLabel(QString::fromStdString(k.label) + (k.element ? QString() : unit_suffix(k)), knob_box_);
      label->setBuddy(editor);
      label->setToolTip(editor->toolTip());
      form->addRow(label, field);
    }
  }
  set_knobs(base_knobs_);
  const auto n = replications_of(loaded_);
  if (n > 0) replications_->setValue(static_cast<int>(std::min<std::uint32_t>(n, 1000000)));
  run_button_->setEnabled(!busy());
  reset_button_->setEnabled(true);
}

void MainWindow::set_knob_paths(std::vector<std::string> paths) {
  knob_paths_ = std::move(paths);
  fill_what_if_dock();
}

Knobs MainWindow::current_knobs() const {
  Knobs k = base_knobs_;
  if (knob_editors_.size() != k.size()) return k;  // no knobs shown
  for (std::size_t i = 0; i < k.size(); ++i) {
    if (auto* check = qobject_cast<const QCheckBox*>(knob_editors_[i])) k[i].value = check->isChecked() ? 1 : 0;
    else if (auto* spin = qobject_cast<const QDoubleSpinBox*>(knob_editors_[i])) k[i].value = spin->value();
  }
  return k;
}

void MainWindow::set_knobs(const Knobs& knobs) {
  if (knob_editors_.size() != base_knobs_.size()) return;
  for (std::size_t i = 0; i < base_knobs_.size(); ++i) {
    const Knob* k = find_knob(knobs, base_knobs_[i].path);
    if (k == nullptr) continue;
    if (auto* check = qobject_cast<QCheckBox*>(knob_editors_[i])) check->setChecked(k->value != 0);
    else if (auto* spin = qobject_cast<QDoubleSpinBox*>(knob_editors_[i])) spin->setValue(k->value);
  }
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
  // Start on the waterfall of an attribution, else the comparison when there is one: that is what
  // a director opened it for.
  tabs_->setCurrentIndex(results.has_backtest()            ? static_cast<int>(ChartKind::backtest)
                         : results.sensitivity_size() > 0    ? static_cast<int>(ChartKind::sensitivity)
                         : results.attributions_size() > 0 ? static_cast<int>(ChartKind::waterfall)
                         : results.comparisons_size() > 0 ? static_cast<int>(ChartKind::compare)
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
  if (knob_editors_.empty()) {
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
  run_button_->setEnabled(!busy && have_results_ && !knob_editors_.empty());
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
