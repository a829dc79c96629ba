// Where scenario files are found; see search.h. The two installed folders come from the build:
// SALESIM_SCENARIO_DIR_FROM_BIN (relative, e.g. "../share/salesim/scenarios") and
// SALESIM_SCENARIO_INSTALL_DIR (absolute, from CMAKE_INSTALL_FULL_DATADIR).
#include "sim/scenario/search.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace salesim::scenario {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

}  // namespace

std::vector<fs::path> scenario_search_dirs() {
  std::vector<fs::path> candidates;
  std::vector<bool> installed;  // of candidates: an installed scenarios folder (its subfolders count too)
  if (const char* env = std::getenv("SALESIM_SCENARIO_PATH")) {
    const std::string list = env;
    std::size_t start = 0;
    while (start <= list.size()) {
      const std::size_t colon = std::min(list.find(':', start), list.size());
      if (colon > start) candidates.emplace_back(list.substr(start, colon - start)), installed.push_back(false);
      start = colon + 1;
    }
  }
#if defined(SALESIM_SCENARIO_DIR_FROM_BIN)
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back((self.parent_path() / SALESIM_SCENARIO_DIR_FROM_BIN).lexically_normal()), installed.push_back(true);
#endif
#if defined(SALESIM_SCENARIO_INSTALL_DIR)
  candidates.emplace_back(SALESIM_SCENARIO_INSTALL_DIR), installed.push_back(true);
#endif
  // An installed set's folders (workshop/) follow it, in name order: a workshop file copied out
  // of the installation still finds its base:, "../golden_triangle.txtpb" or "01_baseline.txtpb".
  for (std::size_t i = candidates.size(); i-- > 0;) {
    if (!installed[i] || !is_dir(candidates[i])) continue;
    std::vector<fs::path> subs;
    std::error_code list_ec;
    for (const auto& e : fs::directory_iterator(candidates[i], list_ec))
      if (is_dir(e.path())) subs.push_back(e.path());
    std::sort(subs.begin(), subs.end());
    candidates.insert(candidates.begin() + static_cast<std::ptrdiff_t>(i) + 1, subs.begin(), subs.end());
    installed.insert(installed.begin() + static_cast<std::ptrdiff_t>(i) + 1, subs.size(), false);
  }
  std::vector<fs::path> dirs;
  std::vector<fs::path> seen;  // canonical forms, so a folder reached twice is searched once
  for (const fs::path& dir : candidates) {
    if (!is_dir(dir)) continue;
    std::error_code canon_ec;
    const fs::path canonical = fs::canonical(dir, canon_ec);
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
    seen.push_back(canonical);
    dirs.push_back(dir);
  }
  return dirs;
}

std::optional<fs::path> find_scenario(const fs::path& name, const fs::path& beside) {
  if (name.is_absolute()) return is_file(name) ? std::optional(name) : std::nullopt;
  if (const fs::path here = beside / name; is_file(here)) return here;
  for (const fs::path& dir : scenario_search_dirs()) {
    if (const fs::path there = dir / name; is_file(there)) return there.lexically_normal();
  }
  return std::nullopt;
}

}  // namespace salesim::scenario
