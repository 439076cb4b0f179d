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

use std::path::PathBuf;
use std::process::ExitCode;

use needmatrix::report;
use needmatrix::review::Review;

const SAMPLE_AREAS: &str = include_str!("data/review/areas.csv");
const SAMPLE_ELEMENTS: &str = include_str!("data/review/elements.csv");

fn main() -> ExitCode {
    let (mut areas, mut elements, mut json) = (None, None, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--areas", Some(v)) => areas = Some(PathBuf::from(v)),
            ("--elements", Some(v)) => elements = Some(PathBuf::from(v)),
            ("--format", Some(v)) if v == "json" => json = true,
            ("--format", Some(v)) if v == "markdown" => json = false,
            _ => {
                eprintln!(
                    "usage: national_review [--areas FILE --elements FILE] [--format json|markdown]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let review = match (&areas, &elements) {
        (Some(a), Some(e)) => Review::from_paths(a, e),
        (None, None) => Review::from_csv(SAMPLE_AREAS, SAMPLE_ELEMENTS),
        _ => {
            eprintln!("give both --areas and --elements, or neither for the embedded sample");
            return ExitCode::from(2);
        }
    };
    match review {
        Ok(review) => {
            if json {
                report::write_stdout(&(review.to_json() + "\n"));
            } else {
                report::write_stdout(
                    &(review.to_markdown() + &report::alignment_markdown(&review)),
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", report::error_report(&e));
            ExitCode::from(2)
        }
    }
}
