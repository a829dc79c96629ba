#!/usr/bin/env python3
"""`salesim optimise` benchmark (issue 11): the 225-plan staffing box of the golden triangle
(am_new 8..16 x pm 2..6 x presales 5..9, every plan within the budget), contribution (the
default objective), procedure KN.
Prints wall time, replications in all and per plan, stages, and what equal allocation at the same
precision would have cost, from run.json and ranking.csv.

Usage: python3 bench/experiment/bench_optimise.py [--salesim build/bin/salesim] [--delta 1000000]
       [--threads 2] [--pcs 0.95]
Run it on a quiet machine (the script prints `uptime` before and after; say so with the figures).
Target: < 5 minutes on 2 cores.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import tempfile
import time


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--salesim", default="build/bin/salesim")
    ap.add_argument("--scenario", default=os.path.join(here, "..", "..", "scenarios", "golden_triangle.txtpb"))
    ap.add_argument("--delta", default="1000000")
    ap.add_argument("--pcs", default="0.95")
    ap.add_argument("--threads", default="2")
    ap.add_argument("--budget", default="30000000")
    ap.add_argument("--max-replications", default="2000")
    args = ap.parse_args()
    out = tempfile.mkdtemp(prefix="salesim_bench_optimise_")
    cmd = [args.salesim, "optimise", args.scenario, "--budget", args.budget, "--vary", "am_new=8..16",
           "--vary", "pm=2..6", "--vary", "presales=5..9", "--delta", args.delta, "--pcs", args.pcs,
           "--max-replications", args.max_replications, "-j", args.threads, "-q", "--out", os.path.join(out, "o")]
    print("load before:", uptime())
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t0
    print("load after: ", uptime())
    if p.returncode != 0:
        raise SystemExit(f"salesim optimise failed ({p.returncode}):\n{p.stderr}")
    run = json.load(open(os.path.join(out, "o", "run.json")))
    with open(os.path.join(out, "o", "ranking.csv")) as f:
        rows = list(csv.DictReader(f))
    reps = sorted(int(r["replications"]) for r in rows)
    best = rows[0]
    print(f"command: {' '.join(cmd)}")
    print(f"plans: {run['plans']} (of {run['plans_in_bounds']} in the bounds)")
    print(f"wall: {wall:.1f} s, {run['replications_per_second']:.0f} replications/s on {args.threads} threads")
    print(f"replications: {run['replications']} in {run['stages']} stages; per plan min {reps[0]}, "
          f"median {reps[len(reps) // 2]}, max {reps[-1]}, mean {run['replications'] / len(rows):.1f}")
    eq = run["equal_allocation_replications"]
    print(f"equal allocation at the same precision: {eq} ({eq / run['replications']:.1f}x), "
          f"about {eq / max(run['replications_per_second'], 1e-9) / 60:.0f} min at this rate")
    print(f"selected: am_new={best['am_new']} pm={best['pm']} presales={best['presales']}, "
          f"contribution mean {float(best['contribution_mean']):,.0f} over {best['replications']} replications, "
          f"guaranteed={run['guaranteed']}")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
