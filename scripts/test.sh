#!/usr/bin/env bash
# Runs the whole test suite from a fresh checkout (as root on Debian 12):
#   1. installs what is missing (scripts/setup.sh),
#   2. builds the Release tree and a sanitizer tree (ASan + UBSan) of the kernel, model and scenario tests,
#   3. fuzzes with libFuzzer: the scenario loader for FUZZ_SECONDS (default 60), then --set and the
#      command lines for half that each,
#   4. runs the sanitizer tests, then the full suite with ctest (its summary is the last line),
#      install tests included: cmake --install into a scratch prefix, used from elsewhere, and
#      the Debian packages from cpack checked with dpkg-deb (tests/install).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}

bash scripts/setup.sh

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSALESIM_SANITIZE=ON \
  -DSALESIM_BUILD_VIZ=OFF -DSALESIM_BUILD_BENCH=OFF -DSALESIM_SKIP="experiment;cli;viz"
cmake --build build-asan -j"$jobs"

if [ -x scripts/fuzz.sh ]; then
  fuzz_seconds=${FUZZ_SECONDS:-60}
  scripts/fuzz.sh "$fuzz_seconds" scenario
  scripts/fuzz.sh "$(( (fuzz_seconds + 1) / 2 ))" set command_line
fi

echo "== sanitizer build (ASan + UBSan): kernel, model and scenario tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -R '^(kernel|model|scenario)\.'

echo "== full suite (Release)"
ctest --test-dir build --output-on-failure -j"$jobs"
