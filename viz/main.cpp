// salesim-viz: the viewer (GUI) and its headless renderer.
//
//   salesim-viz [RESULTS.pb | SCENARIO.txtpb]
//   salesim-viz --render RESULTS --chart NAME --out FILE.(png|svg|csv) [--size WxH] [--kpi KPI]
//   salesim-viz --render RESULTS --chart all --out DIR [--size WxH]     (six PNGs, paths printed)
//   salesim-viz FILE [--what-if COHORT=COUNT]... [--tab NAME] [--screenshot OUT.png]
//     opens FILE, optionally runs a what-if with those head counts, and (with --screenshot)
//     saves the whole window and exits: for documentation and smoke tests.
//
// Rendering needs no display: QT_QPA_PLATFORM=offscreen is set when --render is given and the
// variable is unset; so it is for --screenshot when there is no display. The window without a
// display is refused with a message (exit 3) before Qt would abort.
// Exit codes: 0 ok, 1 bad input file, failed what-if or write error, 2 bad usage (an unknown chart
// or KPI, a chart the file has no data for, a --what-if cohort the scenario lacks), 3 no display.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>
#include <QTabWidget>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "sim/version.h"
#include "viz/charts.h"
#include "viz/command_line.h"
#include "viz/file_output.h"
#include "viz/i18n.h"
#include "viz/main_window.h"
#include "viz/page_view.h"
#include "viz/results_io.h"
#include "viz/workshop_window.h"

namespace {

using namespace salesim::viz;

constexpr const char* kUsage =
    "usage: salesim-viz [RESULTS.pb | SCENARIO.txtpb]\n"
    "       salesim-viz --render RESULTS --chart NAME --out FILE [--size WxH] [--kpi KPI]\n"
    "         NAME: revenue, win_rate, over_time, compare, sweep, team, waterfall, sensitivity, backtest, or all (FILE is then a folder)\n"
    "         FILE: .png, .svg or .csv (the chart's data); default size 1600x900\n"
    "       salesim-viz FILE [--what-if COHORT=COUNT]... [--tab NAME] [--screenshot OUT.png]\n"
    "       salesim-viz --workshop DIR [--kpi KPI] [--debrief OUT.pdf] [--screenshot OUT.png]\n"
    "       any form: [--lang zh_CN|en]\n";

// --help: every form and option (also the source of the salesim-viz(1) man page, whose examples
// are in packaging/man/salesim-viz.h2m).
constexpr const char* kHelp =
    "Usage: salesim-viz [RESULTS.pb | FOLDER | SCENARIO.txtpb]\n"
    "  or:  salesim-viz --render RESULTS --chart NAME --out FILE [--size WxH] [--kpi KPI]\n"
    "  or:  salesim-viz FILE [--what-if COHORT=COUNT]... [--tab NAME] [--screenshot OUT.png]\n\n"
    "The salesim viewer (Qt Charts) and its headless renderer. Opens a results.pb (or the output\n"
    "folder of a salesim run, compare or sweep) and shows revenue, win rate, KPIs over time, paired\n"
    "comparisons, sweeps and the team, with a what-if panel; opening a scenario file runs it first.\n"
    "The waterfall shows a `salesim attribute` result: the disciplined twin, each fault's share of\n"
    "the gap (Shapley value, 95% CI whiskers) and the scenario. The sensitivity tornado shows a\n"
    "`salesim sensitivity` result: each factor's Sobol indices (or Morris mu*), largest at the top.\n"
    "--render writes charts without a window or display; it refuses a chart the file has no data\n"
    "for (a sensitivity chart of a compare, a --kpi that was not analysed) and --chart all skips\n"
    "those, saying why. The interface is in English or Chinese (zh_CN: 金三角, 越位, 错位, 补位;\n"
    "money in 万元), chosen from the system locale (LANG, LC_ALL) or --lang.\n\n"
    "options:\n"
    "  --render RESULTS        render charts of RESULTS (a results.pb or output folder), no window\n"
    "  --chart NAME            revenue, win_rate, over_time, compare, sweep, team, waterfall, sensitivity, backtest, or all\n"
    "  --out FILE              .png, .svg or .csv (the chart's data); a folder for --chart all\n"
    "  --size WxH              image size in pixels, 64 to 16384 each (default 1600x900)\n"
    "  --kpi KPI               the KPI a sweep chart, the waterfall or the tornado plots (default revenue);\n"
    "                          with --workshop: the leaderboard's Rank by (e.g. win_rate; default contribution)\n"
    "  --lang LANG             zh_CN (Chinese) or en (English); default: from the system locale\n"
    "  --what-if COHORT=COUNT  run a what-if with this head count (repeatable)\n"
    "  --tab NAME              show this chart's tab\n"
    "  --screenshot OUT.png    save the whole window to OUT.png and exit\n"
    "  --workshop DIR          workshop mode: run the team plan files in DIR (and the base they overlay)\n"
    "                          on the same markets, show the leaderboard full screen, rerun on change\n"
    "  --debrief OUT.pdf       with --workshop: run once, write the facilitator's debrief PDF, exit\n"    "                          (no screen needed). A team file is one whose base: names the folder's base\n"
    "                          file; see docs/workshop.md for the rule, and for files that are left out\n"
    "  -h, --help              this text\n"
    "  --version               version, git revision and build type\n\n"
    "example:\n"
    "  salesim-viz --render out/covering/results.pb --chart compare --out compare.png\n"
    "  salesim-viz --render out/attr/results.pb --chart waterfall --kpi win_rate --out waterfall.png\n"
    "  salesim-viz --render out/sens/results.pb --chart sensitivity --kpi revenue --out sensitivity.png\n"
    "  salesim-viz --lang zh_CN --render out/covering/results.pb --chart team --out team_zh.png\n"
    "  salesim-viz --workshop scenarios/workshop/teams --debrief debrief.pdf\n\n"
    "exit status: 0 ok; 1 unreadable results, a failed what-if or a write error; 2 bad usage (an\n"
    "unknown chart or KPI, a chart the file has no data for, a --what-if cohort the scenario\n"
    "lacks); 3 no display for the window (set DISPLAY or WAYLAND_DISPLAY, or use --render).\n";

// Parses and checks the command line (viz/command_line.h) and the chart and tab names; returns an
// error message, empty when the arguments are fine.
std::string parse(int argc, char** argv, Args& a) {
  try {
    a = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const salesim::experiment::CommandLineError& e) {
    return e.what();
  }
  if (a.help || a.version) return {};
  if (!a.render.empty() && a.chart != "all" && !chart_from_name(a.chart))
    return "unknown chart " + salesim::experiment::quote_argument(a.chart);
  if (!a.tab.empty() && !chart_from_name(a.tab)) return "unknown tab " + salesim::experiment::quote_argument(a.tab);
  if (!a.kpi.empty() && !a.render.empty() && a.chart != "all" && !chart_takes_kpi(*chart_from_name(a.chart)))
    return std::string("--kpi goes with --chart sweep, waterfall or sensitivity, not ").append(a.chart);
  if (!a.lang.empty() && !language_known(a.lang))
    return "--lang: unknown language " + salesim::experiment::quote_argument(a.lang) + ": use zh_CN or en";
  return {};
}

bool write_page(ChartKind kind, const salesim::v1::Results& results, const ChartOptions& options,
                const QString& path, QSize size) {
  ChartPageView page(build_page(kind, results, options));
  QString error;
  const QString suffix = QFileInfo(path).suffix().toLower();
  bool ok;
  if (suffix == "svg") ok = save_svg(page, size, path, QString::fromStdString(std::string(chart_name(kind))), &error);
  else if (suffix == "csv") ok = save_csv(page.data(), path, &error);
  else ok = save_png(page, size, path, &error);
  if (!ok) std::cerr << "salesim-viz: " << error.toStdString() << "\n";
  return ok;
}

int render(const Args& a) {
  salesim::v1::Results results;
  try {
    results = load_results(a.input);
  } catch (const std::exception& e) {
    std::cerr << "salesim-viz: " << e.what() << "\n";
    return 1;
  }
  ChartOptions options;
  const bool kpi_given = !a.kpi.empty();
  if (kpi_given) options.sweep_kpi = a.kpi;
  const QSize size = a.size ? QSize(static_cast<int>(a.size->first), static_cast<int>(a.size->second)) : kDefaultRenderSize;
  if (a.chart == "all") {
    // A --kpi no chart of the file can plot is a typo, not a skip.
    if (kpi_given) {
      bool anywhere = false;
      for (ChartKind kind : kAllCharts)
        if (chart_takes_kpi(kind) && chart_unavailable(kind, results, options, false).empty())
          anywhere |= chart_unavailable(kind, results, options, true).empty();
      if (!anywhere) {
        const auto& kpis = results.kpis();
        std::string names;
        for (const auto& k : kpis) names.append(names.empty() ? "" : ", ").append(k.name());
        std::cerr << "salesim-viz: --kpi: " << a.input << " has no chart of KPI '" << a.kpi << "'; its KPIs: " << names << "\n";
        return 2;
      }
    }
    if (!QDir().mkpath(QString::fromStdString(a.out))) {
      std::cerr << "salesim-viz: " << a.out << ": cannot create folder\n";
      return 1;
    }
    for (ChartKind kind : kAllCharts) {
      if (const std::string why = chart_unavailable(kind, results, options, false); !why.empty()) {
        std::cerr << "salesim-viz: skipped " << chart_name(kind) << ": " << a.input << " " << why << "\n";
        continue;
      }
      const QString path = QDir(QString::fromStdString(a.out)).filePath(QString::fromStdString(std::string(chart_name(kind))) + ".png");
      if (!write_page(kind, results, options, path, size)) return 1;
      std::cout << path.toStdString() << "\n";
    }
    return 0;
  }
  const ChartKind kind = *chart_from_name(a.chart);
  if (const std::string why = chart_unavailable(kind, results, options, kpi_given); !why.empty()) {
    std::cerr << "salesim-viz: --chart " << a.chart << ": " << a.input << " " << why << "\n";
    return 2;
  }
  const QString path = QString::fromStdString(a.out);
  if (!write_page(kind, results, options, path, size)) return 1;
  std::cout << a.out << "\n";
  return 0;
}

// Whether the window can be shown: Qt's xcb and wayland platforms abort the process when they
// find no display. Empty when it can, else the message. Not for --render (offscreen).
std::string no_display() {
#if defined(__linux__) || defined(__FreeBSD__)
  auto set = [](const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0';
  };
  const char* platform_env = std::getenv("QT_QPA_PLATFORM");
  const std::string platform = platform_env ? platform_env : "";
  const std::string first = platform.substr(0, platform.find(';'));
  if (first.rfind("offscreen", 0) == 0 || first.rfind("minimal", 0) == 0 || first.rfind("vnc", 0) == 0 ||
      first.rfind("eglfs", 0) == 0 || first.rfind("linuxfb", 0) == 0)
    return {};
  const bool x11 = set("DISPLAY"), wayland = set("WAYLAND_DISPLAY");
  if (first.rfind("xcb", 0) == 0 && x11) return {};
  if (first.rfind("wayland", 0) == 0 && wayland) return {};
  if (first.empty() && (x11 || wayland)) return {};
  std::string what = first.empty() ? std::string("no display (DISPLAY and WAYLAND_DISPLAY are not set)")
                                   : std::string("no display for QT_QPA_PLATFORM=").append(platform);
  return what.append(
      ": the viewer needs a desktop session. Charts without a window: salesim-viz --render RESULTS --chart NAME "
      "--out FILE.png; a window snapshot: add --screenshot OUT.png (it runs offscreen); a workshop without a screen: "
      "salesim-viz --workshop DIR --debrief OUT.pdf");
#else
  return {};
#endif
}

// Headless rendering keeps stderr for real problems: drop Qt's debug chatter and the offscreen
// platform's harmless notices.
void quiet_messages(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type == QtDebugMsg || type == QtInfoMsg) return;
  if (message.contains("propagateSizeHints") || message.contains("XDG_RUNTIME_DIR")) return;
  std::cerr << message.toStdString() << "\n";
}

// A display that is set but cannot be reached (a stale DISPLAY): Qt reports it as fatal and
// aborts; say it our way and exit 3 instead.
void display_messages(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type == QtFatalMsg && (message.contains("could not connect to display") || message.contains("platform plugin"))) {
    std::cerr << "salesim-viz: cannot open the display: " << message.section('\n', 0, 0).toStdString()
              << "\nsalesim-viz: charts without a window: salesim-viz --render RESULTS --chart NAME --out FILE.png\n";
    std::_Exit(3);
  }
  if (type == QtDebugMsg || type == QtInfoMsg) return;
  std::cerr << message.toStdString() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (const std::string error = parse(argc, argv, args); !error.empty()) {
    std::cerr << "salesim-viz: " << error << "\n" << kUsage;
    return 2;
  }
  if (args.help) {
    std::cout << kHelp;
    return 0;
  }
  if (args.version) {
    std::cout << salesim::version_text("salesim-viz");
    return 0;
  }
  if (!args.workshop.empty()) {
    // The folder first: without it nothing else matters (not even a display).
    std::error_code ec;
    if (!std::filesystem::is_directory(args.workshop, ec)) {
      std::cerr << "salesim-viz: --workshop " << args.workshop << ": "
                << (std::filesystem::exists(args.workshop, ec) ? "not a folder" : "no such folder") << "\n";
      return 2;
    }
    for (const auto& [option, path] : {std::pair<std::string, std::string>("--debrief", args.debrief), {"--screenshot", args.screenshot}}) {
      if (path.empty()) continue;
      const std::filesystem::path parent = std::filesystem::path(path).parent_path();
      if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
        std::cerr << "salesim-viz: " << option << " " << path << ": no folder " << parent.string() << " to write it in\n";
        return 2;
      }
    }
  }
  if (!args.render.empty() || !args.debrief.empty()) {
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(quiet_messages);
  } else if (const std::string why = no_display(); !why.empty()) {
    if (args.screenshot.empty()) {
      std::cerr << "salesim-viz: " << why << "\n";
      return 3;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");  // a screenshot needs no screen
    qInstallMessageHandler(quiet_messages);
  } else {
    qInstallMessageHandler(display_messages);
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName("salesim-viz");
  if (const std::string error = install_language(args.lang); !error.empty()) {
    std::cerr << "salesim-viz: --lang: " << error << "\n";
    return 2;
  }
  if (!args.render.empty()) return render(args);
  if (!args.workshop.empty())
    return run_workshop_app(QString::fromStdString(args.workshop), 0, QString::fromStdString(args.debrief),
                            QString::fromStdString(args.screenshot), args.kpi);

  MainWindow window;
  const bool scripted = !args.screenshot.empty();
  window.set_dialogs_enabled(!scripted);
  window.show();
  auto wait_idle = [&window] {
    QElapsedTimer timer;
    timer.start();
    while (window.busy() && timer.elapsed() < 600000) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
      QThread::msleep(5);
    }
    QCoreApplication::processEvents();
  };
  if (!args.input.empty()) {
    window.open_path(QString::fromStdString(args.input));
    wait_idle();
  }
  if (!args.what_if.empty()) {
    if (!window.last_error().isEmpty()) {
      std::cerr << "salesim-viz: " << window.last_error().toStdString() << "\n";
      return 1;
    }
    Knobs knobs = window.current_knobs();
    if (knobs.empty()) {
      std::cerr << "salesim-viz: --what-if needs a scenario to rerun: open a scenario file (.txtpb) or the output "
                   "folder of a run that kept its scenario, not "
                << (args.input.empty() ? std::string("nothing") : args.input) << "\n";
      return 2;
    }
    for (const auto& [name, count] : args.what_if) {
      if (Knob* k = find_knob(knobs, "team.cohorts[" + name + "].count")) {
        k->value = count;
        continue;
      }
      std::string cohorts;
      for (const Knob& k : knobs)
        if (k.path.rfind("team.cohorts[", 0) == 0 && k.path.size() > 7 && k.path.compare(k.path.size() - 7, 7, "].count") == 0)
          cohorts.append(cohorts.empty() ? "" : ", ").append(k.path.substr(13, k.path.size() - 20));
      std::cerr << "salesim-viz: --what-if: no cohort '" << name << "' in " << args.input << "; its cohorts: " << cohorts << "\n";
      return 2;
    }
    window.set_knobs(knobs);
    window.start_what_if();
    wait_idle();
    if (scripted && !window.last_error().isEmpty()) {
      // The whole reason, every line of it, not the status bar's first one.
      std::cerr << "salesim-viz: " << window.last_error().toStdString() << "\n";
      return 1;
    }
    if (window.last_run_seconds() >= 0) std::cerr << "salesim-viz: what-if took " << window.last_run_seconds() << " s\n";
  }
  if (!args.tab.empty()) {
    if (auto kind = chart_from_name(args.tab))
      if (auto* tabs = window.findChild<QTabWidget*>()) tabs->setCurrentIndex(static_cast<int>(*kind));
  }
  if (scripted) {
    QCoreApplication::processEvents();
    if (!window.last_error().isEmpty()) std::cerr << "salesim-viz: " << window.last_error().toStdString() << "\n";
    QString error;
    if (!write_image(window.grab().toImage(), QString::fromStdString(args.screenshot), "PNG", &error)) {
      std::cerr << "salesim-viz: " << error.toStdString() << "\n";
      return 1;
    }
    std::cout << args.screenshot << "\n";
    return window.last_error().isEmpty() ? 0 : 1;
  }
  return app.exec();
}
