#!/usr/bin/env python3
"""Generates the published one-notch vectors under tests/vectors/robustness/ (SPEC §13).

A second implementation of the one-notch test, in Python on top of `generate.py`'s model of
SPEC §3, sharing no code with the crate: tests/robustness.rs checks the crate's reports (JSON and
CSV) against what this writes, and the conformance runner runs them as a vendor's engine would
be run. Run from the repository root:

    python3 tools/vectors/robustness.py

Each file (`needmatrix-robustness-vectors/1`) holds the matrix (`"reference"`), a register as a
JSON array of assessments, and the expected `needmatrix-robustness/1` report (without its matrix
label and fingerprint); `csv_rows` and `csv_first` pin the CSV view.
"""

import json
import os
import random
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from generate import band_of, score  # noqa: E402
from plans import AREAS, read, read_register, reference, scored  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
OUT = os.path.join(ROOT, "tests", "vectors", "robustness")
CALLS = ["impact", "probability", "capability", "capacity"]


def report(m, register):
    grades = []
    for rule in m.get("grades", []):
        if rule["grade"] not in grades:
            grades.append(rule["grade"])
    by_grade = {g: {"entries": 0, "fragile": 0} for g in grades + ["none"]}
    summary = {"entries": 0, "fragile": 0, "high_need": 0, "high_need_fragile": 0}
    fragile = []
    rows = []
    bands = m["need_bands"]
    for priority, (a, o) in enumerate(scored(m, register), start=1):
        own = band_of(bands, Decimal(o["need"]))
        low = high = own
        changes = []
        for call in CALLS:
            keys = [l["key"] for l in m[call]]
            at = keys.index(a[call])
            for position in (at - 1, at + 1):
                if not 0 <= position < len(keys):
                    continue
                b = dict(a)
                b[call] = keys[position]
                n = score(m, b)
                band = band_of(bands, Decimal(n["need"]))
                low, high = min(low, band), max(high, band)
                if n["grade"] != o["grade"] or n["high_need"] != o["high_need"]:
                    changes.append({"field": call, "to": keys[position], "need": n["need"],
                                    "grade": n["grade"], "high_need": n["high_need"]})
                    rows.append([str(priority), o["id"], o["grade"] or "",
                                 str(o["high_need"]).lower(), call, keys[position], n["need"],
                                 n["grade"] or "", str(n["high_need"]).lower()])
        is_fragile = bool(changes)
        summary["entries"] += 1
        summary["fragile"] += is_fragile
        by_grade[o["grade"] or "none"]["entries"] += 1
        by_grade[o["grade"] or "none"]["fragile"] += is_fragile
        if o["high_need"]:
            summary["high_need"] += 1
            summary["high_need_fragile"] += is_fragile
        if is_fragile:
            fragile.append({"id": o["id"], "grade": o["grade"], "high_need": o["high_need"],
                            "need": o["need"], "need_band": bands[own]["key"],
                            "need_band_low": bands[low]["key"],
                            "need_band_high": bands[high]["key"], "changes": changes})
    return {
        "format": "needmatrix-robustness/1",
        "summary": {"entries": summary["entries"], "fragile": summary["fragile"],
                    "by_grade": by_grade, "high_need": summary["high_need"],
                    "high_need_fragile": summary["high_need_fragile"]},
        "fragile": fragile,
    }, rows


def random_register(m, rnd, n):
    keys = lambda scale: [l["key"] for l in m[scale]]  # noqa: E731
    lines = ["id,area,impact,probability,weighting,ameliorative.partnership,ameliorative.resources,"
             "capability,capacity,measure_in_place,lead_high_risk,assessed_on"]
    for i in range(n):
        points = lambda: "" if rnd.random() < 0.5 else str(Decimal(rnd.randrange(0, 21)) / 4)  # noqa: E731
        lines.append(",".join([
            "n%03d" % i, rnd.choice(AREAS), rnd.choice(keys("impact")), rnd.choice(keys("probability")),
            ";".join(f for f in keys("weighting") if rnd.random() < 0.2), points(), points(),
            rnd.choice(keys("capability")), rnd.choice(keys("capacity")),
            rnd.choice(["true", "false", "", ""]), rnd.choice(["true", "false", "", "", "", ""]),
            rnd.choice(["2008-06-20", "2009-01-31", ""])]))
    return "\n".join(lines) + "\n"


def main():
    m = reference()
    os.makedirs(OUT, exist_ok=True)
    cases = [("wealdshire", "The embedded sample of microanalysis.",
              read("examples/data/wealdshire_register.csv"))]
    for seed in (13, 2008, 2026):
        cases.append(("random-%d" % seed, "A random register, seed %d, every field varied." % seed,
                      random_register(m, random.Random(seed), 300)))
    for name, description, text in cases:
        register = read_register(text)
        expect, rows = report(m, register)
        for a in register:
            if not a["ameliorative"]:
                del a["ameliorative"]
        data = {"format": "needmatrix-robustness-vectors/1", "description": description,
                "matrix": "reference", "register": register, "expect": expect,
                "csv_rows": len(rows), "csv_first": rows[:3]}
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
    print("tests/vectors/robustness: %d files" % len(cases))


if __name__ == "__main__":
    main()
