//! The malformed-input corpus (tests/malformed/, written by tools/malformed.py): every broken
//! file refused with its expected code and a location, every awkward but valid file accepted,
//! nothing panics.

#![cfg(feature = "csv")]

use std::path::PathBuf;

use needmatrix::{Error, Matrix, Register, RegisterFormat};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

fn check(name: &str, result: Result<(), Error>, expect: &str, wher: &[Value]) {
    match (expect, result) {
        ("accept", Ok(())) => {}
        ("accept", Err(e)) => panic!(
            "{name}: should be accepted, refused with [{}] {e}",
            e.code()
        ),
        (code, Ok(())) => panic!("{name}: should be refused with {code}, was accepted"),
        (code, Err(e)) => {
            assert_eq!(e.code().as_str(), code, "{name}: {e}");
            let at = e.location();
            for part in wher.iter().filter_map(Value::as_str) {
                let at = at.unwrap_or_else(|| panic!("{name}: no location in {e}"));
                let present = match part {
                    "line" => at.line().is_some(),
                    "record" => at.record().is_some(),
                    "field" => at.field_name().is_some(),
                    other => panic!("manifest: unknown part {other}"),
                };
                assert!(present, "{name}: error has no {part}: {e}");
            }
            let text = e.to_string();
            assert!(
                text.contains(name),
                "{name}: the message names the file: {text}"
            );
        }
    }
}

#[test]
fn the_corpus_is_refused_or_accepted_as_its_manifest_says() {
    let manifest: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("manifest.json")).unwrap())
            .unwrap();
    // Exact, both ways: every corpus file has an entry and every entry a file.
    assert_eq!(manifest.len(), 77, "manifest entries");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.json")
        .collect();
    on_disk.sort();
    let listed: Vec<String> = manifest.keys().cloned().collect();
    assert_eq!(
        on_disk, listed,
        "the corpus and its manifest list the same files"
    );
    for (name, entry) in &manifest {
        let path = dir().join(name);
        let expect = entry["expect"].as_str().unwrap();
        let wher = entry["where"].as_array().unwrap();
        let result = match entry["kind"].as_str().unwrap() {
            "register" => Register::from_path(Matrix::reference(), &path)
                .and_then(|r| r.score(Matrix::reference()))
                .map(|_| ()),
            "matrix" => Matrix::from_path(&path).map(|_| ()),
            other => panic!("manifest: unknown kind {other}"),
        };
        check(name, result, expect, wher);
    }
}

#[test]
fn ten_megabyte_fields_are_refused_naming_the_field() {
    let big = "x".repeat(10 * 1024 * 1024);
    let m = Matrix::reference();
    let csv = format!(
        "id,area,impact,probability,capability,capacity,description\na1,major_crime,major,likely,adequate,limited,{big}\n"
    );
    let e = Register::from_text(m, &csv, RegisterFormat::Csv).unwrap_err();
    assert_eq!(e.code().as_str(), "out_of_range");
    assert_eq!(e.location().unwrap().field_name(), Some("description"));
    assert_eq!(e.location().unwrap().line(), Some(2));
    assert!(
        e.to_string().len() < 1000,
        "the message quotes an excerpt, not 10 MB"
    );
    let json = format!(
        "[{{\"id\": \"a1\", \"area\": \"major_crime\", \"impact\": \"major\", \"probability\": \"likely\", \"capability\": \"adequate\", \"capacity\": \"limited\", \"action\": \"{big}\"}}]"
    );
    let e = Register::from_text(m, &json, RegisterFormat::Json).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.location().unwrap().field_name()),
        ("out_of_range", Some("action"))
    );
    // A 10 MB key is simply unknown, and quoted only in part.
    let csv = format!(
        "id,area,impact,probability,capability,capacity\na1,{big},major,likely,adequate,limited\n"
    );
    let e = Register::from_text(m, &csv, RegisterFormat::Csv).unwrap_err();
    assert_eq!(e.code().as_str(), "unknown_area");
    assert!(e.to_string().len() < 1000);
}

#[test]
fn many_faulty_rows_are_listed_up_to_twenty() {
    let e = Register::from_path(Matrix::reference(), dir().join("many-faults.json")).unwrap_err();
    assert_eq!(e.total_faults(), 30);
    assert_eq!(e.faults().len(), 20);
    assert!(
        e.faults()
            .iter()
            .all(|f| f.location().unwrap().line().is_some())
    );
}
