//! The layer map of docs/ARCHITECTURE.md holds: every `crate::` path in `src/` goes to a module
//! on the same layer or below, and no two modules reach each other (directly or round a cycle).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ARCHITECTURE: &str = include_str!("../docs/ARCHITECTURE.md");

/// Module → layer, from the lines `layer N  module module …`.
fn layers() -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for line in ARCHITECTURE.lines() {
        let Some(rest) = line.strip_prefix("layer ") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let layer: u32 = words.next().unwrap().parse().unwrap();
        for module in words {
            assert!(
                out.insert(module.to_owned(), layer).is_none(),
                "{module} twice"
            );
        }
    }
    assert!(!out.is_empty(), "docs/ARCHITECTURE.md has a layer map");
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/score/outcome.rs` → `score`); `None` for lib.rs.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

/// Every module named by a `crate::NAME` path in code (comments and doc text left out).
fn references(text: &str, modules: &BTreeMap<String, u32>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if modules.contains_key(&name) {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

#[test]
fn imports_only_go_down_and_never_round_a_cycle() {
    let layers = layers();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let Some(from) = module_of(&src, file) else {
            continue;
        };
        let Some(&from_layer) = layers.get(&from) else {
            problems.push(format!("module `{from}` is not on the layer map"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for to in references(&text, &layers) {
            if to == from {
                continue;
            }
            if layers[&to] > from_layer {
                problems.push(format!(
                    "{} (layer {from_layer}) reaches up to `{to}` (layer {})",
                    file.display(),
                    layers[&to]
                ));
            }
            edges.entry(from.clone()).or_default().insert(to);
        }
    }
    // A cycle can only run within one layer; find any by depth-first search.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        problems: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|n| n == node) {
            problems.push(format!(
                "import cycle: {} -> {node}",
                path[at..].join(" -> ")
            ));
            return;
        }
        if !done.insert(node.to_owned()) {
            return;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done, problems);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_reads_crate_paths_in_code_not_in_comments() {
    let layers = layers();
    let found = references(
        "use crate::report::x; // crate::schema in a comment",
        &layers,
    );
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["report"]);
}
