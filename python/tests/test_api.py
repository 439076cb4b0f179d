"""One assessment, matrices, lint, the heat map and vectors from Python."""

import datetime
import json
from decimal import Decimal

import pandas as pd
import pytest

import needmatrix
from conftest import ROOT, SAMPLES

M = needmatrix.Matrix.reference()
SOC = {"id": "soc-1", "area": "serious_organised_crime", "impact": "major",
       "probability": "likely", "weighting": ["vulnerable_victims"],
       "ameliorative": {"partnership": "1.5"}, "capability": "adequate", "capacity": "good",
       "assessed_on": datetime.date(2008, 6, 20)}


def test_the_reference_matrix():
    assert (M.id, M.version) == ("reference", "1.0.0")
    assert len(M.fingerprint) == 64 and M.fingerprint == needmatrix.Matrix.reference().fingerprint
    assert M.lint() == []
    assert json.loads(M.to_json())["id"] == "reference"
    assert M == needmatrix.Matrix.from_json(M.to_json())


def test_one_assessment_scored_and_explained():
    o = M.score(SOC)
    # risk 4 × 4 = 16; + 3 = 19; − 1.5 = 17.5; ability min(8, 12) = 8; need 9.5.
    assert (o.risk, o.comparator, o.mitigation, o.threat) == (
        Decimal("16"), Decimal("19"), Decimal("1.5"), Decimal("17.5"))
    assert (o.ability, o.gap, o.need, o.surplus) == (
        Decimal("8"), Decimal("9.5"), Decimal("9.5"), Decimal("0"))
    assert (o.threat_band, o.need_band, o.grade) == ("high", "medium", "amber")
    assert o.action_due == datetime.date(2008, 12, 20)
    assert (o.high_risk, o.high_need) == (True, False)
    assert o.fingerprint == M.fingerprint
    text = o.explain()
    assert "need = max(0, gap 9.5) = 9.5" in text
    assert "action_due = assessed on 2008-06-20 + 6 months = 2008-12-20" in text
    assert o.to_dict()["need"] == Decimal("9.5")


def test_the_matrix_says_what_its_file_says():
    data = json.loads((ROOT / "src" / "matrix" / "reference.json").read_text())
    assert M.title == data["title"] == "Reference protective services need matrix"
    assert M.label == "reference@1.0.0"
    assert repr(M) == f'Matrix(id="reference", version="1.0.0", fingerprint="{M.fingerprint}")'
    del data["title"]
    assert needmatrix.Matrix.from_json(json.dumps(data)).title is None


def test_matrices_are_equal_and_hash_alike_by_fingerprint():
    same = needmatrix.Matrix.from_json(M.to_json())
    other = needmatrix.Matrix.from_path(SAMPLES / "crosswalk" / "national-2.0.0.json")
    assert M == same and not M != same
    assert M != other and not M == other
    assert hash(M) == hash(same) and hash(M) != hash(other)
    assert {M: "reference", other: "national"}[same] == "reference"
    assert len({M, same, other}) == 2


def test_an_outcome_gives_every_field_by_name():
    # minor 2 × unlikely 2 = risk 4 = comparator = threat (low); ability min(strong 16, good
    # 12) = 12; gap 4 − 12 = −8: need 0 (band none, no grade, no deadline), surplus 8.
    quiet = M.score({"id": "quiet-1", "area": "major_crime", "impact": "minor",
                     "probability": "unlikely", "capability": "strong", "capacity": "good",
                     "assessed_on": datetime.date(2008, 6, 20)})
    assert (quiet.id, quiet.area, quiet.matrix) == ("quiet-1", "major_crime", "reference@1.0.0")
    assert (quiet.threat, quiet.ability, quiet.gap, quiet.need, quiet.surplus) == (
        Decimal("4"), Decimal("12"), Decimal("-8"), Decimal("0"), Decimal("8"))
    assert (quiet.threat_band, quiet.need_band, quiet.grade, quiet.action_due) == (
        "low", "none", None, None)
    assert (quiet.high_risk, quiet.high_need) == (False, False)
    assert repr(quiet) == (
        'Outcome(id="quiet-1", need=0, need_band="none", grade=None, high_need=False)')
    assert quiet.to_dict() == {
        "id": "quiet-1", "area": "major_crime", "risk": Decimal("4"),
        "comparator": Decimal("4"), "mitigation": Decimal("0"), "threat": Decimal("4"),
        "ability": Decimal("12"), "gap": Decimal("-8"), "need": Decimal("0"),
        "surplus": Decimal("8"), "threat_band": "low", "need_band": "none", "grade": None,
        "action_due": None, "high_risk": False, "high_need": False,
        "matrix": "reference@1.0.0", "fingerprint": M.fingerprint}
    # critical 5 × almost certain 5 = 25 (high); ability min(none 0, limited 4) = 0: need 25,
    # red, three months; red with a high risk and no measure in place is a high need.
    grave = M.score({"id": "grave-1", "area": "public_order", "impact": "critical",
                     "probability": "almost_certain", "capability": "none",
                     "capacity": "limited", "assessed_on": "2008-06-20"})
    assert (grave.need, grave.surplus, grave.grade) == (Decimal("25"), Decimal("0"), "red")
    assert grave.action_due == datetime.date(2008, 9, 20)
    assert (grave.high_risk, grave.high_need) == (True, True)
    assert repr(grave) == (
        'Outcome(id="grave-1", need=25, need_band="high", grade="red", high_need=True)')
    assert grave.to_dict()["area"] == "public_order" and grave.to_dict()["grade"] == "red"


def test_the_native_scorer_hands_back_outcome_columns_and_the_ids_given():
    names = ["id", "area", "impact", "probability", "capability", "capacity"]
    ids = ["a-1", "a-2"]
    lists = [ids, ["major_crime"] * 2, ["major", "minor"], ["likely"] * 2,
             ["adequate"] * 2, ["adequate"] * 2]
    fields, columns, out_ids, positions, recomputed = M._native._score_columns(
        names, lists, False, 1)
    # The outcome columns of the scored header, without the id (handed back on its own) and
    # the matrix columns (the same on every row).
    header = M._native._scored_header()
    assert fields == [f for f in header if f in fields]
    assert "id" not in fields and "matrix" not in fields and "fingerprint" not in fields
    assert {"risk", "need", "grade", "high_need"} <= set(fields) and len(columns) == len(fields)
    # The ids as the input gave them: the same objects, in priority order (16 before 8).
    assert positions == [0, 1] and out_ids[0] is ids[0] and out_ids[1] is ids[1]
    assert recomputed is None


def test_a_frame_of_exactly_the_row_limit_passes_the_length_check():
    names = ["id", "area", "impact", "probability", "capability", "capacity"]
    limit = needmatrix._native.MAX_REGISTER_ROWS
    M._native._check_frame(names, limit)
    with pytest.raises(needmatrix.Error) as e:
        M._native._check_frame(names, limit + 1)
    assert e.value.code == "out_of_range"


def test_the_same_assessment_in_every_spelling_scores_alike():
    # weighting as text, the date as text, points as a Decimal with a trailing zero.
    spelled = dict(SOC, weighting="vulnerable_victims", assessed_on="2008-06-20",
                   ameliorative={"partnership": Decimal("1.50")})
    assert M.score(spelled).to_dict() == M.score(SOC).to_dict()
    # ameliorative as its own column's key, points as a float.
    flat = dict(SOC)
    del flat["ameliorative"]
    flat["ameliorative.partnership"] = 1.5
    assert M.score(flat).to_dict() == M.score(SOC).to_dict()


def test_a_refusal_carries_its_code_and_place():
    with pytest.raises(needmatrix.Error) as caught:
        M.score(dict(SOC, impact="huge"))
    e = caught.value
    assert (e.code, e.record, e.field, e.line) == ("unknown_level", "soc-1", "impact", None)
    assert "valid: minimal, minor, moderate, major, critical" in str(e)
    with pytest.raises(needmatrix.Error) as caught:
        M.score(dict(SOC, ameliorative={"partnership": "6"}))
    assert caught.value.code == "ameliorative_out_of_range"
    assert caught.value.field == "ameliorative.partnership"


def test_matrices_from_files_and_their_refusals(tmp_path):
    toml_matrix = needmatrix.Matrix.from_path(ROOT / "examples" / "data" / "matrix.toml")
    assert len(toml_matrix.fingerprint) == 64
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x",\n "version": 1}')
    with pytest.raises(needmatrix.Error) as caught:
        needmatrix.Matrix.from_path(bad)
    assert caught.value.code == "parse"
    assert caught.value.file is not None and caught.value.line == 2
    with pytest.raises(needmatrix.Error) as caught:
        needmatrix.Matrix.from_path(tmp_path / "absent.toml")
    assert caught.value.code == "io"


def test_lint_finds_a_flawed_grid():
    spec = json.loads(M.to_json())
    grid = [[str(p * i) for i in range(1, 6)] for p in range(1, 6)]
    grid[2][3] = "2"
    spec["risk"] = {"grid": grid}
    spec["id"] = "flawed"
    warnings = needmatrix.Matrix.from_json(json.dumps(spec)).lint()
    flawed = [w for w in warnings if w["code"] == "grid_not_monotone"]
    assert len(flawed) == 1
    assert flawed[0]["cells"] == [{"impact": "major", "probability": "possible"}]
    assert isinstance(flawed[0]["message"], str) and flawed[0]["bands"] == []


def test_the_heat_map_shows_in_jupyter():
    frame = pd.read_csv(SAMPLES / "wealdshire_register.csv")
    heat = M.heatmap(frame)
    assert heat.total == len(frame) == 50
    svg = heat._repr_svg_()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")


def test_vectors_emit_then_run_round_trip(tmp_path):
    inputs = [SOC, dict(SOC, id="bad", impact="huge"),
              dict(SOC, id="exact", ameliorative={"partnership": Decimal("0.25")})]
    path = tmp_path / "mine.json"
    text = needmatrix.vectors.emit(inputs, M, description="mine", path=path)
    assert path.read_text() == text
    cases = json.loads(text)["cases"]
    assert [c["name"] for c in cases] == ["soc-1", "bad", "exact"]
    assert cases[1]["expect_error"] == "unknown_level"
    report = needmatrix.vectors.run(path)
    assert (report["passed"], report["failed"], report["unreadable"]) == (3, 0, 0)
    # A wrong expectation fails, naming the case and field.
    doc = json.loads(text)
    doc["cases"][0]["expect"]["need"] = "9.4"
    path.write_text(json.dumps(doc))
    report = needmatrix.vectors.run(path)
    assert (report["passed"], report["failed"]) == (2, 1)
    failure = report["files"][0]["failures"][0]
    assert (failure["case"], failure["field"]) == ("soc-1", "need")


def test_vectors_from_an_inputs_file_and_the_published_set(tmp_path):
    inputs = tmp_path / "inputs.jsonl"
    inputs.write_text('{"id": "a", "area": "major_crime", "impact": "major", '
                      '"probability": "likely", "capability": "none", "capacity": "none", '
                      '"ameliorative": {"partnership": 1.50}}\n')
    text = needmatrix.vectors.emit(inputs)
    # A float literal is refused by SPEC §3, and the case says so.
    assert json.loads(text)["cases"][0]["expect_error"] == "parse"
    published = needmatrix.vectors.run(ROOT / "tests" / "vectors")
    assert published["failed"] == 0 and published["unreadable"] == 0
    # 675 outcome and refusal cases in 43 files, 679 one-notch cases in 4 (SPEC §13), and 352
    # crosswalk cases in 15 (SPEC §14).
    assert published["passed"] == 675 + 679 + 352 and len(published["files"]) == 62
