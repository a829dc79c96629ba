// What this build is: the release version, the git revision it was built from and the build
// type, for `salesim --version`, `salesim-viz --version` and bug reports.
//
//   std::cout << salesim::version_text("salesim");
//   // salesim 0.1.0 (mpi)
//   // git revision 424df86a1b2c
//   // build type Release
#pragma once

#include <string>

namespace salesim {

// "0.1.0", the project version in CMakeLists.txt.
const char* version();
// The short commit hash, with " (with uncommitted changes)" when tracked files differed from it,
// or "unknown (...)" when built outside a git checkout.
const char* git_revision();
// CMAKE_BUILD_TYPE: "Release", "Debug", "RelWithDebInfo", ...
const char* build_type();

// The --version text: "<program> <version>[ (mpi)]" then the revision and build type lines.
// `mpi` adds " (mpi)" to the first line (scripts look for it to know the MPI backend is in).
std::string version_text(const std::string& program, bool mpi = false);

}  // namespace salesim
