//! JSON Schemas of the file formats, generated from the Rust types that read them (feature
//! `schema`). The repository keeps them under `schema/`; a test fails when they are stale.
//!
//! ```
//! let schema = needmatrix::schema::matrix();
//! assert_eq!(schema["title"], "needmatrix matrix");
//! ```

use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::assessment::RawAssessment;
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

/// The schema of a conformance vector file (SPEC §4).
#[must_use]
pub fn vectors() -> Value {
    generate::<VectorFile>()
}

pub(crate) fn format_name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"const": crate::vectors::FORMAT})
}

/// The `matrix` of a vector file: `"reference"` or an object. A file with cases must hold a
/// valid matrix (see [`vector_file_rules`]); a file that expects its matrix to be refused holds
/// a faulty one on purpose.
pub(crate) fn matrix_or_reference(generator: &mut SchemaGenerator) -> Schema {
    // Registers the matrix definition that `vector_file_rules` refers to.
    let _ = generator.subschema_for::<MatrixFile>();
    json_schema!({
        "description": "\"reference\" for the built-in reference matrix, or a whole matrix",
        "oneOf": [{"const": "reference"}, {"type": "object"}]
    })
}

/// A vector file holds `cases` or `expect_matrix_error`, not both; with cases, its matrix is
/// valid.
pub(crate) fn vector_file_rules(schema: &mut Schema) {
    schema.insert(
        "oneOf".into(),
        serde_json::json!([{"required": ["cases"]}, {"required": ["expect_matrix_error"]}]),
    );
    schema.insert("if".into(), serde_json::json!({"required": ["cases"]}));
    schema.insert(
        "then".into(),
        serde_json::json!({"properties": {"matrix": {"oneOf": [
            {"const": "reference"}, {"$ref": "#/$defs/MatrixFile"}]}}}),
    );
}

/// A case holds `expect` or `expect_error`, not both.
pub(crate) fn case_rules(schema: &mut Schema) {
    schema.insert(
        "oneOf".into(),
        serde_json::json!([{"required": ["expect"]}, {"required": ["expect_error"]}]),
    );
}

pub(crate) fn any_object(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": "object"})
}
