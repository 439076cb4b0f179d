//! Views for people: aligned text tables of a prioritised register and of its summaries,
//! Markdown and CSV.
//!
//! These are the last stage of the one-way flow (matrix → scorer → outcomes → views); they only
//! read scored values and never compute a score.
//!
//! ```
//! use needmatrix::{Matrix, Register, RegisterFormat, report};
//!
//! let m = Matrix::reference();
//! let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "none", "capacity": "none"}"#;
//! let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
//! let text = report::register_report(&scored, None);
//! assert!(text.contains("Prioritised register") && text.contains("Why a is first"));
//! # Ok::<(), needmatrix::Error>(())
//! ```

#[cfg(feature = "csv")]
mod csv;
mod national;
mod plan;
mod register;
#[cfg(feature = "csv")]
mod review;
mod robustness;
mod table;
#[cfg(feature = "xlsx")]
mod workbook;

#[cfg(feature = "csv")]
pub use csv::{
    national_csv, plan_csv, register_csv, register_summary_csv, scored_header, summaries_csv,
    write_register_csv, write_stream_csv,
};
pub use national::national_report;
pub use plan::{plan_json, plan_markdown};
pub use register::{error_report, register_report};
#[cfg(feature = "csv")]
pub use review::alignment_markdown;
#[cfg(feature = "csv")]
pub use robustness::robustness_csv;
pub use robustness::robustness_text;
#[cfg(feature = "xlsx")]
#[cfg_attr(docsrs, doc(cfg(feature = "xlsx")))]
pub use workbook::{workbook, workbook_with_robustness};

#[cfg(feature = "csv")]
pub(crate) use crate::quote::markdown_cell;
pub use crate::quote::shown;
