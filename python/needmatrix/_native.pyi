"""Type stubs of the extension module behind ``needmatrix`` (use the package, not this module)."""

import datetime
from decimal import Decimal
from typing import Optional, TypedDict, Union

# One cell of a frame column as handed over: text, a number, a flag, a date, or missing.
Cell = Union[str, int, float, Decimal, bool, datetime.date, None]
# One value of a scored column as handed back: numbers as `Decimal` (or canonical text when
# asked), bands and grades as text, flags, dates, or missing.
Value = Union[str, Decimal, bool, datetime.date, None]

MAX_LISTED_FAULTS: int
MAX_TEXT_CHARS: int
MAX_REGISTER_ROWS: int
ROBUSTNESS_COLUMNS: list[str]
NOTES: list[str]
FREE_TEXT: list[str]
DECIMAL_FIELDS: list[str]

class Fault(TypedDict):
    """One fault of a refused file or frame."""

    code: str
    message: str
    file: Optional[str]
    line: Optional[int]
    record: Optional[str]
    field: Optional[str]

class Error(Exception):
    """A refusal: its stable SPEC code and where it was (``None`` where it does not apply)."""

    code: str
    file: Optional[str]
    line: Optional[int]
    record: Optional[str]
    field: Optional[str]
    faults: list[Fault]

class Outcome:
    """One scored assessment (SPEC §3): exact numbers as ``Decimal``."""

    @property
    def id(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def risk(self) -> Decimal: ...
    @property
    def comparator(self) -> Decimal: ...
    @property
    def mitigation(self) -> Decimal: ...
    @property
    def threat(self) -> Decimal: ...
    @property
    def ability(self) -> Decimal: ...
    @property
    def gap(self) -> Decimal: ...
    @property
    def need(self) -> Decimal: ...
    @property
    def surplus(self) -> Decimal: ...
    @property
    def threat_band(self) -> str: ...
    @property
    def need_band(self) -> str: ...
    @property
    def grade(self) -> Optional[str]: ...
    @property
    def action_due(self) -> Optional[datetime.date]: ...
    @property
    def high_risk(self) -> bool: ...
    @property
    def high_need(self) -> bool: ...
    @property
    def matrix(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    def explain(self) -> str:
        """The explanation, one line per step."""
    def to_dict(self) -> dict[str, Value]:
        """Every outcome field by its SPEC name, numbers as ``Decimal``."""

class LintCell(TypedDict):
    impact: str
    probability: str

class LintWarning(TypedDict):
    code: str
    message: str
    cells: list[LintCell]
    bands: list[str]
    levels: list[str]

class Crosswalk:
    @staticmethod
    def from_path(path: str, from_matrix: Matrix, to_matrix: Matrix) -> Crosswalk: ...
    @staticmethod
    def from_json(text: str, from_matrix: Matrix, to_matrix: Matrix) -> Crosswalk: ...
    @staticmethod
    def identity(matrix: Matrix) -> Crosswalk: ...
    @property
    def from_matrix(self) -> Matrix: ...
    @property
    def to_matrix(self) -> Matrix: ...
    def to_json(self) -> str: ...
    def lint(self) -> list[LintWarning]: ...
    def _translate_columns(
        self, names: list[str], columns: list[list[Cell]]
    ) -> list[tuple[str, list[Optional[str]]]]:
        """The frame's register of the first matrix translated whole: the register columns of
        the second matrix, each a list of text cells (``None`` for an absent field)."""

class Matrix:
    @staticmethod
    def reference() -> Matrix: ...
    @staticmethod
    def from_path(path: str) -> Matrix: ...
    @staticmethod
    def from_json(text: str) -> Matrix: ...
    @staticmethod
    def from_toml(text: str) -> Matrix: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def fingerprint(self) -> str: ...
    def to_json(self) -> str: ...
    def lint(self) -> list[LintWarning]: ...
    def _score_row(self, names: list[str], columns: list[list[Cell]]) -> Outcome: ...
    def _score_columns(
        self,
        names: list[str],
        columns: list[Optional[list[Cell]]],
        numbers_as_text: bool,
        threads: int,
    ) -> tuple[
        list[str],
        list[tuple[list[Value], bytes]],
        list[Cell],
        list[int],
        Optional[str],
    ]:
        """``(fields, columns, ids, positions, recomputed)`` in priority order: each outcome
        field's distinct values and its rows' little-endian ``u32`` codes; the ids as given; each
        scored row's position in the input; what was recomputed, for a scored frame given back
        whose derived columns differ (else ``None``)."""
    def _scored_header(self) -> list[str]:
        """The columns of a scored register of this matrix, in the scored CSV's order."""
    def _heatmap_columns(self, names: list[str], columns: list[list[Cell]]) -> tuple[str, int]: ...
    def _check_frame(self, names: list[str], rows: int) -> None: ...
    def _robustness_columns(
        self, names: list[str], columns: list[list[Cell]]
    ) -> tuple[
        str,
        list[
            tuple[int, str, Optional[str], bool, str, str, str, Optional[str], bool]
        ],
    ]:
        """The one-notch report's JSON, and one row per change in ``ROBUSTNESS_COLUMNS``'s
        order."""

class VectorFailure(TypedDict):
    case: str
    field: str
    expected: str
    actual: str
    message: str

class VectorFileReport(TypedDict):
    file: str
    passed: int
    failed: int
    unreadable: Optional[str]
    failures: list[VectorFailure]

def _run_vectors(path: str) -> list[VectorFileReport]: ...
def _emit_vectors(matrix: Matrix, inputs: list[str], description: Optional[str] = None) -> str: ...
def _emit_vectors_path(matrix: Matrix, path: str, description: Optional[str] = None) -> str: ...
