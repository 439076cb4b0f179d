//! The national picture: many forces' registers rolled up to force, region and nation.
//!
//! ```text
//! cargo run --release --example national_picture                 # the embedded six-force sample
//! cargo run --release --example national_picture -- DIR [--matrix FILE] [--format text|json|csv] [--heatmap FILE.svg]
//! cargo run --release --example national_picture -- DIR --crosswalk CW --matrix B [--from-matrix A] …
//! ```
//!
//! With `--crosswalk CW --matrix B`, the forces still on matrix A (`--from-matrix`, by default
//! the reference matrix) are translated to B through the crosswalk (SPEC §14), so the national
//! roll-up is one matrix again; the report names the forces translated. `regions.csv` may say
//! which matrix each force's register is written in (an optional `matrix` column: `id@version`
//! or the fingerprint); a force that does not is read under B, and under A if B refuses it.
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

const USAGE: &str = "usage: national_picture [DIR] [--matrix FILE] [--format text|json|csv] [--heatmap FILE.svg] [--crosswalk CW [--from-matrix A]]";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &["matrix", "format", "heatmap", "crosswalk", "from-matrix"];

pub(crate) struct Args {
    dir: Option<PathBuf>,
    matrix: Option<PathBuf>,
    heatmap: Option<PathBuf>,
    format: Format,
    crosswalk: Option<PathBuf>,
    from_matrix: Option<PathBuf>,
}

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut args = Args {
        dir: None,
        matrix: None,
        heatmap: None,
        format: Format::Text,
        crosswalk: None,
        from_matrix: None,
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
            Long("crosswalk") => args.crosswalk = Some(p.value()?.into()),
            Long("from-matrix") => args.from_matrix = Some(p.value()?.into()),
            Value(dir) if args.dir.is_none() => args.dir = Some(dir.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    if args.crosswalk.is_some() && args.dir.is_none() {
        return Err("--crosswalk needs a DIR of force registers".into());
    }
    if args.from_matrix.is_some() && args.crosswalk.is_none() {
        return Err(
            "--from-matrix names the matrix a crosswalk translates from: give --crosswalk too"
                .into(),
        );
    }
    Ok(args)
}

fn run(args: &Args) -> needmatrix::Result<String> {
    // The heat map may not overwrite the matrix, nor any file of the folder.
    let mut inputs: Vec<PathBuf> = [&args.matrix, &args.crosswalk, &args.from_matrix]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if let Some(dir) = &args.dir
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        inputs.extend(entries.flatten().map(|e| e.path()));
    }
    let inputs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    distinct_outputs(&inputs, &[("heatmap", args.heatmap.as_deref())])?;
    let picture = match (&args.dir, &args.crosswalk) {
        (Some(d), Some(cw)) => {
            let crosswalk =
                read_crosswalk(cw, args.matrix.as_deref(), args.from_matrix.as_deref())?;
            NationalPicture::from_dir_with_crosswalk(d, &crosswalk)?
        }
        (Some(d), None) => {
            NationalPicture::from_dir(&matrix_or_reference(args.matrix.as_deref())?, d)?
        }
        (None, _) => sample::picture(&matrix_or_reference(args.matrix.as_deref())?)?,
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
