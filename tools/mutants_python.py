#!/usr/bin/env python3
"""Mutation testing of the Python bindings (python/src).

cargo-mutants lists the mutants of the bindings and writes each one's diff, but it cannot run
their tests: they are Python's. This script does the rest. For each mutant it applies the diff
in a scratch copy of the tree, builds the extension (a debug build), places it beside the
package's pure-Python files in a virtual environment, and runs python/tests and the package's
doctests; a mutant is caught when they fail, unviable when it does not build, and timed out
when a run passes the time cap.

    python3 tools/mutants_python.py                 # every mutant of python/src
    python3 tools/mutants_python.py --re 'cells.rs' # those whose name matches
    python3 tools/mutants_python.py --shard 0/4     # every fourth, starting at the first

The results land in --out (default mutants-python.out): outcomes.json and caught.txt,
missed.txt, unviable.txt, timeout.txt, beside the run's own virtual environment (pandas, polars
and pytest from the package index) and build folder. Installs cargo-mutants when missing.

cargo-mutants proposes some 12 400 replacements of the bodies of the two functions that return
a tuple (`_score_columns`, `_robustness_columns`): each is written
`PyResult::new(…)`, `PyResult::from((…))` or `PyResult::from_iter([(…)])`, none of which
exists (`Result` has no `new`, is `From` only itself, and is collected only from items that are
results, not tuples), so none can build. They are counted as unviable by that rule without a
build (`--build-all` builds them too); a sample is built to confirm the rule (`--sample`).

How long it takes: a first build and run of about two minutes (the tests build the crate's
`microanalysis` example to compare with), then an incremental build of the bindings and a run
of their tests per mutant, one to five seconds each; some 390 mutants are built, so a whole run
is about ten minutes on two cores.
"""

import argparse
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The replacements no Rust compiler accepts, in the two functions where they are thousands
# (see above); elsewhere they are built like any other mutant.
NEVER_BUILDS = re.compile(r"^PyResult::(new|from|from_iter)\(")
TUPLE_FUNCTIONS = {"PyMatrix::_score_columns", "PyMatrix::_robustness_columns"}


def never_builds(mutant):
    function = (mutant.get("function") or {}).get("function_name")
    return function in TUPLE_FUNCTIONS and NEVER_BUILDS.match(mutant["replacement"]) is not None


def run(argv, cwd, env, timeout):
    """Runs argv; returns ("ok" | "fail" | "timeout", seconds, tail of its output)."""
    start = time.monotonic()
    try:
        done = subprocess.run(argv, cwd=cwd, env=env, timeout=timeout,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - start, ""
    status = "ok" if done.returncode == 0 else "fail"
    return status, time.monotonic() - start, done.stdout[-2000:]


def ensure_cargo_mutants():
    if subprocess.run(["cargo", "mutants", "--version"], capture_output=True).returncode != 0:
        print("installing cargo-mutants (cargo install --locked cargo-mutants)", file=sys.stderr)
        subprocess.run(["cargo", "install", "--locked", "cargo-mutants"], check=True)


def list_mutants():
    out = subprocess.run(
        ["cargo", "mutants", "--package", "needmatrix-python", "-f", "python/src/*.rs",
         "--list", "--json", "--diff"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [m for m in json.loads(out) if m["file"].startswith("python/src/")]


def copy_tree(dest):
    """The tracked files as they are in the working tree (uncommitted edits included)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def environment(venv):
    """A virtual environment with pandas, polars and pytest; returns its python."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    have = subprocess.run([str(python), "-c", "import pandas, polars, pytest"],
                          capture_output=True).returncode == 0
    if not have:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "pandas", "polars", "pytest"], check=True)
    return python


def site_packages(python):
    return pathlib.Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())


def apply(tree, mutant):
    """Applies the mutant's diff to the copy; returns the file's original text."""
    path = tree / mutant["file"]
    original = path.read_text()
    # cargo-mutants names the mutant on the diff's `+++` line; patch wants the file there.
    lines = mutant["diff"].splitlines(keepends=True)
    lines = [f"+++ {mutant['file']}\n" if line.startswith("+++ ") else line for line in lines]
    subprocess.run(["patch", "--quiet", "-p0"], cwd=tree, input="".join(lines), text=True,
                   check=True)
    return original


class Harness:
    """Builds the bindings in the copy and runs the Python tests against them."""

    def __init__(self, tree, python, target, timeout):
        self.tree = tree
        self.python = python
        self.package = site_packages(python) / "needmatrix"
        self.timeout = timeout
        self.env = dict(os.environ, CARGO_TARGET_DIR=str(target), PYO3_PYTHON=str(python))
        self.library = target / "debug" / "lib_native.so"
        # The pure-Python files of the copy, where the tests import them from.
        shutil.rmtree(self.package, ignore_errors=True)
        shutil.copytree(tree / "python" / "needmatrix", self.package)

    def build(self):
        return run(["cargo", "build", "--quiet", "-p", "needmatrix-python"], self.tree,
                   self.env, 3 * self.timeout)

    def test(self):
        shutil.copy2(self.library, self.package / "_native.abi3.so")
        elapsed = 0.0
        for argv in (["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                      str(self.tree / "python" / "tests")],
                     ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--doctest-modules",
                      str(self.package)]):
            # From the environment's folder, so `import needmatrix` finds the installed copy.
            status, seconds, tail = run([str(self.python), *argv], self.package.parent.parent,
                                        self.env, self.timeout)
            elapsed += seconds
            if status != "ok":
                return status, elapsed, tail
        return "ok", elapsed, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--re", help="only mutants whose name matches this")
    parser.add_argument("--shard", help="K/N: every N-th mutant starting at the K-th")
    parser.add_argument("--out", default="mutants-python.out")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a test run may take")
    parser.add_argument("--build-all", action="store_true",
                        help="build the replacements that cannot build, too")
    parser.add_argument("--sample", type=int, default=0,
                        help="build this many of those, at random, to confirm they do not build")
    args = parser.parse_args()

    if shutil.which("patch") is None:
        sys.exit("`patch` is needed to apply each mutant's diff")
    ensure_cargo_mutants()
    mutants = list_mutants()
    if args.re:
        mutants = [m for m in mutants if re.search(args.re, m["name"])]
    never = [m for m in mutants if never_builds(m) and not args.build_all]
    built = [m for m in mutants if m not in never]
    if args.shard:
        k, n = map(int, args.shard.split("/"))
        built = built[k::n]
    sample = random.Random(0).sample(never, min(args.sample, len(never)))

    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    # Its own environment: the package in it is replaced by each mutant's build.
    python = environment(out / "venv")
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="needmatrix-mutants-python-"))
    try:
        tree = scratch / "tree"
        copy_tree(tree)
        harness = Harness(tree, python, out / "target", args.timeout)
        status, seconds, tail = harness.build()
        if status != "ok":
            sys.exit(f"the unmutated bindings do not build:\n{tail}")
        status, test_seconds, tail = harness.test()
        if status != "ok":
            sys.exit(f"the unmutated bindings fail their tests:\n{tail}")
        print(f"ok       baseline in {seconds:.0f}s build + {test_seconds:.0f}s test", flush=True)

        outcomes = []
        for mutant in sample + built:
            original = apply(tree, mutant)
            try:
                status, build_seconds, _ = harness.build()
                if status == "fail":
                    outcome, test_seconds = "unviable", 0.0
                elif status == "timeout":
                    outcome, test_seconds = "timeout", 0.0
                else:
                    status, test_seconds, _ = harness.test()
                    outcome = {"ok": "missed", "fail": "caught", "timeout": "timeout"}[status]
            finally:
                (tree / mutant["file"]).write_text(original)
            if mutant in sample:
                outcome = f"sample-{outcome}"
            outcomes.append({"name": mutant["name"], "outcome": outcome})
            print(f"{outcome.upper():8} {mutant['name']} in {build_seconds:.0f}s build + "
                  f"{test_seconds:.0f}s test", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for m in never:
        outcomes.append({"name": m["name"], "outcome": "unviable-by-rule"})
    (out / "outcomes.json").write_text(json.dumps(outcomes, indent=1) + "\n")
    for kind in ("caught", "missed", "unviable", "timeout"):
        names = [o["name"] for o in outcomes if o["outcome"] == kind]
        (out / f"{kind}.txt").write_text("".join(f"{n}\n" for n in names))
    counts = {kind: sum(o["outcome"] == kind for o in outcomes)
              for kind in ("caught", "missed", "unviable", "timeout", "unviable-by-rule")}
    sampled = [o["outcome"] for o in outcomes if o["outcome"].startswith("sample-")]
    print(f"{len(outcomes)} mutants: " + ", ".join(f"{v} {k}" for k, v in counts.items())
          + (f"; sample of the rule: {sampled.count('sample-unviable')} of {len(sampled)} unviable"
             if sampled else ""))
    return 2 if counts["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
