"""needmatrix: one exact, points-based threat/risk/need matrix for police protective services.

The Python face of the Rust crate of the same name. Every number is exact: points come back as
:class:`decimal.Decimal`, never floats, with the fingerprinted matrices, stable error codes and
step-by-step explanations of the crate.

>>> import needmatrix
>>> m = needmatrix.Matrix.reference()
>>> o = m.score({"id": "soc-1", "area": "serious_organised_crime", "impact": "major",
...              "probability": "likely", "weighting": ["vulnerable_victims"],
...              "ameliorative": {"partnership": "1.5"}, "capability": "adequate",
...              "capacity": "good", "assessed_on": "2008-06-20"})
>>> o.need, o.grade, o.action_due
(Decimal('9.5'), 'amber', datetime.date(2008, 12, 20))

A register held as a pandas or Polars frame is scored whole with :meth:`Matrix.score_frame`.
"""

from __future__ import annotations

import gc
import os
import warnings
from typing import Any, Mapping

from . import _native
from ._native import Error, Outcome

__all__ = ["Crosswalk", "Error", "HeatMap", "Matrix", "Outcome", "RecomputedWarning", "Robustness",
           "vectors", "MAX_LISTED_FAULTS", "MAX_TEXT_CHARS"]


class RecomputedWarning(UserWarning):
    """A scored frame given back to :meth:`Matrix.score_frame` whose outcome columns differ from
    what its inputs give now (an input was edited after it was scored). Every outcome value was
    recomputed; the message counts the differences and names the first few records and fields."""


def __dir__() -> "list[str]":
    # The package's API, not the modules and helpers it uses.
    return sorted(__all__)

#: How many faults a refused file or frame lists (in the message and in ``Error.faults``).
MAX_LISTED_FAULTS: int = _native.MAX_LISTED_FAULTS

_NUMBERS = ("decimal", "str", "float")
#: The free-text fields of an assessment (the notes and ``confidence``); the outcome fields that
#: hold points; the flags.
_FREE_TEXT = tuple(_native.FREE_TEXT)
_NUMBERS_FIELDS = tuple(_native.DECIMAL_FIELDS)
_FLAGS = ("high_risk", "high_need")
#: The most characters a free-text field holds.
MAX_TEXT_CHARS: int = _native.MAX_TEXT_CHARS


class Matrix:
    """A validated, fingerprinted threat/risk/need matrix (SPEC §2).

    Made with :meth:`reference`, :meth:`from_path`, :meth:`from_json` or :meth:`from_toml`;
    a matrix that exists is valid. Two matrices are equal when their fingerprints are.
    """

    __slots__ = ("_native",)

    def __init__(self, native: Any) -> None:
        if not isinstance(native, _native.Matrix):
            raise TypeError(
                "make a Matrix with Matrix.reference(), Matrix.from_path(), "
                "Matrix.from_json() or Matrix.from_toml()"
            )
        self._native = native

    @staticmethod
    def reference() -> "Matrix":
        """The built-in reference matrix."""
        return Matrix(_native.Matrix.reference())

    @staticmethod
    def from_path(path: "str | os.PathLike[str]") -> "Matrix":
        """A matrix file (``.json`` or ``.toml``), validated; :class:`Error` when it is not."""
        return Matrix(_native.Matrix.from_path(os.fspath(path)))

    @staticmethod
    def from_json(text: str) -> "Matrix":
        """A matrix from JSON text, validated."""
        return Matrix(_native.Matrix.from_json(text))

    @staticmethod
    def from_toml(text: str) -> "Matrix":
        """A matrix from TOML text, validated."""
        return Matrix(_native.Matrix.from_toml(text))

    @property
    def id(self) -> str:
        """The matrix id (``reference``)."""
        return self._native.id

    @property
    def version(self) -> str:
        """The matrix version."""
        return self._native.version

    @property
    def label(self) -> str:
        """``id@version``."""
        return self._native.label

    @property
    def title(self) -> "str | None":
        """The title, when the matrix has one."""
        return self._native.title

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of the matrix's canonical JSON, in lower-case hex."""
        return self._native.fingerprint

    def to_json(self) -> str:
        """The matrix in canonical JSON."""
        return self._native.to_json()

    def lint(self) -> "list[dict[str, Any]]":
        """The known flaws of risk matrices found in this one, each a dict of ``code``,
        ``message``, ``cells`` (dicts of ``impact`` and ``probability``) and ``bands``. The
        reference matrix has none."""
        return self._native.lint()

    def score(self, assessment: Mapping[str, Any]) -> Outcome:
        """Scores one assessment, given as a dict of the fields of SPEC §3.

        Values are read as a register's cells are: ``weighting`` as a list of keys or ``;`` text,
        ``ameliorative`` as a dict of kind to points (or ``ameliorative.KIND`` keys), points as
        ``Decimal``, ``int`` or text (a ``float`` as its shortest decimal, so ``0.1 + 0.2`` is
        refused for its places rather than rounded), ``assessed_on`` as a ``date`` or
        ``YYYY-MM-DD``, ``None`` for an absent field. Raises :class:`Error` on a refusal.
        """
        if not isinstance(assessment, Mapping):
            raise TypeError(
                "score takes one assessment as a dict of its fields, not %s; a register frame "
                "goes to score_frame" % type(assessment).__name__
            )
        names: list[str] = []
        cells: list[list[Any]] = []
        for key, value in assessment.items():
            if key == "ameliorative" and isinstance(value, Mapping):
                for kind, points in value.items():
                    names.append("ameliorative." + str(kind))
                    cells.append([points])
            else:
                names.append(str(key))
                cells.append([value])
        return self._native._score_row(names, cells)

    def score_frame(self, frame: Any, *, numbers: str = "decimal",
                    crosswalk: "Crosswalk | None" = None) -> Any:
        """Scores a register held as a pandas or Polars DataFrame, whole or not at all.

        The frame has the register columns of SPEC §3, in any order: ``id``, ``area``,
        ``impact``, ``probability``, ``weighting`` (``;`` text or a list column),
        ``ameliorative.KIND`` for each kind given, ``capability``, ``capacity`` and the optional
        ones. A missing value (``None``, ``NaN``, ``pd.NA``, ``NaT``, a Polars null) is an
        absent field. The columns are handed over whole and scored by the crate's bulk scorer.

        Returns a frame of the same type, in priority order, with the columns of the crate's
        scored CSV: ``priority``, ``id``, ``area``; the inputs (``impact`` … ``confidence``, one
        ``ameliorative.KIND`` per kind of the matrix) as the input frame holds them, missing
        where it has no such column; the outcome of SPEC §3 (``risk`` … ``high_need``); then
        ``description``, ``standard``, ``action``, ``owner``, ``manager``. A scored frame is a
        register too: scored again, its outcome columns are recomputed, never trusted, and a
        :class:`RecomputedWarning` says which differ from what the inputs give now.

        ``numbers`` chooses how points come back:

        - ``"decimal"`` (the default): exact. Polars gets ``pl.Decimal`` columns, on which
          ``sort``, ``sum``, ``group_by``, ``filter`` and ``join`` work and stay exact; a column
          has one scale (the most places any of its values has), so ``2`` shows as ``2.50``'s
          neighbour ``2.00`` — a matter of display, not a loss. pandas gets ``decimal.Decimal``
          objects in canonical form.
        - ``"float"``: ``float64`` columns, for plotting and ``describe()``. A view for pictures,
          not for arithmetic one reports: ``0.1 + 0.2`` is not ``0.3`` in floats.
        - ``"str"``: canonical text, as the crate's CSV writes it.

        ``action_due`` is a date or missing.

        With ``crosswalk`` (a :class:`Crosswalk` whose second matrix is this one), the frame is
        a register of the crosswalk's first matrix: every record is translated (SPEC §14) and
        scored under this matrix, and the scored frame's inputs are the translated ones, so it
        is a register of this matrix.

        Raises :class:`Error` when any record is refused, listing the first 20 faults, each
        naming its record (its id, or ``#n`` counting rows from 1) and field; nothing is
        returned.
        """
        if numbers not in _NUMBERS:
            raise ValueError("numbers is 'decimal', 'float' or 'str', not %r" % (numbers,))
        if crosswalk is not None:
            if not isinstance(crosswalk, Crosswalk):
                raise TypeError("crosswalk is a needmatrix.Crosswalk, not %s"
                                % type(crosswalk).__name__)
            if crosswalk.to_matrix != self:
                raise ValueError(
                    "the crosswalk translates to %s, not to this matrix (%s): score with "
                    "crosswalk.to_matrix" % (crosswalk.to_matrix.label, self.label))
            frame = crosswalk.translate_frame(frame)
        kind = _frame_kind(frame)
        # A repeated column or too many rows is refused before any column is converted.
        self._native._check_frame([str(c) for c in frame.columns], len(frame))
        names, lists = _columns_of(frame, kind)
        # The lists made here hold millions of objects and no cycles: a collection of the
        # young generation part-way through would walk them all for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            fields, columns, ids, positions, recomputed = self._native._score_columns(
                names, lists, numbers == "str", os.cpu_count() or 1
            )
        finally:
            if collecting:
                gc.enable()
        if recomputed:
            warnings.warn(recomputed, RecomputedWarning, stacklevel=2)
        return _frame_of(kind, frame, self._native._scored_header(), fields, columns, ids,
                         positions, numbers=numbers)

    def heatmap(self, frame: Any) -> "HeatMap":
        """The heat map of a register frame (its impact × probability grid, each cell counted
        and coloured by the band its risk falls in), shown as SVG by Jupyter."""
        names, lists, _ = self._register_columns(frame)
        svg, total = self._native._heatmap_columns(names, lists)
        return HeatMap(svg, total)

    def robustness(self, frame: Any) -> "Robustness":
        """The one-notch test (SPEC §13) of a register frame: which grades and high-need calls
        rest on a single judgement call. Each assessment is scored again with one of impact,
        probability, capability or capacity moved one notch; an entry whose grade or high need
        would change is fragile.

        Returns a :class:`Robustness`: ``summary`` (a dict: ``entries``, ``fragile``,
        ``by_grade``, ``high_need``, ``high_need_fragile``), ``fragile`` (the fragile entries in
        priority order, each a dict with its ``changes``), ``changes`` (a frame of the input's
        library, one row per change: ``priority``, ``id``, ``grade``, ``high_need``, ``field``,
        ``to``, ``need`` as ``Decimal``, ``new_grade``, ``new_high_need``) and ``to_json()``.
        Raises :class:`Error` when the register is refused.
        """
        names, lists, kind = self._register_columns(frame)
        text, rows = self._native._robustness_columns(names, lists)
        return Robustness(text, rows, kind)

    def _register_columns(self, frame: Any) -> "tuple[list[str], list[Any], str]":
        """Every column of a register frame as a list (free text included, which only the scored
        frame takes from the input itself), after the frame's names and length are checked."""
        kind = _frame_kind(frame)
        self._native._check_frame([str(c) for c in frame.columns], len(frame))
        names, lists = _columns_of(frame, kind)
        lists = [list(frame[name]) if column is None else column
                 for name, column in zip(names, lists)]
        return names, lists, kind

    def __repr__(self) -> str:
        return repr(self._native)

    def __eq__(self, other: object) -> bool:
        # The native matrix compares by fingerprint, as it hashes.
        return isinstance(other, Matrix) and self._native == other._native

    def __hash__(self) -> int:
        return hash(self._native)


class Crosswalk:
    """A validated crosswalk from matrix A to a revision of it, B (SPEC §14): key by key, how an
    assessment of A reads under B. Made with :meth:`from_path` or :meth:`from_json`, each
    checking the file against both matrices (fingerprints, every key of A mapped, every value a
    key of B), or :meth:`identity`.

    >>> import needmatrix
    >>> m = needmatrix.Matrix.reference()
    >>> cw = needmatrix.Crosswalk.identity(m)
    >>> cw.from_matrix == m and cw.to_matrix == m
    True
    """

    __slots__ = ("_native",)

    def __init__(self, native: Any) -> None:
        if not isinstance(native, _native.Crosswalk):
            raise TypeError("make a Crosswalk with Crosswalk.from_path(), Crosswalk.from_json() "
                            "or Crosswalk.identity()")
        self._native = native

    @staticmethod
    def from_path(path: "str | os.PathLike[str]", to_matrix: Matrix,
                  from_matrix: "Matrix | None" = None) -> "Crosswalk":
        """A crosswalk file (``.json`` or ``.toml``) from ``from_matrix`` (by default the
        reference matrix) to ``to_matrix``; :class:`Error` with the code of SPEC §14 when it is
        refused, naming the map and key."""
        source = from_matrix if from_matrix is not None else Matrix.reference()
        return Crosswalk(_native.Crosswalk.from_path(os.fspath(path), source._native,
                                                     to_matrix._native))

    @staticmethod
    def from_json(text: str, to_matrix: Matrix,
                  from_matrix: "Matrix | None" = None) -> "Crosswalk":
        """A crosswalk from JSON text; as :meth:`from_path`."""
        source = from_matrix if from_matrix is not None else Matrix.reference()
        return Crosswalk(_native.Crosswalk.from_json(text, source._native, to_matrix._native))

    @staticmethod
    def identity(matrix: Matrix) -> "Crosswalk":
        """The crosswalk from ``matrix`` to itself: it changes no outcome."""
        return Crosswalk(_native.Crosswalk.identity(matrix._native))

    @property
    def from_matrix(self) -> Matrix:
        """Matrix A, which registers are translated from."""
        return Matrix(self._native.from_matrix)

    @property
    def to_matrix(self) -> Matrix:
        """Matrix B, which they are translated to and scored with."""
        return Matrix(self._native.to_matrix)

    def to_json(self) -> str:
        """The canonical crosswalk file, as JSON."""
        return self._native.to_json()

    def lint(self) -> "list[dict[str, Any]]":
        """``order_reversed`` warnings: a scale's map that is not monotone, each naming the
        scale and the two keys in ``levels`` (``impact.minor``)."""
        return self._native.lint()

    def translate_frame(self, frame: Any) -> Any:
        """A register frame of A translated to B, whole or not at all: a frame of the same kind
        with the register columns of B (every cell as text, as a register reads it)."""
        names, lists, kind = self.from_matrix._register_columns(frame)
        columns = self._native._translate_columns(names, lists)
        data = {name: cells for name, cells in columns}
        if kind == "pandas":
            import pandas as pd

            return pd.DataFrame(data, dtype=object)
        import polars as pl

        return pl.DataFrame(data, schema={name: pl.String for name in data})

    def __repr__(self) -> str:
        return "Crosswalk(%s → %s)" % (self.from_matrix.label, self.to_matrix.label)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Crosswalk) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())


class Robustness:
    """The one-notch test of a register (SPEC §13, ``needmatrix-robustness/1``)."""

    __slots__ = ("summary", "fragile", "changes", "_json")

    #: The columns of :attr:`changes`, as the crate's CSV view names them.
    COLUMNS = tuple(_native.ROBUSTNESS_COLUMNS)

    def __init__(self, text: str, rows: "list[tuple[Any, ...]]", kind: str) -> None:
        import decimal
        import json

        report = json.loads(text)
        self._json = text
        self.summary = report["summary"]
        self.fragile = report["fragile"]
        columns = {name: [row[i] for row in rows] for i, name in enumerate(self.COLUMNS)}
        columns["need"] = [decimal.Decimal(v) for v in columns["need"]]
        if kind == "pandas":
            import pandas as pd

            self.changes = pd.DataFrame(columns, columns=list(self.COLUMNS))
        else:
            import polars as pl

            self.changes = pl.DataFrame({
                "priority": pl.Series(columns["priority"], dtype=pl.UInt32),
                "id": pl.Series(columns["id"], dtype=pl.String),
                "grade": pl.Series(columns["grade"], dtype=pl.String),
                "high_need": pl.Series(columns["high_need"], dtype=pl.Boolean),
                "field": pl.Series(columns["field"], dtype=pl.String),
                "to": pl.Series(columns["to"], dtype=pl.String),
                "need": pl.Series(columns["need"], dtype=pl.Decimal(38, max(
                    (-v.as_tuple().exponent for v in columns["need"]), default=0))),
                "new_grade": pl.Series(columns["new_grade"], dtype=pl.String),
                "new_high_need": pl.Series(columns["new_high_need"], dtype=pl.Boolean),
            })

    def to_json(self) -> str:
        """The report as the crate writes it: SPEC §13's JSON."""
        return self._json

    def __repr__(self) -> str:
        return "Robustness(entries=%d, fragile=%d)" % (self.summary["entries"],
                                                       self.summary["fragile"])


class HeatMap:
    """The heat map of a register: its SVG, and how many assessments it counts."""

    __slots__ = ("svg", "total")

    def __init__(self, svg: str, total: int) -> None:
        self.svg = svg
        self.total = total

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path: "str | os.PathLike[str]") -> None:
        """Writes the SVG to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.svg)

    def __repr__(self) -> str:
        return "HeatMap(total=%d)" % self.total


def _frame_kind(frame: Any) -> str:
    module = type(frame).__module__
    # A DataFrame, not a Series (which has `iloc` too, and no columns).
    if type(frame).__name__ == "DataFrame":
        if module.startswith("polars") and hasattr(frame, "get_columns"):
            return "polars"
        if module.startswith("pandas") and hasattr(frame, "iloc"):
            return "pandas"
    raise TypeError(
        "score_frame and heatmap take a pandas or Polars DataFrame, not %s" % type(frame).__name__
    )


def _columns_of(frame: Any, kind: str) -> "tuple[list[str], list[Any]]":
    """The frame's column names and each column as a list of Python values (missing values as
    the frame library gives them: ``None``, ``NaN``, ``pd.NA``, ``NaT``), or ``None`` for a
    free-text column of Polars text within the length limit, which the scored frame takes from
    the input itself and the crate need not read."""
    names = [str(c) for c in frame.columns]
    if kind == "pandas":
        return names, [frame.iloc[:, i].tolist() for i in range(len(names))]
    import polars as pl

    lists: "list[Any]" = []
    for name, series in zip(names, frame.get_columns()):
        if (name in _FREE_TEXT and series.dtype == pl.String
                and (series.str.len_chars().max() or 0) <= MAX_TEXT_CHARS):
            lists.append(None)
        else:
            lists.append(series.to_list())
    return names, lists


def _frame_of(kind: str, frame: Any, header: "list[str]", fields: "list[str]",
              columns: "list[tuple[list[Any], bytes]]", ids: "list[Any]",
              positions: "list[int]", *, numbers: str) -> Any:
    """The scored frame, its columns in ``header``'s order: ``priority``; ``id``; the outcome
    fields (each sent as its distinct values and each row's position among them, expanded here
    by the frame library); every other column (the inputs and the notes) taken from the input
    frame in priority order, missing where the input has no such column."""
    n = len(positions)
    outcome = dict(zip(fields, columns))
    if kind == "pandas":
        import numpy as np
        import pandas as pd

        out: "dict[str, Any]" = {}
        for name in header:
            if name == "priority":
                out[name] = pd.Series(np.arange(1, n + 1, dtype="int64"))
            elif name == "id":
                out[name] = pd.Series(ids, dtype=object)
            elif name in outcome:
                values, codes = outcome[name]
                if name in _NUMBERS_FIELDS and numbers == "float":
                    values, dtype = [float(v) for v in values], "float64"
                else:
                    dtype = bool if name in _FLAGS else object
                out[name] = pd.Series(_expand(values, codes, dtype), copy=False)
            elif name in frame.columns:
                out[name] = frame[name].take(positions).reset_index(drop=True)
            else:
                out[name] = pd.Series([None] * n, dtype=object)
        return pd.DataFrame(out, copy=False)
    import polars as pl

    series = []
    for name in header:
        if name == "priority":
            series.append(pl.Series(name, range(1, n + 1), dtype=pl.UInt32))
        elif name == "id":
            series.append(pl.Series(name, ids, dtype=pl.String))
        elif name in outcome:
            values, codes = outcome[name]
            if name in _NUMBERS_FIELDS and numbers == "decimal":
                # Polars' own exact decimals, at the most places any value has: sums,
                # sorts and group-bys stay exact.
                places = max((-v.as_tuple().exponent for v in values), default=0)
                dtype: Any = pl.Decimal(38, max(places, 0))
            elif name in _NUMBERS_FIELDS and numbers == "float":
                values, dtype = [float(v) for v in values], pl.Float64
            elif name == "action_due":
                dtype = pl.Date
            elif name in _FLAGS:
                dtype = pl.Boolean
            else:
                dtype = pl.String
            table = pl.Series(name, values, dtype=dtype)
            series.append(table.gather(_indices(codes)) if len(table) else table.clear(n))
        elif name in frame.columns:
            series.append(frame[name].gather(positions))
        else:
            series.append(pl.Series(name, [None] * n, dtype=pl.String))
    return pl.DataFrame(series)


def _expand(values: "list[Any]", codes: bytes, dtype: Any) -> Any:
    """The values at each row's code, as a numpy array of ``dtype``."""
    import numpy as np

    table = np.empty(len(values), dtype=dtype)
    table[:] = values
    return table[np.frombuffer(codes, dtype="<u4")]


def _indices(codes: bytes) -> Any:
    """Little-endian ``u32`` positions as a Polars series, through numpy when it is there."""
    import polars as pl

    try:
        import numpy as np
    except ImportError:
        import array
        import sys

        values = array.array("I", codes)
        if sys.byteorder == "big":
            values.byteswap()
        return pl.Series(values.tolist(), dtype=pl.UInt32)
    return pl.Series(np.frombuffer(codes, dtype="<u4"))


from . import vectors  # noqa: E402  (the submodule uses Matrix)
