//! Conformance vectors (`needmatrix-vectors/1`, SPEC §4): the runner that checks an engine's
//! results against published cases, and emit mode, which writes the crate's own outcomes as
//! vectors for a vendor's matrix.
//!
//! ```
//! use needmatrix::vectors;
//!
//! let file = r#"{"format": "needmatrix-vectors/1", "matrix": "reference", "cases": [
//!   {"name": "soc-1",
//!    "input": {"id": "a", "area": "serious_organised_crime", "impact": "major",
//!              "probability": "likely", "weighting": ["vulnerable_victims"],
//!              "ameliorative": {"partnership": "1.5"}, "capability": "limited",
//!              "capacity": "good", "assessed_on": "2008-06-20"},
//!    "expect": {"risk": "16", "threat": "17.50", "grade": "red", "action_due": "2008-09-20"}},
//!   {"name": "bad-level", "input": {"id": "b", "area": "major_crime", "impact": "huge",
//!    "probability": "rare", "capability": "none", "capacity": "none"},
//!    "expect_error": "unknown_level"}]}"#;
//! let report = vectors::run_str(file, "example.json");
//! assert_eq!((report.passed(), report.failures().len()), (2, 0));
//! ```

mod emit;
mod file;
mod run;
#[cfg(feature = "schema")]
pub(crate) mod schema;

pub use emit::{emit, read_inputs};
pub use file::{Case, FORMAT, VectorFile, VectorInput};
pub use run::{Failure, FileReport, ROBUSTNESS_FORMAT, collect_files, run_path, run_str};
