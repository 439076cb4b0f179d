#!/usr/bin/env python3
"""Checks that Cargo.toml's `rust-version` is at least every locked dependency's own.

No second toolchain can be installed where CI runs, so the declared MSRV is checked against the
dependencies' declarations instead: it may not be lower than the newest `rust-version` among the
packages `cargo metadata --locked` resolves (normal, build and dev dependencies alike).

    python3 tools/msrv.py
"""
import json
import subprocess
import sys


def version(text):
    """`1.88` and `1.88.0` are the same version: compare them as three numbers."""
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--all-features"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    root = meta["resolve"]["root"]
    ours = next(p for p in meta["packages"] if p["id"] == root)
    declared = ours.get("rust_version")
    if not declared:
        sys.exit("Cargo.toml declares no rust-version")
    needs = [
        (version(p["rust_version"]), p["name"], p["version"])
        for p in meta["packages"]
        if p["id"] != root and p.get("rust_version")
    ]
    newest = max(needs)
    if version(declared) < newest[0]:
        sys.exit(
            f"rust-version {declared} is older than {newest[1]} {newest[2]} needs "
            f"({'.'.join(map(str, newest[0]))})"
        )
    print(f"rust-version {declared}: covers every locked dependency (newest need: "
          f"{newest[1]} {newest[2]}, {'.'.join(map(str, newest[0]))})")


if __name__ == "__main__":
    main()
