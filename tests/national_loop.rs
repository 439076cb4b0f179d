//! SPEC §11: the national review computed from the forces' own registers, Table 4 against the
//! published figures, test 3 per force, collaboration candidates and objective markers; each
//! hand-worked, and every refusal asserted with its code, force, area and line.

#![cfg(feature = "csv")]

use needmatrix::national::NationalPicture;
use needmatrix::review::{Assessed, Element, MarkerFlag, Provision, Review};
use needmatrix::{ErrorCode, Matrix, Register, RegisterFormat};
use serde_json::{Value, json};

/// A register row over the reference matrix.
fn row(id: &str, area: &str, impact: &str, probability: &str, capability: &str) -> String {
    format!(
        r#"{{"id": "{id}", "area": "{area}", "impact": "{impact}", "probability": "{probability}", "capability": "{capability}", "capacity": "{capability}"}}"#
    )
}

fn picture(matrix: &Matrix, forces: &[(&str, &str, Vec<String>)]) -> NationalPicture {
    let mut p = NationalPicture::new(matrix);
    for (force, region, rows) in forces {
        let register =
            Register::from_text(matrix, &rows.join("\n"), RegisterFormat::JsonLines).unwrap();
        p.add_register(force, region, &register).unwrap();
    }
    p
}

/// Every force × every area of `matrix` at one provision grade, and every element likewise.
fn files(matrix: &Matrix, forces: &[&str], grade: &str) -> (String, String) {
    let mut provision = String::from("force,area,provision\n");
    let mut elements = String::from("force,area,element,grade\n");
    for force in forces {
        for area in matrix.areas() {
            provision.push_str(&format!("{force},{},{grade}\n", area.key()));
            for e in Element::ALL {
                elements.push_str(&format!("{force},{},{e},{grade}\n", area.key()));
            }
        }
    }
    (provision, elements)
}

/// The hand-worked three forces: A and B in North, C in South.
/// - A: major crime critical × likely with no ability: threat 20 (band high), need 20 (high);
///   public order moderate × possible with limited: threat 9 (medium), need 5 (medium).
/// - B: major crime major × likely with adequate: threat 16 (high), need 8 (medium); public
///   order minor × rare with strong: threat 2 (low), need 0 (none → low).
/// - C: major crime critical × almost certain, none: threat 25, need 25 (high, high).
/// - Child abuse: no entries anywhere → no evidence.
fn three_forces(matrix: &Matrix) -> NationalPicture {
    picture(
        matrix,
        &[
            (
                "A",
                "North",
                vec![
                    row("a1", "major_crime", "critical", "likely", "none"),
                    row("a2", "public_order", "moderate", "possible", "limited"),
                ],
            ),
            (
                "B",
                "North",
                vec![
                    row("b1", "major_crime", "major", "likely", "adequate"),
                    row("b2", "public_order", "minor", "rare", "strong"),
                ],
            ),
            (
                "C",
                "South",
                vec![row(
                    "c1",
                    "major_crime",
                    "critical",
                    "almost_certain",
                    "none",
                )],
            ),
        ],
    )
}

fn levels(review: &Review, force: &str, area: &str) -> (Assessed, Assessed) {
    let g = review.grading(force, area).unwrap();
    (g.threat, g.need)
}

#[test]
fn derived_levels_by_hand_on_the_reference_matrix() {
    let m = Matrix::reference();
    let (provision, elements) = files(m, &["A", "B", "C"], "meets_standard");
    let review = Review::from_picture(&three_forces(m), &provision, &elements).unwrap();
    use Assessed::*;
    assert_eq!(levels(&review, "A", "major_crime"), (High, High));
    assert_eq!(levels(&review, "A", "public_order"), (Medium, Medium));
    assert_eq!(levels(&review, "B", "major_crime"), (High, Medium));
    assert_eq!(levels(&review, "B", "public_order"), (Low, Low));
    assert_eq!(levels(&review, "C", "major_crime"), (High, High));
    assert_eq!(
        levels(&review, "C", "public_order"),
        (NoEvidence, NoEvidence)
    );
    assert_eq!(
        levels(&review, "A", "child_abuse"),
        (NoEvidence, NoEvidence)
    );
    // The derived table: every force × every area of the matrix, forces in byte order, areas in
    // matrix order.
    let table = review.derived_areas().unwrap();
    assert_eq!(table.len(), 3 * m.areas().len());
    assert_eq!(
        (table[0].force.as_str(), table[0].area.as_str()),
        ("A", m.areas()[0].key())
    );
    assert_eq!(table[m.areas().len()].force, "B");
    // A region with exactly two high-need forces in major crime: North has A (high) and B
    // (medium): none; no region has two. South has one force.
    assert!(review.collaboration().is_empty());
}

#[test]
fn derived_levels_on_matrices_of_two_bands_and_of_many() {
    let reference: Value = serde_json::from_str(&Matrix::reference().to_canonical_json()).unwrap();
    let with_bands = |threat: Value, need: Value, high: &str, grades: Value| {
        let mut v = reference.clone();
        v["threat_bands"] = threat;
        v["need_bands"] = need;
        v["high_risk_band"] = json!(high);
        v["grades"] = grades;
        Matrix::from_json_str(&v.to_string()).unwrap()
    };
    // Two bands each: below 10 and from 10. A's 20 is in the top band (high); A's public order
    // threat 9 and need 5 are in the lower band, which is B − 2 = 0: medium.
    let two = with_bands(
        json!([{"key": "lower", "min": "0"}, {"key": "upper", "min": "10"}]),
        json!([{"key": "lower", "min": "0"}, {"key": "upper", "min": "10"}]),
        "upper",
        json!([{"band": "upper", "grade": "red", "months": 3}]),
    );
    let (provision, elements) = files(&two, &["A", "B", "C"], "meets_standard");
    let review = Review::from_picture(&three_forces(&two), &provision, &elements).unwrap();
    use Assessed::*;
    assert_eq!(levels(&review, "A", "major_crime"), (High, High));
    assert_eq!(levels(&review, "A", "public_order"), (Medium, Medium));
    assert_eq!(levels(&review, "B", "major_crime"), (High, Medium));
    // Six bands, floors 0, 2, 6, 10, 18, 24: only 24 and above is high, 18 to 24 medium.
    let bands = json!([
        {"key": "b0", "min": "0"}, {"key": "b1", "min": "2"}, {"key": "b2", "min": "6"},
        {"key": "b3", "min": "10"}, {"key": "b4", "min": "18"}, {"key": "b5", "min": "24"}
    ]);
    let many = with_bands(
        bands.clone(),
        bands,
        "b5",
        json!([{"band": "b5", "grade": "red", "months": 3}]),
    );
    let (provision, elements) = files(&many, &["A", "B", "C"], "meets_standard");
    let review = Review::from_picture(&three_forces(&many), &provision, &elements).unwrap();
    // A: 20 is in b4 (medium); C: 25 in b5 (high); B: threat 16 in b3 (low), need 8 in b2 (low).
    assert_eq!(levels(&review, "A", "major_crime"), (Medium, Medium));
    assert_eq!(levels(&review, "C", "major_crime"), (High, High));
    assert_eq!(levels(&review, "B", "major_crime"), (Low, Low));
    assert_eq!(
        levels(&review, "B", "child_abuse"),
        (NoEvidence, NoEvidence)
    );
}

#[test]
fn the_derived_table_read_back_as_an_areas_file_gives_the_same_review() {
    let m = Matrix::reference();
    let (_, elements) = files(m, &["A", "B", "C"], "insufficient");
    let mut provision = String::from("force,area,provision\n");
    for (n, force) in ["A", "B", "C"].iter().enumerate() {
        for (k, area) in m.areas().iter().enumerate() {
            let grade = Provision::ALL[(n + k) % 4];
            provision.push_str(&format!("{force},{},{grade}\n", area.key()));
        }
    }
    let from_registers = Review::from_picture(&three_forces(m), &provision, &elements).unwrap();
    let read_back = Review::from_csv(&from_registers.areas_csv(), &elements).unwrap();
    assert_eq!(from_registers.tables(), read_back.tables());
    assert_eq!(from_registers.summary(), read_back.summary());
    assert_eq!(
        from_registers.alignment_by_force(),
        read_back.alignment_by_force()
    );
    // And the JSON of a review from registers carries what §11 adds.
    let json: Value = serde_json::from_str(&from_registers.to_json()).unwrap();
    assert_eq!(json["areas"].as_array().unwrap().len(), 30);
    assert_eq!(
        json["areas"][0],
        json!({"force": "A", "region": "North", "area": "serious_organised_crime",
               "threat": "no_evidence", "need": "no_evidence", "provision": "no_evidence"})
    );
    assert!(json["alignment_by_force"].is_array() && json["collaboration"].is_array());
    assert!(json.get("markers").is_none());
    let plain: Value = serde_json::from_str(&read_back.to_json()).unwrap();
    assert!(plain.get("areas").is_none() && plain.get("alignment_by_force").is_none());
}

#[test]
fn test_3_per_force_with_ties_and_a_constant_side() {
    // One force over three areas: threat high, medium, low (3, 2, 1); need high, low, low
    // (ranks 3, 1.5, 1.5); provision the same everywhere (constant: null).
    let areas = "force,region,area,threat,need,provision\n\
                 A,North,major_crime,high,high,meets_standard\n\
                 A,North,public_order,medium,low,meets_standard\n\
                 A,North,child_abuse,low,low,meets_standard\n";
    let elements: String = std::iter::once("force,area,element,grade".to_owned())
        .chain(
            ["major_crime", "public_order", "child_abuse"]
                .iter()
                .flat_map(|a| {
                    Element::ALL
                        .iter()
                        .map(move |e| format!("A,{a},{e},meets_standard"))
                }),
        )
        .collect::<Vec<_>>()
        .join("\n");
    let review = Review::from_csv(areas, &elements).unwrap();
    let a = &review.alignment_by_force()[0];
    // ρ = cov / √(var var): ranks (3, 2, 1) and (3, 1.5, 1.5): 1.5 / √(2 × 1.5) = 0.8660.
    assert_eq!(a.threat_need, Some(0.866));
    assert_eq!((a.threat_provision, a.need_provision), (None, None));
    let json = serde_json::to_value(a).unwrap();
    assert_eq!(
        json,
        json!({"force": "A", "threat_need": 0.866, "threat_provision": null, "need_provision": null})
    );
}

/// One area, one indicator, forces F1..Fn with the given needs and values.
fn markers_of(rows: &[(&str, &str, &str)]) -> Vec<(String, MarkerFlag)> {
    let mut areas = String::from("force,region,area,threat,need,provision\n");
    let mut elements = String::from("force,area,element,grade\n");
    let mut indicators = String::from("force,area,indicator,value\n");
    for (force, need, value) in rows {
        areas.push_str(&format!(
            "{force},North,child_abuse,medium,{need},meets_standard\n"
        ));
        for e in Element::ALL {
            elements.push_str(&format!("{force},child_abuse,{e},meets_standard\n"));
        }
        indicators.push_str(&format!("{force},child_abuse,referrals,{value}\n"));
    }
    let review = Review::from_csv(&areas, &elements)
        .unwrap()
        .with_indicators(&indicators)
        .unwrap();
    review
        .markers()
        .unwrap()
        .iter()
        .map(|m| (m.force.clone(), m.flag))
        .collect()
}

#[test]
fn the_quartile_rule_at_one_four_and_five_forces() {
    use MarkerFlag::*;
    // n = 1: q = 1, hi = lo = the one value: low need is under-assessed, high over-assessed.
    assert_eq!(
        markers_of(&[("F1", "low", "5")]),
        [("F1".to_owned(), UnderAssessed)]
    );
    assert_eq!(
        markers_of(&[("F1", "high", "5")]),
        [("F1".to_owned(), OverAssessed)]
    );
    assert!(markers_of(&[("F1", "medium", "5")]).is_empty());
    // n = 4: q = 1, hi = 40 (the largest), lo = 10 (the smallest).
    let four = markers_of(&[
        ("F1", "high", "10"),
        ("F2", "low", "20"),
        ("F3", "high", "30"),
        ("F4", "no_evidence", "40"),
    ]);
    assert_eq!(
        four,
        [
            ("F1".to_owned(), OverAssessed),
            ("F4".to_owned(), UnderAssessed)
        ]
    );
    // n = 5: q = 2, hi = 40 (second largest), lo = 20 (second smallest); ties count.
    let five = markers_of(&[
        ("F1", "high", "10"),
        ("F2", "high", "20"),
        ("F3", "high", "30"),
        ("F4", "low", "40"),
        ("F5", "low", "50.5"),
    ]);
    assert_eq!(
        five,
        [
            ("F1".to_owned(), OverAssessed),
            ("F2".to_owned(), OverAssessed),
            ("F4".to_owned(), UnderAssessed),
            ("F5".to_owned(), UnderAssessed)
        ]
    );
}

#[test]
fn a_region_with_exactly_two_high_need_forces_is_a_collaboration_candidate() {
    let m = Matrix::reference();
    let high = |id: &str| row(id, "child_abuse", "critical", "likely", "none");
    let low = |id: &str| row(id, "child_abuse", "minor", "rare", "none");
    let p = picture(
        m,
        &[
            ("Alder", "North", vec![high("a")]),
            ("Birch", "North", vec![high("b")]),
            ("Cedar", "North", vec![low("c")]),
            ("Dale", "South", vec![high("d")]),
        ],
    );
    let (provision, elements) = files(m, &["Alder", "Birch", "Cedar", "Dale"], "insufficient");
    let review = Review::from_picture(&p, &provision, &elements).unwrap();
    let together = serde_json::to_value(review.collaboration()).unwrap();
    assert_eq!(
        together,
        json!([{"region": "North", "area": "child_abuse", "forces": ["Alder", "Birch"]}])
    );
}

/// Table 4 of the 2008 report: % of the 43 forces by overall grade per element; last, all 301.
const PUBLISHED_TABLE_4: [(&str, [u64; 8]); 5] = [
    ("no_evidence", [2, 2, 0, 0, 12, 2, 5, 3]),
    ("insufficient", [14, 7, 9, 26, 21, 26, 42, 21]),
    ("meets_standard", [58, 77, 63, 60, 63, 56, 47, 60]),
    ("high_provision", [26, 14, 28, 14, 5, 16, 7, 16]),
    ("compliant", [84, 91, 91, 74, 67, 72, 53, 76]),
];

#[test]
fn the_sample_reproduces_the_published_table_4_cell_for_cell() {
    let review = Review::from_csv(
        include_str!("../examples/data/review/areas.csv"),
        include_str!("../examples/data/review/elements.csv"),
    )
    .unwrap()
    .with_element_grades(include_str!("../examples/data/review/element_grades.csv"))
    .unwrap();
    let table = review.tables().element_provision.unwrap();
    let mut columns: Vec<&str> = Element::ALL.iter().map(|e| e.as_str()).collect();
    columns.push("total");
    assert_eq!(table.columns, columns);
    for (label, values) in PUBLISHED_TABLE_4 {
        for (column, want) in columns.iter().zip(values) {
            assert_eq!(table.value(label, column), Some(want), "{label} / {column}");
        }
    }
    let json: Value = serde_json::from_str(&review.to_json()).unwrap();
    assert_eq!(
        json["tables"]["element_provision"]["rows"][4]["label"],
        "compliant"
    );
}

fn refused(e: needmatrix::Error) -> (ErrorCode, Option<String>, Option<u64>, Option<String>) {
    let at = e
        .faults()
        .first()
        .and_then(|f| f.location())
        .or(e.location());
    (
        e.code(),
        at.and_then(|l| l.record()).map(str::to_owned),
        at.and_then(|l| l.line()),
        at.and_then(|l| l.file()).map(str::to_owned),
    )
}

#[test]
fn every_refusal_names_its_force_area_and_line() {
    let m = Matrix::reference();
    let p = three_forces(m);
    let (provision, elements) = files(m, &["A", "B", "C"], "meets_standard");
    let line_of = |text: &str, needle: &str| {
        text.lines().position(|l| l.starts_with(needle)).unwrap() as u64 + 1
    };
    // A repeated provision row: duplicate_key at the second.
    let repeated = format!("{provision}B,major_crime,insufficient\n");
    let e = Review::from_picture(&p, &repeated, &elements).unwrap_err();
    assert_eq!(
        refused(e),
        (
            ErrorCode::DuplicateKey,
            Some("B / major_crime".to_owned()),
            Some(repeated.lines().count() as u64),
            Some("provision".to_owned())
        )
    );
    // A missing provision row: incomplete_review naming force and area.
    let missing: String = provision
        .lines()
        .filter(|l| *l != "C,child_abuse,meets_standard")
        .map(|l| format!("{l}\n"))
        .collect();
    let e = Review::from_picture(&p, &missing, &elements).unwrap_err();
    assert_eq!(e.code(), ErrorCode::IncompleteReview);
    assert_eq!(refused(e).1, Some("C / child_abuse".to_owned()));
    // A provision row for a force with no register, and one for an unknown area.
    let stranger = format!("{provision}Z,major_crime,insufficient\n");
    let e = Review::from_picture(&p, &stranger, &elements).unwrap_err();
    assert_eq!(
        refused(e),
        (
            ErrorCode::IncompleteReview,
            Some("Z / major_crime".to_owned()),
            Some(stranger.lines().count() as u64),
            Some("provision".to_owned())
        )
    );
    let unknown = provision.replace("A,major_crime,", "A,major_crimes,");
    let e = Review::from_picture(&p, &unknown, &elements).unwrap_err();
    assert_eq!(
        refused(e),
        (
            ErrorCode::UnknownArea,
            Some("A / major_crimes".to_owned()),
            Some(line_of(&provision, "A,major_crime,")),
            Some("provision".to_owned())
        )
    );
    // A grade that is not one.
    let bad = provision.replace("B,public_order,meets_standard", "B,public_order,excellent");
    let e = Review::from_picture(&p, &bad, &elements).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert_eq!(refused(e).2, Some(line_of(&provision, "B,public_order")));
}

#[test]
fn a_folder_of_registers_needs_every_force_and_one_matrix() {
    let dir = std::env::temp_dir().join(format!("needmatrix-loop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("registers")).unwrap();
    let m = Matrix::reference();
    let registers = dir.join("registers");
    std::fs::write(
        registers.join("regions.csv"),
        "force,region\nA,North\nB,North\nC,South\n",
    )
    .unwrap();
    std::fs::write(
        registers.join("A.jsonl"),
        row("a1", "major_crime", "critical", "likely", "none"),
    )
    .unwrap();
    std::fs::write(
        registers.join("C.jsonl"),
        row("c1", "major_crime", "minor", "rare", "none"),
    )
    .unwrap();
    let (provision, elements) = files(m, &["A", "B", "C"], "meets_standard");
    std::fs::write(dir.join("provision.csv"), &provision).unwrap();
    std::fs::write(dir.join("elements.csv"), &elements).unwrap();
    let review = |dir: &std::path::Path| {
        Review::from_registers(
            m,
            &dir.join("registers"),
            &dir.join("provision.csv"),
            &dir.join("elements.csv"),
        )
    };
    // B is in regions.csv (line 3) but has no register.
    let (code, record, line, file) = refused(review(&dir).unwrap_err());
    assert_eq!(
        (code, record.as_deref(), line),
        (ErrorCode::IncompleteReview, Some("B"), Some(3))
    );
    assert!(file.unwrap().ends_with("regions.csv"));
    // With B's register the review is made; a scored register of another matrix is refused.
    std::fs::write(
        registers.join("B.jsonl"),
        row("b1", "public_order", "major", "likely", "adequate"),
    )
    .unwrap();
    let ok = review(&dir).unwrap();
    assert_eq!(ok.derived_areas().unwrap().len(), 30);
    std::fs::write(
        registers.join("B.json"),
        r#"{"matrix": "other@1", "fingerprint": "0000", "outcomes": []}"#,
    )
    .unwrap();
    std::fs::remove_file(registers.join("B.jsonl")).unwrap();
    assert_eq!(review(&dir).unwrap_err().code(), ErrorCode::MatrixMismatch);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn element_grades_and_indicators_refuse_what_they_cannot_place() {
    let areas =
        "force,region,area,threat,need,provision\nA,North,child_abuse,low,low,meets_standard\n";
    let elements: String = std::iter::once("force,area,element,grade".to_owned())
        .chain(
            Element::ALL
                .iter()
                .map(|e| format!("A,child_abuse,{e},meets_standard")),
        )
        .collect::<Vec<_>>()
        .join("\n");
    let review = Review::from_csv(areas, &elements).unwrap();
    let grades: String = std::iter::once("force,element,grade".to_owned())
        .chain(Element::ALL.iter().map(|e| format!("A,{e},insufficient")))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(review.clone().with_element_grades(&grades).is_ok());
    // A repeat (line 9), a missing element, a force not in the review.
    let e = review
        .clone()
        .with_element_grades(&format!("{grades}\nA,governance,insufficient"))
        .unwrap_err();
    assert_eq!((e.code(), refused(e).2), (ErrorCode::DuplicateKey, Some(9)));
    let short: String = grades.lines().take(7).collect::<Vec<_>>().join("\n");
    let e = review.clone().with_element_grades(&short).unwrap_err();
    assert_eq!(e.code(), ErrorCode::IncompleteReview);
    assert_eq!(refused(e).1, Some("A / measures_of_success".to_owned()));
    let e = review
        .clone()
        .with_element_grades(&format!("{grades}\nZ,governance,insufficient"))
        .unwrap_err();
    assert_eq!(
        (e.code(), refused(e).2),
        (ErrorCode::IncompleteReview, Some(9))
    );
    // Indicators: a repeat, a negative value, too many places, an unknown area.
    let ok = "force,area,indicator,value\nA,child_abuse,referrals,12\n";
    assert!(review.clone().with_indicators(ok).is_ok());
    for (extra, code) in [
        ("A,child_abuse,referrals,13", ErrorCode::DuplicateKey),
        ("A,child_abuse,arrests,-1", ErrorCode::OutOfRange),
        ("A,child_abuse,arrests,0.00001", ErrorCode::Precision),
        ("A,child_abuse,arrests,1e3", ErrorCode::Parse),
        ("A,major_crime,arrests,1", ErrorCode::UnknownArea),
        ("Z,child_abuse,arrests,1", ErrorCode::IncompleteReview),
        ("A,child_abuse,,1", ErrorCode::MissingField),
    ] {
        let e = review
            .clone()
            .with_indicators(&format!("{ok}{extra}\n"))
            .unwrap_err();
        assert_eq!((e.code(), refused(e).2), (code, Some(3)), "{extra}");
    }
    // Values have no upper bound.
    assert!(
        review
            .with_indicators("force,area,indicator,value\nA,child_abuse,calls,123456789012345.5\n")
            .is_ok()
    );
}
