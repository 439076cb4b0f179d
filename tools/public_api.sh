#!/usr/bin/env bash
# The public API snapshot: lists every public item of the crate (all features) and diffs the list
# with docs/public-api.txt. CI runs it; a change to the public API must come with a changed
# snapshot, so it is always a visible decision.
#
#   bash tools/public_api.sh          # check
#   bash tools/public_api.sh --bless  # accept the current API
#
# rustdoc's JSON output is unstable: with no nightly toolchain to hand, RUSTC_BOOTSTRAP=1 lets the
# stable rustdoc write it. Its format may change with the toolchain; the listing does not depend
# on the details the script does not read.
set -euo pipefail
cd "$(dirname "$0")/.."
RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Z unstable-options --output-format json" \
  cargo doc -p needmatrix --quiet --lib --no-deps --all-features --target-dir target/public-api
json=target/public-api/doc/needmatrix.json
# Every public type, enum and module shows how it is used.
python3 tools/public_api.py --missing-examples "$json"
listing=$(python3 tools/public_api.py "$json")
if [ "${1:-}" = "--bless" ]; then
  printf '%s\n' "$listing" > docs/public-api.txt
  echo "docs/public-api.txt: $(wc -l < docs/public-api.txt) items"
  exit 0
fi
if ! diff -u docs/public-api.txt <(printf '%s\n' "$listing"); then
  echo "The public API changed (diff above). If that is intended, run: bash tools/public_api.sh --bless" >&2
  exit 1
fi
echo "public API unchanged ($(wc -l < docs/public-api.txt) items)"
