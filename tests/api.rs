//! The public surface the 1.0 layout promises: closed sets that round-trip, errors that keep
//! their cause, results of different matrices that refuse to add up.

mod common;

use std::str::FromStr;

use needmatrix::lint::{Colour, LintCode};
use needmatrix::plan::Status;
use needmatrix::{
    AbilityRule, ErrorCode, Grade, Matrix, OutcomeField, Register, RegisterFormat, RegisterSummary,
    Summary,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Every value of a closed set: name → value, value → name, serde both ways, all agreeing.
fn round_trips<T>(all: &[T], name: fn(&T) -> &'static str)
where
    T: Copy
        + PartialEq
        + std::fmt::Debug
        + std::fmt::Display
        + FromStr
        + Serialize
        + DeserializeOwned,
    <T as FromStr>::Err: std::fmt::Debug,
{
    let mut names: Vec<&str> = all.iter().map(name).collect();
    for value in all {
        let text = name(value);
        assert_eq!(value.to_string(), text);
        assert_eq!(text.parse::<T>().unwrap(), *value);
        let json = serde_json::to_string(value).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *value);
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "names are distinct");
}

#[test]
fn every_closed_set_round_trips() {
    round_trips(Grade::ALL, |v| v.as_str());
    round_trips(AbilityRule::ALL, |v| v.as_str());
    round_trips(ErrorCode::ALL, |v| v.as_str());
    round_trips(OutcomeField::ALL, |v| v.as_str());
    round_trips(RegisterFormat::ALL, |v| v.as_str());
    round_trips(LintCode::ALL, |v| v.as_str());
    round_trips(Colour::ALL, |v| v.as_str());
    round_trips(Status::ALL, |v| v.as_str());
    #[cfg(feature = "csv")]
    {
        use needmatrix::review::{Assessed, Element, Provision};
        round_trips(Assessed::ALL, |v| v.as_str());
        round_trips(Provision::ALL, |v| v.as_str());
        round_trips(Element::ALL, |v| v.as_str());
    }
}

proptest! {
    /// Any text that is not a name is refused, naming the names there are; a refused name never
    /// parses as something else.
    #[test]
    fn unknown_names_are_refused(text in "\\PC{0,40}") {
        match text.parse::<Grade>() {
            Ok(g) => prop_assert_eq!(g.as_str(), text.as_str()),
            Err(e) => {
                prop_assert_eq!(e.given(), text.as_str());
                prop_assert!(e.to_string().contains("green, amber, red"));
                let as_error = needmatrix::Error::from(e);
                prop_assert_eq!(as_error.code(), ErrorCode::Parse);
            }
        }
        match text.parse::<ErrorCode>() {
            Ok(c) => prop_assert_eq!(c.as_str(), text.as_str()),
            Err(e) => prop_assert_eq!(e.names().len(), ErrorCode::ALL.len()),
        }
    }
}

#[test]
fn outcome_json_follows_the_one_field_list() {
    let o = common::score_ref(|_| {});
    let json = serde_json::to_string(&o).unwrap();
    let mut at = 0;
    for field in OutcomeField::ALL {
        let key = format!("\"{}\":", field.as_str());
        let found = json[at..].find(&key).map(|n| n + at);
        assert!(found.is_some(), "{key} in order in {json}");
        at = found.unwrap();
    }
}

#[test]
fn an_io_error_keeps_its_cause() {
    let e = Matrix::from_path("no/such/matrix.json").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    assert_eq!(e.path(), Some("no/such/matrix.json"));
    assert_eq!(e.io_error().unwrap().kind(), std::io::ErrorKind::NotFound);
    let source = std::error::Error::source(&e).unwrap();
    assert!(source.downcast_ref::<std::io::Error>().is_some());
}

#[cfg(feature = "csv")]
#[test]
fn the_detail_is_the_message_without_the_location() {
    let csv = "id,area,impact,probability,capability,capacity\nx,major_crime,huge,rare,none,none\n";
    let e = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap_err();
    let valid = "unknown level `huge` (valid: minimal, minor, moderate, major, critical)";
    assert_eq!(e.detail(), valid);
    assert!(e.to_string().starts_with(&format!("{valid} (at line 2")));
}

#[test]
fn each_unknown_key_error_lists_the_keys_and_suggests_the_nearest() {
    let m = Matrix::reference();
    let refuse = |change: &dyn Fn(&mut serde_json::Value)| {
        common::score_json(m, &common::assessment_value(change)).unwrap_err()
    };
    // A level in another case, with spaces, or one letter wrong.
    let e = refuse(&|v| v["probability"] = "Almost Certain".into());
    assert_eq!(
        (e.code(), e.suggestion()),
        (ErrorCode::UnknownLevel, Some("almost_certain"))
    );
    assert!(
        e.detail()
            .ends_with("(valid: rare, unlikely, possible, likely, almost_certain)"),
        "{}",
        e.detail()
    );
    assert!(e.detail().contains("did you mean `almost_certain`?"));
    assert_eq!(
        refuse(&|v| v["impact"] = "majr".into()).suggestion(),
        Some("major")
    );
    // An area, a factor and a kind; and nothing to suggest when nothing is near.
    let e = refuse(&|v| v["area"] = "Public Order".into());
    assert_eq!(
        (e.code(), e.suggestion()),
        (ErrorCode::UnknownArea, Some("public_order"))
    );
    assert!(e.detail().contains("serious_organised_crime, major_crime"));
    let e = refuse(&|v| v["weighting"] = serde_json::json!(["cross-border"]));
    assert_eq!(
        (e.code(), e.suggestion()),
        (ErrorCode::UnknownFactor, Some("cross_border"))
    );
    let e = refuse(&|v| v["ameliorative"] = serde_json::json!({"partnerships": "1"}));
    assert_eq!(
        (e.code(), e.suggestion()),
        (ErrorCode::UnknownAmeliorative, Some("partnership"))
    );
    assert!(e.detail().contains("(valid: partnership, resources)"));
    let e = refuse(&|v| v["impact"] = "catastrophic".into());
    assert_eq!(e.suggestion(), None);
    assert!(!e.detail().contains("did you mean"));
}

fn other_matrix() -> Matrix {
    common::matrix_with(|v| v["id"] = "other".into()).unwrap()
}

#[test]
fn results_of_different_matrices_do_not_add_up() {
    let m = Matrix::reference();
    let other = other_matrix();
    let outcome = common::score_json(&other, &common::assessment_value(|_| {})).unwrap();

    let mut summary = Summary::new(m);
    assert_eq!(
        summary.add(&outcome).unwrap_err().code(),
        ErrorCode::MatrixMismatch
    );
    assert_eq!(summary.count(), 0, "unchanged on error");
    let mut theirs = Summary::new(&other);
    theirs.add(&outcome).unwrap();
    assert_eq!(
        summary.merge(&theirs).unwrap_err().code(),
        ErrorCode::MatrixMismatch
    );

    let mut register_summary = RegisterSummary::new(m);
    assert_eq!(
        register_summary.add(&outcome).unwrap_err().code(),
        ErrorCode::MatrixMismatch
    );
    assert_eq!(
        register_summary
            .merge(&RegisterSummary::new(&other))
            .unwrap_err()
            .code(),
        ErrorCode::MatrixMismatch
    );
}

#[cfg(feature = "heatmap")]
#[test]
fn heat_maps_of_different_matrices_do_not_merge() {
    let mut map = needmatrix::heatmap::HeatMap::new(Matrix::reference());
    let other = needmatrix::heatmap::HeatMap::new(&other_matrix());
    assert_eq!(
        map.merge(&other).unwrap_err().code(),
        ErrorCode::MatrixMismatch
    );
}

#[cfg(feature = "csv")]
#[test]
fn a_register_keeps_the_matrix_it_was_read_against() {
    let csv =
        "id,area,impact,probability,capability,capacity\nx,major_crime,major,rare,none,none\n";
    let register = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap();
    assert_eq!(register.matrix(), Some(Matrix::reference()));
    let e = register.score(&other_matrix()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);
    assert!(register.score(Matrix::reference()).is_ok());
    // Built in memory, it is checked when scored, against any matrix.
    let built = Register::new(register.clone()).unwrap();
    assert_eq!(built.matrix(), None);
    assert!(built.score(&other_matrix()).is_ok());
    // The iterator traits walk assessments and entries.
    assert_eq!((&register).into_iter().count(), 1);
    let scored = register.score(Matrix::reference()).unwrap();
    assert_eq!(
        (&scored)
            .into_iter()
            .map(|e| e.outcome().id())
            .collect::<Vec<_>>(),
        ["x"]
    );
}

#[cfg(feature = "csv")]
#[test]
fn assessments_deserialise_without_a_matrix_and_round_trip() {
    let csv = include_str!("../examples/data/wealdshire_register.csv");
    let register = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap();
    for a in &register {
        let json = serde_json::to_string(a).unwrap();
        let back: needmatrix::Assessment = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, a);
    }
    // Checks that need no matrix still run.
    let bad = r#"{"id": "", "area": "a", "impact": "b", "probability": "c", "capability": "d", "capacity": "e"}"#;
    assert!(serde_json::from_str::<needmatrix::Assessment>(bad).is_err());
    let precise = r#"{"id": "x", "area": "a", "impact": "b", "probability": "c", "capability": "d", "capacity": "e", "ameliorative": {"k": "0.00001"}}"#;
    let e = serde_json::from_str::<needmatrix::Assessment>(precise).unwrap_err();
    assert!(e.to_string().contains("4 decimal places"), "{e}");
}

#[test]
fn readers_and_writers_work_over_io() {
    let m = Matrix::from_json_reader(Matrix::reference().to_canonical_json().as_bytes()).unwrap();
    assert_eq!(m.fingerprint(), Matrix::reference().fingerprint());
    let jsonl = "{\"id\": \"x\", \"area\": \"major_crime\", \"impact\": \"major\", \"probability\": \"likely\", \"capability\": \"none\", \"capacity\": \"none\"}\n";
    let register = Register::from_reader(&m, jsonl.as_bytes(), RegisterFormat::JsonLines).unwrap();
    let scored = register.score(&m).unwrap();
    let mut out = Vec::new();
    scored.write_json(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), scored.to_json());
    #[cfg(feature = "csv")]
    {
        let mut csv = Vec::new();
        needmatrix::report::write_register_csv(&scored, &mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            needmatrix::report::register_csv(&scored)
        );
    }
    // A reader that fails is an `io` error that keeps the cause.
    struct Broken;
    impl std::io::Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let e = Register::from_reader(&m, Broken, RegisterFormat::Json).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    assert_eq!(e.io_error().unwrap().to_string(), "disk on fire");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_directory_is_refused_before_it_is_read() {
    let dir = std::env::temp_dir().join(format!("needmatrix-api-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let e = Matrix::from_path(&dir).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(e.to_string().contains("not a regular file"), "{e}");
    let fifo = dir.join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        // Would block forever if it were opened.
        let e = Register::from_path(Matrix::reference(), &fifo).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn outcomes_that_contradict_their_matrix_are_refused_naming_the_field() {
    let m = Matrix::reference();
    let o = common::score_ref(|v| {
        v["impact"] = "critical".into();
        v["probability"] = "likely".into();
        v["capability"] = "none".into();
        v["capacity"] = "none".into();
    });
    let good: serde_json::Value = serde_json::to_value(&o).unwrap();
    assert!(needmatrix::Outcome::from_json_str(m, &good.to_string()).is_ok());
    let refused = |field: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v[field] = value;
        let e = needmatrix::Outcome::from_json_str(m, &v.to_string()).unwrap_err();
        (
            e.code(),
            e.location()
                .and_then(|at| at.field_name())
                .map(str::to_owned),
        )
    };
    let out = |field: &str| (ErrorCode::OutOfRange, Some(field.to_owned()));
    assert_eq!(refused("need_band", "low".into()), out("need_band"));
    assert_eq!(refused("threat_band", "low".into()), out("threat_band"));
    assert_eq!(refused("need", "-3".into()), out("need"));
    assert_eq!(refused("need", "19".into()), out("need"));
    assert_eq!(refused("threat", "7".into()), out("threat"));
    assert_eq!(refused("grade", "amber".into()), out("grade"));
    // High need needs high risk; high risk alone may differ from the threat band's (the lead's
    // judgement replaces it), so a low-risk, not-high-need reading is accepted.
    assert_eq!(refused("high_risk", false.into()), out("high_need"));
    let mut judged_low = good.clone();
    judged_low["high_risk"] = false.into();
    judged_low["high_need"] = false.into();
    assert!(needmatrix::Outcome::from_json_str(m, &judged_low.to_string()).is_ok());
    let mut green = good.clone();
    green["high_need"] = true.into();
    green["grade"] = "green".into();
    let e = needmatrix::Outcome::from_json_str(m, &green.to_string()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutOfRange);
}

#[cfg(all(unix, feature = "vectors"))]
#[test]
fn a_vector_walk_visits_each_file_once_and_survives_link_loops() {
    use std::os::unix::fs::symlink;
    let dir = std::env::temp_dir().join(format!("needmatrix-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let published = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/reference-hand-worked.json");
    std::fs::copy(&published, dir.join("sub/v.json")).unwrap();
    // Two links back to the top: a naive walk recurses without end (or exponentially).
    symlink(&dir, dir.join("sub/up")).unwrap();
    symlink(&dir, dir.join("again")).unwrap();
    let files = needmatrix::vectors::collect_files(&[dir.clone(), dir.join("sub")]).unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    // A dangling link inside the suite is a fault, not a file silently left out.
    symlink(dir.join("gone.json"), dir.join("sub/dangling.json")).unwrap();
    let e = needmatrix::vectors::collect_files(std::slice::from_ref(&dir)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(all(unix, feature = "csv"))]
#[test]
fn a_force_whose_register_is_not_a_regular_file_is_refused_not_skipped() {
    let dir = std::env::temp_dir().join(format!("needmatrix-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("Fenmarsh.csv")).unwrap();
    std::fs::write(dir.join("regions.csv"), "force,region\nFenmarsh,East\n").unwrap();
    let e = needmatrix::national::NationalPicture::from_dir(Matrix::reference(), &dir).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
