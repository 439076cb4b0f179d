#!/usr/bin/env python3
"""Generates the published action-plan vectors under tests/plans/.

A second implementation of SPEC §9 (gap-bridging options in whole ameliorative steps), §10's
deadlines and §12 (deadlines judged against the as-of date, reviews due, the ids assessed after
it, costs and a budget), in Python with the standard library's `decimal`, on top of
`generate.py`'s model of §3. It shares no code with the crate: tests/plan_vectors.rs checks the
crate's plans against what this writes. Run from the repository root:

    python3 tools/vectors/plans.py

Each file holds its inputs (registers and costs as CSV text, the as-of date, the review period,
the step, the budget) and the expectations. The output is deterministic.
"""

import csv
import datetime
import io
import json
import os
import random
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from generate import add_months, band_of, canon, score  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
OUT = os.path.join(ROOT, "tests", "plans")
FORMAT = "needmatrix-plan-vectors/1"


def reference():
    with open(os.path.join(ROOT, "src", "matrix", "reference.json"), encoding="utf-8") as f:
        return json.load(f)


def read_register(text):
    """A CSV register as assessment dicts (SPEC §3's CSV rules: an empty cell is absent)."""
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        a = {"ameliorative": {}}
        for name, cell in row.items():
            if cell is None or cell == "":
                continue
            if name.startswith("ameliorative."):
                a["ameliorative"][name[len("ameliorative."):]] = cell
            elif name == "weighting":
                a["weighting"] = [k.strip() for k in cell.split(";") if k.strip()]
            elif name in ("measure_in_place", "lead_high_risk"):
                a[name] = cell.strip().lower() == "true"
            else:
                a[name] = cell
        out.append(a)
    return out


def priority_key(o):
    return (not o["high_need"], -Decimal(o["need"]), -Decimal(o["threat"]), -Decimal(o["risk"]),
            o["id"].encode())


def scored(m, register):
    """(assessment, outcome) pairs in priority order."""
    pairs = [(a, score(m, a)) for a in register]
    return sorted(pairs, key=lambda p: priority_key(p[1]))


def need_band(m, a):
    return band_of(m["need_bands"], Decimal(score(m, a)["need"]))


def options(m, a, step):
    """SPEC §9: capability, capacity, then each ameliorative kind."""
    band = need_band(m, a)
    if band == 0:
        return []
    out = []
    for lever in ("capability", "capacity"):
        keys = [l["key"] for l in m[lever]]
        current = keys.index(a[lever])
        for position in range(current + 1, len(keys)):
            b = dict(a)
            b[lever] = keys[position]
            if need_band(m, b) < band:
                out.append({"lever": lever, "to": keys[position]})
                break
    need = Decimal(score(m, a)["need"])
    floor = Decimal(m["need_bands"][band]["min"])
    add = step * ((need - floor) // step + 1)
    for kind in m["ameliorative"]:
        current = Decimal(a["ameliorative"].get(kind["key"], "0"))
        if current + add <= Decimal(kind["max"]):
            out.append({"lever": "ameliorative." + kind["key"], "add": canon(add)})
    return out


def read_costs(text):
    costs = {}
    for row in csv.DictReader(io.StringIO(text)):
        costs[(row["area"], row["lever"])] = Decimal(row["cost"])
    return costs


def option_cost(m, costs, a, option):
    unit = costs.get((a["area"], option["lever"]), costs.get(("*", option["lever"])))
    if unit is None:
        return None
    if "to" in option:
        keys = [l["key"] for l in m[option["lever"]]]
        steps = keys.index(option["to"]) - keys.index(a[option["lever"]])
        return unit * steps
    return unit * Decimal(option["add"])


def plan(m, case):
    register = read_register(case["register"])
    entries = [(a, o) for a, o in scored(m, register)
               if band_of(m["need_bands"], Decimal(o["need"])) > 0]
    step = Decimal(case.get("step", "0.5"))
    costs = read_costs(case["costs"]) if case.get("costs") else None
    expect = {"plan": []}
    planned = []
    for a, o in entries:
        opts = options(m, a, step)
        if costs is not None:
            for option in opts:
                cost = option_cost(m, costs, a, option)
                option["cost"] = None if cost is None else canon(cost)
        planned.append((a, opts))
        expect["plan"].append({"id": o["id"], "options": opts})
    as_of = case.get("as_of")
    if as_of:
        d = datetime.date.fromisoformat(as_of)
        months = case.get("review_months", 12)
        every = scored(m, register)
        expect["review_overdue"] = [
            o["id"] for a, o in every
            if not a.get("assessed_on")
            or add_months(datetime.date.fromisoformat(a["assessed_on"]), months) < d]
        expect["assessed_after_as_of"] = [
            o["id"] for a, o in every
            if a.get("assessed_on") and datetime.date.fromisoformat(a["assessed_on"]) > d]
    else:
        expect["review_overdue"] = None
    if case.get("budget") is not None:
        budget = Decimal(case["budget"])
        remaining = budget
        funded, unfunded = [], []
        for a, opts in planned:
            if not opts:
                unfunded.append({"id": a["id"], "reason": "no_option"})
                continue
            costed = [o for o in opts if costs is not None and o.get("cost") is not None]
            if not costed:
                unfunded.append({"id": a["id"], "reason": "uncosted"})
                continue
            cheapest = min(costed, key=lambda o: Decimal(o["cost"]))  # first of equals: lever order
            if Decimal(cheapest["cost"]) <= remaining:
                remaining -= Decimal(cheapest["cost"])
                f = {"id": a["id"], "lever": cheapest["lever"]}
                f["to" if "to" in cheapest else "add"] = cheapest.get("to", cheapest.get("add"))
                f["cost"] = cheapest["cost"]
                funded.append(f)
            else:
                unfunded.append({"id": a["id"], "reason": "unaffordable"})
        expect["budget"] = {"budget": canon(budget), "spent": canon(budget - remaining),
                            "remaining": canon(remaining), "funded": funded, "unfunded": unfunded}
    else:
        expect["budget"] = None
    if case.get("earlier"):
        before = {o["id"]: (a, o) for a, o in scored(m, read_register(case["earlier"]))}
        after = {o["id"]: (a, o) for a, o in scored(m, register)}
        counts = {"met": 0, "late": 0, "missed": 0, "pending": 0, "unknown": 0}
        deadlines = []
        for id_ in sorted(set(before) | set(after), key=str.encode):
            status = None
            if id_ in before and id_ in after and before[id_][1]["action_due"]:
                t = datetime.date.fromisoformat(before[id_][1]["action_due"])
                b = band_of(m["need_bands"], Decimal(before[id_][1]["need"]))
                n = band_of(m["need_bands"], Decimal(after[id_][1]["need"]))
                on = after[id_][0].get("assessed_on")
                if not on:
                    status = "unknown"
                else:
                    d = datetime.date.fromisoformat(on)
                    if n < b:
                        status = "met" if d <= t else "late"
                    elif d > t:
                        status = "missed"
                    elif as_of and datetime.date.fromisoformat(as_of) > t:
                        status = "missed"
                    else:
                        status = "pending"
                counts[status] += 1
            deadlines.append({"id": id_, "deadline": status})
        expect["progress"] = {"deadlines": counts, "entries": deadlines}
    else:
        expect["progress"] = None
    return expect


# ---------------------------------------------------------------- cases

AREAS = ["serious_organised_crime", "major_crime", "civil_contingencies", "critical_incidents",
         "public_order", "roads_policing", "domestic_abuse", "missing_persons", "child_abuse",
         "offender_management"]


def random_register(m, rnd, n, start, days):
    """A register of n assessments with dates from `start` over `days` days."""
    keys = lambda scale: [l["key"] for l in m[scale]]  # noqa: E731
    factors = keys("weighting")
    lines = ["id,area,impact,probability,weighting,ameliorative.partnership,"
             "ameliorative.resources,capability,capacity,measure_in_place,assessed_on"]
    for i in range(n):
        chosen = [f for f in factors if rnd.random() < 0.25]
        date = "" if rnd.random() < 0.08 else (start + datetime.timedelta(days=rnd.randrange(days))).isoformat()
        points = lambda: "" if rnd.random() < 0.4 else canon(Decimal(rnd.randrange(0, 21)) / 4)  # noqa: E731
        lines.append(",".join([
            "r%03d" % i, rnd.choice(AREAS), rnd.choice(keys("impact")),
            rnd.choice(keys("probability")), ";".join(chosen), points(), points(),
            rnd.choice(keys("capability")), rnd.choice(keys("capacity")),
            rnd.choice(["true", "false", ""]), date]))
    return "\n".join(lines) + "\n"


def later(m, rnd, earlier_text, start, days):
    """The same register assessed again: most rows kept with some levels moved, a few removed,
    a few new."""
    rows = list(csv.DictReader(io.StringIO(earlier_text)))
    header = list(rows[0].keys())
    out = [",".join(header)]
    keys = lambda scale: [l["key"] for l in m[scale]]  # noqa: E731
    for row in rows:
        if rnd.random() < 0.05:
            continue
        for scale in ("capability", "capacity", "probability"):
            if rnd.random() < 0.3:
                row[scale] = rnd.choice(keys(scale))
        if rnd.random() < 0.9:
            row["assessed_on"] = (start + datetime.timedelta(days=rnd.randrange(days))).isoformat()
        out.append(",".join(row[h] for h in header))
    return "\n".join(out) + "\n"


def costs_text(rnd):
    rows = ["area,lever,cost"]
    for lever in ("capability", "capacity", "ameliorative.partnership", "ameliorative.resources"):
        if rnd.random() < 0.85:
            rows.append("*,%s,%s" % (lever, rnd.choice(["1000", "2500", "10000", "40000", "1234.5"])))
        for area in rnd.sample(AREAS, 2):
            rows.append("%s,%s,%s" % (area, lever, rnd.choice(["500", "2000", "15000.25"])))
    return "\n".join(rows) + "\n"


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def cases(m):
    sample = {
        "register": read("examples/data/wealdshire_register_2009.csv"),
        "earlier": read("examples/data/wealdshire_register.csv"),
        "costs": read("examples/data/wealdshire_costs.csv"),
        "as_of": "2010-03-31", "review_months": 12, "budget": "150000",
    }
    yield "wealdshire-default-step", "The embedded sample of action_plan, the default step.", dict(sample)
    yield "wealdshire-step-1", "The sample in whole points, a smaller budget.", dict(sample, step="1", budget="60000")
    yield "wealdshire-step-finest", "The sample in the finest step: the options before 2026-12.", dict(sample, step="0.0001")
    yield "wealdshire-no-date", "No as-of date: deadlines not passed at re-assessment stay pending.", {
        k: v for k, v in sample.items() if k not in ("as_of", "review_months")}
    yield "wealdshire-early-date", "An as-of date before some re-assessments: they are listed.", dict(
        sample, as_of="2009-03-15", review_months=6, step="0.25")
    for seed, step in ((2008, "0.5"), (2009, "0.25"), (2010, "1.5"), (2011, "0.3")):
        rnd = random.Random(seed)
        earlier = random_register(m, rnd, 120, datetime.date(2008, 1, 1), 365)
        current = later(m, rnd, earlier, datetime.date(2008, 6, 1), 500)
        yield "random-%d" % seed, "A random register, seed %d, re-assessed; step %s." % (seed, step), {
            "register": current, "earlier": earlier, "costs": costs_text(rnd),
            "as_of": (datetime.date(2009, 1, 1) + datetime.timedelta(days=rnd.randrange(300))).isoformat(),
            "review_months": rnd.choice([6, 12, 18]), "step": step,
            "budget": rnd.choice(["50000", "250000", "1000000"]),
        }


def main():
    m = reference()
    os.makedirs(OUT, exist_ok=True)
    for name, description, case in cases(m):
        data = {"format": FORMAT, "description": description, "case": case, "expect": plan(m, case)}
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
    print("tests/vectors/plans: %d files" % len(list(cases(m))))


if __name__ == "__main__":
    main()
