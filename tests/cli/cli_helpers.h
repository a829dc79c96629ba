// Helpers for tests that drive the `salesim` binary: run it, start it in the background, read
// files, make scratch directories. The binary is $SALESIM_BINARY_DIR/bin/salesim.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace salesim::testing {

namespace fs = std::filesystem;

// $SALESIM_BINARY_DIR, else the build directory this test executable sits in (BUILD/tests/x).
inline std::string binary_dir() {
  if (const char* b = std::getenv("SALESIM_BINARY_DIR")) return b;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("build") : self.parent_path().parent_path().string();
}
inline std::string source_dir() {
  const char* s = std::getenv("SALESIM_SOURCE_DIR");
  return s ? s : ".";
}
inline std::string salesim_path() { return binary_dir() + "/bin/salesim"; }
inline std::string scenario(const std::string& name) { return source_dir() + "/scenarios/" + name; }
inline std::string fixture(const std::string& name) { return source_dir() + "/tests/cli/data/" + name; }

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline fs::path scratch_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("salesim_cli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

struct Result {
  int rc = -1;
  std::string out, err;
};

// Starts the program argv[0] (searched in PATH) in the background; stdout/stderr go to files
// under `log_prefix`.
inline pid_t start_program(std::vector<std::string> argv, const std::string& log_prefix) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int o = ::open((log_prefix + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open((log_prefix + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

// Starts salesim with `args` in the background; stdout/stderr go to files under `log_prefix`.
inline pid_t start_salesim(const std::vector<std::string>& args, const std::string& log_prefix,
                           const std::vector<std::string>& launcher = {}) {
  std::vector<std::string> all = launcher;
  all.push_back(salesim_path());
  all.insert(all.end(), args.begin(), args.end());
  return start_program(all, log_prefix);
}

inline int wait_exit_code(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Runs argv (argv[0] searched in PATH) to the end.
inline Result run_program(const std::vector<std::string>& argv) {
  const fs::path logs = fs::temp_directory_path() / ("salesim_cli_log_" + std::to_string(::getpid()));
  const pid_t pid = start_program(argv, logs.string());
  Result r;
  r.rc = wait_exit_code(pid);
  r.out = read_file(logs.string() + ".out");
  r.err = read_file(logs.string() + ".err");
  fs::remove(logs.string() + ".out");
  fs::remove(logs.string() + ".err");
  return r;
}

inline Result run_salesim(const std::vector<std::string>& args, const std::vector<std::string>& launcher = {}) {
  std::vector<std::string> all = launcher;
  all.push_back(salesim_path());
  all.insert(all.end(), args.begin(), args.end());
  return run_program(all);
}

// Waits until `path` exists with at least `bytes` bytes (or the timeout passes).
inline bool wait_for_size(const fs::path& path, std::uintmax_t bytes, double timeout_s = 60) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < end) {
    std::error_code ec;
    if (fs::exists(path, ec) && fs::file_size(path, ec) >= bytes) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

inline bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// The result files that must be byte-identical between equivalent runs (run.json is not).
inline const std::vector<std::string>& result_files() {
  static const std::vector<std::string> f = {"results.pb", "summary.csv", "replications.csv", "timeseries.csv"};
  return f;
}

}  // namespace salesim::testing
