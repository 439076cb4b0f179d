//! The streaming register path against the careful one: the same bytes out for every register
//! it takes (on one thread or two), the same refusal for every register it does not.

#![cfg(feature = "csv")]

use needmatrix::stream::ScoredStream;
use needmatrix::{Matrix, Register, RegisterFormat, report};
use proptest::prelude::*;

/// The careful path's scored CSV and JSON, or its error text.
fn careful(text: &str) -> Result<(String, String), String> {
    let m = Matrix::reference();
    let scored = Register::from_text(m, text, RegisterFormat::Csv)
        .and_then(|r| r.into_scored(m))
        .map_err(|e| format!("{} {e}", e.code()))?;
    Ok((report::register_csv(&scored), scored.to_json()))
}

/// The streaming path's, on `threads` threads, and whether it read fast.
fn streamed(text: &str, threads: usize) -> Result<(String, String, bool), String> {
    let m = Matrix::reference();
    let scored = ScoredStream::with_threads(m, text.to_owned(), RegisterFormat::Csv, threads)
        .map_err(|e| format!("{} {e}", e.code()))?;
    let mut csv = Vec::new();
    report::write_stream_csv(&scored, &mut csv).unwrap();
    let mut json = Vec::new();
    scored.write_json(&mut json).unwrap();
    Ok((
        String::from_utf8(csv).unwrap(),
        String::from_utf8(json).unwrap(),
        scored.read_fast(),
    ))
}

/// Asserts the two paths agree, and says whether the streaming one read fast.
fn agree(text: &str) -> bool {
    let want = careful(text);
    let mut fast = None;
    for threads in [1, 2] {
        let got = streamed(text, threads);
        match (&want, &got) {
            (Ok((csv, json)), Ok((c, j, f))) => {
                assert_eq!(c, csv, "CSV on {threads} thread(s)");
                assert_eq!(j, json, "JSON on {threads} thread(s)");
                fast = Some(*f);
            }
            (Err(w), Err(g)) => assert_eq!(g, w),
            _ => panic!("the paths disagree on {threads} thread(s): {want:?} / {got:?}"),
        }
    }
    fast.unwrap_or(false)
}

const SAMPLE: &str = include_str!("../examples/data/wealdshire_register.csv");

#[test]
fn the_sample_streams_to_the_same_bytes() {
    assert!(agree(SAMPLE), "the sample is read on the fast path");
}

/// A generated register like the end-to-end benchmark's: text columns, dates, every level.
fn generated(n: usize) -> String {
    let areas = Matrix::reference().areas();
    let levels = ["none", "limited", "adequate", "good", "strong"];
    let impacts = ["minimal", "minor", "moderate", "major", "critical"];
    let probabilities = ["rare", "unlikely", "possible", "likely", "almost_certain"];
    let factors = [
        "vulnerable_victims",
        "repeat_victimisation",
        "community_impact",
        "cross_border",
        "public_confidence",
        "emerging_trend",
    ];
    let mut state: u64 = 2008;
    let mut out = String::from(
        "id,area,description,impact,probability,weighting,ameliorative.partnership,ameliorative.resources,capability,capacity,measure_in_place,assessed_on,lead_high_risk,action,owner\n",
    );
    for k in 0..n {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let x = z ^ (z >> 31);
        let pick = |shift: u32, n: u64| ((x >> shift) % n) as usize;
        let weighting: Vec<&str> = factors
            .iter()
            .enumerate()
            .filter(|(j, _)| (x >> 24) >> j & 1 == 1)
            .map(|(_, f)| *f)
            .collect();
        let day = [1, 15, 28, 31][pick(2, 4)];
        let month = [1, 3, 5, 7, 8, 10, 12][pick(5, 7)];
        out.push_str(&format!(
            "b{k},{},\"Risk {k}, \"\"quoted\"\" in part\",{},{},{},{},{},{},{},{},2008-{month:02}-{day:02},{},{},=owner{}\n",
            areas[pick(0, 10)].key(),
            impacts[pick(8, 5)],
            probabilities[pick(16, 5)],
            weighting.join(";"),
            pick(32, 21) as f64 / 4.0,
            pick(40, 21) as f64 / 4.0,
            levels[pick(48, 5)],
            levels[pick(52, 5)],
            ["true", "false", "TRUE", ""][pick(60, 4)],
            ["", "", "true", "false"][pick(56, 4)],
            if x & 1 == 0 { "" } else { "Train two more investigators" },
            pick(44, 9),
        ));
    }
    out
}

#[test]
fn a_generated_register_of_100000_rows_streams_to_the_same_bytes_on_one_thread_or_two() {
    let text = generated(100_000);
    // Large enough to be read in two halves.
    assert!(text.len() > 4 * 1024 * 1024);
    assert!(
        agree(&text),
        "the generated register is read on the fast path"
    );
}

#[test]
fn awkward_but_valid_registers_give_the_careful_result() {
    let header = "id,area,impact,probability,capability,capacity,weighting,ameliorative.partnership,description";
    for rows in [
        // CRLF, blank lines and a byte-order mark.
        "\u{feff}id,area,impact,probability,capability,capacity\r\n\r\na,major_crime,major,likely,none,none\r\n".to_owned(),
        // A quoted key, a key in a quoted cell, a zero written -0, a non-breaking space.
        format!("{header}\n\"a\",\"major_crime\",major,likely,none,none,cross_border,-0,x\n"),
        format!("{header}\na,major_crime,major,likely,none,none,\u{a0}cross_border,1,x\n"),
        // Formula-like text, a quote in a cell, a line break in a cell, no final line end.
        format!("{header}\n-a,major_crime,major,likely,none,none,,1,\"=SUM(A1)\nsecond line\"\nb,major_crime,minor,rare,none,none,,,@x"),
        // An ameliorative column of a kind the matrix does not have, left empty.
        "id,area,impact,probability,capability,capacity,ameliorative.prayer\na,major_crime,major,likely,none,none,\n".to_owned(),
        // A header alone.
        format!("{header}\n"),
    ] {
        agree(&rows);
    }
}

#[test]
fn every_refusal_is_the_careful_readers() {
    let header = "id,area,impact,probability,capability,capacity,assessed_on";
    let ok = "a,major_crime,major,likely,none,none,2008-01-31";
    for rows in [
        format!("{header}\n{ok}\na,public_order,minor,rare,none,none,\n"),
        format!("{header}\n{ok}\nb,public_order,huge,rare,none,none,\n"),
        format!("{header}\n{ok}\nb,public_order,minor,rare,none,none,2009-02-29\n"),
        format!("{header}\n{ok}\nb,public_order,minor,rare,none,none,9999-12-01\n"),
        format!("{header}\n{ok}\n\"b,public_order,minor,rare,none,none,\n"),
        format!("{header},extra\n{ok},1\n"),
        format!("{header}\n{ok},1\n"),
        String::new(),
    ] {
        assert!(!agree(&rows));
        assert!(careful(&rows).is_err(), "{rows:?}");
    }
    // A duplicate id across the two halves of a large file.
    let mut text = generated(60_000);
    text.push_str("b7,major_crime,,major,likely,,,,none,none,,,,,\n");
    assert!(careful(&text).unwrap_err().starts_with("duplicate_id"));
    agree(&text);
}

/// One cell of a random register: mostly valid, sometimes not, sometimes awkward.
fn cell(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        20 => prop::sample::select(valid).prop_map(str::to_owned),
        1 => prop::sample::select(&["", " ", "x", "\"q\"", "a\"b", "-1", "1e3", "0.00001", "TRUE"][..])
            .prop_map(str::to_owned),
    ]
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) && !cell.starts_with('"') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

fn register() -> impl Strategy<Value = String> {
    let row = (
        prop_oneof![4 => (0u32..40).prop_map(|n| format!("r{n}")), 1 => Just("-x".to_owned())],
        cell(&["major_crime", "public_order", "child_abuse"]),
        cell(&["minor", "major", "critical"]),
        cell(&["rare", "likely", "almost_certain"]),
        cell(&["none", "limited", "good", "strong"]),
        cell(&["none", "adequate", "strong"]),
        cell(&[
            "",
            "cross_border",
            "cross_border;emerging_trend",
            " cross_border ; ",
        ]),
        cell(&["", "0", "1.5", "5", "2.25", "007"]),
        cell(&["", "true", "false", "False"]),
        cell(&["", "2008-01-31", "2008-02-29", "2009-11-30"]),
        cell(&["", "true", "false"]),
        cell(&["", "plain", "a, b", "=1+1", "line\nbreak", "say \"hi\""]),
    );
    (prop::collection::vec(row, 0..12), any::<bool>()).prop_map(|(rows, crlf)| {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!(
            "id,area,impact,probability,capability,capacity,weighting,ameliorative.partnership,measure_in_place,assessed_on,lead_high_risk,description{end}"
        );
        for r in rows {
            let cells = [r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11];
            let line: Vec<String> = cells.iter().map(|c| quote(c)).collect();
            text.push_str(&line.join(","));
            text.push_str(end);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the register, the streaming path gives what the careful path gives: the same
    /// bytes when it is accepted, the same refusal when it is not.
    #[test]
    fn the_streaming_path_agrees_with_the_careful_one(text in register()) {
        agree(&text);
    }
}
