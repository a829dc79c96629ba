// Workshop mode and the leaderboard, offscreen: the leaderboard's order and numbers are those of
// `salesim compare` on the same plans and seed; the folder watcher reruns on a new and on a
// changed team file; the debrief PDF is one file of three pages; charts follow the table's order.
#include <gtest/gtest.h>

#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTableWidget>
#include <QThread>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/viz/viz_test_support.h"
#include "viz/command_line.h"
#include "viz/leaderboard_view.h"
#include "viz/plans.h"
#include "viz/results_io.h"
#include "viz/workshop_window.h"

#ifdef SALESIM_VIZ_HAS_RUNNER
#include "sim/experiment/leaderboard.h"
#endif

namespace salesim::viz {
namespace {

const std::string kRoot = SALESIM_SOURCE_ROOT;
const std::string kTeams = kRoot + "/scenarios/workshop/teams";

// Processes events until `done` or `ms` passed.
template <class F>
bool wait_for(F done, int ms = 60000) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  QCoreApplication::processEvents();
  return done();
}

class WorkshopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ensure_app();
    dir_ = testing::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void write(const std::string& name, const std::string& text) {
    const std::string tmp = dir_ + "/." + name + ".tmp";
    std::ofstream(tmp) << text;
    std::filesystem::rename(tmp, dir_ + "/" + name);  // as an editor saves: replace the file
  }
  std::string dir_;
};

TEST_F(WorkshopTest, InPlanOrderOnlyReorders) {
  const v1::Results r = testing::synthetic_compare(3, 20);
  const v1::Results o = in_plan_order(r, {2, 0, 1});
  ASSERT_EQ(o.plans_size(), 3);
  EXPECT_EQ(o.plans(0).name(), r.plans(2).name());
  EXPECT_EQ(o.plans(1).name(), r.plans(0).name());
  ASSERT_EQ(o.comparisons_size(), r.comparisons_size());
  EXPECT_EQ(o.comparisons(0).plan(), r.plans(2).name());  // comparisons follow the new order
  EXPECT_EQ(o.comparisons(0).base_plan(), r.plans(0).name());
  EXPECT_THROW(in_plan_order(r, {3}), std::out_of_range);
}

TEST(WorkshopCommandLine, OptionsGoTogether) {
  const Args a = parse_command_line({"--workshop", "teams", "--debrief", "d.pdf"});
  EXPECT_EQ(a.workshop, "teams");
  EXPECT_EQ(a.debrief, "d.pdf");
  EXPECT_THROW(parse_command_line({"--debrief", "d.pdf"}), experiment::CommandLineError);
  EXPECT_THROW(parse_command_line({"--workshop", "teams", "results.pb"}), experiment::CommandLineError);
  EXPECT_THROW(parse_command_line({"--workshop", "teams", "--render", "r.pb", "--chart", "team", "--out", "t.png"}),
               experiment::CommandLineError);
}

#ifdef SALESIM_VIZ_HAS_RUNNER
// Runs the shipped team folder in process, as the workshop window does.
v1::Results run_teams(std::uint32_t replications, std::uint64_t seed) {
  RunSettings s;
  s.replications = replications;
  s.seed = seed;
  return run_workshop(load_workshop_folder(kTeams), s);
}

#ifdef SALESIM_EXE
// `salesim compare FILES --replications N --seed S --out DIR` -> its results.pb.
v1::Results salesim_compare(const std::vector<std::string>& files, std::uint32_t n, std::uint64_t seed, const std::string& out) {
  std::string cmd = std::string(SALESIM_EXE) + " compare";
  for (const auto& f : files) cmd += " '" + f + "'";
  cmd += " --replications " + std::to_string(n) + " --seed " + std::to_string(seed) + " --out '" + out + "' --force --quiet > /dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return load_results(out + "/results.pb");
}

TEST_F(WorkshopTest, LeaderboardEqualsSalesimCompare) {
  const std::uint32_t n = 60;
  const std::uint64_t seed = 20261130;
  const v1::Results ours = run_teams(n, seed);
  const v1::Results cli = salesim_compare({kTeams + "/branch.txtpb", kTeams + "/team_a.txtpb", kTeams + "/team_b.txtpb",
                                           kTeams + "/team_c.txtpb", kTeams + "/team_d.txtpb"},
                                          n, seed, dir_ + "/cmp");
  ASSERT_EQ(ours.plans_size(), 5);
  for (const std::string kpi : {"contribution", "revenue", "win_rate", "big_deal_rate"}) {
    SCOPED_TRACE(kpi);
    const experiment::Leaderboard board = experiment::leaderboard(ours, kpi);
    const v1::Ranking* ranking = nullptr;
    for (const auto& rk : cli.rankings())
      if (rk.kpi() == kpi && rk.design_point() == 0) ranking = &rk;
    ASSERT_NE(ranking, nullptr);
    ASSERT_EQ(board.rows.size(), static_cast<std::size_t>(ranking->plans_size()));
    EXPECT_EQ(board.n, ranking->n());
    for (std::size_t j = 0; j < board.rows.size(); ++j) {
      const auto& row = board.rows[j];
      const auto& rp = ranking->plans(static_cast<int>(j));
      EXPECT_EQ(row.plan, rp.plan());  // same order
      EXPECT_EQ(row.rank, rp.rank());
      EXPECT_DOUBLE_EQ(row.mean, rp.mean());  // same runs, same arithmetic: equal numbers
      EXPECT_DOUBLE_EQ(row.ci.low, rp.ci_low());
      EXPECT_DOUBLE_EQ(row.ci.high, rp.ci_high());
      EXPECT_DOUBLE_EQ(row.p_best, rp.p_best());
      EXPECT_EQ(row.may_be_best, rp.may_be_best());
    }
  }
  // The difference against the leader is compare's paired difference with the leader as base.
  const experiment::Leaderboard board = experiment::leaderboard(ours, "contribution");
  std::vector<std::string> files;
  for (const auto& row : board.rows) files.push_back(kTeams + "/" + row.plan + ".txtpb");
  const v1::Results led = salesim_compare(files, n, seed, dir_ + "/led");
  ASSERT_EQ(led.comparisons_size(), 4);
  for (std::size_t j = 1; j < board.rows.size(); ++j) {
    const auto& c = led.comparisons(static_cast<int>(j - 1));
    ASSERT_EQ(c.plan(), board.rows[j].plan);
    for (const auto& d : c.deltas()) {
      if (d.kpi() != "contribution") continue;
      EXPECT_DOUBLE_EQ(board.rows[j].delta_leader, d.delta_mean());
      EXPECT_DOUBLE_EQ(board.rows[j].delta_leader_ci.low, d.delta_ci_low());
      EXPECT_DOUBLE_EQ(board.rows[j].delta_leader_ci.high, d.delta_ci_high());
      EXPECT_DOUBLE_EQ(board.rows[j].p_beats_leader, d.p_better());
    }
  }
  // The table shows that order, and the charts follow it.
  LeaderboardView view;
  view.set_results(ours);
  EXPECT_EQ(view.kpi(), "contribution");
  ASSERT_EQ(view.order().size(), 5u);
  for (std::size_t j = 0; j < 5; ++j) {
    EXPECT_EQ(view.order()[j], board.rows[j].plan_index);
    EXPECT_TRUE(view.table()->item(static_cast<int>(j), 1)->text().startsWith(QString::fromStdString(board.rows[j].plan)));
  }
  const v1::Results shown = in_plan_order(ours, view.order());
  for (std::size_t j = 0; j < 5; ++j) EXPECT_EQ(shown.plans(static_cast<int>(j)).name(), board.rows[j].plan);
  view.set_kpi("win_rate");
  EXPECT_EQ(view.order()[0], experiment::leaderboard(ours, "win_rate").rows[0].plan_index);
}
#endif

TEST_F(WorkshopTest, WatcherRerunsOnANewAndOnAChangedTeamFile) {
  write("base.txtpb", "base: \"" + kRoot + "/scenarios/workshop/06_rookie_branch.txtpb\"\nexperiment { replications: 12 }\n");
  write("red.txtpb", "base: \"base.txtpb\"\nformation { offside { enabled: false } }\n");
  WorkshopWindow w(QString::fromStdString(dir_), nullptr, false);
  w.set_debounce_ms(50);
  w.rescan(true);
  ASSERT_TRUE(wait_for([&] { return w.runs_finished() == 1 && !w.busy(); })) << w.last_error().toStdString();
  ASSERT_EQ(w.results().plans_size(), 2);
  EXPECT_EQ(w.results().plans(1).name(), "red");
  // Nothing changed: no rerun.
  w.rescan(false);
  EXPECT_FALSE(w.busy());

  // A new team drops its file into the folder: the watcher reruns with it.
  write("blue.txtpb", "base: \"base.txtpb\"\nteam { cohorts { name: \"pm\" count: 4 } cohorts { name: \"am_new\" count: 10 } }\n");
  ASSERT_TRUE(wait_for([&] { return w.runs_finished() == 2 && !w.busy(); })) << w.last_error().toStdString();
  ASSERT_EQ(w.results().plans_size(), 3);
  EXPECT_EQ(w.results().plans(1).name(), "blue");  // file-name order
  EXPECT_EQ(w.results().plans(1).scenario().team().cohorts(3).count(), 4u);
  EXPECT_EQ(w.leaderboard()->order().size(), 3u);

  // The team changes its plan: rerun with the new numbers.
  write("blue.txtpb", "base: \"base.txtpb\"\nteam { cohorts { name: \"pm\" count: 5 } cohorts { name: \"am_new\" count: 9 } }\n");
  ASSERT_TRUE(wait_for([&] { return w.runs_finished() == 3 && !w.busy(); })) << w.last_error().toStdString();
  EXPECT_EQ(w.results().plans(1).scenario().team().cohorts(3).count(), 5u);

  // A half-saved file is listed and left out; the others still run.
  write("green.txtpb", "base: \"base.txtpb\"\nteam { cohorts { name: \"pm\" count: ");
  ASSERT_TRUE(wait_for([&] { return w.runs_finished() == 4 && !w.busy(); }));
  EXPECT_EQ(w.results().plans_size(), 3);
  ASSERT_EQ(w.folder().problems.size(), 1u);
  EXPECT_NE(w.folder().problems[0].find("green.txtpb"), std::string::npos);
}

TEST_F(WorkshopTest, DebriefIsOnePdfOfThreePages) {
  const v1::Results r = run_teams(30, 11);
  const QString path = QString::fromStdString(dir_ + "/debrief.pdf");
  QString error;
  ASSERT_TRUE(write_debrief_pdf(r, "contribution", "Debrief: teams", path, &error)) << error.toStdString();
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  EXPECT_GT(bytes.size(), 10000);
  EXPECT_TRUE(bytes.startsWith("%PDF-"));
  // Page objects ("/Type /Page", not the "/Type /Pages" tree).
  const QString text = QString::fromLatin1(bytes);
  EXPECT_EQ(text.count(QRegularExpression("/Type\\s*/Page(?![s\\w])")), kDebriefPages);
  EXPECT_EQ(text.count(QRegularExpression("/Count\\s+3\\b")), 1);
  // Every page has something drawn on it.
  for (int page = 0; page < kDebriefPages; ++page) {
    const QImage image = render_debrief_page(r, "contribution", "Debrief: teams", page, QSize(1123, 794));
    image.save(QString::fromStdString(dir_ + "/page" + std::to_string(page) + ".png"));
    EXPECT_GT(testing::ink_share(image), 0.03) << "page " << page;
    EXPECT_GT(testing::distinct_colours(image), 8) << "page " << page;
  }
  // Nothing to debrief: an error, no file.
  EXPECT_FALSE(write_debrief_pdf(v1::Results(), "", "x", QString::fromStdString(dir_ + "/empty.pdf"), &error));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/empty.pdf"));
  EXPECT_TRUE(error.contains("empty.pdf"));
}
#endif

// Which files of a workshop folder are the base, the teams and the problems, by enumeration of
// folder layouts: the four shipped teams with one stray file of each kind, the stray file named to
// sort before, among and after the teams (the base must not depend on file-name order).
namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
// The shipped teams folder in `dir`, its branch overlaying the shipped 06_rookie_branch.
void write_teams(const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/branch.txtpb") << "base: \"" << kRoot << "/scenarios/workshop/06_rookie_branch.txtpb\"\nname: \"branch\"\n";
  for (const std::string t : {"team_a", "team_b", "team_c", "team_d"})
    std::ofstream(dir + "/" + t + ".txtpb") << slurp(kTeams + "/" + t + ".txtpb");
}
bool has_problem(const WorkshopFolder& f, const std::string& file, const std::string& words) {
  for (const auto& p : f.problems)
    if (p.find(file) != std::string::npos && p.find(words) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_F(WorkshopTest, BaseIsWhatTheTeamsOverlayWhateverTheFileNames) {
  struct Stray {
    std::string kind, text, problem;  // problem: words of its reason; empty: skipped silently
  };
  const std::string rookie = kRoot + "/scenarios/workshop/06_rookie_branch.txtpb";
  const std::vector<Stray> strays = {
      {"other base outside", "base: \"" + kRoot + "/scenarios/workshop/02_offside.txtpb\"\n", "its base: is"},
      {"copied base", "base: \"" + rookie + "\"\nname: \"branch\"\n", "its base: is"},
      {"a whole scenario (no base:)", slurp(kRoot + "/scenarios/golden_triangle.txtpb"), "no base:"},
      {"sets the seed", "base: \"branch.txtpb\"\nname: \"seedy\"\nexperiment { seed: 5 }\n", "experiment.seed 5"},
      {"sets replications and horizon", "base: \"branch.txtpb\"\nname: \"long\"\nexperiment { replications: 7 horizon_days: 400 }\n",
       "experiment.horizon_days 400"},
      {"a team's copy", slurp(kTeams + "/team_c.txtpb"), "is taken"},
      {"half saved", "base: \"branch.txtpb\"\nteam { cohorts { name: \"pm\" count: ", ""},
  };
  const std::vector<std::string> names = {"0.txtpb", "aaa.txtpb", "team_b2.txtpb", "team_c copy.txtpb", "zzz.txtpb"};
  int layouts = 0;
  for (const auto& s : strays)
    for (const auto& n : names) {
      SCOPED_TRACE(s.kind + " as " + n);
      const std::string dir = dir_ + "/" + std::to_string(layouts++);
      write_teams(dir);
      std::ofstream(dir + "/" + n) << s.text;
      const WorkshopFolder f = load_workshop_folder(dir);
      EXPECT_EQ(f.base_name, "branch");
      EXPECT_EQ(std::filesystem::path(f.base_file).filename(), "branch.txtpb");
      EXPECT_EQ(f.team_names, (std::vector<std::string>{"team_a", "team_b", "team_c", "team_d"}));
      ASSERT_EQ(f.problems.size(), 1u) << f.problems[0];
      EXPECT_NE(f.problems[0].find(n), std::string::npos) << f.problems[0];
      if (!s.problem.empty()) {
        EXPECT_TRUE(has_problem(f, n, s.problem)) << f.problems[0];
      }
    }
  EXPECT_EQ(layouts, 35);
}

TEST_F(WorkshopTest, FolderLayoutsWithoutARunnableTeamSaySo) {
  const std::string rookie = kRoot + "/scenarios/workshop/06_rookie_branch.txtpb";
  RunSettings settings;
  auto no_run = [&](const std::string& dir, const std::string& words) {
    SCOPED_TRACE(dir);
    const WorkshopFolder f = load_workshop_folder(dir);
    EXPECT_TRUE(f.teams.empty());
    try {
      run_workshop(f, settings, [](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings&) -> v1::Results {
        ADD_FAILURE() << "ran";
        return {};
      });
      ADD_FAILURE() << "no error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
    return f;
  };
  // Empty, or only hidden files (an editor's lock, a swap file): no plan file at all.
  std::filesystem::create_directories(dir_ + "/empty");
  no_run(dir_ + "/empty", "no .txtpb files");
  std::filesystem::create_directories(dir_ + "/hidden");
  std::ofstream(dir_ + "/hidden/.#team_c.txtpb") << "base: \"branch.txtpb\"\n";
  std::ofstream(dir_ + "/hidden/.team_a.txtpb") << "base: \"branch.txtpb\"\n";
  no_run(dir_ + "/hidden", "no .txtpb files");
  // Only the base: it is nobody's base here, so no team.
  std::filesystem::create_directories(dir_ + "/only");
  std::ofstream(dir_ + "/only/branch.txtpb") << "base: \"" << rookie << "\"\nname: \"branch\"\n";
  no_run(dir_ + "/only", "no team files");
  // Two bases with a team each: a tie, named.
  std::filesystem::create_directories(dir_ + "/tie");
  std::ofstream(dir_ + "/tie/b1.txtpb") << "base: \"" << rookie << "\"\nname: \"b1\"\n";
  std::ofstream(dir_ + "/tie/b2.txtpb") << "base: \"" << rookie << "\"\nname: \"b2\"\n";
  std::ofstream(dir_ + "/tie/t1.txtpb") << "base: \"b1.txtpb\"\nname: \"t1\"\n";
  std::ofstream(dir_ + "/tie/t2.txtpb") << "base: \"b2.txtpb\"\nname: \"t2\"\n";
  const WorkshopFolder tie = no_run(dir_ + "/tie", "no team files");
  ASSERT_EQ(tie.problems.size(), 1u);
  EXPECT_NE(tie.problems[0].find("b1.txtpb"), std::string::npos);
  EXPECT_NE(tie.problems[0].find("b2.txtpb"), std::string::npos);
}

TEST_F(WorkshopTest, TeamsAreNamedByTheirNameField) {
  write_teams(dir_ + "/n");
  std::ofstream(dir_ + "/n/team_a.txtpb") << "base: \"branch.txtpb\"\nname: \"红队\"\nformation { offside { enabled: false } }\n";
  std::ofstream(dir_ + "/n/team_b.txtpb") << "base: \"branch.txtpb\"\nformation { offside { enabled: false } }\n";  // no name:
  std::ofstream(dir_ + "/n/team_e.txtpb") << "base: \"branch.txtpb\"\nname: \"红队\"\n";                                // taken
  std::ofstream(dir_ + "/n/team_f.txtpb") << "base: \"branch.txtpb\"\nname: \"branch\"\nformation { offside { enabled: false } }\n";  // the base's
  const WorkshopFolder f = load_workshop_folder(dir_ + "/n");
  EXPECT_EQ(f.team_names, (std::vector<std::string>{"红队", "team_b", "team_c", "team_d", "team_f"}));
  EXPECT_EQ(f.teams[0].name(), "红队");
  EXPECT_EQ(f.problems.size(), 1u);
  EXPECT_TRUE(has_problem(f, "team_e.txtpb", "红队"));
  // team_f names itself as the base is named: a name the base has already; it is indistinguishable
  // from a file that sets no name, so it is named by its file.
}

TEST_F(WorkshopTest, ABrokenBaseIsReportedOnce) {
  write_teams(dir_ + "/t");
  std::ofstream(dir_ + "/t/branch.txtpb") << "base: \"../06_rookie_branch.txtpb\"\nname: \"branch\"\n";  // not copied
  const WorkshopFolder f = load_workshop_folder(dir_ + "/t");
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_NE(f.problems[0].find("06_rookie_branch.txtpb"), std::string::npos) << f.problems[0];
  EXPECT_TRUE(f.teams.empty());
}

// A rerun that fails keeps the last leaderboard under a visible "stale" banner with the whole
// reason, and opens no dialog; the next good run takes the banner away.
TEST_F(WorkshopTest, AFailedRerunMarksTheLeaderboardStale) {
  write("base.txtpb", "base: \"" + kRoot + "/scenarios/workshop/06_rookie_branch.txtpb\"\nexperiment { replications: 12 }\n");
  write("red.txtpb", "base: \"base.txtpb\"\nformation { offside { enabled: false } }\n");
  WorkshopWindow w(QString::fromStdString(dir_), nullptr, false);
  w.set_debounce_ms(50);
  w.show();
  w.rescan(true);
  ASSERT_TRUE(wait_for([&] { return w.runs_finished() == 1 && !w.busy(); })) << w.last_error().toStdString();
  EXPECT_FALSE(w.stale());
  // Every way a rerun can fail: no team left (the one team sets its own seed), a runner that throws.
  write("red.txtpb", "base: \"base.txtpb\"\nexperiment { seed: 99 }\n");
  w.rescan(true);
  EXPECT_TRUE(w.stale());
  EXPECT_TRUE(w.stale_text().contains("STALE") || w.stale_text().contains(QString::fromUtf8("过期"))) << w.stale_text().toStdString();
  EXPECT_TRUE(w.stale_text().contains("red.txtpb")) << w.stale_text().toStdString();
  EXPECT_TRUE(w.stale_text().contains("experiment.seed 99")) << w.stale_text().toStdString();  // the whole reason
  EXPECT_EQ(QApplication::activeModalWidget(), nullptr);
  EXPECT_EQ(w.results().plans_size(), 2);  // still shown, marked
  write("red.txtpb", "base: \"base.txtpb\"\nformation { offside { enabled: false } }\n");
  w.rescan(true);
  ASSERT_TRUE(wait_for([&] { return w.runs_finished() == 2 && !w.busy(); })) << w.last_error().toStdString();
  EXPECT_FALSE(w.stale());
  w.set_runner([](const std::vector<v1::Scenario>&, const std::vector<std::string>&, const RunSettings&) -> v1::Results {
    throw std::runtime_error("first line\nsecond line of the reason");
  });
  w.rescan(true);
  ASSERT_TRUE(wait_for([&] { return !w.busy(); }));
  EXPECT_TRUE(w.stale());
  EXPECT_TRUE(w.stale_text().contains("second line of the reason")) << w.stale_text().toStdString();
  EXPECT_EQ(QApplication::activeModalWidget(), nullptr);
}

}  // namespace
}  // namespace salesim::viz
