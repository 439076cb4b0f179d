//! The reference matrix and every published vector file validate against the checked-in JSON
//! Schemas (schema/), whose being current the crate's own `tests/schema.rs` checks.

use std::path::PathBuf;

use needmatrix::{Matrix, vectors};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(dir().join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

#[test]
fn the_reference_matrix_validates() {
    let v = validator("matrix.schema.json");
    let m: Value = serde_json::from_str(&Matrix::reference().to_canonical_json()).unwrap();
    assert!(v.is_valid(&m));
    let toml_shape: Value =
        serde_json::from_str(include_str!("../../src/matrix/reference.json")).unwrap();
    assert!(v.is_valid(&toml_shape));
    // And the schema refuses what the crate refuses structurally.
    let mut bad = m.clone();
    bad["colour"] = "red".into();
    assert!(!v.is_valid(&bad));
    let mut bad = m;
    bad["impact"][0]["points"] = serde_json::json!(1.5);
    assert!(!v.is_valid(&bad));
}

#[test]
fn the_worked_crosswalk_validates_and_the_schema_refuses_what_the_crate_refuses_by_shape() {
    let v = validator("crosswalk.schema.json");
    let text = include_str!("../../examples/data/crosswalk/reference-to-national-2.0.0.json");
    let cw: Value = serde_json::from_str(text).unwrap();
    assert!(v.is_valid(&cw));
    let mut bad = cw.clone();
    bad["impact"]["major"] = serde_json::json!(4);
    assert!(!v.is_valid(&bad));
    let mut bad = cw.clone();
    bad["format"] = "needmatrix-crosswalk/2".into();
    assert!(!v.is_valid(&bad));
    let mut bad = cw.clone();
    bad["from"]["fingerprint"] = "3a2688ba".into();
    assert!(!v.is_valid(&bad));
    let mut bad = cw;
    bad.as_object_mut().unwrap().remove("to");
    assert!(!v.is_valid(&bad));
}

#[test]
fn every_published_vector_file_validates() {
    let v = validator("vectors.schema.json");
    let a = validator("assessment.schema.json");
    let files = vectors::collect_files(&[
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
    ])
    .unwrap();
    assert!(!files.is_empty());
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        // A file of one-notch cases holds a register: each of its assessments is one.
        if doc["format"] == vectors::ROBUSTNESS_FORMAT {
            for input in doc["register"].as_array().unwrap() {
                assert!(a.is_valid(input), "{}: {}", file.display(), input["id"]);
            }
            continue;
        }
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).take(3).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        // A file of crosswalk cases holds a crosswalk: one that is accepted is valid.
        if doc.get("crosswalk").is_some() && doc.get("cases").is_some() {
            let c = validator("crosswalk.schema.json");
            assert!(c.is_valid(&doc["crosswalk"]), "{}", file.display());
        }
        for case in doc["cases"].as_array().into_iter().flatten() {
            if case.get("expect").is_some() {
                assert!(
                    a.is_valid(&case["input"]),
                    "{}: {}",
                    file.display(),
                    case["name"]
                );
            }
        }
    }
}
