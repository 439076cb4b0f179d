//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use needmatrix::{Assessment, Matrix, Outcome, Result};
use serde_json::{Value, json};

/// The reference matrix as a JSON value, to derive variants from.
pub fn reference_value() -> Value {
    serde_json::from_str(&Matrix::reference().to_canonical_json()).unwrap()
}

/// The reference matrix with `change` applied to its JSON.
pub fn matrix_with(change: impl FnOnce(&mut Value)) -> Result<Matrix> {
    let mut v = reference_value();
    change(&mut v);
    Matrix::from_json_str(&v.to_string())
}

/// A complete assessment object over the reference matrix, with `change` applied.
pub fn assessment_value(change: impl FnOnce(&mut Value)) -> Value {
    let mut v = json!({
        "id": "t1",
        "area": "serious_organised_crime",
        "impact": "major",
        "probability": "likely",
        "capability": "adequate",
        "capacity": "adequate"
    });
    change(&mut v);
    v
}

/// Reads and scores one assessment JSON object with `matrix`.
pub fn score_json(matrix: &Matrix, value: &Value) -> Result<Outcome> {
    let a = Assessment::from_json_str(matrix, &value.to_string())?;
    matrix.score(&a)
}

/// Scores an assessment over the reference matrix.
pub fn score_ref(change: impl FnOnce(&mut Value)) -> Outcome {
    let v = assessment_value(change);
    score_json(Matrix::reference(), &v).unwrap_or_else(|e| panic!("{v}: {e}"))
}
