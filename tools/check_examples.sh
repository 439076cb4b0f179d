#!/usr/bin/env bash
# Every example on its embedded default, its output checked for content (not just its exit
# status): the JSON parses and holds what the samples hold, the bulk checksum of the SPEC §8
# workload is the pinned one, the published vectors all pass.
#
#   bash tools/check_examples.sh
set -euo pipefail
trap 'echo "check_examples: the check on line $LINENO failed" >&2' ERR
cd "$(dirname "$0")/.."
cargo build --quiet --release --examples
bin=${CARGO_TARGET_DIR:-target}/release/examples
check() { python3 -c "import json, sys; d = json.load(sys.stdin); $1" || { echo "check failed: $2" >&2; exit 1; }; }

"$bin/microanalysis" | grep -q "^50 assessments, 10 high need$"
"$bin/microanalysis" --format json | check "assert len(d['outcomes']) == 50 and d['summary']['overall']['count'] == 50 and d['fingerprint'].startswith('3a2688ba')" "microanalysis --format json"
"$bin/microanalysis" --format csv | python3 -c "import csv, sys; rows = list(csv.reader(sys.stdin)); assert rows[0][:2] == ['priority', 'id'] and len(rows) >= 51, len(rows)"
"$bin/microanalysis" --help | grep -q "^usage: microanalysis"
test "$("$bin/conformance" | tail -n 1)" = "1706 passed, 0 failed"
test "$("$bin/lint_matrix")" = "reference@1.0.0: clean, no warnings"
# The worked crosswalk (SPEC §14): clean, and the sample scored under the revision.
cw=examples/data/crosswalk
test "$("$bin/lint_matrix" --crosswalk $cw/reference-to-national-2.0.0.json src/matrix/reference.json $cw/national-2.0.0.json)" = "crosswalk reference@1.0.0 → national@2.0.0: clean, no warnings"
"$bin/microanalysis" --crosswalk $cw/reference-to-national-2.0.0.toml --matrix $cw/national-2.0.0.json --format json | check "assert len(d['outcomes']) == 50 and d['matrix'] == 'national@2.0.0' and d['outcomes'][0]['id'] == 'CA-01'" "microanalysis --crosswalk"
"$bin/national_picture" | grep -q "^National picture: 6 forces, 92 assessments, 17 high need"
"$bin/national_picture" --format json | check "assert len(d['forces']) == 6 and d['national']['overall']['count'] == 92" "national_picture --format json"
"$bin/national_review" | grep -q "^# National planning review (43 forces)"
"$bin/national_review" --format json | check "assert d['summary']['forces'] == 43 and d['format'] == 'needmatrix-review/1' and d['tables']['element_provision']['rows'][4]['values'] == [84, 91, 91, 74, 67, 72, 53, 76]" "national_review --format json"
"$bin/national_review" | grep -q "^## Partners by shared need"
"$bin/national_review" | grep -q "^## Objective markers"
"$bin/action_plan" | grep -q "OVERDUE\|HIGH NEED"
"$bin/action_plan" --format json | check "assert list(d) == ['matrix', 'fingerprint', 'as_of', 'plan', 'review_overdue', 'assessed_after_as_of', 'budget', 'progress'] and len(d['plan']) == 44 and d['progress'] is not None and d['as_of'] == '2010-03-31' and len(d['review_overdue']) == 19 and d['assessed_after_as_of'] == [] and d['budget']['spent'] == '150000' and {u['reason'] for u in d['budget']['unfunded']} == {'unaffordable', 'uncosted', 'no_option'} and d['progress']['deadlines'] == {'met': 2, 'late': 5, 'missed': 37, 'pending': 0, 'unknown': 0} and all(float(f.get('add', '0.5')) % 0.5 == 0 for f in d['budget']['funded'])" "action_plan --format json (tests/plans/wealdshire-default-step.json holds the independent model's figures)"
# The SPEC §8 checksum any engine must reproduce (tests/bulk.rs pins the same figure).
test "$("$bin/bulk" --n 100000 --seed 2008 | tail -n 1)" = \
  "checksum need_sum=604327.75 red=25239 amber=20724 green=19427 none=34610 high_need=7830"
echo "every example's output checked"
