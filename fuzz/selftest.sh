#!/usr/bin/env bash
# Proves that fuzz/run.sh fails when a target fails: stand-ins for libFuzzer that crash (exit
# status and artifact), leave only an artifact, or find nothing, each run through the script.
#
#   bash fuzz/selftest.sh
set -euo pipefail
cd "$(dirname "$0")"
target="selftest-$$"
work=$(mktemp -d)
trap 'rm -rf "$work" "artifacts/$target" "corpus/$target"' EXIT
stub() {
  cat > "$work/$1" <<STUB
#!/usr/bin/env bash
mkdir -p "artifacts/\$1"
$2
STUB
  chmod +x "$work/$1"
}
stub crashes 'echo "==1== ERROR: libFuzzer: deadly signal"; echo x > "artifacts/$1/crash-deadbeef"; exit 77'
stub leaves-oom 'echo x > "artifacts/$1/oom-cafe"; exit 0'
stub clean 'echo "Done 1 runs in 1 second(s)"; exit 0'
expect() {
  local runner=$1 want=$2 status=0
  rm -rf "artifacts/$target"
  NEEDMATRIX_FUZZ_RUNNER="$work/$runner" NEEDMATRIX_FUZZ_TARGETS="$target" bash run.sh 1 \
    > "$work/out" 2>&1 || status=$?
  if [ "$want" = fail ] && { [ "$status" -eq 0 ] || ! grep -q "fuzz $target failed" "$work/out"; }; then
    echo "selftest: run.sh passed a target whose runner $runner" >&2
    cat "$work/out" >&2
    exit 1
  fi
  if [ "$want" = pass ] && [ "$status" -ne 0 ]; then
    echo "selftest: run.sh failed a target whose runner found nothing" >&2
    cat "$work/out" >&2
    exit 1
  fi
}
expect crashes fail
expect leaves-oom fail
expect clean pass
echo "fuzz/run.sh fails on a crash and on an artifact, and passes a clean run"
