#!/usr/bin/env bash
# End to end: a 1 000 000-row CSV register scored from disk to a scored CSV, by the crate's
# `microanalysis --format csv` and by pandas with the numpy pipeline. Installs numpy and pandas
# into benches/peers/.venv on first use.
#
#   bash benches/peers/end_to_end.sh [N]
set -euo pipefail
# The comparison builds with this machine's full instruction set, as numpy dispatches to the
# machine's SIMD at run time: like for like. The crate itself ships no such flag (a binary built
# from the package runs on any x86-64); set RUSTFLAGS yourself to override.
export RUSTFLAGS="${RUSTFLAGS:--C target-cpu=native}"
cd "$(dirname "$0")/../.."
N=${1:-1000000}
VENV=benches/peers/.venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import numpy, pandas" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check numpy pandas
fi
cargo build --quiet --release --example microanalysis
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$VENV/bin/python" benches/peers/end_to_end.py --write "$TMP/register.csv" --n "$N"
/usr/bin/time -f "crate: read, scored, sorted and wrote $N rows in %e s (peak %M KB)" \
  ./target/release/examples/microanalysis "$TMP/register.csv" --format csv > "$TMP/scored.csv"
/usr/bin/time -f "pandas: whole process %e s (peak %M KB)" \
  "$VENV/bin/python" benches/peers/end_to_end.py --score "$TMP/register.csv" --out "$TMP/pandas.csv"
