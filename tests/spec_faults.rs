//! The ten fault classes a hand mutation audit found the suite missing (issue 28), each caught
//! by a test written from SPEC, with the expected values worked by hand — never taken from the
//! crate's own output:
//!
//! 1. review tables: the "five or more" count threshold;
//! 2. review tables: the need index computed from need (not threat), and its midpoint rounding;
//! 3. streaming: points one unit over an ameliorative kind's `max` on the fast path;
//! 4. streaming: the priority order of a matrix whose sort keys do not pack (wide keys);
//! 5. frames' encoded columns: a missing `measure_in_place` is false;
//! 6. national shares rounded half away from zero;
//! 7. national rankings: ties ordered by force name, ascending;
//! 8. workbooks: a date cell with a time of day is refused;
//! 9. workbooks: the header row is looked for in the first 20 rows only;
//! 10. the workbook's heat map: impact across, probability down, each count in its cell.
#![cfg(feature = "csv")]

mod common;

use needmatrix::review::{Element, Review};
use needmatrix::stream::{EncodedColumn, ScoredStream};
use needmatrix::{ErrorCode, Matrix, Register, RegisterFormat};

// ---------------------------------------------------------------------------------------------
// 1 and 2: the national planning review (SPEC §7).

/// An elements CSV grading every element of every (force, area) `grade`.
fn elements_csv(forces: &[&str], areas: &[&str], grade: &str) -> String {
    let mut out = String::from("force,area,element,grade\n");
    for f in forces {
        for a in areas {
            for e in Element::ALL {
                out.push_str(&format!("{f},{a},{e},{grade}\n"));
            }
        }
    }
    out
}

const SIX_AREAS: [&str; 6] = [
    "serious_organised_crime",
    "major_crime",
    "civil_contingencies",
    "critical_incidents",
    "public_order",
    "roads_policing",
];

#[test]
fn inadequate_five_or_more_counts_forces_with_five_inadequate_areas_not_four() {
    // A: 5 of 6 areas inadequate (no_evidence or insufficient); B: 4; C: all 6; D: none.
    let inadequate_areas = [("A", 5), ("B", 4), ("C", 6), ("D", 0)];
    let mut areas = String::from("force,region,area,threat,need,provision\n");
    for (force, bad) in inadequate_areas {
        for (i, area) in SIX_AREAS.iter().enumerate() {
            let provision = match (i < bad, i % 2) {
                (true, 0) => "no_evidence",
                (true, _) => "insufficient",
                (false, _) => "meets_standard",
            };
            areas.push_str(&format!("{force},North,{area},low,low,{provision}\n"));
        }
    }
    let forces = ["A", "B", "C", "D"];
    let review =
        Review::from_csv(&areas, &elements_csv(&forces, &SIX_AREAS, "meets_standard")).unwrap();
    let s = review.summary();
    // "Five or more": A and C, not B.
    assert_eq!(s.inadequate_five_or_more, 2);
    assert_eq!(s.forces, 4);
    // No evidence in at least one area: A, B, C (each has area 0 no_evidence); insufficient
    // in at least one: A, B, C (area 1); credible in all areas: D alone.
    assert_eq!((s.no_evidence_any, s.insufficient_any), (3, 3));
    assert_eq!(s.credible_all_areas, 1);
}

#[test]
fn the_need_index_is_of_need_levels_rounded_half_away_from_zero() {
    // Eight forces, one area. Threat high everywhere (index 100); need low at three forces and
    // no evidence at five: 3 points of 8 × 3 = 24, 12.5 %, which rounds half away from zero to
    // 13 (half to even would give 12). Threat levels medium at two forces in a second area:
    // 2 × 2 = 4 of 24, 16.67 %, 17.
    let forces = ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"];
    let two = ["major_crime", "public_order"];
    let mut areas = String::from("force,region,area,threat,need,provision\n");
    for (n, f) in forces.iter().enumerate() {
        let need = if n < 3 { "low" } else { "no_evidence" };
        areas.push_str(&format!(
            "{f},North,major_crime,high,{need},meets_standard\n"
        ));
        let threat = if n < 2 { "medium" } else { "no_evidence" };
        areas.push_str(&format!(
            "{f},North,public_order,{threat},high,insufficient\n"
        ));
    }
    let review = Review::from_csv(&areas, &elements_csv(&forces, &two, "meets_standard")).unwrap();
    let index = review.tables().index;
    assert_eq!(index.value("threat", "major_crime"), Some(100));
    assert_eq!(index.value("need", "major_crime"), Some(13));
    assert_eq!(index.value("threat", "public_order"), Some(17));
    assert_eq!(index.value("need", "public_order"), Some(100));
    // Provision index: every element meets the standard, 2 of 3: 66.67 %, 67.
    assert_eq!(index.value("provision", "major_crime"), Some(67));
    // The level tables, in % of forces: need low at 3 of 8 is 37.5 %, 38; no evidence 62.5 %,
    // 63 (each rounded half away from zero; they need not add to 100).
    let need = review.tables().need;
    assert_eq!(need.value("low", "major_crime"), Some(38));
    assert_eq!(need.value("no_evidence", "major_crime"), Some(63));
    assert_eq!(need.value("high", "public_order"), Some(100));
}

// ---------------------------------------------------------------------------------------------
// 3 and 4: the streaming path (SPEC "The streaming register path").

const HEADER: &str = "id,area,impact,probability,ameliorative.partnership,capability,capacity\n";

#[test]
fn ameliorative_points_one_unit_over_the_max_are_refused_on_the_streaming_path() {
    let m = Matrix::reference();
    // The reference matrix's kinds have max 5; register points have 4 places, so the least
    // step over the max is 5.0001.
    let at_max = format!("{HEADER}a,major_crime,major,likely,5,none,none\n");
    let stream = ScoredStream::from_text(m, at_max, RegisterFormat::Csv).unwrap();
    assert!(
        stream.read_fast(),
        "the register at the max is read on the fast path"
    );
    assert_eq!(stream.outcomes().next().unwrap().threat().to_string(), "11");
    for over in ["5.0001", "5.001", "5.1", "6", "1000000"] {
        let text = format!("{HEADER}a,major_crime,major,likely,{over},none,none\n");
        let e = ScoredStream::from_text(m, text.clone(), RegisterFormat::Csv).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmeliorativeOutOfRange, "{over}: {e}");
        // On one thread and two, and as JSON Lines.
        let e = ScoredStream::with_threads(m, text, RegisterFormat::Csv, 1).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmeliorativeOutOfRange, "{over}: {e}");
        let jsonl = format!(
            r#"{{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "ameliorative": {{"partnership": "{over}"}}, "capability": "none", "capacity": "none"}}"#
        );
        let e = ScoredStream::from_text(m, jsonl, RegisterFormat::JsonLines).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AmeliorativeOutOfRange, "{over}: {e}");
    }
}

/// The reference matrix with impact and probability points so large that need, threat and risk
/// at the scorer's 4 decimal places pass 2^40: the streaming path compares them one by one.
fn wide_matrix() -> Matrix {
    common::matrix_with(|v| {
        for (scale, step) in [("impact", 10_000), ("probability", 20_000)] {
            for (n, level) in v[scale].as_array_mut().unwrap().iter_mut().enumerate() {
                level["points"] = serde_json::json!(((n + 1) * step).to_string());
            }
        }
    })
    .unwrap()
}

#[test]
fn a_matrix_with_wide_keys_streams_in_priority_order() {
    let m = wide_matrix();
    // Risk by hand: impact minimal..critical 10 000..50 000, probability rare..almost_certain
    // 20 000..100 000. Ability at most 32 points, partnership at most 5: need is risk less a
    // few points, so the order is by risk.
    let rows = [
        // id, impact, probability, partnership, measure in place
        ("e-low", "minimal", "rare", "0", "false"), // 200 000 000
        ("d-mid", "moderate", "possible", "0", "false"), // 30 000 × 60 000 = 1 800 000 000
        ("c-top", "critical", "almost_certain", "0", "false"), // 5 000 000 000
        ("b-tie", "critical", "almost_certain", "0.0001", "false"), // one unit less
        ("a-measured", "critical", "almost_certain", "0", "true"), // a measure in place: not a high need
        ("f-mid", "moderate", "possible", "0", "false"),           // ties d-mid: by id
    ];
    let mut csv = String::from(
        "id,area,impact,probability,ameliorative.partnership,capability,capacity,measure_in_place\n",
    );
    for (id, i, p, a, measure) in rows {
        csv.push_str(&format!(
            "{id},major_crime,{i},{p},{a},none,none,{measure}\n"
        ));
    }
    // Every entry is red with a high threat band, so a high need, but `a-measured`: the high
    // needs by need (ties by id), then it.
    let want = ["c-top", "b-tie", "d-mid", "f-mid", "e-low", "a-measured"];
    for threads in [1, 2] {
        let stream =
            ScoredStream::with_threads(&m, csv.clone(), RegisterFormat::Csv, threads).unwrap();
        assert!(stream.read_fast());
        let order: Vec<String> = stream.outcomes().map(|o| o.id().to_owned()).collect();
        assert_eq!(order, want, "{threads} thread(s)");
        let first = stream.outcomes().next().unwrap();
        assert_eq!(first.need().to_string(), "5000000000");
        assert!(first.high_need());
    }
    let careful = Register::from_text(&m, &csv, RegisterFormat::Csv)
        .unwrap()
        .scored()
        .unwrap();
    let order: Vec<&str> = careful.entries().iter().map(|e| e.outcome().id()).collect();
    assert_eq!(order, want);
}

#[test]
fn a_large_register_of_wide_keys_streams_in_priority_order_across_both_halves() {
    // Large enough (over 4 MiB) that two threads read, sort and merge a half each.
    let m = wide_matrix();
    let impact = [10_000i64, 20_000, 30_000, 40_000, 50_000];
    let probability = [20_000i64, 40_000, 60_000, 80_000, 100_000];
    let (impact_keys, probability_keys) = (
        ["minimal", "minor", "moderate", "major", "critical"],
        ["rare", "unlikely", "possible", "likely", "almost_certain"],
    );
    let mut csv = String::from(
        "id,area,impact,probability,ameliorative.partnership,capability,capacity,measure_in_place\n",
    );
    // The oracle's key per entry: (high need, need in ten-thousandths, risk, id). With no
    // ability, need = threat = risk − partnership; every entry is red with a high threat
    // band, so a high need unless a measure is in place.
    let mut oracle: Vec<(bool, i64, i64, String)> = Vec::new();
    let mut x: u64 = 2008;
    for n in 0..80_000u32 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let (i, p) = ((x >> 33) as usize % 5, (x >> 40) as usize % 5);
        let quarters = (x >> 48) as i64 % 21; // 0 ..= 5 points in quarters
        let measured = (x >> 60).is_multiple_of(7);
        // Ids out of order, so that the order comes from the keys, not the file.
        let id = format!("w{:05}", (n * 7_919) % 80_000);
        csv.push_str(&format!(
            "{id},major_crime,{},{},{},none,none,{measured}\n",
            impact_keys[i],
            probability_keys[p],
            quarters as f64 / 4.0
        ));
        let risk = impact[i] * probability[p] * 10_000;
        oracle.push((!measured, risk - quarters * 2_500, risk, id));
    }
    oracle.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
            .then(a.3.cmp(&b.3))
    });
    let want: Vec<&str> = oracle.iter().map(|k| k.3.as_str()).collect();
    assert!(csv.len() > 4 * 1024 * 1024);
    let stream = ScoredStream::with_threads(&m, csv, RegisterFormat::Csv, 2).unwrap();
    assert!(stream.read_fast());
    let got: Vec<String> = stream.outcomes().map(|o| o.id().to_owned()).collect();
    assert_eq!(got.len(), want.len());
    let first_difference = got.iter().zip(&want).position(|(g, w)| g != w);
    assert_eq!(first_difference, None, "the first entry out of order");
}

// ---------------------------------------------------------------------------------------------
// 5: frames' encoded columns (SPEC "Columns and frames": an absent cell is an absent field).

#[test]
fn a_missing_measure_in_place_in_encoded_columns_is_false() {
    let m = Matrix::reference();
    // critical × almost_certain = 25, no ability: red and a high threat band, a high need
    // unless a measure is in place.
    let ids = [Some("a"), Some("b"), Some("c")];
    let one = |v: &'static str| vec![Some(v)];
    let area = one("major_crime");
    let impact = one("critical");
    let probability = one("almost_certain");
    let none = one("none");
    let same = [0u32, 0, 0];
    let each = [0u32, 1, 2];
    // `a` has no cell, `b` true, `c` false.
    let measure = [None, Some("true"), Some("false")];
    let base = |with_measure: bool| {
        let mut columns = vec![
            EncodedColumn::new("id", &ids, &each),
            EncodedColumn::new("area", &area, &same),
            EncodedColumn::new("impact", &impact, &same),
            EncodedColumn::new("probability", &probability, &same),
            EncodedColumn::new("capability", &none, &same),
            EncodedColumn::new("capacity", &none, &same),
        ];
        if with_measure {
            columns.push(EncodedColumn::new("measure_in_place", &measure, &each));
        }
        ScoredStream::from_columns(m, &columns, 1).unwrap()
    };
    let high_need = |s: &ScoredStream| -> Vec<(String, bool)> {
        let mut v: Vec<(String, bool)> = s
            .outcomes()
            .map(|o| (o.id().to_owned(), o.high_need()))
            .collect();
        v.sort();
        v
    };
    let with = base(true);
    assert_eq!(
        high_need(&with),
        [("a".into(), true), ("b".into(), false), ("c".into(), true)]
    );
    // Without the column at all, no measure is in place anywhere.
    let without = base(false);
    assert!(high_need(&without).iter().all(|(_, h)| *h));
}

// ---------------------------------------------------------------------------------------------
// 6 and 7: the national picture (SPEC "National picture": shares rounded half away from zero to
// 2 places; forces ranked by need, then by name).

#[test]
fn national_shares_round_half_away_from_zero_and_ties_rank_by_name() {
    let m = Matrix::reference();
    let mut picture = needmatrix::national::NationalPicture::new(m);
    // major_crime need per force: Z 1, B 15.5, A 15.5. Total 32; Z's share 1/32 = 3.125 %,
    // which rounds half away from zero to 3.13 (half to even: 3.12); A and B 48.4375 % each,
    // 48.44 (half to even would also give 48.44: the 0.0075 is past the midpoint).
    let register = |rows: &[(&str, &str, &str, &str, &str)]| {
        let mut csv = String::from(
            "id,area,impact,probability,ameliorative.partnership,capability,capacity\n",
        );
        for (id, i, p, a, cap) in rows {
            csv.push_str(&format!("{id},major_crime,{i},{p},{a},{cap},{cap}\n"));
        }
        Register::from_text(m, &csv, RegisterFormat::Csv).unwrap()
    };
    // 1 × 1 = 1, no ability: need 1.
    picture
        .add_register(
            "Z",
            "North",
            &register(&[("z1", "minimal", "rare", "0", "none")]),
        )
        .unwrap();
    // 4 × 4 = 16, − 0.5 partnership = 15.5, no ability.
    for force in ["B", "A"] {
        picture
            .add_register(
                force,
                "South",
                &register(&[("x", "major", "likely", "0.5", "none")]),
            )
            .unwrap();
    }
    let ranking = picture.area_ranking("major_crime");
    let got: Vec<(&str, String, String)> = ranking
        .iter()
        .map(|s| {
            (
                s.force.as_str(),
                s.need.to_string(),
                s.share_percent.to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("A", "15.5".to_owned(), "48.44".to_owned()),
            ("B", "15.5".to_owned(), "48.44".to_owned()),
            ("Z", "1".to_owned(), "3.13".to_owned()),
        ]
    );
    // An area with no need anywhere: every share 0, forces by name.
    let none: Vec<(String, String)> = picture
        .area_ranking("public_order")
        .iter()
        .map(|s| (s.force.clone(), s.share_percent.to_string()))
        .collect();
    assert_eq!(
        none,
        [
            ("A".into(), "0".into()),
            ("B".into(), "0".into()),
            ("Z".into(), "0".into())
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 8, 9 and 10: workbooks (SPEC "Workbooks").

#[cfg(feature = "xlsx")]
mod workbooks {
    use calamine::{Data, Reader, Xlsx};
    use needmatrix::{ErrorCode, Matrix, Register, RegisterFormat, report};
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    const HEADER: [&str; 7] = [
        "id",
        "area",
        "impact",
        "probability",
        "capability",
        "capacity",
        "assessed_on",
    ];

    /// A `Register` sheet with `blank` rows above the header, and one entry assessed at `when`.
    fn book(blank: u32, when: &ExcelDateTime) -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Register").unwrap();
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string(blank, c as u16, *h).unwrap();
        }
        let row = blank + 1;
        for (c, v) in ["a", "major_crime", "critical", "likely", "none", "none"]
            .iter()
            .enumerate()
        {
            sheet.write_string(row, c as u16, *v).unwrap();
        }
        let format = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        sheet
            .write_datetime_with_format(row, 6, when, &format)
            .unwrap();
        book.save_to_buffer().unwrap()
    }

    fn midnight() -> ExcelDateTime {
        ExcelDateTime::from_ymd(2008, 6, 20).unwrap()
    }

    #[test]
    fn a_date_cell_with_a_time_of_day_is_refused_as_a_date() {
        let m = Matrix::reference();
        // At midnight it is the date.
        let ok = Register::from_xlsx(m, &book(0, &midnight())).unwrap();
        assert_eq!(
            ok.assessments()[0].assessed_on().unwrap().to_string(),
            "2008-06-20"
        );
        // At 09:30 it is refused, naming the cell.
        let morning = midnight().and_hms(9, 30, 0).unwrap();
        let e = Register::from_xlsx(m, &book(0, &morning)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidDate, "{e}");
        let at = e.location().unwrap();
        assert_eq!(at.cell(), Some("Register!G2"));
        assert_eq!(at.field_name(), Some("assessed_on"));
    }

    #[test]
    fn the_header_row_is_one_of_the_first_20_rows() {
        let m = Matrix::reference();
        // 19 blank rows above: the header is row 20, the last looked at.
        let ok = Register::from_xlsx(m, &book(19, &midnight())).unwrap();
        assert_eq!(ok.len(), 1);
        // 20 blank rows above: the header on row 21 is not looked for.
        let e = Register::from_xlsx(m, &book(20, &midnight())).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Parse);
        assert!(e.to_string().contains("header row"), "{e}");
    }

    #[test]
    fn the_heat_map_sheet_has_impact_across_and_probability_down_with_each_count() {
        let m = Matrix::reference();
        // Placed so that a transposed grid differs: 3 entries at (critical, rare), 1 at
        // (minimal, almost_certain), 2 at (major, possible).
        let cells = [
            ("critical", "rare", 3),
            ("minimal", "almost_certain", 1),
            ("major", "possible", 2),
        ];
        let mut csv = String::from("id,area,impact,probability,capability,capacity\n");
        let mut n = 0;
        for (i, p, count) in cells {
            for _ in 0..count {
                n += 1;
                csv.push_str(&format!("e{n},major_crime,{i},{p},good,good\n"));
            }
        }
        let scored = Register::from_text(m, &csv, RegisterFormat::Csv)
            .unwrap()
            .scored()
            .unwrap();
        let bytes = report::workbook(&scored).unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let heat = wb.worksheet_range("Heat map").unwrap();
        let text = |r: u32, c: u32| match heat.get_value((r, c)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => format!("{f}"),
            other => format!("{other:?}"),
        };
        // Row 2 (index 1): the corner, then impact labels left to right, least first.
        assert_eq!(text(1, 0), "probability \\ impact");
        let impact: Vec<String> = (1..=5).map(|c| text(1, c)).collect();
        assert_eq!(
            impact,
            ["Minimal", "Minor", "Moderate", "Major", "Critical"]
        );
        // Rows 3 to 7: probability labels, most likely at the top.
        let probability: Vec<String> = (2..=6).map(|r| text(r, 0)).collect();
        assert_eq!(
            probability,
            ["Almost certain", "Likely", "Possible", "Unlikely", "Rare"]
        );
        // Every count in its cell, zeros included.
        let mut want = [[0.0f64; 5]; 5];
        want[4][4] = 3.0; // rare (bottom row), critical (last column)
        want[0][0] = 1.0; // almost certain (top row), minimal (first column)
        want[2][3] = 2.0; // possible (middle row), major
        for (r, row) in want.iter().enumerate() {
            for (c, count) in row.iter().enumerate() {
                assert_eq!(
                    heat.get_value((r as u32 + 2, c as u32 + 1)),
                    Some(&Data::Float(*count)),
                    "row {r} column {c}"
                );
            }
        }
        assert!(
            text(0, 0).starts_with("Heat map: 6 entries"),
            "{}",
            text(0, 0)
        );
    }
}
