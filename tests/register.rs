//! Registers (SPEC §6): priority order, what is due, summaries, and the register JSON.

#![cfg(feature = "csv")]

mod common;

use needmatrix::{Matrix, Register, RegisterFormat};
use serde_json::{Value, json};

const CSV: &str = "\
id,area,impact,probability,weighting,ameliorative.partnership,capability,capacity,measure_in_place,assessed_on
a,major_crime,critical,likely,vulnerable_victims,,limited,limited,false,2008-01-31
b,major_crime,critical,likely,vulnerable_victims,,limited,limited,true,2008-01-31
c,public_order,major,likely,,,adequate,adequate,,2008-03-01
d,public_order,major,likely,,3,adequate,adequate,,2008-03-01
e,child_abuse,minimal,rare,,,strong,strong,,
f,child_abuse,major,likely,,,adequate,adequate,,2008-03-01
";

fn scored() -> needmatrix::ScoredRegister {
    let m = Matrix::reference();
    Register::from_text(m, CSV, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap()
}

#[test]
fn priority_order_is_high_need_then_need_threat_risk_and_id() {
    // a: 5×4+3 = 23 − 4 = need 19, red, high risk, no measure: high need.
    // b: the same with a measure in place: not high need, so after a.
    // c, f: 16 − 8 = 8 (ties on need, threat and risk: by id). d: 13 − 8 = 5. e: 0.
    let s = scored();
    let ids: Vec<&str> = s.outcomes().map(|o| o.id()).collect();
    assert_eq!(ids, ["a", "b", "c", "f", "d", "e"]);
}

#[test]
fn due_by_lists_deadlines_on_or_before_the_date() {
    let s = scored();
    // a and b are red (3 months from 31 January: 30 April); c, d, f amber (6 months: 1 September).
    let due = |date| s.due_by(date).map(|e| e.outcome().id()).collect::<Vec<_>>();
    assert_eq!(due(jiff::civil::date(2008, 4, 29)), Vec::<&str>::new());
    assert_eq!(due(jiff::civil::date(2008, 4, 30)), ["a", "b"]);
    assert_eq!(
        due(jiff::civil::date(2008, 9, 1)),
        ["a", "b", "c", "f", "d"]
    );
}

#[test]
fn summaries_per_area_and_overall() {
    let scored = scored();
    let summary = scored.summary();
    let all = serde_json::to_value(summary.overall()).unwrap();
    assert_eq!(
        all,
        json!({"count": 6, "need_bands": {"none": 1, "low": 0, "medium": 3, "high": 2},
               "grades": {"red": 2, "amber": 3, "green": 0}, "high_need": 1,
               "need_sum": "59", "need_max": "19", "need_mean": "9.83"})
    );
    let order = serde_json::to_value(summary.area("public_order").unwrap()).unwrap();
    assert_eq!(order["need_sum"], json!("13"));
    assert_eq!(order["need_mean"], json!("6.5"));
    let empty = serde_json::to_value(summary.area("roads_policing").unwrap()).unwrap();
    assert_eq!(
        empty,
        json!({"count": 0, "need_bands": {"none": 0, "low": 0, "medium": 0, "high": 0},
               "grades": {"red": 0, "amber": 0, "green": 0}, "high_need": 0,
               "need_sum": "0", "need_max": "0", "need_mean": "0"})
    );
}

#[test]
fn need_mean_rounds_half_away_from_zero() {
    // Needs 0.5, 0, 0, 0: mean 0.125 → 0.13.
    let m = Matrix::reference();
    let csv = "id,area,impact,probability,ameliorative.partnership,ameliorative.resources,capability,capacity\n\
               a,major_crime,major,likely,5,2.5,adequate,adequate\n\
               b,major_crime,minimal,rare,,,strong,strong\n\
               c,major_crime,minimal,rare,,,strong,strong\n\
               d,major_crime,minimal,rare,,,strong,strong\n";
    let s = Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    assert_eq!(s.summary().overall().need_mean().to_string(), "0.13");
    assert_eq!(s.summary().overall().need_sum().to_string(), "0.5");
}

#[test]
fn register_json_is_spec_section_6() {
    let s = scored();
    let v: Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(v["matrix"], json!("reference@1.0.0"));
    assert_eq!(v["fingerprint"], json!(Matrix::reference().fingerprint()));
    let outcomes = v["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 6);
    assert_eq!(outcomes[0]["id"], json!("a"));
    assert!(
        outcomes[0].get("matrix").is_none(),
        "the matrix is named once, at the top"
    );
    let areas: Vec<&String> = v["summary"]["areas"].as_object().unwrap().keys().collect();
    assert_eq!(areas.len(), 10);
    assert_eq!(v["summary"]["overall"]["count"], json!(6));
    // Same input, same bytes.
    assert_eq!(s.to_json(), scored().to_json());
}

#[test]
fn the_same_register_reads_alike_from_csv_json_and_jsonl() {
    let m = Matrix::reference();
    let from_csv = Register::from_text(m, CSV, RegisterFormat::Csv).unwrap();
    let json = serde_json::to_string(from_csv.assessments()).unwrap();
    let from_json = Register::from_text(m, &json, RegisterFormat::Json).unwrap();
    assert_eq!(from_json, from_csv);
    let jsonl: String = from_csv
        .assessments()
        .iter()
        .map(|a| serde_json::to_string(a).unwrap() + "\n")
        .collect();
    assert_eq!(
        Register::from_text(m, &jsonl, RegisterFormat::JsonLines).unwrap(),
        from_csv
    );
}

#[test]
fn an_empty_register_is_a_register_of_nothing() {
    let m = Matrix::reference();
    let r = Register::from_text(
        m,
        "id,area,impact,probability,capability,capacity\n",
        RegisterFormat::Csv,
    )
    .unwrap();
    assert!(r.is_empty());
    let s = r.score(m).unwrap();
    assert_eq!(s.summary().overall().count(), 0);
    assert_eq!(
        Register::from_text(m, "[]", RegisterFormat::Json)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn register_from_rust_values_refuses_duplicate_ids() {
    let a =
        needmatrix::Assessment::new("x", "major_crime", "major", "rare", "none", "none").unwrap();
    let e = Register::new(vec![a.clone(), a]).unwrap_err();
    assert_eq!(e.code().as_str(), "duplicate_id");
}

/// A small register worked by hand: the text report of the main job, every line of it.
#[test]
fn the_text_report_of_a_small_register_worked_by_hand() {
    let csv = "\
id,area,impact,probability,weighting,ameliorative.partnership,capability,capacity,assessed_on,description,action,owner
b,public_order,minor,rare,,,good,good,2008-03-01,,,
c,roads_policing,moderate,possible,community_impact,1.5,adequate,strong,2008-02-29,,Speed cameras,
a,major_crime,critical,likely,,,limited,limited,2008-01-31,Gang violence,Fund a post,DI A
";
    let m = Matrix::reference();
    let scored = Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    // a: 5 × 4 = 20, ability min(4, 4) = 4, need 16: high, red, 2008-01-31 + 3 months, high
    //    risk (threat 20 ≥ 16) and no measure: a high need.
    // c: 3 × 3 = 9, + 2 = 11, − 1.5 = 9.5 (medium), ability min(8, 16) = 8, need 1.5: low,
    //    green, 2008-02-29 + 12 months = 2009-02-28.
    // b: 2 × 1 = 2 (low), ability 12, need 0: no band above none, no grade.
    let report = needmatrix::report::register_report(
        &scored,
        Some(needmatrix::jiff::civil::date(2008, 12, 31)),
    );
    let expected = "\
Matrix reference@1.0.0 (fingerprint 3a2688ba67624161)
3 assessments, 1 high need

Prioritised register
#  id  area            threat  need  need band  grade  due
-  --  --------------  ------  ----  ---------  -----  ----------  ---------
1  a   major_crime         20    16  high       red    2008-04-30  HIGH NEED
2  c   roads_policing     9.5   1.5  low        green  2009-02-28
3  b   public_order         2     0  none       -      -

Due for action on or before 2008-12-31: 1
  a  red  due 2008-04-30  Fund a post [owner: DI A]

Summary by area
area                     count  none  low  medium  high  red  amber  green  high need  need sum  need max  need mean
-----------------------  -----  ----  ---  ------  ----  ---  -----  -----  ---------  --------  --------  ---------
serious_organised_crime      0     0    0       0     0    0      0      0          0         0         0          0
major_crime                  1     0    0       0     1    1      0      0          1        16        16         16
civil_contingencies          0     0    0       0     0    0      0      0          0         0         0          0
critical_incidents           0     0    0       0     0    0      0      0          0         0         0          0
public_order                 1     1    0       0     0    0      0      0          0         0         0          0
roads_policing               1     0    1       0     0    0      0      1          0       1.5       1.5        1.5
domestic_abuse               0     0    0       0     0    0      0      0          0         0         0          0
missing_persons              0     0    0       0     0    0      0      0          0         0         0          0
child_abuse                  0     0    0       0     0    0      0      0          0         0         0          0
offender_management          0     0    0       0     0    0      0      0          0         0         0          0
all areas                    3     1    1       0     1    1      0      1          1      17.5        16       5.83

Why a is first: Gang violence
  risk = impact critical (5) × probability likely (4) = 20
  comparator = risk 20 + no weighting factors = 20
  mitigation = no ameliorative action = 0
  threat = max(0, comparator 20 − mitigation 0) = 20
  ability = min(capability limited (4), capacity limited (4)) = 4
  gap = threat 20 − ability 4 = 16
  need = max(0, gap 16) = 16
  surplus = max(0, −gap 16) = 0
  threat_band = high (threat 20 ≥ 16)
  need_band = high (need 16 ≥ 10)
  grade = red (need band high, act within 3 months)
  action_due = assessed on 2008-01-31 + 3 months = 2008-04-30
  high_risk = true (threat band high is at or above high)
  high_need = true (red, high risk, no measure in place)
";
    for (n, (got, want)) in report.lines().zip(expected.lines()).enumerate() {
        assert_eq!(got, want, "line {}", n + 1);
    }
    assert_eq!(report, expected);
    // Without a date, no due section; an entry without an action or owner says so.
    let undated = needmatrix::report::register_report(&scored, None);
    assert!(!undated.contains("Due for action"));
    let later = needmatrix::report::register_report(
        &scored,
        Some(needmatrix::jiff::civil::date(2009, 2, 28)),
    );
    assert!(
        later.contains("Due for action on or before 2009-02-28: 2\n  a  red  due 2008-04-30  Fund a post [owner: DI A]\n  c  green  due 2009-02-28  Speed cameras\n"),
        "{later}"
    );
}

/// A refused register as the examples print it: a count line when there are several faults,
/// then one line per fault with its code, escaped.
#[test]
fn the_error_report_lists_each_fault_with_its_code() {
    let csv = "id,area,impact,probability,capability,capacity\nx,major_crime,huge,rare,none,none\ny,moon\u{1b}[31m,major,rare,none,none\nz,major_crime,major,rare,none,none\n";
    let e = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap_err();
    let text = needmatrix::report::error_report(&e);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "error: 2 faulty record(s); nothing was scored. The first 2:"
    );
    assert!(
        lines[1].starts_with("error [unknown_level]: unknown level `huge`"),
        "{text}"
    );
    assert!(lines[1].contains("line 2"), "{text}");
    assert!(
        lines[2].starts_with("error [unknown_area]: unknown area `moon"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "escapes are shown, not sent: {text}"
    );
    // One fault: no count line.
    let one = Register::from_text(
        Matrix::reference(),
        "id,area,impact,probability,capability,capacity\nx,major_crime,huge,rare,none,none\n",
        RegisterFormat::Csv,
    )
    .unwrap_err();
    let text = needmatrix::report::error_report(&one);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("error [unknown_level]"));
}
