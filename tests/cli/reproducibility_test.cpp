// Same inputs and seed give byte-identical result files for any --threads and any MPI rank count.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

// Short horizon and few replications keep the suite fast; the point is the bytes.
const std::vector<std::string> kRun = {"run", scenario("golden_triangle.txtpb"), "-n", "40", "--seed", "11",
                                       "--set", "experiment.horizon_days=120", "-q", "--out"};

TEST(Reproducibility, ResultFilesAreByteIdenticalForOneTwoAndFourThreads) {
  const fs::path dir = scratch_dir("threads");
  for (const char* t : {"1", "2", "4"}) {
    std::vector<std::string> args = kRun;
    args.push_back((dir / t).string());
    args.insert(args.end(), {"--threads", t});
    const Result r = run_salesim(args);
    ASSERT_EQ(r.rc, 0) << r.err;
  }
  for (const auto& f : result_files()) {
    const std::string one = read_file(dir / "1" / f);
    ASSERT_FALSE(one.empty()) << f;
    EXPECT_EQ(read_file(dir / "2" / f), one) << f;
    EXPECT_EQ(read_file(dir / "4" / f), one) << f;
  }
  fs::remove_all(dir);
}

TEST(Reproducibility, ResultFilesAreByteIdenticalUnderMpirunWithOneTwoAndThreeRanks) {
  if (!have_program("mpirun")) GTEST_SKIP() << "mpirun not installed";
  const Result probe = run_salesim({"--version"});
  if (probe.out.find("(mpi)") == std::string::npos) GTEST_SKIP() << "salesim built without MPI";
  // OpenMPI keeps allocations past MPI_Finalize; under LeakSanitizer builds they are not ours.
  const char* asan = std::getenv("ASAN_OPTIONS");
  ::setenv("ASAN_OPTIONS", (std::string(asan ? asan : "") + (asan ? ":" : "") + "detect_leaks=0").c_str(), 1);
  const fs::path dir = scratch_dir("mpi");
  std::vector<std::string> args = kRun;
  args.push_back((dir / "plain").string());
  args.insert(args.end(), {"--threads", "1"});
  ASSERT_EQ(run_salesim(args).rc, 0);
  for (const char* np : {"1", "2", "3"}) {
    std::vector<std::string> a = kRun;
    a.push_back((dir / np).string());
    a.insert(a.end(), {"--threads", "1"});
    const Result r = run_salesim(a, {"mpirun", "--allow-run-as-root", "--oversubscribe", "-np", np});
    ASSERT_EQ(r.rc, 0) << "np " << np << ": " << r.err;
    for (const auto& f : result_files())
      EXPECT_EQ(read_file(dir / np / f), read_file(dir / "plain" / f)) << f << " differs at -np " << np;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace salesim::testing
