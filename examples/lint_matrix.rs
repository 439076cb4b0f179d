//! Matrix lint (SPEC §5): the known flaws of risk matrices, in plain words.
//!
//! ```text
//! cargo run --release --example lint_matrix -- FILE     # a matrix in JSON or TOML
//! cargo run --release --example lint_matrix             # the built-in reference matrix
//! ```
//!
//! Exit status: 0 for a clean bill, 1 when there are warnings, 2 when the matrix is refused
//! (its code and where are printed).

use std::process::ExitCode;

use needmatrix::{Matrix, lint, report};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let owned;
    let matrix = match args.as_slice() {
        [] => Matrix::reference(),
        [path] if !path.starts_with("--") => match Matrix::from_path(path) {
            Ok(m) => {
                owned = m;
                &owned
            }
            Err(e) => {
                report::write_stdout(&report::error_report(&e));
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: lint_matrix [FILE]");
            return ExitCode::from(2);
        }
    };
    let warnings = lint::lint(matrix);
    if warnings.is_empty() {
        report::write_stdout(&format!("{}: clean, no warnings\n", matrix.label()));
        return ExitCode::SUCCESS;
    }
    let mut out: String = warnings.iter().map(|w| format!("{w}\n")).collect();
    out.push_str(&format!(
        "{}: {} warning(s)\n",
        matrix.label(),
        warnings.len()
    ));
    report::write_stdout(&out);
    ExitCode::from(1)
}
