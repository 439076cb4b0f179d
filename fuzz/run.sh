#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30). Installs cargo-fuzz when missing. A crash,
# leak, OOM or timeout stops the run with a non-zero status, naming the target and the artifact
# left under fuzz/artifacts/TARGET/; turn it into a regression test before fixing it.
#
#   bash fuzz/run.sh [SECONDS]
#
# For the self-test (fuzz/selftest.sh): NEEDMATRIX_FUZZ_RUNNER names a command run as
# `RUNNER TARGET CORPUS` in place of `cargo fuzz run`, and NEEDMATRIX_FUZZ_TARGETS the targets.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-30}
RUNNER=${NEEDMATRIX_FUZZ_RUNNER:-}
targets=""
if [ -z "$RUNNER" ]; then
  if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
  fi
  # The toolchain here is stable: let cargo-fuzz use its nightly-only flags (sanitizer coverage).
  export RUSTC_BOOTSTRAP=1
  targets=$(cargo fuzz list)
  cargo fuzz build --release $targets >/dev/null 2>&1 || cargo fuzz build --release
fi
targets=${NEEDMATRIX_FUZZ_TARGETS:-$targets}
# candidates TARGET DIR: the repository's own inputs of the target's kind.
source ./candidates.sh
# Each run starts from the corpus it has built so far, seeded with the committed, minimised seeds
# of fuzz/seeds/TARGET/ and the repository's own inputs of the target's kind, so fuzzing begins
# where the hand-made cases and the longer runs ended.
seed() {
  local target=$1 dir="corpus/$1"
  mkdir -p "$dir"
  if [ -d "seeds/$target" ]; then
    cp -n "seeds/$target"/* "$dir"/ 2>/dev/null || true
  fi
  candidates "$target" "$dir"
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in $targets; do
  seed "$t"
  echo "== fuzz $t for ${SECONDS_EACH}s"
  # libFuzzer's own exit status decides: a crash, leak, OOM or timeout is non-zero.
  status=0
  if [ -n "$RUNNER" ]; then
    "$RUNNER" "$t" "corpus/$t" > "$log" 2>&1 || status=$?
  else
    # register_xlsx and register_xlsx_structured write workbooks, which rust_xlsxwriter assembles on scoped threads: a thread
    # that has handed back its result may still be running its thread-local destructors when
    # libFuzzer checks the input for leaks, and LeakSanitizer then reports a small leak that no
    # run of the input alone reproduces (32 bytes, once in ten minutes; docs/FUZZING.md). Leaks
    # are not looked for there; crashes, OOMs and timeouts are.
    leaks=1
    case "$t" in register_xlsx | register_xlsx_structured) leaks=0 ;; esac
    # A hang is reported after 30 s on one input, not after libFuzzer's default 1 200 s.
    cargo fuzz run --release "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=65536 \
      -timeout=30 -detect_leaks="$leaks" > "$log" 2>&1 || status=$?
  fi
  grep -E "^(#[0-9]+\s+DONE|Done|==|SUMMARY|INFO: -max_total_time)" "$log" || true
  found=""
  for kind in crash oom timeout leak; do
    for artifact in "artifacts/$t/$kind"-*; do
      if [ -e "$artifact" ]; then
        found="$found fuzz/$artifact"
      fi
    done
  done
  if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    tail -n 40 "$log"
    echo "fuzz $t failed (exit status $status;${found:- no artifact})"
    exit 1
  fi
done
echo "fuzzing found nothing"
