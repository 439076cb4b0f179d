"""Fixtures: the crate's own scored CSV of a register file, written by the crate's
`microanalysis` example, to compare the package's frames with."""

import csv
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "data"


@pytest.fixture(scope="session")
def crate_csv():
    """A function: register file (and more flags) → the crate's scored CSV rows (dicts), in
    priority order."""
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.fail("cargo is needed to compare with the crate's own output")
    subprocess.run([cargo, "build", "--quiet", "--release", "--example", "microanalysis"],
                   cwd=ROOT, check=True)
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    example = target / "release" / "examples" / "microanalysis"

    def scored(path, *flags):
        out = subprocess.run([str(example), str(path), "--format", "csv", *map(str, flags)],
                             cwd=ROOT, check=True, capture_output=True, text=True).stdout
        return list(csv.DictReader(out.splitlines()))

    return scored
