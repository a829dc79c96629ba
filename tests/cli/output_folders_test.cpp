// Every option of every salesim command that names a place to write (issue 12, trial defect 2:
// `run --export-crm` over a real export overwrote the user's opportunities.csv and mapping.txtpb).
// The options are enumerated from the commands' own declarations (cli::options_for), so a new
// --out-like option fails here until it is classified:
//   folders  (--out of every command but schema, run --export-crm): absent or empty, else refused
//            with exit 1 and one exact message, nothing written or run, unless --force;
//   files    (schema --out, sweep --export-design): the named file is replaced atomically, as
//            `cp` or a compiler's -o do (the user named that very file); a folder there is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "sim/cli/options.h"

namespace salesim::testing {
namespace {

// The options that write: --out, --export-*, --debrief, --screenshot, --render-like names.
bool writes(const std::string& long_name) {
  return long_name == "out" || long_name.rfind("export-", 0) == 0 || long_name == "debrief" || long_name == "screenshot";
}
// --export-replications and --export-epoch choose what --export-crm writes; they name no path.
bool names_a_path(const std::string& long_name) {
  return long_name != "export-replications" && long_name != "export-epoch";
}

std::set<std::string> writing_options() {
  std::set<std::string> found;
  for (const std::string& command : cli::subcommands()) {
    cli::Invocation unused;
    const auto options = cli::options_for(command, unused);
    for (const auto& o : options.options())
      if (writes(o->long_name()) && names_a_path(o->long_name())) found.insert(command + " --" + o->long_name());
  }
  return found;
}

const std::set<std::string> kFolderOptions = {
    "run --out",      "run --export-crm",    "sweep --out",    "compare --out", "optimise --out", "attribute --out",
    "sensitivity --out", "backtest --out", "merge --out", "fit --out"};
const std::set<std::string> kFileOptions = {"schema --out", "sweep --export-design"};

TEST(OutputFolders, EveryWritingOptionIsClassified) {
  std::set<std::string> classified = kFolderOptions;
  classified.insert(kFileOptions.begin(), kFileOptions.end());
  EXPECT_EQ(writing_options(), classified)
      << "a new option writes somewhere: add it to kFolderOptions (refuses a non-empty folder without --force) or "
         "kFileOptions (replaces the named file), with an invocation below";
}

// Two shards of a tiny run, for merge.
std::vector<std::string> shard_dirs(const fs::path& d) {
  std::vector<std::string> dirs;
  for (const char* s : {"0/2", "1/2"}) {
    const std::string dir = (d / (std::string("shard") + s[0])).string();
    const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "2", "--shard", s, "-q", "--out", dir});
    EXPECT_EQ(r.rc, 0) << r.err;
    dirs.push_back(dir);
  }
  return dirs;
}

// A valid invocation of each folder option writing into `target`.
std::vector<std::string> invocation(const std::string& option, const std::string& target, const fs::path& d) {
  const std::string crm = scenario("crm_example");
  const std::string other_out = (d / "other_out").string();
  if (option == "run --out") return {"run", scenario("golden_triangle.txtpb"), "-n", "2", "-q", "--out", target};
  if (option == "run --export-crm")
    return {"run", scenario("golden_triangle.txtpb"), "-n", "1", "-q", "--out", other_out, "--export-crm", target};
  if (option == "sweep --out") return {"sweep", scenario("sweep_pm_count.txtpb"), "-n", "2", "-q", "--out", target};
  if (option == "compare --out")
    return {"compare", scenario("golden_triangle.txtpb"), scenario("pm_shortage.txtpb"), "-n", "2", "-q", "--out", target};
  if (option == "optimise --out")
    return {"optimise", scenario("golden_triangle.txtpb"), "--vary", "pm=1..2", "--budget", "1e9", "--delta", "1", "-q",
            "--out", target};
  if (option == "attribute --out") return {"attribute", scenario("offside.txtpb"), "-n", "2", "-q", "--out", target};
  if (option == "sensitivity --out")
    return {"sensitivity", scenario("sensitivity_formation.txtpb"), "-n", "2", "-q", "--out", target};
  if (option == "backtest --out")
    return {"backtest", scenario("golden_triangle.txtpb"), "--actual", crm, "-n", "10", "-q", "--out", target};
  if (option == "merge --out") {
    std::vector<std::string> args = {"merge"};
    for (const std::string& s : shard_dirs(d)) args.push_back(s);
    args.insert(args.end(), {"-q", "--out", target});
    return args;
  }
  if (option == "fit --out")
    return {"fit", crm, "--mapping", crm + "/mapping.txtpb", "--base", scenario("golden_triangle.txtpb"),
            "--no-simulation", "-q", "--out", target};
  ADD_FAILURE() << "no invocation for " << option;
  return {};
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class EachFolderOption : public ::testing::TestWithParam<std::string> {};

TEST_P(EachFolderOption, RefusesANonEmptyFolderWithoutForceAndLeavesItAsItWas) {
  const std::string option = GetParam();
  const std::string command = option.substr(0, option.find(' '));
  const std::string flag = option.substr(option.find(' ') + 1);
  const fs::path d = scratch_dir("folders_" + command + "_" + flag.substr(2));
  const fs::path target = d / "user_data";
  fs::create_directories(target);
  {
    std::ofstream(target / "opportunities.csv") << "the user's own export\n";
    std::ofstream(target / "mapping.txtpb") << "# the user's own mapping\n";
  }
  const Result r = run_salesim(invocation(option, target.string(), d));
  EXPECT_EQ(r.rc, 1) << r.err;
  EXPECT_EQ(r.err, "salesim " + command + ": " + target.string() +
                       " is not empty (it holds mapping.txtpb, opportunities.csv): " + flag +
                       " writes only into a new or empty folder; use --force to write into it anyway (files of the "
                       "same names are replaced), or another " + flag + "\n");
  EXPECT_EQ(listing(target), (std::vector<std::string>{"mapping.txtpb", "opportunities.csv"}));
  EXPECT_EQ(read_file(target / "opportunities.csv"), "the user's own export\n");
  EXPECT_EQ(read_file(target / "mapping.txtpb"), "# the user's own mapping\n");
  // Refused before anything ran: the run's own --out was not even created.
  if (option == "run --export-crm") {
    EXPECT_FALSE(fs::exists(d / "other_out"));
  }
  fs::remove_all(d);
}

INSTANTIATE_TEST_SUITE_P(All, EachFolderOption, ::testing::ValuesIn(std::vector<std::string>(kFolderOptions.begin(), kFolderOptions.end())),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(OutputFolders, AnEmptyFolderOrAKilledRunsStagingLeftoverIsFree) {
  const fs::path d = scratch_dir("folders_empty");
  fs::create_directories(d / "empty");
  fs::create_directories(d / "leftover" / ".salesim-staging");
  for (const char* dir : {"empty", "leftover"}) {
    const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "1", "-q", "--out", (d / "o").string(),
                                  "--force", "--export-crm", (d / dir).string()});
    EXPECT_EQ(r.rc, 0) << dir << ": " << r.err;
    EXPECT_TRUE(fs::exists(d / dir / "opportunities.csv")) << dir;
  }
  fs::remove_all(d);
}

TEST(OutputFolders, ForceWritesIntoANonEmptyFolderReplacingOnlyFilesOfTheSameNames) {
  const fs::path d = scratch_dir("folders_force");
  fs::create_directories(d / "victim");
  std::ofstream(d / "victim" / "opportunities.csv") << "old\n";
  std::ofstream(d / "victim" / "notes.txt") << "keep me\n";
  Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "1", "-q", "--out", (d / "o").string(),
                          "--export-crm", (d / "victim").string(), "--force"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(read_file(d / "victim" / "opportunities.csv"), "old\n");
  EXPECT_EQ(read_file(d / "victim" / "notes.txt"), "keep me\n");
  // A backtest --out into a folder of the user's: refused, then written with --force.
  fs::create_directories(d / "bt");
  std::ofstream(d / "bt" / "notes.txt") << "keep me\n";
  r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", scenario("crm_example"), "-n", "10", "-q",
                   "--out", (d / "bt").string()});
  EXPECT_EQ(r.rc, 1);
  EXPECT_FALSE(fs::exists(d / "bt" / "results.pb"));
  r = run_salesim({"backtest", scenario("golden_triangle.txtpb"), "--actual", scenario("crm_example"), "-n", "10", "-q",
                   "--out", (d / "bt").string(), "--force"});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(fs::exists(d / "bt" / "backtest.csv"));
  EXPECT_EQ(read_file(d / "bt" / "notes.txt"), "keep me\n");
  fs::remove_all(d);
}

TEST(OutputFolders, ARunCannotExportIntoItsOwnOutFolder) {
  const fs::path d = scratch_dir("folders_same");
  const Result r = run_salesim({"run", scenario("golden_triangle.txtpb"), "-n", "1", "-q", "--out", (d / "o").string(),
                                "--export-crm", (d / "o").string()});
  EXPECT_EQ(r.rc, 1);
  EXPECT_EQ(r.err, "salesim run: --export-crm " + (d / "o").string() + " is the --out folder: give the export a folder of its own\n");
  EXPECT_FALSE(fs::exists(d / "o"));
  fs::remove_all(d);
}

TEST(OutputFiles, ANamedFileIsReplacedAndAFolderThereIsRefused) {
  const fs::path d = scratch_dir("files");
  const std::map<std::string, std::vector<std::string>> calls = {
      {"schema --out", {"schema", "--out"}},
      {"sweep --export-design", {"sweep", scenario("sweep_pm_count.txtpb"), "-q", "--export-design"}}};
  ASSERT_EQ(calls.size(), kFileOptions.size());
  for (const auto& [option, args] : calls) {
    const fs::path file = d / "named.file";
    std::ofstream(file) << "old\n";
    std::vector<std::string> a = args;
    a.push_back(file.string());
    Result r = run_salesim(a);
    EXPECT_EQ(r.rc, 0) << option << ": " << r.err;
    EXPECT_NE(read_file(file), "old\n") << option;
    fs::remove(file);
    fs::create_directories(d / "folder" / "inside");
    a.back() = (d / "folder").string();
    r = run_salesim(a);
    EXPECT_EQ(r.rc, 1) << option << ": " << r.err;
    EXPECT_EQ(r.err, "salesim " + args[0] + ": cannot write " + (d / "folder").string() +
                         ": a folder of that name is in the way (salesim replaces only files); nothing in " + d.string() +
                         " was changed\n");
    EXPECT_TRUE(fs::is_directory(d / "folder" / "inside")) << option;
    fs::remove_all(d / "folder");
  }
  fs::remove_all(d);
}

}  // namespace
}  // namespace salesim::testing
