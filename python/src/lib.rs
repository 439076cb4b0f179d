//! The extension module behind the Python package `needmatrix`: the library's matrices, scoring,
//! lint, heat map and vectors, reached from Python. No scoring logic lives here: a frame's
//! columns are handed to [`Register::from_columns`] and scored by
//! [`Register::into_scored_bulk`]; this module only converts cells in and values out.

#![forbid(unsafe_code)]

mod cells;
mod errors;
mod values;

use std::path::PathBuf;
use std::sync::OnceLock;

use needmatrix::bulk::Scorer;
use needmatrix::rust_decimal::Decimal;
use needmatrix::{Matrix, Outcome, OutcomeField, Register};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use errors::{Error, to_py};
use values::Values;

/// The notes a scored register carries after the outcome fields, as in the scored CSV.
const NOTES: [&str; 5] = ["description", "standard", "action", "owner", "manager"];

/// A validated, fingerprinted matrix, and the compiled scorer made from it on first use.
#[pyclass(frozen, module = "needmatrix._native", name = "Matrix")]
struct PyMatrix {
    matrix: Matrix,
    scorer: OnceLock<Scorer>,
}

impl PyMatrix {
    fn new(matrix: Matrix) -> Self {
        PyMatrix {
            matrix,
            scorer: OnceLock::new(),
        }
    }

    fn scorer(&self) -> needmatrix::Result<&Scorer> {
        if let Some(s) = self.scorer.get() {
            return Ok(s);
        }
        let scorer = Scorer::new(&self.matrix)?;
        Ok(self.scorer.get_or_init(|| scorer))
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
        needmatrix::lint::lint(&self.matrix)
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
                Ok(d)
            })
            .collect()
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

    /// Scores a register given as named columns (lists of cells) through the bulk scorer, and
    /// returns the scored register's columns in priority order: `(names, lists, scales)`, the
    /// scale of each column of decimals (its most decimal places) or `None`.
    #[allow(clippy::type_complexity)]
    fn _score_columns<'py>(
        &self,
        py: Python<'py>,
        names: Vec<String>,
        columns: Vec<Bound<'py, PyList>>,
        numbers_as_text: bool,
        threads: usize,
    ) -> PyResult<(Vec<String>, Vec<Bound<'py, PyList>>, Vec<Option<u32>>)> {
        let register = self.register(py, names, &columns)?;
        let scorer = self.scorer().map_err(to_py)?;
        let scored = py
            .detach(|| register.into_scored_bulk(scorer, threads.max(1)))
            .map_err(to_py)?;
        let fields: Vec<OutcomeField> = OutcomeField::ALL
            .iter()
            .copied()
            .filter(|f| !f.names_matrix())
            .collect();
        let entries = scored.entries();
        let mut values = Values::new(py)?;
        let mut out_names = vec!["priority".to_owned()];
        let mut lists = vec![PyList::new(py, 1..entries.len() + 1)?];
        let mut scales = vec![None];
        for &field in &fields {
            out_names.push(field.as_str().to_owned());
            let list = PyList::empty(py);
            let mut scale = 0;
            for e in entries {
                let o = e.outcome();
                if field.is_decimal() {
                    let points = decimal_of(o, field);
                    scale = scale.max(points.scale());
                    if numbers_as_text {
                        list.append(o.field_text(field))?;
                    } else {
                        list.append(values.decimal(points)?)?;
                    }
                } else {
                    list.append(values.field(o, field)?)?;
                }
            }
            scales.push((field.is_decimal() && !numbers_as_text).then_some(scale));
            lists.push(list);
        }
        for (n, name) in NOTES.iter().enumerate() {
            out_names.push((*name).to_owned());
            let list = PyList::empty(py);
            for e in entries {
                list.append(note(e.assessment(), n))?;
            }
            scales.push(None);
            lists.push(list);
        }
        Ok((out_names, lists, scales))
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

/// The `n`-th note of an assessment, in the order of [`NOTES`].
fn note(a: &needmatrix::Assessment, n: usize) -> Option<&str> {
    match n {
        0 => a.description(),
        1 => a.standard(),
        2 => a.action(),
        3 => a.owner(),
        _ => a.manager(),
    }
}

/// A decimal field of an outcome.
fn decimal_of(o: &Outcome, field: OutcomeField) -> Decimal {
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
        let mut values = Values::new(py)?;
        let d = PyDict::new(py);
        for &field in OutcomeField::ALL {
            if field.is_decimal() {
                d.set_item(
                    field.as_str(),
                    values.decimal(decimal_of(&self.outcome, field))?,
                )?;
            } else {
                d.set_item(field.as_str(), values.field(&self.outcome, field)?)?;
            }
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
    m.add("Error", m.py().get_type::<Error>())?;
    m.add_function(wrap_pyfunction!(_run_vectors, m)?)?;
    m.add_function(wrap_pyfunction!(_emit_vectors, m)?)?;
    m.add_function(wrap_pyfunction!(_emit_vectors_path, m)?)?;
    m.add("MAX_LISTED_FAULTS", needmatrix::MAX_LISTED_FAULTS)?;
    Ok(())
}
