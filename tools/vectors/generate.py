#!/usr/bin/env python3
"""Generates the published conformance vectors under tests/vectors/.

The expectations are computed here, by a second implementation of the scoring model (SPEC §3)
written in Python with the standard library's `decimal`, independent of the crate's Rust code:
the crate's test suite then checks the crate against them. Run from the repository root:

    python3 tools/vectors/generate.py

The output is deterministic (fixed seeds), so a re-run that changes nothing changes no byte.
The hand-worked core set (tests/vectors/reference-hand-worked.json) is not written by this
program.
"""

import calendar
import copy
import datetime
import json
import os
import random
from decimal import Decimal, ROUND_HALF_UP

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "vectors")
FORMAT = "needmatrix-vectors/1"


# ---------------------------------------------------------------- the model, in Python

def canon(d):
    """Canonical decimal text: no exponent, no trailing zeros, never -0."""
    d = Decimal(d)
    if d == 0:
        return "0"
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def add_months(date, months):
    month0 = date.month - 1 + months
    year = date.year + month0 // 12
    month = month0 % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def band_of(bands, value):
    pos = 0
    for i, b in enumerate(bands):
        if Decimal(b["min"]) <= value:
            pos = i
    return pos


def score(m, a):
    """The twelve steps of SPEC §3 for a valid assessment `a` over matrix `m`."""
    def level(scale, key):
        for i, l in enumerate(m[scale]):
            if l["key"] == key:
                return i, Decimal(l["points"])
        raise KeyError(key)

    ii, ip = level("impact", a["impact"])
    pi, pp = level("probability", a["probability"])
    if m["risk"] == "product":
        risk = ip * pp
    else:
        risk = Decimal(m["risk"]["grid"][pi][ii])
    factors = {f["key"]: Decimal(f["points"]) for f in m.get("weighting", [])}
    comparator = risk + sum((factors[k] for k in a.get("weighting", [])), Decimal(0))
    mitigation = sum((Decimal(v) for v in a.get("ameliorative", {}).values()), Decimal(0))
    threat = max(Decimal(0), comparator - mitigation)
    _, cap = level("capability", a["capability"])
    _, cty = level("capacity", a["capacity"])
    rule = m["ability"]
    ability = min(cap, cty) if rule == "min" else (cap + cty) / 2 if rule == "mean" else cap + cty
    gap = threat - ability
    need = max(Decimal(0), gap)
    surplus = max(Decimal(0), -gap)
    tb = band_of(m["threat_bands"], threat)
    nb = band_of(m["need_bands"], need)
    need_key = m["need_bands"][nb]["key"]
    grade = None
    months = None
    for g in m.get("grades", []):
        if g["band"] == need_key:
            grade, months = g["grade"], g["months"]
    due = None
    if grade is not None and a.get("assessed_on"):
        y, mo, d = map(int, a["assessed_on"].split("-"))
        due = add_months(datetime.date(y, mo, d), months).isoformat()
    hr_pos = [b["key"] for b in m["threat_bands"]].index(m["high_risk_band"])
    # Step 11: the national lead's judgement, when recorded, replaces the threat band's answer.
    high_risk = a["lead_high_risk"] if "lead_high_risk" in a else tb >= hr_pos
    high_need = grade == "red" and high_risk and not a.get("measure_in_place", False)
    return {
        "id": a["id"], "area": a["area"],
        "risk": canon(risk), "comparator": canon(comparator), "mitigation": canon(mitigation),
        "threat": canon(threat), "ability": canon(ability), "gap": canon(gap),
        "need": canon(need), "surplus": canon(surplus),
        "threat_band": m["threat_bands"][tb]["key"], "need_band": need_key,
        "grade": grade, "action_due": due, "high_risk": high_risk, "high_need": high_need,
    }


# ---------------------------------------------------------------- matrices

def lab(key):
    special = {"serious_organised_crime": "Serious and organised crime",
               "offender_management": "Sexual and violent offender management"}
    if key in special:
        return special[key]
    text = key.replace("_", " ")
    return text[0].upper() + text[1:]


def levels(pairs, field="points", labels=True):
    out = []
    for k, v in pairs:
        e = {"key": k}
        if labels:
            e["label"] = lab(k)
        e[field] = str(v)
        out.append(e)
    return out


AREAS = ["serious_organised_crime", "major_crime", "civil_contingencies", "critical_incidents",
         "public_order", "roads_policing", "domestic_abuse", "missing_persons", "child_abuse",
         "offender_management"]
ABILITY = [("none", 0), ("limited", 4), ("adequate", 8), ("good", 12), ("strong", 16)]

REFERENCE = {
    "id": "reference", "version": "1.0.0", "title": "Reference protective services need matrix",
    "areas": [{"key": k, "label": lab(k)} for k in AREAS],
    "impact": levels([("minimal", 1), ("minor", 2), ("moderate", 3), ("major", 4), ("critical", 5)]),
    "probability": levels([("rare", 1), ("unlikely", 2), ("possible", 3), ("likely", 4),
                           ("almost_certain", 5)]),
    "risk": "product",
    "weighting": levels([("vulnerable_victims", 3), ("repeat_victimisation", 2),
                         ("community_impact", 2), ("cross_border", 2), ("public_confidence", 1),
                         ("emerging_trend", 1)]),
    "ameliorative": levels([("partnership", 5), ("resources", 5)], "max"),
    "capability": levels(ABILITY), "capacity": levels(ABILITY), "ability": "min",
    "threat_bands": levels([("none", 0), ("low", 1), ("medium", 8), ("high", 16)], "min"),
    "need_bands": levels([("none", 0), ("low", 1), ("medium", 5), ("high", 10)], "min"),
    "grades": [{"band": "high", "grade": "red", "months": 3},
               {"band": "medium", "grade": "amber", "months": 6},
               {"band": "low", "grade": "green", "months": 12}],
    "high_risk_band": "high",
}


def variant(id_, **changes):
    m = copy.deepcopy(REFERENCE)
    m["id"] = id_
    m["version"] = "1"
    m.pop("title", None)
    m.update(changes)
    return m


MATRICES = {
    # A grid risk that is not a product (and not monotone), ability min.
    "grid-5x5": variant(
        "grid_5x5",
        risk={"grid": [[str(v) for v in row] for row in [
            [1, 1, 2, 3, 4], [1, 2, 4, 6, 8], [2, 4, 6, 9, 12], [3, 6, 9, 12, 16],
            [4, 8, 12, 16, 20.5]]]},
    ),
    # Mean ability over decimal points; decimal factors and kinds.
    "mean-decimal": variant(
        "mean_decimal", ability="mean",
        impact=levels([("low", "0.5"), ("mid", "1.25"), ("high", "2.75"), ("top", "3.0001")], labels=False),
        probability=levels([("seldom", "0.1"), ("often", "1.5"), ("always", "2.9999")], labels=False),
        weighting=levels([("a", "0.3333"), ("b", "1.05"), ("c", "2")], labels=False),
        ameliorative=levels([("partnership", "1.5"), ("resources", "0.7501")], "max", labels=False),
        capability=levels([("c0", "0"), ("c1", "0.1235"), ("c2", "2.5"), ("c3", "4.0001")], labels=False),
        capacity=levels([("k0", "0.0001"), ("k1", "1.1"), ("k2", "3.3333")], labels=False),
        threat_bands=levels([("none", "0"), ("low", "0.5"), ("medium", "2.25"), ("high", "5.5")], "min", labels=False),
        need_bands=levels([("none", "0"), ("low", "0.0001"), ("medium", "1.5"), ("high", "3")], "min", labels=False),
    ),
    # Sum ability, many bands, grades on every band, long deadlines.
    "sum-many-bands": variant(
        "sum_many_bands", ability="sum",
        threat_bands=levels([("b%d" % i, v) for i, v in enumerate([0, 2, 4, 6, 9, 12, 16, 20, 25])], "min"),
        need_bands=levels([("n%d" % i, v) for i, v in enumerate([0, 1, 2, 3, 5, 7, 10, 14])], "min"),
        grades=[{"band": "n%d" % i, "grade": g, "months": mo} for i, g, mo in [
            (7, "red", 1), (6, "red", 2), (5, "amber", 4), (4, "amber", 9), (3, "green", 18),
            (2, "green", 60), (1, "green", 120), (0, "green", 120)]],
        high_risk_band="b6",
    ),
    # One band each, no grades: nothing is ever graded; every gap is high risk.
    "few-bands": variant(
        "few_bands",
        threat_bands=[{"key": "all", "min": "0"}], need_bands=[{"key": "all", "min": "0"}],
        grades=[], high_risk_band="all",
    ),
    # Grades on some bands only, one-month deadlines (month-end clamping every month).
    "grades-some": variant(
        "grades_some",
        grades=[{"band": "high", "grade": "red", "months": 1},
                {"band": "low", "grade": "green", "months": 1}],
        high_risk_band="medium",
    ),
    # A small 3 × 3 product matrix with other areas, no factors, no ameliorative kinds.
    "three-by-three": {
        "id": "three_by_three", "version": "2008.1", "title": "Three by three",
        "areas": [{"key": "north"}, {"key": "south", "label": "South"}],
        "impact": levels([("low", 1), ("medium", 2), ("high", 3)]),
        "probability": levels([("low", 1), ("medium", 2), ("high", 3)]),
        "risk": "product", "weighting": [], "ameliorative": [],
        "capability": levels([("weak", 0), ("able", 3)]), "capacity": levels([("thin", 1), ("deep", 4)]),
        "ability": "min",
        "threat_bands": levels([("green", 0), ("amber", 3), ("red", 6)], "min"),
        "need_bands": levels([("none", 0), ("gap", 2), ("major", 5)], "min"),
        "grades": [{"band": "major", "grade": "red", "months": 3},
                   {"band": "gap", "grade": "amber", "months": 6}],
        "high_risk_band": "red",
    },
    # Many factors and kinds, decimals, a firearms area (an eleventh area).
    "wide-weighting": variant(
        "wide_weighting",
        areas=[{"key": k, "label": lab(k)} for k in AREAS + ["firearms"]],
        weighting=levels([("f%02d" % i, canon(Decimal(i % 5) + Decimal(i) / 100)) for i in range(20)], labels=False),
        ameliorative=levels([("partnership", 5), ("resources", "2.5"), ("technology", "1.25"),
                             ("training", "0.0001")], "max"),
    ),
}


# ---------------------------------------------------------------- inputs

def keys(m, field):
    return [l["key"] for l in m[field]]


def random_input(m, rnd, n, dated=True):
    a = {
        "id": "r%04d" % n,
        "area": rnd.choice(keys(m, "areas")),
        "impact": rnd.choice(keys(m, "impact")),
        "probability": rnd.choice(keys(m, "probability")),
    }
    factors = keys(m, "weighting")
    if factors and rnd.random() < 0.8:
        a["weighting"] = rnd.sample(factors, rnd.randint(0, min(len(factors), 6)))
    kinds = m.get("ameliorative", [])
    if kinds and rnd.random() < 0.8:
        amel = {}
        for k in kinds:
            if rnd.random() < 0.7:
                mx = Decimal(k["max"])
                v = (mx * Decimal(rnd.randint(0, 10000)) / 10000).quantize(Decimal("0.0001"))
                amel[k["key"]] = canon(v) if rnd.random() < 0.8 else format(v, "f")
        a["ameliorative"] = amel
    a["capability"] = rnd.choice(keys(m, "capability"))
    a["capacity"] = rnd.choice(keys(m, "capacity"))
    if rnd.random() < 0.3:
        a["measure_in_place"] = rnd.random() < 0.5
    if dated and rnd.random() < 0.8:
        y = rnd.randint(2000, 2030)
        mo = rnd.randint(1, 12)
        d = rnd.choice([1, 15, 28, calendar.monthrange(y, mo)[1]])
        a["assessed_on"] = datetime.date(y, mo, d).isoformat()
    return a


def floor_inputs(m, prefix):
    """Inputs whose threat, then need, lands exactly on each band floor (where reachable)."""
    out = []
    kinds = m.get("ameliorative", [])
    max_total = sum((Decimal(k["max"]) for k in kinds), Decimal(0))
    cells = [(i["key"], p["key"]) for i in m["impact"] for p in m["probability"]]
    base = {"area": m["areas"][0]["key"]}

    def with_mitigation(total):
        amel, left = {}, total
        for k in kinds:
            take = min(left, Decimal(k["max"]))
            if take > 0:
                amel[k["key"]] = canon(take)
            left -= take
        return amel

    def place(target, cap, cty, name):
        for impact, prob in cells:
            a = dict(base, id=name, impact=impact, probability=prob, capability=cap, capacity=cty)
            comp = Decimal(score(m, a)["comparator"])
            mitigation = comp - target
            exact = mitigation == mitigation.quantize(Decimal("0.0001"))
            if comp >= target and mitigation <= max_total and exact:
                a["ameliorative"] = with_mitigation(comp - target)
                a["assessed_on"] = "2008-01-31"
                return a
        return None

    lowest_cap, lowest_cty = m["capability"][0]["key"], m["capacity"][0]["key"]
    for b in m["threat_bands"]:
        a = place(Decimal(b["min"]), lowest_cap, lowest_cty, "%s-threat-floor-%s" % (prefix, b["key"]))
        if a:
            out.append(a)
    for b in m["need_bands"]:
        for cap in m["capability"]:
            for cty in m["capacity"]:
                probe = dict(base, id="x", impact=m["impact"][0]["key"],
                             probability=m["probability"][0]["key"],
                             capability=cap["key"], capacity=cty["key"])
                ability = Decimal(score(m, probe)["ability"])
                a = place(Decimal(b["min"]) + ability, cap["key"], cty["key"],
                          "%s-need-floor-%s" % (prefix, b["key"]))
                if a:
                    out.append(a)
                    break
            else:
                continue
            break
    return out


DATES = ["2008-01-31", "2009-01-31", "2000-01-31", "1900-01-31", "2008-02-29", "2012-02-29",
         "2008-03-31", "2008-05-31", "2008-08-31", "2008-10-31", "2008-11-30", "2008-12-31",
         "2007-11-30", "2011-11-29", "2008-06-20", "2023-09-30", "1999-12-31"]


def date_inputs(m, prefix):
    """One graded input per tricky date, for each grade the matrix has."""
    out = []
    rnd = random.Random(prefix)
    for n, date in enumerate(DATES):
        for tries in range(200):
            a = random_input(m, rnd, n, dated=False)
            a["assessed_on"] = date
            if score(m, a)["grade"] is not None:
                a["id"] = "%s-date-%s" % (prefix, date)
                out.append(a)
                break
    return out


def case(m, a, name=None):
    return {"name": name or a["id"], "input": a, "expect": score(m, a)}


def outcome_file(name, m, matrix_field, count, seed, description):
    rnd = random.Random(seed)
    cases = [case(m, a) for a in floor_inputs(m, name)]
    cases += [case(m, a) for a in date_inputs(m, name)]
    n = 0
    while len(cases) < count:
        cases.append(case(m, random_input(m, rnd, n)))
        n += 1
    return {"format": FORMAT, "description": description, "matrix": matrix_field, "cases": cases}


# ---------------------------------------------------------------- error cases

def error_cases():
    good = {"id": "e", "area": "major_crime", "impact": "major", "probability": "likely",
            "capability": "adequate", "capacity": "adequate"}

    def bad(name, code, change=None, drop=None):
        a = dict(good, id="e-" + name)
        if change:
            a.update(change)
        if drop:
            a.pop(drop)
        return {"name": name, "input": a, "expect_error": code}

    cases = [
        bad("empty-id", "invalid_id", {"id": ""}),
        bad("long-id", "invalid_id", {"id": "x" * 65}),
        bad("control-in-id", "invalid_id", {"id": "line\nbreak"}),
        bad("unknown-area", "unknown_area", {"area": "counter_terrorism"}),
        bad("area-wrong-case", "unknown_area", {"area": "Major_crime"}),
        bad("unknown-impact", "unknown_level", {"impact": "catastrophic"}),
        bad("unknown-probability", "unknown_level", {"probability": "certain"}),
        bad("unknown-capability", "unknown_level", {"capability": "excellent"}),
        bad("unknown-capacity", "unknown_level", {"capacity": "vast"}),
        bad("unknown-factor", "unknown_factor", {"weighting": ["cross_border", "weather"]}),
        bad("duplicate-factor", "duplicate_factor", {"weighting": ["cross_border", "cross_border"]}),
        bad("unknown-ameliorative", "unknown_ameliorative", {"ameliorative": {"prayer": "1"}}),
        bad("ameliorative-over-max", "ameliorative_out_of_range", {"ameliorative": {"partnership": "5.0001"}}),
        bad("ameliorative-integer-over-max", "ameliorative_out_of_range", {"ameliorative": {"resources": 6}}),
        bad("ameliorative-negative", "out_of_range", {"ameliorative": {"partnership": "-1"}}),
        bad("ameliorative-too-precise", "precision", {"ameliorative": {"partnership": "0.00001"}}),
        bad("ameliorative-float", "parse", {"ameliorative": {"partnership": 2.5}}),
        bad("ameliorative-exponent", "parse", {"ameliorative": {"partnership": "1e0"}}),
        bad("ameliorative-plus", "parse", {"ameliorative": {"partnership": "+1"}}),
        bad("ameliorative-bare-point", "parse", {"ameliorative": {"partnership": ".5"}}),
        bad("date-not-a-day", "invalid_date", {"assessed_on": "2008-02-30"}),
        bad("date-not-leap", "invalid_date", {"assessed_on": "2009-02-29"}),
        bad("date-short", "invalid_date", {"assessed_on": "2008-6-20"}),
        bad("date-slashes", "invalid_date", {"assessed_on": "20/06/2008"}),
        bad("date-month-13", "invalid_date", {"assessed_on": "2008-13-01"}),
        bad("unknown-field", "parse", {"priority": "high"}),
        bad("weighting-not-a-list", "parse", {"weighting": "cross_border"}),
        bad("flag-not-boolean", "parse", {"measure_in_place": "yes"}),
        bad("level-not-a-string", "parse", {"impact": 4}),
    ]
    for field in ["id", "area", "impact", "probability", "capability", "capacity"]:
        cases.append(bad("missing-" + field, "missing_field", drop=field))
    return cases


def matrix_error_files():
    def broken(change):
        m = copy.deepcopy(REFERENCE)
        change(m)
        return m

    def drop(field):
        return lambda m: m.pop(field)

    def setter(path, value):
        def change(m):
            target = m
            for p in path[:-1]:
                target = target[p]
            target[path[-1]] = value
        return change

    out = {
        "float-points": ("parse", broken(setter(["impact", 0, "points"], 1.5))),
        "unknown-field": ("parse", broken(setter(["colour"], "red"))),
        "ability-unknown": ("parse", broken(setter(["ability"], "max"))),
        "risk-unknown": ("parse", broken(setter(["risk"], "sum"))),
        "grade-unknown": ("parse", broken(setter(["grades", 0, "grade"], "purple"))),
        "missing-need-bands": ("missing_field", broken(drop("need_bands"))),
        "missing-id": ("missing_field", broken(drop("id"))),
        "missing-level-points": ("missing_field", broken(lambda m: m["impact"][2].pop("points"))),
        "key-upper-case": ("invalid_key", broken(setter(["areas", 1, "key"], "Major_crime"))),
        "key-too-long": ("invalid_key", broken(setter(["weighting", 0, "key"], "k" * 33))),
        "id-invalid": ("invalid_key", broken(setter(["id"], "Reference Matrix"))),
        "version-empty": ("invalid_key", broken(setter(["version"], ""))),
        "duplicate-area": ("duplicate_key", broken(setter(["areas", 2, "key"], "major_crime"))),
        "duplicate-grade-band": ("duplicate_key", broken(setter(["grades", 1, "band"], "high"))),
        "one-impact-level": ("empty_scale", broken(lambda m: m.update(impact=m["impact"][:1]))),
        "no-areas": ("empty_scale", broken(setter(["areas"], []))),
        "no-capacity": ("empty_scale", broken(setter(["capacity"], []))),
        "points-flat": ("points_not_increasing", broken(setter(["probability", 3, "points"], "3"))),
        "points-falling": ("points_not_increasing", broken(setter(["capability", 1, "points"], "0"))),
        "grid-rows": ("grid_shape", broken(setter(["risk"], {"grid": [["1"] * 5] * 4}))),
        "grid-columns": ("grid_shape", broken(setter(["risk"], {"grid": [["1"] * 5] * 4 + [["1"] * 6]}))),
        "points-too-precise": ("precision", broken(setter(["weighting", 0, "points"], "0.00001"))),
        "points-negative": ("out_of_range", broken(setter(["impact", 0, "points"], "-1"))),
        "points-too-large": ("out_of_range", broken(setter(["ameliorative", 0, "max"], "1000000.0001"))),
        "too-many-factors": ("out_of_range", broken(setter(
            ["weighting"], [{"key": "f%d" % i, "points": "1"} for i in range(65)]))),
        "too-many-kinds": ("out_of_range", broken(setter(
            ["ameliorative"], [{"key": "k%d" % i, "max": "1"} for i in range(17)]))),
        "band-floor-not-zero": ("band_floor_not_zero", broken(setter(["need_bands", 0, "min"], "0.5"))),
        "bands-flat": ("bands_not_increasing", broken(setter(["threat_bands", 2, "min"], "1"))),
        "grade-unknown-band": ("unknown_band", broken(setter(["grades", 0, "band"], "severe"))),
        "high-risk-unknown-band": ("unknown_band", broken(setter(["high_risk_band"], "severe"))),
        "months-zero": ("invalid_months", broken(setter(["grades", 0, "months"], 0))),
        "months-too-many": ("invalid_months", broken(setter(["grades", 2, "months"], 121))),
    }
    return out


def lead_file():
    """The lead's judgement (SPEC §3 step 11): chosen inputs either side of the threat band."""
    def a(id_, area, impact, probability, cap, cty, **more):
        out = {"id": id_, "area": area, "impact": impact, "probability": probability,
               "capability": cap, "capacity": cty}
        out.update(more)
        return out
    scored = [
        # critical x likely = 20: threat band high, need 20 red.
        a("lead-lowers-a-high-need", "public_order", "critical", "likely", "none", "none",
          assessed_on="2009-01-31", lead_high_risk=False),
        a("lead-agrees-with-the-band", "public_order", "critical", "likely", "none", "none",
          assessed_on="2009-01-31", lead_high_risk=True),
        # moderate x likely = 12: threat band medium, need 12 red.
        a("medium-threat-red-need-computed", "major_crime", "moderate", "likely", "none", "none"),
        a("lead-raises-to-high-need", "major_crime", "moderate", "likely", "none", "none",
          lead_high_risk=True),
        a("lead-raises-measure-in-place", "major_crime", "moderate", "likely", "none", "none",
          measure_in_place=True, lead_high_risk=True),
        # moderate x possible = 9: amber, so never a high need.
        a("lead-raises-amber", "major_crime", "moderate", "possible", "none", "none",
          lead_high_risk=True),
        a("lead-false-no-need", "major_crime", "minor", "rare", "limited", "limited",
          lead_high_risk=False),
    ]
    refused = [
        a("lead-as-text-refused", "major_crime", "minor", "rare", "limited", "limited",
          lead_high_risk="true"),
        a("lead-as-number-refused", "major_crime", "minor", "rare", "limited", "limited",
          lead_high_risk=1),
    ]
    cases = [case(REFERENCE, x) for x in scored]
    cases += [{"name": x["id"], "input": x, "expect_error": "parse"} for x in refused]
    return {"format": FORMAT,
            "description": "The national lead's judgement of high risk (SPEC §3 step 11): when "
            "an assessment records lead_high_risk it replaces the threat band's answer, and so "
            "decides, with a red grade and no measure in place, whether the gap is a high need; "
            "a boolean only",
            "matrix": "reference", "cases": cases}


def write(name, data):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    total = 0
    ref = outcome_file("reference", REFERENCE, "reference", 260, 2008,
                       "Reference matrix: every band floor, month ends, leap days, random inputs")
    write("reference.json", ref)
    total += len(ref["cases"])
    for name, m in MATRICES.items():
        f = outcome_file(name, m, m, 45, name, "Matrix %s: band floors, dates, random inputs" % name)
        write("matrices/%s.json" % name, f)
        total += len(f["cases"])
    errors = {"format": FORMAT, "description": "Every refusal code of SPEC §3, one fault per case",
              "matrix": "reference", "cases": error_cases()}
    write("reference-errors.json", errors)
    total += len(errors["cases"])
    lead = lead_file()
    write("reference-lead-judgement.json", lead)
    total += len(lead["cases"])
    for name, (code, m) in matrix_error_files().items():
        write("matrix-errors/%s.json" % name,
              {"format": FORMAT, "description": "A matrix refused with %s" % code,
               "matrix": m, "expect_matrix_error": code})
        total += 1
    print("wrote %d checks" % total)


if __name__ == "__main__":
    main()
