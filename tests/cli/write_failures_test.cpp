// A failed write is an error, whichever write it is. The test hook SALESIM_FAULT_AFTER_OPS=k makes
// the k-th checked file operation of the process fail with ENOSPC; for k = 1, 2, ... until a run
// succeeds, every operation of a compare (all output kinds: results.pb, replications.pb, the CSVs,
// comparison.csv, the plan echoes, run.json, the journal) fails once, and each time: exit 1, the
// OS reason in the message, the previous outputs untouched, the journal kept, and --resume then
// writes the bytes of an undisturbed run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> compare_args(const fs::path& out, const std::string& seed) {
  return {"compare", scenario("golden_triangle.txtpb"), fixture("more_pms.txtpb"), "-n", "4", "--seed", seed,
          "--threads", "1", "--set", "experiment.horizon_days=60", "-q", "--out", out.string()};
}

// The files of a directory (names to bytes), without run.json (it holds timings).
std::map<std::string, std::string> files_of(const fs::path& dir, bool with_run_json = false) {
  std::map<std::string, std::string> m;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name == "run.json" && !with_run_json) continue;
    m[name] = e.is_directory() ? "<dir>" : read_file(e.path());
  }
  return m;
}

// The names of the files that differ between two listings ("" when none).
std::string differing(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::string d;
  for (const auto& [name, bytes] : a)
    if (!b.count(name) || b.at(name) != bytes) d += name + " ";
  for (const auto& [name, bytes] : b)
    if (!a.count(name)) d += name + " ";
  return d;
}

void copy_dir(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from)) fs::copy_file(e.path(), to / e.path().filename());
}

// "salesim compare: cannot write /x/y/summary.csv: No space left on device" -> "summary.csv".
std::string failed_file(const std::string& err) {
  const auto colon = err.find(": No space left on device");
  if (colon == std::string::npos) return {};
  const auto space = err.rfind(' ', colon);
  return fs::path(err.substr(space + 1, colon - space - 1)).filename().string();
}

// A weekly-band checkpoint every 3 journal records (run_journal.h; 8 items here), so that the
// operations of two checkpoints fail too, and failures land before and after each.
TEST(WriteFailures, EachFailedOperationExitsOneKeepsThePreviousRunAndResumesToIdenticalBytes) {
  ::setenv("SALESIM_JOURNAL_CHECKPOINT_EVERY", "3", 1);
  const fs::path dir = scratch_dir("write_failures");
  ASSERT_EQ(run_salesim(compare_args(dir / "reference", "5")).rc, 0);
  ASSERT_EQ(run_salesim(compare_args(dir / "previous", "6")).rc, 0);
  const auto reference = files_of(dir / "reference");
  const auto previous = files_of(dir / "previous", true);

  std::set<std::string> failed;
  int failures = 0;
  for (int k = 1; k < 500; ++k) {
    const fs::path out = dir / std::string("k").append(std::to_string(k));
    copy_dir(dir / "previous", out);  // a finished earlier run, replaced with --force
    std::vector<std::string> args = compare_args(out, "5");
    args.push_back("--force");
    ::setenv("SALESIM_FAULT_AFTER_OPS", std::to_string(k).c_str(), 1);
    const Result r = run_salesim(args);
    ::unsetenv("SALESIM_FAULT_AFTER_OPS");
    if (r.rc == 0) {  // k is past the last operation: every one has failed once
      EXPECT_EQ(differing(files_of(out), reference), "");
      break;
    }
    ++failures;
    SCOPED_TRACE("operation " + std::to_string(k) + ": " + r.err);
    EXPECT_EQ(r.rc, 1);
    const std::string file = failed_file(r.err);
    EXPECT_FALSE(file.empty()) << "no path and OS reason in the message";
    failed.insert(file);

    // Nothing published: the previous run as it was, perhaps with this run's journal beside it.
    auto now = files_of(out, true);
    const bool journal = now.erase("journal.bin") > 0;
    for (const char* side : {"journal.bands", "journal.bands.tmp", "journal.weeks"}) now.erase(side);
    EXPECT_EQ(differing(now, previous), "");

    std::vector<std::string> resume = compare_args(out, "5");
    resume.push_back("--resume");
    const Result again = run_salesim(resume);
    ASSERT_EQ(again.rc, 0) << again.err;
    EXPECT_EQ(differing(files_of(out), reference), "") << (journal ? "resumed from the journal" : "no journal yet");
    fs::remove_all(out);
  }
  // Every output file was among the failed ones (the class, member by member).
  for (const auto& [name, bytes] : files_of(dir / "reference", true)) EXPECT_TRUE(failed.count(name)) << name;
  EXPECT_TRUE(failed.count("journal.bin"));
  EXPECT_TRUE(failed.count("journal.bands.tmp"));
  EXPECT_TRUE(failed.count("journal.weeks"));
  EXPECT_GT(failures, 20);
  std::cout << failures << " operations failed in turn; files: " << failed.size() << "\n";
  fs::remove_all(dir);
  ::unsetenv("SALESIM_JOURNAL_CHECKPOINT_EVERY");
}

// With several threads the workers run ahead of the commit: a failed journal append must end the
// journal there (no later item after the gap), so that --resume replays an unbroken prefix.
TEST(WriteFailures, AJournalFailureUnderThreadsStillResumesToIdenticalBytes) {
  ::setenv("SALESIM_JOURNAL_CHECKPOINT_EVERY", "5", 1);  // checkpoints among the failures
  const fs::path dir = scratch_dir("write_failures_threads");
  auto args = [](const fs::path& out) {
    return std::vector<std::string>{"run", scenario("golden_triangle.txtpb"), "-n", "12", "--threads", "2", "--set",
                                    "experiment.horizon_days=60", "-q", "--out", out.string()};
  };
  ASSERT_EQ(run_salesim(args(dir / "reference")).rc, 0);
  const auto reference = files_of(dir / "reference");
  int failed = 0;
  for (int k = 4; k <= 24; k += 2) {  // operations that append journal records
    const fs::path out = dir / std::string("k").append(std::to_string(k));
    ::setenv("SALESIM_FAULT_AFTER_OPS", std::to_string(k).c_str(), 1);
    const Result r = run_salesim(args(out));
    ::unsetenv("SALESIM_FAULT_AFTER_OPS");
    if (r.rc == 0) continue;
    ++failed;
    SCOPED_TRACE("operation " + std::to_string(k) + ": " + r.err);
    std::vector<std::string> resume = args(out);
    resume.push_back("--resume");
    const Result again = run_salesim(resume);
    ASSERT_EQ(again.rc, 0) << again.err;
    EXPECT_EQ(differing(files_of(out), reference), "");
  }
  EXPECT_GT(failed, 5);
  fs::remove_all(dir);
  ::unsetenv("SALESIM_JOURNAL_CHECKPOINT_EVERY");
}

}  // namespace
}  // namespace salesim::testing
