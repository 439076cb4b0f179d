//! Arbitrary strings and arbitrary JSON values fed to every public parser: each returns a value
//! or an error with a code, and never panics.

use needmatrix::{Assessment, Matrix, Outcome, Points, Register, RegisterFormat};
use proptest::prelude::*;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z_0-9.\\-]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "major_crime",
            "major",
            "likely",
            "none",
            "strong",
            "partnership",
            "2008-02-29",
            "reference",
            "needmatrix-vectors/1",
            "product",
            "min",
            "red",
            "high",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "area",
                        "impact",
                        "probability",
                        "weighting",
                        "ameliorative",
                        "capability",
                        "capacity",
                        "measure_in_place",
                        "assessed_on",
                        "key",
                        "points",
                        "min",
                        "max",
                        "grid",
                        "format",
                        "matrix",
                        "cases",
                        "input",
                        "expect",
                        "name",
                        "version",
                        "areas",
                        "risk",
                        "need",
                        "other",
                    ]),
                    inner
                ),
                0..8
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

fn all_parsers(text: &str) {
    let m = Matrix::reference();
    let code = |e: needmatrix::Error| assert!(!e.code().as_str().is_empty());
    let _ = Matrix::from_json_str(text).map_err(code);
    #[cfg(feature = "toml")]
    let _ = Matrix::from_toml_str(text).map_err(code);
    let _ = Assessment::from_json_str(m, text)
        .map(|a| m.score_explained(&a))
        .map_err(code);
    #[cfg(feature = "toml")]
    let _ = Assessment::from_toml_str(m, text).map_err(code);
    let _ = Outcome::from_json_str(m, text).map_err(code);
    for format in [
        RegisterFormat::Json,
        RegisterFormat::JsonLines,
        RegisterFormat::Csv,
    ] {
        let _ = Register::from_text(m, text, format)
            .map(|r| r.score(m))
            .map_err(code);
    }
    let _ = text.parse::<Points>().map_err(code);
    let _ = Points::from_input_str(text).map_err(code);
    #[cfg(feature = "vectors")]
    let _ = needmatrix::vectors::run_str(text, "prop.json");
    #[cfg(feature = "csv")]
    {
        let (areas, elements) = text.split_once('\n').unwrap_or((text, ""));
        let _ = needmatrix::review::Review::from_csv(areas, elements).map_err(code);
        let _ = needmatrix::national::read_regions(text).map_err(code);
    }
    let mut picture = needmatrix::national::NationalPicture::new(m);
    let _ = picture.add_scored_json("f", "r", text).map_err(code);
}

/// A register of the reference matrix as records, mostly valid: 1 to 30 records of valid keys
/// and values, and in one register in four one record with one fault (a wrong type, an unknown
/// key or field, points past a limit, a date that never was, a missing field, an id twice).
fn mostly_valid_records() -> impl Strategy<Value = Vec<Value>> {
    use serde_json::json;
    let pick = |valid: &'static [&'static str]| prop::sample::select(valid).prop_map(|v| json!(v));
    let row = (
        pick(&[
            "major_crime",
            "public_order",
            "child_abuse",
            "roads_policing",
        ]),
        pick(&["minimal", "minor", "major", "critical"]),
        pick(&["rare", "possible", "likely", "almost_certain"]),
        pick(&["none", "limited", "good", "strong"]),
        pick(&["none", "adequate", "strong"]),
        prop::sample::select(vec![
            json!([]),
            json!(["cross_border"]),
            json!(["vulnerable_victims", "emerging_trend"]),
        ]),
        prop::sample::select(vec![
            json!({}),
            json!({"partnership": "1.5"}),
            json!({"resources": "5"}),
        ]),
        any::<bool>(),
        pick(&["2008-01-31", "2008-02-29", "2009-12-31"]),
    );
    let faults: Vec<(&'static str, Value)> = vec![
        ("impact", json!("huge")),
        ("probability", Value::Null),
        ("area", json!(7)),
        ("weighting", json!(["nope"])),
        ("ameliorative", json!({"partnership": "5.5"})),
        ("ameliorative", json!({"partnership": 1.25})),
        ("assessed_on", json!("2009-02-29")),
        ("measure_in_place", json!("yes")),
        ("urgency", json!("high")),
        ("id", json!("r0")),
    ];
    (
        prop::collection::vec(row, 1..30),
        prop::option::weighted(
            0.25,
            (any::<prop::sample::Index>(), prop::sample::select(faults)),
        ),
    )
        .prop_map(|(rows, fault)| {
            let mut records: Vec<Value> = rows
                .into_iter()
                .enumerate()
                .map(|(n, r)| {
                    json!({
                        "id": format!("r{n}"), "area": r.0, "impact": r.1, "probability": r.2,
                        "capability": r.3, "capacity": r.4, "weighting": r.5,
                        "ameliorative": r.6, "measure_in_place": r.7, "assessed_on": r.8,
                    })
                })
                .collect();
            if let Some((at, (field, bad))) = fault {
                let n = at.index(records.len());
                records[n][field] = bad;
            }
            records
        })
}

/// The records as a JSON array, as JSON Lines, and as CSV (`weighting` joined by `;`, one
/// `ameliorative.KIND` column per kind, absent values empty).
fn register_texts(records: &[Value]) -> [String; 3] {
    let array = Value::Array(records.to_vec()).to_string();
    let lines: String = records.iter().map(|r| r.to_string() + "\n").collect();
    let columns = [
        "id",
        "area",
        "impact",
        "probability",
        "capability",
        "capacity",
        "weighting",
        "ameliorative.partnership",
        "ameliorative.resources",
        "measure_in_place",
        "assessed_on",
    ];
    let mut csv = columns.join(",") + "\n";
    for r in records {
        let cell = |v: &Value| match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(";"),
            other => other.to_string(),
        };
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match c.strip_prefix("ameliorative.") {
                Some(kind) => cell(&r["ameliorative"][kind]),
                None => cell(&r[*c]),
            })
            .collect();
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    [array, lines, csv]
}

/// The mostly valid registers reach scoring: measured over 512 draws of a fixed seed, in all
/// three formats, about three in four are scored.
#[test]
fn mostly_valid_registers_reach_scoring() {
    use proptest::strategy::ValueTree;
    let m = Matrix::reference();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut scored = [0usize; 3];
    for _ in 0..512 {
        let records = mostly_valid_records()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let texts = register_texts(&records);
        for (n, (text, format)) in texts.iter().zip(FORMATS).enumerate() {
            if Register::from_text(m, text, format)
                .and_then(|r| r.scored())
                .is_ok()
            {
                scored[n] += 1;
            }
        }
    }
    for (n, format) in FORMATS.iter().enumerate() {
        #[cfg(not(feature = "csv"))]
        if *format == RegisterFormat::Csv {
            continue;
        }
        assert!(
            (340..=440).contains(&scored[n]),
            "{format:?}: scored {} of 512",
            scored[n]
        );
    }
}

const FORMATS: [RegisterFormat; 3] = [
    RegisterFormat::Json,
    RegisterFormat::JsonLines,
    RegisterFormat::Csv,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mostly_valid_registers(records in mostly_valid_records()) {
        for text in register_texts(&records) {
            all_parsers(&text);
        }
    }

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        all_parsers(&text);
    }

    #[test]
    fn csv_like_strings(text in "([a-z_0-9.;\",\\-]{0,12}[,\n\r]){0,40}") {
        all_parsers(&text);
    }

    #[test]
    fn arbitrary_json(value in json_value()) {
        all_parsers(&value.to_string());
        all_parsers(&Value::Array(vec![value.clone()]).to_string());
    }
}
