#!/usr/bin/env bash
# Renders the seven salesim-viz charts of a results file into a folder, headless, and prints their
# paths (one per line):
#   scripts/render_charts.sh out/golden_triangle/results.pb out/golden_triangle/charts [WxH]
# Uses $SALESIM_VIZ, else build/bin/salesim-viz (then build-*/bin/salesim-viz). No display needed.
#
#   scripts/render_charts.sh --docs    regenerates docs/charts/*.png from the shipped scenarios
#                                      (needs build/bin/salesim too; $SALESIM for another one)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

find_tool() {  # find_tool NAME ENVVAR
  local name=$1 override=${!2:-}
  if [ -n "$override" ]; then echo "$override"; return; fi
  for candidate in "$root/build/bin/$name" "$root"/build-*/bin/"$name"; do
    if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
  echo "render_charts.sh: no $name found; build it (cmake --build build) or set \$$2" >&2
  exit 1
}

export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
viz=$(find_tool salesim-viz SALESIM_VIZ)

if [ "${1:-}" = "--docs" ]; then
  # The README's pictures: golden triangle alone (run), the workshop compare (faults side by side),
  # and the PM-count sweep, each with a fixed seed so the pictures only change with the model.
  salesim=$(find_tool salesim SALESIM)
  reps=${DOCS_REPLICATIONS:-1000}
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cd "$root"
  docs=docs/charts
  mkdir -p "$docs"
  "$salesim" run scenarios/golden_triangle.txtpb --replications "$reps" --seed 7 --out "$work/run" --force -q >/dev/null
  compare_plans=(scenarios/golden_triangle.txtpb)
  for s in offside misplaced covering; do
    [ -f "scenarios/$s.txtpb" ] && compare_plans+=("scenarios/$s.txtpb")
  done
  if [ ${#compare_plans[@]} -gt 1 ]; then
    "$salesim" compare "${compare_plans[@]}" --replications "$reps" --seed 7 --out "$work/compare" --force -q >/dev/null
  fi
  sweep=""
  for s in scenarios/sweep_pm_count.txtpb scenarios/sweep_*.txtpb; do
    if [ -f "$s" ]; then sweep=$s; break; fi
  done
  if [ -n "$sweep" ]; then
    "$salesim" sweep "$sweep" --replications "$((reps / 5 > 50 ? reps / 5 : 50))" --seed 7 --out "$work/sweep" --force -q >/dev/null
  fi
  # revenue, win_rate, over_time, team from the compare (plans side by side) or the run;
  # compare from the compare; sweep from the sweep.
  main="$work/run/results.pb"
  [ -f "$work/compare/results.pb" ] && main="$work/compare/results.pb"
  for chart in revenue win_rate over_time team compare; do
    "$viz" --render "$main" --chart "$chart" --out "$docs/$chart.png"
  done
  if [ -f "$work/sweep/results.pb" ]; then
    "$viz" --render "$work/sweep/results.pb" --chart sweep --out "$docs/sweep.png"
  fi
  if [ -f scenarios/pm_shortage.txtpb ] && [ -f scenarios/covering.txtpb ]; then
    # The covering question: the same PM shortage with and without managers covering.
    "$salesim" compare scenarios/pm_shortage.txtpb scenarios/covering.txtpb --replications "$reps" --seed 7 \
      --out "$work/covering" --force -q >/dev/null
    "$viz" --render "$work/covering/results.pb" --chart compare --out "$docs/compare_covering.png"
  fi
  if [ -f scenarios/mid_year_turnaround.txtpb ]; then
    # Fault attribution: the turnaround branch's offside and misplaced faults, each one's share of
    # the revenue gap to its disciplined twin.
    "$salesim" attribute scenarios/mid_year_turnaround.txtpb --replications "$reps" --seed 7 --out "$work/attr" \
      --force -q >/dev/null
    "$viz" --render "$work/attr/results.pb" --chart waterfall --kpi revenue --out "$docs/waterfall.png"
  fi
  if [ -f scenarios/sensitivity_formation.txtpb ]; then
    # Sensitivity: Sobol indices of six levers (N = 256, 20 replications per point; minutes).
    "$salesim" sensitivity scenarios/sensitivity_formation.txtpb --out "$work/sens" --force -q >/dev/null
    "$viz" --render "$work/sens/results.pb" --chart sensitivity --kpi revenue --out "$docs/sensitivity.png"
  fi
  if "$salesim" backtest --help >/dev/null 2>&1; then
    # The backtest: golden_triangle against a simulated export of itself (another seed).
    "$salesim" run scenarios/golden_triangle.txtpb -n 1 --seed 99 --out "$work/bt_run" --force -q \
      --export-crm "$work/bt_crm" >/dev/null
    "$salesim" backtest scenarios/golden_triangle.txtpb --actual "$work/bt_crm" -n 200 --seed 7 --out "$work/bt" \
      --force -q >/dev/null
    "$viz" --render "$work/bt/results.pb" --chart backtest --out "$docs/backtest.png"
  fi
  if [ -f scenarios/lhs_formation.txtpb ]; then
    "$salesim" sweep scenarios/lhs_formation.txtpb --replications 100 --seed 7 --out "$work/lhs" --force -q >/dev/null
    "$viz" --render "$work/lhs/results.pb" --chart sweep --out "$docs/sweep_lhs.png"
  fi
  # The Chinese interface at projector size (1280x720): the workshop's faults against its baseline.
  "$salesim" compare scenarios/workshop/01_baseline.txtpb scenarios/workshop/02_offside.txtpb \
    scenarios/workshop/03_misplaced.txtpb scenarios/workshop/05_covering.txtpb --seed 7 --out "$work/workshop" \
    --force -q >/dev/null
  "$viz" --lang zh_CN --render "$work/workshop/results.pb" --chart team --size 1280x720 --out "$docs/team_zh_CN.png"
  "$viz" --lang zh_CN --render "$work/workshop/results.pb" --chart compare --size 1280x720 --out "$docs/compare_zh_CN.png"
  # The workshop leaderboard in Chinese, as a 1280x720 projector shows it.
  if [ -d scenarios/workshop/teams ]; then
    QT_QPA_PLATFORM=offscreen "$viz" --lang zh_CN --workshop scenarios/workshop/teams \
      --screenshot docs/screens/workshop_leaderboard_zh_CN.png 2>/dev/null
  fi
  # The viewer itself, after a what-if (one more PM) on the golden triangle.
  pm=$(awk '/cohorts *\{/{c=1} c&&/name: *"pm"/{p=1} p&&/count:/{print $2; exit}' scenarios/golden_triangle.txtpb)
  "$viz" scenarios/golden_triangle.txtpb --what-if "pm=$(( ${pm:-3} + 1 ))" --tab compare \
    --screenshot "$docs/viewer.png" 2>/dev/null
  exit 0
fi

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: scripts/render_charts.sh RESULTS OUTDIR [WxH]   |   scripts/render_charts.sh --docs" >&2
  exit 2
fi
results=$1
outdir=$2
size=${3:-1600x900}
mkdir -p "$outdir"
# One process renders all nine (revenue, win_rate, over_time, compare, sweep, team, waterfall, sensitivity,
# backtest) that the results hold data for, prints their paths and names the ones it skipped on stderr.
"$viz" --render "$results" --chart all --out "$outdir" --size "$size"
