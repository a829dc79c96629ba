// Where scenario files are found. A relative path — a `base:` or a FILE on the command line — is
// looked for, in this order, and the first existing file wins:
//   1. beside the file that names it (for a command-line FILE: the current directory);
//   2. in each folder of $SALESIM_SCENARIO_PATH (colon-separated), left to right;
//   3. in the installed scenarios folder beside the binary, <bin>/../share/salesim/scenarios
//      (so a tree installed with `cmake --install build --prefix DIR` works from wherever it lies);
//   4. in the scenarios folder of the configured install prefix (e.g. /usr/share/salesim/scenarios).
// Each installed folder (3, 4) is followed by its subfolders in name order (workshop/), so a
// workshop file copied out of the installation finds its base ("../golden_triangle.txtpb",
// "01_baseline.txtpb") there.
// An absolute path is used as it is. So `base: "golden_triangle.txtpb"` in a user's own file
// finds the shipped baseline when no golden_triangle.txtpb lies beside that file.
//
//   if (auto found = scenario::find_scenario("golden_triangle.txtpb", "/home/me/plans")) { ... }
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace salesim::scenario {

// Folders of steps 2-4 above that exist, in search order, without repeats.
std::vector<std::filesystem::path> scenario_search_dirs();

// The file `name` names when written in a file in folder `beside` (empty: the current directory),
// following the order above; nullopt when no step finds a regular file.
std::optional<std::filesystem::path> find_scenario(const std::filesystem::path& name,
                                                   const std::filesystem::path& beside);

}  // namespace salesim::scenario
