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

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::jiff::civil::Date;
use needmatrix::{Register, RegisterFormat, report};

/// A fictional force's register, embedded so the example runs with no arguments.
const SAMPLE: &str = include_str!("data/wealdshire_register.csv");

const USAGE: &str = "usage: microanalysis [REGISTER] [--matrix FILE] [--as-of YYYY-MM-DD] [--format text|json|csv] [--heatmap FILE.svg]";

#[derive(Default)]
struct Args {
    register: Option<PathBuf>,
    matrix: Option<PathBuf>,
    as_of: Option<Date>,
    format: Format,
    heatmap: Option<PathBuf>,
}

#[derive(Clone, Copy, Default, PartialEq)]
enum Format {
    #[default]
    Text,
    Json,
    Csv,
}

fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut args = Args::default();
    while let Some(arg) = p.next()? {
        match arg {
            Long("matrix") => args.matrix = Some(p.value()?.into()),
            Long("as-of") => args.as_of = Some(p.value()?.parse()?),
            Long("format") => {
                let options = [
                    ("text", Format::Text),
                    ("json", Format::Json),
                    ("csv", Format::Csv),
                ];
                args.format = choice("format", p.value()?, &options)?;
            }
            Long("heatmap") => args.heatmap = Some(p.value()?.into()),
            Value(path) if args.register.is_none() => args.register = Some(path.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> Result<String, needmatrix::Error> {
    let matrix = &matrix_or_reference(args.matrix.as_deref())?;
    let register = match &args.register {
        Some(path) => Register::from_path(matrix, path)?,
        None => Register::from_text(matrix, SAMPLE, RegisterFormat::Csv)
            .map_err(|e| e.in_file("wealdshire_register.csv (embedded sample)"))?,
    };
    if let Some(path) = &args.heatmap {
        let svg = needmatrix::heatmap::HeatMap::of_register(&register, matrix)?.to_svg();
        write_file(path, svg.as_bytes())?;
    }
    let scored = register.into_scored(matrix)?;
    Ok(match args.format {
        Format::Json => scored.to_json() + "\n",
        Format::Text => report::register_report(&scored, args.as_of),
        // The prioritised register, a blank line, then the summaries.
        Format::Csv => {
            report::register_csv(&scored) + "\n" + &report::register_summary_csv(scored.summary())
        }
    })
}

fn main() -> ExitCode {
    match parse_args(USAGE, &["matrix", "as-of", "format", "heatmap"], parse) {
        Ok(args) => finish(run(&args)),
        Err(code) => code,
    }
}
