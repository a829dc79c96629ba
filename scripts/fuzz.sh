#!/usr/bin/env bash
# Fuzzes with libFuzzer (clang, ASan + UBSan), each TARGET for SECONDS:
#   scenario      the scenario loader + validator (tests/scenario/fuzz_loader.cpp)
#   set           --set PATH=VALUE on the golden triangle (tests/scenario/fuzz_set.cpp)
#   command_line  the salesim and salesim-viz argument vectors (tests/cli/fuzz_command_line.cpp)
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   # default 60 s, every target; e.g. scripts/fuzz.sh 3600 set
#   JOBS=4 scripts/fuzz.sh 600              # that many fuzzing processes in parallel (default 1)
#   FUZZ_SEED=N scripts/fuzz.sh             # libFuzzer's random seed (default 1: CI runs the same way)
#
# Builds the targets in build-fuzz (every library they use instrumented), seeds each corpus (the
# scenario files from scenarios/, tests/scenario/fixtures/ and tests/scenario/bad/; typical --set
# lines; typical command lines), gives each a dictionary (the schema's field and enum names, the
# options), and runs from the repository root so that `base:` paths in the seeds resolve against
# scenarios/. Corpora grow in build-fuzz/corpus-TARGET across runs; a finding is written to
# build-fuzz/crash-* and makes this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario set command_line)
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
  -DSALESIM_SKIP="experiment;viz" >/dev/null
cmake --build "$build" --target "${targets[@]/%/_fuzz}" -j"$(nproc)"

# The schema's field and enum names, quoted, one per line.
schema_words() {
  grep -ohE '^\s*(optional |repeated )?[A-Za-z0-9_.]+ [a-z_0-9]+ = [0-9]+;' sim/proto/salesim/v1/{scenario,distribution,experiment}.proto |
    awk '{print $(NF-2)}' | sort -u | sed 's/.*/"&"/'
  grep -ohE '^\s*[A-Z_0-9]+ = [0-9]+;' sim/proto/salesim/v1/scenario.proto | awk '{print $1}' | sort -u | sed 's/.*/"&"/'
}

# Writes the seeds and dictionary of target $1 into $2 and $3.
prepare() {
  local target=$1 seeds=$2 dict=$3
  case $target in
    scenario)
      find scenarios tests/scenario/fixtures tests/scenario/bad -type f \( -name '*.txtpb' -o -name '*.json' \) \
        -exec cp {} "$seeds/" \;
      # A few seeds that exercise --set (first line "#set PATH=VALUE", see fuzz_loader.cpp).
      printf '#set team.cohorts[pm].count=4\nbase: "golden_triangle.txtpb"\n' > "$seeds/set_pm.txtpb"
      printf '#set team.cohorts[am_new].tenure_months={ triangular { min: 1 mode: 3 max: 9 } }\nbase: "golden_triangle.txtpb"\n' > "$seeds/set_dist.txtpb"
      { schema_words
        printf '"{"\n"}"\n":"\n"["\n"]"\n"base: \\"golden_triangle.txtpb\\""\n"nan"\n"inf"\n"-1"\n"1e308"\n'
      } > "$dict" ;;
    set)
      local i=0 line
      while IFS= read -r line; do printf '%s' "$line" > "$seeds/set$((i++))"; done <<'EOF'
team.cohorts[pm].count=4
team.cohorts[1].hours_per_week=40
team.cohorts[am_new].tenure_months={ triangular { min: 1 mode: 3 max: 9 } }
team.cohorts[am_new].skills.hunting=0.7
market.segments[large].quarterly_seasonality[3]=1.2
market.segments[small].accounts=500
competitors[NorthSoft].strength=0.5
competitors[0].presence[0].segment=small
experiment.horizon_days=100
experiment.sweep.grid.axes[0].path=team.cohorts[pm].count
formation.offside.enabled=true
name=x
EOF
      printf 'experiment.horizon_days=30\nteam.cohorts[pm].count=0\nname=y' > "$seeds/set_multi"
      { schema_words
        printf '"="\n"."\n"["\n"]"\n"{"\n"}"\n":"\n"[pm]"\n"[0]"\n"[large]"\n"[am_new]"\n"nan"\n"inf"\n"-1"\n"1e308"\n"true"\n'
      } > "$dict" ;;
    command_line)
      # Arguments are separated by NUL bytes; the subcommand comes first (see fuzz_command_line.cpp).
      local s=golden_triangle.txtpb
      printf '%s\0' run $s -n 100 --seed 7 --threads 2 --out out/x > "$seeds/run"
      printf '%s\0' run $s --target-ci 0.01 --max-replications 5000 -q > "$seeds/target"
      printf '%s\0' sweep $s --shard 0/4 --resume > "$seeds/shard"
      printf '%s\0' compare a.txtpb b.txtpb --name a --name b --independent -j 0 > "$seeds/compare"
      printf '%s\0' compare a.txtpb b.txtpb c.txtpb --set 2:team.cohorts[pm].count=5 --rank-by win_rate > "$seeds/rank"
      printf '%s\0' trace $s --replication 3 --design-point 1 --limit 10 --seed 1 --set name=x > "$seeds/trace"
      printf '%s\0' merge d0 d1 --out o --force > "$seeds/merge"
      printf '%s\0' validate $s --print > "$seeds/validate"
      printf '%s\0' schema --out f.md > "$seeds/schema"
      printf '%s\0' --render r.pb --chart all --out d --size 800x600 --kpi revenue > "$seeds/viz_render"
      printf '%s\0' $s --what-if pm=4 --what-if am_new=2 --tab team --screenshot s.png > "$seeds/viz_whatif"
      printf '%s\0' --render r.pb --version --size 800x600 > "$seeds/viz_version"
      { grep -ohE 'add_(number|tuple|text|switch)\(d, "[a-z-]+' sim/cli/options.cpp viz/command_line.cpp |
          sed -E 's/.*"([a-z-]+)$/"--\1"/' | sort -u
        printf '"%s"\n' run compare sweep validate trace merge schema --help -n -j -q -o -r
        printf '"\\x00"\n"/"\n"x"\n"="\n"-"\n"."\n"e"\n"0"\n"%%value%%"\n"%%canonical_option%%"\n"18446744073709551616"\n'
      } > "$dict" ;;
    *) echo "fuzz: unknown target '$target' (scenario, set, command_line)" >&2; exit 2 ;;
  esac
}

echo "fuzz: ${targets[*]}, ${seconds}s each, $jobs process(es)"
status=0
total=0
for target in "${targets[@]}"; do
  corpus="$build/corpus-$target"
  seeds="$build/seeds-$target"
  dict="$build/$target.dict"
  rm -rf "$seeds"
  mkdir -p "$corpus" "$seeds"
  prepare "$target" "$seeds" "$dict"
  log="$build/fuzz-$target.log"
  started=$SECONDS
  set +e
  max_len=8192  # a scenario file; --set lines and argument vectors are short
  [ "$target" = scenario ] || max_len=1024
  "$build/fuzz/${target}_fuzz" "$corpus" "$seeds" -dict="$dict" -max_total_time="$seconds" -max_len="$max_len" \
    -seed="${FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build/" -print_final_stats=1 \
    $( [ "$jobs" -gt 1 ] && echo "-fork=$jobs" ) 2>&1 | tee "$log" | grep -E '^#[0-9]+.*(pulse|DONE)|^stat::number_of_executed_units|ERROR|SUMMARY|crash-|Done [0-9]+ runs'
  s=${PIPESTATUS[0]}
  set -e
  runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  total=$((total + runs))
  echo "fuzz: $target: ${runs} executions in $((SECONDS - started))s, exit status ${s} (log: $log)"
  [ "$s" -eq 0 ] || status=$s
done
echo "fuzz: ${total} executions in all, exit status ${status}"
exit "$status"
