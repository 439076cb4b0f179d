//! The national planning review (SPEC §7, §11): the inspectorate's national tables from
//! force-level gradings, or from the forces' own registers; Table 4 (provision by planning
//! element); where forces' plans run counter to their own assessment of need (test 3, per force);
//! the forces that share a high need (collaboration); and the forces whose own indicators
//! contradict their need (objective markers).
//!
//! ```text
//! cargo run --release --example national_review     # the embedded samples: 43 forces, then six
//! cargo run --release --example national_review -- --areas FILE --elements FILE
//!     [--element-grades G.csv] [--indicators I.csv] [--format json|markdown]
//! cargo run --release --example national_review -- --registers DIR --provision P.csv
//!     --elements E.csv [--element-grades G.csv] [--indicators I.csv] [--matrix M]
//!     [--areas-out A.csv] [--format json|markdown]
//! ```
//!
//! With `--registers`, DIR holds one register per force and `regions.csv` (as the
//! `national_picture` example reads it); each force × area's threat and need are derived from the
//! force's own register (SPEC §11), and `--areas-out` writes that derived table as an areas CSV
//! that `--areas` reads back to the same tables. The embedded sample, with no arguments, is the
//! 43-force review with its Table 4 (Markdown: followed by the six fictional forces reviewed from
//! their registers; JSON: the 43-force review).
//!
//! Bad input: every fault on stderr (file, line, force, area, element, value), exit status 2,
//! nothing on stdout.

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::report;
use needmatrix::review::Review;

const SAMPLE_AREAS: &str = include_str!("data/review/areas.csv");
const SAMPLE_ELEMENTS: &str = include_str!("data/review/elements.csv");
const SAMPLE_ELEMENT_GRADES: &str = include_str!("data/review/element_grades.csv");
const SAMPLE_PROVISION: &str = include_str!("data/review/registers/provision.csv");
const SAMPLE_REGISTER_ELEMENTS: &str = include_str!("data/review/registers/elements.csv");
const SAMPLE_INDICATORS: &str = include_str!("data/review/registers/indicators.csv");

const USAGE: &str = "usage: national_review [--areas FILE --elements FILE | --registers DIR --provision FILE --elements FILE [--matrix FILE] [--areas-out FILE]] [--element-grades FILE] [--indicators FILE] [--format json|markdown]";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &[
    "areas",
    "elements",
    "registers",
    "provision",
    "matrix",
    "element-grades",
    "indicators",
    "areas-out",
    "format",
];

pub(crate) struct Args {
    areas: Option<PathBuf>,
    elements: Option<PathBuf>,
    registers: Option<PathBuf>,
    provision: Option<PathBuf>,
    matrix: Option<PathBuf>,
    element_grades: Option<PathBuf>,
    indicators: Option<PathBuf>,
    areas_out: Option<PathBuf>,
    json: bool,
}

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut args = Args {
        areas: None,
        elements: None,
        registers: None,
        provision: None,
        matrix: None,
        element_grades: None,
        indicators: None,
        areas_out: None,
        json: false,
    };
    while let Some(arg) = p.next()? {
        match arg {
            Long("areas") => args.areas = Some(p.value()?.into()),
            Long("elements") => args.elements = Some(p.value()?.into()),
            Long("registers") => args.registers = Some(p.value()?.into()),
            Long("provision") => args.provision = Some(p.value()?.into()),
            Long("matrix") => args.matrix = Some(p.value()?.into()),
            Long("element-grades") => args.element_grades = Some(p.value()?.into()),
            Long("indicators") => args.indicators = Some(p.value()?.into()),
            Long("areas-out") => args.areas_out = Some(p.value()?.into()),
            Long("format") => {
                args.json = choice("format", p.value()?, &[("json", true), ("markdown", false)])?;
            }
            _ => return Err(arg.unexpected()),
        }
    }
    let registers = args.registers.is_some();
    if registers && args.areas.is_some() {
        return Err("give --areas or --registers, not both".into());
    }
    if registers && (args.provision.is_none() || args.elements.is_none()) {
        return Err("--registers needs --provision and --elements".into());
    }
    if !registers && (args.provision.is_some() || args.areas_out.is_some() || args.matrix.is_some())
    {
        return Err("--provision, --matrix and --areas-out go with --registers".into());
    }
    if !registers && args.areas.is_some() != args.elements.is_some() {
        return Err("give both --areas and --elements, or neither for the embedded sample".into());
    }
    let given = registers || args.areas.is_some();
    if !given && (args.element_grades.is_some() || args.indicators.is_some()) {
        return Err("--element-grades and --indicators go with --areas or --registers".into());
    }
    Ok(args)
}

/// The review in the format asked for: JSON, or Markdown with test 3 and, for a review made
/// from registers, what §11 adds.
fn show(review: &Review, json: bool) -> String {
    if json {
        review.to_json() + "\n"
    } else {
        review.to_markdown() + &report::alignment_markdown(review)
    }
}

fn run(args: &Args) -> needmatrix::Result<String> {
    // `--areas-out` may not overwrite an input, nor any file of the registers' folder.
    let mut inputs: Vec<PathBuf> = [
        &args.areas,
        &args.elements,
        &args.provision,
        &args.matrix,
        &args.element_grades,
        &args.indicators,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    if let Some(dir) = &args.registers
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        inputs.extend(entries.flatten().map(|e| e.path()));
    }
    let inputs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    distinct_outputs(&inputs, &[("areas-out", args.areas_out.as_deref())])?;
    let with_extras = |mut review: Review| -> needmatrix::Result<Review> {
        if let Some(path) = &args.element_grades {
            review = review.with_element_grades_path(path)?;
        }
        if let Some(path) = &args.indicators {
            review = review.with_indicators_path(path)?;
        }
        Ok(review)
    };
    if let (Some(dir), Some(provision), Some(elements)) =
        (&args.registers, &args.provision, &args.elements)
    {
        let matrix = matrix_or_reference(args.matrix.as_deref())?;
        let review = with_extras(Review::from_registers(&matrix, dir, provision, elements)?)?;
        if let Some(out) = &args.areas_out {
            write_file(out, review.areas_csv().as_bytes())?;
        }
        return Ok(show(&review, args.json));
    }
    if let (Some(areas), Some(elements)) = (&args.areas, &args.elements) {
        return Ok(show(
            &with_extras(Review::from_paths(areas, elements)?)?,
            args.json,
        ));
    }
    // The embedded samples.
    let national = Review::from_csv(SAMPLE_AREAS, SAMPLE_ELEMENTS)?
        .with_element_grades(SAMPLE_ELEMENT_GRADES)
        .map_err(|e| e.in_file("element_grades.csv (embedded sample)"))?;
    if args.json {
        return Ok(show(&national, true));
    }
    let matrix = needmatrix::Matrix::reference();
    let six = Review::from_picture(
        &sample::picture(matrix)?,
        SAMPLE_PROVISION,
        SAMPLE_REGISTER_ELEMENTS,
    )?
    .with_indicators(SAMPLE_INDICATORS)?;
    Ok(show(&national, false)
        + "\n---\n\n# From the forces' own registers: six fictional forces\n\n"
        + &show(&six, false))
}

fn main() -> ExitCode {
    match parse_args(USAGE, FLAGS, parse) {
        Ok(args) => finish(run(&args)),
        Err(code) => code,
    }
}
