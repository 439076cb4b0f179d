#!/usr/bin/env python3
"""Generates the published crosswalk vectors under tests/vectors/crosswalk/.

A second implementation of SPEC §14 (a crosswalk's checks, the translation of an assessment of
matrix A to matrix B) and of §2's fingerprint, in Python with the standard library, on top of
`generate.py`'s model of §3. It shares no code with the crate: the crate's conformance runner
checks the crate against what this writes. Run from the repository root:

    python3 tools/vectors/crosswalks.py

Each file holds matrix A (`matrix`), matrix B (`to_matrix`), the crosswalk (`crosswalk`) and
cases: an assessment of A and the outcome expected under B, or the code it is refused with; or
no cases and `expect_crosswalk_error`, the code the crosswalk itself is refused with. The output
is deterministic (fixed seeds).
"""

import copy
import hashlib
import json
import os
import random
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from generate import FORMAT, canon, random_input, score  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
OUT = os.path.join(ROOT, "tests", "vectors", "crosswalk")
EXAMPLE = os.path.join(ROOT, "examples", "data", "crosswalk")
MAPS = ["areas", "impact", "probability", "capability", "capacity", "weighting", "ameliorative"]
FIELD = {"areas": "area"}
UNKNOWN = {"areas": "unknown_area", "weighting": "unknown_factor",
           "ameliorative": "unknown_ameliorative"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fingerprint(m):
    """SPEC §2: SHA-256 of the canonical JSON (fields in the table's order, entries `key`,
    `label`, then the rest; points canonical strings; no white space)."""
    def entry(e, rest):
        out = {"key": e["key"]}
        if "label" in e:
            out["label"] = e["label"]
        for r in rest:
            out[r] = canon(e[r]) if r in ("points", "max", "min") else e[r]
        return out

    c = {"id": m["id"], "version": m["version"]}
    if "title" in m:
        c["title"] = m["title"]
    c["areas"] = [entry(a, []) for a in m["areas"]]
    c["impact"] = [entry(l, ["points"]) for l in m["impact"]]
    c["probability"] = [entry(l, ["points"]) for l in m["probability"]]
    c["risk"] = m["risk"] if m["risk"] == "product" else {
        "grid": [[canon(v) for v in row] for row in m["risk"]["grid"]]}
    c["weighting"] = [entry(l, ["points"]) for l in m.get("weighting", [])]
    c["ameliorative"] = [entry(k, ["max"]) for k in m.get("ameliorative", [])]
    c["capability"] = [entry(l, ["points"]) for l in m["capability"]]
    c["capacity"] = [entry(l, ["points"]) for l in m["capacity"]]
    c["ability"] = m["ability"]
    c["threat_bands"] = [entry(b, ["min"]) for b in m["threat_bands"]]
    c["need_bands"] = [entry(b, ["min"]) for b in m["need_bands"]]
    c["grades"] = [{"band": g["band"], "grade": g["grade"], "months": g["months"]}
                   for g in m.get("grades", [])]
    c["high_risk_band"] = m["high_risk_band"]
    text = json.dumps(c, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def keys_of(m, name):
    return [e["key"] for e in m.get(name, [])]


class Refused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def check(cw, a, b):
    """The checks of SPEC §14, in order; raises Refused with the first code."""
    if cw.get("format") != "needmatrix-crosswalk/1":
        raise Refused("parse" if "format" in cw else "missing_field")
    for side, m in (("from", a), ("to", b)):
        if "fingerprint" not in cw.get(side, {}):
            raise Refused("missing_field")
        if cw[side]["fingerprint"] != fingerprint(m):
            raise Refused("matrix_mismatch")
    for name in MAPS:
        given = cw.get(name, {})
        unknown = UNKNOWN.get(name, "unknown_level")
        for key, value in given.items():
            if key not in keys_of(a, name):
                raise Refused(unknown)
            if value is None:
                if name not in ("weighting", "ameliorative"):
                    raise Refused("parse")
            elif value not in keys_of(b, name):
                raise Refused(unknown)
        for key in keys_of(a, name):
            if key not in given:
                raise Refused("crosswalk_incomplete")


def translate(cw, b, x):
    """SPEC §14: an assessment of A (valid under A) as an assessment of B."""
    y = {k: v for k, v in x.items() if k not in ("weighting", "ameliorative")}
    for name in MAPS[:5]:
        field = FIELD.get(name, name)
        y[field] = cw[name][x[field]]
    reached = {cw["weighting"][f] for f in x.get("weighting", [])} - {None}
    y["weighting"] = [f for f in keys_of(b, "weighting") if f in reached]
    sums = {}
    for kind, points in x.get("ameliorative", {}).items():
        target = cw["ameliorative"][kind]
        if target is not None:
            sums[target] = sums.get(target, Decimal(0)) + Decimal(points)
    maxima = {k["key"]: Decimal(k["max"]) for k in b.get("ameliorative", [])}
    for kind, total in sums.items():
        if total > maxima[kind]:
            raise Refused("ameliorative_out_of_range")
    y["ameliorative"] = {k: canon(sums[k]) for k in keys_of(b, "ameliorative") if k in sums}
    return y


def case(cw, b, x):
    try:
        return {"name": x["id"], "input": x, "expect": score(b, translate(cw, b, x))}
    except Refused as r:
        return {"name": x["id"], "input": x, "expect_error": r.code}


def vector_file(description, a, b, cw, cases):
    return {"format": FORMAT, "description": description, "matrix": a, "to_matrix": b,
            "crosswalk": cw, "cases": cases}


def refused_file(description, a, b, cw, code):
    """A file whose crosswalk from the reference matrix `a` to `b` is refused with `code`."""
    check_code = None
    try:
        check(cw, a, b)
    except Refused as r:
        check_code = r.code
    assert check_code == code, (description, check_code, code)
    return {"format": FORMAT, "description": description, "matrix": "reference",
            "to_matrix": b, "crosswalk": cw, "expect_crosswalk_error": code}


def write(name, data, raw=None):
    """Writes a file; `raw` replaces a placeholder string with JSON text as written (a key
    given twice, which no JSON library writes)."""
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if raw:
        text = text.replace(json.dumps(raw[0]), raw[1])
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    a = load(os.path.join(ROOT, "src", "matrix", "reference.json"))
    b = load(os.path.join(EXAMPLE, "national-2.0.0.json"))
    cw = load(os.path.join(EXAMPLE, "reference-to-national-2.0.0.json"))
    # The worked example's fingerprints are the crate's: this model computes them the same way.
    assert cw["from"]["fingerprint"] == fingerprint(a), "reference fingerprint"
    assert cw["to"]["fingerprint"] == fingerprint(b), "national fingerprint"
    check(cw, a, b)
    total = 0

    rnd = random.Random(14)
    cases = [case(cw, b, random_input(a, rnd, n)) for n in range(240)]
    write("reference-to-national.json", vector_file(
        "SPEC §14: assessments of the reference matrix scored under national@2.0.0 through the "
        "worked example's crosswalk (levels merged, factors merged and dropped, kinds merged)",
        "reference", b, cw, cases))
    total += len(cases)

    # A revision whose merged kind has a lower max: sums above it are refused.
    tight = copy.deepcopy(b)
    tight["version"] = "2.0.0-tight"
    tight["ameliorative"][0]["max"] = "6"
    tight_cw = copy.deepcopy(cw)
    tight_cw["to"] = {"matrix": "national@2.0.0-tight", "fingerprint": fingerprint(tight)}
    rnd = random.Random(1414)
    cases = []
    n = 0
    while len(cases) < 60:
        x = random_input(a, rnd, n)
        n += 1
        x["ameliorative"] = {"partnership": canon(Decimal(rnd.randint(0, 50)) / 10),
                             "resources": canon(Decimal(rnd.randint(0, 50)) / 10)}
        cases.append(case(tight_cw, tight, x))
    refused = sum(1 for c in cases if "expect_error" in c)
    assert 10 <= refused <= 50, refused
    write("merged-kind-max.json", vector_file(
        "SPEC §14: partnership and resources merged into one kind of max 6; a sum above it is "
        "ameliorative_out_of_range", "reference", tight, tight_cw, cases))
    total += len(cases)

    # The identity crosswalk: every outcome as the reference matrix gives it.
    ident = {"format": "needmatrix-crosswalk/1",
             "from": {"matrix": "reference@1.0.0", "fingerprint": fingerprint(a)},
             "to": {"matrix": "reference@1.0.0", "fingerprint": fingerprint(a)}}
    for name in MAPS:
        ident[name] = {k: k for k in keys_of(a, name)}
    rnd = random.Random(1)
    cases = []
    for n in range(40):
        x = random_input(a, rnd, n)
        c = case(ident, a, x)
        assert c["expect"] == score(a, x)
        cases.append(c)
    write("identity.json", vector_file(
        "SPEC §14: the identity crosswalk of the reference matrix changes no outcome",
        "reference", "reference", ident, cases))
    total += len(cases)

    # Crosswalks refused, one fault each.
    def broken(name, code, change):
        c = copy.deepcopy(cw)
        change(c)
        write("refused/%s.json" % name,
              refused_file("A crosswalk refused with %s: %s" % (code, name), a, b, c, code))

    broken("missing-key", "crosswalk_incomplete", lambda c: c["impact"].pop("minor"))
    broken("missing-map", "crosswalk_incomplete", lambda c: c.pop("capacity"))
    broken("unknown-level-of-a", "unknown_level",
           lambda c: c["probability"].update({"very_likely": "probable"}))
    broken("unknown-level-of-b", "unknown_level", lambda c: c["impact"].update({"major": "huge"}))
    broken("unknown-area-of-b", "unknown_area",
           lambda c: c["areas"].update({"child_abuse": "child_abuse"}))
    broken("unknown-factor-of-b", "unknown_factor",
           lambda c: c["weighting"].update({"cross_border": "borders"}))
    broken("unknown-kind-of-a", "unknown_ameliorative",
           lambda c: c["ameliorative"].update({"volunteers": "mitigation"}))
    broken("null-in-a-scale", "parse", lambda c: c["capability"].update({"good": None}))
    broken("wrong-from-fingerprint", "matrix_mismatch",
           lambda c: c["from"].update({"fingerprint": "0" * 64}))
    broken("wrong-to-fingerprint", "matrix_mismatch",
           lambda c: c["to"].update({"fingerprint": fingerprint(a)}))
    broken("wrong-format", "parse", lambda c: c.update({"format": "needmatrix-crosswalk/2"}))
    total += 11

    # A key given twice: written as text, since no JSON library writes one.
    dup = copy.deepcopy(cw)
    dup["impact"] = "@@IMPACT@@"
    data = {"format": FORMAT, "description": "A crosswalk refused with duplicate_key: "
            "`major` given twice in `impact`", "matrix": "reference", "to_matrix": b,
            "crosswalk": dup, "expect_crosswalk_error": "duplicate_key"}
    impact = ('{"minimal": "low", "minor": "low", "moderate": "medium", "major": "high", '
              '"critical": "severe", "major": "severe"}')
    write("refused/duplicate-key.json", data, raw=("@@IMPACT@@", impact))
    total += 1
    print("wrote %d checks" % total)


if __name__ == "__main__":
    main()
