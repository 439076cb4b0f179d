#!/usr/bin/env python3
"""End to end, what an analyst would write with pandas: read a register CSV, score it with the
numpy float64 pipeline of peers.py, write a scored CSV. Also writes the workload as a register
CSV for the crate to read (`--write`).

    python3 benches/peers/end_to_end.py --write register.csv --n 1000000 --seed 2008
    python3 benches/peers/end_to_end.py --score register.csv --out scored.csv
"""
import argparse
import csv
import time

AREAS = ["serious_organised_crime", "major_crime", "civil_contingencies", "critical_incidents",
         "public_order", "roads_policing", "domestic_abuse", "missing_persons", "child_abuse",
         "offender_management"]
IMPACT = ["minimal", "minor", "moderate", "major", "critical"]
PROBABILITY = ["rare", "unlikely", "possible", "likely", "almost_certain"]
FACTORS = ["vulnerable_victims", "repeat_victimisation", "community_impact", "cross_border",
           "public_confidence", "emerging_trend"]
FACTOR_POINTS = [3, 2, 2, 2, 1, 1]
ABILITY = ["none", "limited", "adequate", "good", "strong"]
MASK = (1 << 64) - 1


def write(path, n, seed):
    state = seed & MASK
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "area", "impact", "probability", "weighting", "ameliorative.partnership",
                    "ameliorative.resources", "capability", "capacity", "measure_in_place"])
        for k in range(n):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            x = z ^ (z >> 31)
            w.writerow(["b%d" % k, AREAS[x % 10], IMPACT[(x >> 8) % 5], PROBABILITY[(x >> 16) % 5],
                        ";".join(f for j, f in enumerate(FACTORS) if (x >> 24) >> j & 1),
                        "%g" % (((x >> 32) % 21) / 4), "%g" % (((x >> 40) % 21) / 4),
                        ABILITY[(x >> 48) % 5], ABILITY[(x >> 52) % 5],
                        "true" if (x >> 60) & 1 else "false"])


def score(path, out):
    import numpy as np
    import pandas as pd
    start = time.perf_counter()
    df = pd.read_csv(path, keep_default_na=False, dtype={"weighting": str})
    impact = df["impact"].map({k: i + 1 for i, k in enumerate(IMPACT)}).to_numpy(np.float64)
    prob = df["probability"].map({k: i + 1 for i, k in enumerate(PROBABILITY)}).to_numpy(np.float64)
    weights = np.zeros(len(df))
    for f, p in zip(FACTORS, FACTOR_POINTS):
        weights += df["weighting"].str.contains(f, regex=False).to_numpy() * p
    points = {k: 4.0 * i for i, k in enumerate(ABILITY)}
    risk = impact * prob
    comparator = risk + weights
    mitigation = df["ameliorative.partnership"].to_numpy(np.float64) + df["ameliorative.resources"].to_numpy(np.float64)
    threat = np.maximum(0.0, comparator - mitigation)
    ability = np.minimum(df["capability"].map(points).to_numpy(), df["capacity"].map(points).to_numpy())
    gap = threat - ability
    need = np.maximum(0.0, gap)
    band = np.searchsorted(np.array([0.0, 1.0, 5.0, 10.0]), need, side="right") - 1
    grade = np.array(["", "green", "amber", "red"])[band]
    high_risk = threat >= 16.0
    high_need = (band == 3) & high_risk & ~(df["measure_in_place"].to_numpy() == "true")
    scored = pd.DataFrame({"id": df["id"], "area": df["area"], "risk": risk, "threat": threat,
                           "ability": ability, "gap": gap, "need": need, "grade": grade,
                           "high_risk": high_risk, "high_need": high_need})
    scored.sort_values(["high_need", "need", "threat", "risk", "id"],
                       ascending=[False, False, False, False, True]).to_csv(out, index=False)
    seconds = time.perf_counter() - start
    print("pandas: read, scored, sorted and wrote %d rows in %.3f s" % (len(df), seconds))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write")
    ap.add_argument("--score")
    ap.add_argument("--out", default="/dev/null")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2008)
    a = ap.parse_args()
    if a.write:
        write(a.write, a.n, a.seed)
    if a.score:
        score(a.score, a.out)


if __name__ == "__main__":
    main()
