#!/usr/bin/env bash
# End to end: a register CSV of N rows with text columns and dates, scored from disk to a scored
# CSV in priority order (`action_due` included), whole process against whole process: the
# crate's `microanalysis --format csv`, pandas with numpy, and Polars. Installs numpy, pandas and
# polars into benches/peers/.venv on first use. Wall time and peak memory from /usr/bin/time.
#
#   bash benches/peers/end_to_end.sh [N]          # default 1 000 000
set -euo pipefail
# The comparison builds with this machine's full instruction set, as numpy and Polars dispatch
# to the machine's SIMD at run time: like for like. The crate itself ships no such flag (a binary
# built from the package runs on any x86-64); set RUSTFLAGS yourself to override.
export RUSTFLAGS="${RUSTFLAGS:--C target-cpu=native}"
cd "$(dirname "$0")/../.."
N=${1:-1000000}
VENV=benches/peers/.venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import numpy, pandas, polars" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check numpy pandas polars
fi
cargo build --quiet --release --example microanalysis
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$VENV/bin/python" benches/peers/end_to_end.py --write "$TMP/register.csv" --n "$N"
echo "register: $N rows, $(du -h "$TMP/register.csv" | cut -f1)"
/usr/bin/time -f "crate: whole process %e s (peak %M KB)" \
  ./target/release/examples/microanalysis "$TMP/register.csv" --format csv > "$TMP/scored.csv"
/usr/bin/time -f "pandas: whole process %e s (peak %M KB)" \
  "$VENV/bin/python" benches/peers/end_to_end.py --score "$TMP/register.csv" --out "$TMP/pandas.csv"
/usr/bin/time -f "polars: whole process %e s (peak %M KB)" \
  "$VENV/bin/python" benches/peers/end_to_end.py --polars "$TMP/register.csv" --out "$TMP/polars.csv"
# The three agree, row for row, on the order, the grade and the deadline (floats aside).
python3 - "$TMP" <<'PY'
import csv, sys
def columns(path):
    with open(path, newline="") as f:
        return [(row["id"], row["grade"], row["action_due"]) for row in csv.DictReader(f)]
tmp = sys.argv[1]
crate = columns(tmp + "/scored.csv")
for peer in ("pandas", "polars"):
    same = columns(tmp + "/" + peer + ".csv") == crate
    print("%s: every row's id, grade and action_due as the crate's: %s" % (peer, "yes" if same else "NO"))
PY
