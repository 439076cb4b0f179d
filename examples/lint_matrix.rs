//! Matrix lint (SPEC §5): the known flaws of risk matrices, in plain words.
//!
//! ```text
//! cargo run --release --example lint_matrix -- FILE     # a matrix in JSON or TOML
//! cargo run --release --example lint_matrix             # the built-in reference matrix
//! cargo run --release --example lint_matrix -- --crosswalk CW A B   # a crosswalk (SPEC §14)
//! ```
//!
//! With `--crosswalk`, the crosswalk CW from matrix A to matrix B is checked (a fault of SPEC
//! §14 refuses it, status 2) and linted: `order_reversed` when a scale's map is not monotone,
//! naming the scale and the two keys; A and B are linted too.
//!
//! Exit status: 0 for a clean bill, 1 when there are warnings, 2 when the matrix is refused
//! (its code and where are printed).

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::crosswalk::Crosswalk;
use needmatrix::{Matrix, lint, report};

const USAGE: &str = "usage: lint_matrix [FILE] | lint_matrix --crosswalk CW A B";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &["crosswalk"];

/// A matrix (or none: the reference), or a crosswalk and its two matrices.
pub(crate) enum Args {
    Matrix(Option<PathBuf>),
    Crosswalk {
        crosswalk: PathBuf,
        from: PathBuf,
        to: PathBuf,
    },
}

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut crosswalk: Option<PathBuf> = None;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(arg) = p.next()? {
        match arg {
            Long("crosswalk") => crosswalk = Some(p.value()?.into()),
            Value(file) if files.len() < 2 => files.push(file.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    match (crosswalk, <[PathBuf; 2]>::try_from(files)) {
        (Some(crosswalk), Ok([from, to])) => Ok(Args::Crosswalk {
            crosswalk,
            from,
            to,
        }),
        (Some(_), Err(_)) => Err("--crosswalk CW needs the two matrices A and B".into()),
        (None, Ok(_)) => Err("two files without --crosswalk: give one matrix".into()),
        (None, Err(mut files)) => Ok(Args::Matrix(files.pop())),
    }
}

/// Prints the warnings (status 1) or a clean bill (status 0), naming what was linted.
fn report_warnings(what: &str, warnings: &[lint::Warning]) -> ExitCode {
    if warnings.is_empty() {
        return write_stdout(&format!("{what}: clean, no warnings\n"));
    }
    let mut out: String = warnings.iter().map(|w| format!("{w}\n")).collect();
    out.push_str(&format!("{what}: {} warning(s)\n", warnings.len()));
    write_stdout_then(&out, ExitCode::from(1))
}

/// A refused matrix or crosswalk: its faults on standard error, nothing on standard output.
fn refused(e: &needmatrix::Error) -> ExitCode {
    eprint!("{}", report::error_report(e));
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args = match parse_args(USAGE, FLAGS, parse) {
        Ok(args) => args,
        Err(code) => return code,
    };
    let (crosswalk, from, to) = match args {
        Args::Matrix(path) => {
            return match matrix_or_reference(path.as_deref()) {
                Ok(m) => report_warnings(m.label(), &lint::lint(&m)),
                Err(e) => refused(&e),
            };
        }
        Args::Crosswalk {
            crosswalk,
            from,
            to,
        } => (crosswalk, from, to),
    };
    let read = Matrix::from_path(&from).and_then(|from| {
        let to = Matrix::from_path(&to)?;
        Crosswalk::from_path(&crosswalk, &from, &to)
    });
    let crosswalk = match read {
        Ok(c) => c,
        Err(e) => return refused(&e),
    };
    // The two matrices' own warnings, then the crosswalk's.
    let mut warnings = lint::lint(crosswalk.from_matrix());
    warnings.extend(lint::lint(crosswalk.to_matrix()));
    warnings.extend(lint::lint_crosswalk(&crosswalk));
    report_warnings(&crosswalk.to_string(), &warnings)
}
