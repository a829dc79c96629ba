#!/usr/bin/env python3
"""Common random numbers across design points: how much they shrink the variance of the difference
between neighbouring points of a sweep (issue 13). Runs scenarios/sweep_pm_count.txtpb twice, with
common random numbers across points (the default) and with --independent-points, and prints per
step (k -> k+1 PMs) the mean and sd of the paired revenue differences, the variance ratio, and the
mean curve. Usage: python3 bench/experiment/crn_points.py [-n REPLICATIONS] [--salesim PATH]"""
import argparse
import csv
import statistics as st
import subprocess
import tempfile


def load(d):
    with open(d + "/replications.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    pts = sorted({int(r["design_point"]) for r in rows})
    rev = {(int(r["design_point"]), int(r["replication"])): float(r["revenue"]) for r in rows}
    pm = {int(r["design_point"]): r["team.cohorts[pm].count"] for r in rows}
    return pts, rev, pm, max(k[1] for k in rev) + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", default="200")
    ap.add_argument("--salesim", default="build/bin/salesim")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        for label, extra in (("common", []), ("independent", ["--independent-points"])):
            cmd = [a.salesim, "sweep", "scenarios/sweep_pm_count.txtpb", "-n", a.n, "-q", "--out", f"{tmp}/{label}"] + extra
            print("$", " ".join(cmd))
            subprocess.run(cmd, check=True)
            runs[label] = load(f"{tmp}/{label}")
    var = {}
    for label, (pts, rev, pm, n) in runs.items():
        means = [st.fmean(rev[(p, r)] for r in range(n)) for p in pts]
        print(f"\n{label} random numbers across points, n = {n}; mean revenue (M CNY):",
              " ".join(f"{m / 1e6:.2f}" for m in means))
        var[label] = []
        for a_, b in zip(pts, pts[1:]):
            d = [rev[(b, r)] - rev[(a_, r)] for r in range(n)]
            var[label].append(st.variance(d))
            print(f"  {pm[a_]} -> {pm[b]} PMs: mean difference {st.fmean(d) / 1e6:6.2f}M, sd {st.stdev(d) / 1e6:5.2f}M, "
                  f"standard error of the step {st.stdev(d) / n ** 0.5 / 1e6:4.2f}M")
    ratios = [i / c for c, i in zip(var["common"], var["independent"])]
    print("\nvariance ratio independent / common, per step:", " ".join(f"{r:.1f}" for r in ratios))
    print(f"pooled over the steps: {sum(var['independent']) / sum(var['common']):.1f}x")


main()
