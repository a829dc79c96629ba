// Scenario and plan names are free text; the folders and files named after them stay where they
// belong: the default output folder is always one folder inside out/, whatever the name holds.
#include <gtest/gtest.h>

#include <map>

#include "sim/experiment/writers.h"
#include "tests/cli/cli_helpers.h"

namespace salesim::testing {
namespace {

std::vector<std::string> hostile_names() {
  std::vector<std::string> names = {"", ".", "..", "...", "../../escaped", "../..", "/", "/etc/cron.d", "a/b",
                                    "a/../../b", "./x", "x/..", "..\\..\\x", "C:\\out", "~", "~/x", "$HOME",
                                    "-rf", "--force", "a b", "tab\tname", "new\nline", "\x7f",
                                    "\xc3\xbc" /* ü */, "\xff\xfe", std::string(300, 'a'), std::string(300, '.'),
                                    std::string(99, 'a') + "/..", "*", "?", "name.txtpb", ".hidden"};
  names.push_back(std::string("nul\0byte", 8));
  for (int c = 1; c < 256; ++c) names.push_back(std::string(1, static_cast<char>(c)));  // every single byte
  return names;
}

bool is_plain(const std::string& s) {
  return s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == std::string::npos;
}

TEST(OutputNames, EveryNameBecomesOneFolderInsideOut) {
  for (const std::string& name : hostile_names()) {
    const std::string folder = experiment::safe_file_name(name, "scenario");
    const std::string shown = "name '" + name + "' -> '" + folder + "'";
    EXPECT_FALSE(folder.empty()) << shown;
    EXPECT_LE(folder.size(), experiment::kMaxFileNameChars) << shown;
    EXPECT_TRUE(is_plain(folder)) << shown;
    EXPECT_NE(folder, ".") << shown;
    EXPECT_NE(folder, "..") << shown;
    const fs::path p = (fs::path("out") / folder).lexically_normal();
    EXPECT_EQ(p.parent_path(), fs::path("out")) << shown;
  }
}

// The mapping is one-to-one on the names that occur: names that differ only in the bytes it
// replaces (东区 and 西区, "a b" and "a.b") or beyond the length limit still get distinct files.
TEST(OutputNames, DistinctNamesGetDistinctFiles) {
  std::vector<std::string> names = hostile_names();
  for (const char* n : {"\xe4\xb8\x9c\xe5\x8c\xba", "\xe8\xa5\xbf\xe5\x8c\xba", "a b", "a.b", "a_b", "a/b", "_"})
    names.push_back(n);
  names.push_back(std::string(150, 'a') + "1");
  names.push_back(std::string(150, 'a') + "2");
  std::map<std::string, std::string> seen;
  for (const std::string& name : names) {
    const std::string file = experiment::safe_file_name(name, "scenario");
    const auto [it, fresh] = seen.emplace(file, name);
    EXPECT_TRUE(fresh || it->second == name) << "'" << name << "' and '" << it->second << "' both give '" << file << "'";
  }
}

TEST(OutputNames, PlainNamesAreKeptAsTheyAre) {
  for (const std::string& name : std::vector<std::string>{"golden_triangle", "offside-2", "A", std::string(100, 'x')})
    EXPECT_EQ(experiment::safe_file_name(name, "scenario"), name);
  EXPECT_EQ(experiment::safe_file_name("", "scenario"), "scenario");
}

// Runs salesim in `cwd` (file arguments must be absolute) and returns every file it left
// anywhere under `root`.
std::vector<fs::path> files_after(const fs::path& root, const fs::path& cwd, const std::vector<std::string>& args,
                                  Result& r) {
  r = run_salesim(args, {"env", "-C", cwd.string()});
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), root));
  return files;
}

TEST(OutputNames, AHostileScenarioNameWritesItsDefaultOutputInsideOut) {
  const fs::path root = scratch_dir("names");
  const fs::path cwd = root / "a" / "b";
  int i = 0;
  for (const std::string& name : std::vector<std::string>{"../../escaped", "..", ".", "/tmp/salesim_abs_escape", "a/b",
                                                          "tab\tname", "\x01", std::string(300, 'n')}) {
    fs::remove_all(root);
    fs::create_directories(cwd);
    Result r;
    const auto files = files_after(root, cwd,
                                   {"run", fs::absolute(scenario("golden_triangle.txtpb")).string(), "-n", "1", "--set", "name=" + name,
                                    "--set", "experiment.horizon_days=20"},
                                   r);
    ASSERT_EQ(r.rc, 0) << "name '" << name << "': " << r.err;
    const std::string folder = experiment::safe_file_name(name, "scenario");
    EXPECT_NE(r.err.find("note: the scenario name"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--out"), std::string::npos) << r.err;
    EXPECT_FALSE(files.empty());
    for (const fs::path& f : files)
      EXPECT_EQ(*f.begin(), "a") << "name '" << name << "' wrote " << f;  // nothing above the working directory
    EXPECT_TRUE(fs::exists(cwd / "out" / folder / "results.pb")) << "name '" << name << "'";
    EXPECT_FALSE(fs::exists("/tmp/salesim_abs_escape"));
    ++i;
  }
  EXPECT_EQ(i, 8);
  fs::remove_all(root);
}

TEST(OutputNames, ACompareOfHostileNamesWritesInsideOut) {
  const fs::path root = scratch_dir("compare_names");
  const fs::path cwd = root / "a" / "b";
  fs::create_directories(cwd);
  Result r;
  const auto files = files_after(root, cwd,
                                 {"compare", fs::absolute(scenario("golden_triangle.txtpb")).string(), fs::absolute(fixture("more_pms.txtpb")).string(), "-n", "1",
                                  "-q", "--set", "name=../../x", "--set", "experiment.horizon_days=20"},
                                 r);
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const fs::path& f : files) EXPECT_EQ(*f.begin(), "a") << f;
  const std::string x = experiment::safe_file_name("../../x", "scenario");
  EXPECT_TRUE(fs::exists(cwd / "out" / ("compare-" + x + "-vs-" + x) / "results.pb"));
  fs::remove_all(root);
}

}  // namespace
}  // namespace salesim::testing
