"""Type stubs of the extension module behind ``needmatrix`` (use the package, not this module)."""

import datetime
from decimal import Decimal
from typing import Any, Optional, TypedDict

MAX_LISTED_FAULTS: int
MAX_TEXT_CHARS: int
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
    def to_dict(self) -> dict[str, Any]:
        """Every outcome field by its SPEC name, numbers as ``Decimal``."""

class LintCell(TypedDict):
    impact: str
    probability: str

class LintWarning(TypedDict):
    code: str
    message: str
    cells: list[LintCell]
    bands: list[str]

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
    def _score_row(self, names: list[str], columns: list[list[Any]]) -> Outcome: ...
    def _score_columns(
        self,
        names: list[str],
        columns: list[Optional[list[Any]]],
        numbers_as_text: bool,
        threads: int,
    ) -> tuple[list[str], list[tuple[list[Any], bytes]], list[Any], list[int]]: ...
    def _heatmap_columns(self, names: list[str], columns: list[list[Any]]) -> tuple[str, int]: ...
    def _check_frame(self, names: list[str], rows: int) -> None: ...
    def _robustness_columns(self, names: list[str], columns: list[list[Any]]) -> tuple[str, list[tuple[Any, ...]]]: ...

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
