//! The streaming register path against the careful one: the same bytes out for every register
//! it takes (on one thread or two), the same refusal for every register it does not.

#![cfg(feature = "csv")]

use needmatrix::stream::ScoredStream;
use needmatrix::{Matrix, Register, RegisterFormat, report};
use proptest::prelude::*;

/// The careful path's scored CSV and JSON, or its error text.
fn careful(text: &str) -> Result<(String, String), String> {
    careful_as(text, RegisterFormat::Csv)
}

fn careful_as(text: &str, format: RegisterFormat) -> Result<(String, String), String> {
    let m = Matrix::reference();
    let scored = Register::from_text(m, text, format)
        .and_then(|r| r.into_scored(m))
        .map_err(|e| format!("{} {e}", e.code()))?;
    Ok((report::register_csv(&scored), scored.to_json()))
}

/// The streaming path's, on `threads` threads, and whether it read fast.
fn streamed(
    text: &str,
    format: RegisterFormat,
    threads: usize,
) -> Result<(String, String, bool), String> {
    let m = Matrix::reference();
    let scored = ScoredStream::with_threads(m, text.to_owned(), format, threads)
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
    agree_as(text, RegisterFormat::Csv)
}

fn agree_as(text: &str, format: RegisterFormat) -> bool {
    let want = careful_as(text, format);
    let mut fast = None;
    for threads in [1, 2] {
        let got = streamed(text, format, threads);
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
    // CRLF line ends with free text in the last column: read fast, the `\r` not part of the
    // text, as the csv crate reads it.
    let crlf = format!(
        "{header}\r\na,major_crime,major,likely,none,none,,1,x\r\nb,major_crime,minor,rare,none,none,,,last\r\n"
    );
    assert!(agree(&crlf));
}

#[test]
fn a_free_text_cell_is_held_to_its_limit_in_characters_on_both_paths() {
    let limit = needmatrix::MAX_TEXT_CHARS;
    let row = |id: &str, description: &str| {
        format!("{id},major_crime,major,likely,none,none,{description}\n")
    };
    let header = "id,area,impact,probability,capability,capacity,description\n";
    // Each cell after a first row, so that no field starts at the beginning of the file.
    let register =
        |description: &str| format!("{header}{}{}", row("a", "x"), row("b", description));
    // At the limit in characters (twice as many bytes): taken by both paths alike.
    let wide = "é".repeat(limit);
    assert!(careful(&register(&wide)).is_ok());
    agree(&register(&wide));
    // One character over, in one-byte and in two-byte characters: refused by both alike.
    for over in ["a".repeat(limit + 1), "é".repeat(limit + 1)] {
        let text = register(&over);
        let refusal = careful(&text).unwrap_err();
        assert!(refusal.starts_with("out_of_range"), "{refusal}");
        assert!(refusal.contains("description"), "{refusal}");
        agree(&text);
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

/// A register's assessments written as JSON Lines and as a JSON array (pretty).
fn as_json(csv: &str) -> (String, String) {
    let m = Matrix::reference();
    let register = Register::from_text(m, csv, RegisterFormat::Csv).unwrap();
    let objects: Vec<serde_json::Value> = register
        .assessments()
        .iter()
        .map(|a| serde_json::to_value(a).unwrap())
        .collect();
    let lines: Vec<String> = objects.iter().map(|o| o.to_string()).collect();
    (
        lines.join("\n") + "\n",
        serde_json::to_string_pretty(&objects).unwrap(),
    )
}

#[test]
fn json_registers_stream_to_the_same_bytes() {
    let (jsonl, json) = as_json(SAMPLE);
    assert!(
        agree_as(&jsonl, RegisterFormat::JsonLines),
        "JSON Lines on the fast path"
    );
    assert!(
        agree_as(&json, RegisterFormat::Json),
        "JSON on the fast path"
    );
    // 100 000 rows, with quotes (escaped in JSON) in every description: read in two halves.
    let (jsonl, json) = as_json(&generated(100_000));
    assert!(jsonl.len() > 4 * 1024 * 1024);
    assert!(agree_as(&jsonl, RegisterFormat::JsonLines));
    assert!(agree_as(&json, RegisterFormat::Json));
}

#[test]
fn awkward_or_faulty_json_registers_give_the_careful_result() {
    let ok = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
    let b = ok.replace("\"a\"", "\"b\"");
    for (text, format) in [
        // An escape in a key, a float, a duplicate field, nulls and escapes in text, an
        // unknown field, a byte-order mark, blank lines, a repeated id.
        (
            ok.replace("\"major\"", "\"\\u006dajor\""),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace('}', r#", "ameliorative": {"partnership": 1.5}}"#),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace(
                '}',
                r#", "ameliorative": {"partnership": 2, "resources": "0.5"}}"#,
            ),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace('}', r#", "impact": "minor"}"#),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace(
                '}',
                r#", "weighting": null, "assessed_on": null, "description": "a \"b\"\nc"}"#,
            ),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace('}', r#", "colour": "red"}"#),
            RegisterFormat::JsonLines,
        ),
        (format!("\u{feff}{ok}\n"), RegisterFormat::JsonLines),
        (format!("{ok}\n\n  \n{b}\n"), RegisterFormat::JsonLines),
        (format!("{ok}\n{ok}\n"), RegisterFormat::JsonLines),
        (format!("[{ok}, {b}]"), RegisterFormat::Json),
        (format!("[{ok}, 5]"), RegisterFormat::Json),
        (format!("[{ok}] x"), RegisterFormat::Json),
        ("[]".to_owned(), RegisterFormat::Json),
        (String::new(), RegisterFormat::JsonLines),
    ] {
        agree_as(&text, format);
    }
}

/// A random JSON Lines register: mostly valid values, sometimes of the wrong type or missing,
/// sometimes with escapes.
fn json_register() -> impl Strategy<Value = String> {
    use serde_json::{Value, json};
    let value = |valid: &'static [&'static str]| {
        prop_oneof![
            12 => prop::sample::select(valid).prop_map(|v| json!(v)),
            1 => Just(Value::Null),
            1 => Just(json!(5)),
            1 => Just(json!("x")),
        ]
    };
    let row = (
        (0u32..30).prop_map(|n| format!("r{n}")),
        value(&["major_crime", "public_order", "child_abuse"]),
        value(&["minor", "major", "critical"]),
        value(&["rare", "likely", "almost_certain"]),
        value(&["none", "limited", "good", "strong"]),
        value(&["none", "adequate", "strong"]),
        prop_oneof![
            4 => Just(json!(["cross_border"])),
            1 => Just(json!([])),
            1 => Just(json!(["cross_border", "cross_border"])),
        ],
        prop_oneof![
            3 => Just(json!({})),
            2 => Just(json!({"partnership": "1.5"})),
            1 => Just(json!({"partnership": 3, "resources": "0.25"})),
            1 => Just(json!({"partnership": 2.5})),
            1 => Just(json!({"prayer": "1"})),
        ],
        prop_oneof![Just(json!(true)), Just(json!(false)), Just(json!("true"))],
        value(&["2008-01-31", "2009-02-29", "2008-02-29"]),
        prop_oneof![
            Just(json!("plain")),
            Just(json!("say \"hi\"\n")),
            Just(Value::Null)
        ],
    );
    prop::collection::vec(row, 0..10).prop_map(|rows| {
        rows.into_iter()
            .map(|r| {
                json!({
                    "id": r.0, "area": r.1, "impact": r.2, "probability": r.3,
                    "capability": r.4, "capacity": r.5, "weighting": r.6,
                    "ameliorative": r.7, "measure_in_place": r.8, "assessed_on": r.9,
                    "description": r.10,
                })
                .to_string()
                    + "\n"
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// JSON Lines and JSON registers, as the CSV ones: the careful path's result, whatever the
    /// register.
    #[test]
    fn json_streaming_agrees_with_the_careful_path(text in json_register()) {
        agree_as(&text, RegisterFormat::JsonLines);
        let array = format!("[{}]", text.lines().collect::<Vec<_>>().join(","));
        agree_as(&array, RegisterFormat::Json);
    }
}

/// A CSV text written again with another delimiter.
fn with_delimiter(csv: &str, delimiter: u8) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn semicolon_and_tab_registers_score_as_the_comma_one() {
    let comma = careful(SAMPLE).unwrap();
    for delimiter in [b';', b'\t'] {
        let text = with_delimiter(SAMPLE, delimiter);
        assert_eq!(careful(&text).unwrap(), comma, "{}", delimiter as char);
        assert!(agree(&text), "read on the fast path");
        // With a byte-order mark, as Excel writes "CSV UTF-8".
        assert_eq!(careful(&format!("\u{feff}{text}")).unwrap(), comma);
    }
    let big = generated(30_000);
    let want = careful(&big).unwrap();
    let text = with_delimiter(&big, b';');
    assert_eq!(careful(&text).unwrap(), want);
    assert!(agree(&text));
}

#[test]
fn a_register_not_in_utf8_is_refused_with_its_line_and_the_advice() {
    let dir = std::env::temp_dir().join(format!("needmatrix-1252-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.csv");
    // "Café" in Windows-1252: é is the byte 0xE9.
    let mut bytes = b"id,area,impact,probability,capability,capacity,description\n".to_vec();
    bytes.extend_from_slice(b"a,major_crime,major,likely,none,none,plain\n");
    bytes.extend_from_slice(b"b,major_crime,major,likely,none,none,Caf\xe9 disorder\n");
    std::fs::write(&path, &bytes).unwrap();
    for e in [
        Register::from_path(Matrix::reference(), &path).unwrap_err(),
        ScoredStream::from_path(Matrix::reference(), &path).unwrap_err(),
    ] {
        assert_eq!(e.code(), needmatrix::ErrorCode::Parse);
        assert_eq!(e.location().and_then(|l| l.line()), Some(3));
        assert!(e.to_string().contains("CSV UTF-8"), "{e}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
