//! The matrix crosswalk (SPEC §14) reached from Python: read against two matrices, linted, and a
//! frame's columns translated to the second matrix's (as text cells a register reads), so that
//! the frame is then scored as any register of that matrix is.

use std::path::PathBuf;

use needmatrix::Assessment;
use needmatrix::crosswalk::Crosswalk;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::to_py;
use crate::{FREE_TEXT, PyMatrix};

/// A validated crosswalk from one matrix to another.
#[pyclass(frozen, module = "needmatrix._native", name = "Crosswalk")]
pub(crate) struct PyCrosswalk {
    crosswalk: Crosswalk,
}

/// One translated column: its name and its cells (`None` for an absent field).
type TextColumn = (String, Vec<Option<String>>);

#[pymethods]
impl PyCrosswalk {
    /// A crosswalk file (`.json` or `.toml`), checked against the two matrices.
    #[staticmethod]
    fn from_path(
        py: Python<'_>,
        path: PathBuf,
        from_matrix: &PyMatrix,
        to_matrix: &PyMatrix,
    ) -> PyResult<Self> {
        py.detach(|| Crosswalk::from_path(&path, &from_matrix.matrix, &to_matrix.matrix))
            .map(|crosswalk| PyCrosswalk { crosswalk })
            .map_err(to_py)
    }

    /// A crosswalk from JSON text, checked against the two matrices.
    #[staticmethod]
    fn from_json(text: &str, from_matrix: &PyMatrix, to_matrix: &PyMatrix) -> PyResult<Self> {
        Crosswalk::from_json_str(text, &from_matrix.matrix, &to_matrix.matrix)
            .map(|crosswalk| PyCrosswalk { crosswalk })
            .map_err(to_py)
    }

    /// The crosswalk from a matrix to itself.
    #[staticmethod]
    fn identity(matrix: &PyMatrix) -> Self {
        PyCrosswalk {
            crosswalk: Crosswalk::identity(&matrix.matrix),
        }
    }

    #[getter(from_matrix)]
    fn source(&self) -> PyMatrix {
        PyMatrix::new(self.crosswalk.from_matrix().clone())
    }

    #[getter(to_matrix)]
    fn target(&self) -> PyMatrix {
        PyMatrix::new(self.crosswalk.to_matrix().clone())
    }

    /// The canonical crosswalk file, as JSON.
    fn to_json(&self) -> String {
        self.crosswalk.to_json()
    }

    /// `order_reversed` warnings (SPEC §14), as dicts like `Matrix.lint`'s.
    fn lint<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        crate::warnings(py, &needmatrix::lint::lint_crosswalk(&self.crosswalk))
    }

    /// A register frame of the first matrix, given as named columns of Python cells, translated
    /// whole (refused whole if a record is refused): the register columns of the second matrix,
    /// each a list of text cells.
    fn _translate_columns(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        columns: Vec<Bound<'_, PyList>>,
    ) -> PyResult<Vec<TextColumn>> {
        let from = PyMatrix::new(self.crosswalk.from_matrix().clone());
        let register = from.register(py, names, &columns)?;
        let translated = py
            .detach(|| register.translate(&self.crosswalk))
            .map_err(to_py)?;
        Ok(text_columns(&self.crosswalk, translated.assessments()))
    }
}

/// The assessments as register columns of the crosswalk's second matrix, every cell as a
/// register reads it (`weighting` joined by `;`, points canonical, flags `true`/`false`).
fn text_columns(crosswalk: &Crosswalk, assessments: &[Assessment]) -> Vec<TextColumn> {
    let kinds: Vec<&str> = crosswalk
        .to_matrix()
        .ameliorative()
        .iter()
        .map(needmatrix::AmeliorativeKind::key)
        .collect();
    let mut names: Vec<String> = [
        "id",
        "area",
        "impact",
        "probability",
        "weighting",
        "capability",
        "capacity",
        "measure_in_place",
        "assessed_on",
        "lead_high_risk",
    ]
    .iter()
    .map(|n| (*n).to_owned())
    .collect();
    names.extend(kinds.iter().map(|k| format!("ameliorative.{k}")));
    names.extend(FREE_TEXT.iter().map(|n| (*n).to_owned()));
    let flag = |b: bool| if b { "true" } else { "false" }.to_owned();
    let mut out: Vec<TextColumn> = names
        .into_iter()
        .map(|n| (n, Vec::with_capacity(assessments.len())))
        .collect();
    for a in assessments {
        let mut cells: Vec<Option<String>> = vec![
            Some(a.id().to_owned()),
            Some(a.area().to_owned()),
            Some(a.impact().to_owned()),
            Some(a.probability().to_owned()),
            Some(a.weighting().join(";")),
            Some(a.capability().to_owned()),
            Some(a.capacity().to_owned()),
            Some(flag(a.measure_in_place())),
            a.assessed_on().map(|d| d.to_string()),
            a.lead_high_risk().map(flag),
        ];
        cells.extend(kinds.iter().map(|k| {
            a.ameliorative()
                .iter()
                .find(|(kind, _)| kind == k)
                .map(|(_, p)| p.to_string())
        }));
        cells.extend(
            [
                a.description(),
                a.standard(),
                a.action(),
                a.owner(),
                a.manager(),
                a.confidence(),
            ]
            .map(|t| t.map(ToOwned::to_owned)),
        );
        for ((_, column), cell) in out.iter_mut().zip(cells) {
            column.push(cell);
        }
    }
    out
}
