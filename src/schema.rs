//! JSON Schemas of the file formats, generated from the Rust types that read them (feature
//! `schema`). The repository keeps them under `schema/`; a test fails when they are stale.
//!
//! ```
//! let schema = needmatrix::schema::matrix();
//! assert_eq!(schema["title"], "needmatrix matrix");
//! ```

use serde_json::Value;

use crate::assessment::RawAssessment;
use crate::crosswalk::file::CrosswalkFile;
use crate::matrix::file::MatrixFile;
use crate::vectors::VectorFile;

fn generate<T: schemars::JsonSchema>() -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.to_value()
}

/// The schema of a matrix file (SPEC §2).
#[must_use]
pub fn matrix() -> Value {
    generate::<MatrixFile>()
}

/// The schema of one assessment (SPEC §3).
#[must_use]
pub fn assessment() -> Value {
    generate::<RawAssessment>()
}

/// The schema of a crosswalk file (SPEC §14). It states the file's shape; whether its keys are
/// those of the two matrices it names is checked when it is read against them.
///
/// ```
/// let schema = needmatrix::schema::crosswalk();
/// assert_eq!(schema["title"], "needmatrix crosswalk");
/// ```
#[must_use]
pub fn crosswalk() -> Value {
    generate::<CrosswalkFile>()
}

/// The schema of a conformance vector file (SPEC §4).
#[must_use]
pub fn vectors() -> Value {
    generate::<VectorFile>()
}
