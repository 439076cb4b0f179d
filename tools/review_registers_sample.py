#!/usr/bin/env python3
"""Writes the registers form of the national_review sample (SPEC §11) for the six fictional
forces whose registers are in examples/data/national/: provision.csv (the inspectors' grade of
each force's plan per area), elements.csv (the seven elements per force and area) and
indicators.csv (two proxy indicators per area).

The derived levels are computed here from the registers by the Python model of
tools/vectors/generate.py (a second implementation of SPEC §3), so the grades can be chosen to
tell a story: plans mostly follow need, with a few that do not; indicators mostly agree with the
forces' own need, with a few that contradict it (the objective markers). Deterministic; run from
the repository root:

    python3 tools/review_registers_sample.py
"""
import csv
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "vectors"))
import generate  # noqa: E402  (the Python model of SPEC §3)

NATIONAL = os.path.join("examples", "data", "national")
OUT = os.path.join("examples", "data", "review", "registers")
AREAS = [a["key"] for a in generate.REFERENCE["areas"]]
ELEMENTS = ["need_assessment", "existing_work", "collaboration", "prioritisation",
            "resource_allocation", "governance", "measures_of_success"]
GRADES = ["no_evidence", "insufficient", "meets_standard", "high_provision"]


def assessments(path):
    if path.endswith(".csv"):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                a = {k: v for k, v in row.items() if v != "" and not k.startswith("ameliorative.")}
                a["ameliorative"] = {k.split(".", 1)[1]: v for k, v in row.items()
                                     if k.startswith("ameliorative.") and v != ""}
                a["weighting"] = [w.strip() for w in row.get("weighting", "").split(";") if w.strip()]
                a["measure_in_place"] = row.get("measure_in_place", "").lower() == "true"
                yield a
    elif path.endswith(".jsonl"):
        with open(path) as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
    else:
        with open(path) as f:
            yield from json.load(f)


def derived(position, bands):
    if position is None:
        return "no_evidence"
    if position == bands - 1:
        return "high"
    if position == bands - 2:
        return "medium"
    return "low"


def main():
    with open(os.path.join(NATIONAL, "regions.csv"), newline="") as f:
        forces = sorted((r["force"] for r in csv.DictReader(f)), key=lambda s: s.encode())
    levels = {}
    for name in os.listdir(NATIONAL):
        force, ext = os.path.splitext(name)
        if force not in forces:
            continue
        highest = {}
        for a in assessments(os.path.join(NATIONAL, name)):
            o = generate.score(generate.REFERENCE, a)
            t = [b["key"] for b in generate.REFERENCE["threat_bands"]].index(o["threat_band"])
            n = [b["key"] for b in generate.REFERENCE["need_bands"]].index(o["need_band"])
            old = highest.get(a["area"], (0, 0))
            highest[a["area"]] = (max(old[0], t), max(old[1], n))
        for area in AREAS:
            h = highest.get(area)
            levels[(force, area)] = (derived(h and h[0], 4), derived(h and h[1], 4))
    rnd = random.Random(2008)
    provision, elements, indicators = [], [], []
    # Plans follow need, with a few that run counter to it.
    follow = {"no_evidence": 1, "low": 2, "medium": 2, "high": 3}
    for force in forces:
        for area in AREAS:
            threat, need = levels[(force, area)]
            grade = follow[need]
            if rnd.random() < 0.2:
                grade = rnd.choice([0, 1, 3])
            provision.append((force, area, GRADES[grade]))
            for element in ELEMENTS:
                g = max(0, min(3, grade + rnd.choice([-1, 0, 0, 0, 1])))
                elements.append((force, area, element, GRADES[g]))
            # Indicators: high where need is high, low where it is absent; a few contradict.
            base = {"no_evidence": 20, "low": 60, "medium": 120, "high": 240}[need]
            for indicator, scale in [("incidents_per_100k", 1), ("referrals", 3)]:
                value = base * scale + rnd.randint(0, 30)
                if rnd.random() < 0.1:
                    value = (300 if need in ("no_evidence", "low") else 5) * scale + rnd.randint(0, 9)
                indicators.append((force, area, indicator, value))
    os.makedirs(OUT, exist_ok=True)
    for name, header, rows in [
        ("provision.csv", ["force", "area", "provision"], provision),
        ("elements.csv", ["force", "area", "element", "grade"], elements),
        ("indicators.csv", ["force", "area", "indicator", "value"], indicators),
    ]:
        with open(os.path.join(OUT, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        print("wrote %s: %d rows" % (os.path.join(OUT, name), len(rows)))
    for force in forces:
        print(force, " ".join("%s/%s" % (t[0], n[0]) for t, n in (levels[(force, a)] for a in AREAS)))


if __name__ == "__main__":
    main()
