# Sourced by fuzz/run.sh and fuzz/seeds.sh (from the fuzz folder).
# The repository's own inputs of a target's kind (awkward and broken files, published matrices
# and vectors, the samples), copied into a folder: what fuzz/seeds.sh cuts down to the committed
# seeds, and what each run adds to its corpus.
candidates() {
  local target=$1 dir=$2
  mkdir -p "$dir"
  case "$target" in
    register_csv|review_csv|stream|columns) cp -n ../tests/malformed/*.csv "$dir"/ 2>/dev/null || true ;;
    register_json|assessment_json) cp -n ../tests/malformed/*.json "$dir"/ 2>/dev/null || true ;;
    register_jsonl) cp -n ../tests/malformed/*.jsonl "$dir"/ 2>/dev/null || true ;;
    matrix_toml) cp -n ../tests/malformed/*.toml ../examples/data/matrix.toml "$dir"/ 2>/dev/null || true ;;
    matrix_json) cp -n ../tests/vectors/matrices/*.json ../src/matrix/reference.json "$dir"/ 2>/dev/null || true ;;
    register_xlsx) cp -n ../examples/data/register-template.xlsx "$dir"/ 2>/dev/null || true ;;
    plan_csv) printf '%s\0%s\0%s' "$(cat ../examples/data/wealdshire_register_2009.csv)" "$(cat ../examples/data/wealdshire_costs.csv)" 150000 > "$dir/sample" ;;
    vectors) cp -n ../tests/vectors/*.json "$dir"/ 2>/dev/null || true ;;
    crosswalk) cp -n ../examples/data/crosswalk/reference-to-* "$dir"/ 2>/dev/null || true ;;
  esac
}
