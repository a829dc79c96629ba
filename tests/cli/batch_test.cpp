// Batch jobs and clusters: --progress lines for logs, --shard auto from the batch scheduler's
// array variables, and `salesim merge` naming the shards it misses or gets twice.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>

#include "sim/cli/options.h"
#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> sweep_args(const fs::path& out) {
  return {"sweep", fixture("sweep_small.txtpb"), "-n", "10", "--set", "experiment.horizon_days=90", "-j", "2", "--out",
          out.string()};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// No scheduler variables from the environment the tests run in.
const std::vector<std::string> kNoScheduler = {"env", "-u", "SLURM_ARRAY_TASK_ID", "-u", "SLURM_JOB_ID", "-u",
                                               "SGE_TASK_ID", "-u", "PBS_ARRAY_INDEX", "-u", "LSB_JOBINDEX"};

std::vector<std::string> with_env(std::vector<std::string> vars) {
  std::vector<std::string> launcher = kNoScheduler;
  launcher.insert(launcher.end(), vars.begin(), vars.end());
  return launcher;
}

// --- --progress

TEST(Progress, LinesModeLogsWellFormedLinesEndingAtOneHundredPercent) {
  const fs::path dir = scratch_dir("progress_lines");
  std::vector<std::string> a = sweep_args(dir / "lines");
  a.push_back("--progress=lines");
  const Result r = run_salesim(a);
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::regex line(
      R"(salesim sweep: [0-9]{1,3}(,[0-9]{3})*/30 replications \([0-9]{1,3}\.[0-9]%\)(, [0-9,]+/s)?(, ETA [0-9]+:[0-9]{2}(:[0-9]{2})?|, done in [0-9]+:[0-9]{2}(:[0-9]{2})?)?)");
  std::vector<std::string> progress;
  for (const std::string& l : lines_of(r.err))
    if (l.rfind("salesim sweep: ", 0) == 0) progress.push_back(l);
  ASSERT_GE(progress.size(), 2u) << r.err;
  for (const std::string& l : progress) EXPECT_TRUE(std::regex_match(l, line)) << "malformed: " << l;
  EXPECT_EQ(progress.front().rfind("salesim sweep: 0/30 replications (0.0%)", 0), 0u) << progress.front();
  EXPECT_EQ(progress.back().rfind("salesim sweep: 30/30 replications (100.0%)", 0), 0u) << progress.back();
  EXPECT_NE(progress.back().find(", done in "), std::string::npos) << progress.back();
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "a log line holds a carriage return";
  EXPECT_EQ(r.out.find("replications ("), std::string::npos) << "progress went to stdout";
  // Timing stays on stderr: the result files are those of a run without progress.
  std::vector<std::string> q = sweep_args(dir / "quiet");
  q.push_back("-q");
  ASSERT_EQ(run_salesim(q).rc, 0);
  for (const auto& f : result_files()) EXPECT_EQ(read_file(dir / "lines" / f), read_file(dir / "quiet" / f)) << f;
  fs::remove_all(dir);
}

TEST(Progress, UnderMpirunOnlyRankZeroLogs) {
  if (!have_program("mpirun")) GTEST_SKIP() << "mpirun not installed";
  const fs::path dir = scratch_dir("progress_mpi");
  std::vector<std::string> a = sweep_args(dir / "mpi");
  a[7] = "1";  // --threads 1 per rank
  a.push_back("--progress=lines");
  const Result r = run_salesim(a, {"mpirun", "--allow-run-as-root", "--oversubscribe", "-np", "2"});
  ASSERT_EQ(r.rc, 0) << r.err;
  std::size_t finals = 0;
  for (const std::string& l : lines_of(r.err)) finals += l.rfind("salesim sweep: 30/30 replications (100.0%)", 0) == 0;
  EXPECT_EQ(finals, 1u) << r.err;
  fs::remove_all(dir);
}

TEST(Progress, QuietSilencesEvenExplicitLines) {
  const fs::path dir = scratch_dir("progress_quiet");
  std::vector<std::string> a = sweep_args(dir / "q");
  a.insert(a.end(), {"--progress", "lines", "-q"});
  const Result r = run_salesim(a);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.err.find("replications ("), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(Progress, WithoutTheOptionAShortRunOffATerminalLogsNothing) {
  // stderr is a file here, so the default is lines, and only once the run has lasted 10 s.
  const fs::path dir = scratch_dir("progress_default");
  const Result r = run_salesim(sweep_args(dir / "d"));
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.err.find("replications ("), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "a bar was drawn into a file";
  fs::remove_all(dir);
}

TEST(Progress, NoneAndBarAreHonoured) {
  const fs::path dir = scratch_dir("progress_modes");
  std::vector<std::string> none = sweep_args(dir / "none");
  none.insert(none.end(), {"--progress", "none"});
  const Result n = run_salesim(none);
  ASSERT_EQ(n.rc, 0) << n.err;
  EXPECT_EQ(n.err.find("replications ("), std::string::npos) << n.err;
  EXPECT_EQ(n.err.find('\r'), std::string::npos) << n.err;
  std::vector<std::string> bar = sweep_args(dir / "bar");
  bar.insert(bar.end(), {"--progress", "bar"});
  const Result b = run_salesim(bar);
  ASSERT_EQ(b.rc, 0) << b.err;
  EXPECT_NE(b.err.find("\r\033[K["), std::string::npos) << "asked for a bar, drew none";
  fs::remove_all(dir);
}

TEST(Progress, AnUnknownModeIsAUsageErrorForEveryCommandThatHasIt) {
  for (const char* command : {"run", "compare", "sweep", "attribute", "optimise"}) {
    const Result r = run_salesim({command, "no_such.txtpb", "--progress", "verbose"});
    EXPECT_EQ(r.rc, 2) << command << ": " << r.err;
    EXPECT_NE(r.err.find("--progress: 'verbose' is not one of bar, lines, none"), std::string::npos) << command << ": " << r.err;
  }
}

TEST(Progress, OptimiseLogsLinesToo) {
  const fs::path dir = scratch_dir("progress_optimise");
  const Result r = run_salesim({"optimise", scenario("golden_triangle.txtpb"), "--budget", "1e12", "--vary", "pm=2..3",
                                "--delta", "1e12", "--n0", "2", "--max-replications", "2", "--set",
                                "experiment.horizon_days=60", "-j", "2", "--progress", "lines", "--out", (dir / "o").string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("salesim optimise: stage 1, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("salesim optimise: done: "), std::string::npos) << r.err;
  fs::remove_all(dir);
}

// --- --shard auto, in process: the environment is a map.

cli::SchedulerShard shard_from(const std::map<std::string, std::string>& env) {
  return cli::scheduler_shard([&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

std::string refusal(const std::map<std::string, std::string>& env) {
  try {
    const cli::SchedulerShard s = shard_from(env);
    return "accepted as " + std::to_string(s.index) + "/" + std::to_string(s.count);
  } catch (const cli::UsageError& e) {
    return e.what();
  }
}

TEST(ShardAuto, SlurmArraysFromZeroOrOneGiveShardsFromZero) {
  auto s = shard_from({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_MAX", "15"}});
  EXPECT_EQ(s.index, 0u);
  EXPECT_EQ(s.count, 16u);
  EXPECT_EQ(s.source, "SLURM_ARRAY_TASK_ID=0 of 0-15");
  s = shard_from({{"SLURM_ARRAY_TASK_ID", "16"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_MAX", "16"},
                  {"SLURM_ARRAY_TASK_COUNT", "16"}});
  EXPECT_EQ(s.index, 15u);
  EXPECT_EQ(s.count, 16u);
}

TEST(ShardAuto, SlurmStepsCountOnlyTheArraysTasks) {
  // --array=10-40:10 runs tasks 10, 20, 30, 40.
  const auto s = shard_from({{"SLURM_ARRAY_TASK_ID", "30"}, {"SLURM_ARRAY_TASK_MIN", "10"}, {"SLURM_ARRAY_TASK_MAX", "40"},
                             {"SLURM_ARRAY_TASK_STEP", "10"}, {"SLURM_ARRAY_TASK_COUNT", "4"}});
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 4u);
  EXPECT_EQ(s.source, "SLURM_ARRAY_TASK_ID=30 of 10-40:10");
}

TEST(ShardAuto, WhatIsNotADenseRangeIsRefused) {
  // --array=0,3,7: min 0, max 7, but 3 tasks.
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_MAX", "7"},
                     {"SLURM_ARRAY_TASK_COUNT", "3"}})
                .find("SLURM_ARRAY_TASK_COUNT=3 tasks, not the 8 of a dense range"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "15"}, {"SLURM_ARRAY_TASK_MIN", "10"}, {"SLURM_ARRAY_TASK_MAX", "40"},
                     {"SLURM_ARRAY_TASK_STEP", "10"}})
                .find("the task is not one of the array's"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_MIN", "0"}}).find("SLURM_ARRAY_TASK_MAX is not"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_MAX", "3"}})
                .find("SLURM_ARRAY_TASK_ID='x': not a task number"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_MAX", "10000"}})
                .find("more than the 10000 shards allowed"),
            std::string::npos);
}

TEST(ShardAuto, GridEngineArraysWork) {
  const auto s = shard_from({{"SGE_TASK_ID", "5"}, {"SGE_TASK_FIRST", "1"}, {"SGE_TASK_LAST", "9"}, {"SGE_TASK_STEPSIZE", "2"}});
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 5u);
  // A job that is not an array says SGE_TASK_ID=undefined.
  EXPECT_NE(refusal({{"SGE_TASK_ID", "undefined"}}).find("not a task of a batch-scheduler array job"), std::string::npos);
}

TEST(ShardAuto, WithoutSchedulerVariablesTheMessageNamesTheOnesLookedFor) {
  const std::string m = refusal({});
  for (const char* v : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SGE_TASK_ID", "--shard I/N"})
    EXPECT_NE(m.find(v), std::string::npos) << v << " not in: " << m;
  EXPECT_NE(refusal({{"SLURM_JOB_ID", "77"}}).find("not an array: submit with sbatch --array"), std::string::npos);
  EXPECT_NE(refusal({{"PBS_ARRAY_INDEX", "3"}}).find("PBS sets no task count"), std::string::npos);
}

// --- --shard auto, end to end.

TEST(ShardAuto, OutsideAnArrayJobItIsAUsageError) {
  const Result r = run_salesim({"sweep", fixture("sweep_small.txtpb"), "--shard", "auto", "--out", "/nonexistent/x"},
                               kNoScheduler);
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_NE(r.err.find("SLURM_ARRAY_TASK_ID"), std::string::npos) << r.err;
}

TEST(ShardAuto, ASlurmArrayFromOneMergedEqualsASingleRun) {
  const fs::path dir = scratch_dir("shard_auto");
  std::vector<std::string> single = sweep_args(dir / "single");
  single.push_back("-q");
  ASSERT_EQ(run_salesim(single).rc, 0);
  std::vector<std::string> merge = {"merge"};
  for (int task = 1; task <= 3; ++task) {  // sbatch --array=1-3
    const fs::path out = dir / ("s" + std::to_string(task));
    std::vector<std::string> a = sweep_args(out);
    a.insert(a.end(), {"--shard", "auto"});
    const Result r = run_salesim(a, with_env({"SLURM_ARRAY_TASK_ID=" + std::to_string(task), "SLURM_ARRAY_TASK_MIN=1",
                                              "SLURM_ARRAY_TASK_MAX=3", "SLURM_ARRAY_TASK_COUNT=3"}));
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.err.find("--shard auto: shard " + std::to_string(task - 1) + "/3 (SLURM_ARRAY_TASK_ID=" +
                         std::to_string(task) + " of 1-3)"),
              std::string::npos)
        << r.err;
    merge.push_back(out.string());
  }
  merge.insert(merge.end(), {"--out", (dir / "merged").string(), "-q"});
  const Result m = run_salesim(merge);
  ASSERT_EQ(m.rc, 0) << m.err;
  for (const auto& f : result_files()) EXPECT_EQ(read_file(dir / "merged" / f), read_file(dir / "single" / f)) << f;
  fs::remove_all(dir);
}

// --- merge names the shards it misses or gets twice.

TEST(Merge, NamesEachMissingAndDuplicatedShardAndWritesNothing) {
  const fs::path dir = scratch_dir("merge_names");
  for (int i = 0; i < 4; ++i) {
    if (i == 2) continue;
    std::vector<std::string> a = sweep_args(dir / ("s" + std::to_string(i)));
    a.insert(a.end(), {"--shard", std::to_string(i) + "/4", "-q"});
    ASSERT_EQ(run_salesim(a).rc, 0);
  }
  fs::copy(dir / "s1", dir / "s1copy");
  const std::string s0 = (dir / "s0").string(), s1 = (dir / "s1").string(), s1copy = (dir / "s1copy").string(),
                    s3 = (dir / "s3").string();
  const Result m = run_salesim({"merge", s0, s1, s1copy, s3, "--out", (dir / "m").string()});
  EXPECT_EQ(m.rc, 1) << m.err;
  EXPECT_NE(m.err.find("missing shard 2/4 (none of the directories holds it)"), std::string::npos) << m.err;
  EXPECT_NE(m.err.find("shard 1/4 given twice: " + s1 + ", " + s1copy), std::string::npos) << m.err;
  EXPECT_EQ(m.err.find("shard 0/4"), std::string::npos) << m.err;
  EXPECT_FALSE(fs::exists(dir / "m")) << "merge wrote into --out";
  // Only missing ones: each named.
  const Result two = run_salesim({"merge", s0, s3, "--out", (dir / "m").string()});
  EXPECT_EQ(two.rc, 1);
  EXPECT_NE(two.err.find("missing shard 1/4"), std::string::npos) << two.err;
  EXPECT_NE(two.err.find("missing shard 2/4"), std::string::npos) << two.err;
  EXPECT_FALSE(fs::exists(dir / "m"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
