//! The national planning review (SPEC §7): the inspectorate's national tables from force-level
//! gradings, and where forces' plans run counter to their own assessment of need.
//!
//! ```text
//! cargo run --release --example national_review                      # the embedded 43-force sample
//! cargo run --release --example national_review -- --areas FILE --elements FILE [--format json|markdown]
//! ```
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

const USAGE: &str =
    "usage: national_review [--areas FILE --elements FILE] [--format json|markdown]";

struct Args {
    areas: Option<PathBuf>,
    elements: Option<PathBuf>,
    json: bool,
}

fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut args = Args {
        areas: None,
        elements: None,
        json: false,
    };
    while let Some(arg) = p.next()? {
        match arg {
            Long("areas") => args.areas = Some(p.value()?.into()),
            Long("elements") => args.elements = Some(p.value()?.into()),
            Long("format") => {
                args.json = choice("format", p.value()?, &[("json", true), ("markdown", false)])?;
            }
            _ => return Err(arg.unexpected()),
        }
    }
    if args.areas.is_some() != args.elements.is_some() {
        return Err("give both --areas and --elements, or neither for the embedded sample".into());
    }
    Ok(args)
}

fn run(args: &Args) -> needmatrix::Result<String> {
    let review = match (&args.areas, &args.elements) {
        (Some(a), Some(e)) => Review::from_paths(a, e)?,
        _ => Review::from_csv(SAMPLE_AREAS, SAMPLE_ELEMENTS)?,
    };
    Ok(if args.json {
        review.to_json() + "\n"
    } else {
        review.to_markdown() + &report::alignment_markdown(&review)
    })
}

fn main() -> ExitCode {
    match parse_args(USAGE, &["areas", "elements", "format"], parse) {
        Ok(args) => finish(run(&args)),
        Err(code) => code,
    }
}
