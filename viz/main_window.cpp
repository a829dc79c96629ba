#include "viz/main_window.h"

#include "viz/knob_text.h"

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
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
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

#include "viz/leaderboard_view.h"
#include "viz/page_view.h"
#include "viz/results_io.h"
#include "viz/workshop_window.h"

namespace salesim::viz {
namespace {

// " (days)" after a label, or nothing when the schema gives no unit.
QString unit_suffix(const Knob& k) { return k.unit.empty() ? QString() : " (" + knob_text(k.unit) + ")"; }

QString number(double v) { return QString::number(v, 'g', 10); }

// The editor of one knob, named after its path: a check box for a switch, else a spin box with the
// schema's range; a real in a closed range also gets a slider beside it (quick moves in a
// workshop; the spin box for exact values).
QWidget* knob_editor(const Knob& k, QWidget* parent, QWidget** editor_out) {
  const QString path = QString::fromStdString(k.path);
  QString tip = path;
  if (!k.toggle) {
    tip += MainWindow::tr(": %1 to %2").arg(k.min > -kOpenBound ? number(k.min) : MainWindow::tr("any"),
                                          k.max < kOpenBound ? number(k.max) : MainWindow::tr("any"));
    if (!k.unit.empty()) tip += " " + QString::fromStdString(k.unit);
  }
  if (k.toggle) {
    auto* check = new QCheckBox(knob_text(k.label), parent);
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
  board_ = new LeaderboardView(tabs_);
  board_->setObjectName("leaderboard");
  connect(board_, &LeaderboardView::kpi_changed, this, [this] {
    if (!shown_is_run_all_ || board_->order().empty()) return;
    shown_ = in_plan_order(board_->results_shown(), board_->order());  // charts follow the new ranking
    rebuild_pages();
  });
  tabs_->addTab(board_, tr("Leaderboard"));
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
  statusBar()->showMessage(tr("Open a results.pb or a scenario (File › Open, or drop it here)"));
}

MainWindow::~MainWindow() {
  if (worker_) {
    cancel_ = true;
    worker_->wait();
    delete worker_;
  }
}

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open results or scenario"), QString(),
        tr("salesim files (*.pb *.txtpb *.textproto *.pbtxt *.json);;All files (*)"));
    if (!path.isEmpty()) open_path(path);
  });
  open->setShortcut(QKeySequence::Open);
  file->addSeparator();
  file->addAction(tr("Export chart as &PNG…"), this, [this] { export_current("png"); });
  file->addAction(tr("Export chart as &SVG…"), this, [this] { export_current("svg"); });
  file->addAction(tr("Export chart data as &CSV…"), this, [this] { export_current("csv"); });
  file->addAction(tr("Export &debrief PDF…"), this, [this] {
    if (shown_.plans_size() < 2) {
      report_error(tr("Nothing to debrief: run two or more plans first (Run all)."));
      return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Debrief PDF"), "debrief.pdf", tr("PDF (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    if (!write_debrief_pdf(shown_, board_->kpi(), tr("Debrief: %1").arg(QFileInfo(source_).fileName()), path, &error))
      report_error(error);
    else statusBar()->showMessage(tr("Wrote %1").arg(path));
  });
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QToolBar* bar = addToolBar(tr("Charts"));
  bar->addAction(tr("Open…"), this, [open] { open->trigger(); });
  bar->addAction("PNG", this, [this] { export_current("png"); });
  bar->addAction("SVG", this, [this] { export_current("svg"); });
  bar->addAction("CSV", this, [this] { export_current("csv"); });
  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Sweep / waterfall KPI: "), bar));
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
  dock_ = new QDockWidget(tr("What-if"), this);
  dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  auto* scroll = new QScrollArea(dock_);
  scroll->setWidgetResizable(true);
  auto* content = new QWidget(scroll);
  auto* layout = new QVBoxLayout(content);
  build_plan_box(content, layout);
  knob_box_ = new QWidget(content);
  new QVBoxLayout(knob_box_);
  layout->addWidget(knob_box_);
  auto* runs = new QFormLayout();
  replications_ = new QSpinBox(content);
  replications_->setRange(10, 1000000);
  replications_->setSingleStep(100);
  replications_->setValue(1000);
  runs->addRow(tr("Replications"), replications_);
  layout->addLayout(runs);
  auto* buttons = new QHBoxLayout();
  run_button_ = new QPushButton(tr("Run"), content);
  reset_button_ = new QPushButton(tr("Reset"), content);
  cancel_button_ = new QPushButton(tr("Cancel"), content);
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
  if (!simulation_available() && !custom_runner_) why_not = tr("This build cannot simulate (no experiment layer).");
  else if (!have_results_) why_not = tr("Open a results file or a scenario first.");
  else if (loaded_.kind() == v1::Results::SWEEP) why_not = tr("The what-if panel works on a run or a compare, not a sweep.");
  else if (loaded_.plans(0).scenario().team().cohorts_size() == 0) why_not = tr("This file carries no scenario to re-run.");
  if (why_not.isEmpty()) {
    try {
      base_knobs_ = knobs_from_scenario(loaded_.plans(0).scenario(), knob_paths_);
      if (base_knobs_.empty()) why_not = tr("No knobs: this build has no scenario layer.");
    } catch (const std::exception& e) {
      why_not = tr("The knobs do not fit this scenario: %1").arg(QString::fromStdString(e.what()));
    }
  }
  if (why_not.isEmpty()) {
    try {
      plans_.reset(loaded_.plans(0).scenario(), looks_like_scenario_path(source_.toStdString()) ? source_.toStdString() : std::string(), knob_paths_);
    } catch (const std::exception& e) {
      why_not = tr("The knobs do not fit this scenario: %1").arg(QString::fromStdString(e.what()));
    }
  }
  if (!why_not.isEmpty()) plans_ = PlanBook();
  refresh_plan_list();
  if (!why_not.isEmpty()) {
    base_knobs_.clear();
    auto* label = new QLabel(why_not, knob_box_);
    label->setWordWrap(true);
    column->addWidget(label);
    run_button_->setEnabled(false);
    reset_button_->setEnabled(false);
    return;
  }
  column->addWidget(new QLabel(tr("Baseline: <b>%1</b>").arg(QString::fromStdString(loaded_.plans(0).name()).toHtmlEscaped()), knob_box_));
  // One form per group, so that each lines up its own labels: short element names stay beside
  // their spin boxes, long field labels go above theirs.
  QFormLayout* form = nullptr;
  const std::string* group = nullptr;
  for (const Knob& k : base_knobs_) {
    if (group == nullptr || *group != k.group) {
      group = &k.group;
      auto* heading = new QLabel("<b>" + knob_text(k.group).toHtmlEscaped() + "</b>" +
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
    if (auto* check = qobject_cast<QCheckBox*>(editor)) connect(check, &QCheckBox::toggled, this, [this] { store_editor_knobs(); });
    else if (auto* spin = qobject_cast<QDoubleSpinBox*>(editor))
      connect(spin, &QDoubleSpinBox::valueChanged, this, [this] { store_editor_knobs(); });
    if (k.toggle) {
      form->addRow(field);
    } else {
      // An element's label is its name (pm, NorthSoft): as written; a field's is translated.
      auto* label = new QLabel((k.element ? QString::fromStdString(k.label) : knob_text(k.label)) +
                                   (k.element ? QString() : unit_suffix(k)),
                               knob_box_);
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
  loading_knobs_ = true;
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done{loading_knobs_};
  for (std::size_t i = 0; i < base_knobs_.size(); ++i) {
    const Knob* k = find_knob(knobs, base_knobs_[i].path);
    if (k == nullptr) continue;
    if (auto* check = qobject_cast<QCheckBox*>(knob_editors_[i])) check->setChecked(k->value != 0);
    else if (auto* spin = qobject_cast<QDoubleSpinBox*>(knob_editors_[i])) spin->setValue(k->value);
  }
}

bool MainWindow::open_path(const QString& path) {
  if (busy()) {
    report_error(tr("A simulation is running; cancel it first."));
    return false;
  }
  const std::string p = path.toStdString();
  if (looks_like_scenario_path(p)) {
    if (!simulation_available()) {
      report_error(tr("%1: this salesim-viz was built without the simulator; open a results.pb instead.").arg(path));
      return false;
    }
    PlanRunner runner = runner_;
    start_background(
        tr("Simulating %1").arg(QFileInfo(path).fileName()),
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
  shown_is_run_all_ = false;
  board_->set_results(results);
  have_results_ = true;
  source_ = source;
  setWindowTitle(tr("salesim-viz — %1").arg(QFileInfo(source).fileName()));
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
  statusBar()->showMessage(tr("%1: %2 plan(s), %3 runs each").arg(source).arg(results.plans_size()).arg(replications_of(results)));
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
    report_error(tr("The what-if panel is not available for this file (see the panel)."));
    return;
  }
  const Knobs knobs = current_knobs();
  const v1::Results baseline = loaded_;
  const auto replications = static_cast<std::uint32_t>(replications_->value());
  PlanRunner runner = runner_;
  const std::string change = describe_change(base_knobs_, knobs);
  start_background(
      tr("What-if"),
      [baseline, knobs, replications, runner](RunSettings s) {
        s.replications = replications;
        return run_what_if(baseline, knobs, s, runner);
      },
      [this, change](v1::Results r) {
        shown_ = std::move(r);
        shown_is_run_all_ = false;
        rebuild_pages();
        run_label_->setText(tr("What-if (%1) took %2 s for %3 runs of each plan.")
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
      outcome->error = tr("unknown error").toStdString();
    }
  });
  connect(worker_, &QThread::finished, this, [this, outcome, done, what] {
    worker_->deleteLater();
    worker_ = nullptr;
    last_run_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start_).count();
    set_busy(false);
    if (outcome->ok) {
      statusBar()->showMessage(tr("%1: done in %2 s").arg(what).arg(last_run_seconds_, 0, 'f', 2));
      done(std::move(outcome->results));
      emit run_finished(true);
    } else if (outcome->cancelled) {
      statusBar()->showMessage(tr("%1: cancelled").arg(what));
      run_label_->setText(tr("%1 cancelled.").arg(what));
      emit run_finished(false);
    } else {
      report_error(tr("%1 failed:\n%2").arg(what, QString::fromStdString(outcome->error)));
      emit run_finished(false);
    }
  });
  run_start_ = std::chrono::steady_clock::now();
  statusBar()->showMessage(tr("%1…").arg(what));
  set_busy(true);
  worker_->start();
}

void MainWindow::set_busy(bool busy) {
  run_button_->setEnabled(!busy && have_results_ && !knob_editors_.empty());
  if (run_all_button_) run_all_button_->setEnabled(!busy && plans_.size() > 0);
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
  // The whole reason, its lines joined, not only the first ("What-if failed:").
  statusBar()->showMessage(QString(message).replace('\n', QStringLiteral(" · ")));
  statusBar()->setToolTip(message);
  if (dialogs_) QMessageBox::critical(this, "salesim-viz", message);
}

void MainWindow::export_current(const QString& format) {
  if (!have_results_) {
    report_error(tr("Nothing to export: open a results file first."));
    return;
  }
  if (tabs_->currentWidget() == board_) {
    if (format == "csv") {
      report_error(tr("The leaderboard's numbers are in ranking.csv of `salesim compare`; export it as PNG or SVG."));
      return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export leaderboard"), "leaderboard." + format);
    if (path.isEmpty()) return;
    LeaderboardView copy;
    copy.set_results(board_->results_shown());
    copy.set_kpi(board_->kpi());
    QString error;
    const bool ok = format == "png" ? save_png(copy, QSize(1280, 720), path, &error)
                                    : save_svg(copy, QSize(1280, 720), path, tr("Leaderboard"), &error);
    if (!ok) report_error(error);
    else statusBar()->showMessage(tr("Wrote %1").arg(path));
    return;
  }
  const auto kind = pages_[static_cast<std::size_t>(tabs_->currentIndex())]->kind();
  const QString name = QString::fromStdString(std::string(chart_name(kind)));
  const QString filter = format == "png" ? tr("PNG image (*.png)") : format == "svg" ? tr("SVG drawing (*.svg)") : tr("CSV table (*.csv)");
  QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(name), name + "." + format, filter);
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
  else statusBar()->showMessage(tr("Wrote %1").arg(path));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) {
    report_error(tr("Drop a local results.pb or scenario file."));
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

// ---------------------------------------------------------------------------------------------
// Plans side by side.

void MainWindow::build_plan_box(QWidget* parent, QVBoxLayout* layout) {
  auto* heading = new QLabel("<b>" + tr("Plans").toHtmlEscaped() + "</b>", parent);
  layout->addWidget(heading);
  plan_list_ = new QListWidget(parent);
  plan_list_->setObjectName("plan_list");
  plan_list_->setMaximumHeight(110);
  plan_list_->setToolTip(tr("Named plans over the baseline. Select one to edit its knobs below; "
                            "Run all runs the baseline and every plan on the same markets."));
  layout->addWidget(plan_list_);
  auto* row1 = new QHBoxLayout();
  auto* row2 = new QHBoxLayout();
  auto button = [&](QHBoxLayout* row, const QString& text, const char* name, auto slot, bool needs_plan) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    row->addWidget(b);
    connect(b, &QPushButton::clicked, this, slot);
    if (needs_plan) plan_buttons_.push_back(b);
    return b;
  };
  button(row1, tr("Add"), "plan_add", [this] { add_plan(); }, false);
  button(row1, tr("Duplicate"), "plan_duplicate", [this] { duplicate_plan(); }, true);
  button(row1, tr("Rename…"), "plan_rename", [this] {
    if (selected_plan() < 0) return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename plan"), tr("Name:"), QLineEdit::Normal,
                                               plan_list_->currentItem()->text(), &ok);
    if (ok) rename_plan(name);
  }, true);
  button(row2, tr("Delete"), "plan_delete", [this] { delete_plan(); }, true);
  button(row2, tr("Open…"), "plan_open", [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open plan"), QString(), tr("Scenario files (*.txtpb *.textproto *.pbtxt *.json)"));
    if (!path.isEmpty()) open_plan(path);
  }, false);
  button(row2, tr("Save…"), "plan_save", [this] {
    if (selected_plan() < 0) return;
    const auto& p = plans_.plan(static_cast<std::size_t>(selected_plan()));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save plan as overlay"),
                                                      p.file.empty() ? QString::fromStdString(p.name) + ".txtpb" : QString::fromStdString(p.file),
                                                      tr("Scenario overlay (*.txtpb)"));
    if (!path.isEmpty()) save_plan(path);
  }, true);
  auto* row3 = new QHBoxLayout();
  run_all_button_ = button(row3, tr("Run all"), "plan_run_all", [this] { start_run_all(); }, false);
  run_all_button_->setToolTip(tr("Run the baseline and every plan on the same markets and rank them"));
  layout->addLayout(row1);
  layout->addLayout(row2);
  layout->addLayout(row3);
  connect(plan_list_, &QListWidget::currentRowChanged, this, [this](int row) {
    for (auto* b : plan_buttons_) b->setEnabled(row >= 0);
    if (row >= 0 && static_cast<std::size_t>(row) < plans_.size()) set_knobs(plans_.plan(static_cast<std::size_t>(row)).knobs);
    else set_knobs(base_knobs_);
  });
  refresh_plan_list();
}

void MainWindow::refresh_plan_list() {
  if (!plan_list_) return;
  const int keep = plan_list_->currentRow();
  {
    const QSignalBlocker block(plan_list_);
    plan_list_->clear();
    for (const Plan& p : plans_.plans()) {
      auto* item = new QListWidgetItem(QString::fromStdString(p.name), plan_list_);
      item->setToolTip(QString::fromStdString(describe_change(plans_.base_knobs(), p.knobs)) +
                       (p.file.empty() ? QString() : "\n" + QString::fromStdString(p.file)));
    }
    plan_list_->setCurrentRow(std::min(keep, plan_list_->count() - 1));
  }
  for (auto* b : plan_buttons_) b->setEnabled(plan_list_->currentRow() >= 0);
  if (run_all_button_) run_all_button_->setEnabled(!busy() && plans_.size() > 0);
}

int MainWindow::selected_plan() const {
  const int row = plan_list_ ? plan_list_->currentRow() : -1;
  return row >= 0 && static_cast<std::size_t>(row) < plans_.size() ? row : -1;
}

void MainWindow::select_plan(int index) {
  plan_list_->setCurrentRow(index >= 0 && static_cast<std::size_t>(index) < plans_.size() ? index : -1);
}

void MainWindow::store_editor_knobs() {
  const int i = selected_plan();
  if (loading_knobs_ || i < 0) return;
  const Knobs shown = current_knobs();
  for (Knob& k : plans_.knobs(static_cast<std::size_t>(i)))
    if (const Knob* e = find_knob(shown, k.path)) k.value = e->value;
  if (auto* item = plan_list_->item(i))
    item->setToolTip(QString::fromStdString(describe_change(plans_.base_knobs(), plans_.plan(static_cast<std::size_t>(i)).knobs)));
}

bool MainWindow::plans_ready() {
  if (plans_.base_knobs().empty()) {
    report_error(tr("Plans need a baseline with a scenario: open a scenario or a run's results first."));
    return false;
  }
  return true;
}

bool MainWindow::add_plan(const QString& name) {
  if (!plans_ready()) return false;
  try {
    const std::size_t i = plans_.add(name.toStdString());
    refresh_plan_list();
    select_plan(static_cast<int>(i));
    return true;
  } catch (const std::exception& e) {
    report_error(QString::fromStdString(e.what()));
    return false;
  }
}

bool MainWindow::duplicate_plan(const QString& name) {
  const int i = selected_plan();
  if (i < 0) return false;
  try {
    const std::size_t j = plans_.duplicate(static_cast<std::size_t>(i), name.toStdString());
    refresh_plan_list();
    select_plan(static_cast<int>(j));
    return true;
  } catch (const std::exception& e) {
    report_error(QString::fromStdString(e.what()));
    return false;
  }
}

bool MainWindow::rename_plan(const QString& name) {
  const int i = selected_plan();
  if (i < 0) return false;
  try {
    plans_.rename(static_cast<std::size_t>(i), name.trimmed().toStdString());
    refresh_plan_list();
    return true;
  } catch (const std::exception& e) {
    report_error(QString::fromStdString(e.what()));
    return false;
  }
}

bool MainWindow::delete_plan() {
  const int i = selected_plan();
  if (i < 0) return false;
  plans_.remove(static_cast<std::size_t>(i));
  refresh_plan_list();
  select_plan(std::min<int>(i, static_cast<int>(plans_.size()) - 1));
  return true;
}

bool MainWindow::save_plan(const QString& path) {
  const int i = selected_plan();
  if (i < 0) return false;
  try {
    plans_.save(static_cast<std::size_t>(i), path.toStdString());
    refresh_plan_list();
    statusBar()->showMessage(tr("Saved plan %1 to %2").arg(plan_list_->item(i)->text(), path));
    return true;
  } catch (const std::exception& e) {
    report_error(QString::fromStdString(e.what()));
    return false;
  }
}

bool MainWindow::open_plan(const QString& path) {
  if (!plans_ready()) return false;
  try {
    const std::size_t i = plans_.open(path.toStdString());
    refresh_plan_list();
    select_plan(static_cast<int>(i));
    return true;
  } catch (const std::exception& e) {
    report_error(QString::fromStdString(e.what()));
    return false;
  }
}

void MainWindow::start_run_all() {
  if (busy()) return;
  if (plans_.size() == 0) {
    report_error(tr("No plans to run: add a plan first."));
    return;
  }
  store_editor_knobs();
  const PlanBook book = plans_;
  const std::string base_name = loaded_.plans(0).name().empty() ? std::string("base") : loaded_.plans(0).name();
  const auto replications = static_cast<std::uint32_t>(replications_->value());
  const std::uint64_t seed = loaded_.seed();
  PlanRunner runner = runner_;
  start_background(
      tr("Run all"),
      [book, base_name, replications, seed, runner](RunSettings s) {
        s.replications = replications;
        s.seed = seed;  // the baseline's markets, as the what-if
        return run_plan_book(book, base_name, s, runner);
      },
      [this](v1::Results r) {
        board_->set_results(r);
        // Every chart in the leaderboard's order and colours.
        shown_ = board_->order().empty() ? std::move(r) : in_plan_order(r, board_->order());
        shown_is_run_all_ = true;
        rebuild_pages();
        run_label_->setText(tr("Run all: %1 plans and the baseline took %2 s for %3 runs of each plan.")
                                .arg(plans_.size())
                                .arg(last_run_seconds_, 0, 'f', 2)
                                .arg(replications_of(shown_)));
        tabs_->setCurrentWidget(board_);
      });
}

}  // namespace salesim::viz
