#!/usr/bin/env python3
"""Writes examples/data/review/element_grades.csv: an overall grade per force per plan element for
the 43 fictional forces of the review sample, such that Table 4 of the 2008 report (provision by
planning element, % of the 43 forces, and of all 301 force-elements) is reproduced cell for cell.

The counts per column are determined by the published percentages: for each element, the counts
(no evidence, insufficient, meets standard, high provision) of 43 forces whose percentages, each
rounded half away from zero, give the published column, compliant row included; among those,
the combination whose column sums give the published `total` column (of 301). This program finds
them by search, says whether they are unique, and assigns them to forces in a fixed, seeded order.
Deterministic; run from the repository root:

    python3 tools/review_element_grades.py
"""
import csv
import itertools
import os
import random

OUT = os.path.join("examples", "data", "review", "element_grades.csv")
ELEMENTS = ["need_assessment", "existing_work", "collaboration", "prioritisation",
            "resource_allocation", "governance", "measures_of_success"]
GRADES = ["no_evidence", "insufficient", "meets_standard", "high_provision"]
# Table 4 as published: rows no evidence, insufficient, meets standard, high provision, compliant;
# one column per element, then the total over the 301 force-elements.
TABLE_4 = {
    "no_evidence": [2, 2, 0, 0, 12, 2, 5, 3],
    "insufficient": [14, 7, 9, 26, 21, 26, 42, 21],
    "meets_standard": [58, 77, 63, 60, 63, 56, 47, 60],
    "high_provision": [26, 14, 28, 14, 5, 16, 7, 16],
    "compliant": [84, 91, 91, 74, 67, 72, 53, 76],
}
FORCES = 43


def percent(part, whole):
    """100 × part / whole, rounded half away from zero (exact, in integers)."""
    return (200 * part + whole) // (2 * whole)


def columns(column):
    """Every (ne, ins, meets, high) of 43 forces that gives the published column."""
    want = [TABLE_4[g][column] for g in GRADES]
    out = []
    for counts in itertools.product(range(FORCES + 1), repeat=3):
        last = FORCES - sum(counts)
        if last < 0:
            continue
        c = counts + (last,)
        if [percent(x, FORCES) for x in c] != want:
            continue
        if percent(c[2] + c[3], FORCES) != TABLE_4["compliant"][column]:
            continue
        out.append(c)
    return out


def main():
    options = [columns(k) for k in range(len(ELEMENTS))]
    for element, found in zip(ELEMENTS, options):
        print("%-20s %d combination(s): %s" % (element, len(found), found))
    total_want = [TABLE_4[g][7] for g in GRADES] + [TABLE_4["compliant"][7]]
    whole = FORCES * len(ELEMENTS)
    chosen = []
    for combo in itertools.product(*options):
        sums = [sum(c[g] for c in combo) for g in range(4)]
        got = [percent(s, whole) for s in sums] + [percent(sums[2] + sums[3], whole)]
        if got == total_want:
            chosen.append(combo)
    print("%d combination(s) give the published total column" % len(chosen))
    if not chosen:
        raise SystemExit("no counts reproduce Table 4")
    combo = chosen[0]
    # The review sample's forces, in byte order (as tools/review_sample.py names them).
    with open(os.path.join("examples", "data", "review", "areas.csv"), newline="") as f:
        forces = sorted({row["force"] for row in csv.DictReader(f)}, key=lambda s: s.encode())
    assert len(forces) == FORCES, len(forces)
    rnd = random.Random(4)
    rows = []
    for element, counts in zip(ELEMENTS, combo):
        grades = [g for g, n in zip(GRADES, counts) for _ in range(n)]
        rnd.shuffle(grades)
        rows += [(force, element, grade) for force, grade in zip(forces, grades)]
    rows.sort(key=lambda r: (r[0].encode(), ELEMENTS.index(r[1])))
    with open(OUT, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["force", "element", "grade"])
        w.writerows(rows)
    print("wrote %s: %d rows" % (OUT, len(rows)))


if __name__ == "__main__":
    main()
