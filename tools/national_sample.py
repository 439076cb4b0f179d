#!/usr/bin/env python3
"""Writes the embedded sample of the national_picture example: six fictional forces in three
regions, each a register of 14 to 20 assessments drawn from realistic risk descriptions, in the
three register formats (CSV, JSON, JSON Lines). Deterministic: run from the repository root,

    python3 tools/national_sample.py
"""
import csv, io, json, os, random

OUT = os.path.join("examples", "data", "national")
FORCES = [("Wealdshire", "South", "csv"), ("Saltmere", "South", "json"),
          ("Fenmarsh", "East", "jsonl"), ("Castleton", "East", "csv"),
          ("Northmoor", "North", "json"), ("Ravensdale", "North", "csv")]
RISKS = {
    "serious_organised_crime": ["Class A supply lines into coastal towns", "Firearms supply to urban gangs",
                                "Money laundering through cash businesses", "Labour exploitation on farms"],
    "major_crime": ["Capacity to run two category A murder inquiries", "Linked stranger rapes",
                    "Forensic submissions backlog"],
    "civil_contingencies": ["Estuary flooding", "Chemical works incident", "Pandemic staff absence"],
    "critical_incidents": ["Out-of-hours critical incident command", "Community tension after hate crime"],
    "public_order": ["Night-time economy disorder", "Rival football fixtures", "Mutual aid commitments"],
    "roads_policing": ["Travelling criminals on the A-road corridor", "Rural fatal collisions",
                       "Collision investigation capacity"],
    "domestic_abuse": ["High-risk repeat victims", "Honour-based violence", "First-response risk assessment"],
    "missing_persons": ["Children missing from care", "Missing adults with dementia", "Moorland search capability"],
    "child_abuse": ["Online child sexual exploitation referrals", "Exploitation linked to takeaways",
                    "Interview backlog"],
    "offender_management": ["Overdue sex offender home visits", "Very high-risk violent offenders",
                            "Online activity of registered offenders"],
}
LEVELS = ["minimal", "minor", "moderate", "major", "critical"]
PROB = ["rare", "unlikely", "possible", "likely", "almost_certain"]
ABILITY = ["none", "limited", "adequate", "good", "strong"]
FACTORS = ["vulnerable_victims", "repeat_victimisation", "community_impact", "cross_border",
           "public_confidence", "emerging_trend"]
OWNERS = ["DI Marsh", "DCI Harlow", "Insp Rowe", "Chief Insp Patel", "DS Kaur", "Insp Dale"]


def register(force, rnd):
    rows = []
    n = rnd.randint(14, 20)
    for k in range(n):
        area = rnd.choice(list(RISKS))
        a = {"id": "%s-%02d" % (force[:3].upper(), k + 1), "area": area,
             "impact": rnd.choice(LEVELS[1:]), "probability": rnd.choice(PROB),
             "weighting": rnd.sample(FACTORS, rnd.randint(0, 3)),
             "ameliorative": {"partnership": str(rnd.choice([0, 0.5, 1, 2, 3.5])).rstrip("0").rstrip(".") or "0",
                              "resources": str(rnd.choice([0, 1, 1.5, 2])).rstrip("0").rstrip(".") or "0"},
             "capability": rnd.choice(ABILITY[:4]), "capacity": rnd.choice(ABILITY[:4]),
             "measure_in_place": rnd.random() < 0.2,
             "assessed_on": "2008-%02d-%02d" % (rnd.randint(1, 12), rnd.choice([1, 15, 28])),
             "description": rnd.choice(RISKS[area]),
             "owner": rnd.choice(OWNERS), "manager": "Det Supt %s" % force}
        rows.append(a)
    return rows


def main():
    rnd = random.Random(43)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "regions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["force", "region"])
        for force, region, _ in FORCES:
            w.writerow([force, region])
    for force, _, fmt in FORCES:
        rows = register(force, rnd)
        path = os.path.join(OUT, "%s.%s" % (force, fmt))
        with open(path, "w", newline="") as f:
            if fmt == "json":
                json.dump(rows, f, indent=1)
                f.write("\n")
            elif fmt == "jsonl":
                for r in rows:
                    f.write(json.dumps(r) + "\n")
            else:
                cols = ["id", "area", "description", "impact", "probability", "weighting",
                        "ameliorative.partnership", "ameliorative.resources", "capability",
                        "capacity", "measure_in_place", "assessed_on", "owner", "manager"]
                w = csv.writer(f, lineterminator="\n")
                w.writerow(cols)
                for r in rows:
                    w.writerow([";".join(r["weighting"]) if c == "weighting" else
                                r["ameliorative"][c.split(".")[1]] if c.startswith("ameliorative.") else
                                str(r[c]).lower() if c == "measure_in_place" else r[c] for c in cols])


if __name__ == "__main__":
    main()
