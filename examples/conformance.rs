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

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::vectors;

/// Where the published vectors live in this repository.
const PUBLISHED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

const USAGE: &str =
    "usage: conformance [FILE|DIR]...  |  conformance --emit [--matrix FILE] INPUTS.json";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &["emit", "matrix"];

pub(crate) struct Args {
    emit: bool,
    matrix: Option<PathBuf>,
    paths: Vec<PathBuf>,
}

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut args = Args {
        emit: false,
        matrix: None,
        paths: Vec::new(),
    };
    while let Some(arg) = p.next()? {
        match arg {
            Long("emit") => args.emit = true,
            Long("matrix") => args.matrix = Some(p.value()?.into()),
            Value(path) => args.paths.push(path.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    if args.matrix.is_some() && !args.emit {
        return Err("--matrix goes with --emit: a vector file names its own matrix".into());
    }
    if args.emit && args.paths.len() != 1 {
        return Err("--emit takes one INPUTS file".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    match parse_args(USAGE, FLAGS, parse) {
        Ok(args) if args.emit => finish(run_emit(args.matrix.as_ref(), &args.paths)),
        Ok(args) => run_vectors(args.paths),
        Err(code) => code,
    }
}

fn run_vectors(mut paths: Vec<PathBuf>) -> ExitCode {
    if paths.is_empty() {
        paths.push(PathBuf::from(PUBLISHED));
    }
    let files = match vectors::collect_files(&paths) {
        Ok(files) => files,
        Err(e) => {
            eprint!("{}", needmatrix::report::error_report(&e));
            return write_stdout_then("0 passed, 0 failed\n", ExitCode::from(2));
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
            out.push_str(&format!(
                "ERROR {}: {}\n",
                needmatrix::report::shown(r.file()),
                needmatrix::report::shown(why)
            ));
            unreadable += 1;
        }
        passed += r.passed();
        failed += r.failed();
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    let status = if failed > 0 || unreadable > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    write_stdout_then(&out, status)
}

fn run_emit(matrix: Option<&PathBuf>, paths: &[PathBuf]) -> needmatrix::Result<String> {
    let m = &matrix_or_reference(matrix.map(PathBuf::as_path))?;
    let mut inputs = Vec::new();
    for input in paths {
        inputs.extend(vectors::read_inputs(input)?);
    }
    Ok(vectors::emit(m, &inputs, None).to_json() + "\n")
}
