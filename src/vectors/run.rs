//! The runner: a vector file's cases scored and compared, field by field.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Case, FORMAT, VectorFile};
use crate::assessment::Assessment;
use crate::error::{Error, Location, Result};
use crate::matrix::Matrix;
use crate::points::Points;

/// One failed check.
///
/// ```
/// use needmatrix::vectors;
///
/// let file = r#"{"format": "needmatrix-vectors/1", "matrix": "reference", "cases": [
///   {"name": "wrong", "input": {"id": "a", "area": "major_crime", "impact": "major",
///    "probability": "likely", "capability": "none", "capacity": "none"},
///    "expect": {"need": "15"}}]}"#;
/// let report = vectors::run_str(file, "v.json");
/// let failure = &report.failures()[0];
/// assert_eq!((failure.case.as_str(), failure.field.as_str()), ("wrong", "need"));
/// assert_eq!((failure.expected.as_str(), failure.actual.as_str()), ("\"15\"", "\"16\""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
        // A third party's vector file may name a case with a terminal escape: shown escaped.
        let shown = crate::quote::shown;
        write!(
            f,
            "FAIL {}: case `{}`: field `{}`: expected {}, actual {}",
            shown(&self.file),
            shown(&self.case),
            shown(&self.field),
            shown(&self.expected),
            shown(&self.actual)
        )
    }
}

/// The result of running one file.
///
/// ```
/// use needmatrix::vectors;
///
/// let report = vectors::run_str("{not json", "broken.json");
/// assert!(report.unreadable().is_some());
/// assert_eq!((report.passed(), report.failed()), (0, 0));
/// ```
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

/// The format of a file of one-notch cases (SPEC §13): a matrix, a register as a JSON array of
/// assessments, and the report expected (`needmatrix-robustness/1` without its matrix label and
/// fingerprint).
pub const ROBUSTNESS_FORMAT: &str = "needmatrix-robustness-vectors/1";

/// Runs one vector file given as text; `file` names it in failures. A file of one-notch cases
/// ([`ROBUSTNESS_FORMAT`]) is run too: its summary is one case, and each fragile entry expected
/// is one (its id the case's name).
#[must_use]
pub fn run_str(text: &str, file: &str) -> FileReport {
    let mut report = FileReport {
        file: file.to_owned(),
        ..FileReport::default()
    };
    #[derive(serde::Deserialize)]
    struct Format {
        format: Option<String>,
    }
    if let Ok(Format { format: Some(f) }) = serde_json::from_str::<Format>(text)
        && f == ROBUSTNESS_FORMAT
    {
        run_robustness(text, &mut report);
        return report;
    }
    let parsed: Result<VectorFile> = crate::text::json::from_json(text);
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
    if let Some(crosswalk) = &vf.crosswalk {
        run_crosswalk(&vf, crosswalk, matrix, &mut report, &fail);
        return report;
    }
    match (&vf.expect_matrix_error, &vf.cases) {
        (Some(code), None) => {
            report.case(expected_refusal(
                "matrix",
                code,
                &matrix,
                |m| m.label().to_owned(),
                &fail,
            ));
        }
        (None, Some(cases)) => {
            let score = |m: &Matrix, a: &Assessment| m.score(a);
            run_cases(cases, matrix.as_ref(), score, &mut report, &fail);
        }
        _ => {
            report.unreadable =
                Some("a vector file holds either `cases` or `expect_matrix_error`".to_owned());
        }
    }
    report
}

/// Builds a failure of the file being run: (case, field, expected, actual).
type Fail<'a> = dyn Fn(&str, &str, String, String) -> Failure + 'a;

/// The failures of a file that expects its `what` (the matrix, the crosswalk) refused with
/// `code`: none when it was, else one naming the code it got or what it was accepted as.
fn expected_refusal<T>(
    what: &str,
    code: &str,
    read: &Result<T>,
    accepted_as: impl Fn(&T) -> String,
    fail: &Fail<'_>,
) -> Vec<Failure> {
    let actual = match read {
        Err(e) if e.code() == code => return vec![],
        Err(e) => format!("`{}` ({e})", e.code()),
        Ok(t) => format!("accepted as {}", accepted_as(t)),
    };
    vec![fail(what, "error", format!("`{code}`"), actual)]
}

/// Scores each case's input with `score` against `matrix` (the refusal of the matrix, if it was
/// refused, fails every case).
fn run_cases(
    cases: &[Case],
    matrix: std::result::Result<&Matrix, &Error>,
    score: impl Fn(&Matrix, &Assessment) -> Result<crate::score::Outcome>,
    report: &mut FileReport,
    fail: &Fail<'_>,
) {
    for case in cases {
        let failures = match matrix {
            Ok(m) => check_case(m, case, &score)
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

/// A file of crosswalk cases (SPEC §14): `matrix` is A, `to_matrix` B; either the crosswalk is
/// refused with `expect_crosswalk_error`, or each case's input (an assessment of A) is
/// translated and scored under B.
fn run_crosswalk(
    vf: &VectorFile,
    crosswalk: &serde_json::value::RawValue,
    from: Result<Matrix>,
    report: &mut FileReport,
    fail: &Fail<'_>,
) {
    let Some(to) = &vf.to_matrix else {
        report.unreadable = Some("a file with a `crosswalk` names its `to_matrix`".to_owned());
        return;
    };
    let read = from.and_then(|from| {
        let to = load_matrix(to).map_err(|e| e.under_field("to_matrix"))?;
        crate::crosswalk::Crosswalk::from_json_str(crosswalk.get(), &from, &to)
    });
    match (&vf.expect_crosswalk_error, &vf.cases) {
        (Some(code), None) => {
            report.case(expected_refusal(
                "crosswalk",
                code,
                &read,
                ToString::to_string,
                fail,
            ));
        }
        (None, Some(cases)) => {
            let from = read.as_ref().map(crate::crosswalk::Crosswalk::from_matrix);
            let score = |_: &Matrix, a: &Assessment| match &read {
                Ok(c) => c.score(a),
                Err(e) => Err(e.clone()),
            };
            run_cases(cases, from, score, report, fail);
        }
        _ => {
            report.unreadable = Some(
                "a file with a `crosswalk` holds either `cases` or `expect_crosswalk_error`"
                    .to_owned(),
            );
        }
    }
}

fn load_matrix(raw: &serde_json::value::RawValue) -> Result<Matrix> {
    let text = raw.get();
    match serde_json::from_str::<Value>(text).unwrap_or_default() {
        Value::String(name) if name == "reference" => Ok(Matrix::reference().clone()),
        Value::Object(_) => Matrix::from_json_str(text),
        other => Err(Error::parse(
            Location::field("matrix"),
            format!("`{other}` is not \"reference\" or a matrix object"),
        )),
    }
}

/// Scores one case with `score` and lists its mismatches as (field, expected, actual).
fn check_case(
    matrix: &Matrix,
    case: &Case,
    score: impl Fn(&Matrix, &Assessment) -> Result<crate::score::Outcome>,
) -> Vec<(String, String, String)> {
    let result =
        Assessment::from_json_str(matrix, case.input.as_json_str()).and_then(|a| score(matrix, &a));
    match (&case.expect, &case.expect_error, result) {
        (None, Some(code), Err(e)) if e.code() == code.as_str() => vec![],
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
                .0
                .iter()
                .filter_map(|(field, want)| {
                    let want: Value = serde_json::from_str(want.get()).unwrap_or_default();
                    let want = &want;
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
    if field
        .parse::<crate::score::OutcomeField>()
        .is_ok_and(crate::score::OutcomeField::is_decimal)
    {
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
    match crate::text::read_text(path) {
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
    let mut walk = Walk::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        if meta.is_dir() {
            walk.dir(path)?;
        } else {
            walk.file(path);
        }
    }
    Ok(walk.out)
}

/// A walk over folders that visits each folder and each file once, however many paths or
/// symbolic links reach it (so a link back to a parent cannot loop, and a file is never run
/// twice).
#[derive(Default)]
struct Walk {
    out: Vec<PathBuf>,
    seen_files: std::collections::HashSet<PathBuf>,
    seen_dirs: std::collections::HashSet<PathBuf>,
}

impl Walk {
    fn file(&mut self, path: &Path) {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        if self.seen_files.insert(key) {
            self.out.push(path.to_owned());
        }
    }

    fn dir(&mut self, dir: &Path) -> Result<()> {
        let io = |e: std::io::Error| Error::io(dir.display().to_string(), e);
        if !self
            .seen_dirs
            .insert(std::fs::canonicalize(dir).map_err(io)?)
        {
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(io)?;
        entries.sort();
        for path in entries {
            // A dangling link is reported, not skipped: a vector file that is not there is a
            // fault of the suite.
            let meta =
                std::fs::metadata(&path).map_err(|e| Error::io(path.display().to_string(), e))?;
            if meta.is_dir() {
                self.dir(&path)?;
            } else if path.extension().is_some_and(|e| e == "json") {
                self.file(&path);
            }
        }
        Ok(())
    }
}

/// A file of one-notch cases: the register scored and tested, compared with what it expects.
fn run_robustness(text: &str, report: &mut FileReport) {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[allow(dead_code)]
        format: String,
        #[allow(dead_code)]
        #[serde(default)]
        description: Option<String>,
        matrix: Box<serde_json::value::RawValue>,
        register: Box<serde_json::value::RawValue>,
        expect: Value,
        #[allow(dead_code)]
        #[serde(default)]
        csv_rows: Option<u64>,
        #[allow(dead_code)]
        #[serde(default)]
        csv_first: Option<Value>,
    }
    let file: File = match crate::text::json::from_json(text) {
        Ok(f) => f,
        Err(e) => {
            report.unreadable = Some(format!("not a one-notch vector file: {e}"));
            return;
        }
    };
    let tested = load_matrix(&file.matrix).and_then(|m| {
        let register =
            crate::Register::from_text(&m, file.register.get(), crate::RegisterFormat::Json)?;
        crate::robustness::Robustness::of_register(&register, &m)
    });
    let got = match tested {
        Ok(r) => serde_json::to_value(&r).unwrap_or(Value::Null),
        Err(e) => {
            report.unreadable = Some(format!("its register cannot be tested: [{}] {e}", e.code()));
            return;
        }
    };
    let name = report.file.clone();
    let fail = |case: &str, field: &str, expected: &Value, actual: &Value| Failure {
        file: name.clone(),
        case: case.to_owned(),
        field: field.to_owned(),
        expected: expected.to_string(),
        actual: actual.to_string(),
    };
    let summary = if at(&got, "summary") == at(&file.expect, "summary") {
        vec![]
    } else {
        vec![fail(
            "summary",
            "summary",
            at(&file.expect, "summary"),
            at(&got, "summary"),
        )]
    };
    report.case(summary);
    let empty = Vec::new();
    let expected = at(&file.expect, "fragile").as_array().unwrap_or(&empty);
    let actual = at(&got, "fragile").as_array().unwrap_or(&empty);
    for (n, want) in expected.iter().enumerate() {
        let id = at(want, "id").as_str().unwrap_or_default();
        let found = actual.iter().position(|e| at(e, "id") == at(want, "id"));
        let failures = match found {
            None => vec![fail(id, "fragile", &Value::Bool(true), &Value::Bool(false))],
            Some(at) if at != n => vec![fail(id, "position", &Value::from(n), &Value::from(at))],
            Some(at) => {
                let entry = actual.get(at).unwrap_or(&Value::Null);
                want.as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(field, value)| entry.get(field.as_str()) != Some(*value))
                    .map(|(field, value)| {
                        fail(
                            id,
                            field,
                            value,
                            entry.get(field.as_str()).unwrap_or(&Value::Null),
                        )
                    })
                    .collect()
            }
        };
        report.case(failures);
    }
    for entry in actual.iter().skip(expected.len()) {
        let id = at(entry, "id").as_str().unwrap_or_default();
        report.case(vec![fail(
            id,
            "fragile",
            &Value::Bool(false),
            &Value::Bool(true),
        )]);
    }
}

/// A JSON object's field, or null.
fn at<'v>(value: &'v Value, key: &str) -> &'v Value {
    value.get(key).unwrap_or(&Value::Null)
}
