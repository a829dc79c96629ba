"""Checks that a salesim output directory's CSVs load with Python's csv module and carry the
documented columns. Usage: python3 csv_check.py DIR [--compare] [--design DESIGN.csv]. Exit 0 when all
is well. With --design (a sweep's points, as `salesim sweep --export-design` writes them): summary.csv,
timeseries.csv, replications.csv (and yearly.csv) carry one column per swept field path right after
design_point, and each row's values there are its design point's, so the tables plot without a join."""
import csv
import math
import sys

EXPECTED = {
    "summary.csv": ["plan", "design_point", "kpi", "n", "mean", "sd", "ci_low", "ci_high", "p10", "p50", "p90",
                    "note", "estimator"],
    "timeseries.csv": ["plan", "design_point", "week", "kpi", "mean", "p10", "p50", "p90"],
    "comparison.csv": ["kpi", "plan", "base_mean", "plan_mean", "delta_mean", "delta_ci_low", "delta_ci_high",
                       "p_better", "n", "p_tie", "note", "estimator", "payback_days"],
    "ranking.csv": ["kpi", "rank", "plan", "mean", "ci_low", "ci_high", "mcb_low", "mcb_high", "p_best",
                    "p_beats_base", "may_be_best", "tied", "p_tie_base", "delta_base", "delta_base_ci_low",
                    "delta_base_ci_high", "n", "estimator"],
}
REQUIRED_KPIS = ["revenue", "win_rate", "big_deal_rate", "collision_rate", "new_opportunities", "opportunity_stock",
                 "deals_won", "avg_discount", "offside_hours", "misplaced_hours", "covering_hours"]


def fail(msg):
    print(msg)
    sys.exit(1)


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        fail(f"{path}: no rows")
    return rows


def read_design(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [[float(v) for v in row] for row in rows[1:]]


def check_parameters(name, rows, paths, points):
    """Each row's swept-parameter columns hold its design point's values."""
    head = list(rows[0].keys())
    if head[2:2 + len(paths)] != paths:
        fail(f"{name}: columns after design_point are {head[2:2 + len(paths)]}, expected {paths}")
    for r in rows:
        want = points[int(r["design_point"])]
        got = [float(r[p]) for p in paths]
        if got != want:
            fail(f"{name}: design point {r['design_point']}: parameters {got}, expected {want}")


def main():
    d = sys.argv[1]
    paths, points = [], []
    if "--design" in sys.argv:
        paths, points = read_design(sys.argv[sys.argv.index("--design") + 1])
    files = ["summary.csv", "timeseries.csv"] + (["comparison.csv", "ranking.csv"] if "--compare" in sys.argv else [])
    for name in files:
        rows = load(f"{d}/{name}")
        if name in ("summary.csv", "timeseries.csv") and paths:
            check_parameters(name, rows, paths, points)
        expected = EXPECTED[name][:2] + paths + EXPECTED[name][2:] if name in ("summary.csv", "timeseries.csv") \
            else EXPECTED[name]
        if list(rows[0].keys()) != expected:
            fail(f"{name}: columns {list(rows[0].keys())}")
        for r in rows:
            for k, v in r.items():
                if k in ("plan", "kpi", "note", "estimator"):
                    continue
                if v == "":  # undefined: only where the note says so (n < 2; ranking.csv: its n)
                    if r.get("note") != "n<2" and not (name == "ranking.csv" and int(r["n"]) < 2):
                        fail(f"{name}: {r['kpi']}: empty {k} without the n<2 note")
                    continue
                if math.isnan(float(v)):  # every other cell is a number, never "nan"
                    fail(f"{name}: {r['kpi']}: {k} is nan")
    summary = load(f"{d}/summary.csv")
    kpis = {r["kpi"] for r in summary}
    missing = [k for k in REQUIRED_KPIS if k not in kpis]
    if missing:
        fail(f"summary.csv: missing KPIs {missing}")
    for r in summary:
        if r["note"] == "n<2":
            continue
        lo, mean, hi = float(r["ci_low"]), float(r["mean"]), float(r["ci_high"])
        if not lo <= mean <= hi:
            fail(f"summary.csv: {r['kpi']}: mean outside its CI")
    reps = load(f"{d}/replications.csv")
    if paths:
        check_parameters("replications.csv", reps, paths, points)
        try:
            check_parameters("yearly.csv", load(f"{d}/yearly.csv"), paths, points)
        except FileNotFoundError:
            pass
    head = list(reps[0].keys())
    # plan, design_point, [swept parameter paths (sweep only)], replication, seed_key, KPIs...
    if head[:2] != ["plan", "design_point"] or "replication" not in head or \
            head[head.index("replication") + 1] != "seed_key":
        fail(f"replications.csv: columns start {head[:6]}")
    if [k for k in REQUIRED_KPIS if k not in head]:
        fail("replications.csv: a KPI column is missing")
    n = int(summary[0]["n"])
    if len(reps) != n * len({(r["plan"], r["design_point"]) for r in reps}):
        fail("replications.csv: row count does not match n")
    print("ok")


main()
