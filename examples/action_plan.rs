//! From gaps to action: every gap above the lowest need band with who acts, by when, and the
//! least change on each lever that would bring it down a band; the resource ask per area; and,
//! with an earlier assessment, progress between the two (measures of success).
//!
//! ```text
//! cargo run --release --example action_plan        # a fictional force assessed in 2008 and 2009
//! cargo run --release --example action_plan -- REGISTER [--compare EARLIER] [--matrix FILE]
//!     [--as-of DATE] [--format json|markdown|csv]
//! ```

use std::process::ExitCode;

use needmatrix::plan::{Progress, action_plan, resource_ask};
use needmatrix::{Matrix, Register, RegisterFormat, ScoredRegister, report};

const SAMPLE_2008: &str = include_str!("data/wealdshire_register.csv");
const SAMPLE_2009: &str = include_str!("data/wealdshire_register_2009.csv");

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Markdown,
    Json,
    Csv,
}

struct Args {
    register: Option<String>,
    compare: Option<String>,
    matrix: Option<String>,
    as_of: Option<jiff::civil::Date>,
    format: Format,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        register: None,
        compare: None,
        matrix: None,
        as_of: None,
        format: Format::Markdown,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--compare" => a.compare = Some(value("--compare")?),
            "--matrix" => a.matrix = Some(value("--matrix")?),
            "--as-of" => {
                let text = value("--as-of")?;
                a.as_of = Some(text.parse().map_err(|e| format!("--as-of `{text}`: {e}"))?);
            }
            "--format" => {
                a.format = match value("--format")?.as_str() {
                    "json" => Format::Json,
                    "markdown" | "text" => Format::Markdown,
                    "csv" => Format::Csv,
                    other => return Err(format!("--format `{other}`: use json, markdown or csv")),
                }
            }
            flag if flag.starts_with("--") => return Err(format!("unknown flag `{flag}`")),
            path if a.register.is_none() => a.register = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    if a.register.is_none() && a.compare.is_some() {
        return Err("--compare needs a REGISTER to compare it with".to_owned());
    }
    Ok(a)
}

fn run(args: &Args) -> needmatrix::Result<String> {
    let owned;
    let matrix = match &args.matrix {
        Some(p) => {
            owned = Matrix::from_path(p)?;
            &owned
        }
        None => Matrix::reference(),
    };
    let score = |path: &str| -> needmatrix::Result<ScoredRegister> {
        Register::from_path(matrix, path)?.score(matrix)
    };
    let (current, earlier) = match &args.register {
        Some(path) => (
            score(path)?,
            args.compare.as_deref().map(score).transpose()?,
        ),
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
    let args = match parse_args() {
        Ok(a) => a,
        Err(m) => {
            eprintln!("{m}");
            eprintln!(
                "usage: action_plan [REGISTER [--compare EARLIER]] [--matrix FILE] [--as-of DATE] [--format json|markdown|csv]"
            );
            return ExitCode::from(2);
        }
    };
    report::finish(run(&args))
}
