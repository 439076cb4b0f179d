//! The national picture: many forces' registers rolled up to force, region and nation.
//!
//! ```text
//! cargo run --release --example national_picture                 # the embedded six-force sample
//! cargo run --release --example national_picture -- DIR [--matrix FILE] [--format text|json|csv] [--heatmap FILE.svg]
//! ```
//!
//! DIR holds one register per force (`.json`, `.jsonl`, `.csv`; a `.json` object is a scored
//! register), the file stem naming the force, and `regions.csv` (`force,region`). Bad input:
//! the error on stderr naming the file, exit status 2, nothing on stdout.

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;

use needmatrix::national::NationalPicture;
use needmatrix::report;

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
    Csv,
}

const USAGE: &str =
    "usage: national_picture [DIR] [--matrix FILE] [--format text|json|csv] [--heatmap FILE.svg]";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &["matrix", "format", "heatmap"];

pub(crate) struct Args {
    dir: Option<PathBuf>,
    matrix: Option<PathBuf>,
    heatmap: Option<PathBuf>,
    format: Format,
}

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut args = Args {
        dir: None,
        matrix: None,
        heatmap: None,
        format: Format::Text,
    };
    while let Some(arg) = p.next()? {
        match arg {
            Long("matrix") => args.matrix = Some(p.value()?.into()),
            Long("heatmap") => args.heatmap = Some(p.value()?.into()),
            Long("format") => {
                let options = [
                    ("text", Format::Text),
                    ("json", Format::Json),
                    ("csv", Format::Csv),
                ];
                args.format = choice("format", p.value()?, &options)?;
            }
            Value(dir) if args.dir.is_none() => args.dir = Some(dir.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> needmatrix::Result<String> {
    // The heat map may not overwrite the matrix, nor any file of the folder.
    let mut inputs: Vec<PathBuf> = args.matrix.iter().cloned().collect();
    if let Some(dir) = &args.dir
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        inputs.extend(entries.flatten().map(|e| e.path()));
    }
    let inputs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    distinct_outputs(&inputs, &[("heatmap", args.heatmap.as_deref())])?;
    let matrix = &matrix_or_reference(args.matrix.as_deref())?;
    let picture = match &args.dir {
        Some(d) => NationalPicture::from_dir(matrix, d)?,
        None => sample::picture(matrix)?,
    };
    if let Some(path) = &args.heatmap {
        write_file(path, picture.heatmap().to_svg().as_bytes())?;
    }
    Ok(match args.format {
        Format::Text => report::national_report(&picture, 20),
        Format::Json => picture.to_json() + "\n",
        Format::Csv => report::national_csv(&picture),
    })
}

fn main() -> ExitCode {
    match parse_args(USAGE, FLAGS, parse) {
        Ok(args) => finish(run(&args)),
        Err(code) => code,
    }
}
