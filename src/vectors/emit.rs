//! Emit mode: the crate's own outcomes written as a vector file for a vendor's matrix.

use std::path::Path;

use serde_json::value::RawValue;

use super::file::Expectations;
use super::{Case, FORMAT, VectorFile, VectorInput};
use crate::assessment::Assessment;
use crate::error::Result;
use crate::matrix::Matrix;

/// Writes a vector file whose expectations are this crate's outcomes for `inputs` over
/// `matrix`: every outcome field for an input that scores, `expect_error` for one that is
/// refused. Cases are named by the input's `id` when it is a string not used before, otherwise
/// `case-N`. The matrix is written as `"reference"` when it is the reference matrix, otherwise
/// in full (canonical form).
#[must_use]
pub fn emit(matrix: &Matrix, inputs: &[VectorInput], description: Option<&str>) -> VectorFile {
    let mut names = std::collections::HashSet::new();
    let cases = inputs
        .iter()
        .enumerate()
        .map(|(n, input)| {
            let name = match input.id() {
                Some(id) if !id.is_empty() && names.insert(id.clone()) => id,
                _ => format!("case-{}", n + 1),
            };
            let result = Assessment::from_json_str(matrix, input.as_json_str())
                .and_then(|a| matrix.score(&a));
            let (expect, expect_error) = match result {
                // The outcome's own JSON, read back field by field in its order.
                Ok(o) => (
                    serde_json::to_string(&o)
                        .ok()
                        .and_then(|text| serde_json::from_str::<Expectations>(&text).ok()),
                    None,
                ),
                Err(e) => (None, Some(e.code().to_string())),
            };
            Case {
                name,
                input: input.clone(),
                expect,
                expect_error,
            }
        })
        .collect();
    let is_reference = matrix.fingerprint() == Matrix::reference().fingerprint();
    VectorFile {
        format: FORMAT.to_owned(),
        description: description.map(ToOwned::to_owned),
        matrix: RawValue::from_string(if is_reference {
            "\"reference\"".to_owned()
        } else {
            matrix.to_canonical_json()
        })
        .unwrap_or_else(|_| unreachable!("both texts are JSON")),
        cases: Some(cases),
        expect_matrix_error: None,
        crosswalk: None,
        to_matrix: None,
        expect_crosswalk_error: None,
    }
}

/// Reads the inputs for [`emit`]: a JSON array of assessment objects, or JSON Lines (one object
/// per line) when the file name ends in `.jsonl`. The objects are kept as written, so refused
/// inputs can be emitted as `expect_error` cases.
///
/// # Errors
/// `io` when unreadable; `parse` for malformed JSON or an object that names a key twice (which
/// the register readers refuse too, so an emitted case could not say what it tests), naming the
/// file and line.
pub fn read_inputs(path: &Path) -> Result<Vec<VectorInput>> {
    let name = path.display().to_string();
    let text = crate::text::read_text(path)?;
    let lines = path.extension().is_some_and(|e| e == "jsonl");
    let parsed = if lines {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                crate::text::json::from_json::<crate::text::json::UniqueKeys>(l)
                    .and_then(|_| VectorInput::from_json_str(l))
                    .map_err(|e| e.map_location(|at| crate::text::shift(at, n as u64 + 1, 1)))
            })
            .collect()
    } else {
        crate::text::json::from_json::<crate::text::json::UniqueKeys>(&text)
            .and_then(|_| crate::text::json::from_json::<Vec<VectorInput>>(&text))
    };
    parsed.map_err(|e| e.in_file(&name))
}
