// `salesim optimise` end to end on a small box (3 x 3 plans of the golden triangle, a quarter's
// horizon without warm-up): its files, that they do not depend on --threads, that the selected plan
// is an overlay `salesim validate` accepts, that bad problems are refused with exit 2 naming the
// flag and writing nothing, and that a killed run finishes with --resume to the same bytes.
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> small_box(const fs::path& out, const std::string& threads) {
  return {"optimise", scenario("golden_triangle.txtpb"), "--set", "experiment.horizon_days=91", "--set",
          "calendar.warmup_days=0", "--budget", "30000000", "--vary", "pm=2..4", "--vary", "presales=5..7",
          "--delta", "1000000", "--n0", "5", "--max-replications", "60", "-j", threads, "-q", "--out", out.string()};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(Optimise, WritesTheRankingTheTopPlansAndAnOverlayOfTheBestThatValidates) {
  const fs::path dir = scratch_dir("optimise_files");
  const Result r = run_salesim(small_box(dir / "o", "2"));
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const char* f : {"ranking.csv", "top.csv", "best_plan.txtpb", "run.json"}) EXPECT_TRUE(fs::exists(dir / "o" / f)) << f;
  EXPECT_FALSE(fs::exists(dir / "o" / "optimise.journal"));
  const auto ranking = lines(read_file(dir / "o" / "ranking.csv"));
  ASSERT_EQ(ranking.size(), 1u + 9u);
  EXPECT_EQ(ranking[0].rfind("rank,plan,pm,presales,heads,yearly_cost_cny,replications,contribution_mean", 0), 0u) << ranking[0];
  int selected = 0;
  for (std::size_t i = 1; i < ranking.size(); ++i) selected += ranking[i].back() == '1';
  EXPECT_EQ(selected, 1);
  EXPECT_EQ(ranking[1].back(), '1');  // the selected plan ranks first
  const std::string best = read_file(dir / "o" / "best_plan.txtpb");
  EXPECT_NE(best.find("base: \""), std::string::npos) << best;
  EXPECT_NE(best.find("cohorts { name: \"pm\" count: "), std::string::npos) << best;
  const Result v = run_salesim({"validate", (dir / "o" / "best_plan.txtpb").string()});
  EXPECT_EQ(v.rc, 0) << v.err;
  EXPECT_NE(read_file(dir / "o" / "run.json").find("\"reproduce\": \"salesim optimise "), std::string::npos);
  // The table on stdout names the selected plan and the equal-allocation comparison.
  auto loud = small_box(dir / "o2", "2");
  loud.erase(std::find(loud.begin(), loud.end(), "-q"));
  const Result t = run_salesim(loud);
  ASSERT_EQ(t.rc, 0) << t.err;
  EXPECT_NE(t.out.find("selected: pm="), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("equal allocation at the same precision"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("P(best)"), std::string::npos) << t.out;
  // A count at the end of its range is pointed out.
  const std::string best_text = read_file(dir / "o2" / "best_plan.txtpb");
  for (const char* edge : {"name: \"pm\" count: 2 ", "name: \"pm\" count: 4 ", "name: \"presales\" count: 5 ",
                           "name: \"presales\" count: 7 "})
    if (best_text.find(edge) != std::string::npos)
      EXPECT_NE(t.out.find("a better plan may lie beyond it"), std::string::npos) << edge << "\n" << t.out;
  fs::remove_all(dir);
}

TEST(Optimise, GivesTheSameBytesForOneAndTwoThreads) {
  const fs::path dir = scratch_dir("optimise_threads");
  ASSERT_EQ(run_salesim(small_box(dir / "a", "1")).rc, 0);
  ASSERT_EQ(run_salesim(small_box(dir / "b", "2")).rc, 0);
  for (const char* f : {"ranking.csv", "top.csv", "best_plan.txtpb"})
    EXPECT_EQ(read_file(dir / "a" / f), read_file(dir / "b" / f)) << f;
  fs::remove_all(dir);
}

void expect_refused(const std::vector<std::string>& args, const std::string& flag, const fs::path& out) {
  const Result r = run_salesim(args);
  EXPECT_EQ(r.rc, 2) << flag << ": " << r.err;
  EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out)) << flag << ": something was written";
}

// small_box with `flag` given `value` instead of (or besides) its own.
std::vector<std::string> with(const fs::path& out, const std::string& flag, const std::string& value) {
  auto a = small_box(out, "1");
  const auto it = std::find(a.begin(), a.end(), flag);
  if (it != a.end()) *(it + 1) = value;
  else a.insert(a.end(), {flag, value});
  return a;
}

TEST(Optimise, RefusesBadProblemsWithExitTwoNamingTheFlagAndWritesNothing) {
  const fs::path dir = scratch_dir("optimise_refused");
  const fs::path out = dir / "o";
  expect_refused(with(out, "--budget", "1000000"), "--budget", out);  // below the cheapest plan
  expect_refused(with(out, "--vary", "pm=4..2"), "--vary", out);      // inverted
  expect_refused(with(out, "--vary", "nobody=1..2"), "--vary", out);  // no such cohort
  expect_refused(with(out, "--vary", "am=1..2"), "--vary", out);      // two AM cohorts: name one
  expect_refused(with(out, "--pcs", "1"), "--pcs", out);
  expect_refused(with(out, "--pcs", "0.5"), "--pcs", out);
  expect_refused(with(out, "--delta", "0"), "--delta", out);
  expect_refused(with(out, "--delta", "-5"), "--delta", out);
  expect_refused(with(out, "--n0", "1"), "--n0", out);
  expect_refused(with(out, "--n0", "100"), "--n0", out);  // above --max-replications 60
  expect_refused(with(out, "--objective", "happiness"), "--objective", out);
  expect_refused(with(out, "--max-heads", "3"), "--max-heads", out);
  auto no_budget = small_box(out, "1");
  no_budget.erase(std::find(no_budget.begin(), no_budget.end(), "--budget"), std::find(no_budget.begin(), no_budget.end(), "--budget") + 2);
  expect_refused(no_budget, "--budget", out);
  auto no_delta = small_box(out, "1");
  no_delta.erase(std::find(no_delta.begin(), no_delta.end(), "--delta"), std::find(no_delta.begin(), no_delta.end(), "--delta") + 2);
  expect_refused(no_delta, "--delta", out);
  fs::remove_all(dir);
}

// Rows of ranking.csv as cells, header left out.
std::vector<std::vector<std::string>> ranking_rows(const fs::path& out) {
  std::vector<std::vector<std::string>> rows;
  const auto all = lines(read_file(out / "ranking.csv"));
  for (std::size_t i = 1; i < all.size(); ++i) {
    std::istringstream row(all[i]);
    std::vector<std::string> c;
    for (std::string cell; std::getline(row, cell, ',');) c.push_back(cell);
    rows.push_back(c);
  }
  return rows;
}

// The rest of the golden triangle costs 2 managers x 1M + 13 AMs x 450k = 7.85M CNY/yr (the role
// defaults) and has 15 people; a PM costs 650k, a presales 500k.
TEST(Optimise, ARoleNameMeansItsOnlyCohortAndTheBudgetAndTheHeadCapPrunePlans) {
  const fs::path dir = scratch_dir("optimise_role");
  // 12.9M leaves 5.05M for PMs and presales: (2,5), (2,6), (2,7), (3,5), (3,6) of the 9 plans.
  const Result b = run_salesim(with(dir / "b", "--budget", "12900000"));
  ASSERT_EQ(b.rc, 0) << b.err;
  auto rows = ranking_rows(dir / "b");
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& c : rows) EXPECT_LE(std::stod(c[5]), 12900000) << c[5];
  // A role: project_manager is the one cohort "pm"; at most 23 people leaves pm + presales <= 8.
  auto a = with(dir / "h", "--vary", "project_manager=2..4");
  a.insert(a.end(), {"--max-heads", "23"});
  const Result h = run_salesim(a);
  ASSERT_EQ(h.rc, 0) << h.err;
  EXPECT_EQ(lines(read_file(dir / "h" / "ranking.csv"))[0].rfind("rank,plan,pm,presales", 0), 0u);
  rows = ranking_rows(dir / "h");
  ASSERT_EQ(rows.size(), 3u);  // (2,5), (2,6), (3,5)
  for (const auto& c : rows) EXPECT_LE(std::stoi(c[4]), 23);
  fs::remove_all(dir);
}

TEST(Optimise, AKilledRunFinishesWithResumeToTheSameBytes) {
  const fs::path dir = scratch_dir("optimise_resume");
  // A run long enough to interrupt: tiny delta keeps every plan in to the cap.
  auto args = [&](const fs::path& out) {
    auto a = with(out, "--delta", "1");
    *(std::find(a.begin(), a.end(), "--max-replications") + 1) = "300";
    return a;
  };
  ASSERT_EQ(run_salesim(args(dir / "whole")).rc, 0);
  const pid_t pid = start_salesim(args(dir / "cut"), (dir / "log").string());
  ASSERT_TRUE(wait_for_size(dir / "cut" / "optimise.journal", 4000, 120));
  ::kill(pid, SIGINT);
  const int rc = wait_exit_code(pid);
  if (rc == 0) GTEST_SKIP() << "the run finished before the interrupt";
  EXPECT_EQ(rc, 130) << read_file(dir.string() + "/log.err");
  EXPECT_NE(read_file(dir.string() + "/log.err").find("--resume"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "cut" / "ranking.csv"));
  // Without --resume or --force the journal is not overwritten.
  EXPECT_EQ(run_salesim(args(dir / "cut")).rc, 1);
  auto resume = args(dir / "cut");
  resume.push_back("--resume");
  const Result r = run_salesim(resume);
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const char* f : {"ranking.csv", "top.csv", "best_plan.txtpb"})
    EXPECT_EQ(read_file(dir / "whole" / f), read_file(dir / "cut" / f)) << f;
  const std::string run = read_file(dir / "cut" / "run.json");
  EXPECT_EQ(run.find("\"replications_replayed\": 0,"), std::string::npos) << run;
  fs::remove_all(dir);
}

// An interrupt in the middle of a stage keeps the replications that stage finished.
TEST(Optimise, AnInterruptInsideTheFirstStageKeepsWhatItFinished) {
  const fs::path dir = scratch_dir("optimise_first_stage");
  auto args = [&](const fs::path& out) {
    auto a = with(out, "--n0", "1000");
    *(std::find(a.begin(), a.end(), "--max-replications") + 1) = "1000";
    return a;
  };
  const pid_t pid = start_salesim(args(dir / "cut"), (dir / "log").string());
  ASSERT_TRUE(wait_for_size(dir / "cut" / "optimise.journal", 10, 60));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ::kill(pid, SIGINT);
  const int rc = wait_exit_code(pid);
  if (rc == 0) GTEST_SKIP() << "the run finished before the interrupt";
  ASSERT_EQ(rc, 130);
  const auto journal = lines(read_file(dir / "cut" / "optimise.journal"));
  EXPECT_GT(journal.size(), 1u) << "nothing of the first stage was kept";
  EXPECT_LT(journal.size(), 1u + 9u * 1000u);
  ASSERT_EQ(run_salesim(args(dir / "whole")).rc, 0);
  auto resume = args(dir / "cut");
  resume.push_back("--resume");
  ASSERT_EQ(run_salesim(resume).rc, 0);
  for (const char* f : {"ranking.csv", "top.csv", "best_plan.txtpb"})
    EXPECT_EQ(read_file(dir / "whole" / f), read_file(dir / "cut" / f)) << f;
  fs::remove_all(dir);
}

// A KPI that is better low is minimised without --minimise; a plan of the box that is not a valid
// team (no PM for the big projects) is left out with a note, not the end of the run; the selected
// plan's overlay names its base by an absolute path, so it works when copied out of --out.
TEST(Optimise, FollowsTheKpisDirectionLeavesInvalidTeamsOutAndWritesAMovableOverlay) {
  const fs::path dir = scratch_dir("optimise_direction");
  auto args = small_box(dir / "o", "2");
  args.erase(std::find(args.begin(), args.end(), "-q"));
  const auto vary = std::find(args.begin(), args.end(), "pm=2..4");
  *vary = "pm=0..2";  // pm=0 cannot run the GO_BIG segment's big projects
  *(std::find(args.begin(), args.end(), "--delta") + 1) = "2";  // days
  for (const char* a : {"--objective", "cycle_time_days"}) args.push_back(a);
  const Result r = run_salesim(args);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("minimising cycle_time_days"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("not a valid team and left out"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pm=0"), std::string::npos) << r.err;
  const auto ranking = lines(read_file(dir / "o" / "ranking.csv"));
  EXPECT_EQ(ranking.size(), 1u + 6u);  // pm 1..2 x presales 5..7: the three pm=0 plans are not choices
  const std::string best = read_file(dir / "o" / "best_plan.txtpb");
  const std::size_t q = best.find("base: \"");
  ASSERT_NE(q, std::string::npos) << best;
  EXPECT_EQ(best[q + 7], '/') << best;  // absolute
  fs::create_directories(dir / "elsewhere");
  fs::copy_file(dir / "o" / "best_plan.txtpb", dir / "elsewhere" / "mine.txtpb");
  const Result v = run_salesim({"validate", (dir / "elsewhere" / "mine.txtpb").string()});
  EXPECT_EQ(v.rc, 0) << v.err;
  // A box with no valid team at all is refused, naming --vary.
  auto none = small_box(dir / "n", "2");
  *std::find(none.begin(), none.end(), "pm=2..4") = "pm=0..0";
  const Result n = run_salesim(none);
  EXPECT_EQ(n.rc, 2) << n.err;
  EXPECT_NE(n.err.find("--vary: no plan in the box is a valid team"), std::string::npos) << n.err;
  EXPECT_FALSE(fs::exists(dir / "n"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
