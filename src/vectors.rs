//! Conformance vectors (`needmatrix-vectors/1`, SPEC §4): the runner that checks an engine's
//! results against published cases, and emit mode, which writes the crate's own outcomes as
//! vectors for a vendor's matrix.
//!
//! ```
//! use needmatrix::vectors;
//!
//! let file = r#"{"format": "needmatrix-vectors/1", "matrix": "reference", "cases": [
//!   {"name": "soc-1",
//!    "input": {"id": "a", "area": "serious_organised_crime", "impact": "major",
//!              "probability": "likely", "weighting": ["vulnerable_victims"],
//!              "ameliorative": {"partnership": "1.5"}, "capability": "limited",
//!              "capacity": "good", "assessed_on": "2008-06-20"},
//!    "expect": {"risk": "16", "threat": "17.50", "grade": "red", "action_due": "2008-09-20"}},
//!   {"name": "bad-level", "input": {"id": "b", "area": "major_crime", "impact": "huge",
//!    "probability": "rare", "capability": "none", "capacity": "none"},
//!    "expect_error": "unknown_level"}]}"#;
//! let report = vectors::run_str(file, "example.json");
//! assert_eq!((report.passed(), report.failures().len()), (2, 0));
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::assessment::Assessment;
use crate::error::{Error, Location, Result};
use crate::matrix::Matrix;
use crate::points::Points;

/// The format name a vector file carries.
pub const FORMAT: &str = "needmatrix-vectors/1";

/// The outcome fields whose values are decimals, compared by value (`"17.50"` = `"17.5"`).
const DECIMAL_FIELDS: &[&str] = &[
    "risk",
    "comparator",
    "mitigation",
    "threat",
    "ability",
    "gap",
    "need",
    "surplus",
];

pub use crate::score::OUTCOME_FIELDS;

/// A vector file as written. Unknown fields are ignored so that publishers may annotate
/// their files; a case must still hold exactly one of `expect` and `expect_error`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(
        title = "needmatrix conformance vectors",
        transform = crate::schema::vector_file_rules
    )
)]
pub struct VectorFile {
    /// Must be `needmatrix-vectors/1`.
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::schema::format_name")
    )]
    pub format: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `"reference"` or a whole matrix object.
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::schema::matrix_or_reference")
    )]
    pub matrix: Value,
    /// The cases; absent in a file that expects its matrix to be refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cases: Option<Vec<Case>>,
    /// The code the matrix must be refused with (a file with no cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_matrix_error: Option<String>,
}

/// One case: an assessment and what scoring it must give.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::schema::case_rules)
)]
pub struct Case {
    /// The case's name, reported when it fails.
    pub name: String,
    /// The assessment, as a JSON object (SPEC §3). Error cases hold faulty ones, so the schema
    /// asks only for an object.
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::schema::any_object")
    )]
    pub input: Value,
    /// Outcome fields that must match (any subset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Map<String, Value>>,
    /// The error code scoring must be refused with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_error: Option<String>,
}

/// One failed check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The file.
    pub file: String,
    /// The case name (`matrix` for a file-level check).
    pub case: String,
    /// The field that differs (`error` for an error code, `case` for a malformed case).
    pub field: String,
    /// What the file expects.
    pub expected: String,
    /// What the crate computed.
    pub actual: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FAIL {}: case `{}`: field `{}`: expected {}, actual {}",
            self.file, self.case, self.field, self.expected, self.actual
        )
    }
}

/// The result of running one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    file: String,
    passed: usize,
    failed_cases: usize,
    failures: Vec<Failure>,
    unreadable: Option<String>,
}

impl FileReport {
    /// The file.
    #[must_use]
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Cases that passed.
    #[must_use]
    pub fn passed(&self) -> usize {
        self.passed
    }

    /// Cases that failed (a case may fail on several fields).
    #[must_use]
    pub fn failed(&self) -> usize {
        self.failed_cases
    }

    /// Every failed check.
    #[must_use]
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    /// Why the file could not be read or understood, if so.
    #[must_use]
    pub fn unreadable(&self) -> Option<&str> {
        self.unreadable.as_deref()
    }

    fn case(&mut self, failures: Vec<Failure>) {
        if failures.is_empty() {
            self.passed += 1;
        } else {
            self.failed_cases += 1;
            self.failures.extend(failures);
        }
    }
}

/// Runs one vector file given as text; `file` names it in failures.
#[must_use]
pub fn run_str(text: &str, file: &str) -> FileReport {
    let mut report = FileReport {
        file: file.to_owned(),
        ..FileReport::default()
    };
    let parsed: Result<VectorFile> = crate::read::from_json(text);
    let vf = match parsed {
        Ok(vf) => vf,
        Err(e) => {
            report.unreadable = Some(format!("not a vector file: {e}"));
            return report;
        }
    };
    if vf.format != FORMAT {
        report.unreadable = Some(format!("format `{}` is not `{FORMAT}`", vf.format));
        return report;
    }
    let fail = |case: &str, field: &str, expected: String, actual: String| Failure {
        file: file.to_owned(),
        case: case.to_owned(),
        field: field.to_owned(),
        expected,
        actual,
    };
    let matrix = load_matrix(&vf.matrix);
    match (&vf.expect_matrix_error, &vf.cases) {
        (Some(code), None) => {
            let failures = match &matrix {
                Err(e) if e.code() == code => vec![],
                Err(e) => vec![fail(
                    "matrix",
                    "error",
                    format!("`{code}`"),
                    format!("`{}` ({e})", e.code()),
                )],
                Ok(m) => vec![fail(
                    "matrix",
                    "error",
                    format!("`{code}`"),
                    format!("accepted as {}", m.label()),
                )],
            };
            report.case(failures);
        }
        (None, Some(cases)) => {
            for case in cases {
                let failures = match &matrix {
                    Ok(m) => check_case(m, case)
                        .into_iter()
                        .map(|(field, expected, actual)| fail(&case.name, &field, expected, actual))
                        .collect(),
                    Err(e) => vec![fail(
                        &case.name,
                        "matrix",
                        "a valid matrix".to_owned(),
                        format!("refused: [{}] {e}", e.code()),
                    )],
                };
                report.case(failures);
            }
        }
        _ => {
            report.unreadable =
                Some("a vector file holds either `cases` or `expect_matrix_error`".to_owned());
        }
    }
    report
}

fn load_matrix(value: &Value) -> Result<Matrix> {
    match value {
        Value::String(name) if name == "reference" => Ok(Matrix::reference().clone()),
        Value::Object(_) => Matrix::from_json_str(&value.to_string()),
        other => Err(Error::parse(
            Location::field("matrix"),
            format!("`{other}` is not \"reference\" or a matrix object"),
        )),
    }
}

/// Scores one case and lists its mismatches as (field, expected, actual).
fn check_case(matrix: &Matrix, case: &Case) -> Vec<(String, String, String)> {
    let result =
        Assessment::from_json_str(matrix, &case.input.to_string()).and_then(|a| matrix.score(&a));
    match (&case.expect, &case.expect_error, result) {
        (None, Some(code), Err(e)) if e.code() == code => vec![],
        (None, Some(code), Err(e)) => vec![(
            "error".to_owned(),
            format!("`{code}`"),
            format!("`{}` ({e})", e.code()),
        )],
        (None, Some(code), Ok(_)) => vec![(
            "error".to_owned(),
            format!("`{code}`"),
            "scored without error".to_owned(),
        )],
        (Some(_), None, Err(e)) => vec![(
            "error".to_owned(),
            "no error".to_owned(),
            format!("`{}` ({e})", e.code()),
        )],
        (Some(expect), None, Ok(outcome)) => {
            let actual = serde_json::to_value(&outcome).unwrap_or_default();
            expect
                .iter()
                .filter_map(|(field, want)| {
                    let got = actual.get(field);
                    let same = match got {
                        None => false,
                        Some(got) => same_value(field, want, got),
                    };
                    (!same).then(|| {
                        (
                            field.clone(),
                            want.to_string(),
                            got.map_or("no such outcome field".to_owned(), Value::to_string),
                        )
                    })
                })
                .collect()
        }
        _ => vec![(
            "case".to_owned(),
            "exactly one of `expect` and `expect_error`".to_owned(),
            "both or neither".to_owned(),
        )],
    }
}

/// Decimals compare by value (an expectation may write `"17.50"` or `16`); everything else
/// exactly.
fn same_value(field: &str, want: &Value, got: &Value) -> bool {
    if DECIMAL_FIELDS.contains(&field) {
        let number = |v: &Value| -> Option<Points> {
            match v {
                Value::String(s) => s.parse().ok(),
                Value::Number(n) => n.as_i64().map(Points::from_int),
                _ => None,
            }
        };
        matches!((number(want), number(got)), (Some(a), Some(b)) if a == b)
    } else {
        want == got
    }
}

/// Runs a vector file on disk.
#[must_use]
pub fn run_path(path: &Path) -> FileReport {
    let name = path.display().to_string();
    match crate::read::read_text(path) {
        Ok(text) => run_str(&text, &name),
        Err(e) => FileReport {
            file: name,
            unreadable: Some(e.to_string()),
            ..FileReport::default()
        },
    }
}

/// The `.json` files to run for a list of files and directories: a directory contributes every
/// `.json` file below it, in path order.
///
/// # Errors
/// `io` for a path that does not exist or a directory that cannot be listed.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(Error::Io {
                path: path.display().to_string(),
                message: "no such file or directory".to_owned(),
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes a vector file whose expectations are this crate's outcomes for `inputs` over
/// `matrix`: every outcome field for an input that scores, `expect_error` for one that is
/// refused. Cases are named by the input's `id` when it is a string not used before, otherwise
/// `case-N`. The matrix is written as `"reference"` when it is the reference matrix, otherwise
/// in full (canonical form).
#[must_use]
pub fn emit(matrix: &Matrix, inputs: &[Value], description: Option<&str>) -> VectorFile {
    let mut names = std::collections::HashSet::new();
    let cases = inputs
        .iter()
        .enumerate()
        .map(|(n, input)| {
            let name = match input.get("id").and_then(Value::as_str) {
                Some(id) if !id.is_empty() && names.insert(id.to_owned()) => id.to_owned(),
                _ => format!("case-{}", n + 1),
            };
            let result = Assessment::from_json_str(matrix, &input.to_string())
                .and_then(|a| matrix.score(&a));
            let (expect, expect_error) = match result {
                Ok(o) => (
                    serde_json::to_value(&o)
                        .ok()
                        .and_then(|v| v.as_object().cloned()),
                    None,
                ),
                Err(e) => (None, Some(e.code().to_owned())),
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
        matrix: if is_reference {
            Value::String("reference".to_owned())
        } else {
            serde_json::from_str(&matrix.to_canonical_json()).unwrap_or_default()
        },
        cases: Some(cases),
        expect_matrix_error: None,
    }
}

/// Reads the inputs for [`emit`]: a JSON array of assessment objects, or JSON Lines (one object
/// per line) when the file name ends in `.jsonl`. The objects are kept as written, so refused
/// inputs can be emitted as `expect_error` cases.
///
/// # Errors
/// `io` when unreadable; `parse` for malformed JSON, naming the file and line.
pub fn read_inputs(path: &Path) -> Result<Vec<Value>> {
    let name = path.display().to_string();
    let text = crate::read::read_text(path)?;
    let lines = path.extension().is_some_and(|e| e == "jsonl");
    let parsed = if lines {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                crate::read::from_json::<Value>(l)
                    .map_err(|e| e.map_location(|at| crate::read::shift(at, n as u64 + 1, 1)))
            })
            .collect()
    } else {
        crate::read::from_json::<Vec<Value>>(&text)
    };
    parsed.map_err(|e| e.in_file(&name))
}
