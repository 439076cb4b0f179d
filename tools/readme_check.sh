#!/usr/bin/env bash
# The README's API example, pasted into a fresh project that depends only on needmatrix, compiles
# and runs. (The README's doc test cannot show this: doc tests see every dependency of the crate.)
#
#   bash tools/readme_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/src"
cat > "$dir/Cargo.toml" <<TOML
[package]
name = "readme-example"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
needmatrix = { path = "$root" }
TOML
cp Cargo.lock "$dir/Cargo.lock"
# The first rust block after "## The API in brief", its hidden `# ` lines shown, as a main.
python3 - "$dir/src/main.rs" <<'PY'
import re, sys
text = open("README.md").read()
section = text[text.index("## The API in brief"):]
block = re.search(r"```rust\n(.*?)```", section, re.S).group(1)
lines = []
for line in block.splitlines():
    if line.startswith("# "):
        line = line[2:]
    lines.append("    " + line)
body = "\n".join(lines)
body = body.replace("    Ok::<(), Box<dyn std::error::Error>>(())", "    Ok(())")
open(sys.argv[1], "w").write(
    "fn main() -> Result<(), Box<dyn std::error::Error>> {\n" + body + "\n}\n"
)
PY
CARGO_TARGET_DIR="$root/target/readme" cargo run --quiet --manifest-path "$dir/Cargo.toml" > /dev/null
echo "the README's API example compiles and runs in a fresh project"
