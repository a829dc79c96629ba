#!/usr/bin/env python3
"""Writes scenarios/crm_example/: a small synthetic CRM export of one year (2025) of a key-account
branch, made realistically messy the way real exports are: a UTF-8 BOM, dates as 2025/03/07,
amounts with thousands separators ("1,250,000.00"), a product spelled two ways ("ERP Basic" and
"ERP basic module"), an owner missing from the roster, and two broken rows (a closed deal without a
close date, a stage the mapping does not know). Deterministic (fixed seed): rerunning it rewrites the
same bytes.

    python3 scripts/make_crm_example.py [OUT_DIR]     # default scenarios/crm_example
"""
import csv
import datetime as dt
import io
import math
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "scenarios", "crm_example")
rng = random.Random(2025)
START = dt.date(2025, 1, 1)
DAYS = 365

people = []  # (name, role, manager, office, hire date)
managers = ["Liu Yang", "Chen Jing"]
for m in managers:
    people.append((m, "Manager", "", "Shanghai", START - dt.timedelta(days=rng.randint(1500, 3000))))
am_names = ["Wang Wei", "Li Na", "Zhang Min", "Liu Bo", "Yang Fan", "Huang Li", "Zhou Tao", "Wu Hao",
            "Xu Jie", "Sun Qiang", "Ma Lin", "Hu Jun", "Guo Hui"]
for i, n in enumerate(am_names):
    tenure = rng.randint(800, 2500) if i < 6 else rng.randint(60, 330)
    people.append((n, "AM", managers[i % 2], "Shanghai" if i % 2 == 0 else "Suzhou", START - dt.timedelta(days=tenure)))
for n in ["Gao Yan", "Lin Feng", "He Ping", "Luo Xin"]:
    people.append((n, "PM", managers[0], "Shanghai", START - dt.timedelta(days=rng.randint(900, 2600))))
for n in ["Zheng Yu", "Liang Kai"]:
    people.append((n, "Presales", managers[1], "Shanghai", START - dt.timedelta(days=rng.randint(400, 1600))))
owners = am_names + ["Zhao Lei"]  # Zhao Lei joined in December and is not in the roster export yet

SEASON = [0.8, 1.1, 0.9, 1.2]
SEGMENTS = [("large", 190.0), ("small", 150.0)]
stages_open = ["Qualify", "Demo", "Solution", "Proposal", "Negotiation"]


def lognormal(mean, cv):
    s2 = math.log(1 + cv * cv)
    return math.exp(math.log(mean) - s2 / 2 + math.sqrt(s2) * rng.gauss(0, 1))


def fmt_date(d):
    return d.strftime("%Y/%m/%d")


def fmt_amount(a):
    return "" if a is None else f"{a:,.2f}"


opps, history, competitors = [], [], []
n = 0
for seg, per_year in SEGMENTS:
    peak = max(SEASON)
    t = 0.0
    while True:
        t += rng.expovariate(per_year * peak / 365.25)
        if t >= DAYS:
            break
        day = START + dt.timedelta(days=int(t))
        if rng.random() * peak >= SEASON[(day.month - 1) // 3]:
            continue
        n += 1
        oid = f"OPP-{n:04d}"
        owner = rng.choice(owners[:-1]) if day.month < 12 else rng.choice(owners)
        account = (f"华东{rng.choice(['制造', '能源', '物流', '化工'])}集团 {rng.randint(1, 400)}" if seg == "large"
                   else f"Suzhou Precision {rng.randint(1, 900)} Co.")
        u = rng.random()
        if seg == "small" and u < 0.3:
            product, size = "Add-on", lognormal(250000, 0.4)
        elif seg == "large" and u < 0.38:
            product, size = "ERP Suite", lognormal(2600000, 0.5)
        else:
            product = "ERP basic module" if rng.random() < 0.25 else "ERP Basic"
            size = lognormal(420000 if seg == "large" else 300000, 0.45)
        size = round(size, 2)
        cycle = round(85 * math.exp(0.55 * rng.gauss(0, 1)) * (1.5 if product == "ERP Suite" else 1))
        close = day + dt.timedelta(days=cycle)
        v = rng.random()
        outcome = "Closed Won" if v < 0.36 else "Closed Lost" if v < 0.80 else "No Decision"
        slip = math.ceil(rng.expovariate(1 / 25)) if rng.random() < 0.3 else 0
        cut = rng.uniform(0.55, 0.75) if outcome == "Closed Won" and rng.random() < 0.2 else 1.0
        closed = (close - START).days < DAYS
        amount = round(size * cut, 2)
        # Stage history: a row per stage entered, a slip, a cut, the close.
        h_days = sorted(rng.sample(range(0, max(cycle, 6)), 4))
        last_stage = rng.randrange(5)
        first_forecast = close - dt.timedelta(days=slip)
        for k, st in enumerate(stages_open):
            d = day + dt.timedelta(days=0 if k == 0 else h_days[k - 1])
            if (d - START).days >= DAYS or (not closed and k > last_stage) or d > close:
                break
            history.append([oid, st, fmt_date(d), fmt_amount(size), fmt_date(first_forecast)])
            reached = st
        if slip and (close - dt.timedelta(days=1) - START).days < DAYS and closed:
            history.append([oid, reached, fmt_date(close - dt.timedelta(days=max(1, slip // 2))), fmt_amount(size), fmt_date(close)])
        if cut < 1 and closed:
            history.append([oid, reached, fmt_date(close - dt.timedelta(days=1)), fmt_amount(amount), fmt_date(close)])
        if closed:
            history.append([oid, outcome, fmt_date(close), fmt_amount(amount) if outcome == "Closed Won" else "", ""])
        stage = outcome if closed else reached
        opps.append([oid, owner, account, seg, product, stage, fmt_date(day), fmt_date(close) if closed else "",
                     fmt_amount(amount if closed and outcome == "Closed Won" else None if closed else size)])
        if product != "Add-on" and rng.random() < 0.45:
            competitors.append([oid, rng.choice(["NorthSoft", "EastERP"] if seg == "small" else ["NorthSoft", "GlobalSuite"])])

# Two broken rows, as real exports have them.
opps[17][5], opps[17][7] = "Closed Won", ""  # closed without a close date
opps[41][5] = "Won"                            # a stage name the mapping does not list


def write(name, header, rows, bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))


os.makedirs(OUT, exist_ok=True)
write("opportunities.csv", ["Opportunity ID", "Owner", "Account", "Segment", "Product", "Stage", "Created", "Close Date",
                            "Amount (CNY)"], opps, bom=True)
write("stage_history.csv", ["Opportunity ID", "Stage", "Changed On", "Amount (CNY)", "Expected Close"], history)
write("roster.csv", ["Name", "Role", "Manager", "Office", "Hire Date"],
      [[p[0], p[1], p[2], p[3], fmt_date(p[4])] for p in people])
write("competitors.csv", ["Opportunity ID", "Competitor"], competitors)
print(f"{len(opps)} opportunities, {len(history)} stage changes, {len(people)} people, {len(competitors)} competitor rows -> {OUT}")
