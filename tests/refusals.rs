//! Every refusal code of SPEC §2 and §3, each asserting the code and that the error names the
//! field (and quotes the value where there is one).

mod common;

use common::{assessment_value, matrix_with, score_json};
use needmatrix::{Error, Matrix, Register, RegisterFormat};
use serde_json::{Value, json};

#[track_caller]
fn expect(result: Result<impl std::fmt::Debug, Error>, code: &str, field: &str) -> Error {
    let e = result.expect_err("should be refused");
    assert_eq!(e.code().as_str(), code, "{e}");
    let at = e.location().expect("a location");
    assert_eq!(at.field_name(), Some(field), "{e}");
    assert!(
        e.to_string().contains(field),
        "message `{e}` names `{field}`"
    );
    e
}

fn entry(key: &str, points: Value) -> Value {
    json!({"key": key, "points": points})
}

#[test]
fn matrix_refusals_of_spec_section_2() {
    let m = |f: &dyn Fn(&mut Value)| matrix_with(|v| f(v));
    expect(
        m(&|v| v["impact"][0]["points"] = json!(1.5)),
        "parse",
        "impact[0].points",
    );
    let e = expect(m(&|v| v["colour"] = json!("red")), "parse", "colour");
    assert!(e.to_string().contains("unknown field"), "{e}");
    expect(m(&|v| v["ability"] = json!("max")), "parse", "ability");
    expect(
        m(&|v| v["grades"][0]["grade"] = json!("purple")),
        "parse",
        "grades[0].grade",
    );
    expect(
        m(&|v| v["grades"][0]["months"] = json!("3")),
        "parse",
        "grades[0].months",
    );
    expect(
        m(&|v| {
            v.as_object_mut().unwrap().remove("need_bands");
        }),
        "missing_field",
        "need_bands",
    );
    expect(
        m(&|v| {
            v.as_object_mut().unwrap().remove("high_risk_band");
        }),
        "missing_field",
        "high_risk_band",
    );
    expect(
        m(&|v| {
            v["impact"][2].as_object_mut().unwrap().remove("points");
        }),
        "missing_field",
        "impact[2].points",
    );
    let e = expect(
        m(&|v| v["areas"][1]["key"] = json!("Major Crime")),
        "invalid_key",
        "areas[1].key",
    );
    assert!(e.to_string().contains("`Major Crime`"));
    expect(
        m(&|v| v["areas"][1]["key"] = json!("a".repeat(33))),
        "invalid_key",
        "areas[1].key",
    );
    expect(m(&|v| v["id"] = json!("Reference")), "invalid_key", "id");
    expect(m(&|v| v["version"] = json!("")), "invalid_key", "version");
    expect(
        m(&|v| v["version"] = json!("1".repeat(33))),
        "invalid_key",
        "version",
    );
    expect(
        m(&|v| v["weighting"][3]["key"] = json!("community_impact")),
        "duplicate_key",
        "weighting[3].key",
    );
    expect(
        m(&|v| v["grades"][1]["band"] = json!("high")),
        "duplicate_key",
        "grades[1].band",
    );
    expect(
        m(&|v| v["impact"] = json!([entry("only", json!("1"))])),
        "empty_scale",
        "impact",
    );
    expect(m(&|v| v["areas"] = json!([])), "empty_scale", "areas");
    expect(m(&|v| v["capacity"] = json!([])), "empty_scale", "capacity");
    expect(
        m(&|v| v["threat_bands"] = json!([])),
        "empty_scale",
        "threat_bands",
    );
    expect(
        m(&|v| v["probability"][3]["points"] = json!("3")),
        "points_not_increasing",
        "probability[3].points",
    );
    expect(
        m(&|v| v["capability"][1]["points"] = json!("0")),
        "points_not_increasing",
        "capability[1].points",
    );
    expect(
        m(&|v| v["risk"] = json!({"grid": [["1"]]})),
        "grid_shape",
        "risk.grid",
    );
    let four = json!(["1", "2", "3", "4"]);
    expect(
        m(
            &|v| v["risk"] = json!({"grid": [four.clone(), four.clone(), four.clone(), four.clone(), four.clone()]}),
        ),
        "grid_shape",
        "risk.grid[0]",
    );
    expect(
        m(&|v| v["impact"][0]["points"] = json!("0.00001")),
        "precision",
        "impact[0].points",
    );
    expect(
        m(&|v| v["impact"][0]["points"] = json!("-1")),
        "out_of_range",
        "impact[0].points",
    );
    expect(
        m(&|v| v["ameliorative"][0]["max"] = json!(1_000_001)),
        "out_of_range",
        "ameliorative[0].max",
    );
    let many: Vec<Value> = (0..65)
        .map(|i| entry(&format!("f{i}"), json!("1")))
        .collect();
    expect(
        m(&|v| v["weighting"] = json!(many)),
        "out_of_range",
        "weighting",
    );
    let kinds: Vec<Value> = (0..17)
        .map(|i| json!({"key": format!("k{i}"), "max": "1"}))
        .collect();
    expect(
        m(&|v| v["ameliorative"] = json!(kinds)),
        "out_of_range",
        "ameliorative",
    );
    expect(
        m(&|v| v["need_bands"][0]["min"] = json!("0.5")),
        "band_floor_not_zero",
        "need_bands[0].min",
    );
    expect(
        m(&|v| v["threat_bands"][2]["min"] = json!("1")),
        "bands_not_increasing",
        "threat_bands[2].min",
    );
    expect(
        m(&|v| v["grades"][0]["band"] = json!("severe")),
        "unknown_band",
        "grades[0].band",
    );
    expect(
        m(&|v| v["high_risk_band"] = json!("severe")),
        "unknown_band",
        "high_risk_band",
    );
    expect(
        m(&|v| v["grades"][0]["months"] = json!(0)),
        "invalid_months",
        "grades[0].months",
    );
    expect(
        m(&|v| v["grades"][0]["months"] = json!(121)),
        "invalid_months",
        "grades[0].months",
    );
}

#[cfg(feature = "toml")]
#[test]
fn matrix_parse_errors_name_line_and_column() {
    let e = Matrix::from_json_str("{\n  \"id\": \"x\",\n  \"version\": 3\n}").unwrap_err();
    assert_eq!(e.code().as_str(), "parse");
    let at = e.location().unwrap();
    assert_eq!(at.line(), Some(3));
    assert_eq!(at.field_name(), Some("version"));
    let e = Matrix::from_toml_str("id = \"x\"\nversion = 1.5\n").unwrap_err();
    assert_eq!(e.code().as_str(), "parse");
    assert_eq!(e.location().unwrap().line(), Some(2), "{e}");
    let e = Matrix::from_toml_str("id = \"x\"\nversion = \n").unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.location().unwrap().line()),
        ("parse", Some(2)),
        "{e}"
    );
}

#[test]
fn assessment_refusals_of_spec_section_3() {
    let r = Matrix::reference();
    let a = |f: &dyn Fn(&mut Value)| score_json(r, &assessment_value(|v| f(v)));
    expect(a(&|v| v["id"] = json!("")), "invalid_id", "id");
    expect(a(&|v| v["id"] = json!("x".repeat(65))), "invalid_id", "id");
    expect(a(&|v| v["id"] = json!("tab\there")), "invalid_id", "id");
    let e = expect(
        a(&|v| v["area"] = json!("terrorism")),
        "unknown_area",
        "area",
    );
    assert!(e.to_string().contains("`terrorism`"));
    expect(
        a(&|v| v["impact"] = json!("huge")),
        "unknown_level",
        "impact",
    );
    expect(
        a(&|v| v["probability"] = json!("certain")),
        "unknown_level",
        "probability",
    );
    expect(
        a(&|v| v["capability"] = json!("Good")),
        "unknown_level",
        "capability",
    );
    expect(
        a(&|v| v["capacity"] = json!("")),
        "unknown_level",
        "capacity",
    );
    expect(
        a(&|v| v["weighting"] = json!(["cross_border", "weather"])),
        "unknown_factor",
        "weighting[1]",
    );
    expect(
        a(&|v| v["weighting"] = json!(["cross_border", "cross_border"])),
        "duplicate_factor",
        "weighting[1]",
    );
    expect(
        a(&|v| v["ameliorative"] = json!({"prayer": "1"})),
        "unknown_ameliorative",
        "ameliorative.prayer",
    );
    expect(
        a(&|v| v["ameliorative"] = json!({"partnership": "5.0001"})),
        "ameliorative_out_of_range",
        "ameliorative.partnership",
    );
    expect(
        a(&|v| v["ameliorative"] = json!({"partnership": 6})),
        "ameliorative_out_of_range",
        "ameliorative.partnership",
    );
    expect(
        a(&|v| v["ameliorative"] = json!({"partnership": "-1"})),
        "out_of_range",
        "ameliorative.partnership",
    );
    expect(
        a(&|v| v["ameliorative"] = json!({"partnership": "0.00001"})),
        "precision",
        "ameliorative.partnership",
    );
    expect(
        a(&|v| v["ameliorative"] = json!({"partnership": 2.5})),
        "parse",
        "ameliorative.partnership",
    );
    expect(
        a(&|v| v["assessed_on"] = json!("2008-02-30")),
        "invalid_date",
        "assessed_on",
    );
    expect(
        a(&|v| v["assessed_on"] = json!("2008-2-3")),
        "invalid_date",
        "assessed_on",
    );
    expect(
        a(&|v| v["assessed_on"] = json!("20080203")),
        "invalid_date",
        "assessed_on",
    );
    expect(
        a(&|v| v["assessed_on"] = json!("2009-02-29")),
        "invalid_date",
        "assessed_on",
    );
    for field in [
        "id",
        "area",
        "impact",
        "probability",
        "capability",
        "capacity",
    ] {
        expect(
            a(&|v| {
                v.as_object_mut().unwrap().remove(field);
            }),
            "missing_field",
            field,
        );
    }
    expect(a(&|v| v["owner_name"] = json!("x")), "parse", "owner_name");
    expect(
        a(&|v| v["measure_in_place"] = json!("yes")),
        "parse",
        "measure_in_place",
    );
    expect(
        a(&|v| v["weighting"] = json!("cross_border")),
        "parse",
        "weighting",
    );
    expect(a(&|v| v["impact"] = json!(4)), "parse", "impact");
}

#[cfg(feature = "csv")]
#[test]
fn fields_are_checked_in_spec_order() {
    let r = Matrix::reference();
    // unknown area (2nd) and a bad date (10th): the area is reported.
    let v = assessment_value(|v| {
        v["area"] = json!("nowhere");
        v["assessed_on"] = json!("2008-13-01");
    });
    assert_eq!(score_json(r, &v).unwrap_err().code(), "unknown_area");
    // bad ameliorative points (6th) before an unknown capacity (8th).
    let v = assessment_value(|v| {
        v["ameliorative"] = json!({"resources": "9"});
        v["capacity"] = json!("vast");
    });
    assert_eq!(
        score_json(r, &v).unwrap_err().code(),
        "ameliorative_out_of_range"
    );
    // In CSV, a bad flag (9th) after an unknown level (4th).
    let csv = "measure_in_place,id,area,impact,probability,capability,capacity\nmaybe,a,major_crime,major,sometimes,none,none\n";
    let e = Register::from_text(r, csv, RegisterFormat::Csv).unwrap_err();
    assert_eq!(e.code().as_str(), "unknown_level");
}

#[cfg(feature = "csv")]
#[test]
fn duplicate_ids_refuse_the_register_naming_both_records() {
    let r = Matrix::reference();
    let csv = "id,area,impact,probability,capability,capacity\n\
               a,major_crime,major,rare,none,none\n\
               b,major_crime,major,rare,none,none\n\
               a,public_order,minor,rare,none,none\n";
    let e = Register::from_text(r, csv, RegisterFormat::Csv).unwrap_err();
    assert_eq!(e.code().as_str(), "duplicate_id");
    let text = e.to_string();
    assert!(
        text.contains("`a`") && text.contains("line 4") && text.contains("line 2"),
        "{text}"
    );
}

#[cfg(feature = "csv")]
#[test]
fn a_register_lists_every_faulty_record() {
    let r = Matrix::reference();
    let mut csv = String::from("id,area,impact,probability,capability,capacity\n");
    for n in 0..30 {
        csv.push_str(&format!(
            "r{n},major_crime,{},rare,none,none\n",
            if n % 2 == 0 { "huge" } else { "major" }
        ));
    }
    let e = Register::from_text(r, &csv, RegisterFormat::Csv).unwrap_err();
    assert_eq!(e.total_faults(), 15);
    let faults = e.faults();
    assert_eq!(faults.len(), 15);
    assert_eq!(faults[1].location().unwrap().line(), Some(4));
    assert_eq!(faults[1].location().unwrap().record(), Some("r2"));
    assert_eq!(e.code().as_str(), "unknown_level");
}

#[test]
fn json_register_errors_name_the_line_of_the_record() {
    let r = Matrix::reference();
    let text = "[\n  {\"id\": \"a\", \"area\": \"major_crime\", \"impact\": \"major\", \"probability\": \"rare\", \"capability\": \"none\", \"capacity\": \"none\"},\n  {\"id\": \"b\", \"area\": \"major_crime\", \"impact\": \"major\", \"probability\": \"rare\", \"capability\": \"none\", \"capacity\": \"huge\"}\n]";
    let e = Register::from_text(r, text, RegisterFormat::Json).unwrap_err();
    assert_eq!(e.code().as_str(), "unknown_level");
    let at = e.location().unwrap();
    assert_eq!(
        (at.line(), at.record(), at.field_name()),
        (Some(3), Some("b"), Some("capacity"))
    );
    // A type fault inside a record names its line and path.
    let text = "[\n{\"id\": \"a\",\n \"area\": 7}]";
    let e = Register::from_text(r, text, RegisterFormat::Json).unwrap_err();
    let at = e.location().unwrap();
    assert_eq!(
        (e.code().as_str(), at.line(), at.field_name()),
        ("parse", Some(3), Some("area")),
        "{e}"
    );
    // JSON Lines: the line of the record.
    let text = "{\"id\": \"a\", \"area\": \"major_crime\", \"impact\": \"major\", \"probability\": \"rare\", \"capability\": \"none\", \"capacity\": \"none\"}\n\n{\"id\": \"b\"}\n";
    let e = Register::from_text(r, text, RegisterFormat::JsonLines).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.location().unwrap().line()),
        ("missing_field", Some(3)),
        "{e}"
    );
}

#[test]
fn a_matrix_title_or_label_over_the_text_limit_is_refused_naming_it() {
    let long = "x".repeat(needmatrix::MAX_TEXT_CHARS + 1);
    let e = common::matrix_with(|v| v["impact"][2]["label"] = long.clone().into()).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.location().unwrap().field_name()),
        ("out_of_range", Some("impact[2].label"))
    );
    let e = common::matrix_with(|v| v["title"] = long.clone().into()).unwrap_err();
    assert_eq!(e.location().unwrap().field_name(), Some("title"));
    assert!(e.to_string().len() < 1000, "the message quotes an excerpt");
}

/// The list limits are inclusive: exactly 64 weighting factors and 16 ameliorative kinds are a
/// valid matrix, one more is `out_of_range`.
#[test]
fn list_limits_accept_the_limit_and_refuse_one_more() {
    let factors = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"key": format!("f{i}"), "points": "1"}))
            .collect()
    };
    let kinds = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"key": format!("k{i}"), "max": "1"}))
            .collect()
    };
    assert!(matrix_with(|v| v["weighting"] = json!(factors(needmatrix::MAX_WEIGHTING))).is_ok());
    let e = matrix_with(|v| v["weighting"] = json!(factors(needmatrix::MAX_WEIGHTING + 1)))
        .unwrap_err();
    assert_eq!(e.code().as_str(), "out_of_range");
    assert!(
        matrix_with(|v| v["ameliorative"] = json!(kinds(needmatrix::MAX_AMELIORATIVE))).is_ok()
    );
    let e = matrix_with(|v| v["ameliorative"] = json!(kinds(needmatrix::MAX_AMELIORATIVE + 1)))
        .unwrap_err();
    assert_eq!(e.code().as_str(), "out_of_range");
}

#[test]
fn a_risk_rule_of_the_wrong_type_says_what_it_may_be() {
    let e = matrix_with(|v| v["risk"] = json!(5)).unwrap_err();
    assert_eq!(e.code().as_str(), "parse");
    assert!(
        e.to_string()
            .contains(r#""product" or {"grid": [[points]]}"#),
        "{e}"
    );
}
