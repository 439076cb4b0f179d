//! The published action-plan vectors (tests/plans/, written by the independent model in
//! tools/vectors/plans.py): options in whole ameliorative steps with their costs, reviews due,
//! the ids assessed after the as-of date, the budget, and every deadline judged against the
//! as-of date (SPEC §9, §10, §12), each compared exactly with the crate's plan.

#![cfg(feature = "csv")]

use needmatrix::plan::{Costs, Plan};
use needmatrix::{Matrix, Register, RegisterFormat, ScoredRegister, report};
use serde_json::{Value, json};

fn dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/plans")
}

fn scored(text: &str) -> ScoredRegister {
    let m = Matrix::reference();
    Register::from_text(m, text, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap()
}

/// What of the crate's plan JSON the vectors pin: each entry's id and options (with costs), the
/// reviews due, the ids assessed after the date (absent without one), the budget, and the
/// deadlines (counts, and each id's status).
fn pinned(plan: &Value) -> Value {
    let entries: Vec<Value> = plan["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!({"id": e["id"], "options": e["options"]}))
        .collect();
    let mut out = json!({
        "plan": entries,
        "review_overdue": plan["review_overdue"],
        "budget": plan["budget"],
        "progress": Value::Null,
    });
    if let Some(after) = plan.get("assessed_after_as_of") {
        out["assessed_after_as_of"] = after.clone();
    }
    if !plan["progress"].is_null() {
        let deadlines: Vec<Value> = plan["progress"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| json!({"id": e["id"], "deadline": e["deadline"]}))
            .collect();
        out["progress"] = json!({"deadlines": plan["progress"]["deadlines"], "entries": deadlines});
    }
    out
}

#[test]
fn every_published_plan_vector_is_reproduced_exactly() {
    let m = Matrix::reference();
    let mut files: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 9, "the published plan vectors");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(file["format"], "needmatrix-plan-vectors/1");
        let case = &file["case"];
        let current = scored(case["register"].as_str().unwrap());
        let earlier = case["earlier"].as_str().map(scored);
        let costs = case["costs"]
            .as_str()
            .map(|text| Costs::from_csv_str(m, text).unwrap());
        let step = case["step"].as_str().map(|s| s.parse().unwrap());
        let as_of = case["as_of"]
            .as_str()
            .map(|d| needmatrix::parse_date(d).unwrap());
        let months = case["review_months"].as_u64().map_or(12, |r| r as u16);
        let budget = case["budget"].as_str().map(|b| b.parse().unwrap());

        // In the order the example builds it.
        let mut plan = Plan::new(&current).unwrap();
        if let Some(step) = step {
            plan = plan.with_ameliorative_step(step).unwrap();
        }
        if let Some(earlier) = &earlier {
            plan = plan.compared_with(earlier).unwrap();
        }
        if let Some(date) = as_of {
            plan = plan.as_of(date, months);
        }
        if let Some(costs) = &costs {
            plan = plan.with_costs(costs).unwrap();
        }
        if let Some(budget) = budget {
            plan = plan.with_budget(budget).unwrap();
        }
        let got: Value = serde_json::from_str(&report::plan_json(&plan)).unwrap();
        assert_eq!(pinned(&got), file["expect"], "{name}");

        // In the other order: the date before the comparison, the budget before the step. The
        // plan is the same.
        let mut plan = Plan::new(&current).unwrap();
        if let Some(date) = as_of {
            plan = plan.as_of(date, months);
        }
        if let Some(costs) = &costs {
            plan = plan.with_costs(costs).unwrap();
        }
        if let Some(budget) = budget {
            plan = plan.with_budget(budget).unwrap();
        }
        if let Some(earlier) = &earlier {
            plan = plan.compared_with(earlier).unwrap();
        }
        if let Some(step) = step {
            plan = plan.with_ameliorative_step(step).unwrap();
        }
        let again: Value = serde_json::from_str(&report::plan_json(&plan)).unwrap();
        assert_eq!(
            pinned(&again),
            file["expect"],
            "{name}, built in another order"
        );
    }
}

#[test]
fn the_embedded_sample_funds_nothing_smaller_than_a_step() {
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(dir().join("wealdshire-default-step.json")).unwrap(),
    )
    .unwrap();
    let funded = file["expect"]["budget"]["funded"].as_array().unwrap();
    assert!(!funded.is_empty());
    for f in funded {
        if let Some(add) = f["add"].as_str() {
            let add: rust_decimal::Decimal = add.parse().unwrap();
            assert_eq!(
                add % rust_decimal::Decimal::new(5, 1),
                rust_decimal::Decimal::ZERO,
                "{f}"
            );
            assert!(add >= rust_decimal::Decimal::new(5, 1), "{f}");
        }
    }
}
