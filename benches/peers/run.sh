#!/usr/bin/env bash
# Runs the crate's bulk scorer and its peers (numpy float64, Python decimal) on the same SPEC §8
# workload, one after the other on this machine, and prints the ratios.
#
#   bash benches/peers/run.sh [N] [SEED]
#
# Installs numpy into benches/peers/.venv on first use. Only scoring is timed, in every engine.
set -euo pipefail
# The comparison builds with this machine's full instruction set, as numpy dispatches to the
# machine's SIMD at run time: like for like. The crate itself ships no such flag (a binary built
# from the package runs on any x86-64); set RUSTFLAGS yourself to override.
export RUSTFLAGS="${RUSTFLAGS:--C target-cpu=native}"
cd "$(dirname "$0")/../.."
N=${1:-1000000}
SEED=${2:-2008}
VENV=benches/peers/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check numpy
fi
cargo build --quiet --release --example bulk

crate_out=$(./target/release/examples/bulk --n "$N" --seed "$SEED")
peers_out=$("$VENV/bin/python" benches/peers/peers.py --n "$N" --seed "$SEED")
echo "crate: $(echo "$crate_out" | head -1)"
echo "crate: $(echo "$crate_out" | tail -1)"
echo "$peers_out"

rate() { sed -n 's/.*(\([0-9.]*\) entries\/s).*/\1/p' | head -1; }
crate_rate=$(echo "$crate_out" | rate)
numpy_rate=$(echo "$peers_out" | grep '^numpy: scored' | rate)
decimal_rate=$(echo "$peers_out" | grep '^decimal: scored' | rate)
crate_sum=$(echo "$crate_out" | tail -1)
numpy_sum=$(echo "$peers_out" | grep '^numpy: checksum' | sed 's/^numpy: //')
python3 - "$crate_rate" "$numpy_rate" "$decimal_rate" <<'PY'
import sys
c, n, d = (float(v) for v in sys.argv[1:])
print("ratio crate/numpy_float64 = %.1fx (target 5x)" % (c / n))
print("ratio crate/python_decimal = %.0fx (target 200x)" % (c / d))
PY
if [ "$crate_sum" = "$numpy_sum" ]; then
  echo "checksums: crate and numpy agree"
else
  echo "checksums: crate and numpy differ (float64 rounding): see the lines above"
fi
