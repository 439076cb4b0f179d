//! What the examples share: reading the command line (with lexopt), printing a result, and the
//! exit status. Not part of the library: each example is arguments, one library call, print.

#![allow(dead_code)]

use std::io::Write as _;
use std::process::ExitCode;

pub use lexopt::prelude::*;

#[cfg(feature = "csv")]
pub mod sample;

/// Reads the command line with `parse`. `--help` (or `-h`) prints `usage` and exits 0; a
/// mistake prints the error, the usage line and, for an unknown flag, the nearest known one
/// from `flags`, and exits 2.
pub fn parse_args<T>(
    usage: &str,
    flags: &[&str],
    parse: impl FnOnce(&mut lexopt::Parser) -> Result<T, lexopt::Error>,
) -> Result<T, ExitCode> {
    match read_args(std::env::args_os().skip(1).collect(), flags, parse) {
        Ok(args) => Ok(args),
        Err(Refusal::Help) => Err(write_stdout(&format!("{usage}\n"))),
        Err(Refusal::Mistake { error, near }) => {
            eprint!("{}", mistake_report(&error));
            if let Some(near) = near {
                eprintln!("  did you mean `--{near}`?");
            }
            eprintln!("{usage}");
            Err(ExitCode::from(2))
        }
    }
}

/// A command-line mistake as standard error shows it: with its error code, as every file fault
/// has one (a flag value the library refused keeps the library's code, `invalid_date` for a bad
/// `--as-of`; any other mistake is `parse`), control characters escaped.
pub fn mistake_report(error: &lexopt::Error) -> String {
    if let lexopt::Error::Custom(inner) = error
        && let Some(e) = inner.downcast_ref::<needmatrix::Error>()
    {
        return needmatrix::report::error_report(e);
    }
    format!(
        "error [parse]: {}\n",
        needmatrix::report::shown(&error.to_string())
    )
}

/// A flag's value refused by the library, with its code and the flag named as its field.
pub fn flag_error(flag: &'static str, error: needmatrix::Error) -> lexopt::Error {
    let error = error.map_location(|_| needmatrix::Location::field(format!("--{flag}")));
    lexopt::Error::Custom(Box::new(error))
}

/// `--as-of` and every other date flag: strictly `YYYY-MM-DD` (SPEC §3), code `invalid_date`.
pub fn date_flag(
    flag: &'static str,
    value: std::ffi::OsString,
) -> Result<needmatrix::jiff::civil::Date, lexopt::Error> {
    let text = value.string()?;
    needmatrix::parse_date(&text).map_err(|e| flag_error(flag, e))
}

/// Refuses to write an output over one of the inputs (`--summary reg.csv` would overwrite the
/// register), or two outputs to one file, before anything is written: code `parse`, naming the
/// flag and the file.
pub fn distinct_outputs(
    inputs: &[&std::path::Path],
    outputs: &[(&str, Option<&std::path::Path>)],
) -> needmatrix::Result<()> {
    // The same file by any name: compared as the operating system resolves them, when they exist.
    let same = |a: &std::path::Path, b: &std::path::Path| match (a.canonicalize(), b.canonicalize())
    {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    let outputs: Vec<(&str, &std::path::Path)> = outputs
        .iter()
        .filter_map(|(flag, path)| path.map(|p| (*flag, p)))
        .collect();
    for (n, (flag, out)) in outputs.iter().enumerate() {
        let clash = inputs
            .iter()
            .find(|input| same(input, out))
            .map(|_| "is also an input".to_owned())
            .or_else(|| {
                outputs
                    .iter()
                    .take(n)
                    .find(|(_, other)| same(other, out))
                    .map(|(other, _)| format!("is also the output of --{other}"))
            });
        if let Some(clash) = clash {
            return Err(needmatrix::Error::flag(
                flag,
                format!(
                    "`{}` {clash}: nothing was written; give the output another name",
                    out.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Why a command line was not read: help was asked for, or a mistake (with the known flag
/// nearest to an unknown one).
#[derive(Debug)]
pub enum Refusal<'f> {
    Help,
    Mistake {
        error: lexopt::Error,
        near: Option<&'f str>,
    },
}

/// Reads `args` (the command line after the program's name) with `parse`: what
/// [`parse_args`] does without printing, so it can be tested and fuzzed.
pub fn read_args<'f, T>(
    args: Vec<std::ffi::OsString>,
    flags: &[&'f str],
    parse: impl FnOnce(&mut lexopt::Parser) -> Result<T, lexopt::Error>,
) -> Result<T, Refusal<'f>> {
    let wants_help = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--help" || a == "-h");
    if wants_help {
        return Err(Refusal::Help);
    }
    let mut parser = lexopt::Parser::from_args(args);
    parse(&mut parser).map_err(|error| {
        let near = match &error {
            lexopt::Error::UnexpectedOption(given) => nearest(given.trim_start_matches('-'), flags),
            _ => None,
        };
        Refusal::Mistake { error, near }
    })
}

/// The known flag closest to `given` by edit distance, if it is close enough to be a typo.
fn nearest<'a>(given: &str, flags: &[&'a str]) -> Option<&'a str> {
    flags
        .iter()
        .map(|f| (distance(given, f), *f))
        .filter(|(d, f)| *d <= 2.max(f.len() / 3))
        .min()
        .map(|(_, f)| f)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Reads one of a fixed set of values (`--format json`), naming the ones there are on a mistake.
pub fn choice<T: Copy>(
    flag: &str,
    value: std::ffi::OsString,
    options: &[(&str, T)],
) -> Result<T, lexopt::Error> {
    let text = value.string()?;
    options
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            format!("--{flag} `{text}`: use one of {}", names.join(", ")).into()
        })
}

/// Writes `text` to standard output in one go, then `status`. A closed pipe (`| head`) ends
/// the output quietly instead of panicking as `print!` does; any other write error (a full disk)
/// is reported on standard error and exits 1, so a truncated output never looks complete.
pub fn write_stdout_then(text: &str, status: ExitCode) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            eprintln!("error [io]: cannot write to standard output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Writes `text` to standard output ([`write_stdout_then`]) and exits 0 if that worked.
pub fn write_stdout(text: &str) -> ExitCode {
    write_stdout_then(text, ExitCode::SUCCESS)
}

/// Writes to standard output through a buffer, as `write` produces it (nothing is held whole),
/// with the exit statuses of [`write_stdout_then`].
pub fn write_stdout_with(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> ExitCode {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error [io]: cannot write to standard output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Every fault on standard error, exit status 2 (nothing on standard output).
pub fn fail(e: &needmatrix::Error) -> ExitCode {
    eprint!("{}", needmatrix::report::error_report(e));
    ExitCode::from(2)
}

/// Ends an example: the text on standard output and exit status 0, or every fault on standard
/// error and exit status 2 (nothing on standard output).
pub fn finish(result: needmatrix::Result<String>) -> ExitCode {
    match result {
        Ok(text) => write_stdout(&text),
        Err(e) => fail(&e),
    }
}

/// The matrix at `path`, or the built-in reference matrix when none is given.
pub fn matrix_or_reference(
    path: Option<&std::path::Path>,
) -> needmatrix::Result<needmatrix::Matrix> {
    match path {
        Some(path) => needmatrix::Matrix::from_path(path),
        // A matrix is shared data behind an `Arc`: the clone is cheap.
        None => Ok(needmatrix::Matrix::reference().clone()),
    }
}

/// Writes a file an example was asked to write, as a located `io` error on failure.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> needmatrix::Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| needmatrix::Error::io_write(path.display().to_string(), e))
}

/// The crosswalk of `--crosswalk CW --matrix B [--from-matrix A]` (SPEC §14): B is required, A
/// defaults to the reference matrix, and the crosswalk is checked against both.
pub fn read_crosswalk(
    crosswalk: &std::path::Path,
    to: Option<&std::path::Path>,
    from: Option<&std::path::Path>,
) -> needmatrix::Result<needmatrix::crosswalk::Crosswalk> {
    let Some(to) = to else {
        return Err(needmatrix::Error::flag(
            "matrix",
            "--crosswalk needs --matrix, the matrix the register is translated to",
        ));
    };
    let to = needmatrix::Matrix::from_path(to)?;
    let from = matrix_or_reference(from)?;
    needmatrix::crosswalk::Crosswalk::from_path(crosswalk, &from, &to)
}
