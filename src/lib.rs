//! # needmatrix
//!
//! One exact, points-based threat/risk/need matrix for police protective services: the "common
//! language" the inspectorate asked for when it found 43 forces assessing need in 43 dialects.
//!
//! # Overview
//!
//! - A [`Matrix`] is data (JSON or TOML), validated on load and fingerprinted
//!   ([`Matrix::fingerprint`]); [`Matrix::reference`] is the built-in reference matrix.
//! - An [`Assessment`] describes one risk. [`Matrix::score`] scores it exactly (`rust_decimal`,
//!   never a float): impact × probability = risk; + weighting factors = comparator; − ameliorative
//!   action = threat; − ability = need, with bands, a red/amber/green [`Grade`], an action deadline
//!   in calendar months and the West Midlands "high need" test. The [`Outcome`] can explain itself
//!   step by step ([`Matrix::score_explained`]).
//! - A [`Register`] of many assessments is scored whole or refused whole: priority order, what is
//!   due, summaries per area and overall ([`ScoredRegister`]).
//!
//! The model and file formats are in `docs/SPEC.md`.
//!
//! # Example
//!
//! ```
//! use needmatrix::{Assessment, Grade, Matrix, Points};
//!
//! let matrix = Matrix::reference();
//! let a = Assessment::new("soc-1", "serious_organised_crime", "major", "likely", "adequate", "good")?
//!     .with_weighting(["vulnerable_victims"])
//!     .with_ameliorative("partnership", "1.5".parse::<Points>()?)
//!     .with_assessed_on(jiff::civil::date(2008, 6, 20));
//! let o = matrix.score_explained(&a)?;
//! // risk 4 × 4 = 16; comparator 16 + 3 = 19; threat 19 − 1.5 = 17.5;
//! // ability min(8, 12) = 8; need 9.5: band medium, amber, due in 6 months.
//! assert_eq!(o.need().to_string(), "9.5");
//! assert_eq!(o.grade(), Some(Grade::Amber));
//! assert_eq!(o.action_due(), Some(jiff::civil::date(2008, 12, 20)));
//! println!("{}", o.explanation().unwrap());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! Every refusal is an [`Error`] with a stable [`ErrorCode`] (the codes of SPEC) and a
//! [`Location`] naming the file, line, record and field. A refused file lists its first faulty
//! records ([`Error::faults`]); an I/O failure keeps its cause ([`std::error::Error::source`]).
//!
//! # Beyond one assessment
//!
//! [`bulk`] scores millions exactly through a compiled matrix, [`national`] rolls registers up to
//! force, region and nation, [`heatmap`] draws the grid, [`plan`] turns gaps into options and
//! measures progress, [`review`] reproduces the national planning review's tables, [`vectors`]
//! and [`lint`] serve vendors, [`crosswalk`] carries registers across a revision of the matrix
//! (SPEC §14), and [`report`] renders text, Markdown and CSV views. The layers
//! and what each module holds are in `docs/ARCHITECTURE.md`.
//!
//! # Crate features
//!
//! The core (no features) scores, reads matrices and registers in JSON and JSON Lines, sums up,
//! rolls up, plans and lints.
//!
//! - `toml` (default): matrices, assessments and outcomes in TOML.
//! - `csv` (default): CSV registers and views, `regions.csv`, the national planning review.
//! - `heatmap` (default): the heat map as SVG.
//! - `vectors` (default): the conformance vector runner and emitter.
//! - `schema`: JSON Schemas of the matrix, assessment and vector formats, generated from the
//!   Rust types (`needmatrix::schema`, with `schemars`).
//! - `parallel`: [`bulk::Scorer::score_into_parallel`] on the caller's rayon pool
//!   (`score_into_threads` needs no feature).
//! - `xlsx` (default): registers read from Excel workbooks ([`Register::from_xlsx`],
//!   [`Register::from_path`]) and scored registers written as workbooks ([`report::workbook`]).
//!
//! # Public dependencies
//!
//! Dates are [`jiff`] civil dates and points are [`rust_decimal`] decimals; both crates are
//! re-exported, so a dependent needs no other dependency to use them.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations, unreachable_pub)]
// No panic on input, by construction: library code may not unwrap, expect, panic or index
// unchecked (tests and examples may).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod assessment;
pub mod bulk;
pub mod calendar;
mod closed;
pub mod crosswalk;
mod error;
#[cfg(feature = "heatmap")]
#[cfg_attr(docsrs, doc(cfg(feature = "heatmap")))]
pub mod heatmap;
pub mod lint;
mod matrix;
pub mod national;
#[cfg_attr(not(any(feature = "heatmap", feature = "xlsx")), allow(dead_code))]
mod palette;
pub mod plan;
mod points;
mod quote;
mod register;
pub mod report;
#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
pub mod review;
pub mod robustness;
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub mod schema;
mod score;
#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
pub mod stream;
mod text;
#[cfg(feature = "vectors")]
#[cfg_attr(docsrs, doc(cfg(feature = "vectors")))]
pub mod vectors;

/// The calendar crate whose dates the crate takes and gives (`assessed_on`, `action_due`).
pub use jiff;
/// The decimal crate behind [`Points`].
pub use rust_decimal;

pub use assessment::{
    Assessment, DERIVED_COLUMNS, Levels, MAX_ID_CHARS, MAX_REGISTER_ROWS, MAX_TEXT_CHARS,
    RegisterFormat, parse_date,
};
pub use closed::UnknownName;
pub use error::{Error, ErrorCode, Location, MAX_LISTED_FAULTS, Result};
pub use matrix::{
    AbilityRule, AmeliorativeKind, Area, Band, Grade, GradeRule, GridCell, Level, MAX_AMELIORATIVE,
    MAX_LIST, MAX_WEIGHTING, Matrix, RiskRule, is_key,
};
pub use points::{Amount, MAX_INPUT_AMOUNT, MAX_INPUT_PLACES, MAX_INPUT_POINTS, Points};
pub use register::{Register, RegisterSummary, ScoredEntry, ScoredRegister, Summary};
pub use score::{
    Difference, Explanation, KeyChange, Operand, Outcome, OutcomeField, Recomputed,
    SHOWN_DIFFERENCES, Step, Translation,
};
pub use text::MAX_FILE_BYTES;

/// The README's examples, compiled and run as doc tests so they never go stale.
#[cfg(all(doctest, feature = "csv"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
