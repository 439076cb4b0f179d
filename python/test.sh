#!/usr/bin/env bash
# Builds the Python package into a fresh virtual environment and runs its tests, its doctests
# and its example script. Installs maturin, pandas, polars and pytest from the package index.
#
#   bash python/test.sh
#
# NEEDMATRIX_PY_VENV names the environment (default: a new temporary folder, removed after).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
if [ -n "${NEEDMATRIX_PY_VENV:-}" ]; then
  VENV=$NEEDMATRIX_PY_VENV
else
  VENV=$(mktemp -d)
  trap 'rm -rf "$VENV"' EXIT
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.7,<2" pandas polars pytest
# The package as a user gets it: built from its source by pip, through maturin.
# pip runs maturin from the environment it installs into.
export PATH="$VENV/bin:$PATH"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-build-isolation .
"$VENV/bin/python" -m pytest -q tests
"$VENV/bin/python" -m pytest -q --doctest-modules "$("$VENV/bin/python" -c 'import needmatrix, os; print(os.path.dirname(needmatrix.__file__))')" -p no:cacheprovider
"$VENV/bin/python" examples/score_register.py > /dev/null
echo "python: tests, doctests and the example passed"
