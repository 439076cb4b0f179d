//! Each lint code triggered by a crafted matrix and absent from the reference matrix; Cox's 3×3
//! result.

mod common;

use common::matrix_with;
use needmatrix::Matrix;
use needmatrix::lint::{LintCode, lint};
use serde_json::{Value, json};

fn codes(m: &Matrix) -> Vec<LintCode> {
    let mut c: Vec<LintCode> = lint(m).iter().map(|w| w.code()).collect();
    c.dedup();
    c
}

#[test]
fn the_reference_matrix_is_clean() {
    assert!(lint(Matrix::reference()).is_empty());
}

#[test]
fn grid_not_monotone_names_the_cell() {
    let mut grid: Vec<Vec<String>> = (1..=5)
        .map(|p| (1..=5).map(|i| (p * i).to_string()).collect())
        .collect();
    grid[2][3] = "2".into(); // probability possible, impact major: lower than left (9) and below (8)
    let m = matrix_with(|v| v["risk"] = json!({"grid": grid})).unwrap();
    let warnings = lint(&m);
    let w = warnings
        .iter()
        .find(|w| w.code() == LintCode::GridNotMonotone)
        .unwrap();
    assert_eq!(w.cells().len(), 1);
    assert_eq!(
        (
            w.cells()[0].impact.as_str(),
            w.cells()[0].probability.as_str()
        ),
        ("major", "possible")
    );
    assert!(
        w.message().contains("left") && w.message().contains("below"),
        "{}",
        w.message()
    );
    // The cell to its right (critical × possible = 15) is still above it: only one warning.
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.code() == LintCode::GridNotMonotone)
            .count(),
        1
    );
}

#[test]
fn band_unreachable_threat_and_need() {
    // Threat is at most 25 + 11 = 36: a band from 40 is never reached.
    let m = matrix_with(|v| {
        v["threat_bands"]
            .as_array_mut()
            .unwrap()
            .push(json!({"key": "extreme", "min": "40"}));
    })
    .unwrap();
    let w = lint(&m);
    let unreachable: Vec<&str> = w
        .iter()
        .filter(|w| w.code() == LintCode::BandUnreachable)
        .flat_map(|w| w.bands().iter().map(String::as_str))
        .collect();
    assert_eq!(unreachable, ["threat_bands.extreme"]);

    // Just reachable: 36 exactly (critical × almost certain + every factor, no mitigation).
    let m = matrix_with(|v| {
        v["threat_bands"]
            .as_array_mut()
            .unwrap()
            .push(json!({"key": "extreme", "min": "36"}));
    })
    .unwrap();
    assert!(!codes(&m).contains(&LintCode::BandUnreachable));

    // No mitigation and whole factors: threat is always a whole number ≥ 1 and need a whole
    // number, so a need band [0.25, 0.5) is never reached, while [0.5, 1) is not either; [1, …)
    // is.
    let m = matrix_with(|v| {
        v["ameliorative"] = json!([]);
        v["need_bands"] = json!([
            {"key": "none", "min": "0"}, {"key": "sliver", "min": "0.25"},
            {"key": "half", "min": "0.5"}, {"key": "some", "min": "1"}]);
        v["grades"] = json!([]);
    })
    .unwrap();
    let bands: Vec<String> = lint(&m)
        .iter()
        .filter(|w| w.code() == LintCode::BandUnreachable)
        .flat_map(|w| w.bands().to_vec())
        .collect();
    // Threat 0 needs mitigation, so the threat band `none` is unreachable too.
    assert_eq!(
        bands,
        ["threat_bands.none", "need_bands.sliver", "need_bands.half"]
    );
    // With continuous mitigation the same bands are reached.
    let m = matrix_with(|v| {
        v["need_bands"] = json!([
            {"key": "none", "min": "0"}, {"key": "sliver", "min": "0.25"},
            {"key": "half", "min": "0.5"}, {"key": "some", "min": "1"}]);
        v["grades"] = json!([]);
    })
    .unwrap();
    assert!(!codes(&m).contains(&LintCode::BandUnreachable));
}

#[test]
fn band_unreachable_with_weighting_subsets_is_exact() {
    // One cell of risk 1, factors 10 and 20, no mitigation: threat ∈ {1, 11, 21, 31}.
    let m = matrix_with(|v| {
        v["impact"] = json!([{"key": "a", "points": "1"}, {"key": "b", "points": "1.0001"}]);
        v["probability"] = json!([{"key": "x", "points": "1"}, {"key": "y", "points": "1.0001"}]);
        v["weighting"] = json!([{"key": "f", "points": "10"}, {"key": "g", "points": "20"}]);
        v["ameliorative"] = json!([]);
        v["threat_bands"] = json!([
            {"key": "t0", "min": "0"}, {"key": "t1", "min": "2"}, {"key": "t2", "min": "11"},
            {"key": "t3", "min": "11.001"}, {"key": "t4", "min": "21"}, {"key": "t5", "min": "32"}]);
        v["high_risk_band"] = json!("t5");
        v["capability"] = json!([{"key": "n", "points": "0"}]);
        v["capacity"] = json!([{"key": "n", "points": "0"}]);
    })
    .unwrap();
    let bands: Vec<String> = lint(&m)
        .iter()
        .filter(|w| w.code() == LintCode::BandUnreachable)
        .flat_map(|w| w.bands().to_vec())
        .collect();
    // t1 = [2, 11): risks are at most 1.0002…, +0, so 1.x only: unreachable. t3 = [11.001, 21):
    // 11..11.0002 only: unreachable. t5 from 32: max 31.0002: unreachable.
    assert!(bands.contains(&"threat_bands.t1".to_owned()), "{bands:?}");
    assert!(bands.contains(&"threat_bands.t3".to_owned()), "{bands:?}");
    assert!(bands.contains(&"threat_bands.t5".to_owned()), "{bands:?}");
    assert!(!bands.contains(&"threat_bands.t2".to_owned()), "{bands:?}");
    assert!(!bands.contains(&"threat_bands.t4".to_owned()), "{bands:?}");
}

#[test]
fn deadline_order() {
    let m = matrix_with(|v| {
        v["grades"] = json!([
            {"band": "high", "grade": "red", "months": 12},
            {"band": "medium", "grade": "amber", "months": 6},
            {"band": "low", "grade": "green", "months": 12}]);
    })
    .unwrap();
    let w: Vec<_> = lint(&m)
        .into_iter()
        .filter(|w| w.code() == LintCode::DeadlineOrder)
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].bands(), ["need_bands.high", "need_bands.medium"]);
}

/// A 3 × 3 matrix with points 1, 2, 3 (quantitative risks 1 2 3 / 2 4 6 / 3 6 9) coloured by a
/// grid whose cell values are the colours' band floors.
fn three_by_three(colours: [[&str; 3]; 3]) -> Matrix {
    let value = |c: &str| match c {
        "G" => "1",
        "A" => "5",
        _ => "10",
    };
    // Rows are probability levels from the lowest; the array is written top row first.
    let grid: Vec<Vec<&str>> = colours
        .iter()
        .rev()
        .map(|row| row.iter().map(|c| value(c)).collect())
        .collect();
    let levels = |prefix: &str| -> Value {
        json!([{"key": format!("{prefix}1"), "points": "1"}, {"key": format!("{prefix}2"), "points": "2"}, {"key": format!("{prefix}3"), "points": "3"}])
    };
    matrix_with(|v| {
        v["impact"] = levels("i");
        v["probability"] = levels("p");
        v["risk"] = json!({"grid": grid});
        v["threat_bands"] = json!([
            {"key": "none", "min": "0"}, {"key": "green", "min": "1"},
            {"key": "amber", "min": "5"}, {"key": "red", "min": "10"}]);
        v["high_risk_band"] = json!("red");
    })
    .unwrap()
}

fn cox_codes(m: &Matrix) -> Vec<LintCode> {
    codes(m)
        .into_iter()
        .filter(|c| {
            matches!(
                c,
                LintCode::WeakConsistency | LintCode::Betweenness | LintCode::TooFewColours
            )
        })
        .collect()
}

#[test]
fn cox_three_by_three() {
    // Cox's one admissible 3 × 3 colouring: red top right, green along the bottom row and left
    // column, amber between.
    let cox = three_by_three([["G", "A", "R"], ["G", "A", "A"], ["G", "G", "G"]]);
    assert_eq!(cox_codes(&cox), []);
    // Red next to green.
    let m = three_by_three([["G", "R", "R"], ["G", "A", "R"], ["G", "G", "G"]]);
    assert_eq!(cox_codes(&m), [LintCode::Betweenness]);
    // A red cell (quantitative 3) no riskier than a green one (quantitative 4).
    let m = three_by_three([["A", "A", "A"], ["A", "G", "A"], ["R", "A", "A"]]);
    assert_eq!(cox_codes(&m), [LintCode::WeakConsistency]);
    // Two colours only (and red touching green).
    let m = three_by_three([["G", "R", "R"], ["G", "G", "R"], ["G", "G", "G"]]);
    assert_eq!(
        cox_codes(&m),
        [LintCode::Betweenness, LintCode::TooFewColours]
    );
    // Colouring by probability alone: a red cell (rare impact, quantitative 3) no riskier than
    // a green one (critical impact, quantitative 3).
    let m = three_by_three([["R", "R", "R"], ["A", "A", "A"], ["G", "G", "G"]]);
    assert_eq!(cox_codes(&m), [LintCode::WeakConsistency]);
    // The diagonal traffic light keeps amber between red and green and passes.
    let m = three_by_three([["A", "R", "R"], ["G", "A", "R"], ["G", "G", "A"]]);
    assert_eq!(cox_codes(&m), []);
}

/// An 18 KB matrix with hundreds of ability levels and 64 small factors: once a hang, now a few
/// binary searches per band and risk (the work is bounded by `MAX_REACH_WORK`, not by time).
#[test]
fn a_large_matrix_is_linted_by_search_not_enumeration() {
    let m = matrix_with(|v| {
        v["capability"] = (0..200).map(|i| json!({"key": format!("c{i}"), "points": i.to_string()})).collect();
        v["capacity"] = (0..200).map(|i| json!({"key": format!("d{i}"), "points": (3 * i).to_string()})).collect();
        v["ability"] = json!("sum");
        v["weighting"] = (0..64)
            .map(|i| json!({"key": format!("w{i}"), "points": format!("0.{:04}", (i * 37) % 9999 + 1)}))
            .collect();
        v["ameliorative"] = json!([]);
        v["impact"] = (0..30).map(|i| json!({"key": format!("i{i}"), "points": (i + 1).to_string()})).collect();
        v["probability"] = (0..30).map(|i| json!({"key": format!("p{i}"), "points": (i + 1).to_string()})).collect();
    })
    .unwrap();
    let warnings = lint(&m);
    // With no mitigation, threat is at least the least risk (1): the band from 0 to 1 is never
    // reached, and every other band is.
    let unreachable: Vec<&str> = warnings
        .iter()
        .filter(|w| w.code() == LintCode::BandUnreachable)
        .flat_map(|w| w.bands().iter().map(String::as_str))
        .collect();
    assert_eq!(unreachable, ["threat_bands.none"], "{warnings:?}");
}
