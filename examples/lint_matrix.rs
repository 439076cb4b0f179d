//! Matrix lint (SPEC §5): the known flaws of risk matrices, in plain words.
//!
//! ```text
//! cargo run --release --example lint_matrix -- FILE     # a matrix in JSON or TOML
//! cargo run --release --example lint_matrix             # the built-in reference matrix
//! ```
//!
//! Exit status: 0 for a clean bill, 1 when there are warnings, 2 when the matrix is refused
//! (its code and where are printed).

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::{lint, report};

const USAGE: &str = "usage: lint_matrix [FILE]";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &[];

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Option<PathBuf>, lexopt::Error> {
    let mut path = None;
    while let Some(arg) = p.next()? {
        match arg {
            Value(file) if path.is_none() => path = Some(file.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(path)
}

fn main() -> ExitCode {
    let path = match parse_args(USAGE, FLAGS, parse) {
        Ok(path) => path,
        Err(code) => return code,
    };
    let matrix = match matrix_or_reference(path.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            // A refused matrix: its faults on standard error, nothing on standard output.
            eprint!("{}", report::error_report(&e));
            return ExitCode::from(2);
        }
    };
    let matrix = &matrix;
    let warnings = lint::lint(matrix);
    if warnings.is_empty() {
        return write_stdout(&format!("{}: clean, no warnings\n", matrix.label()));
    }
    let mut out: String = warnings.iter().map(|w| format!("{w}\n")).collect();
    out.push_str(&format!(
        "{}: {} warning(s)\n",
        matrix.label(),
        warnings.len()
    ));
    write_stdout_then(&out, ExitCode::from(1))
}
