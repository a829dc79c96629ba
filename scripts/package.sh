#!/usr/bin/env bash
# Builds the Debian packages on Debian 12 (as root for the setup step): salesim (the command,
# shipped scenarios, schemas, docs, man page, bash completion) and salesim-viz (the viewer).
#   scripts/package.sh [BUILD_DIR]      (default build-deb; JOBS=N to limit the build)
# Configures a Release tree for prefix /usr without tests and benchmarks, builds it, runs
# cpack -G DEB (dependencies computed by dpkg-shlibdeps) and prints each package's size and
# Depends line. Install both on any Debian 12 machine with
#   apt-get install ./build-deb/packages/salesim_*.deb ./build-deb/packages/salesim-viz_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-deb}
jobs=${JOBS:-$(nproc)}

bash scripts/setup.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DSALESIM_BUILD_TESTS=OFF -DSALESIM_BUILD_BENCH=OFF
cmake --build "$build" -j"$jobs"
rm -rf "$build/packages"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$build/packages"
rm -rf "$build/packages/_CPack_Packages"
for deb in "$build"/packages/*.deb; do
  echo "$deb: $(du -k "$deb" | cut -f1) KiB, installed $(dpkg-deb -f "$deb" Installed-Size) KiB"
  echo "  Depends: $(dpkg-deb -f "$deb" Depends)"
done
