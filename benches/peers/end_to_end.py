#!/usr/bin/env python3
"""End to end, what an analyst would write instead of the crate: read a register CSV with text
columns, score it (SPEC §3 on the reference matrix, in float64), sort it in priority order and
write the scored CSV with the columns the crate writes, `action_due` included. With pandas
(`--score`) or with Polars (`--polars`). Also writes the register for every tool to read
(`--write`).

    python3 benches/peers/end_to_end.py --write register.csv --n 1000000 --seed 2008
    python3 benches/peers/end_to_end.py --score register.csv --out pandas.csv
    python3 benches/peers/end_to_end.py --polars register.csv --out polars.csv
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
PLACES = ["Eastgate", "Saltmere", "the ring road", "Northmoor", "the port", "Fenmarsh",
          "Castleton", "the retail park", "Ravensdale", "the canal"]
RISKS = ["Organised crime group supplying drugs in", "Repeat victims of domestic abuse in",
         "Children missing from care near", "Firearms supply linked to markets in",
         "Disorder at the night-time economy of", "Road deaths on the approaches to",
         "Money laundering through businesses in", "Registered offenders online in"]
ACTIONS = ["Joint operation with partners", "Train two more investigators",
           "Add an adviser, and a second case conference", "Extend the test-purchase operation",
           "Brief neighbourhood teams each quarter"]
OWNERS = ["DI Chen", "DCI Harlow", "Insp Dale", "DS Kaur", "DI Marsh", "DI Okoro"]
MANAGERS = ["Det Supt Okafor", "Supt Partnerships", "Det Supt Safeguarding",
            "Supt Operations"]
MASK = (1 << 64) - 1
COLUMNS = ["id", "area", "description", "standard", "impact", "probability", "weighting",
           "ameliorative.partnership", "ameliorative.resources", "capability", "capacity",
           "measure_in_place", "assessed_on", "confidence", "action", "owner", "manager"]
# What the crate writes, in its order.
# The inputs beside the outcome (SPEC "Scored tables are registers"), as `report::scored_header`
# gives them for the reference matrix; this register has no `lead_high_risk`, written empty.
INPUT_COLUMNS = ["impact", "probability", "weighting", "ameliorative.partnership",
                 "ameliorative.resources", "capability", "capacity", "measure_in_place",
                 "assessed_on", "lead_high_risk", "confidence"]
OUT_COLUMNS = (["priority", "id", "area"] + INPUT_COLUMNS
               + ["risk", "comparator", "mitigation", "threat", "ability", "gap", "need",
                  "surplus", "threat_band", "need_band", "grade", "action_due", "high_risk",
                  "high_need", "description", "standard", "action", "owner", "manager"])
BANDS = ["none", "low", "medium", "high"]
THREAT_FLOORS = [0.0, 1.0, 8.0, 16.0]
NEED_FLOORS = [0.0, 1.0, 5.0, 10.0]


def write(path, n, seed):
    """The SPEC §8 workload's levels, with dates and the free text a real register holds."""
    state = seed & MASK
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for k in range(n):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            x = z ^ (z >> 31)
            day = 1 + (x >> 3) % 28 if x & 7 else 31
            month = 1 + (x >> 12) % 12
            if day == 31 and month in (2, 4, 6, 9, 11):
                day = 28 if month == 2 else 30
            w.writerow([
                "b%d" % k, AREAS[x % 10],
                "%s %s" % (RISKS[(x >> 5) % 8], PLACES[(x >> 9) % 10]),
                "National minimum standard %d" % ((x >> 14) % 40),
                IMPACT[(x >> 8) % 5], PROBABILITY[(x >> 16) % 5],
                ";".join(f for j, f in enumerate(FACTORS) if (x >> 24) >> j & 1),
                "%g" % (((x >> 32) % 21) / 4), "%g" % (((x >> 40) % 21) / 4),
                ABILITY[(x >> 48) % 5], ABILITY[(x >> 52) % 5],
                "true" if (x >> 60) & 1 else "false",
                "%04d-%02d-%02d" % (2007 + (x >> 20) % 3, month, day),
                ["high", "medium", "low"][(x >> 22) % 3],
                ACTIONS[(x >> 26) % 5], OWNERS[(x >> 36) % 6], MANAGERS[(x >> 44) % 4],
            ])


def score_pandas(path, out):
    import pandas as pd
    start = time.perf_counter()
    df = pd.read_csv(path, keep_default_na=False, dtype=str)
    scored = pandas_float(df)
    scored.to_csv(out, index=False)
    seconds = time.perf_counter() - start
    print("pandas: read, scored, sorted and wrote %d rows in %.3f s" % (len(df), seconds))


def pandas_float(df):
    """The pandas float pipeline on a register frame of text columns: SPEC §3 on the reference
    matrix in float64, sorted in priority order, with the columns the crate writes."""
    import numpy as np
    import pandas as pd
    impact = df["impact"].map({k: i + 1 for i, k in enumerate(IMPACT)}).to_numpy(np.float64)
    prob = df["probability"].map({k: i + 1 for i, k in enumerate(PROBABILITY)}).to_numpy(np.float64)
    weights = np.zeros(len(df))
    for f, p in zip(FACTORS, FACTOR_POINTS):
        weights += df["weighting"].str.contains(f, regex=False).to_numpy() * p
    points = {k: 4.0 * i for i, k in enumerate(ABILITY)}
    risk = impact * prob
    comparator = risk + weights
    mitigation = (df["ameliorative.partnership"].astype(np.float64).to_numpy()
                  + df["ameliorative.resources"].astype(np.float64).to_numpy())
    threat = np.maximum(0.0, comparator - mitigation)
    ability = np.minimum(df["capability"].map(points).to_numpy(), df["capacity"].map(points).to_numpy())
    gap = threat - ability
    need = np.maximum(0.0, gap)
    surplus = np.maximum(0.0, -gap)
    tband = np.searchsorted(np.array(THREAT_FLOORS), threat, side="right") - 1
    nband = np.searchsorted(np.array(NEED_FLOORS), need, side="right") - 1
    grade = np.array(["", "green", "amber", "red"])[nband]
    assessed = pd.to_datetime(df["assessed_on"], format="%Y-%m-%d")
    due = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    for g, months in [(3, 3), (2, 6), (1, 12)]:
        mask = nband == g
        due[mask] = assessed[mask] + pd.DateOffset(months=months)
    high_risk = tband >= 3
    high_need = (nband == 3) & high_risk & ~(df["measure_in_place"].to_numpy() == "true")
    inputs = {c: (df[c] if c in df.columns else "") for c in INPUT_COLUMNS}
    scored = pd.DataFrame({
        "id": df["id"], "area": df["area"], **inputs, "risk": risk, "comparator": comparator,
        "mitigation": mitigation, "threat": threat, "ability": ability, "gap": gap, "need": need,
        "surplus": surplus, "threat_band": np.array(BANDS)[tband],
        "need_band": np.array(BANDS)[nband], "grade": grade,
        "action_due": due.dt.strftime("%Y-%m-%d").fillna(""), "high_risk": high_risk,
        "high_need": high_need, "description": df["description"], "standard": df["standard"],
        "action": df["action"], "owner": df["owner"], "manager": df["manager"]})
    scored = scored.sort_values(["high_need", "need", "threat", "risk", "id"],
                                ascending=[False, False, False, False, True])
    scored.insert(0, "priority", np.arange(1, len(scored) + 1))
    return scored


def score_polars(path, out):
    import polars as pl
    start = time.perf_counter()
    # Every column as text, as the file has it; an empty cell is an empty string (Polars reads it
    # as null otherwise, and a null weighting would make the comparator null).
    df = pl.read_csv(path, infer_schema_length=0, empty_string_is_null=False)
    level = lambda col, keys, step: pl.col(col).replace_strict(  # noqa: E731
        {k: float(step * (i + 1 if step == 1 else i)) for i, k in enumerate(keys)},
        return_dtype=pl.Float64)
    weights = sum(pl.col("weighting").str.contains(f, literal=True).cast(pl.Float64) * p
                  for f, p in zip(FACTORS, FACTOR_POINTS))
    risk = level("impact", IMPACT, 1) * level("probability", PROBABILITY, 1)
    scored = df.with_columns(
        risk=risk,
        comparator=risk + weights,
        mitigation=pl.col("ameliorative.partnership").cast(pl.Float64)
        + pl.col("ameliorative.resources").cast(pl.Float64),
        ability=pl.min_horizontal(level("capability", ABILITY, 4), level("capacity", ABILITY, 4)),
        assessed=pl.col("assessed_on").str.to_date("%Y-%m-%d"),
    ).with_columns(
        threat=pl.max_horizontal(pl.lit(0.0), pl.col("comparator") - pl.col("mitigation")),
    ).with_columns(
        gap=pl.col("threat") - pl.col("ability"),
    ).with_columns(
        need=pl.max_horizontal(pl.lit(0.0), pl.col("gap")),
        surplus=pl.max_horizontal(pl.lit(0.0), -pl.col("gap")),
    )
    band = lambda col, floors: (  # noqa: E731
        pl.when(pl.col(col) >= floors[3]).then(pl.lit("high"))
        .when(pl.col(col) >= floors[2]).then(pl.lit("medium"))
        .when(pl.col(col) >= floors[1]).then(pl.lit("low")).otherwise(pl.lit("none")))
    scored = scored.with_columns(
        threat_band=band("threat", THREAT_FLOORS),
        need_band=band("need", NEED_FLOORS),
    ).with_columns(
        grade=pl.col("need_band").replace_strict(
            {"high": "red", "medium": "amber", "low": "green", "none": None}),
        action_due=pl.when(pl.col("need_band") == "high").then(pl.col("assessed").dt.offset_by("3mo"))
        .when(pl.col("need_band") == "medium").then(pl.col("assessed").dt.offset_by("6mo"))
        .when(pl.col("need_band") == "low").then(pl.col("assessed").dt.offset_by("12mo")),
        high_risk=pl.col("threat_band") == "high",
    ).with_columns(
        high_need=(pl.col("need_band") == "high") & pl.col("high_risk")
        & (pl.col("measure_in_place") != "true"),
    ).sort(["high_need", "need", "threat", "risk", "id"],
           descending=[True, True, True, True, False])
    if "lead_high_risk" not in scored.columns:
        scored = scored.with_columns(lead_high_risk=pl.lit(""))
    scored = scored.with_row_index("priority", offset=1).select(OUT_COLUMNS)
    scored.write_csv(out)
    seconds = time.perf_counter() - start
    print("polars: read, scored, sorted and wrote %d rows in %.3f s" % (len(df), seconds))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write")
    ap.add_argument("--score")
    ap.add_argument("--polars")
    ap.add_argument("--out", default="/dev/null")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2008)
    a = ap.parse_args()
    if a.write:
        write(a.write, a.n, a.seed)
    if a.score:
        score_pandas(a.score, a.out)
    if a.polars:
        score_polars(a.polars, a.out)


if __name__ == "__main__":
    main()
