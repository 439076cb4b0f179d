//! The rules of the vector format that its JSON Schema states beyond the Rust types.

use schemars::{Schema, SchemaGenerator, json_schema};

use crate::matrix::file::MatrixFile;

pub(crate) fn format_name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"const": super::FORMAT})
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
        serde_json::json!([
            {"required": ["cases"]},
            {"required": ["expect_matrix_error"]},
            {"required": ["expect_crosswalk_error"]}
        ]),
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
