#!/usr/bin/env python3
"""Writes the malformed-input corpus under tests/malformed/ and its manifest: each file with what
the crate must do with it (refuse it with a code and a location, or accept it). Deterministic;
run from the repository root:

    python3 tools/malformed.py
"""
import json
import os

OUT = os.path.join("tests", "malformed")
HEADER = "id,area,impact,probability,capability,capacity"
ROW = "a1,major_crime,major,likely,adequate,limited"
GOOD = {"id": "a1", "area": "major_crime", "impact": "major", "probability": "likely",
        "capability": "adequate", "capacity": "limited"}
manifest = {}


def write(name, data, kind, expect, where=None):
    path = os.path.join(OUT, name)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"newline": "", "encoding": "utf-8"})) as f:
        f.write(data)
    manifest[name] = {"kind": kind, "expect": expect, "where": where or []}


def obj(**changes):
    o = dict(GOOD)
    for k, v in changes.items():
        if v is None:
            o.pop(k, None)
        else:
            o[k] = v
    return o


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    R = "register"
    # --- JSON registers: syntax
    write("truncated.json", json.dumps([GOOD])[:-7], R, "parse", ["line"])
    write("truncated-object.json", '[{"id": "a1", "area": "major_cr', R, "parse", ["line"])
    write("empty.json", "", R, "parse", ["line"])
    write("whitespace-only.json", "  \n\n ", R, "parse", ["line"])
    write("not-an-array.json", json.dumps(GOOD), R, "parse", ["line"])
    write("trailing-garbage.json", json.dumps([GOOD]) + " ]", R, "parse", ["line"])
    write("nan-literal.json", '[{"id": "a1", "area": "major_crime", "impact": "major", "probability": "likely", "ameliorative": {"partnership": NaN}, "capability": "adequate", "capacity": "limited"}]', R, "parse", ["line"])
    write("infinity-literal.json", '[{"id": "a1", "area": "major_crime", "impact": "major", "probability": "likely", "ameliorative": {"partnership": Infinity}, "capability": "adequate", "capacity": "limited"}]', R, "parse", ["line"])
    write("huge-exponent.json", json.dumps([obj(ameliorative={"partnership": 1})]).replace(": 1}", ": 1e400}"), R, "parse", ["line"])
    write("float-points.json", json.dumps([obj(ameliorative={"partnership": 2.5})]), R, "parse", ["line", "field"])
    write("huge-integer-points.json", json.dumps([obj(ameliorative={"partnership": 10**30})]), R, "parse", ["line", "field"])
    write("negative-points.json", json.dumps([obj(ameliorative={"resources": -1})]), R, "out_of_range", ["line", "field"])
    write("huge-string-points.json", json.dumps([obj(ameliorative={"resources": "9" * 40})]), R, "out_of_range", ["line", "field"])
    write("too-precise-points.json", json.dumps([obj(ameliorative={"resources": "0.00001"})]), R, "precision", ["line", "field"])
    write("points-over-max.json", json.dumps([obj(ameliorative={"resources": "5.0001"})]), R, "ameliorative_out_of_range", ["line", "field"])
    write("exponent-string-points.json", json.dumps([obj(ameliorative={"resources": "1e2"})]), R, "parse", ["line", "field"])
    # --- JSON registers: types and fields
    write("wrong-type-id.json", json.dumps([obj(id=7)]), R, "parse", ["line", "field"])
    write("wrong-type-flag.json", json.dumps([obj(measure_in_place="yes")]), R, "parse", ["line", "field"])
    write("wrong-type-weighting.json", json.dumps([obj(weighting="cross_border")]), R, "parse", ["line", "field"])
    write("record-not-object.json", json.dumps([GOOD, "a2"]), R, "parse", ["line"])
    write("unknown-field.json", json.dumps([obj(colour="red")]), R, "parse", ["line", "field"])
    write("missing-field.json", json.dumps([obj(capacity=None)]), R, "missing_field", ["line", "record", "field"])
    write("duplicate-json-key.json", '[{"id": "a1", "id": "a2", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "limited"}]', R, "parse", ["line"])
    write("duplicate-ameliorative-key.json", '[{"id": "a1", "area": "major_crime", "impact": "major", "probability": "likely", "ameliorative": {"resources": "1", "resources": "2"}, "capability": "adequate", "capacity": "limited"}]', R, "parse", ["line"])
    write("duplicate-ids.json", json.dumps([GOOD, obj(area="public_order")]), R, "duplicate_id", ["line", "record"])
    write("unknown-level.json", json.dumps([GOOD, obj(id="a2", impact="huge")]), R, "unknown_level", ["line", "record", "field"])
    write("unknown-area.json", json.dumps([obj(area="terrorism")]), R, "unknown_area", ["line", "record", "field"])
    write("unknown-factor.json", json.dumps([obj(weighting=["weather"])]), R, "unknown_factor", ["line", "field"])
    write("duplicate-factor.json", json.dumps([obj(weighting=["cross_border", "cross_border"])]), R, "duplicate_factor", ["line", "field"])
    write("bad-date.json", json.dumps([obj(assessed_on="2009-02-29")]), R, "invalid_date", ["line", "field"])
    write("control-char-id.json", json.dumps([obj(id="a\u0007b")]), R, "invalid_id", ["line", "field"])
    write("empty-id.json", json.dumps([obj(id="")]), R, "invalid_id", ["line", "field"])
    write("long-id.json", json.dumps([obj(id="x" * 65)]), R, "invalid_id", ["line", "field"])
    write("deep-nesting.json", "[" * 100000 + "]" * 100000, R, "parse", ["line"])
    write("deep-nesting-in-record.json", '[{"id": "a1", "description": ' + "[" * 50000 + "]" * 50000 + "}]", R, "parse", ["line"])
    # 10 MB fields are made by the test itself (tests/malformed.rs), not kept on disk.
    write("many-faults.json", json.dumps([obj(id="r%d" % i, impact="huge") for i in range(30)]), R, "unknown_level", ["line", "record", "field"])
    # --- JSON registers: awkward but valid
    write("bom.json", "\ufeff" + json.dumps([GOOD]), R, "accept")
    write("crlf.json", json.dumps([GOOD, obj(id="a2")], indent=1).replace("\n", "\r\n"), R, "accept")
    write("empty-array.json", "[]", R, "accept")
    write("null-optionals.json", json.dumps([obj(assessed_on=None, weighting=[], ameliorative={})]).replace('"weighting": []', '"weighting": null'), R, "accept")
    write("unicode-text.json", json.dumps([obj(description="Gefährdung – “county lines” 🚔", owner="Siân Llŷr")]), R, "accept")
    write("integer-points.json", json.dumps([obj(ameliorative={"partnership": 2, "resources": "1.50"})]), R, "accept")
    # --- JSON Lines
    write("blank-lines.jsonl", "\n" + json.dumps(GOOD) + "\n\n" + json.dumps(obj(id="a2")) + "\n\n", R, "accept")
    write("crlf.jsonl", json.dumps(GOOD) + "\r\n" + json.dumps(obj(id="a2")) + "\r\n", R, "accept")
    write("empty.jsonl", "", R, "accept")
    write("truncated-line.jsonl", json.dumps(GOOD) + "\n" + json.dumps(obj(id="a2"))[:-5] + "\n", R, "parse", ["line"])
    write("array-line.jsonl", json.dumps([GOOD]) + "\n", R, "parse", ["line"])
    write("duplicate-ids.jsonl", json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n", R, "duplicate_id", ["line", "record"])
    # --- CSV
    write("empty.csv", "", R, "parse", ["line"])
    write("header-only.csv", HEADER + "\n", R, "accept")
    write("header-only-no-newline.csv", HEADER, R, "accept")
    write("bom.csv", "\ufeff" + HEADER + "\n" + ROW + "\n", R, "accept")
    write("crlf.csv", HEADER + "\r\n" + ROW + "\r\n" + ROW.replace("a1", "a2") + "\r\n", R, "accept")
    write("columns-reordered.csv", "capacity,capability,probability,impact,area,id\nlimited,adequate,likely,major,major_crime,a1\n", R, "accept")
    write("quoted-fields.csv", HEADER + ",description\n" + ROW + ',"Drugs, guns and ""county lines""\nacross two lines"\n', R, "accept")
    write("excel-booleans.csv", HEADER + ",measure_in_place\n" + ROW + ",TRUE\n", R, "accept")
    write("spaced-weighting.csv", HEADER + ",weighting\n" + ROW + ",cross_border; public_confidence;\n", R, "accept")
    write("unknown-column.csv", HEADER + ",priority\n" + ROW + ",high\n", R, "parse", ["line", "field"])
    write("duplicate-column.csv", HEADER + ",id\n" + ROW + ",a9\n", R, "parse", ["line", "field"])
    write("missing-column.csv", "id,area,impact,probability,capability\na1,major_crime,major,likely,adequate\n", R, "missing_field", ["line", "record", "field"])
    write("empty-required-cell.csv", HEADER + "\na1,major_crime,,likely,adequate,limited\n", R, "missing_field", ["line", "record", "field"])
    write("ragged-row.csv", HEADER + "\n" + ROW + ",extra\n", R, "parse", ["line"])
    write("short-row.csv", HEADER + "\na1,major_crime,major\n", R, "parse", ["line"])
    write("invalid-utf8.csv", (HEADER + "\n" + ROW.replace("a1", "a\xff")).encode("latin-1"), R, "parse", ["line"])
    write("invalid-utf8.json", b'[{"id": "a\xff1"}]', R, "parse", ["line"])
    write("bad-flag.csv", HEADER + ",measure_in_place\n" + ROW + ",yes\n", R, "parse", ["line", "field"])
    write("bad-points.csv", HEADER + ",ameliorative.partnership\n" + ROW + ",2,5\n", R, "parse", ["line"])
    write("comma-decimal.csv", HEADER + ',ameliorative.partnership\n' + ROW + ',"2,5"\n', R, "parse", ["line", "field"])
    write("unknown-kind-column.csv", HEADER + ",ameliorative.prayer\n" + ROW + ",1\n", R, "unknown_ameliorative", ["line", "field"])
    write("duplicate-ids.csv", HEADER + "\n" + ROW + "\n" + ROW + "\n", R, "duplicate_id", ["line", "record"])
    write("wrong-extension.txt", HEADER + "\n" + ROW + "\n", R, "parse", [])
    # --- matrices
    M = "matrix"
    write("matrix-truncated.json", '{"id": "m", "version": "1", "areas": [', M, "parse", ["line"])
    write("matrix-float.toml", 'id = "m"\nversion = "1"\nareas = [{ key = "a" }]\nimpact = [{ key = "i", points = 1.5 }]\n', M, "parse", ["line"])
    write("matrix-bad-toml.toml", 'id = "m"\nversion = \n', M, "parse", ["line"])
    write("matrix-deep.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n", M, "parse", ["line"])
    write("matrix-empty.toml", "", M, "missing_field", ["field"])
    write("matrix-duplicate-key.json", '{"id": "m", "id": "n"}', M, "parse", ["line"])
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print(len(manifest), "files")


if __name__ == "__main__":
    main()
