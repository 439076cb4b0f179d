#!/usr/bin/env python3
"""Checks what the docs say about the build against the build itself.

- The crate counts (README.md and docs/ARCHITECTURE.md) against `cargo tree`: crates compiled,
  `needmatrix` included, duplicates removed, for the core alone, the default features, all
  features, and the examples' build (default features and dev-dependencies).
- The README's feature table, the crate docs' feature list (src/lib.rs) and ARCHITECTURE's list
  of default features against Cargo.toml's `[features]`: the same features, each marked default
  exactly when it is.

Run from anywhere: `python3 tools/crate_counts.py` (CI runs it). Exit status 1 lists every
disagreement; `--print` only prints the counts.
"""

import pathlib
import re
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent

# (name in docs, cargo tree arguments)
BUILDS = [
    ("--no-default-features", ["--no-default-features", "-e", "normal,build"]),
    ("default features", ["-e", "normal,build"]),
    ("--all-features", ["--all-features", "-e", "normal,build"]),
    ("examples (default features, dev-dependencies)", ["-e", "normal,build,dev"]),
]


def count(args):
    out = subprocess.run(
        ["cargo", "tree", "-p", "needmatrix", "--prefix", "none", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    crates = set()
    for line in out.splitlines():
        line = line.replace(" (*)", "").replace(" (proc-macro)", "").strip()
        if line and not line.startswith("["):
            crates.add(line)
    return len(crates)


def main():
    counts = {name: count(args) for name, args in BUILDS}
    if "--print" in sys.argv:
        for name, n in counts.items():
            print(f"{n:4}  {name}")
        return 0
    faults = []

    # docs/ARCHITECTURE.md: the table `| build | crates |`.
    arch = (ROOT / "docs/ARCHITECTURE.md").read_text()
    table = dict(re.findall(r"^\| `?([^|`]+?)`? \| (\d+) \|$", arch, re.M))
    for name, n in counts.items():
        said = table.get(name)
        if said is None:
            faults.append(f"docs/ARCHITECTURE.md: no row `{name}` in the crate table")
        elif int(said) != n:
            faults.append(f"docs/ARCHITECTURE.md: `{name}` says {said} crates, cargo tree gives {n}")

    # README.md: "N crates compiled, `needmatrix` included (M with the default features)" and
    # "the first run of an example compiles K crates".
    readme = (ROOT / "README.md").read_text()
    said = re.search(r"(\d+)\s+crates\s+compiled,\s+`needmatrix`\s+included\s+\((\d+)\s+with\s+the\s+default\s+features\)", readme)
    if not said:
        faults.append("README.md: the sentence giving the core's and the default build's crate counts is gone")
    else:
        for got, name in zip(said.groups(), ["--no-default-features", "default features"]):
            if int(got) != counts[name]:
                faults.append(f"README.md: says {got} crates for {name}, cargo tree gives {counts[name]}")
    said = re.search(r"first\s+build\s+of\s+the\s+examples\s+compiles\s+(\d+)\s+crates", readme)
    name = BUILDS[3][0]
    if not said:
        faults.append("README.md: the sentence giving the examples' crate count is gone")
    elif int(said.group(1)) != counts[name]:
        faults.append(f"README.md: says {said.group(1)} crates for the examples, cargo tree gives {counts[name]}")

    # The README's feature table against Cargo.toml.
    manifest = tomllib.loads((ROOT / "Cargo.toml").read_text())
    features = manifest["features"]
    default = set(features.get("default", []))
    declared = {f for f in features if f != "default"}
    def check_list(where, listed):
        """`listed` maps each feature a doc names to whether it says the feature is default."""
        for f in sorted(declared - listed.keys()):
            faults.append(f"{where}: feature `{f}` of Cargo.toml is missing")
        for f in sorted(listed.keys() - declared):
            faults.append(f"{where}: names feature `{f}`, which Cargo.toml does not declare")
        for f in sorted(declared & listed.keys()):
            if listed[f] != (f in default):
                said = "default" if listed[f] else "not default"
                faults.append(f"{where}: says `{f}` is {said}, Cargo.toml does not")

    rows = re.findall(r"^\| `([a-z0-9_-]+)` \| (yes|no) \|", readme, re.M)
    check_list("README.md's feature table", {f: d == "yes" for f, d in rows})
    # ARCHITECTURE's sentence naming the default features.
    said = re.search(r"`default` is ((?:`[a-z0-9_-]+`(?:, |,\n| and |\.))+)", arch)
    listed = set(re.findall(r"`([a-z0-9_-]+)`", said.group(1))) if said else set()
    if listed != default:
        faults.append(f"docs/ARCHITECTURE.md: lists the default features as {sorted(listed)}, Cargo.toml has {sorted(default)}")

    # The crate docs (src/lib.rs): one bullet per feature, "(default)" exactly on the default ones.
    lib = (ROOT / "src/lib.rs").read_text()
    bullets = re.findall(r"^//! - `([a-z0-9_-]+)`( \(default\))?:", lib, re.M)
    check_list("src/lib.rs's feature list", {f: bool(d) for f, d in bullets})

    for fault in faults:
        print(fault, file=sys.stderr)
    if not faults:
        print("crate counts and feature tables agree with cargo tree and Cargo.toml: "
              + ", ".join(f"{n} ({name})" for name, n in counts.items()))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
