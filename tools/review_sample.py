#!/usr/bin/env python3
"""Writes the embedded sample of the national_review example: 43 fictional forces graded on the
ten protective service areas and seven plan elements, constructed so that its threat table and
its inadequate-element table equal, cell for cell, the figures the inspectorate published in 2008
(as quoted in the crate's tests). Deterministic; run from the repository root:

    python3 tools/review_sample.py
"""
import csv
import os
import random

OUT = os.path.join("examples", "data", "review")
AREAS = ["serious_organised_crime", "major_crime", "civil_contingencies", "critical_incidents",
         "public_order", "roads_policing", "domestic_abuse", "missing_persons", "child_abuse",
         "offender_management"]
LEVELS = ["no_evidence", "low", "medium", "high"]
# Forces per threat level and area: the unique counts of 43 that round to the published %.
THREAT_COUNTS = [(0, 1, 9, 33), (16, 6, 11, 10), (31, 4, 6, 2), (24, 5, 11, 3), (22, 7, 11, 3),
                 (12, 10, 10, 11), (10, 8, 12, 13), (23, 9, 5, 6), (16, 5, 11, 11), (12, 9, 8, 14)]
# Forces inadequate in each element per area, and in at least one area (published).
ELEMENTS = [
    ("need_assessment", [4, 6, 5, 9, 9, 5, 9, 11, 6, 5], 15),
    ("existing_work", [1, 5, 6, 9, 6, 3, 4, 8, 3, 3], 13),
    ("collaboration", [1, 2, 3, 8, 6, 1, 3, 7, 4, 4], 12),
    ("prioritisation", [0, 9, 11, 15, 15, 5, 7, 16, 7, 8], 22),
    ("resource_allocation", [8, 13, 13, 18, 16, 12, 16, 14, 12, 10], 22),
    ("governance", [12, 12, 12, 14, 14, 13, 13, 14, 10, 10], 18),
    ("measures_of_success", [7, 10, 20, 24, 23, 13, 13, 22, 17, 14], 28),
]
PREFIX = ["Ash", "Bram", "Calder", "Dun", "Elm", "Fen", "Glen", "Hart", "Irwell", "Kel", "Lang",
          "Mar", "Nor", "Oak", "Pen"]
SUFFIX = ["shire", "dale", "moor"]
REGIONS = ["North East", "North West", "Yorkshire", "East Midlands", "West Midlands", "Eastern",
           "London", "South East", "South West", "Wales"]


def main():
    rnd = random.Random(2008)
    forces = sorted({p + s for p in PREFIX for s in SUFFIX})[:43]
    region = {f: REGIONS[i % len(REGIONS)] for i, f in enumerate(forces)}
    threat, need = {}, {}
    for a, area in enumerate(AREAS):
        order = forces[:]
        rnd.shuffle(order)
        levels = [LEVELS[l] for l, c in enumerate(THREAT_COUNTS[a]) for _ in range(c)]
        for f, lvl in zip(order, levels):
            threat[(f, area)] = lvl
            # Need is the gap once ability is counted: at most the threat, often a level less.
            i = LEVELS.index(lvl)
            need[(f, area)] = LEVELS[max(0, i - rnd.choice([0, 0, 1]))]
    inadequate = {}
    for name, counts, n_forces in ELEMENTS:
        pool = rnd.sample(forces, n_forces)
        pointer = 0
        for a, area in enumerate(AREAS):
            chosen = [pool[(pointer + k) % n_forces] for k in range(counts[a])]
            pointer = (pointer + counts[a]) % n_forces
            for f in forces:
                inadequate[(f, area, name)] = f in chosen
    grades = {}
    for key, bad in inadequate.items():
        if bad:
            grades[key] = "no_evidence" if rnd.random() < 0.2 else "insufficient"
        else:
            grades[key] = "high_provision" if rnd.random() < 0.2 else "meets_standard"
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "areas.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["force", "region", "area", "threat", "need", "provision"])
        for force in forces:
            for area in AREAS:
                elems = [grades[(force, area, e)] for e, _, _ in ELEMENTS]
                bad = sum(g in ("no_evidence", "insufficient") for g in elems)
                if bad == 7 or (bad >= 5 and "no_evidence" in elems):
                    overall = "no_evidence"
                elif bad >= 3:
                    overall = "insufficient"
                elif bad == 0 and elems.count("high_provision") >= 3:
                    overall = "high_provision"
                else:
                    overall = "meets_standard"
                w.writerow([force, region[force], area, threat[(force, area)],
                            need[(force, area)], overall])
    with open(os.path.join(OUT, "elements.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["force", "area", "element", "grade"])
        for force in forces:
            for area in AREAS:
                for e, _, _ in ELEMENTS:
                    w.writerow([force, area, e, grades[(force, area, e)]])


if __name__ == "__main__":
    main()
