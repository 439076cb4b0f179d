"""The matrix crosswalk (SPEC §14) from Python: read against two matrices, refused with the codes
of §14, linted, and a frame of the first matrix scored under the second exactly as the crate's
`microanalysis --crosswalk` scores the same register."""

import json

import pandas as pd
import polars as pl
import pytest

import needmatrix
from conftest import SAMPLES

CROSSWALK = SAMPLES / "crosswalk" / "reference-to-national-2.0.0.json"
NATIONAL = needmatrix.Matrix.from_path(SAMPLES / "crosswalk" / "national-2.0.0.json")
REGISTER = SAMPLES / "wealdshire_register.csv"


def worked():
    return needmatrix.Crosswalk.from_path(CROSSWALK, NATIONAL)


def test_a_crosswalk_reads_in_json_and_toml_and_names_its_matrices():
    cw = worked()
    assert cw.from_matrix == needmatrix.Matrix.reference()
    assert cw.to_matrix == NATIONAL
    toml = needmatrix.Crosswalk.from_path(CROSSWALK.with_suffix(".toml"), NATIONAL,
                                          needmatrix.Matrix.reference())
    assert toml == cw
    assert repr(cw) == "Crosswalk(reference@1.0.0 → national@2.0.0)"
    assert json.loads(cw.to_json())["impact"]["critical"] == "severe"


def test_an_incomplete_crosswalk_is_refused_naming_the_map_and_key():
    text = CROSSWALK.read_text().replace('"minor": "low",', "")
    with pytest.raises(needmatrix.Error) as caught:
        needmatrix.Crosswalk.from_json(text, NATIONAL)
    assert (caught.value.code, caught.value.field) == ("crosswalk_incomplete", "impact.minor")
    with pytest.raises(needmatrix.Error) as caught:
        needmatrix.Crosswalk.from_json(CROSSWALK.read_text(), needmatrix.Matrix.reference())
    assert caught.value.code == "matrix_mismatch"


def test_lint_warns_order_reversed():
    assert worked().lint() == []
    text = CROSSWALK.read_text().replace('"rare": "remote"', '"rare": "possible"')
    warnings = needmatrix.Crosswalk.from_json(text, NATIONAL).lint()
    assert [w["code"] for w in warnings] == ["order_reversed"]
    assert warnings[0]["levels"] == ["probability.rare", "probability.unlikely"]


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_a_frame_of_a_is_scored_under_b_as_the_crate_scores_it(kind, crate_csv):
    frame = (pd.read_csv(REGISTER, dtype=str, keep_default_na=False) if kind == "pandas"
             else pl.read_csv(REGISTER, infer_schema=False))
    scored = NATIONAL.score_frame(frame, crosswalk=worked(), numbers="str")
    assert type(scored) is type(frame)
    expected = crate_csv(REGISTER, "--crosswalk", CROSSWALK, "--matrix",
                         SAMPLES / "crosswalk" / "national-2.0.0.json")
    rows = scored.to_dict("records") if kind == "pandas" else scored.to_dicts()
    assert len(rows) == len(expected) == 50
    for got, want in zip(rows, expected):
        for field in ["id", "area", "impact", "probability", "weighting",
                      "ameliorative.mitigation", "capability", "capacity", "need", "threat",
                      "grade", "high_need"]:
            value = got[field]
            missing = value is None or (isinstance(value, float) and value != value)
            text = "" if missing else str(value).lower() if field == "high_need" else str(value)
            assert text == want[field], (got["id"], field)
    # The scored frame is a register of B: scored again under B, nothing differs.
    again = NATIONAL.score_frame(scored, numbers="str")
    assert list(again["id"]) == list(scored["id"])


def test_a_crosswalk_to_another_matrix_or_a_faulty_frame_is_refused():
    frame = pd.read_csv(REGISTER, dtype=str, keep_default_na=False)
    with pytest.raises(ValueError, match="translates to national@2.0.0"):
        needmatrix.Matrix.reference().score_frame(frame, crosswalk=worked())
    with pytest.raises(TypeError):
        NATIONAL.score_frame(frame, crosswalk="cw.json")
    bad = frame.copy()
    bad.loc[3, "impact"] = "huge"
    with pytest.raises(needmatrix.Error) as caught:
        NATIONAL.score_frame(bad, crosswalk=worked())
    assert caught.value.code == "unknown_level"
    # The identity changes nothing.
    same = needmatrix.Matrix.reference().score_frame(
        frame, crosswalk=needmatrix.Crosswalk.identity(needmatrix.Matrix.reference()),
        numbers="str")
    plain = needmatrix.Matrix.reference().score_frame(frame, numbers="str")
    assert list(same["need"]) == list(plain["need"])
    assert list(same["id"]) == list(plain["id"])
