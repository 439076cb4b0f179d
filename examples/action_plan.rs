//! From gaps to action: every gap above the lowest need band with who acts, by when, and the
//! least change on each lever that would bring it down a band; the resource ask per area; and,
//! with an earlier assessment, progress between the two (measures of success).
//!
//! ```text
//! cargo run --release --example action_plan        # a fictional force assessed in 2008 and 2009
//! cargo run --release --example action_plan -- REGISTER [--compare EARLIER] [--matrix FILE]
//!     [--as-of DATE] [--format json|markdown|csv]
//! ```

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::jiff::civil::Date;

use needmatrix::plan::{Progress, action_plan, resource_ask};
use needmatrix::{Register, RegisterFormat, ScoredRegister, report};

const SAMPLE_2008: &str = include_str!("data/wealdshire_register.csv");
const SAMPLE_2009: &str = include_str!("data/wealdshire_register_2009.csv");

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Markdown,
    Json,
    Csv,
}

const USAGE: &str = "usage: action_plan [REGISTER [--compare EARLIER]] [--matrix FILE] [--as-of YYYY-MM-DD] [--format json|markdown|csv]";

struct Args {
    register: Option<PathBuf>,
    compare: Option<PathBuf>,
    matrix: Option<PathBuf>,
    as_of: Option<Date>,
    format: Format,
}

fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut a = Args {
        register: None,
        compare: None,
        matrix: None,
        as_of: None,
        format: Format::Markdown,
    };
    while let Some(arg) = p.next()? {
        match arg {
            Long("compare") => a.compare = Some(p.value()?.into()),
            Long("matrix") => a.matrix = Some(p.value()?.into()),
            Long("as-of") => a.as_of = Some(p.value()?.parse()?),
            Long("format") => {
                let options = [
                    ("json", Format::Json),
                    ("markdown", Format::Markdown),
                    ("text", Format::Markdown),
                    ("csv", Format::Csv),
                ];
                a.format = choice("format", p.value()?, &options)?;
            }
            Value(path) if a.register.is_none() => a.register = Some(path.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    if a.register.is_none() && a.compare.is_some() {
        return Err("--compare needs a REGISTER to compare it with".into());
    }
    Ok(a)
}

fn run(args: &Args) -> needmatrix::Result<String> {
    let matrix = &matrix_or_reference(args.matrix.as_deref())?;
    let score = |path: &PathBuf| -> needmatrix::Result<ScoredRegister> {
        Register::from_path(matrix, path)?.score(matrix)
    };
    let (current, earlier) = match &args.register {
        Some(path) => (score(path)?, args.compare.as_ref().map(score).transpose()?),
        None => {
            let sample = |text: &str, name: &str| {
                Register::from_text(matrix, text, RegisterFormat::Csv)
                    .and_then(|r| r.score(matrix))
                    .map_err(|e| e.in_file(name))
            };
            (
                sample(
                    SAMPLE_2009,
                    "wealdshire_register_2009.csv (embedded sample)",
                )?,
                Some(sample(
                    SAMPLE_2008,
                    "wealdshire_register.csv (embedded sample)",
                )?),
            )
        }
    };
    let plan = action_plan(&current)?;
    let progress = earlier
        .as_ref()
        .map(|e| Progress::between(e, &current))
        .transpose()?;
    Ok(match args.format {
        Format::Json => report::plan_json(&current, &plan, progress.as_ref()) + "\n",
        Format::Csv => report::plan_csv(&plan, args.as_of),
        Format::Markdown => report::plan_markdown(
            &current,
            &plan,
            &resource_ask(matrix, &plan),
            progress.as_ref(),
            args.as_of,
        ),
    })
}

fn main() -> ExitCode {
    match parse_args(USAGE, &["compare", "matrix", "as-of", "format"], parse) {
        Ok(args) => finish(run(&args)),
        Err(code) => code,
    }
}
