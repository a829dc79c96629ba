// Long runs survive faults: SIGKILL midway then --resume gives the bytes of an uninterrupted run;
// SIGINT / SIGTERM finish in-flight work, keep a resumable journal and exit 130 / 143.
#include <gtest/gtest.h>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> sweep_args(const fs::path& out) {
  return {"sweep", fixture("sweep_small.txtpb"), "-n", "600", "--threads", "1",
          "--set", "experiment.horizon_days=180", "-q", "--out", out.string()};
}

// The journal header is a few KB; wait until it also holds a good number of records.
constexpr std::uintmax_t kMidway = 200 * 1024;

void expect_same_results(const fs::path& a, const fs::path& b) {
  for (const auto& f : result_files()) {
    const std::string x = read_file(a / f);
    ASSERT_FALSE(x.empty()) << f;
    EXPECT_EQ(read_file(b / f), x) << f;
  }
}

// One uninterrupted reference run shared by the tests of this suite.
class Resume : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = scratch_dir("resume");
    const Result r = run_salesim(sweep_args(dir_ / "reference"));
    reference_ok_ = r.rc == 0;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  void SetUp() override { ASSERT_TRUE(reference_ok_) << "the uninterrupted reference run failed"; }
  static inline fs::path dir_;
  static inline bool reference_ok_ = false;
};

TEST_F(Resume, ASweepKilledWithSigkillMidwayResumesToIdenticalBytes) {
  const fs::path out = dir_ / "killed";
  const pid_t pid = start_salesim(sweep_args(out), (dir_ / "killed_log").string());
  ASSERT_TRUE(wait_for_size(out / "journal.bin", kMidway));
  ::kill(pid, SIGKILL);
  EXPECT_EQ(wait_exit_code(pid), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(out / "results.pb")) << "the kill came too late to test anything";

  // Without --resume the directory is refused and left alone.
  const std::uintmax_t journal_size = fs::file_size(out / "journal.bin");
  const Result refused = run_salesim(sweep_args(out));
  EXPECT_EQ(refused.rc, 1);
  EXPECT_NE(refused.err.find("--resume"), std::string::npos) << refused.err;
  EXPECT_EQ(fs::file_size(out / "journal.bin"), journal_size);

  std::vector<std::string> args = sweep_args(out);
  args.push_back("--resume");
  const Result r = run_salesim(args);
  ASSERT_EQ(r.rc, 0) << r.err;
  expect_same_results(dir_ / "reference", out);
  EXPECT_NE(read_file(out / "run.json").find("\"replications_replayed\": "), std::string::npos);
  EXPECT_EQ(read_file(out / "run.json").find("\"replications_replayed\": 0,"), std::string::npos)
      << "nothing was taken from the journal";
}

void interrupt_and_resume(const fs::path& dir, int sig, int expected_rc) {
  const fs::path out = dir / ("sig" + std::to_string(sig));
  const std::string log = (dir / ("sig_log" + std::to_string(sig))).string();
  const pid_t pid = start_salesim(sweep_args(out), log);
  ASSERT_TRUE(wait_for_size(out / "journal.bin", kMidway));
  ::kill(pid, sig);
  EXPECT_EQ(wait_exit_code(pid), expected_rc);
  const std::string err = read_file(log + ".err");
  EXPECT_NE(err.find("resume with:"), std::string::npos) << err;
  EXPECT_NE(err.find("--resume"), std::string::npos) << err;
  ASSERT_TRUE(fs::exists(out / "journal.bin"));
  EXPECT_FALSE(fs::exists(out / "results.pb"));
  std::vector<std::string> args = sweep_args(out);
  args.push_back("--resume");
  const Result r = run_salesim(args);
  ASSERT_EQ(r.rc, 0) << r.err;
  expect_same_results(dir / "reference", out);
}

TEST_F(Resume, SigintExits130WithAResumableJournal) { interrupt_and_resume(dir_, SIGINT, 130); }

TEST_F(Resume, SigtermExits143WithAResumableJournal) { interrupt_and_resume(dir_, SIGTERM, 143); }

}  // namespace
}  // namespace salesim::testing

namespace salesim::testing {
namespace {

// --resume with nothing to resume (a finished run: results.pb, no journal) runs from the start,
// says so, and writes the same bytes as the first run.
TEST(ResumeNothing, SaysThereIsNothingToResumeAndRunsFromTheStart) {
  const fs::path dir = scratch_dir("resume_nothing");
  const std::vector<std::string> args = {"run", scenario("golden_triangle.txtpb"), "-n", "3", "--out", (dir / "o").string()};
  ASSERT_EQ(run_salesim(args).rc, 0);
  const std::string first = read_file(dir / "o" / "results.pb");
  std::vector<std::string> again = args;
  again.push_back("--resume");
  const Result r = run_salesim(again);
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find("nothing to resume in " + (dir / "o").string() + " (no journal.bin): running from the start"),
            std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir / "o" / "results.pb"), first);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
