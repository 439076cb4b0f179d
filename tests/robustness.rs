//! The one-notch test (SPEC §13): the published reports of an independent model
//! (tests/vectors/robustness/, written by tools/vectors/robustness.py) reproduced exactly, JSON and CSV,
//! and the properties SPEC implies.

#![cfg(feature = "csv")]

use needmatrix::robustness::{Call, Robustness};
use needmatrix::{Assessment, Matrix, Register, RegisterFormat, report};
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/robustness")
}

#[test]
fn every_published_report_is_reproduced_exactly() {
    let m = Matrix::reference();
    let mut files: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let register =
            Register::from_text(m, &file["register"].to_string(), RegisterFormat::Json).unwrap();
        let r = Robustness::of_register(&register, m).unwrap();
        let mut got: Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(got["matrix"], "reference@1.0.0");
        assert_eq!(got["fingerprint"], m.fingerprint());
        let object = got.as_object_mut().unwrap();
        object.remove("matrix");
        object.remove("fingerprint");
        assert_eq!(got, file["expect"], "{name}");
        // The CSV: one row per change, the first rows as the model writes them.
        let csv = report::robustness_csv(&r);
        let rows: Vec<Vec<String>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(ToOwned::to_owned).collect())
            .collect();
        assert_eq!(
            rows.len() as u64,
            file["csv_rows"].as_u64().unwrap(),
            "{name}"
        );
        let first: Vec<Vec<String>> = serde_json::from_value(file["csv_first"].clone()).unwrap();
        assert_eq!(&rows[..first.len()], &first[..], "{name}");
    }
}

#[test]
fn the_text_view_says_what_was_found_in_words() {
    let m = Matrix::reference();
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("wealdshire.json")).unwrap())
            .unwrap();
    let register =
        Register::from_text(m, &file["register"].to_string(), RegisterFormat::Json).unwrap();
    let text = report::robustness_text(&Robustness::of_register(&register, m).unwrap());
    let s = &file["expect"]["summary"];
    let red = &s["by_grade"]["red"];
    assert!(
        text.contains(&format!(
            "{} of {} red entries would change grade or high need if one call moved one notch",
            red["fragile"], red["entries"]
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{} of {} high-need calls rest on a single notch",
            s["high_need_fragile"], s["high_need"]
        )),
        "{text}"
    );
    // The fragile entries in priority order, each numbered, the first the model's first.
    let first = file["expect"]["fragile"][0]["id"].as_str().unwrap();
    assert!(text.contains(&format!("1. **{first}**")), "{text}");
}

/// A random assessment of the reference matrix.
fn assessment() -> impl Strategy<Value = Assessment> {
    let keys = |scale: fn(&Matrix) -> &[needmatrix::Level]| -> Vec<String> {
        scale(Matrix::reference())
            .iter()
            .map(|l| l.key().to_owned())
            .collect()
    };
    let (impact, probability, capability, capacity) = (
        keys(Matrix::impact),
        keys(Matrix::probability),
        keys(Matrix::capability),
        keys(Matrix::capacity),
    );
    (
        0usize..5,
        0usize..5,
        0usize..5,
        0usize..5,
        0u64..64,
        0u32..=20,
        prop::bool::ANY,
        prop::option::of(prop::bool::ANY),
    )
        .prop_map(move |(i, p, c, y, w, part, measure, lead)| {
            let m = Matrix::reference();
            let mut a = Assessment::new(
                "x",
                "major_crime",
                &impact[i],
                &probability[p],
                &capability[c],
                &capacity[y],
            )
            .unwrap()
            .with_weighting(
                m.weighting()
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| w >> j & 1 == 1)
                    .map(|(_, f)| f.key().to_owned()),
            )
            .with_ameliorative(
                "partnership",
                needmatrix::Points::new(rust_decimal::Decimal::new(i64::from(part) * 25, 2)),
            )
            .with_measure_in_place(measure);
            if let Some(lead) = lead {
                a = a.with_lead_high_risk(lead);
            }
            a
        })
}

/// `a` with one call at level `to`.
fn moved(a: &Assessment, call: Call, to: &str) -> Assessment {
    let (mut i, mut p, mut c, mut y) = (a.impact(), a.probability(), a.capability(), a.capacity());
    match call {
        Call::Impact => i = to,
        Call::Probability => p = to,
        Call::Capability => c = to,
        _ => y = to,
    }
    let mut b = Assessment::new(a.id(), a.area(), i, p, c, y)
        .unwrap()
        .with_weighting(a.weighting().to_vec())
        .with_measure_in_place(a.measure_in_place());
    for (kind, points) in a.ameliorative() {
        b = b.with_ameliorative(kind.clone(), *points);
    }
    if let Some(lead) = a.lead_high_risk() {
        b = b.with_lead_high_risk(lead);
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Each listed change, re-scored alone by `Matrix::score` (not the compiled scorer), gives
    /// the stated need, grade and high need, and does change the call; an entry is fragile
    /// exactly when some neighbour changes the call; the band range holds the entry's own band.
    #[test]
    fn changes_are_what_rescoring_gives_and_fragile_means_a_change(a in assessment()) {
        let m = Matrix::reference();
        let own = m.score(&a).unwrap();
        let entry = Robustness::of_assessment(m, &a).unwrap();
        for c in entry.changes() {
            let n = m.score(&moved(&a, c.field, &c.to)).unwrap();
            prop_assert_eq!(n.need(), c.need);
            prop_assert_eq!(n.grade(), c.grade);
            prop_assert_eq!(n.high_need(), c.high_need);
            prop_assert!(n.grade() != own.grade() || n.high_need() != own.high_need());
        }
        // Brute force over every one-notch neighbour: fragile iff one changes the call.
        let mut any = false;
        for call in Call::ALL.iter().copied() {
            let scale = match call {
                Call::Impact => m.impact(),
                Call::Probability => m.probability(),
                Call::Capability => m.capability(),
                _ => m.capacity(),
            };
            let key = match call {
                Call::Impact => a.impact(),
                Call::Probability => a.probability(),
                Call::Capability => a.capability(),
                _ => a.capacity(),
            };
            let at = scale.iter().position(|l| l.key() == key).unwrap();
            for pos in [at.checked_sub(1), Some(at + 1).filter(|&p| p < scale.len())].into_iter().flatten() {
                let n = m.score(&moved(&a, call, scale[pos].key())).unwrap();
                any |= n.grade() != own.grade() || n.high_need() != own.high_need();
            }
        }
        prop_assert_eq!(entry.fragile(), any);
        let position = |key: &str| m.need_bands().iter().position(|b| b.key() == key).unwrap();
        let (low, high, band) = (position(entry.need_band_low()), position(entry.need_band_high()), own.need_band_position());
        prop_assert!(low <= band && band <= high);
    }

    /// Lowering capability or capacity one notch never lowers need (ability can only fall).
    #[test]
    fn a_notch_less_ability_never_lowers_need(a in assessment()) {
        let m = Matrix::reference();
        let need = m.score(&a).unwrap().need();
        for (call, scale, key) in [(Call::Capability, m.capability(), a.capability()), (Call::Capacity, m.capacity(), a.capacity())] {
            let at = scale.iter().position(|l| l.key() == key).unwrap();
            if at > 0 {
                let lower = m.score(&moved(&a, call, scale[at - 1].key())).unwrap();
                prop_assert!(lower.need() >= need);
            }
        }
    }
}

#[cfg(feature = "vectors")]
#[test]
fn the_conformance_runner_runs_the_one_notch_files() {
    for name in ["wealdshire", "random-13", "random-2008", "random-2026"] {
        let path = dir().join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        let r = needmatrix::vectors::run_str(&text, name);
        assert!(r.unreadable().is_none(), "{name}: {:?}", r.unreadable());
        assert_eq!(r.failed(), 0, "{name}: {:?}", r.failures());
        let file: Value = serde_json::from_str(&text).unwrap();
        let fragile = file["expect"]["fragile"].as_array().unwrap().len();
        assert_eq!(r.passed(), 1 + fragile, "{name}");
        // A wrong expectation fails, naming the entry and field.
        let mut wrong = file.clone();
        wrong["expect"]["fragile"][0]["need_band_low"] = Value::from("nowhere");
        let r = needmatrix::vectors::run_str(&wrong.to_string(), name);
        assert_eq!(r.failed(), 1, "{name}");
        assert_eq!(r.failures()[0].field, "need_band_low");
        assert_eq!(
            r.failures()[0].case,
            file["expect"]["fragile"][0]["id"].as_str().unwrap()
        );
    }
}

#[test]
fn the_plan_marks_fragile_high_needs_and_changes_nothing_else() {
    let m = Matrix::reference();
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("wealdshire.json")).unwrap())
            .unwrap();
    let register =
        Register::from_text(m, &file["register"].to_string(), RegisterFormat::Json).unwrap();
    let scored = register.score(m).unwrap();
    let plan = needmatrix::plan::Plan::new(&scored).unwrap();
    let json: Value = serde_json::from_str(&report::plan_json(&plan)).unwrap();
    // Expected from the model: the fragile entries that are high needs.
    let fragile_high: Vec<&str> = file["expect"]["fragile"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["high_need"] == true)
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let marked: Vec<&str> = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fragile"] == true)
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(marked, fragile_high);
    assert!(!marked.is_empty());
    // The order is the register's priority order, marks or not.
    let order: Vec<&str> = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = scored
        .entries()
        .iter()
        .filter(|e| e.outcome().need_band_position() > 0)
        .map(|e| e.outcome().id())
        .collect();
    assert_eq!(order, expected);
    assert!(report::plan_markdown(&plan).contains("**check this call before funding**"));
}

#[test]
fn every_accessor_says_what_the_model_says() {
    let m = Matrix::reference();
    for name in ["wealdshire", "random-13"] {
        let file: Value = serde_json::from_str(
            &std::fs::read_to_string(dir().join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let register =
            Register::from_text(m, &file["register"].to_string(), RegisterFormat::Json).unwrap();
        let r = Robustness::of_register(&register, m).unwrap();
        let want = &file["expect"];
        let s = r.summary();
        let count = |v: &Value| v.as_u64().unwrap() as usize;
        assert_eq!(s.entries(), count(&want["summary"]["entries"]));
        assert_eq!(s.fragile(), count(&want["summary"]["fragile"]));
        assert_eq!(s.high_need(), count(&want["summary"]["high_need"]));
        assert_eq!(
            s.high_need_fragile(),
            count(&want["summary"]["high_need_fragile"])
        );
        for (key, grade) in [
            ("red", Some(needmatrix::Grade::Red)),
            ("amber", Some(needmatrix::Grade::Amber)),
            ("green", Some(needmatrix::Grade::Green)),
            ("none", None),
        ] {
            let c = s.by_grade(grade);
            assert_eq!(
                c.entries(),
                count(&want["summary"]["by_grade"][key]["entries"]),
                "{key}"
            );
            assert_eq!(
                c.fragile(),
                count(&want["summary"]["by_grade"][key]["fragile"]),
                "{key}"
            );
        }
        let fragile = r.fragile();
        assert_eq!(fragile.len(), want["fragile"].as_array().unwrap().len());
        assert_eq!(r.entries().len(), s.entries());
        for (e, w) in fragile.iter().zip(want["fragile"].as_array().unwrap()) {
            assert!(e.fragile());
            assert_eq!(e.id(), w["id"].as_str().unwrap());
            assert_eq!(e.grade().map(|g| g.as_str()), w["grade"].as_str());
            assert_eq!(e.high_need(), w["high_need"].as_bool().unwrap());
            assert_eq!(e.need().to_string(), w["need"].as_str().unwrap());
            assert_eq!(e.need_band(), w["need_band"].as_str().unwrap());
            assert_eq!(e.need_band_low(), w["need_band_low"].as_str().unwrap());
            assert_eq!(e.need_band_high(), w["need_band_high"].as_str().unwrap());
            for (c, wc) in e.changes().iter().zip(w["changes"].as_array().unwrap()) {
                assert_eq!(c.field.as_str(), wc["field"].as_str().unwrap());
                assert_eq!(c.to, wc["to"].as_str().unwrap());
                assert_eq!(c.need.to_string(), wc["need"].as_str().unwrap());
                // In words: the call, the level, the need and the grade.
                let words = c.to_string();
                assert!(
                    words.starts_with(&format!("{} to {}: need {}, ", c.field, c.to, c.need)),
                    "{words}"
                );
                assert!(
                    words.contains(c.grade.map_or("no grade", |g| g.as_str())),
                    "{words}"
                );
                assert_eq!(words.ends_with(", high need"), c.high_need, "{words}");
            }
        }
        // Entries that are not fragile say so.
        assert!(
            r.entries()
                .iter()
                .filter(|e| !e.fragile())
                .all(|e| e.changes().is_empty())
        );
        assert_eq!(r.matrix(), m);
    }
}

/// The one-notch test's text view, worked by hand for the register template (SPEC §13).
/// SOC-01: major × likely = 16, + 5 weighting, − 1.5 = 19.5, − min(4, 12) = 15.5, red, a high
/// need; impact to moderate or probability to possible gives 12 + 5 − 1.5 = 15.5 threat (below
/// the high band's 16) and need 11.5: still red, no longer a high need. Impact to critical or
/// capability either way keeps it red and a high need. PO-01: 9 + 2 − 0.5 = 10.5 − 8 = 2.5,
/// green; impact or probability down gives 7.5 − 8, need 0 (no grade); up 13.5 − 8 = 5.5
/// (amber); capability or capacity to limited 10.5 − 4 = 6.5 (amber); up changes nothing.
#[test]
fn the_text_view_says_each_change_in_words() {
    let m = Matrix::reference();
    let scored = needmatrix::Register::from_text(
        m,
        include_str!("../examples/data/register-template.csv"),
        needmatrix::RegisterFormat::Csv,
    )
    .unwrap()
    .scored()
    .unwrap();
    let text = needmatrix::report::robustness_text(&Robustness::of_scored(&scored).unwrap());
    let lines: Vec<&str> = text.lines().collect();
    for want in [
        "- 1 of 1 red entries would change grade or high need if one call moved one notch.",
        "- 1 of 1 green entries would change grade or high need if one call moved one notch.",
        "- 1 of 1 high-need calls rest on a single notch: of impact for 1, of probability for 1.",
        "1. **SOC-01**: red, high need, need 15.5 (band high; one notch gives high to high)",
        "   - impact to moderate: need 11.5, red, no longer a high need",
        "   - probability to possible: need 11.5, red, no longer a high need",
        "2. **PO-01**: green, need 2.5 (band low; one notch gives none to medium)",
        "   - impact to minor: need 0, no grade (was green)",
        "   - impact to major: need 5.5, amber (was green)",
        "   - probability to unlikely: need 0, no grade (was green)",
        "   - probability to likely: need 5.5, amber (was green)",
        "   - capability to limited: need 6.5, amber (was green)",
        "   - capacity to limited: need 6.5, amber (was green)",
    ] {
        assert!(lines.contains(&want), "no line {want:?} in\n{text}");
    }
    assert!(
        text.contains("2 of 2 entries would change grade or high need"),
        "{text}"
    );
    // SOC-01 lists exactly its two changes, PO-01 its six.
    assert_eq!(lines.iter().filter(|l| l.starts_with("   - ")).count(), 8);
    // An amber entry one notch from a high need: major × likely = 16 (threat band high), ability
    // min(8, 8) = 8, need 8. Up one notch on impact or probability: 20 − 8 = 12, red; down one
    // on capability or capacity: 16 − 4 = 12, red; both high risk with no measure: a high need.
    // Down one notch on impact or probability: 12 − 8 = 4, green. Up on capability or
    // capacity: min(12, 8) = 8, no change. No high need in the register: no per-call line.
    let amber = needmatrix::Register::from_text(
        m,
        "id,area,impact,probability,capability,capacity
y,major_crime,major,likely,adequate,adequate
",
        needmatrix::RegisterFormat::Csv,
    )
    .unwrap()
    .scored()
    .unwrap();
    let text = needmatrix::report::robustness_text(&Robustness::of_scored(&amber).unwrap());
    let changes: Vec<&str> = text.lines().filter(|l| l.starts_with("   - ")).collect();
    assert_eq!(
        changes,
        [
            "   - impact to moderate: need 4, green (was amber)",
            "   - impact to critical: need 12, red (was amber), becomes a high need",
            "   - probability to possible: need 4, green (was amber)",
            "   - probability to almost_certain: need 12, red (was amber), becomes a high need",
            "   - capability to limited: need 12, red (was amber), becomes a high need",
            "   - capacity to limited: need 12, red (was amber), becomes a high need",
        ],
        "{text}"
    );
    assert!(!text.contains("high-need calls"), "{text}");
    // A register with nothing fragile says so: critical × almost certain with no ability is
    // need 25, red, a high need one notch cannot undo.
    let solid = needmatrix::Register::from_text(
        m,
        "id,area,impact,probability,capability,capacity\nx,major_crime,critical,almost_certain,none,none\n",
        needmatrix::RegisterFormat::Csv,
    )
    .unwrap()
    .scored()
    .unwrap();
    let text = needmatrix::report::robustness_text(&Robustness::of_scored(&solid).unwrap());
    assert!(
        text.contains("No grade or high need rests on a single judgement call."),
        "{text}"
    );
    assert!(
        text.contains("- 0 of 1 high-need calls rest on a single notch."),
        "{text}"
    );
}
