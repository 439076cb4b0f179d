//! The checked-in JSON Schemas (schema/) are those the Rust types generate. That the reference
//! matrix and every published vector file validate against them is checked in the `checks`
//! member (`checks/tests/schema.rs`), where the validator's dependencies are built.
//!
//! To regenerate after a format change: `NEEDMATRIX_BLESS=1 cargo test --features schema --test schema`.

#![cfg(feature = "schema")]

use std::path::PathBuf;

use needmatrix::schema;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema")
}

fn check(name: &str, generated: &Value) {
    let path = dir().join(name);
    let text = serde_json::to_string_pretty(generated).unwrap() + "\n";
    if std::env::var_os("NEEDMATRIX_BLESS").is_some() {
        std::fs::create_dir_all(dir()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "schema/{name} is stale: regenerate with NEEDMATRIX_BLESS=1 cargo test --features schema --test schema"
    );
}

#[test]
fn checked_in_schemas_are_current() {
    check("matrix.schema.json", &schema::matrix());
    check("assessment.schema.json", &schema::assessment());
    check("vectors.schema.json", &schema::vectors());
    check("crosswalk.schema.json", &schema::crosswalk());
}
