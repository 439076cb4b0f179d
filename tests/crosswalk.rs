//! The matrix crosswalk (SPEC §14): the checks of a crosswalk file, each with its code naming the
//! map and key; translation worked by hand from the worked example; registers translated whole;
//! and properties (the identity changes nothing, a crosswalk and its inverse give the register
//! back, no record is lost).
#![cfg(all(feature = "toml", feature = "csv"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use needmatrix::crosswalk::{Crosswalk, MapName};
use needmatrix::{Assessment, ErrorCode, Grade, Matrix, Points, Register, RegisterFormat, lint};
use proptest::prelude::*;
use serde_json::{Value, json};

const NATIONAL: &str = include_str!("../examples/data/crosswalk/national-2.0.0.json");
const CROSSWALK: &str = include_str!("../examples/data/crosswalk/reference-to-national-2.0.0.json");
const CROSSWALK_TOML: &str =
    include_str!("../examples/data/crosswalk/reference-to-national-2.0.0.toml");
const SAMPLE: &str = include_str!("../examples/data/wealdshire_register.csv");

fn national() -> Matrix {
    Matrix::from_json_str(NATIONAL).unwrap()
}

fn worked() -> Crosswalk {
    Crosswalk::from_json_str(CROSSWALK, Matrix::reference(), &national()).unwrap()
}

/// The worked example's crosswalk with `change` applied to its JSON, read against the
/// reference matrix and national@2.0.0.
fn changed(change: impl FnOnce(&mut Value)) -> needmatrix::Result<Crosswalk> {
    let mut v: Value = serde_json::from_str(CROSSWALK).unwrap();
    change(&mut v);
    Crosswalk::from_json_str(&v.to_string(), Matrix::reference(), &national())
}

/// The code and field of a refusal (the first fault's, for a refused file).
fn refusal(result: needmatrix::Result<Crosswalk>) -> (ErrorCode, String) {
    let e = result.unwrap_err();
    let field = e
        .location()
        .and_then(|at| at.field_name())
        .unwrap_or_default()
        .to_owned();
    (e.code(), field)
}

fn pts(text: &str) -> Points {
    text.parse().unwrap()
}

// ------------------------------------------------------------------ the checks of SPEC §14

#[test]
fn the_worked_example_reads_in_json_and_toml_alike() {
    let toml = Crosswalk::from_toml_str(CROSSWALK_TOML, Matrix::reference(), &national()).unwrap();
    assert_eq!(toml, worked());
    // The canonical file reads back as the same crosswalk.
    let back =
        Crosswalk::from_json_str(&worked().to_json(), Matrix::reference(), &national()).unwrap();
    assert_eq!(back, worked());
    assert_eq!(
        worked().to_string(),
        "crosswalk reference@1.0.0 → national@2.0.0"
    );
}

#[test]
fn a_key_of_a_without_an_entry_is_crosswalk_incomplete_naming_the_map_and_key() {
    let e = changed(|v| {
        v["impact"].as_object_mut().unwrap().remove("minor");
    })
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::CrosswalkIncomplete);
    assert_eq!(e.location().unwrap().field_name(), Some("impact.minor"));
    assert!(
        e.to_string()
            .contains("`impact` map has no entry for `minor`")
    );
    // A map left out whole: every key of A is missing, the first named first.
    let e = changed(|v| {
        v.as_object_mut().unwrap().remove("capacity");
    })
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::CrosswalkIncomplete);
    assert_eq!(e.total_faults(), 5);
    assert_eq!(e.location().unwrap().field_name(), Some("capacity.none"));
}

#[test]
fn keys_and_values_unknown_to_their_matrix_get_the_code_an_assessment_would_get() {
    let cases: [(&str, &str, &str, ErrorCode); 8] = [
        // A key A does not have.
        ("areas", "moon", "major_crime", ErrorCode::UnknownArea),
        (
            "probability",
            "very_likely",
            "probable",
            ErrorCode::UnknownLevel,
        ),
        (
            "weighting",
            "gang_related",
            "community",
            ErrorCode::UnknownFactor,
        ),
        (
            "ameliorative",
            "volunteers",
            "mitigation",
            ErrorCode::UnknownAmeliorative,
        ),
        // A value B does not have.
        (
            "areas",
            "child_abuse",
            "child_abuse",
            ErrorCode::UnknownArea,
        ),
        ("capability", "good", "good", ErrorCode::UnknownLevel),
        (
            "weighting",
            "cross_border",
            "borders",
            ErrorCode::UnknownFactor,
        ),
        (
            "ameliorative",
            "resources",
            "resources",
            ErrorCode::UnknownAmeliorative,
        ),
    ];
    for (map, key, value, code) in cases {
        let e = changed(|v| {
            v[map][key] = json!(value);
        })
        .unwrap_err();
        let field = e.location().unwrap().field_name().unwrap();
        assert_eq!((e.code(), field), (code, format!("{map}.{key}").as_str()));
        // One fault: a key whose entry is wrong is not also missing.
        assert_eq!(e.total_faults(), 1, "{e}");
    }
    // A map that is not a map says what it should be.
    let e = changed(|v| v["impact"] = json!(5)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(
        e.to_string()
            .contains("a map of keys of the first matrix to keys of the second"),
        "{e}"
    );
}

#[test]
fn null_drops_a_factor_or_kind_and_is_parse_anywhere_else() {
    for map in ["areas", "impact", "probability", "capability", "capacity"] {
        let key = match map {
            "areas" => "major_crime",
            "impact" => "major",
            "probability" => "likely",
            _ => "good",
        };
        let (code, field) = refusal(changed(|v| v[map][key] = Value::Null));
        assert_eq!((code, field), (ErrorCode::Parse, format!("{map}.{key}")));
    }
    assert!(changed(|v| v["ameliorative"]["resources"] = Value::Null).is_ok());
    // A number is not a key.
    let (code, field) = refusal(changed(|v| v["impact"]["major"] = json!(4)));
    assert_eq!(code, ErrorCode::Parse);
    assert!(field.starts_with("impact"), "{field}");
}

#[test]
fn a_repeated_key_is_duplicate_key_in_json_and_in_toml() {
    let json = CROSSWALK.replacen(
        "\"major\": \"high\",",
        "\"major\": \"high\",\n    \"major\": \"severe\",",
        1,
    );
    let e = Crosswalk::from_json_str(&json, Matrix::reference(), &national()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DuplicateKey);
    assert_eq!(e.location().unwrap().field_name(), Some("impact.major"));
    // In TOML, `minimal` given again at the end of [impact], after `critical`.
    let toml = CROSSWALK_TOML.replacen(
        "critical = \"severe\"",
        "critical = \"severe\"\nminimal = \"medium\"",
        1,
    );
    let e = Crosswalk::from_toml_str(&toml, Matrix::reference(), &national()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DuplicateKey, "{e}");
    let at = e.location().unwrap();
    assert_eq!(
        (at.line(), at.field_name()),
        (Some(29), Some("impact.minimal")),
        "{e}"
    );
    // Any other TOML fault stays `parse`.
    let broken = CROSSWALK_TOML.replacen("critical = \"severe\"", "critical = [", 1);
    let e = Crosswalk::from_toml_str(&broken, Matrix::reference(), &national()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse, "{e}");
}

#[test]
fn fingerprints_must_be_those_of_the_matrices_given() {
    let e = Crosswalk::from_json_str(CROSSWALK, &national(), &national()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);
    assert_eq!(e.location().unwrap().field_name(), Some("from.fingerprint"));
    let message = e.to_string();
    assert!(message.contains(national().fingerprint()), "{message}");
    assert!(
        message.contains(Matrix::reference().fingerprint()),
        "{message}"
    );
    let (code, field) = refusal(changed(|v| v["to"]["fingerprint"] = json!("0".repeat(64))));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::MatrixMismatch, "to.fingerprint")
    );
    // The matrix names are informative only.
    assert!(changed(|v| v["to"]["matrix"] = json!("anything")).is_ok());
}

#[test]
fn the_format_and_the_two_sides_are_required() {
    let (code, field) = refusal(changed(|v| v["format"] = json!("needmatrix-crosswalk/2")));
    assert_eq!((code, field.as_str()), (ErrorCode::Parse, "format"));
    for part in ["format", "from", "to"] {
        let (code, field) = refusal(changed(|v| {
            v.as_object_mut().unwrap().remove(part);
        }));
        assert_eq!((code, field.as_str()), (ErrorCode::MissingField, part));
    }
    let (code, _) = refusal(changed(|v| v["extra"] = json!({})));
    assert_eq!(code, ErrorCode::Parse);
}

#[test]
fn a_crosswalk_file_names_its_file_in_every_fault() {
    let dir = std::env::temp_dir().join(format!("needmatrix-crosswalk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cw.json");
    std::fs::write(&path, CROSSWALK.replace("\"minor\": \"low\",", "")).unwrap();
    let e = Crosswalk::from_path(&path, Matrix::reference(), &national()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CrosswalkIncomplete);
    assert_eq!(
        e.location().unwrap().file(),
        Some(path.display().to_string().as_str())
    );
    // A folder is refused as what it is, not read.
    let e = Crosswalk::from_path(&dir, Matrix::reference(), &national()).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// ------------------------------------------------------------------ translation, by hand

#[test]
fn the_worked_example_translates_and_scores_as_worked_by_hand() {
    // CA-01 of the sample: child_abuse, critical × likely, vulnerable_victims and
    // emerging_trend, partnership 1 and resources 1, capability limited, capacity none.
    let a = Assessment::new(
        "CA-01",
        "child_abuse",
        "critical",
        "likely",
        "limited",
        "none",
    )
    .unwrap()
    .with_weighting(["vulnerable_victims", "emerging_trend"])
    .with_ameliorative("partnership", pts("1"))
    .with_ameliorative("resources", pts("1"))
    .with_assessed_on(needmatrix::jiff::civil::date(2008, 12, 31));
    let t = worked().translate(&a).unwrap();
    assert_eq!(
        (
            t.area(),
            t.impact(),
            t.probability(),
            t.capability(),
            t.capacity()
        ),
        ("child_protection", "severe", "probable", "partial", "none")
    );
    // emerging_trend dropped; the kinds merged into mitigation, 1 + 1.
    assert_eq!(t.weighting(), ["vulnerability"]);
    assert_eq!(t.ameliorative(), [("mitigation".to_owned(), pts("2"))]);
    // Under national@2.0.0: risk 6 × 4 = 24; comparator 24 + 3 = 27; threat 27 − 2 = 25;
    // ability min(4, 0) = 0; need 25 (high from 12): red, 2008-12-31 + 3 months.
    let o = worked().score(&a).unwrap();
    assert_eq!(
        [
            o.risk(),
            o.comparator(),
            o.mitigation(),
            o.threat(),
            o.ability(),
            o.need()
        ]
        .map(|p| p.to_string()),
        ["24", "27", "2", "25", "0", "25"]
    );
    assert_eq!((o.threat_band(), o.need_band()), ("high", "high"));
    assert_eq!(o.grade(), Some(Grade::Red));
    assert_eq!(
        o.action_due(),
        Some(needmatrix::jiff::civil::date(2009, 3, 31))
    );
    assert!(o.high_need());
    assert_eq!(o.matrix().label(), "national@2.0.0");
}

#[test]
fn a_factor_reached_twice_counts_once() {
    // vulnerable_victims (3) and repeat_victimisation (2) both become vulnerability (3);
    // community_impact and public_confidence both become community (2).
    let a = Assessment::new("x", "major_crime", "moderate", "possible", "none", "none")
        .unwrap()
        .with_weighting([
            "public_confidence",
            "repeat_victimisation",
            "vulnerable_victims",
            "community_impact",
        ]);
    let t = worked().translate(&a).unwrap();
    assert_eq!(t.weighting(), ["vulnerability", "community"]);
    // medium (2) × possible (3) = 6, + 3 + 2 = 11.
    assert_eq!(worked().score(&a).unwrap().comparator().to_string(), "11");
}

#[test]
fn merged_kinds_add_up_and_are_refused_past_the_new_max() {
    let tight = changed_matrix_max("6");
    let text = CROSSWALK.replace(national().fingerprint(), tight.fingerprint());
    let cw = Crosswalk::from_json_str(&text, Matrix::reference(), &tight).unwrap();
    let a = |p: &str, r: &str| {
        Assessment::new("k-1", "public_order", "major", "likely", "good", "good")
            .unwrap()
            .with_ameliorative("partnership", pts(p))
            .with_ameliorative("resources", pts(r))
    };
    // 2.5 + 3.5 = 6: at the max, accepted.
    assert_eq!(
        cw.translate(&a("2.5", "3.5")).unwrap().ameliorative(),
        [("mitigation".to_owned(), pts("6"))]
    );
    // 2.5 + 3.5001 = 6.0001: past it, refused naming the record and B's kind.
    let e = cw.translate(&a("2.5", "3.5001")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::AmeliorativeOutOfRange);
    let at = e.location().unwrap();
    assert_eq!(
        (at.record(), at.field_name()),
        (Some("k-1"), Some("ameliorative.mitigation"))
    );
    assert!(e.to_string().contains("6.0001"), "{e}");
    // A kind dropped takes its points with it, and the explanation says so.
    let dropping = changed(|v| v["ameliorative"]["resources"] = Value::Null).unwrap();
    assert_eq!(
        dropping.translate(&a("1", "4")).unwrap().ameliorative(),
        [("mitigation".to_owned(), pts("1"))]
    );
    let explained = dropping.score_explained(&a("1", "4")).unwrap();
    let changes: Vec<String> = explained
        .explanation()
        .unwrap()
        .translation()
        .unwrap()
        .changes()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        changes[5..],
        [
            "ameliorative resources 4 → dropped",
            "ameliorative partnership 1 → mitigation 1"
        ]
    );
}

/// national@2.0.0 with its one kind's max set to `max`.
fn changed_matrix_max(max: &str) -> Matrix {
    let mut v: Value = serde_json::from_str(NATIONAL).unwrap();
    v["ameliorative"][0]["max"] = json!(max);
    Matrix::from_json_str(&v.to_string()).unwrap()
}

#[test]
fn every_other_field_is_kept() {
    let a = Assessment::new(
        "keep",
        "roads_policing",
        "minor",
        "rare",
        "strong",
        "strong",
    )
    .unwrap()
    .with_measure_in_place(true)
    .with_lead_high_risk(true)
    .with_assessed_on(needmatrix::jiff::civil::date(2010, 1, 31))
    .with_description("d")
    .with_action("act")
    .with_owner("o")
    .with_manager("m")
    .with_standard("s")
    .with_confidence("high");
    let t = worked().translate(&a).unwrap();
    assert_eq!(t.id(), "keep");
    assert!(t.measure_in_place());
    assert_eq!(t.lead_high_risk(), Some(true));
    assert_eq!(t.assessed_on(), a.assessed_on());
    assert_eq!(
        [
            t.description(),
            t.action(),
            t.owner(),
            t.manager(),
            t.standard(),
            t.confidence()
        ],
        [
            Some("d"),
            Some("act"),
            Some("o"),
            Some("m"),
            Some("s"),
            Some("high")
        ]
    );
}

#[test]
fn an_assessment_wrong_under_a_is_refused_as_a_would_refuse_it() {
    let a = Assessment::new("bad", "major_crime", "huge", "likely", "none", "none").unwrap();
    let e = worked().translate(&a).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnknownLevel);
    let at = e.location().unwrap();
    assert_eq!(
        (at.record(), at.field_name()),
        (Some("bad"), Some("impact"))
    );
}

#[test]
fn the_explanation_says_where_each_key_came_from() {
    let a = Assessment::new(
        "x",
        "serious_organised_crime",
        "major",
        "likely",
        "good",
        "limited",
    )
    .unwrap()
    .with_weighting(["emerging_trend"])
    .with_ameliorative("partnership", pts("1.5"))
    .with_ameliorative("resources", pts("1"));
    let o = worked().score_explained(&a).unwrap();
    let e = o.explanation().unwrap();
    let t = e.translation().unwrap();
    assert_eq!(t.from_matrix(), "reference@1.0.0");
    assert_eq!(t.from_fingerprint(), Matrix::reference().fingerprint());
    let parts: Vec<(&str, &str, Option<&str>)> = t
        .changes()
        .iter()
        .map(|c| (c.field(), c.from(), c.to()))
        .collect();
    assert_eq!(
        parts[0],
        ("area", "serious_organised_crime", Some("organised_crime"))
    );
    assert_eq!(parts[5], ("weighting", "emerging_trend", None));
    assert_eq!(
        parts[6],
        (
            "ameliorative",
            "partnership 1.5 + resources 1",
            Some("mitigation 2.5")
        )
    );
    let lines: Vec<String> = t.changes().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "area serious_organised_crime → organised_crime",
            "impact major → high",
            "probability likely → probable",
            "capability good → sufficient",
            "capacity limited → partial",
            "weighting emerging_trend → dropped",
            "ameliorative partnership 1.5 + resources 1 → mitigation 2.5",
        ]
    );
    let text = e.to_string();
    assert!(text.starts_with("translated from reference@1.0.0: area serious_organised_crime → organised_crime; impact major → high;"), "{text}");
    assert!(
        text.contains("\nrisk = impact high (4) × probability probable (4) = 16\n"),
        "{text}"
    );
    // Scored as given, an outcome has no translation.
    let plain = national()
        .score_explained(&worked().translate(&a).unwrap())
        .unwrap();
    assert!(plain.explanation().unwrap().translation().is_none());
    assert_eq!(plain, o);
}

// ------------------------------------------------------------------ registers

#[test]
fn a_translated_register_remembers_b_and_keeps_every_record_in_order() {
    let register = Register::from_text(Matrix::reference(), SAMPLE, RegisterFormat::Csv).unwrap();
    let translated = register.translate(&worked()).unwrap();
    assert_eq!(translated.matrix(), Some(&national()));
    assert_eq!(translated.crosswalk(), Some(&worked()));
    assert_eq!(register.crosswalk(), None);
    assert_eq!(translated.len(), register.len());
    let ids = |r: &Register| {
        r.assessments()
            .iter()
            .map(|a| a.id().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&translated), ids(&register));
    let scored = translated.scored().unwrap();
    assert_eq!(scored.matrix(), &national());
    assert_eq!(scored.crosswalk(), Some(&worked()));
    // Each entry is what the crosswalk gives for the original, which the register keeps.
    for entry in scored.entries() {
        let original = scored.original(entry.assessment().id()).unwrap();
        assert_eq!(entry.outcome(), &worked().score(original).unwrap());
        let explained = scored.explained(entry).unwrap();
        assert!(explained.explanation().unwrap().translation().is_some());
    }
    // Scored with A, the register is refused: it is a register of B now.
    let e = translated.score(Matrix::reference()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);
}

#[test]
fn a_register_of_another_matrix_or_with_faults_is_refused_whole() {
    let register = Register::from_text(
        &national(),
        "id,area,impact,probability,capability,capacity\nx,major_crime,high,remote,none,none\n",
        RegisterFormat::Csv,
    )
    .unwrap();
    let e = register.translate(&worked()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);

    // Two rows whose merged kinds exceed a max of 6, named by line and record.
    let tight = changed_matrix_max("6");
    let cw = Crosswalk::from_json_str(
        &CROSSWALK.replace(national().fingerprint(), tight.fingerprint()),
        Matrix::reference(),
        &tight,
    )
    .unwrap();
    let csv = "id,area,impact,probability,ameliorative.partnership,ameliorative.resources,capability,capacity\n\
               a,major_crime,major,likely,3,3,none,none\n\
               b,major_crime,major,likely,4,3,none,none\n\
               c,major_crime,major,likely,5,5,none,none\n";
    let register = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap();
    let e = register.translate(&cw).unwrap_err();
    assert_eq!(e.total_faults(), 2);
    let faults: Vec<(Option<u64>, Option<&str>)> = e
        .faults()
        .iter()
        .map(|f| (f.location().unwrap().line(), f.location().unwrap().record()))
        .collect();
    assert_eq!(faults, [(Some(3), Some("b")), (Some(4), Some("c"))]);
    assert!(
        e.faults()
            .iter()
            .all(|f| f.code() == ErrorCode::AmeliorativeOutOfRange)
    );
}

#[test]
fn the_text_report_says_the_register_was_translated() {
    let register = Register::from_text(Matrix::reference(), SAMPLE, RegisterFormat::Csv).unwrap();
    let scored = register.translate(&worked()).unwrap().scored().unwrap();
    let text = needmatrix::report::register_report(&scored, None);
    assert!(text.contains("Matrix national@2.0.0"), "{text}");
    assert!(text.contains("Translated from reference@1.0.0"), "{text}");
    assert!(
        text.contains(
            "\n  translated from reference@1.0.0:\n    area child_abuse → child_protection\n"
        ),
        "{text}"
    );
}

// ------------------------------------------------------------------ lint

#[test]
fn lint_warns_order_reversed_naming_the_scale_and_the_two_keys() {
    assert!(lint::lint_crosswalk(&worked()).is_empty());
    // good → strong but strong → sufficient: strong (higher) reaches lower than good.
    let cw = changed(|v| {
        v["capacity"]["good"] = json!("strong");
        v["capacity"]["strong"] = json!("sufficient");
    })
    .unwrap();
    let warnings = lint::lint_crosswalk(&cw);
    assert_eq!(warnings.len(), 1);
    let w = &warnings[0];
    assert_eq!(w.code(), lint::LintCode::OrderReversed);
    assert_eq!(w.levels(), ["capacity.good", "capacity.strong"]);
    assert!(
        w.to_string()
            .starts_with("warning [order_reversed]: the crosswalk's `capacity` map"),
        "{w}"
    );
    // With levels merged before the reversal, the first (lowest) of them is named.
    let tie = changed(|v| {
        v["impact"]["minor"] = json!("high");
        v["impact"]["moderate"] = json!("high");
        v["impact"]["major"] = json!("medium");
    })
    .unwrap();
    let warnings = lint::lint_crosswalk(&tie);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].levels(), ["impact.minor", "impact.major"]);
    // Levels merged into one are not reversed; areas and factors have no order.
    let merged = changed(|v| v["impact"]["critical"] = json!("high")).unwrap();
    assert!(lint::lint_crosswalk(&merged).is_empty());
    let areas = changed(|v| v["areas"]["major_crime"] = json!("child_protection")).unwrap();
    assert!(lint::lint_crosswalk(&areas).is_empty());
}

// ------------------------------------------------------------------ properties

/// The reference matrix with every key renamed (`x_` in front) and each scale's points kept:
/// a revision that a one-to-one crosswalk reaches.
fn renamed() -> Matrix {
    let mut v: Value = serde_json::from_str(&Matrix::reference().to_canonical_json()).unwrap();
    v["id"] = json!("renamed");
    // The crosswalk's maps are named as the matrix's lists.
    for map in MapName::ALL {
        for entry in v[map.as_str()].as_array_mut().unwrap() {
            let key = entry["key"].as_str().unwrap().to_owned();
            entry["key"] = json!(format!("x_{key}"));
        }
    }
    Matrix::from_json_str(&v.to_string()).unwrap()
}

/// A one-to-one crosswalk from the reference matrix to [`renamed`], each map a permutation
/// drawn from `seed` (levels may be shuffled: the points differ, the inverse still exists).
fn permuted(seed: u64) -> Crosswalk {
    let (a, b) = (Matrix::reference(), renamed());
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut v = json!({
        "format": "needmatrix-crosswalk/1",
        "from": {"fingerprint": a.fingerprint()},
        "to": {"fingerprint": b.fingerprint()},
    });
    for map in MapName::ALL {
        let identity = Crosswalk::identity(a);
        let keys: Vec<&str> = identity.entries(*map).map(|(k, _)| k).collect();
        let mut targets: Vec<String> = keys.iter().map(|k| format!("x_{k}")).collect();
        for i in (1..targets.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            targets.swap(i, j);
        }
        v[map.as_str()] = keys
            .iter()
            .zip(targets)
            .map(|(k, t)| ((*k).to_owned(), json!(t)))
            .collect();
    }
    Crosswalk::from_json_str(&v.to_string(), a, &b).unwrap()
}

fn assessment() -> impl Strategy<Value = Assessment> {
    let m = Matrix::reference();
    let keys =
        |list: &[needmatrix::Level]| list.iter().map(|l| l.key().to_owned()).collect::<Vec<_>>();
    let areas: Vec<String> = m.areas().iter().map(|a| a.key().to_owned()).collect();
    (
        proptest::sample::select(areas),
        proptest::sample::select(keys(m.impact())),
        proptest::sample::select(keys(m.probability())),
        proptest::sample::subsequence(keys(m.weighting()), 0..=6),
        proptest::option::of(0u32..=50_000),
        proptest::option::of(0u32..=50_000),
        proptest::sample::select(keys(m.capability())),
        proptest::sample::select(keys(m.capacity())),
        any::<bool>(),
    )
        .prop_map(
            |(area, i, p, w, partnership, resources, cap, cty, in_place)| {
                let mut a = Assessment::new("a", area, i, p, cap, cty)
                    .unwrap()
                    .with_weighting(w)
                    .with_measure_in_place(in_place)
                    .with_assessed_on(needmatrix::jiff::civil::date(2009, 1, 31));
                // Points in the kinds' range (0 ..= 5), up to 4 places, in matrix order.
                for (kind, p) in [("partnership", partnership), ("resources", resources)] {
                    if let Some(p) = p {
                        a = a.with_ameliorative(
                            kind,
                            Points::new(needmatrix::rust_decimal::Decimal::new(i64::from(p), 4)),
                        );
                    }
                }
                a
            },
        )
}

fn register_of(assessments: Vec<Assessment>) -> Register {
    let renumbered = assessments.into_iter().enumerate().map(|(n, a)| {
        let text = serde_json::to_string(&a).unwrap().replacen(
            "\"id\":\"a\"",
            &format!("\"id\":\"r{n}\""),
            1,
        );
        Assessment::from_json_str(Matrix::reference(), &text).unwrap()
    });
    let jsonl: String = renumbered
        .map(|a| serde_json::to_string(&a).unwrap() + "\n")
        .collect();
    Register::from_text(Matrix::reference(), &jsonl, RegisterFormat::JsonLines).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_identity_changes_no_outcome(a in assessment()) {
        let identity = Crosswalk::identity(Matrix::reference());
        prop_assert_eq!(identity.translate(&a).unwrap(), a.clone());
        prop_assert_eq!(identity.score(&a).unwrap(), Matrix::reference().score(&a).unwrap());
    }

    #[test]
    fn a_crosswalk_and_its_inverse_give_the_register_back(
        seed in any::<u64>(),
        assessments in proptest::collection::vec(assessment(), 0..30),
    ) {
        let cw = permuted(seed);
        let inverse = cw.inverse().expect("a one-to-one crosswalk has an inverse");
        let twice = inverse.inverse();
        prop_assert_eq!(twice.as_ref(), Some(&cw));
        let register = register_of(assessments);
        let there = register.translate(&cw).unwrap();
        let back = there.translate(&inverse).unwrap();
        prop_assert_eq!(back.assessments(), register.assessments());
        prop_assert_eq!(back.matrix(), Some(Matrix::reference()));
    }

    #[test]
    fn translation_never_loses_a_record(assessments in proptest::collection::vec(assessment(), 0..40)) {
        let register = register_of(assessments);
        let scored = register.translate(&worked()).unwrap().scored().unwrap();
        prop_assert_eq!(scored.entries().len(), register.len());
        let mut ids: Vec<&str> = scored.entries().iter().map(|e| e.outcome().id()).collect();
        ids.sort_unstable();
        let mut given: Vec<&str> = register.assessments().iter().map(Assessment::id).collect();
        given.sort_unstable();
        prop_assert_eq!(ids, given);
    }
}

#[test]
fn a_crosswalk_that_merges_or_drops_has_no_inverse() {
    assert!(worked().inverse().is_none());
    let identity = Crosswalk::identity(Matrix::reference());
    assert_eq!(identity.inverse(), Some(identity));
    assert!(permuted(7).inverse().is_some());
}

// ------------------------------------------------------------------ the national picture

#[test]
fn a_national_folder_declares_each_force_s_matrix_or_has_it_detected() {
    use needmatrix::national::NationalPicture;
    let dir = std::env::temp_dir().join(format!("needmatrix-national-cw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let on_a = "id,area,impact,probability,capability,capacity\na1,major_crime,critical,likely,none,none\n";
    let on_b = "id,area,impact,probability,capability,capacity\nb1,major_crime,severe,probable,none,none\n";
    std::fs::write(dir.join("Old.csv"), on_a).unwrap();
    std::fs::write(dir.join("New.csv"), on_b).unwrap();
    let regions = |text: &str| std::fs::write(dir.join("regions.csv"), text).unwrap();

    // Detected: New reads under B, Old only under A; a workbook of A (the scored workbook of
    // Old's register, whose Register sheet is a register) is translated too.
    let old = Register::from_text(
        Matrix::reference(),
        &on_a.replace("a1", "w1"),
        RegisterFormat::Csv,
    )
    .unwrap()
    .scored()
    .unwrap();
    std::fs::write(
        dir.join("Book.xlsx"),
        needmatrix::report::workbook(&old).unwrap(),
    )
    .unwrap();
    regions("force,region\nOld,North\nNew,North\nBook,South\n");
    let picture = NationalPicture::from_dir_with_crosswalk(&dir, &worked()).unwrap();
    assert_eq!(
        picture.translated(),
        Some((
            "reference@1.0.0",
            &["Book".to_owned(), "Old".to_owned()][..]
        ))
    );
    // All three score 6 × 4 = 24 under B: the roll-up is one matrix.
    assert_eq!(picture.national().overall().need_sum().to_string(), "72");
    std::fs::remove_file(dir.join("Book.xlsx")).unwrap();
    regions("force,region\nOld,North\nNew,North\n");
    let picture = NationalPicture::from_dir_with_crosswalk(&dir, &worked()).unwrap();
    assert_eq!(
        picture.translated(),
        Some(("reference@1.0.0", &["Old".to_owned()][..]))
    );
    assert_eq!(picture.matrix(), &national());

    // Declared by label and by fingerprint.
    regions(&format!(
        "force,region,matrix\nOld,North,reference@1.0.0\nNew,North,{}\n",
        national().fingerprint()
    ));
    let declared = NationalPicture::from_dir_with_crosswalk(&dir, &worked()).unwrap();
    assert_eq!(declared.translated(), picture.translated());

    // A declaration that is wrong for the file: the file is refused under the matrix declared.
    regions("force,region,matrix\nOld,North,national@2.0.0\nNew,North,\n");
    let e = NationalPicture::from_dir_with_crosswalk(&dir, &worked()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnknownLevel, "{e}");
    assert!(
        e.location().unwrap().file().unwrap().ends_with("Old.csv"),
        "{e}"
    );

    // A matrix that is neither: matrix_mismatch naming regions.csv, its line and the force.
    regions("force,region,matrix\nOld,North,reference@0.9\nNew,North,\n");
    let e = NationalPicture::from_dir_with_crosswalk(&dir, &worked()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);
    let at = e.location().unwrap();
    assert!(at.file().unwrap().ends_with("regions.csv"));
    assert_eq!((at.line(), at.record()), (Some(2), Some("Old")));

    // Without a crosswalk, a declaration must name the picture's matrix.
    regions("force,region,matrix\nOld,North,reference@1.0.0\n");
    std::fs::remove_file(dir.join("New.csv")).unwrap();
    assert!(NationalPicture::from_dir(Matrix::reference(), &dir).is_ok());
    let e = NationalPicture::from_dir(&national(), &dir).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A hostile crosswalk of a hundred thousand wrong entries is refused whole, every fault
/// counted and the first twenty listed (the others are counted, not worded).
#[test]
fn a_crosswalk_of_many_wrong_entries_is_counted_and_the_first_listed() {
    let e = changed(|v| {
        let impact = v["impact"].as_object_mut().unwrap();
        for n in 0..100_000 {
            impact.insert(format!("k{n}"), json!("low"));
        }
    })
    .unwrap_err();
    assert_eq!(e.total_faults(), 100_000);
    assert_eq!(e.faults().len(), needmatrix::MAX_LISTED_FAULTS);
    assert!(
        e.faults()
            .iter()
            .all(|f| f.code() == ErrorCode::UnknownLevel)
    );
}
