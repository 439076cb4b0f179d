//! The main job: score a register of assessments, print it in priority order with the summary
//! per area and the explanation of the top entry.
//!
//! ```text
//! cargo run --release --example microanalysis                      # the embedded sample
//! cargo run --release --example microanalysis -- REGISTER [--matrix FILE] [--as-of DATE] [--format text|json]
//! ```
//!
//! REGISTER is a `.json` array, `.jsonl` or `.csv` file. Bad input: the error on stderr (code,
//! where, what), exit status 2, nothing on stdout.

use std::process::ExitCode;

use needmatrix::{Matrix, Register, RegisterFormat, report};

/// A fictional force's register, embedded so the example runs with no arguments.
const SAMPLE: &str = include_str!("data/wealdshire_register.csv");

struct Args {
    register: Option<String>,
    matrix: Option<String>,
    as_of: Option<jiff::civil::Date>,
    format: Format,
    heatmap: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
    Csv,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        register: None,
        matrix: None,
        as_of: None,
        format: Format::Text,
        heatmap: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--matrix" => args.matrix = Some(value("--matrix")?),
            "--as-of" => {
                let text = value("--as-of")?;
                let date = text
                    .parse()
                    .map_err(|e| format!("--as-of `{text}` is not a date YYYY-MM-DD: {e}"))?;
                args.as_of = Some(date);
            }
            "--format" => {
                args.format = match value("--format")?.as_str() {
                    "json" => Format::Json,
                    "text" => Format::Text,
                    "csv" => Format::Csv,
                    other => return Err(format!("--format `{other}`: use text, json or csv")),
                }
            }
            "--heatmap" => args.heatmap = Some(value("--heatmap")?),
            "-h" | "--help" => {
                return Err("usage: microanalysis [REGISTER] [--matrix FILE] [--as-of DATE] [--format text|json|csv] [--heatmap FILE.svg]".into());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown flag `{flag}`")),
            path if args.register.is_none() => args.register = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> Result<String, needmatrix::Error> {
    let owned;
    let matrix = match &args.matrix {
        Some(path) => {
            owned = Matrix::from_path(path)?;
            &owned
        }
        None => Matrix::reference(),
    };
    let register = match &args.register {
        Some(path) => Register::from_path(matrix, path)?,
        None => Register::from_text(matrix, SAMPLE, RegisterFormat::Csv)
            .map_err(|e| e.in_file("wealdshire_register.csv (embedded sample)"))?,
    };
    if let Some(path) = &args.heatmap {
        let svg = needmatrix::heatmap::HeatMap::of_register(&register, matrix)?.to_svg();
        std::fs::write(path, svg).map_err(|e| needmatrix::Error::Io {
            path: path.clone(),
            message: e.to_string(),
        })?;
    }
    let scored = register.into_scored(matrix)?;
    Ok(match args.format {
        Format::Json => scored.to_json() + "\n",
        Format::Text => report::register_report(&scored, args.as_of),
        // The prioritised register, a blank line, then the summaries.
        Format::Csv => {
            report::register_csv(&scored) + "\n" + &report::register_summary_csv(&scored.summary())
        }
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    report::finish(run(&args))
}
