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
# From inside the environment, so `import needmatrix` finds the installed package, not the
# source folder beside the tests (which has no compiled module).
here=$(pwd)
installed=$(cd "$VENV" && "$VENV/bin/python" -c 'import needmatrix, os; print(os.path.dirname(needmatrix.__file__))')
case "$installed" in
  "$here"/*) echo "python: the tests would import the source folder, not the installed package" >&2; exit 1 ;;
esac
(cd "$VENV" && "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$here/tests")
(cd "$VENV" && "$VENV/bin/python" -m pytest -q -p no:cacheprovider --doctest-modules "$installed")
(cd "$VENV" && "$VENV/bin/python" "$here/examples/score_register.py" > /dev/null)
echo "python: tests, doctests and the example passed"
