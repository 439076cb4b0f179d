//! Conformance vectors (SPEC §4): run published vector files, or emit vectors for your matrix.
//!
//! ```text
//! cargo run --release --example conformance                         # the published vectors
//! cargo run --release --example conformance -- FILE|DIR ...          # your vector files
//! cargo run --release --example conformance -- --emit [--matrix M.toml] INPUTS.json > vectors.json
//! ```
//!
//! Running: every failing case is printed with its file, case, field, expected and actual value;
//! the last line is `N passed, M failed`; the exit status is non-zero when a case fails or a file
//! cannot be read. Emitting: INPUTS is a JSON array of assessment objects (or `.jsonl`); the
//! vector file goes to stdout.

use std::path::PathBuf;
use std::process::ExitCode;

use needmatrix::{Matrix, report, vectors};

/// Where the published vectors live in this repository.
const PUBLISHED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

fn main() -> ExitCode {
    let mut emit = false;
    let mut matrix: Option<String> = None;
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--emit" => emit = true,
            "--matrix" => match args.next() {
                Some(m) => matrix = Some(m),
                None => return usage("--matrix needs a file"),
            },
            "-h" | "--help" => return usage(""),
            flag if flag.starts_with("--") => return usage(&format!("unknown flag `{flag}`")),
            path => paths.push(PathBuf::from(path)),
        }
    }
    if emit {
        run_emit(matrix.as_deref(), &paths)
    } else if matrix.is_some() {
        usage("--matrix goes with --emit: a vector file names its own matrix")
    } else {
        run_vectors(paths)
    }
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("{problem}");
    }
    eprintln!(
        "usage: conformance [FILE|DIR]...  |  conformance --emit [--matrix FILE] INPUTS.json"
    );
    ExitCode::from(2)
}

fn run_vectors(mut paths: Vec<PathBuf>) -> ExitCode {
    if paths.is_empty() {
        paths.push(PathBuf::from(PUBLISHED));
    }
    let files = match vectors::collect_files(&paths) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error [{}]: {e}", e.code());
            report::write_stdout("0 passed, 0 failed\n");
            return ExitCode::from(2);
        }
    };
    let (mut passed, mut failed, mut unreadable) = (0, 0, 0);
    let mut out = String::new();
    for file in &files {
        let r = vectors::run_path(file);
        for failure in r.failures() {
            out.push_str(&format!("{failure}\n"));
        }
        if let Some(why) = r.unreadable() {
            out.push_str(&format!("ERROR {}: {why}\n", r.file()));
            unreadable += 1;
        }
        passed += r.passed();
        failed += r.failed();
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    report::write_stdout(&out);
    if failed > 0 || unreadable > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_emit(matrix: Option<&str>, paths: &[PathBuf]) -> ExitCode {
    let [input] = paths else {
        return usage("--emit takes one INPUTS file");
    };
    let result = (|| -> needmatrix::Result<String> {
        let owned;
        let m = match matrix {
            Some(path) => {
                owned = Matrix::from_path(path)?;
                &owned
            }
            None => Matrix::reference(),
        };
        let inputs = vectors::read_inputs(input)?;
        let file = vectors::emit(m, &inputs, None);
        Ok(serde_json::to_string_pretty(&file).unwrap_or_default() + "\n")
    })();
    report::finish(result)
}
