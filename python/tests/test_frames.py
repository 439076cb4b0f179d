"""Frames scored by the package equal the crate's own scored register, in priority order; pandas
in gives pandas out and Polars in gives Polars out; missing values are absent fields."""

import csv
import datetime
import io
import random
from decimal import Decimal

import pandas as pd
import polars as pl
import pytest

import needmatrix
from conftest import SAMPLES

M = needmatrix.Matrix.reference()
#: The inputs a scored frame carries, as the input frame held them (SPEC §3's order, one
#: `ameliorative.KIND` per kind of the reference matrix).
INPUTS = ["impact", "probability", "weighting", "ameliorative.partnership",
          "ameliorative.resources", "capability", "capacity", "measure_in_place", "assessed_on",
          "lead_high_risk", "confidence"]
OUT_COLUMNS = (["priority", "id", "area"] + INPUTS
               + ["risk", "comparator", "mitigation", "threat", "ability", "gap", "need",
                  "surplus", "threat_band", "need_band", "grade", "action_due", "high_risk",
                  "high_need", "description", "standard", "action", "owner", "manager"])
NUMBERS = ["risk", "comparator", "mitigation", "threat", "ability", "gap", "need", "surplus"]


def as_text(value):
    """A frame value as the crate's CSV writes it."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        # Canonical, as the crate writes it: a Polars Decimal column pads 2 to 2.00.
        return "{:f}".format(value.normalize()) if value else "0"
    return str(value)


def check_scored(scored, frame, expected):
    """`scored` (a frame scored from `frame`) holds the crate's scored CSV rows `expected` but for
    the inputs, which are the input frame's own cells, in priority order."""
    assert list(scored.columns) == OUT_COLUMNS
    got = rows_of(scored)
    drop = lambda row: {k: v for k, v in row.items() if k not in INPUTS}  # noqa: E731
    assert [drop(r) for r in got] == [drop(r) for r in expected]
    given = {r["id"]: r for r in rows_of(frame)}
    for row in got:
        for column in INPUTS:
            assert row[column] == given[row["id"]].get(column, ""), (row["id"], column)


def rows_of(frame):
    if isinstance(frame, pl.DataFrame):
        return [{k: as_text(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{k: as_text(v) for k, v in row.items()} for row in records]


@pytest.mark.parametrize("name", ["wealdshire_register.csv", "wealdshire_register_2009.csv"])
@pytest.mark.parametrize("reader", ["pandas", "pandas-text", "polars", "polars-text"])
def test_the_sample_registers_score_as_the_crate_scores_them(crate_csv, name, reader):
    path = SAMPLES / name
    if reader == "pandas":
        frame = pd.read_csv(path)  # numbers as float64, flags as bool, gaps as NaN
    elif reader == "pandas-text":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    elif reader == "polars":
        frame = pl.read_csv(path)  # numbers as f64/i64, gaps as null
    else:
        frame = pl.read_csv(path, infer_schema_length=0)
    expected = crate_csv(path)
    for numbers in ("decimal", "str"):
        scored = M.score_frame(frame, numbers=numbers)
        assert type(scored) is type(frame)
        check_scored(scored, frame, expected)


def test_numbers_are_decimals_and_text_on_request():
    frame = pd.read_csv(SAMPLES / "wealdshire_register.csv")
    scored = M.score_frame(frame)
    for column in NUMBERS:
        assert scored[column].dtype == object
        assert all(type(v) is Decimal for v in scored[column])
    assert scored["priority"].tolist() == list(range(1, len(frame) + 1))
    assert scored["high_need"].dtype == bool
    as_text_frame = M.score_frame(frame, numbers="str")
    assert all(type(v) is str for v in as_text_frame["need"])
    assert [Decimal(v) for v in as_text_frame["need"]] == scored["need"].tolist()

    polars = M.score_frame(pl.read_csv(SAMPLES / "wealdshire_register.csv"))
    # Polars' own exact decimals, one scale per column: equal by value to the crate's.
    assert isinstance(polars.schema["need"], pl.Decimal)
    assert polars.schema["action_due"] == pl.Date
    assert polars["need"].to_list() == scored["need"].tolist()
    assert all(type(v) is Decimal for v in polars["mitigation"].to_list())
    text = M.score_frame(pl.read_csv(SAMPLES / "wealdshire_register.csv"), numbers="str")
    assert text["need"].str.to_decimal(scale=4).to_list() == scored["need"].tolist()


def register_frame(rows):
    return pd.DataFrame(rows)


def base(**fields):
    row = {"id": "a", "area": "major_crime", "impact": "major", "probability": "likely",
           "capability": "good", "capacity": "good"}
    row.update(fields)
    return row


def test_decimal_points_add_exactly():
    # 0.1 + 0.2 is 0.3 exactly: no float residue can arise.
    frame = register_frame([base(**{"ameliorative.partnership": Decimal("0.1"),
                                    "ameliorative.resources": Decimal("0.2")})])
    scored = M.score_frame(frame)
    assert scored["mitigation"][0] == Decimal("0.3")
    assert str(scored["mitigation"][0]) == "0.3"
    # risk 16 − 0.3 = 15.7; ability 12; need 3.7
    assert scored["need"][0] == Decimal("3.7")


def test_a_float_residue_is_refused_never_rounded():
    frame = register_frame([base(**{"ameliorative.partnership": 0.1 + 0.2})])
    with pytest.raises(needmatrix.Error) as caught:
        M.score_frame(frame)
    assert caught.value.code == "precision"
    assert caught.value.field == "ameliorative.partnership"
    assert caught.value.record == "a"
    # A float that is a short decimal is read as that decimal.
    scored = M.score_frame(register_frame([base(**{"ameliorative.partnership": 1.5})]))
    assert scored["mitigation"][0] == Decimal("1.5")


def test_every_kind_of_missing_value_is_an_absent_field():
    rows = [
        base(id="none", **{"ameliorative.partnership": None, "assessed_on": None}),
        base(id="nan", **{"ameliorative.partnership": float("nan"), "assessed_on": pd.NaT}),
        base(id="na", **{"ameliorative.partnership": pd.NA, "assessed_on": pd.NA}),
        base(id="empty", **{"ameliorative.partnership": "", "assessed_on": ""}),
    ]
    scored = M.score_frame(pd.DataFrame(rows))
    assert scored["mitigation"].tolist() == [Decimal("0")] * 4
    assert scored["action_due"].isna().all()
    polars = pl.DataFrame({"id": ["p", "q"], "area": ["major_crime"] * 2,
                           "impact": ["major"] * 2, "probability": ["likely"] * 2,
                           "ameliorative.partnership": [None, 2.5],
                           "capability": ["good"] * 2, "capacity": ["good"] * 2,
                           "assessed_on": [None, datetime.date(2008, 1, 31)]})
    scored = M.score_frame(polars)
    by_id = {r["id"]: r for r in scored.iter_rows(named=True)}
    assert by_id["p"]["mitigation"] == Decimal("0")
    assert by_id["p"]["action_due"] is None
    # need 16 − 2.5 − 12 = 1.5: low, green, 12 months from 31 January.
    assert by_id["q"]["action_due"] == datetime.date(2009, 1, 31)


def test_weighting_as_text_or_as_a_list_column():
    text = pd.DataFrame([base(weighting="vulnerable_victims; cross_border")])
    listed = pl.DataFrame({**{k: [v] for k, v in base().items()},
                           "weighting": [["vulnerable_victims", "cross_border"]]})
    assert M.score_frame(text)["comparator"][0] == Decimal("21")
    assert M.score_frame(listed)["comparator"][0] == Decimal("21")
    pandas_lists = pd.DataFrame([base(weighting=["vulnerable_victims", "cross_border"])])
    assert M.score_frame(pandas_lists)["comparator"][0] == Decimal("21")


def test_dates_and_timestamps_are_read_as_dates_and_month_ends_clamp():
    rows = [base(id="d", capability="none", capacity="none",
                 assessed_on=datetime.date(2008, 11, 30)),
            base(id="t", capability="none", capacity="none",
                 assessed_on=pd.Timestamp("2007-11-30"))]
    scored = M.score_frame(pd.DataFrame(rows))
    # need 16: red, 3 months; 30 November + 3 months is the end of February.
    due = dict(zip(scored["id"], scored["action_due"]))
    assert due == {"d": datetime.date(2009, 2, 28), "t": datetime.date(2008, 2, 29)}
    with pytest.raises(needmatrix.Error) as caught:
        M.score_frame(pd.DataFrame([base(assessed_on=pd.Timestamp("2008-01-01 09:30"))]))
    assert caught.value.code == "invalid_date"
    assert caught.value.field == "assessed_on"


def test_a_faulty_frame_lists_its_first_twenty_faults_and_returns_nothing():
    rows = [base(id="r%02d" % n, impact="huge" if n % 2 else "major") for n in range(60)]
    with pytest.raises(needmatrix.Error) as caught:
        M.score_frame(pd.DataFrame(rows))
    e = caught.value
    assert (e.code, e.record, e.field, e.line, e.file) == ("unknown_level", "r01", "impact",
                                                            None, None)
    assert len(e.faults) == needmatrix.MAX_LISTED_FAULTS == 20
    assert [f["record"] for f in e.faults] == ["r%02d" % n for n in range(1, 40, 2)]
    assert all(f["code"] == "unknown_level" and f["field"] == "impact" for f in e.faults)
    assert str(e).count("\n  - ") == 20
    # A frame is refused as a frame, not a file, by every entry point.
    assert str(e).startswith("30 faulty record(s), the frame is refused"), str(e)
    assert "file" not in str(e).splitlines()[0]
    with pytest.raises(needmatrix.Error) as caught:
        M.heatmap(pd.DataFrame(rows))
    assert "the frame is refused" in str(caught.value)


def test_column_refusals():
    with pytest.raises(needmatrix.Error) as caught:
        M.score_frame(pd.DataFrame([base(colour="red")]))
    assert (caught.value.code, caught.value.field) == ("parse", "colour")
    with pytest.raises(needmatrix.Error) as caught:
        M.score_frame(pd.DataFrame([base(id=None)]))
    assert (caught.value.code, caught.value.record, caught.value.field) == (
        "missing_field", "#1", "id")
    with pytest.raises(TypeError):
        M.score_frame([base()])
    with pytest.raises(ValueError):
        M.score_frame(pd.DataFrame([base()]), numbers="floats")


def test_an_empty_frame_gives_an_empty_frame_of_the_columns():
    empty = pd.DataFrame({k: pd.Series([], dtype=object) for k in base()})
    scored = M.score_frame(empty)
    assert list(scored.columns) == OUT_COLUMNS and len(scored) == 0
    scored = M.score_frame(pl.DataFrame({k: pl.Series([], dtype=pl.String) for k in base()}))
    assert scored.columns == OUT_COLUMNS and scored.height == 0


AREAS = ["serious_organised_crime", "major_crime", "civil_contingencies", "critical_incidents",
         "public_order", "roads_policing", "domestic_abuse", "missing_persons", "child_abuse",
         "offender_management"]
LEVELS5 = ["minimal", "minor", "moderate", "major", "critical"]
PROBABILITY = ["rare", "unlikely", "possible", "likely", "almost_certain"]
FACTORS = ["vulnerable_victims", "repeat_victimisation", "community_impact", "cross_border",
           "public_confidence", "emerging_trend"]
ABILITY = ["none", "limited", "adequate", "good", "strong"]


def random_register(rng, n):
    """A register no test has seen: random levels, factors, points with places, month-end and
    leap-day dates, flags, the lead's judgement and gaps."""
    rows = []
    for k in range(n):
        day = rng.choice([1, 15, 28, 29, 30, 31])
        month = rng.randint(1, 12)
        year = rng.choice([2007, 2008, 2009, 2012])
        while True:
            try:
                date = datetime.date(year, month, day)
                break
            except ValueError:
                day -= 1
        rows.append({
            "id": "x%d" % k,
            "area": rng.choice(AREAS),
            "impact": rng.choice(LEVELS5),
            "probability": rng.choice(PROBABILITY),
            "weighting": ";".join(f for f in FACTORS if rng.random() < 0.3),
            "ameliorative.partnership": rng.choice(["", "0", "0.25", "1.5", "2.75", "5"]),
            "ameliorative.resources": rng.choice(["", "0.5", "1", "3.125", "5"]),
            "capability": rng.choice(ABILITY),
            "capacity": rng.choice(ABILITY),
            "measure_in_place": rng.choice(["", "true", "false"]),
            "lead_high_risk": rng.choice(["", "", "true", "false"]),
            "assessed_on": "" if rng.random() < 0.1 else date.isoformat(),
            "description": "Risk %d near the canal" % k,
        })
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_registers_score_as_the_crate_scores_them(crate_csv, tmp_path, seed):
    rows = random_register(random.Random(seed), 400)
    path = tmp_path / ("random-%d.csv" % seed)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    expected = crate_csv(path)
    for frame in (pd.read_csv(path, dtype=str, keep_default_na=False),
                  pl.read_csv(path, infer_schema_length=0)):
        check_scored(M.score_frame(frame), frame, expected)


def test_free_text_is_carried_along_and_held_to_its_limit():
    long = "x" * (needmatrix.MAX_TEXT_CHARS + 1)
    for frame in (pd.DataFrame([base(description=long)]),
                  pl.DataFrame({**{k: [v] for k, v in base().items()}, "description": [long]})):
        with pytest.raises(needmatrix.Error) as caught:
            M.score_frame(frame)
        assert (caught.value.code, caught.value.field) == ("out_of_range", "description")
    # Exactly at the limit, and notes that are not text, pass; the notes come back as given.
    at_limit = "y" * needmatrix.MAX_TEXT_CHARS
    scored = M.score_frame(pd.DataFrame([base(description=at_limit, owner=42)]))
    assert scored["description"][0] == at_limit and scored["owner"][0] == 42
    scored = M.score_frame(pl.DataFrame({**{k: [v] for k, v in base().items()},
                                         "description": [at_limit], "confidence": [3]}))
    assert scored["description"][0] == at_limit and scored["manager"][0] is None


def test_non_text_ids_are_read_as_their_text():
    frame = pd.DataFrame([base(id=7), base(id=12)])
    scored = M.score_frame(frame)
    assert sorted(scored["id"]) == ["12", "7"]


def test_values_equal_in_python_but_not_as_text_stay_apart():
    # True == 1 in Python, but a flag is `true`, and `1` is no flag.
    frame = pd.DataFrame([base(id="t", measure_in_place=True), base(id="one", measure_in_place=1)])
    with pytest.raises(needmatrix.Error) as caught:
        M.score_frame(frame)
    assert (caught.value.record, caught.value.field) == ("one", "measure_in_place")
    assert len(caught.value.faults) == 1


def _valid_frame(n=2):
    return pd.DataFrame({"id": ["a%d" % i for i in range(n)], "area": ["major_crime"] * n,
                         "impact": ["major"] * n, "probability": ["likely"] * n,
                         "capability": ["none"] * n, "capacity": ["none"] * n})


@pytest.mark.parametrize("column", ["description", "confidence", "impact"])
def test_a_repeated_column_is_a_parse_error_naming_it(column):
    frame = _valid_frame()
    frame[column] = "x" if column != "impact" else "major"
    repeated = pd.concat([frame, frame[[column]]], axis=1)
    for kind in (repeated, ):
        with pytest.raises(needmatrix.Error) as e:
            M.score_frame(kind)
        assert e.value.code == "parse"
        assert e.value.field == column
    with pytest.raises(needmatrix.Error) as e:
        M.heatmap(repeated)
    assert e.value.code == "parse"


def test_an_io_error_names_its_file(tmp_path):
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(needmatrix.Error) as e:
        needmatrix.Matrix.from_path(missing)
    assert e.value.code == "io"
    assert e.value.file == str(missing)
    assert e.value.faults[0]["file"] == str(missing)


def test_a_frame_too_long_is_refused_from_its_length_alone():
    import numpy as np

    n = needmatrix._native.MAX_REGISTER_ROWS + 1
    # One column of a million-fold repeated category: cheap to hold, refused before conversion.
    frame = pd.DataFrame({"id": pd.Categorical(np.zeros(n, dtype="int8"))})
    with pytest.raises(needmatrix.Error) as e:
        M.score_frame(frame)
    assert e.value.code == "out_of_range"


def test_wrong_arguments_say_what_was_expected():
    with pytest.raises(TypeError, match="DataFrame"):
        M.score_frame(_valid_frame()["id"])
    with pytest.raises(TypeError, match="dict"):
        M.score("text")
    with pytest.raises(TypeError, match="dicts"):
        needmatrix.vectors.emit([1])


@pytest.mark.parametrize("lib", ["pandas", "polars"])
def test_the_one_notch_test_of_a_frame(lib):
    # major × likely = 16, adequate/adequate: need 8, amber; impact moderate gives 4 (green),
    # critical 12 (red, high need); probability likewise; capability limited 12 (red, high
    # need); capacity limited likewise. Six changes, by hand.
    data = {"id": ["a", "b"], "area": ["major_crime", "public_order"],
            "impact": ["major", "critical"], "probability": ["likely", "almost_certain"],
            "capability": ["adequate", "none"], "capacity": ["adequate", "none"],
            "description": ["one", "two"]}
    frame = pd.DataFrame(data) if lib == "pandas" else pl.DataFrame(data)
    r = M.robustness(frame)
    assert r.summary["entries"] == 2
    assert r.summary["fragile"] == 1
    assert r.summary["by_grade"]["amber"] == {"entries": 1, "fragile": 1}
    assert r.summary["by_grade"]["red"] == {"entries": 1, "fragile": 0}
    assert [e["id"] for e in r.fragile] == ["a"]
    changes = r.changes
    assert isinstance(changes, pd.DataFrame if lib == "pandas" else pl.DataFrame)
    assert len(changes) == 6
    first = changes.iloc[0] if lib == "pandas" else changes.row(0, named=True)
    assert (first["priority"], first["id"], first["field"], first["to"]) == (2, "a", "impact", "moderate")
    assert first["need"] == Decimal("4") and first["new_grade"] == "green"
    assert json_of(r.to_json())["format"] == "needmatrix-robustness/1"


def json_of(text):
    import json
    return json.loads(text)


def test_polars_decimal_columns_sort_sum_group_and_join_exactly(crate_csv):
    path = SAMPLES / "wealdshire_register.csv"
    scored = M.score_frame(pl.read_csv(path, infer_schema_length=0))
    # The oracle: the crate's own scored CSV, summed per area in Python's decimal.
    oracle = {}
    for row in crate_csv(path):
        oracle[row["area"]] = oracle.get(row["area"], Decimal(0)) + Decimal(row["need"])
    sums = scored.group_by("area").agg(pl.col("need").sum())
    assert {r["area"]: r["need"] for r in sums.iter_rows(named=True)} == oracle
    assert all(v is not None for v in sums["need"].to_list())
    assert scored["need"].sum() == sum(oracle.values())
    # Sorting and filtering by a decimal column, and joining on the id.
    by_need = scored.sort("need", descending=True)["need"].to_list()
    assert by_need == sorted(by_need, reverse=True)
    assert scored.filter(pl.col("need") > Decimal("15")).height == sum(
        1 for v in scored["need"].to_list() if v > 15)
    joined = scored.select("id", "need").join(scored.select("id", "threat"), on="id")
    assert joined.height == scored.height
    assert (joined["threat"] >= joined["need"]).all()
    # A cast to text and back keeps every value.
    assert scored["need"].cast(pl.String).str.to_decimal(scale=4).to_list() == \
        scored["need"].to_list()


def test_floats_on_request_for_pictures():
    frame = pd.read_csv(SAMPLES / "wealdshire_register.csv", dtype=str, keep_default_na=False)
    exact = M.score_frame(frame)
    pictured = M.score_frame(frame, numbers="float")
    for column in NUMBERS:
        assert pictured[column].dtype == "float64"
        assert pictured[column].tolist() == [float(v) for v in exact[column]]
    described = pictured[["risk", "threat", "need"]].describe()
    assert described.loc["count", "need"] == len(frame)
    assert pictured.groupby("area")["need"].sum().sum() == float(sum(exact["need"]))
    polars = M.score_frame(pl.read_csv(SAMPLES / "wealdshire_register.csv",
                                       infer_schema_length=0), numbers="float")
    assert polars.schema["need"] == pl.Float64


def test_a_scored_frame_scores_again_and_says_what_an_edit_changed(recwarn):
    frame = pd.read_csv(SAMPLES / "wealdshire_register.csv", dtype=str, keep_default_na=False)
    scored = M.score_frame(frame)
    again = M.score_frame(scored)
    assert not [w for w in recwarn if issubclass(w.category, needmatrix.RecomputedWarning)]
    assert rows_of(again) == rows_of(scored)
    # An input edited after scoring: its outcome is recomputed, and a warning counts the
    # derived values that no longer agree.
    edited = scored.copy()
    first = edited["id"][0]
    edited.loc[0, "impact"] = "minimal"
    with pytest.warns(needmatrix.RecomputedWarning, match=r"record `%s`" % first):
        rescored = M.score_frame(edited)
    row = rescored[rescored["id"] == first].iloc[0]
    assert row["risk"] == Decimal(1) * {"rare": 1, "unlikely": 2, "possible": 3, "likely": 4,
                                        "almost_certain": 5}[row["probability"]]
    polars = M.score_frame(pl.read_csv(SAMPLES / "wealdshire_register.csv",
                                       infer_schema_length=0))
    assert rows_of(M.score_frame(polars)) == rows_of(polars)


def test_dir_shows_the_api_only():
    assert dir(needmatrix) == sorted(needmatrix.__all__)
    assert "os" not in dir(needmatrix) and "gc" not in dir(needmatrix)
