#include "viz/workshop_window.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QProgressBar>
#include <QPushButton>
#include <QBuffer>
#include <QShortcut>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <iostream>
#include <memory>

#include "viz/charts.h"
#include "viz/file_output.h"
#include "viz/leaderboard_view.h"
#include "viz/page_view.h"

namespace salesim::viz {
namespace {

// Lays `page` out off screen at `size` and draws it scaled into `target` (vector output).
void draw_page(QWidget& page, QSize size, QPainter& painter, const QRect& target) {
  page.setAttribute(Qt::WA_DontShowOnScreen, true);
  page.show();
  page.resize(size);
  if (page.layout()) page.layout()->activate();
  QCoreApplication::processEvents();
  const double scale = std::min(target.width() / double(size.width()), target.height() / double(size.height()));
  painter.save();
  painter.translate(target.topLeft());
  painter.scale(scale, scale);
  page.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  painter.restore();
}

}  // namespace

void paint_debrief_page(const v1::Results& results, const std::string& kpi, const QString& title, int page,
                        QPainter& painter, const QRect& area) {
  LeaderboardView board;
  board.set_projector(true);
  board.set_results(results);
  if (!kpi.empty()) board.set_kpi(kpi);
  const v1::Results shown = board.order().empty() ? results : in_plan_order(results, board.order());
  const int head = std::max(24, area.height() / 20);
  QFont heading = painter.font();
  heading.setPixelSize(head * 2 / 3);
  heading.setBold(true);
  painter.save();
  painter.setFont(heading);
  painter.setPen(Qt::black);
  const QString what = page == 0   ? QCoreApplication::translate("salesim", "leaderboard")
                       : page == 1 ? QCoreApplication::translate("salesim", "hours by role and activity (offside, misplaced, covering)")
                                   : QCoreApplication::translate("salesim", "each plan against the base");
  painter.drawText(QRect(area.left(), area.top(), area.width(), head), Qt::AlignLeft | Qt::AlignVCenter,
                   title + " · " + what);
  painter.restore();
  const QRect body(area.left(), area.top() + head, area.width(), area.height() - head);
  if (page == 0) {
    draw_page(board, QSize(1280, 720), painter, body);
  } else {
    ChartPageView charts(build_page(page == 1 ? ChartKind::team : ChartKind::compare, shown));
    draw_page(charts, QSize(1600, 900), painter, body);
  }
}

bool write_debrief_pdf(const v1::Results& results, const std::string& kpi, const QString& title, const QString& path,
                       QString* error) {
  auto fail = [&](const QString& why) {
    if (error) *error = path + ": " + why;
    return false;
  };
  if (results.plans_size() < 2) return fail(QCoreApplication::translate("salesim", "nothing to debrief: no plans have run yet"));
  QByteArray bytes;  // made in memory, then published (or the failure reported) by write_file_bytes
  QBuffer file(&bytes);
  file.open(QIODevice::WriteOnly);
  {
    QPdfWriter pdf(&file);
    pdf.setTitle(title);
    pdf.setCreator("salesim-viz");
    pdf.setResolution(96);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(10, 10, 10, 10),
                                  QPageLayout::Millimeter));
    QPainter painter;
    if (!painter.begin(&pdf)) return fail(QCoreApplication::translate("salesim", "cannot start the PDF"));
    const QRect area(QPoint(0, 0), pdf.pageLayout().paintRectPixels(pdf.resolution()).size());
    for (int page = 0; page < kDebriefPages; ++page) {
      if (page > 0) pdf.newPage();
      paint_debrief_page(results, kpi, title, page, painter, area);
    }
    if (!painter.end()) return fail(QCoreApplication::translate("salesim", "cannot finish the PDF"));
  }
  file.close();
  return write_file_bytes(path, bytes, error);
}

QImage render_debrief_page(const v1::Results& results, const std::string& kpi, const QString& title, int page, QSize size) {
  QImage image(size, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  paint_debrief_page(results, kpi, title, page, painter, QRect(QPoint(0, 0), size));
  painter.end();
  return image;
}

WorkshopWindow::WorkshopWindow(const QString& dir, QWidget* parent, bool start)
    : QMainWindow(parent), dir_(dir), runner_(default_runner()) {
  setWindowTitle(tr("salesim-viz workshop — %1").arg(QDir(dir).dirName()));
  resize(1280, 720);
  tabs_ = new QTabWidget(this);
  board_ = new LeaderboardView(tabs_);
  board_->set_projector(true);
  tabs_->addTab(board_, tr("Leaderboard"));
  team_page_ = new ChartPageView(build_page(ChartKind::team, v1::Results()), tabs_);
  tabs_->addTab(team_page_, tr("Hours by activity"));
  compare_page_ = new ChartPageView(build_page(ChartKind::compare, v1::Results()), tabs_);
  tabs_->addTab(compare_page_, tr("Compare"));
  QFont tab_font = tabs_->font();
  tab_font.setPointSize(tab_font.pointSize() + 4);
  tabs_->setFont(tab_font);
  // A failed rerun leaves the last good leaderboard in place, under a banner that says it is stale
  // and why (the projector must not show old numbers as if they were current, nor a modal box).
  stale_ = new QLabel(this);
  stale_->setWordWrap(true);
  stale_->setTextFormat(Qt::PlainText);
  stale_->setStyleSheet("QLabel { background: #fde2e1; color: #8a1c14; border: 2px solid #c0392b; padding: 6px; }");
  QFont stale_font = stale_->font();
  stale_font.setPointSize(stale_font.pointSize() + 2);
  stale_font.setBold(true);
  stale_->setFont(stale_font);
  stale_->hide();
  auto* central = new QWidget(this);
  auto* column = new QVBoxLayout(central);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(2);
  column->addWidget(stale_);
  column->addWidget(tabs_, 1);
  setCentralWidget(central);

  QToolBar* bar = addToolBar(tr("Workshop"));
  bar->addAction(tr("Rerun"), this, [this] { rescan(true); });
  bar->addAction(tr("Debrief PDF…"), this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Debrief PDF"), "debrief.pdf", tr("PDF (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    if (!write_debrief(path, &error)) {
      status_->setText(QString(error).replace('\n', QStringLiteral(" · ")));
      QMessageBox::warning(this, "salesim-viz", error);  // asked for by a click: a dialog is expected
    }
    else statusBar()->showMessage(tr("Wrote %1").arg(path));
  });
  QAction* full = bar->addAction(tr("Full screen"), this, [this] { isFullScreen() ? showNormal() : showFullScreen(); });
  full->setShortcut(QKeySequence(Qt::Key_F11));
  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Runs per plan: "), bar));
  replications_box_ = new QSpinBox(bar);
  replications_box_->setRange(0, 1000000);
  replications_box_->setSingleStep(100);
  replications_box_->setSpecialValueText(tr("as the scenario"));
  replications_box_->setValue(0);
  bar->addWidget(replications_box_);
  connect(replications_box_, &QSpinBox::editingFinished, this, [this] {
    const auto n = static_cast<std::uint32_t>(replications_box_->value());
    if (n != replications_) set_replications(n);
  });
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(240);
  progress_->setRange(0, 1);
  cancel_button_ = new QPushButton(tr("Cancel"), this);
  cancel_button_->setEnabled(false);
  connect(cancel_button_, &QPushButton::clicked, this, [this] {
    pending_ = false;
    cancel_run();
  });
  status_ = new QLabel(this);
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_button_);

  watcher_ = new QFileSystemWatcher(this);
  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(400);
  connect(debounce_, &QTimer::timeout, this, [this] { rescan(false); });
  connect(watcher_, &QFileSystemWatcher::directoryChanged, debounce_, qOverload<>(&QTimer::start));
  connect(watcher_, &QFileSystemWatcher::fileChanged, debounce_, qOverload<>(&QTimer::start));
  progress_timer_ = new QTimer(this);
  progress_timer_->setInterval(100);
  connect(progress_timer_, &QTimer::timeout, this, [this] {
    const auto total = progress_total_.load();
    progress_->setMaximum(total > 0 ? static_cast<int>(std::min<std::uint64_t>(total, 1u << 30)) : 0);
    progress_->setValue(static_cast<int>(std::min<std::uint64_t>(progress_done_.load(), 1u << 30)));
  });
  connect(board_, &LeaderboardView::kpi_changed, this, [this] { show_results(); });
  watch_files();
  status_->setText(tr("Watching %1").arg(dir_));
  if (start) debounce_->start();
}

WorkshopWindow::~WorkshopWindow() {
  if (worker_) {
    cancel_ = true;
    worker_->wait();
    delete worker_;
  }
}

void WorkshopWindow::set_replications(std::uint32_t n) {
  replications_ = n;
  if (replications_box_->value() != static_cast<int>(n)) replications_box_->setValue(static_cast<int>(n));
  rescan(true);
}

void WorkshopWindow::set_debounce_ms(int ms) { debounce_->setInterval(ms); }

void WorkshopWindow::watch_files() {
  // Editors replace a file on save (the watch on the old one ends): watch the folder and every
  // file in it afresh after each change.
  if (!watcher_->files().isEmpty()) watcher_->removePaths(watcher_->files());
  if (!watcher_->directories().contains(dir_)) watcher_->addPath(dir_);
  const QFileInfoList entries = QDir(dir_).entryInfoList(QDir::Files);
  QStringList paths;
  for (const QFileInfo& f : entries) paths << f.absoluteFilePath();
  if (!folder_.base_file.empty()) paths << QString::fromStdString(folder_.base_file);
  if (!paths.isEmpty()) watcher_->addPaths(paths);
}

std::string WorkshopWindow::signature() const {
  QCryptographicHash hash(QCryptographicHash::Sha256);
  QStringList paths;
  for (const QFileInfo& f : QDir(dir_).entryInfoList(QDir::Files, QDir::Name)) paths << f.absoluteFilePath();
  if (!folder_.base_file.empty()) paths << QString::fromStdString(folder_.base_file);
  for (const QString& p : paths) {
    hash.addData(p.toUtf8());
    QFile f(p);
    if (f.open(QIODevice::ReadOnly)) hash.addData(f.readAll());
    hash.addData(QByteArrayView("\n--\n"));
  }
  hash.addData(QByteArray::number(replications_));
  return hash.result().toHex().toStdString();
}

void WorkshopWindow::rescan(bool force) {
  try {
    folder_ = load_workshop_folder(dir_.toStdString());
  } catch (const std::exception& e) {
    report_error(QString::fromStdString(e.what()));
    return;
  }
  watch_files();
  const std::string sig = signature();
  if (!force && sig == ran_signature_) return;
  if (busy()) {
    pending_ = true;  // start over when the current run has stopped
    cancel_ = true;
    return;
  }
  ran_signature_ = sig;
  start_run();
}

void WorkshopWindow::start_run() {
  if (folder_.teams.empty()) {
    QString why = QString::fromStdString(no_team_reason(folder_));
    for (const auto& p : folder_.problems) why += "\n" + QString::fromStdString(p);
    if (results_.plans_size() == 0) board_->set_note(why);
    report_error(why);
    return;
  }
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
  settings.replications = replications_;
  settings.cancel = &cancel_;
  settings.on_progress = [this](std::uint64_t d, std::uint64_t t) {
    progress_done_ = d;
    progress_total_ = t;
  };
  const WorkshopFolder folder = folder_;
  const PlanRunner runner = runner_;
  worker_ = QThread::create([outcome, folder, settings, runner] {
    try {
      outcome->results = run_workshop(folder, settings, runner);
      outcome->ok = true;
    } catch (const RunCancelled&) {
      outcome->cancelled = true;
    } catch (const std::exception& e) {
      outcome->error = e.what();
    }
  });
  connect(worker_, &QThread::finished, this, [this, outcome] {
    worker_->deleteLater();
    worker_ = nullptr;
    progress_timer_->stop();
    cancel_button_->setEnabled(false);
    progress_->setRange(0, 1);
    progress_->setValue(outcome->ok ? 1 : 0);
    last_run_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start_).count();
    if (outcome->ok) {
      results_ = std::move(outcome->results);
      ++runs_finished_;
      last_error_.clear();
      stale_->hide();
      show_results();
      status_->setText(tr("%1 teams and the base, %2 runs each, in %3 s; watching %4 for changes")
                           .arg(folder_.teams.size())
                           .arg(replications_of(results_))
                           .arg(last_run_seconds_, 0, 'f', 1)
                           .arg(dir_));
    } else if (outcome->cancelled) {
      status_->setText(tr("Run cancelled."));
    } else {
      // With a leaderboard shown, the stale banner already says the rerun failed.
      QString why = results_.plans_size() > 0 ? QString::fromStdString(outcome->error)
                                              : tr("The run failed:\n%1").arg(QString::fromStdString(outcome->error));
      for (const auto& p : folder_.problems) why += "\n" + QString::fromStdString(p);
      report_error(why);
    }
    if (pending_) {
      pending_ = false;
      rescan(true);
    }
    emit run_finished(outcome->ok);
  });
  run_start_ = std::chrono::steady_clock::now();
  status_->setText(tr("Running %1 team plans and the base…").arg(folder_.teams.size()));
  cancel_button_->setEnabled(true);
  progress_->setRange(0, 0);
  progress_timer_->start();
  worker_->start();
}

void WorkshopWindow::show_results() {
  if (results_.plans_size() == 0) return;
  board_->set_results(results_);
  if (!rank_kpi_.empty()) {
    const std::string kpi = rank_kpi_;
    rank_kpi_.clear();
    if (board_->has_kpi(kpi)) {
      board_->set_kpi(kpi);  // shows the results again, ranked by it
      return;
    }
    kpi_refused_ = true;
    report_error(tr("--kpi: unknown KPI %1 for the leaderboard: use one of %2").arg(QString::fromStdString(kpi), board_->kpi_names().join(", ")));
  }
  QString note = tr("Base: %1 · teams: %2").arg(QString::fromStdString(folder_.base_name)).arg(folder_.teams.size());
  for (const auto& p : folder_.problems) note += "\n⚠ " + QString::fromStdString(p);
  board_->set_note(note);
  const v1::Results shown = board_->order().empty() ? results_ : in_plan_order(results_, board_->order());
  team_page_->set_page(build_page(ChartKind::team, shown));
  compare_page_->set_page(build_page(ChartKind::compare, shown));
}

bool WorkshopWindow::write_debrief(const QString& path, QString* error) const {
  return write_debrief_pdf(results_, board_->kpi(), tr("Debrief: %1").arg(QDir(dir_).dirName()), path, error);
}

void WorkshopWindow::report_error(const QString& message) {
  last_error_ = message;
  // The whole reason, on the screen the room sees; no modal box in front of the projector.
  status_->setText(QString(message).replace('\n', QStringLiteral(" · ")));
  status_->setToolTip(message);
  stale_->setText(results_.plans_size() > 0
                      ? tr("STALE: the leaderboard below is from the previous run; the rerun failed:\n%1").arg(message)
                      : message);
  stale_->show();
}

bool WorkshopWindow::stale() const { return !stale_->isHidden(); }
QString WorkshopWindow::stale_text() const { return stale_->isHidden() ? QString() : stale_->text(); }

int run_workshop_app(const QString& dir, std::uint32_t replications, const QString& debrief, const QString& screenshot,
                     const std::string& kpi) {
  const bool scripted = !debrief.isEmpty() || !screenshot.isEmpty();
  WorkshopWindow window(dir, nullptr, false);
  window.set_rank_kpi(kpi);
  window.set_replications(replications);  // reads the folder and starts the first run
  if (!scripted) {
    window.showFullScreen();
    return QApplication::exec();
  }
  window.resize(1280, 720);
  window.show();
  QElapsedTimer timer;
  timer.start();
  while (window.busy() && timer.elapsed() < 3600000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QThread::msleep(5);
  }
  QCoreApplication::processEvents();
  if (window.runs_finished() == 0) {
    const QString why = window.last_error();  // with the folder's problems
    std::cerr << "salesim-viz: --workshop " << dir.toStdString() << ": "
              << (why.isEmpty() ? QCoreApplication::translate("salesim", "no team plan ran").toStdString() : why.toStdString()) << "\n";
    return 1;
  }
  if (window.kpi_refused()) {
    std::cerr << "salesim-viz: " << window.last_error().toStdString() << "\n";
    return 2;
  }
  for (const auto& p : window.folder().problems) std::cerr << "salesim-viz: warning: " << p << "\n";
  std::cerr << "salesim-viz: workshop run took " << window.last_run_seconds() << " s\n";
  if (!debrief.isEmpty()) {
    QString error;
    if (!window.write_debrief(debrief, &error)) {
      std::cerr << "salesim-viz: " << error.toStdString() << "\n";
      return 1;
    }
    std::cout << debrief.toStdString() << "\n";
  }
  if (!screenshot.isEmpty()) {
    QString error;
    if (!write_image(window.grab().toImage(), screenshot, "PNG", &error)) {
      std::cerr << "salesim-viz: " << error.toStdString() << "\n";
      return 1;
    }
    std::cout << screenshot.toStdString() << "\n";
  }
  return 0;
}

}  // namespace salesim::viz
