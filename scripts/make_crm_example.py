#!/usr/bin/env python3
"""Writes scenarios/crm_example/: a small CRM export of one year (2025) of a key-account branch.

It is a simulated export with known parameters, made realistically messy the way real exports are:
  1. `salesim run --export-crm` exports replication 0 of scenarios/golden_triangle.txtpb with the
     TRUE values below (a market a little busier than the baseline, a better base win utility), its
     day 0 on 2025-01-01;
  2. this script rewrites it in a CRM's own layout: column names with spaces, a UTF-8 BOM, dates as
     2025/03/07, amounts with thousands separators ("1,250,000.00"), products by name ("ERP Basic",
     sometimes "ERP basic module": one product spelled two ways), people by name, roles as
     AM / PM / Presales / Manager; then it breaks what real exports break: one owner missing from
     the roster, a closed deal without a close date, a stage name the mapping does not know.
`salesim fit scenarios/crm_example --mapping scenarios/crm_example/mapping.txtpb --base
scenarios/golden_triangle.txtpb` should recover the TRUE values within their intervals.
Deterministic: rerunning it rewrites the same bytes.

    python3 scripts/make_crm_example.py [--salesim build/bin/salesim] [--out scenarios/crm_example]
"""
import argparse
import csv
import io
import os
import random
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TRUE = {  # what the fit should recover (docs/calibration.md, "The shipped example")
    "deals.win_base_utility": "0.4",
    "market.segments[large].projects_per_account_per_year": "0.065",
    "market.segments[small].projects_per_account_per_year": "0.034",
}
PRODUCTS = {"basic_module": "ERP Basic", "big_project": "ERP Suite", "expansion": "Add-on"}
ROLES = {"am": "AM", "pm": "PM", "presales": "Presales", "manager": "Manager"}
NAMES = ["Liu Yang", "Chen Jing", "Wang Wei", "Li Na", "Zhang Min", "Liu Bo", "Yang Fan", "Huang Li", "Zhou Tao", "Wu Hao",
         "Xu Jie", "Sun Qiang", "Ma Lin", "Hu Jun", "Guo Hui", "Gao Yan", "Lin Feng", "He Ping", "Luo Xin", "Zheng Yu",
         "Liang Kai", "Song Jia", "Tang Rui", "Han Mei", "Feng Lei", "Cao Ying", "Deng Chao", "Xie Fang", "Zhao Lei", "Peng Bo"]


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def date(iso):
    return iso.replace("-", "/") if iso else ""


def amount(text):
    return f"{float(text):,.2f}" if text else ""


def write(path, header, rows, bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--salesim", default=os.path.join(ROOT, "build", "bin", "salesim"))
    ap.add_argument("--out", default=os.path.join(ROOT, "scenarios", "crm_example"))
    args = ap.parse_args()
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [args.salesim, "run", os.path.join(ROOT, "scenarios", "golden_triangle.txtpb"), "-n", "1", "--seed", "2025",
               "--quiet", "--out", os.path.join(tmp, "run"), "--export-crm", os.path.join(tmp, "export"),
               "--export-epoch", "2025-01-01"]
        for k, v in TRUE.items():
            cmd += ["--set", f"{k}={v}"]
        subprocess.run(cmd, check=True)
        src = os.path.join(tmp, "export")
        opps = read(os.path.join(src, "opportunities.csv"))
        hist = read(os.path.join(src, "stage_history.csv"))
        roster = read(os.path.join(src, "roster.csv"))
        comps = read(os.path.join(src, "competitors.csv"))

    people = {r["person"]: NAMES[i] for i, r in enumerate(roster)}
    # An AM who owns deals but is missing from the roster export (joined late, HR not yet updated).
    am_owners = sorted({o["owner"] for o in opps if any(r["person"] == o["owner"] and r["role"] == "am" for r in roster)},
                       key=lambda p: int(p[1:]))
    missing = am_owners[-1]
    accounts = {}

    def account(a, segment):
        if a not in accounts:
            n = int(a[1:])
            accounts[a] = (f"华东{['制造', '能源', '物流', '化工'][n % 4]}集团 {n}" if segment == "large"
                           else f"Suzhou Precision {n} Co.")
        return accounts[a]

    def product(p):
        name = PRODUCTS[p]
        return "ERP basic module" if name == "ERP Basic" and rng.random() < 0.25 else name

    out_opps = []
    for o in opps:
        out_opps.append([o["id"].replace("D", "OPP-"), people[o["owner"]], account(o["account"], o["segment"]), o["segment"],
                         product(o["product"]), o["stage"], date(o["created"]), date(o["close_date"]), amount(o["amount"])])
    # Two broken rows, as real exports have them: a won deal without its close date, a stage
    # someone typed by hand.
    won = [r for r in out_opps if r[5] == "Closed Won" and r[6] >= "2025"]
    won[3][7] = ""
    lost = [r for r in out_opps if r[5] == "Closed Lost" and r[6] >= "2025"]
    lost[5][5] = "Lost"
    out_hist = [[h["opportunity_id"].replace("D", "OPP-"), h["stage"], date(h["date"]), amount(h["amount"]),
                 date(h["close_date"])] for h in hist]
    out_roster = [[people[r["person"]], ROLES[r["role"]], people.get(r["manager"], ""), r["team"] or "Shanghai",
                   date(r["hire_date"])] for r in roster if r["person"] != missing]
    out_comps = [[c["opportunity_id"].replace("D", "OPP-"), c["competitor"]] for c in comps]

    os.makedirs(args.out, exist_ok=True)
    write(os.path.join(args.out, "opportunities.csv"),
          ["Opportunity ID", "Owner", "Account", "Segment", "Product", "Stage", "Created", "Close Date", "Amount (CNY)"],
          out_opps, bom=True)
    write(os.path.join(args.out, "stage_history.csv"), ["Opportunity ID", "Stage", "Changed On", "Amount (CNY)", "Expected Close"],
          out_hist)
    write(os.path.join(args.out, "roster.csv"), ["Name", "Role", "Manager", "Office", "Hire Date"], out_roster)
    write(os.path.join(args.out, "competitors.csv"), ["Opportunity ID", "Competitor"], out_comps)
    print(f"{len(out_opps)} opportunities, {len(out_hist)} stage changes, {len(out_roster)} people in the roster "
          f"({people[missing]} missing), {len(out_comps)} competitor rows -> {args.out}")


if __name__ == "__main__":
    main()
