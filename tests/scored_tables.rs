//! A scored table is a register too (SPEC "Scored tables are registers"): the scored CSV and the
//! workbook carry every input beside the outcome, read back they are scored again to the same
//! bytes, and derived cells that disagree with their inputs are recomputed and counted.

#![cfg(feature = "csv")]

use needmatrix::stream::ScoredStream;
use needmatrix::{DERIVED_COLUMNS, Matrix, Register, RegisterFormat, report};
use proptest::prelude::*;

const SAMPLE: &str = include_str!("../examples/data/wealdshire_register.csv");
const TEMPLATE: &str = include_str!("../examples/data/register-template.csv");

fn scored_csv(text: &str) -> String {
    let m = Matrix::reference();
    report::register_csv(
        &Register::from_text(m, text, RegisterFormat::Csv)
            .unwrap()
            .scored()
            .unwrap(),
    )
}

/// How many derived cells of a scored CSV hold something (an empty one, such as the grade of
/// an entry in the lowest need band, is not compared: a row an analyst adds has none).
fn filled_derived_cells(csv: &str) -> usize {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let derived: Vec<usize> = (0..header.len())
        .filter(|&i| DERIVED_COLUMNS.contains(&&header[i]))
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            derived.iter().filter(|&&i| !r[i].is_empty()).count()
        })
        .sum()
}

fn streamed_csv(text: &str) -> String {
    let stream =
        ScoredStream::from_text(Matrix::reference(), text.to_owned(), RegisterFormat::Csv).unwrap();
    let mut out = Vec::new();
    report::write_stream_csv(&stream, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_header_is_the_inputs_in_section_3_order_then_the_outcome_then_the_notes() {
    let header: Vec<String> = report::scored_header(Matrix::reference());
    let want = "priority,id,area,impact,probability,weighting,ameliorative.partnership,\
        ameliorative.resources,capability,capacity,measure_in_place,assessed_on,lead_high_risk,\
        confidence,risk,comparator,mitigation,threat,ability,gap,need,surplus,threat_band,\
        need_band,grade,action_due,high_risk,high_need,description,standard,action,owner,manager";
    assert_eq!(header.join(","), want);
    // The derived columns are the priority and the outcome, and nothing else.
    let derived: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|c| DERIVED_COLUMNS.contains(c))
        .collect();
    assert_eq!(derived.len(), DERIVED_COLUMNS.len());
    assert_eq!(derived[0], "priority");
    assert_eq!(scored_csv(SAMPLE).lines().next().unwrap(), want);
}

#[test]
fn every_input_is_written_canonically_beside_the_outcome() {
    // The template's SOC-01, by hand: weighting in the matrix's order (vulnerable victims before
    // cross border), each kind's points (0 where none given), the flag and the date as given,
    // no lead judgement, its confidence; major × likely = 16, + 3 + 2 = 21, − 1.5 = 19.5,
    // − min(4, 12) = 15.5, red, due three months after 2008-06-20.
    let csv = scored_csv(TEMPLATE);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        row.get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
    };
    for (name, want) in [
        ("priority", "1"),
        ("id", "SOC-01"),
        ("impact", "major"),
        ("probability", "likely"),
        ("weighting", "vulnerable_victims;cross_border"),
        ("ameliorative.partnership", "1.5"),
        ("ameliorative.resources", "0"),
        ("capability", "limited"),
        ("capacity", "good"),
        ("measure_in_place", "false"),
        ("assessed_on", "2008-06-20"),
        ("lead_high_risk", ""),
        ("confidence", "medium"),
        ("comparator", "21"),
        ("threat", "19.5"),
        ("need", "15.5"),
        ("grade", "red"),
        ("action_due", "2008-09-20"),
        ("manager", "Det Supt Okafor"),
    ] {
        assert_eq!(cell(name), want, "{name}");
    }
}

#[test]
fn a_scored_csv_scores_again_to_the_same_bytes_on_both_paths() {
    for text in [SAMPLE, TEMPLATE] {
        let once = scored_csv(text);
        assert_eq!(streamed_csv(text), once);
        let twice = scored_csv(&once);
        assert_eq!(twice, once);
        assert_eq!(streamed_csv(&once), once);
        // Nothing was edited: every derived cell was compared, and agreed.
        let m = Matrix::reference();
        let again = Register::from_text(m, &once, RegisterFormat::Csv)
            .unwrap()
            .scored()
            .unwrap();
        assert!(again.recomputed().is_consistent());
        let filled = filled_derived_cells(&once);
        assert!(filled > again.entries().len() * (DERIVED_COLUMNS.len() - 2));
        assert_eq!(again.recomputed().compared(), filled);
    }
}

#[test]
fn an_edited_input_is_recomputed_and_the_differences_counted() {
    let once = scored_csv(TEMPLATE);
    // The analyst lowers SOC-01's impact from major to minor in the scored file, and leaves the
    // outcome as it was. minor × likely = 8, + 5 = 13, − 1.5 = 11.5, − 4 = 7.5: amber.
    let edited = once.replacen(
        "SOC-01,serious_organised_crime,major,",
        "SOC-01,serious_organised_crime,minor,",
        1,
    );
    assert_ne!(edited, once);
    let m = Matrix::reference();
    let scored = Register::from_text(m, &edited, RegisterFormat::Csv)
        .unwrap()
        .scored()
        .unwrap();
    let r = scored.recomputed();
    assert!(!r.is_consistent());
    // Changed: risk 16 → 8, comparator, threat, gap, need, need band, grade, the deadline
    // (three months to six), high risk and high need; priority stays 1 (7.5 still tops 2.5).
    let fields: Vec<&str> = r.first().iter().map(|d| d.field()).collect();
    assert_eq!(fields, ["risk", "comparator", "threat", "gap", "need"]);
    assert_eq!(r.differences(), 11, "{r}");
    let first = &r.first()[0];
    assert_eq!((first.given(), first.recomputed()), ("16", "8"));
    assert_eq!(first.location().record(), Some("SOC-01"));
    assert_eq!(first.location().line(), Some(2));
    let text = r.to_string();
    assert!(
        text.starts_with("11 of 30 derived values given differ"),
        "{text}"
    );
    assert!(text.contains("… and 6 more"), "{text}");
    // The file is scored from its inputs: the same as the edited register typed afresh.
    let fresh = TEMPLATE.replacen(
        "SOC-01,serious_organised_crime,major,",
        "SOC-01,serious_organised_crime,minor,",
        1,
    );
    assert_eq!(report::register_csv(&scored), scored_csv(&fresh));
    // The streaming path says the same.
    let stream = ScoredStream::from_text(m, edited.clone(), RegisterFormat::Csv).unwrap();
    assert_eq!(stream.recomputed(), r);
    assert_eq!(streamed_csv(&edited), scored_csv(&fresh));
}

#[cfg(feature = "xlsx")]
#[test]
fn a_scored_workbook_scores_again_to_the_csv_of_its_source() {
    let m = Matrix::reference();
    for text in [SAMPLE, TEMPLATE] {
        let scored = Register::from_text(m, text, RegisterFormat::Csv)
            .unwrap()
            .scored()
            .unwrap();
        let book = report::workbook(&scored).unwrap();
        let again = Register::from_xlsx(m, &book).unwrap().scored().unwrap();
        assert_eq!(report::register_csv(&again), report::register_csv(&scored));
        assert!(again.recomputed().is_consistent(), "{}", again.recomputed());
        let csv = report::register_csv(&scored);
        assert_eq!(again.recomputed().compared(), filled_derived_cells(&csv));
    }
}

/// Registers of random inputs (every input column, values at their limits) round-trip.
fn register() -> impl Strategy<Value = String> {
    let row = (
        prop::sample::select(&["major_crime", "public_order", "child_abuse"][..]),
        prop::sample::select(&["minimal", "minor", "moderate", "major", "critical"][..]),
        prop::sample::select(&["rare", "unlikely", "possible", "likely", "almost_certain"][..]),
        prop::sample::select(&["", "cross_border", "emerging_trend;vulnerable_victims"][..]),
        prop::sample::select(&["", "0", "0.0001", "2.5", "5"][..]),
        prop::sample::select(&["none", "limited", "adequate", "good", "strong"][..]),
        prop::sample::select(&["none", "limited", "adequate", "good", "strong"][..]),
        prop::sample::select(&["", "true", "false"][..]),
        prop::sample::select(&["", "2008-01-31", "1900-03-01", "9999-09-30"][..]),
        prop::sample::select(&["", "true", "false"][..]),
        prop::sample::select(&["", "high", "a, \"quoted\" note", "=1+1"][..]),
    );
    prop::collection::vec(row, 0..30).prop_map(|rows| {
        let mut text = String::from(
            "id,area,impact,probability,weighting,ameliorative.resources,capability,capacity,measure_in_place,assessed_on,lead_high_risk,confidence\n",
        );
        for (n, r) in rows.iter().enumerate() {
            let confidence = if r.10.contains(',') {
                format!("\"{}\"", r.10.replace('"', "\"\""))
            } else {
                r.10.to_owned()
            };
            text.push_str(&format!(
                "e{n},{},{},{},{},{},{},{},{},{},{},{confidence}\n",
                r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9
            ));
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_scored_csv_scores_again_to_the_same_bytes(text in register()) {
        let m = Matrix::reference();
        let scored = Register::from_text(m, &text, RegisterFormat::Csv).unwrap().scored();
        // A deadline past 9999-12-31 refuses the register: nothing to round-trip.
        if let Ok(scored) = scored {
            let once = report::register_csv(&scored);
            prop_assert_eq!(scored_csv(&once), once.clone());
            prop_assert_eq!(streamed_csv(&once), once);
        }
    }
}

/// The summary CSV (SPEC §6's summary, one row per scope and area) by hand for the template's
/// two entries: SOC-01 need 15.5 (high band, red, a high need), PO-01 need 2.5 (low, green).
#[test]
fn the_summary_csv_counts_by_hand() {
    let m = Matrix::reference();
    let scored = Register::from_text(m, TEMPLATE, RegisterFormat::Csv)
        .unwrap()
        .scored()
        .unwrap();
    let csv = report::register_summary_csv(scored.summary());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "scope,area,count,need_band.none,need_band.low,need_band.medium,need_band.high,red,amber,green,high_need,need_sum,need_max,need_mean"
    );
    assert_eq!(lines[1], "register,all,2,0,1,0,1,1,0,1,1,18,15.5,9");
    assert!(lines.contains(&"register,serious_organised_crime,1,0,0,0,1,1,0,0,1,15.5,15.5,15.5"));
    assert!(lines.contains(&"register,public_order,1,0,1,0,0,0,0,1,0,2.5,2.5,2.5"));
    assert!(lines.contains(&"register,child_abuse,0,0,0,0,0,0,0,0,0,0,0,0"));
    // One row per area of the matrix, after the overall one.
    assert_eq!(lines.len(), 2 + m.areas().len());
}
