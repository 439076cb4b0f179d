//! From gaps to action: every gap above the lowest need band with who acts, by when, and the
//! least change on each lever that would bring it down a band; the resource ask per area; with
//! an earlier assessment, progress between the two and whether its deadlines were kept
//! (measures of success); as of a date, the deadlines passed and the reviews due; with costs,
//! what each option costs, and with a budget, what to fund first.
//!
//! ```text
//! cargo run --release --example action_plan        # a fictional force assessed in 2008 and 2009
//! cargo run --release --example action_plan -- REGISTER [--compare EARLIER] [--matrix FILE]
//!     [--as-of DATE] [--review-months R] [--costs C.csv] [--budget B]
//!     [--ameliorative-step S] [--format json|markdown|csv]
//! cargo run --release --example action_plan -- AFTER --compare BEFORE --crosswalk CW --matrix B
//!     [--from-matrix A] …
//! ```
//!
//! With `--crosswalk`, BEFORE is a register of matrix A (`--from-matrix`, by default the
//! reference matrix) and AFTER one of its revision B: BEFORE is translated to B through the
//! crosswalk (SPEC §14) and then compared, so progress and deadlines kept are measured across
//! the revision.
//!
//! The embedded sample is judged as of 2010-03-31 with the sample's costs and a budget of
//! £150,000, unless the flags say otherwise.

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::jiff::civil::Date;

use needmatrix::plan::{AmeliorativeStep, Costs, DEFAULT_REVIEW_MONTHS, Plan};
use needmatrix::{Amount, Register, RegisterFormat, ScoredRegister, report};

const SAMPLE_2008: &str = include_str!("data/wealdshire_register.csv");
const SAMPLE_2009: &str = include_str!("data/wealdshire_register_2009.csv");
const SAMPLE_COSTS: &str = include_str!("data/wealdshire_costs.csv");
/// What the embedded sample is judged against, unless the flags say otherwise.
const SAMPLE_AS_OF: &str = "2010-03-31";
const SAMPLE_BUDGET: &str = "150000";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Markdown,
    Json,
    Csv,
}

const USAGE: &str = "usage: action_plan [REGISTER [--compare EARLIER]] [--matrix FILE] [--as-of YYYY-MM-DD] [--review-months R] [--costs C.csv] [--budget B] [--ameliorative-step S] [--format json|markdown|csv] [--crosswalk CW [--from-matrix A]]";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &[
    "compare",
    "matrix",
    "as-of",
    "review-months",
    "costs",
    "budget",
    "ameliorative-step",
    "format",
    "crosswalk",
    "from-matrix",
];

pub(crate) struct Args {
    register: Option<PathBuf>,
    compare: Option<PathBuf>,
    matrix: Option<PathBuf>,
    as_of: Option<Date>,
    review_months: Option<u16>,
    costs: Option<PathBuf>,
    budget: Option<Amount>,
    step: Option<AmeliorativeStep>,
    format: Format,
    crosswalk: Option<PathBuf>,
    from_matrix: Option<PathBuf>,
}

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut a = Args {
        register: None,
        compare: None,
        matrix: None,
        as_of: None,
        review_months: None,
        costs: None,
        budget: None,
        step: None,
        format: Format::Markdown,
        crosswalk: None,
        from_matrix: None,
    };
    while let Some(arg) = p.next()? {
        match arg {
            Long("compare") => a.compare = Some(p.value()?.into()),
            Long("matrix") => a.matrix = Some(p.value()?.into()),
            Long("as-of") => a.as_of = Some(date_flag("as-of", p.value()?)?),
            Long("review-months") => a.review_months = Some(p.value()?.parse()?),
            Long("costs") => a.costs = Some(p.value()?.into()),
            Long("budget") => {
                let text = p.value()?.string()?;
                let budget = text
                    .parse::<Amount>()
                    .map_err(|e| flag_error("budget", e))?;
                a.budget = Some(budget);
            }
            Long("ameliorative-step") => {
                let text = p.value()?.string()?;
                a.step = Some(
                    text.parse::<AmeliorativeStep>()
                        .map_err(|e| flag_error("ameliorative-step", e))?,
                );
            }
            Long("format") => {
                let options = [
                    ("json", Format::Json),
                    ("markdown", Format::Markdown),
                    ("text", Format::Markdown),
                    ("csv", Format::Csv),
                ];
                a.format = choice("format", p.value()?, &options)?;
            }
            Long("crosswalk") => a.crosswalk = Some(p.value()?.into()),
            Long("from-matrix") => a.from_matrix = Some(p.value()?.into()),
            Value(path) if a.register.is_none() => a.register = Some(path.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    if a.register.is_none() && a.compare.is_some() {
        return Err("--compare needs a REGISTER to compare it with".into());
    }
    if a.crosswalk.is_some() && a.compare.is_none() {
        return Err(
            "--crosswalk translates the --compare register: give AFTER --compare BEFORE".into(),
        );
    }
    if a.from_matrix.is_some() && a.crosswalk.is_none() {
        return Err(
            "--from-matrix names the matrix a crosswalk translates from: give --crosswalk too"
                .into(),
        );
    }
    if a.review_months.is_some() && a.as_of.is_none() && a.register.is_some() {
        return Err("--review-months goes with --as-of: reviews are due as of a date".into());
    }
    Ok(a)
}

fn run(args: &Args) -> needmatrix::Result<String> {
    let matrix = &matrix_or_reference(args.matrix.as_deref())?;
    let score = |path: &PathBuf| -> needmatrix::Result<ScoredRegister> {
        Register::from_path(matrix, path)?.score(matrix)
    };
    // With a crosswalk, the earlier register is of matrix A, translated to B (the matrix).
    let earlier_of = |path: &PathBuf| -> needmatrix::Result<ScoredRegister> {
        match &args.crosswalk {
            Some(cw) => {
                let crosswalk =
                    read_crosswalk(cw, args.matrix.as_deref(), args.from_matrix.as_deref())?;
                Register::from_path(crosswalk.from_matrix(), path)?
                    .translate(&crosswalk)?
                    .scored()
            }
            None => score(path),
        }
    };
    let (current, earlier) = match &args.register {
        Some(path) => (
            score(path)?,
            args.compare.as_ref().map(earlier_of).transpose()?,
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
    let sample = args.register.is_none();
    let as_of = match (args.as_of, sample) {
        (None, true) => SAMPLE_AS_OF.parse().ok(),
        (date, _) => date,
    };
    let costs = match (&args.costs, sample) {
        (Some(path), _) => Some(Costs::from_path(matrix, path)?),
        (None, true) => Some(
            Costs::from_csv_str(matrix, SAMPLE_COSTS)
                .map_err(|e| e.in_file("wealdshire_costs.csv (embedded sample)"))?,
        ),
        (None, false) => None,
    };
    let budget = match (args.budget, sample) {
        (None, true) => SAMPLE_BUDGET.parse().ok(),
        (budget, _) => budget,
    };
    let mut plan = Plan::new(&current)?;
    if let Some(step) = args.step {
        plan = plan.with_ameliorative_step(step)?;
    }
    if let Some(earlier) = &earlier {
        plan = plan.compared_with(earlier)?;
    }
    if let Some(date) = as_of {
        plan = plan.as_of(date, args.review_months.unwrap_or(DEFAULT_REVIEW_MONTHS));
    }
    if let Some(costs) = &costs {
        plan = plan.with_costs(costs)?;
    }
    if let Some(budget) = budget {
        plan = plan.with_budget(budget)?;
    }
    Ok(match args.format {
        Format::Json => report::plan_json(&plan) + "\n",
        Format::Csv => report::plan_csv(&plan),
        Format::Markdown => report::plan_markdown(&plan),
    })
}

fn main() -> ExitCode {
    match parse_args(USAGE, FLAGS, parse) {
        Ok(args) => finish(run(&args)),
        Err(code) => code,
    }
}
