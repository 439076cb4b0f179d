//! Hand-worked cases from the reference matrix, one per rule of SPEC §3.

mod common;

use common::{matrix_with, score_json, score_ref};
use needmatrix::{Grade, Matrix, Points};
use serde_json::json;

fn p(text: &str) -> Points {
    text.parse().unwrap()
}

#[test]
fn spec_section_4_example_case() {
    // major (4) × likely (4) = 16; + vulnerable_victims 3 = 19; − partnership 1.5 = 17.5;
    // ability min(limited 4, good 12) = 4; need 13.5: high, red, due 3 months after 2008-06-20.
    let o = score_ref(|v| {
        v["weighting"] = json!(["vulnerable_victims"]);
        v["ameliorative"] = json!({"partnership": "1.5"});
        v["capability"] = json!("limited");
        v["capacity"] = json!("good");
        v["assessed_on"] = json!("2008-06-20");
    });
    assert_eq!(o.risk(), p("16"));
    assert_eq!(o.comparator(), p("19"));
    assert_eq!(o.mitigation(), p("1.5"));
    assert_eq!(o.threat(), p("17.5"));
    assert_eq!(o.ability(), p("4"));
    assert_eq!(o.gap(), p("13.5"));
    assert_eq!(o.need(), p("13.5"));
    assert_eq!(o.surplus(), p("0"));
    assert_eq!((o.threat_band(), o.need_band()), ("high", "high"));
    assert_eq!(o.grade(), Some(Grade::Red));
    assert_eq!(o.action_due(), Some(jiff::civil::date(2008, 9, 20)));
    assert!(o.high_risk());
    assert!(o.high_need());
}

/// Threat from major × likely (16) less `mitigation`; ability adequate/adequate (8).
fn with_mitigation(partnership: &str, resources: &str) -> needmatrix::Outcome {
    score_ref(|v| v["ameliorative"] = json!({"partnership": partnership, "resources": resources}))
}

#[test]
fn threat_band_floors_hit_exactly() {
    for (partnership, resources, threat, band) in [
        ("0", "0", "16", "high"),
        ("0", "0.0001", "15.9999", "medium"),
        ("5", "3", "8", "medium"),
        ("5", "3.0001", "7.9999", "low"),
        ("5", "5", "6", "low"),
    ] {
        let o = with_mitigation(partnership, resources);
        assert_eq!(
            o.threat(),
            p(threat),
            "mitigation {partnership}+{resources}"
        );
        assert_eq!(o.threat_band(), band, "threat {threat}");
    }
    // threat exactly 1 and just under: minimal × rare = 1.
    let o = score_ref(|v| {
        v["impact"] = json!("minimal");
        v["probability"] = json!("rare");
    });
    assert_eq!((o.threat(), o.threat_band()), (p("1"), "low"));
    let o = score_ref(|v| {
        v["impact"] = json!("minimal");
        v["probability"] = json!("rare");
        v["ameliorative"] = json!({"resources": "0.0001"});
    });
    assert_eq!((o.threat(), o.threat_band()), (p("0.9999"), "none"));
}

#[test]
fn need_band_floors_hit_exactly() {
    // threat 16 (+ factors) − ability 8.
    let cases = [
        (
            json!(["repeat_victimisation"]),
            json!({}),
            "10",
            "high",
            Some(Grade::Red),
        ),
        (
            json!(["repeat_victimisation"]),
            json!({"resources": "0.0001"}),
            "9.9999",
            "medium",
            Some(Grade::Amber),
        ),
        (
            json!([]),
            json!({"partnership": "3"}),
            "5",
            "medium",
            Some(Grade::Amber),
        ),
        (
            json!([]),
            json!({"partnership": "3.0001"}),
            "4.9999",
            "low",
            Some(Grade::Green),
        ),
        (
            json!([]),
            json!({"partnership": "5", "resources": "2"}),
            "1",
            "low",
            Some(Grade::Green),
        ),
        (
            json!([]),
            json!({"partnership": "5", "resources": "2.0001"}),
            "0.9999",
            "none",
            None,
        ),
        (
            json!([]),
            json!({"partnership": "5", "resources": "3"}),
            "0",
            "none",
            None,
        ),
    ];
    for (weighting, ameliorative, need, band, grade) in cases {
        let o = score_ref(|v| {
            v["weighting"] = weighting.clone();
            v["ameliorative"] = ameliorative.clone();
        });
        assert_eq!(o.need(), p(need), "{weighting} {ameliorative}");
        assert_eq!(o.need_band(), band, "need {need}");
        assert_eq!(o.grade(), grade, "need {need}");
    }
}

#[test]
fn threat_is_floored_at_zero_and_spare_ability_is_surplus() {
    // minimal × rare = 1, mitigation 10: threat max(0, −9) = 0; ability strong 16: gap −16.
    let o = score_ref(|v| {
        v["impact"] = json!("minimal");
        v["probability"] = json!("rare");
        v["ameliorative"] = json!({"partnership": 5, "resources": 5});
        v["capability"] = json!("strong");
        v["capacity"] = json!("strong");
    });
    assert_eq!(o.comparator(), p("1"));
    assert_eq!(o.threat(), p("0"));
    assert_eq!(o.gap(), p("-16"));
    assert_eq!(o.need(), p("0"));
    assert_eq!(o.surplus(), p("16"));
    assert_eq!(o.threat_band(), "none");
    assert_eq!(o.grade(), None);
    assert!(!o.high_risk());
}

#[test]
fn ability_rules_min_mean_sum() {
    // capability good (12), capacity limited (4); threat 16.
    for (rule, ability, need) in [("min", "4", "12"), ("mean", "8", "8"), ("sum", "16", "0")] {
        let m = matrix_with(|v| v["ability"] = json!(rule)).unwrap();
        let mut a = common::assessment_value(|_| {});
        a["capability"] = json!("good");
        a["capacity"] = json!("limited");
        let o = score_json(&m, &a).unwrap();
        assert_eq!(o.ability(), p(ability), "rule {rule}");
        assert_eq!(o.need(), p(need), "rule {rule}");
    }
    // A mean of decimal points is exact: (0.0001 + 0.0002) / 2 = 0.00015.
    let m = matrix_with(|v| {
        v["ability"] = json!("mean");
        v["capability"] = json!([{"key": "a", "points": "0.0001"}]);
        v["capacity"] = json!([{"key": "b", "points": "0.0002"}]);
    })
    .unwrap();
    let a = common::assessment_value(|v| {
        v["capability"] = json!("a");
        v["capacity"] = json!("b");
    });
    let o = score_json(&m, &a).unwrap();
    assert_eq!(o.ability().to_string(), "0.00015");
    assert_eq!(o.need().to_string(), "15.99985");
}

#[test]
fn grid_risk_reads_row_by_probability_and_column_by_impact() {
    let grid: Vec<Vec<String>> = (0..5)
        .map(|p| (0..5).map(|i| format!("{}.5", p * 10 + i)).collect())
        .collect();
    let m = matrix_with(|v| v["risk"] = json!({"grid": grid})).unwrap();
    // impact major = column 3; probability unlikely = row 1: cell "13.5".
    let a = common::assessment_value(|v| {
        v["impact"] = json!("major");
        v["probability"] = json!("unlikely");
    });
    let o = score_json(&m, &a).unwrap();
    assert_eq!(o.risk(), p("13.5"));
    assert_eq!(o.threat(), p("13.5"));
    assert_eq!(o.need(), p("5.5"));
}

#[test]
fn action_due_clamps_to_month_end_and_knows_leap_years() {
    // Reference grades: red 3, amber 6, green 12 months. Need 13.5 → red.
    let red = |date: &str| {
        score_ref(|v| {
            v["capability"] = json!("none");
            v["assessed_on"] = json!(date);
        })
        .action_due()
        .unwrap()
        .to_string()
    };
    assert_eq!(red("2007-11-30"), "2008-02-29");
    assert_eq!(red("2008-11-30"), "2009-02-28");
    assert_eq!(red("2008-10-31"), "2009-01-31");
    assert_eq!(red("2008-12-31"), "2009-03-31");
    assert_eq!(red("2011-11-29"), "2012-02-29");
    // One-month grades: 31 January + 1 month.
    let m = matrix_with(|v| v["grades"] = json!([{"band": "high", "grade": "red", "months": 1}]))
        .unwrap();
    for (date, due) in [
        ("2008-01-31", "2008-02-29"),
        ("2009-01-31", "2009-02-28"),
        ("2000-01-31", "2000-02-29"),
        ("1900-01-31", "1900-02-28"),
    ] {
        let a = common::assessment_value(|v| {
            v["capability"] = json!("none");
            v["assessed_on"] = json!(date);
        });
        let o = score_json(&m, &a).unwrap();
        assert_eq!(o.action_due().unwrap().to_string(), due, "from {date}");
    }
    // Green: 29 February + 12 months.
    let o = score_ref(|v| {
        v["ameliorative"] = json!({"partnership": "5", "resources": "1"});
        v["assessed_on"] = json!("2008-02-29");
    });
    assert_eq!(o.grade(), Some(Grade::Green));
    assert_eq!(o.action_due().unwrap().to_string(), "2009-02-28");
    // No date, no deadline; no grade, no deadline.
    assert_eq!(
        score_ref(|v| v["capability"] = json!("none")).action_due(),
        None
    );
    let o = score_ref(|v| {
        v["capability"] = json!("strong");
        v["capacity"] = json!("strong");
        v["assessed_on"] = json!("2008-01-01");
    });
    assert_eq!((o.grade(), o.action_due()), (None, None));
}

#[test]
fn measure_in_place_turns_high_need_off() {
    let base = |flag: bool| {
        score_ref(|v| {
            v["capability"] = json!("none");
            v["measure_in_place"] = json!(flag);
        })
    };
    assert!(base(false).high_need());
    let o = base(true);
    assert_eq!(o.grade(), Some(Grade::Red));
    assert!(o.high_risk());
    assert!(!o.high_need());
}

#[test]
fn red_below_the_high_risk_band_is_not_high_need() {
    // moderate (3) × likely (4) = 12: threat band medium; ability 0 → need 12, red.
    let o = score_ref(|v| {
        v["impact"] = json!("moderate");
        v["capability"] = json!("none");
    });
    assert_eq!((o.threat_band(), o.grade()), ("medium", Some(Grade::Red)));
    assert!(!o.high_risk());
    assert!(!o.high_need());
}

#[test]
fn the_leads_judgement_replaces_the_threat_band() {
    // moderate (3) × likely (4) = 12, ability 0: threat band medium, need 12 red. The band says
    // not high risk; the lead judges it high, so it is a high need.
    let raised = score_ref(|v| {
        v["impact"] = json!("moderate");
        v["capability"] = json!("none");
        v["lead_high_risk"] = json!(true);
    });
    assert_eq!(raised.threat_band(), "medium");
    assert!(raised.high_risk() && raised.high_need());
    let step = |o: &needmatrix::Outcome, name: &str| {
        o.explanation()
            .unwrap()
            .steps()
            .iter()
            .find(|s| s.name() == name)
            .map(ToString::to_string)
            .unwrap()
    };
    let a = needmatrix::Assessment::from_json_str(
        Matrix::reference(),
        &common::assessment_value(|v| {
            v["impact"] = json!("moderate");
            v["capability"] = json!("none");
            v["lead_high_risk"] = json!(true);
        })
        .to_string(),
    )
    .unwrap();
    let explained = Matrix::reference().score_explained(&a).unwrap();
    assert_eq!(
        step(&explained, "high_risk"),
        "high_risk = true (the lead's judgement; threat band medium alone would give false)"
    );
    assert_eq!(
        step(&explained, "high_need"),
        "high_need = true (red, high risk, no measure in place)"
    );
    // critical (5) × likely (4) = 20: threat band high, need 20 red; judged not high, so not a
    // high need, whatever the band says; and a judgement that agrees changes nothing.
    let lowered = score_ref(|v| {
        v["impact"] = json!("critical");
        v["capability"] = json!("none");
        v["lead_high_risk"] = json!(false);
    });
    assert_eq!(
        (lowered.threat_band(), lowered.grade()),
        ("high", Some(Grade::Red))
    );
    assert!(!lowered.high_risk() && !lowered.high_need());
    let agreed = score_ref(|v| {
        v["impact"] = json!("critical");
        v["capability"] = json!("none");
        v["lead_high_risk"] = json!(true);
    });
    let computed = score_ref(|v| {
        v["impact"] = json!("critical");
        v["capability"] = json!("none");
    });
    assert_eq!(
        (agreed.high_risk(), agreed.high_need()),
        (computed.high_risk(), computed.high_need())
    );
    // TOML reads it as JSON does.
    #[cfg(feature = "toml")]
    {
        let toml = "id = \"t\"\narea = \"major_crime\"\nimpact = \"moderate\"\nprobability = \"likely\"\ncapability = \"none\"\ncapacity = \"none\"\nlead_high_risk = true\n";
        let a = needmatrix::Assessment::from_toml_str(Matrix::reference(), toml).unwrap();
        assert_eq!(a.lead_high_risk(), Some(true));
        assert!(Matrix::reference().score(&a).unwrap().high_need());
        let wrong = toml.replace("= true", "= \"yes\"");
        let e = needmatrix::Assessment::from_toml_str(Matrix::reference(), &wrong).unwrap_err();
        assert_eq!(e.code(), needmatrix::ErrorCode::Parse);
    }
    // A measure in place still turns high need off.
    let in_place = score_ref(|v| {
        v["impact"] = json!("moderate");
        v["capability"] = json!("none");
        v["lead_high_risk"] = json!(true);
        v["measure_in_place"] = json!(true);
    });
    assert!(in_place.high_risk() && !in_place.high_need());
}

#[cfg(feature = "csv")]
#[test]
fn the_leads_judgement_in_csv_is_checked_in_field_order() {
    use needmatrix::{ErrorCode, Register, RegisterFormat};
    let m = Matrix::reference();
    let header =
        "id,area,impact,probability,capability,capacity,assessed_on,lead_high_risk,description";
    let read =
        |row: &str| Register::from_text(m, &format!("{header}\n{row}\n"), RegisterFormat::Csv);
    // TRUE in any case, empty is absent (the band decides).
    let r = read("a,major_crime,moderate,likely,none,none,,TRUE,").unwrap();
    assert_eq!(r.assessments()[0].lead_high_risk(), Some(true));
    let r = read("a,major_crime,moderate,likely,none,none,,,").unwrap();
    assert_eq!(r.assessments()[0].lead_high_risk(), None);
    let fault = |row: &str| {
        let e = read(row).unwrap_err();
        let field = e.location().and_then(|l| l.field_name()).map(str::to_owned);
        (e.code(), field)
    };
    // Not a boolean: `parse`, named; after an unknown level and a bad date, before text.
    assert_eq!(
        fault("a,major_crime,moderate,likely,none,none,,yes,"),
        (ErrorCode::Parse, Some("lead_high_risk".to_owned()))
    );
    assert_eq!(
        fault("a,major_crime,moderate,likely,some,none,,yes,").0,
        ErrorCode::UnknownLevel
    );
    assert_eq!(
        fault("a,major_crime,moderate,likely,none,none,2009-02-30,yes,").0,
        ErrorCode::InvalidDate
    );
    let long = "x".repeat(needmatrix::MAX_TEXT_CHARS + 1);
    assert_eq!(
        fault(&format!(
            "a,major_crime,moderate,likely,none,none,,yes,{long}"
        )),
        (ErrorCode::Parse, Some("lead_high_risk".to_owned()))
    );
}

#[test]
fn grades_on_some_bands_only() {
    let m = matrix_with(|v| v["grades"] = json!([{"band": "high", "grade": "red", "months": 3}]))
        .unwrap();
    let a = common::assessment_value(|v| v["assessed_on"] = json!("2008-01-01"));
    let o = score_json(&m, &a).unwrap();
    assert_eq!(
        (o.need_band(), o.grade(), o.action_due()),
        ("medium", None, None)
    );
}

#[test]
fn explanation_names_levels_factors_and_rules() {
    let a = needmatrix::Assessment::from_json_str(
        Matrix::reference(),
        &common::assessment_value(|v| {
            v["weighting"] = json!(["vulnerable_victims", "cross_border"]);
            v["ameliorative"] = json!({"partnership": "2.5"});
            v["assessed_on"] = json!("2008-01-31");
        })
        .to_string(),
    )
    .unwrap();
    let o = Matrix::reference().score_explained(&a).unwrap();
    let lines: Vec<String> = o
        .explanation()
        .unwrap()
        .steps()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "risk = impact major (4) × probability likely (4) = 16",
            "comparator = risk 16 + vulnerable_victims (3) + cross_border (2) = 21",
            "mitigation = partnership (2.5) = 2.5",
            "threat = max(0, comparator 21 − mitigation 2.5) = 18.5",
            "ability = min(capability adequate (8), capacity adequate (8)) = 8",
            "gap = threat 18.5 − ability 8 = 10.5",
            "need = max(0, gap 10.5) = 10.5",
            "surplus = max(0, −gap 10.5) = 0",
            "threat_band = high (threat 18.5 ≥ 16)",
            "need_band = high (need 10.5 ≥ 10)",
            "grade = red (need band high, act within 3 months)",
            "action_due = assessed on 2008-01-31 + 3 months = 2008-04-30",
            "high_risk = true (threat band high is at or above high)",
            "high_need = true (red, high risk, no measure in place)",
        ]
    );
    let step = &o.explanation().unwrap().steps()[0];
    assert_eq!(step.operands()[0].key(), Some("major"));
    assert_eq!(step.operands()[0].value(), "4");
    // Explaining changes nothing.
    assert_eq!(Matrix::reference().score(&a).unwrap(), o);
}

#[test]
fn outcome_json_has_every_field_of_spec_section_3() {
    let o = score_ref(|v| v["assessed_on"] = json!("2008-06-20"));
    let v: serde_json::Value = serde_json::to_value(&o).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "id",
        "area",
        "risk",
        "comparator",
        "mitigation",
        "threat",
        "ability",
        "gap",
        "need",
        "surplus",
        "threat_band",
        "need_band",
        "grade",
        "action_due",
        "high_risk",
        "high_need",
        "matrix",
        "fingerprint",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(v["need"], json!("8"));
    assert_eq!(v["grade"], json!("amber"));
    assert_eq!(v["action_due"], json!("2008-12-20"));
    assert_eq!(v["matrix"], json!("reference@1.0.0"));
    let none = serde_json::to_value(score_ref(|v| {
        v["capability"] = json!("strong");
        v["capacity"] = json!("strong");
    }))
    .unwrap();
    assert_eq!(
        (&none["grade"], &none["action_due"]),
        (&json!(null), &json!(null))
    );
}

/// SPEC §3 step 5 with the `mean` rule: half of a sum of 4-place points needs a fifth place, and
/// it is kept exactly (never rounded), by `Matrix::score` and by the bulk scorer alike.
#[test]
fn the_mean_ability_keeps_its_fifth_decimal_place() {
    let m = matrix_with(|v| {
        v["ability"] = json!("mean");
        v["capability"][1]["points"] = json!("0.0001");
    })
    .unwrap();
    let a = needmatrix::Assessment::new("x", "major_crime", "minimal", "rare", "limited", "none")
        .unwrap();
    let o = m.score(&a).unwrap();
    // risk 1 × 1 = 1; ability (0.0001 + 0) / 2 = 0.00005; need 1 − 0.00005.
    assert_eq!(o.ability().to_string(), "0.00005");
    assert_eq!(o.need().to_string(), "0.99995");
    assert_eq!(o.gap().to_string(), "0.99995");
    let scorer = needmatrix::bulk::Scorer::new(&m).unwrap();
    let input = scorer.input(&a).unwrap();
    let bulk = scorer.outcome("x", &input, &scorer.score(&input)).unwrap();
    assert_eq!(bulk, o);
    assert_eq!(
        scorer.points(scorer.score(&input).need_fixed()).to_string(),
        "0.99995"
    );
}
