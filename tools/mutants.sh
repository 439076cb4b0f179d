#!/usr/bin/env bash
# Mutation testing of what changed: runs cargo-mutants on the library lines changed since BASE
# (a commit, branch or tag), against the whole test suite with every feature, and prints what it
# missed. Installs cargo-mutants first when it is not on the PATH.
#
#   bash tools/mutants.sh BASE                          # e.g. bash tools/mutants.sh origin/main
#   bash tools/mutants.sh BASE -- --lib --test=review    # only these test targets, built and run
#
# MUTANTS_JOBS (default 1) runs that many mutants at once, each in its own copy of the tree;
# MUTANTS_TIMEOUT (default 300) is the seconds one test run may take before it counts as a
# timeout (a mutant that loops). Results land in mutants.out/ (outcomes.json, missed.txt,
# caught.txt, timeout.txt, unviable.txt). How long it takes: one build and one run of the
# suite per mutant, about 1 to 3 minutes each on two cores, so a change of 50 mutants is one
# to two hours; narrow the tests after `--` to go faster (say which in docs/MUTATION.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ "$1" = "--" ]; then
  echo "usage: bash tools/mutants.sh BASE [-- CARGO_TEST_ARGS...]" >&2
  exit 2
fi
BASE=$1
shift
if [ "${1:-}" = "--" ]; then
  shift
fi
if ! cargo mutants --version > /dev/null 2>&1; then
  echo "installing cargo-mutants (cargo install --locked cargo-mutants)" >&2
  cargo install --locked cargo-mutants
fi
diff_file=$(mktemp)
trap 'rm -f "$diff_file"' EXIT
# The library's own source only: tests, examples, benches and tools are not mutated.
git diff "$BASE" -- src > "$diff_file"
if [ ! -s "$diff_file" ]; then
  echo "no change to src/ since $BASE: nothing to mutate"
  exit 0
fi
echo "mutating the lines of src/ changed since $BASE ($(grep -c '^+[^+]' "$diff_file") added or changed lines)"
# Each extra argument goes to every cargo invocation (the build and the test run alike).
cargo_args=()
for arg in "$@"; do
  cargo_args+=(--cargo-arg "$arg")
done
status=0
cargo mutants --package needmatrix --in-diff "$diff_file" --all-features \
  --jobs "${MUTANTS_JOBS:-1}" --timeout "${MUTANTS_TIMEOUT:-300}" "${cargo_args[@]}" || status=$?
# cargo-mutants exits 2 when a mutant was missed, 3 on a timeout: report, then pass it on.
for kind in missed timeout; do
  if [ -s "mutants.out/$kind.txt" ]; then
    echo "== $kind:"
    cat "mutants.out/$kind.txt"
  fi
done
exit "$status"
