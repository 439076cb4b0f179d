//! The published vectors (tests/vectors/) all pass; the runner names what fails; emit mode
//! writes vectors the runner accepts.

#![cfg(feature = "vectors")]

use std::path::PathBuf;

use needmatrix::{Matrix, vectors};
use serde_json::{Value, json};

fn published() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    vectors::collect_files(&[dir]).unwrap()
}

#[test]
fn every_published_vector_passes() {
    let files = published();
    // Exact: a deleted or unread file is a failure, not a smaller pass.
    // 43 of outcomes and refusals, 4 of one-notch cases (SPEC §13), 15 of crosswalks (§14).
    assert_eq!(files.len(), 62, "published vector files");
    let mut total = 0;
    for file in &files {
        let r = vectors::run_path(file);
        assert_eq!(r.unreadable(), None, "{}", file.display());
        assert!(r.failures().is_empty(), "{}", r.failures()[0]);
        total += r.passed();
    }
    // 675 outcome and refusal cases; 679 one-notch cases (a summary and each fragile entry of
    // the four files, tools/vectors/robustness.py); 352 crosswalk cases (340 assessments and 12
    // refused crosswalks, tools/vectors/crosswalks.py).
    assert_eq!(total, 675 + 679 + 352, "published cases");
}

#[test]
fn every_refusal_code_is_published() {
    let mut codes = std::collections::BTreeSet::new();
    for file in published() {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        if let Some(code) = v["expect_matrix_error"].as_str() {
            codes.insert(format!("matrix:{code}"));
        }
        if let Some(code) = v["expect_crosswalk_error"].as_str() {
            codes.insert(format!("crosswalk:{code}"));
        }
        for case in v["cases"].as_array().into_iter().flatten() {
            if let Some(code) = case["expect_error"].as_str() {
                codes.insert(format!("input:{code}"));
            }
        }
    }
    for code in [
        "parse",
        "missing_field",
        "invalid_key",
        "duplicate_key",
        "empty_scale",
        "points_not_increasing",
        "grid_shape",
        "precision",
        "out_of_range",
        "band_floor_not_zero",
        "bands_not_increasing",
        "unknown_band",
        "invalid_months",
    ] {
        assert!(
            codes.contains(&format!("matrix:{code}")),
            "matrix code {code}"
        );
    }
    // Every check of SPEC §14 that refuses a crosswalk.
    for code in [
        "parse",
        "matrix_mismatch",
        "crosswalk_incomplete",
        "duplicate_key",
        "unknown_area",
        "unknown_level",
        "unknown_factor",
        "unknown_ameliorative",
    ] {
        assert!(
            codes.contains(&format!("crosswalk:{code}")),
            "crosswalk code {code}"
        );
    }
    for code in [
        "invalid_id",
        "unknown_area",
        "unknown_level",
        "unknown_factor",
        "duplicate_factor",
        "unknown_ameliorative",
        "ameliorative_out_of_range",
        "invalid_date",
        "missing_field",
        "parse",
    ] {
        assert!(
            codes.contains(&format!("input:{code}")),
            "input code {code}"
        );
    }
}

#[test]
fn an_altered_expectation_fails_and_names_the_case_and_field() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/reference-hand-worked.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["cases"][0]["expect"]["threat"] = json!("17.4");
    let r = vectors::run_str(&v.to_string(), "altered.json");
    assert_eq!(r.failed(), 1);
    let f = &r.failures()[0];
    assert_eq!(
        (f.case.as_str(), f.field.as_str()),
        ("soc-1-spec-example", "threat")
    );
    assert_eq!(
        (f.expected.as_str(), f.actual.as_str()),
        ("\"17.4\"", "\"17.5\"")
    );
    assert!(f.to_string().contains("altered.json"));
    // A wrong error code fails too.
    v["cases"][0]["expect"]["threat"] = json!("17.5");
    v["cases"][1] =
        json!({"name": "wrong-code", "input": {"id": "x"}, "expect_error": "unknown_area"});
    let r = vectors::run_str(&v.to_string(), "altered.json");
    assert_eq!(r.failures()[0].case, "wrong-code");
    assert_eq!(r.failures()[0].field, "error");
}

#[test]
fn a_matrix_error_file_fails_when_the_matrix_is_accepted() {
    let v = json!({"format": "needmatrix-vectors/1", "matrix": "reference", "expect_matrix_error": "parse"});
    let r = vectors::run_str(&v.to_string(), "m.json");
    assert_eq!((r.passed(), r.failed()), (0, 1));
}

#[test]
fn unreadable_files_say_why() {
    let r = vectors::run_str("{not json", "broken.json");
    assert!(
        r.unreadable().unwrap().contains("line 1"),
        "{:?}",
        r.unreadable()
    );
    let r = vectors::run_str(
        r#"{"format": "other/1", "matrix": "reference", "cases": []}"#,
        "f.json",
    );
    assert!(r.unreadable().unwrap().contains("other/1"));
    let r = vectors::run_path(std::path::Path::new("no/such/file.json"));
    assert!(r.unreadable().is_some());
}

#[test]
fn emitted_vectors_pass_and_name_refusals() {
    let m = Matrix::from_json_str(&{
        let mut v: Value = serde_json::from_str(&Matrix::reference().to_canonical_json()).unwrap();
        v["id"] = json!("vendor");
        v["ability"] = json!("mean");
        v.to_string()
    })
    .unwrap();
    let inputs = [
        json!({"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "good", "capacity": "none", "assessed_on": "2008-01-31"}),
        json!({"id": "b", "area": "major_crime", "impact": "huge", "probability": "likely", "capability": "good", "capacity": "none"}),
        json!({"id": "a", "area": "public_order", "impact": "minor", "probability": "rare", "capability": "good", "capacity": "none"}),
    ];
    let inputs: Vec<vectors::VectorInput> = inputs
        .iter()
        .map(|v| vectors::VectorInput::from_json_str(&v.to_string()).unwrap())
        .collect();
    let file = vectors::emit(&m, &inputs, Some("vendor matrix"));
    let cases = file.cases();
    assert_eq!(cases[1].expect_error(), Some("unknown_level"));
    assert_eq!(
        cases[2].name(),
        "case-3",
        "a repeated id gets a numbered name"
    );
    assert_eq!(cases[0].expected_field("ability"), Some("\"6\""));
    assert_eq!(
        cases[0].expected_field("fingerprint"),
        Some(format!("\"{}\"", m.fingerprint()).as_str())
    );
    // Expectations keep the outcome's field order.
    let fields: Vec<&str> = cases[0].expected().map(|(k, _)| k).collect();
    let order: Vec<&str> = needmatrix::OutcomeField::ALL
        .iter()
        .map(|f| f.as_str())
        .collect();
    assert_eq!(fields, order);
    let matrix: Value = serde_json::from_str(file.matrix_json()).unwrap();
    assert_eq!(matrix["id"], json!("vendor"));
    let text = file.to_json();
    let r = vectors::run_str(&text, "emitted.json");
    assert_eq!((r.passed(), r.failed()), (3, 0), "{:?}", r.failures());
    // The reference matrix is written by name.
    let file = vectors::emit(Matrix::reference(), &inputs[..1], None);
    assert_eq!(file.matrix_json(), "\"reference\"");
}

#[test]
fn emit_mode_carries_the_leads_judgement() {
    // moderate × likely = 12, none/none: threat band medium, need 12 red; judged high by the
    // lead, so high risk and high need; judged with a string, refused.
    let judged = json!({"id": "j", "area": "major_crime", "impact": "moderate", "probability": "likely", "capability": "none", "capacity": "none", "lead_high_risk": true});
    let mut text = judged.clone();
    text["lead_high_risk"] = json!("true");
    let inputs: Vec<vectors::VectorInput> = [judged, text]
        .iter()
        .map(|v| vectors::VectorInput::from_json_str(&v.to_string()).unwrap())
        .collect();
    let file = vectors::emit(Matrix::reference(), &inputs, None);
    let cases = file.cases();
    assert_eq!(cases[0].expected_field("high_risk"), Some("true"));
    assert_eq!(cases[0].expected_field("high_need"), Some("true"));
    assert_eq!(cases[0].expected_field("threat_band"), Some("\"medium\""));
    assert_eq!(cases[1].expect_error(), Some("parse"));
    let r = vectors::run_str(&file.to_json(), "lead.json");
    assert_eq!((r.passed(), r.failed()), (2, 0), "{:?}", r.failures());
}

#[test]
fn a_key_given_twice_in_a_vector_file_is_refused_not_decided_by_order() {
    let input = r#"{"id": "a", "area": "major_crime", "impact": "major", "impact": "minor", "probability": "likely", "capability": "none", "capacity": "none"}"#;
    let file = format!(
        r#"{{"format": "needmatrix-vectors/1", "matrix": "reference", "cases": [{{"name": "dup", "input": {input}, "expect_error": "parse"}}]}}"#
    );
    let r = vectors::run_str(&file, "dup.json");
    assert_eq!((r.passed(), r.failed()), (1, 0), "{:?}", r.failures());
    let file = r#"{"format": "needmatrix-vectors/1", "matrix": "reference", "cases": [{"name": "x", "input": {}, "expect": {"need": "1", "need": "2"}}]}"#;
    let r = vectors::run_str(file, "dup-expect.json");
    assert!(
        r.unreadable().unwrap().contains("duplicate outcome field"),
        "{:?}",
        r.unreadable()
    );
    let emitted = vectors::emit(
        needmatrix::Matrix::reference(),
        &[vectors::VectorInput::from_json_str(input).unwrap()],
        None,
    );
    assert_eq!(emitted.cases()[0].expect_error(), Some("parse"));
}

/// A crosswalk file (SPEC §14 in the vector format): its parts read back as written, and the
/// runner fails an expectation the crate does not meet, naming what it got.
#[test]
fn crosswalk_files_are_read_and_their_expectations_checked() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/crosswalk");
    let text = std::fs::read_to_string(dir.join("refused/missing-key.json")).unwrap();
    let file: vectors::VectorFile = serde_json::from_str(&text).unwrap();
    assert_eq!(file.expect_crosswalk_error(), Some("crosswalk_incomplete"));
    let crosswalk: Value = serde_json::from_str(file.crosswalk_json().unwrap()).unwrap();
    assert_eq!(crosswalk["format"], "needmatrix-crosswalk/1");
    assert!(crosswalk["impact"].get("minor").is_none());
    let to: Value = serde_json::from_str(file.to_matrix_json().unwrap()).unwrap();
    assert_eq!(to["id"], "national");
    assert_eq!(vectors::run_str(&text, "missing-key.json").passed(), 1);

    // Expecting another code fails, naming the code the crosswalk was refused with.
    let wrong = text.replace(
        "\"expect_crosswalk_error\": \"crosswalk_incomplete\"",
        "\"expect_crosswalk_error\": \"parse\"",
    );
    let report = vectors::run_str(&wrong, "wrong.json");
    assert_eq!((report.passed(), report.failed()), (0, 1));
    let failure = &report.failures()[0];
    assert_eq!(
        (failure.case.as_str(), failure.field.as_str()),
        ("crosswalk", "error")
    );
    assert!(
        failure.actual.starts_with("`crosswalk_incomplete`"),
        "{failure}"
    );

    // Expecting a refusal of a crosswalk that is accepted fails too.
    let good = std::fs::read_to_string(dir.join("reference-to-national.json")).unwrap();
    let mut v: Value = serde_json::from_str(&good).unwrap();
    v.as_object_mut().unwrap().remove("cases");
    v["expect_crosswalk_error"] = json!("crosswalk_incomplete");
    let report = vectors::run_str(&v.to_string(), "accepted.json");
    assert_eq!(report.failed(), 1);
    assert!(
        report.failures()[0]
            .actual
            .starts_with("accepted as crosswalk reference@1.0.0 → national@2.0.0")
    );
    // A crosswalk without its second matrix cannot be run.
    v.as_object_mut().unwrap().remove("to_matrix");
    assert!(
        vectors::run_str(&v.to_string(), "no-to.json")
            .unreadable()
            .is_some()
    );
}
