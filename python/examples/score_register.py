"""Scoring a force's register from a notebook, top to bottom: read it with pandas, score it
exactly, look at what is due, explain the top risk, draw the heat map, check the matrix and run
the published conformance vectors. Each `# %%` cell runs on its own in Jupyter or VS Code.

    python python/examples/score_register.py
"""

# %% The matrix: the built-in reference, validated and fingerprinted.
import datetime
import pathlib
from decimal import Decimal

import pandas as pd
import polars as pl

import needmatrix

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent.parent / "examples" / "data"

matrix = needmatrix.Matrix.reference()
print(matrix)
print("lint warnings:", matrix.lint())

# %% The register, as an analyst reads it: numbers as floats, gaps as NaN. Floats are read as
# the shortest decimal they print as, then every sum is exact.
register = pd.read_csv(DATA / "wealdshire_register.csv")
scored = matrix.score_frame(register)
print(scored[["priority", "id", "area", "need", "grade", "action_due", "high_need"]].head(10))

# %% Numbers are Decimals: the totals are exact, never 0.30000000000000004.
total_need = sum(scored["need"], Decimal(0))
print("total need:", total_need, "| high need:", int(scored["high_need"].sum()))
assert all(isinstance(v, Decimal) for v in scored["need"])

# %% What is due by the end of the financial year.
due = scored[scored["action_due"].notna() & (scored["action_due"] <= datetime.date(2009, 3, 31))]
print(len(due), "actions due by 2009-03-31")

# %% The top risk, explained step by step.
top = register[register["id"] == scored["id"][0]].iloc[0].dropna().to_dict()
print(matrix.score(top).explain())

# %% The same register in Polars comes back as Polars, numbers as Decimal columns.
scored_polars = matrix.score_frame(pl.read_csv(DATA / "wealdshire_register.csv"))
print(scored_polars.select("priority", "id", "need", "grade").head(5))
assert scored_polars["id"].to_list() == scored["id"].tolist()

# %% A faulty register is refused whole, each fault named by record and field.
faulty = register.copy()
faulty.loc[3, "impact"] = "huge"
try:
    matrix.score_frame(faulty)
except needmatrix.Error as e:
    print("refused:", e.code, "at record", e.record, "field", e.field)

# %% The heat map (Jupyter shows it as SVG).
heat = matrix.heatmap(register)
print(heat, len(heat.svg), "bytes of SVG")

# %% Vendors: the crate's own outcomes as conformance vectors, and the published set run.
vectors = needmatrix.vectors.emit(register.head(3).dropna(axis=1).to_dict("records"))
print(vectors[:80], "...")
published = HERE.parent.parent / "tests" / "vectors"
if published.is_dir():
    report = needmatrix.vectors.run(published)
    print("published vectors:", report["passed"], "passed,", report["failed"], "failed")
