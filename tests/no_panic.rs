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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

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
