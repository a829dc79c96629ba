#!/usr/bin/env bash
# Reproduces the PHOLD table in docs/benchmarks.md: salesim's kernel beside the peers in
# ../shared/peers/phold (tight reference heap loop, SystemC 2.3.4, ns-3.37, SimPy 3.0.11).
#
#   bench/phold/run_peers.sh [path/to/phold]          # default: build/bin/phold
#
# Environment: PEERS (the peers' folder, default /work/shared/peers/phold), PEERS_BUILD (their
# binaries, default /tmp/phold-peers; built with $PEERS/build.sh if missing), REPS (default 5),
# T_DIV (divide every T by this for a quick smoke run; default 1), SIZES (default "64 4096").
# Each round runs every program once, in turn (A B C ... A B C ...), so slow drifts in machine load
# hit all of them alike; the table gives medians over the rounds, the ratio of medians to the
# reference loop, and the median peak RSS (/usr/bin/time -f %M). T is chosen per program so each
# run takes roughly 0.5-2 s (events/s is steady once the population is mixed); the C++ programs
# at one (N, k, T, seed) execute the same trajectory, which the script checks by event count.
set -euo pipefail
cd "$(dirname "$0")/../.."
OURS=${1:-build/bin/phold}
PEERS=${PEERS:-/work/shared/peers/phold}
PB=${PEERS_BUILD:-/tmp/phold-peers}
REPS=${REPS:-5}
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
[ -x "$OURS" ] || { echo "no $OURS: build it first (cmake --build build --target phold)" >&2; exit 1; }
[ -x "$PB/phold_baseline" ] || PEERS_BUILD="$PB" "$PEERS/build.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name | command prefix | T at N=64 | T at N=4096
programs() {
  cat <<LIST
salesim kernel (ours)|$OURS|10000|100
salesim kernel, coroutine processes|$OURS --mode process|10000|100
reference heap loop (xoshiro)|$PB/phold_baseline --mode xoshiro|10000|100
reference heap loop (mt19937_64)|$PB/phold_baseline --mode mt|10000|100
SystemC 2.3.4 method|$PB/phold_systemc --mode method|4000|20
SystemC 2.3.4 eventq|$PB/phold_systemc --mode eventq|4000|20
ns-3.37 pq|$PB/phold_ns3 --mode pq|4000|30
ns-3.37 map (default)|$PB/phold_ns3 --mode map|4000|30
SimPy 3.0.11 callback|/usr/bin/python3 $PEERS/phold_simpy.py --mode callback|500|5
SimPy 3.0.11 process|/usr/bin/python3 $PEERS/phold_simpy.py --mode process|500|5
LIST
}

run_size() {  # N K column(3|4)
  local n=$1 k=$2 col=$3 out=$tmp/results_$1
  : > "$out"
  for ((r = 1; r <= REPS; r++)); do
    while IFS='|' read -r name cmd t64 t4096; do
      local t=$t64
      [ "$col" = 4 ] && t=$t4096
      t=$(awk -v t="$t" -v d="${T_DIV:-1}" 'BEGIN { print t / d }')
      # shellcheck disable=SC2086
      line=$(/usr/bin/time -f 'rss_kib=%M' -o "$tmp/rss" $cmd --n "$n" --k "$k" --end "$t" --seed 1 \
               --mean 1.0 --lookahead 0.1 --remote 0.9 | grep '^events=')
      echo "$name|$t|$line $(cat "$tmp/rss")" >> "$out"
    done < <(programs)
  done
  echo
  echo "### N=$n, k=$k ($((n * k)) pending events), seed 1, medians of $REPS alternating rounds"
  echo
  echo "| program | T | events | events/s | ratio to reference | peak RSS |"
  echo "|---|---|---|---|---|---|"
  python3 - "$out" <<'PY'
import sys, statistics, re
rows = {}
order = []
for line in open(sys.argv[1]):
    name, t, rest = line.rstrip("\n").split("|", 2)
    kv = dict(re.findall(r"(\w+)=([0-9.]+)", rest))
    if name not in rows:
        rows[name] = []; order.append(name)
    rows[name].append((t, int(kv["events"]), float(kv["events_per_s"]), int(kv["rss_kib"])))
ref = statistics.median(r[2] for r in rows["reference heap loop (xoshiro)"])
for name in order:
    rs = rows[name]
    rate = statistics.median(r[2] for r in rs)
    rss = statistics.median(r[3] for r in rs)
    print(f"| {name} | {rs[0][0]} | {rs[0][1]} | {rate/1e6:.2f} M | {rate/ref:.2f} | {rss/1024:.1f} MiB |")
ours, base = rows["salesim kernel (ours)"], rows["reference heap loop (xoshiro)"]
same = ours[0][0] != base[0][0] or ours[0][1] == base[0][1]
print()
print("Same trajectory as the reference (equal event count at equal T):", "yes" if same else "NO")
PY
}

echo "# PHOLD, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for size in ${SIZES:-64 4096}; do
  if [ "$size" = 64 ]; then run_size 64 16 3; else run_size 4096 16 4; fi
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
