#!/usr/bin/env bash
# Installs, idempotently, every Debian 12 package salesim needs to build, test, benchmark, plot and
# package (help2man for the man pages, dpkg-dev and file for cpack's dependency computation).
# apt-get update runs only when something is missing. Usage (as root): scripts/setup.sh
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config python3 time
  libboost-program-options-dev libboost-math-dev libboost-mpi-dev libboost-date-time-dev
  libcsv-dev libnlopt-cxx-dev
  libprotobuf-dev protobuf-compiler
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev fontconfig fonts-dejavu-core
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools fonts-wqy-microhei
  libgtest-dev libgmock-dev libbenchmark-dev
  openmpi-bin libopenmpi-dev
  librandom123-dev
  clang libclang-rt-14-dev
  help2man man-db dpkg-dev file
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
