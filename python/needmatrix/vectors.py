"""Conformance vectors (``needmatrix-vectors/1``, SPEC §4), for vendors checking their engines.

:func:`run` checks the crate against published vector files (or checks that a vendor's file
agrees with it); :func:`emit` writes the crate's own outcomes for a vendor's matrix as a vector
file, for the vendor's engine to be checked against.

>>> import needmatrix, tempfile, os
>>> text = needmatrix.vectors.emit(
...     [{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely",
...       "capability": "none", "capacity": "none"}])
>>> with tempfile.TemporaryDirectory() as d:
...     path = os.path.join(d, "mine.json")
...     with open(path, "w") as f:
...         _ = f.write(text)
...     needmatrix.vectors.run(path)["passed"]
1
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
from typing import Any, Iterable, Mapping, Union

from . import _native

__all__ = ["run", "emit"]


def run(path: "str | os.PathLike[str]") -> "dict[str, Any]":
    """Runs the vector file at ``path``, or every ``.json`` file under a folder.

    Returns a dict: ``passed`` and ``failed`` (cases, over all files) and ``files``, one dict per
    file with its ``file``, ``passed``, ``failed``, ``unreadable`` (why the file could not be
    read, or ``None``) and ``failures`` (each ``case``, ``field``, ``expected``, ``actual`` and
    ``message``). Raises :class:`needmatrix.Error` when ``path`` cannot be walked.
    """
    files = _native._run_vectors(os.fspath(path))
    return {
        "passed": sum(f["passed"] for f in files),
        "failed": sum(f["failed"] for f in files),
        "unreadable": sum(1 for f in files if f["unreadable"] is not None),
        "files": files,
    }


def emit(
    inputs: "Union[Iterable[Mapping[str, Any]], str, os.PathLike[str]]",
    matrix: Any = None,
    *,
    description: "str | None" = None,
    path: "str | os.PathLike[str] | None" = None,
) -> str:
    """A vector file whose expectations are the crate's outcomes for ``inputs`` over ``matrix``
    (the reference matrix by default), as JSON text; also written to ``path`` when given.

    ``inputs`` are assessment dicts (written as JSON: ``Decimal`` as text, dates as
    ``YYYY-MM-DD``; a ``float`` stays a JSON number, which SPEC §3 refuses, so it becomes an
    ``expect_error`` case), or the path of an inputs file (a JSON array, or JSON Lines for
    ``.jsonl``), read as written. An input the crate refuses becomes an ``expect_error`` case.
    """
    from . import Matrix

    matrix = Matrix.reference() if matrix is None else matrix
    if not isinstance(matrix, Matrix):
        raise TypeError("matrix is a needmatrix.Matrix")
    if isinstance(inputs, (str, os.PathLike)):
        text = _native._emit_vectors_path(matrix._native, os.fspath(inputs), description)
    else:
        texts = []
        for n, i in enumerate(inputs):
            if not isinstance(i, Mapping):
                raise TypeError(
                    "emit takes assessment dicts (or the path of an inputs file); input %d is %s"
                    % (n + 1, type(i).__name__)
                )
            texts.append(json.dumps(dict(i), default=_jsonable, ensure_ascii=False))
        text = _native._emit_vectors(matrix._native, texts, description)
    if path is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return text


def _jsonable(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError("%s is not a JSON value" % type(value).__name__)
