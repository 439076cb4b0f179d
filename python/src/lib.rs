//! The extension module behind the Python package `needmatrix`: the library's matrices, scoring,
//! lint, heat map and vectors, reached from Python. No scoring logic lives here: a frame's
//! columns are dictionary-encoded and handed to [`ScoredStream::from_columns`] (the library's
//! fast path for frames, with its careful reader behind it); this module only converts cells in
//! and values out.

#![forbid(unsafe_code)]

mod cells;
mod crosswalk;
mod errors;
mod values;

use std::path::PathBuf;

use needmatrix::rust_decimal::Decimal;
use needmatrix::stream::{EncodedColumn, ScoredStream};
use needmatrix::{Matrix, Outcome, OutcomeField, Register};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use errors::{Error, to_py};

/// The notes a scored register carries after the outcome fields, as in the scored CSV.
const NOTES: [&str; 5] = ["description", "standard", "action", "owner", "manager"];

/// The free-text fields of an assessment (SPEC §3): the notes and `confidence`. Only their
/// length is checked.
const FREE_TEXT: [&str; 6] = [
    NOTES[0],
    NOTES[1],
    NOTES[2],
    NOTES[3],
    NOTES[4],
    "confidence",
];

/// A validated, fingerprinted matrix.
#[pyclass(frozen, module = "needmatrix._native", name = "Matrix")]
struct PyMatrix {
    matrix: Matrix,
}

impl PyMatrix {
    fn new(matrix: Matrix) -> Self {
        PyMatrix { matrix }
    }

    /// A register read from named columns of Python cells.
    fn register(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        columns: &[Bound<'_, PyList>],
    ) -> PyResult<Register> {
        let columns = cells::columns(names, columns)?;
        py.detach(|| Register::from_columns(&self.matrix, columns))
            .map_err(to_py)
    }
}

#[pymethods]
impl PyMatrix {
    /// The built-in reference matrix.
    #[staticmethod]
    fn reference() -> Self {
        PyMatrix::new(Matrix::reference().clone())
    }

    /// A matrix file (`.json` or `.toml`), validated.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        py.detach(|| Matrix::from_path(&path))
            .map(PyMatrix::new)
            .map_err(to_py)
    }

    /// A matrix from JSON text, validated.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Matrix::from_json_str(text)
            .map(PyMatrix::new)
            .map_err(to_py)
    }

    /// A matrix from TOML text, validated.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        Matrix::from_toml_str(text)
            .map(PyMatrix::new)
            .map_err(to_py)
    }

    #[getter]
    fn id(&self) -> &str {
        self.matrix.id()
    }

    #[getter]
    fn version(&self) -> &str {
        self.matrix.version()
    }

    #[getter]
    fn label(&self) -> &str {
        self.matrix.label()
    }

    #[getter]
    fn title(&self) -> Option<&str> {
        self.matrix.title()
    }

    #[getter]
    fn fingerprint(&self) -> &str {
        self.matrix.fingerprint()
    }

    /// The matrix in canonical JSON (SPEC §1).
    fn to_json(&self) -> String {
        self.matrix.to_canonical_json()
    }

    /// The lint warnings, each a dict of `code`, `message`, `cells` and `bands`.
    fn lint<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        warnings(py, &needmatrix::lint::lint(&self.matrix))
    }

    /// Scores one assessment given as one-row columns, with its explanation.
    fn _score_row(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        columns: Vec<Bound<'_, PyList>>,
    ) -> PyResult<PyOutcome> {
        let register = self.register(py, names, &columns)?;
        let Some(a) = register.assessments().first() else {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "no assessment given",
            ));
        };
        self.matrix
            .score_explained(a)
            .map(|outcome| PyOutcome { outcome })
            .map_err(to_py)
    }

    /// Refuses a frame before any of its columns is converted: a repeated column (free text
    /// included, which the scored frame takes from the input itself) and more rows than a
    /// register holds, each with the library's code and the column or record named.
    fn _check_frame(&self, names: Vec<String>, rows: usize) -> PyResult<()> {
        check_frame(&self.matrix, &names, rows)
    }

    /// Scores a register given as named columns (lists of cells) on the library's fast path
    /// for frames (dictionary-encoded columns; the careful reader behind it).
    ///
    /// Returns `(fields, columns, ids, positions, recomputed)` in priority order: the outcome
    /// fields but the id, each as `(values, codes)` (its distinct values once and, as
    /// little-endian `u32`, each row's position among them); the ids; each scored row's
    /// position in the input (for the caller to carry the input's own columns, such as the
    /// inputs and the notes, along); and, for a scored frame given back whose derived columns
    /// differ from what its inputs give now, what was recomputed (else `None`).
    #[allow(clippy::type_complexity)]
    fn _score_columns<'py>(
        &self,
        py: Python<'py>,
        names: Vec<String>,
        columns: Vec<Option<Bound<'py, PyList>>>,
        numbers_as_text: bool,
        threads: usize,
    ) -> PyResult<(
        Vec<&'static str>,
        Vec<(Bound<'py, PyList>, Bound<'py, PyBytes>)>,
        Bound<'py, PyList>,
        Vec<usize>,
        Option<String>,
    )> {
        if names.len() != columns.len() {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "one name for each column",
            ));
        }
        check_frame(&self.matrix, &names, 0)?;
        let mut given: Vec<(&str, cells::Encoded)> = Vec::with_capacity(names.len());
        for (name, list) in names.iter().zip(&columns) {
            // A free-text column already checked by the caller.
            let Some(list) = list else {
                if FREE_TEXT.contains(&name.as_str()) {
                    continue;
                }
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "column `{name}` was not handed over"
                )));
            };
            let encoded = match name.as_str() {
                // Unique to each row: read in turn, not looked up.
                "id" => cells::Encoded::each(list)?,
                // Free text the scored frame takes from the input itself: the library needs it
                // only to check its length, so plain text within the limit is not handed over.
                n if FREE_TEXT.contains(&n) && cells::plain_text(list)? => continue,
                _ => cells::Encoded::of(list)?,
            };
            given.push((name, encoded));
        }
        let scored = py
            .detach(|| {
                let dictionaries: Vec<Vec<Option<&str>>> = given
                    .iter()
                    .map(|(_, e)| e.dictionary.iter().map(Option::as_deref).collect())
                    .collect();
                let columns: Vec<EncodedColumn<'_>> = given
                    .iter()
                    .zip(&dictionaries)
                    .map(|((name, e), d)| EncodedColumn::new(name, d, &e.codes))
                    .collect();
                ScoredStream::from_columns(&self.matrix, &columns, threads.max(1))
            })
            .map_err(to_py)?;
        // The ids as the input gave them: the same `str` objects, or the text of other values.
        let id_column = names
            .iter()
            .position(|n| n == "id")
            .and_then(|i| columns.get(i)?.as_ref())
            .zip(given.iter().find(|(n, _)| *n == "id").map(|(_, e)| e));
        let mut out: Vec<values::Column<'py>> = OutcomeField::ALL
            .iter()
            .filter(|f| !f.names_matrix() && **f != OutcomeField::Id)
            .map(|&f| values::Column::new(f, scored.len()))
            .collect();
        let mut ids = Vec::with_capacity(scored.len());
        let positions: Vec<usize> = scored.positions().collect();
        for (&position, o) in positions.iter().zip(scored.outcomes()) {
            let id = id_column.and_then(|c| own_cell(c, position));
            ids.push(match id {
                Some(id) => id,
                None => PyString::new(py, o.id()).into_any(),
            });
            for column in &mut out {
                column.push(py, &o, numbers_as_text)?;
            }
        }
        let fields = out.iter().map(|c| c.field.as_str()).collect();
        let encoded = out
            .into_iter()
            .map(|c| Ok((PyList::new(py, c.values)?, PyBytes::new(py, &c.codes))))
            .collect::<PyResult<Vec<_>>>()?;
        let recomputed = scored.recomputed();
        let recomputed = (!recomputed.is_consistent()).then(|| recomputed.to_string());
        Ok((
            fields,
            encoded,
            PyList::new(py, ids)?,
            positions,
            recomputed,
        ))
    }

    /// The columns of a scored register of this matrix, in order, as the crate's scored CSV
    /// names them.
    fn _scored_header(&self) -> Vec<String> {
        needmatrix::report::scored_header(&self.matrix)
    }

    /// The heat map of a register given as named columns, as SVG, with the count in each cell.
    fn _heatmap_columns(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        columns: Vec<Bound<'_, PyList>>,
    ) -> PyResult<(String, usize)> {
        let register = self.register(py, names, &columns)?;
        let map =
            needmatrix::heatmap::HeatMap::of_register(&register, &self.matrix).map_err(to_py)?;
        Ok((map.to_svg(), map.total()))
    }

    /// The one-notch test (SPEC §13) of a register given as named columns: the report's JSON
    /// text, and one row per change (`priority`, `id`, `grade`, `high_need`, `field`, `to`,
    /// `need`, `new_grade`, `new_high_need`; grades `None` for none, `need` canonical text).
    #[allow(clippy::type_complexity)]
    fn _robustness_columns(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        columns: Vec<Bound<'_, PyList>>,
    ) -> PyResult<(
        String,
        Vec<(
            usize,
            String,
            Option<&'static str>,
            bool,
            &'static str,
            String,
            String,
            Option<&'static str>,
            bool,
        )>,
    )> {
        let register = self.register(py, names, &columns)?;
        let report = py
            .detach(|| needmatrix::robustness::Robustness::of_register(&register, &self.matrix))
            .map_err(to_py)?;
        let mut rows = Vec::new();
        for (priority, e, c) in report.changes() {
            rows.push((
                priority,
                e.id().to_owned(),
                e.grade().map(needmatrix::Grade::as_str),
                e.high_need(),
                c.field.as_str(),
                c.to.clone(),
                c.need.to_string(),
                c.grade.map(needmatrix::Grade::as_str),
                c.high_need,
            ));
        }
        Ok((report.to_json(), rows))
    }

    fn __repr__(&self) -> String {
        format!(
            "Matrix(id={:?}, version={:?}, fingerprint={:?})",
            self.matrix.id(),
            self.matrix.version(),
            self.matrix.fingerprint()
        )
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.matrix.fingerprint() == other.matrix.fingerprint()
    }

    fn __hash__(&self) -> u64 {
        let hex = self.matrix.fingerprint().get(..16).unwrap_or_default();
        u64::from_str_radix(hex, 16).unwrap_or_default()
    }
}

/// Row `row`'s cell of an input column as the output repeats it: the input's own `str`
/// object, the text read from any other value, or `None` for a missing one.
fn own_cell<'py>(
    (list, encoded): (&Bound<'py, PyList>, &cells::Encoded),
    row: usize,
) -> Option<Bound<'py, PyAny>> {
    let cell = list.get_item(row).ok()?;
    let text = encoded
        .codes
        .get(row)
        .and_then(|&code| encoded.dictionary.get(code as usize))?
        .as_deref()?;
    if cell.is_exact_instance_of::<pyo3::types::PyString>() {
        Some(cell)
    } else {
        Some(pyo3::types::PyString::new(list.py(), text).into_any())
    }
}

/// A decimal field of an outcome.
pub(crate) fn decimal_of(o: &Outcome, field: OutcomeField) -> Decimal {
    let points = match field {
        OutcomeField::Risk => o.risk(),
        OutcomeField::Comparator => o.comparator(),
        OutcomeField::Mitigation => o.mitigation(),
        OutcomeField::Threat => o.threat(),
        OutcomeField::Ability => o.ability(),
        OutcomeField::Gap => o.gap(),
        OutcomeField::Need => o.need(),
        _ => o.surplus(),
    };
    points.value()
}

/// One scored assessment: its values, and the explanation of every step.
#[pyclass(frozen, module = "needmatrix._native", name = "Outcome")]
struct PyOutcome {
    outcome: Outcome,
}

#[pymethods]
impl PyOutcome {
    #[getter]
    fn id(&self) -> &str {
        self.outcome.id()
    }
    #[getter]
    fn area(&self) -> &str {
        self.outcome.area()
    }
    #[getter]
    fn risk(&self) -> Decimal {
        self.outcome.risk().value()
    }
    #[getter]
    fn comparator(&self) -> Decimal {
        self.outcome.comparator().value()
    }
    #[getter]
    fn mitigation(&self) -> Decimal {
        self.outcome.mitigation().value()
    }
    #[getter]
    fn threat(&self) -> Decimal {
        self.outcome.threat().value()
    }
    #[getter]
    fn ability(&self) -> Decimal {
        self.outcome.ability().value()
    }
    #[getter]
    fn gap(&self) -> Decimal {
        self.outcome.gap().value()
    }
    #[getter]
    fn need(&self) -> Decimal {
        self.outcome.need().value()
    }
    #[getter]
    fn surplus(&self) -> Decimal {
        self.outcome.surplus().value()
    }
    #[getter]
    fn threat_band(&self) -> &str {
        self.outcome.threat_band()
    }
    #[getter]
    fn need_band(&self) -> &str {
        self.outcome.need_band()
    }
    #[getter]
    fn grade(&self) -> Option<&'static str> {
        self.outcome.grade().map(|g| g.as_str())
    }
    #[getter]
    fn action_due<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.outcome
            .action_due()
            .map(|d| values::date(py, d))
            .transpose()
    }
    #[getter]
    fn high_risk(&self) -> bool {
        self.outcome.high_risk()
    }
    #[getter]
    fn high_need(&self) -> bool {
        self.outcome.high_need()
    }
    #[getter]
    fn matrix(&self) -> String {
        self.outcome.matrix().label().to_owned()
    }
    #[getter]
    fn fingerprint(&self) -> &str {
        self.outcome.matrix().fingerprint()
    }

    /// The explanation, one line per step.
    fn explain(&self) -> String {
        self.outcome
            .explanation()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// The outcome's fields as a dict (SPEC §3 names), numbers as `Decimal`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for &field in OutcomeField::ALL {
            let value = if field.is_decimal() {
                values::decimal(py, decimal_of(&self.outcome, field), false)?
            } else {
                values::field(py, &self.outcome, field)?
            };
            d.set_item(field.as_str(), value)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Outcome(id={:?}, need={}, need_band={:?}, grade={}, high_need={})",
            self.outcome.id(),
            self.outcome.need(),
            self.outcome.need_band(),
            self.outcome
                .grade()
                .map_or_else(|| "None".to_owned(), |g| format!("{:?}", g.as_str())),
            if self.outcome.high_need() {
                "True"
            } else {
                "False"
            },
        )
    }
}

/// Runs the vector files at `path` (a file, or a folder walked for `.json` files).
#[pyfunction]
fn _run_vectors<'py>(py: Python<'py>, path: PathBuf) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let files = py
        .detach(|| needmatrix::vectors::collect_files(&[path]))
        .map_err(to_py)?;
    let reports = py.detach(|| {
        files
            .iter()
            .map(|f| needmatrix::vectors::run_path(f))
            .collect::<Vec<_>>()
    });
    reports
        .iter()
        .map(|r| {
            let d = PyDict::new(py);
            d.set_item("file", r.file())?;
            d.set_item("passed", r.passed())?;
            d.set_item("failed", r.failed())?;
            d.set_item("unreadable", r.unreadable())?;
            let failures = r
                .failures()
                .iter()
                .map(|f| {
                    let fd = PyDict::new(py);
                    fd.set_item("case", &f.case)?;
                    fd.set_item("field", &f.field)?;
                    fd.set_item("expected", &f.expected)?;
                    fd.set_item("actual", &f.actual)?;
                    fd.set_item("message", f.to_string())?;
                    Ok(fd)
                })
                .collect::<PyResult<Vec<_>>>()?;
            d.set_item("failures", failures)?;
            Ok(d)
        })
        .collect()
}

/// A vector file of the crate's own outcomes for the inputs (each a JSON text of one assessment
/// object) over the matrix, as JSON text.
#[pyfunction]
#[pyo3(signature = (matrix, inputs, description=None))]
fn _emit_vectors(
    matrix: &PyMatrix,
    inputs: Vec<String>,
    description: Option<&str>,
) -> PyResult<String> {
    let inputs = inputs
        .iter()
        .map(|text| needmatrix::vectors::VectorInput::from_json_str(text))
        .collect::<needmatrix::Result<Vec<_>>>()
        .map_err(to_py)?;
    Ok(needmatrix::vectors::emit(&matrix.matrix, &inputs, description).to_json() + "\n")
}

/// A vector file of the crate's own outcomes for the inputs read from a file (a JSON array of
/// assessment objects, or JSON Lines for `.jsonl`), kept as written.
#[pyfunction]
#[pyo3(signature = (matrix, path, description=None))]
fn _emit_vectors_path(
    py: Python<'_>,
    matrix: &PyMatrix,
    path: PathBuf,
    description: Option<&str>,
) -> PyResult<String> {
    let inputs = py
        .detach(|| needmatrix::vectors::read_inputs(&path))
        .map_err(to_py)?;
    Ok(needmatrix::vectors::emit(&matrix.matrix, &inputs, description).to_json() + "\n")
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMatrix>()?;
    m.add_class::<PyOutcome>()?;
    m.add_class::<crosswalk::PyCrosswalk>()?;
    m.add("Error", m.py().get_type::<Error>())?;
    m.add_function(wrap_pyfunction!(_run_vectors, m)?)?;
    m.add_function(wrap_pyfunction!(_emit_vectors, m)?)?;
    m.add_function(wrap_pyfunction!(_emit_vectors_path, m)?)?;
    m.add("MAX_LISTED_FAULTS", needmatrix::MAX_LISTED_FAULTS)?;
    m.add("MAX_TEXT_CHARS", needmatrix::MAX_TEXT_CHARS)?;
    m.add("MAX_REGISTER_ROWS", needmatrix::MAX_REGISTER_ROWS)?;
    m.add(
        "ROBUSTNESS_COLUMNS",
        needmatrix::robustness::CHANGE_COLUMNS.to_vec(),
    )?;
    m.add("NOTES", NOTES.to_vec())?;
    m.add("FREE_TEXT", FREE_TEXT.to_vec())?;
    let decimals: Vec<&str> = OutcomeField::ALL
        .iter()
        .filter(|f| f.is_decimal())
        .map(|f| f.as_str())
        .collect();
    m.add("DECIMAL_FIELDS", decimals)?;
    Ok(())
}

/// The checks of `Matrix._check_frame`, by the library's own column reader: the names read as a
/// header (`parse` for a repeated or unknown column), and a length past
/// `MAX_REGISTER_ROWS` refused from the length alone (`out_of_range`), no cell read.
/// Lint warnings as dicts of `code`, `message`, `cells` (dicts of `impact` and `probability`),
/// `bands` and `levels`.
fn warnings<'py>(
    py: Python<'py>,
    warnings: &[needmatrix::lint::Warning],
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    warnings
        .iter()
        .map(|w| {
            let d = PyDict::new(py);
            d.set_item("code", w.code().as_str())?;
            d.set_item("message", w.message())?;
            let cells = w
                .cells()
                .iter()
                .map(|c| {
                    let cell = PyDict::new(py);
                    cell.set_item("impact", &c.impact)?;
                    cell.set_item("probability", &c.probability)?;
                    Ok(cell)
                })
                .collect::<PyResult<Vec<_>>>()?;
            d.set_item("cells", cells)?;
            d.set_item("bands", w.bands())?;
            d.set_item("levels", w.levels())?;
            Ok(d)
        })
        .collect()
}

fn check_frame(matrix: &needmatrix::Matrix, names: &[String], rows: usize) -> PyResult<()> {
    let rows = if rows > needmatrix::MAX_REGISTER_ROWS {
        rows
    } else {
        0
    };
    let columns = names
        .iter()
        .map(|name| (name.as_str(), std::iter::repeat_n(None::<&str>, rows)));
    match needmatrix::Register::from_columns(matrix, columns) {
        Ok(_) => Ok(()),
        Err(e) => Err(to_py(e)),
    }
}
