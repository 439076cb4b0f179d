//! The main job: score a register of assessments, print it in priority order with the summary
//! per area and the explanation of the top entry.
//!
//! ```text
//! cargo run --release --example microanalysis                      # the embedded sample
//! cargo run --release --example microanalysis -- REGISTER [--matrix FILE] [--as-of DATE]
//!     [--format text|json|csv] [--summary FILE.csv] [--heatmap FILE.svg] [--xlsx FILE.xlsx]
//!     [--heatmap-by band|grade] [--title TEXT] [--robustness]
//! cargo run --release --example microanalysis -- REGISTER --crosswalk CW --matrix B [--from-matrix A] …
//! ```
//!
//! `--crosswalk CW --matrix B` scores a register written under matrix A (`--from-matrix`, by
//! default the reference matrix) under its revision B (SPEC §14): every assessment is
//! translated through the crosswalk, the whole register refused if one cannot be, then scored
//! under B in every output format; the text report says it was translated, and the explanation
//! of the top entry says where each key came from.
//!
//! `--robustness` prints the one-notch test (SPEC §13) in the format asked for instead of the
//! register: in words (text), as `needmatrix-robustness/1` JSON, or as CSV with one row per
//! change; with `--xlsx`, the workbook gains a `Robustness` sheet.
//!
//! REGISTER is a `.json` array, `.jsonl`, `.csv` (`,`, `;` or tab between fields) or `.xlsx`
//! workbook file. `--xlsx` writes the scored register as a workbook: the register in priority
//! order with graded fills, the summary and the heat map. `--format csv` writes one table, the
//! scored register in priority order, as a spreadsheet, pandas or R opens it; `--summary` writes
//! the summary per area to its own CSV file. The heat map's title names the register (its file
//! stem, or `--title`), its entries, the `--as-of` date and the matrix; `--heatmap-by grade`
//! colours each cell by the worst grade of its entries instead of its inherent threat band. `--format csv` and `--format json` go through the
//! streaming register path (`needmatrix::stream`); a file that takes more than a second gets a
//! line on stderr with its rows and rate, when stderr is a terminal. Bad input: the error on
//! stderr (code, where, what), exit status 2, nothing on stdout.

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::*;
use needmatrix::heatmap::{ColourBy, HeatMap};
use needmatrix::jiff::civil::Date;
use needmatrix::robustness::Robustness;
use needmatrix::stream::ScoredStream;
use needmatrix::{Register, RegisterFormat, report};

/// A fictional force's register, embedded so the example runs with no arguments.
const SAMPLE: &str = include_str!("data/wealdshire_register.csv");

const USAGE: &str = "usage: microanalysis [REGISTER] [--matrix FILE] [--as-of YYYY-MM-DD] [--format text|json|csv] [--summary FILE.csv] [--heatmap FILE.svg] [--heatmap-by band|grade] [--title TEXT] [--xlsx FILE.xlsx] [--robustness] [--crosswalk CW --matrix B [--from-matrix A]]";

/// The long flags, for the nearest one to a mistyped flag.
pub(crate) const FLAGS: &[&str] = &[
    "matrix",
    "as-of",
    "format",
    "heatmap",
    "heatmap-by",
    "title",
    "summary",
    "xlsx",
    "robustness",
    "crosswalk",
    "from-matrix",
];

#[derive(Default)]
pub(crate) struct Args {
    register: Option<PathBuf>,
    matrix: Option<PathBuf>,
    as_of: Option<Date>,
    format: Format,
    heatmap: Option<PathBuf>,
    heatmap_by: ColourBy,
    title: Option<String>,
    summary: Option<PathBuf>,
    xlsx: Option<PathBuf>,
    robustness: bool,
    crosswalk: Option<PathBuf>,
    from_matrix: Option<PathBuf>,
}

#[derive(Clone, Copy, Default, PartialEq)]
enum Format {
    #[default]
    Text,
    Json,
    Csv,
}

pub(crate) fn parse(p: &mut lexopt::Parser) -> Result<Args, lexopt::Error> {
    let mut args = Args::default();
    while let Some(arg) = p.next()? {
        match arg {
            Long("matrix") => args.matrix = Some(p.value()?.into()),
            Long("as-of") => args.as_of = Some(date_flag("as-of", p.value()?)?),
            Long("format") => {
                let options = [
                    ("text", Format::Text),
                    ("json", Format::Json),
                    ("csv", Format::Csv),
                ];
                args.format = choice("format", p.value()?, &options)?;
            }
            Long("heatmap") => args.heatmap = Some(p.value()?.into()),
            Long("heatmap-by") => {
                let options = [("band", ColourBy::Band), ("grade", ColourBy::Grade)];
                args.heatmap_by = choice("heatmap-by", p.value()?, &options)?;
            }
            Long("title") => args.title = Some(p.value()?.string()?),
            Long("summary") => args.summary = Some(p.value()?.into()),
            Long("xlsx") => args.xlsx = Some(p.value()?.into()),
            Long("robustness") => args.robustness = true,
            Long("crosswalk") => args.crosswalk = Some(p.value()?.into()),
            Long("from-matrix") => args.from_matrix = Some(p.value()?.into()),
            Value(path) if args.register.is_none() => args.register = Some(path.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(args)
}

/// Refuses outputs that would overwrite an input or each other, before anything is read.
fn check_outputs(args: &Args) -> Result<(), needmatrix::Error> {
    let inputs: Vec<&std::path::Path> = [
        &args.register,
        &args.matrix,
        &args.crosswalk,
        &args.from_matrix,
    ]
    .into_iter()
    .flatten()
    .map(PathBuf::as_path)
    .collect();
    distinct_outputs(
        &inputs,
        &[
            ("summary", args.summary.as_deref()),
            ("heatmap", args.heatmap.as_deref()),
            ("xlsx", args.xlsx.as_deref()),
        ],
    )
}

fn run(args: &Args) -> Result<String, needmatrix::Error> {
    check_outputs(args)?;
    let (register, matrix) = match &args.crosswalk {
        Some(cw) => {
            let crosswalk =
                read_crosswalk(cw, args.matrix.as_deref(), args.from_matrix.as_deref())?;
            let register = read_register(args, crosswalk.from_matrix())?;
            let to = crosswalk.to_matrix().clone();
            (register.translate(&crosswalk)?, to)
        }
        None if args.from_matrix.is_some() => {
            return Err(needmatrix::Error::flag(
                "from-matrix",
                "--from-matrix names the matrix a crosswalk translates from: give --crosswalk too",
            ));
        }
        None => {
            let matrix = matrix_or_reference(args.matrix.as_deref())?;
            (read_register(args, &matrix)?, matrix)
        }
    };
    let scored = register.into_scored(&matrix)?;
    warn_recomputed(scored.recomputed());
    if let Some(path) = &args.heatmap {
        // What the map shows: the title given, else the register's file stem.
        let title = args.title.clone().unwrap_or_else(|| match &args.register {
            Some(path) => path
                .file_stem()
                .map_or("register".into(), |s| s.to_string_lossy().into_owned()),
            None => "wealdshire_register (embedded sample)".to_owned(),
        });
        let mut map = HeatMap::of_scored(&scored)
            .with_title(title)
            .colour_by(args.heatmap_by);
        if let Some(date) = args.as_of {
            map = map.with_as_of(date);
        }
        write_file(path, map.to_svg().as_bytes())?;
    }
    let robustness = if args.robustness {
        Some(Robustness::of_scored(&scored)?)
    } else {
        None
    };
    if let Some(path) = &args.xlsx {
        let bytes = match &robustness {
            Some(r) => report::workbook_with_robustness(&scored, r)?,
            None => report::workbook(&scored)?,
        };
        write_file(path, &bytes)?;
    }
    if let Some(path) = &args.summary {
        write_file(
            path,
            report::register_summary_csv(scored.summary()).as_bytes(),
        )?;
    }
    if let Some(r) = &robustness {
        return Ok(match args.format {
            Format::Json => r.to_json() + "\n",
            Format::Text => report::robustness_text(r),
            Format::Csv => report::robustness_csv(r),
        });
    }
    Ok(match args.format {
        Format::Json => scored.to_json() + "\n",
        Format::Text => report::register_report(&scored, args.as_of),
        Format::Csv => report::register_csv(&scored),
    })
}

/// The register named, or the embedded sample, read against `matrix`.
fn read_register(args: &Args, matrix: &needmatrix::Matrix) -> needmatrix::Result<Register> {
    match &args.register {
        Some(path) => Register::from_path(matrix, path),
        None => Register::from_text(matrix, SAMPLE, RegisterFormat::Csv)
            .map_err(|e| e.in_file("wealdshire_register.csv (embedded sample)")),
    }
}

/// A scored table read back whose derived values differ from what its inputs give now (an
/// input edited after it was scored): said once on stderr, counted, with the first few; the
/// run goes on with every value recomputed.
fn warn_recomputed(recomputed: &needmatrix::Recomputed) {
    if !recomputed.is_consistent() {
        eprintln!("warning: {recomputed}");
    }
}

/// Whether the output goes through the streaming register path: `--format csv` and `--format
/// json`, unless a heat map or a workbook (which need the assessments whole) is asked for too.
fn streams(args: &Args) -> bool {
    matches!(args.format, Format::Csv | Format::Json)
        && args.heatmap.is_none()
        && args.xlsx.is_none()
        && !args.robustness
        && args.crosswalk.is_none()
        && args.from_matrix.is_none()
}

/// Reads and scores the register on the streaming path, and writes its summary if asked.
fn stream(args: &Args) -> Result<ScoredStream, needmatrix::Error> {
    check_outputs(args)?;
    let matrix = &matrix_or_reference(args.matrix.as_deref())?;
    let started = std::time::Instant::now();
    let scored = match &args.register {
        Some(path) => ScoredStream::from_path(matrix, path)?,
        None => ScoredStream::from_text(matrix, SAMPLE.to_owned(), RegisterFormat::Csv)
            .map_err(|e| e.in_file("wealdshire_register.csv (embedded sample)"))?,
    };
    warn_recomputed(scored.recomputed());
    if let Some(path) = &args.summary {
        write_file(
            path,
            report::register_summary_csv(scored.summary()).as_bytes(),
        )?;
    }
    let seconds = started.elapsed().as_secs_f64();
    if seconds > 1.0 && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!(
            "{} rows read, scored and put in priority order in {seconds:.1} s ({:.0} rows/s)",
            scored.len(),
            scored.len() as f64 / seconds
        );
    }
    Ok(scored)
}

fn main() -> ExitCode {
    let args = match parse_args(USAGE, FLAGS, parse) {
        Ok(args) => args,
        Err(code) => return code,
    };
    if !streams(&args) {
        return finish(run(&args));
    }
    match stream(&args) {
        Ok(scored) => write_stdout_with(|out| match args.format {
            Format::Json => scored
                .write_json(&mut *out)
                .and_then(|()| out.write_all(b"\n")),
            _ => report::write_stream_csv(&scored, out),
        }),
        Err(e) => fail(&e),
    }
}
