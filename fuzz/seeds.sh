#!/usr/bin/env bash
# Rebuilds the committed, minimised seed corpus fuzz/seeds/TARGET/ of every target (or of the
# targets given): the repository's own inputs of the target's kind (tests/malformed/,
# tests/vectors/, the matrices and samples; see candidates.sh), cut by libFuzzer's merge to the
# fewest that reach the same coverage, beside the hand-written seeds already there (the args_*
# command lines, the columns samples). Installs cargo-fuzz when missing.
#
#   bash fuzz/seeds.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi
export RUSTC_BOOTSTRAP=1
source ./candidates.sh
targets=${*:-$(cargo fuzz list)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in $targets; do
  rm -rf "${work:?}/$t"
  candidates "$t" "$work/$t"
  mkdir -p "seeds/$t"
  if [ -n "$(ls -A "$work/$t")" ]; then
    cargo fuzz run --release "$t" "seeds/$t" "$work/$t" -- -merge=1 -max_len=65536 > "$work/$t.log" 2>&1 ||
      { tail -n 20 "$work/$t.log"; echo "seeds: $t failed"; exit 1; }
  fi
  echo "seeds/$t: $(ls "seeds/$t" | wc -l) files, $(du -sk "seeds/$t" | cut -f1) KB"
done
