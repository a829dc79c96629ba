#!/usr/bin/env bash
# Fuzzes the scenario loader + validator with libFuzzer (clang, ASan + UBSan) for SECONDS.
#
#   scripts/fuzz.sh [SECONDS]        # default 60; e.g. scripts/fuzz.sh 3600 for an hour
#   JOBS=4 scripts/fuzz.sh 600       # that many fuzzing processes in parallel (default 1)
#
# Builds tests/scenario/fuzz_loader.cpp in build-fuzz (every library instrumented), seeds a corpus
# from scenarios/, tests/scenario/fixtures/ and tests/scenario/bad/, uses a dictionary of the
# schema's field and enum names, and runs from the repository root so that `base:` paths in the
# seeds resolve against scenarios/. The corpus grows in build-fuzz/corpus across runs; a finding
# is written to build-fuzz/crash-* and makes this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${JOBS:-1}
build=build-fuzz
source_dir=${SALESIM_FUZZ_SOURCE:-.}  # the CMake source tree (default: this checkout)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (scripts/setup.sh installs it)" >&2
  exit 1
fi

cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
  -DSALESIM_FUZZ=ON -DSALESIM_BUILD_VIZ=OFF -DSALESIM_BUILD_BENCH=OFF -DSALESIM_WITH_MPI=OFF \
  -DSALESIM_SKIP="experiment;cli;viz" >/dev/null
cmake --build "$build" --target scenario_fuzz -j"$(nproc)"

corpus="$build/corpus"
seeds="$build/seeds"
mkdir -p "$corpus" "$seeds"
find scenarios tests/scenario/fixtures tests/scenario/bad -type f \( -name '*.txtpb' -o -name '*.json' \) \
  -exec cp {} "$seeds/" \;
# A few seeds that exercise --set (first line "#set PATH=VALUE", see fuzz_loader.cpp).
printf '#set team.cohorts[pm].count=4\nbase: "golden_triangle.txtpb"\n' > "$seeds/set_pm.txtpb"
printf '#set team.cohorts[am_new].tenure_months={ triangular { min: 1 mode: 3 max: 9 } }\nbase: "golden_triangle.txtpb"\n' > "$seeds/set_dist.txtpb"

# Dictionary: field names, enum values and punctuation of the text format.
dict="$build/scenario.dict"
{
  grep -ohE '^\s*(optional |repeated )?[A-Za-z0-9_.]+ [a-z_0-9]+ = [0-9]+;' sim/proto/salesim/v1/{scenario,distribution,experiment}.proto |
    awk '{print $(NF-2)}' | sort -u | sed 's/.*/"&"/'
  grep -ohE '^\s*[A-Z_0-9]+ = [0-9]+;' sim/proto/salesim/v1/scenario.proto | awk '{print $1}' | sort -u | sed 's/.*/"&"/'
  printf '"{"\n"}"\n":"\n"["\n"]"\n"base: \\"golden_triangle.txtpb\\""\n"nan"\n"inf"\n"-1"\n"1e308"\n'
} > "$dict"

echo "fuzz: running $jobs process(es) for ${seconds}s"
log="$build/fuzz.log"
started=$SECONDS
set +e
"$build/fuzz/scenario_fuzz" "$corpus" "$seeds" -dict="$dict" -max_total_time="$seconds" -max_len=8192 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build/" -print_final_stats=1 \
  $( [ "$jobs" -gt 1 ] && echo "-fork=$jobs" ) 2>&1 | tee "$log" | grep -E '^#[0-9]+.*(pulse|DONE)|^stat::number_of_executed_units|ERROR|SUMMARY|crash-|Done [0-9]+ runs'
status=${PIPESTATUS[0]}
set -e
runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "fuzz: ${runs} executions in $((SECONDS - started))s, exit status ${status} (log: $log)"
exit "$status"
