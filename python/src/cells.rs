//! Python cells to the text a register cell holds: what a CSV cell of the same value would say.
//!
//! - `None`, a float NaN (pandas' and numpy's missing number) and an empty text: an absent field.
//! - A text as it is; a `bool` as `true` / `false`; an `int` in decimal.
//! - A `float` as the shortest decimal that reads back as the same float (as a workbook's
//!   number is read): `1.5` is `1.5`, and a residue such as `0.30000000000000004` stays as it is,
//!   to be refused for its places by SPEC §1, never rounded.
//! - A list or tuple (a `weighting` list column) as its items joined by `;`.
//! - A date, `datetime` or pandas `Timestamp` by its `isoformat()`, a midnight time dropped; any
//!   other time is kept and refused as a date. Anything else (a `Decimal`, a numpy scalar) by `str()`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Named columns of cells, owned, to be read by `Register::from_columns` without the GIL.
pub(crate) type Columns = Vec<(String, Vec<Option<String>>)>;

/// The cells of each column.
pub(crate) fn columns(names: Vec<String>, lists: &[Bound<'_, PyList>]) -> PyResult<Columns> {
    if names.len() != lists.len() {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "{} column names for {} columns",
            names.len(),
            lists.len()
        )));
    }
    names
        .into_iter()
        .zip(lists)
        .map(|(name, list)| {
            let cells = list
                .iter()
                .map(|cell| text_of(&cell))
                .collect::<PyResult<Vec<_>>>()?;
            Ok((name, cells))
        })
        .collect()
}

/// One cell's text, `None` for an absent field.
fn text_of(cell: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if cell.is_none() {
        return Ok(None);
    }
    if let Ok(s) = cell.cast::<PyString>() {
        let text = s.to_cow()?;
        return Ok((!text.is_empty()).then(|| text.into_owned()));
    }
    // A bool is an int in Python: ask first.
    if let Ok(b) = cell.cast::<PyBool>() {
        return Ok(Some(if b.is_true() { "true" } else { "false" }.to_owned()));
    }
    if cell.is_instance_of::<PyInt>() {
        return Ok(Some(cell.str()?.to_cow()?.into_owned()));
    }
    if let Ok(f) = cell.cast::<PyFloat>() {
        let value = f.value();
        // Rust writes an f64 as the shortest decimal that reads back as the same f64, and never
        // with an exponent.
        return Ok((!value.is_nan()).then(|| format!("{value}")));
    }
    if cell.is_instance_of::<PyList>() || cell.is_instance_of::<PyTuple>() {
        let mut keys = Vec::new();
        for item in cell.try_iter()? {
            if let Some(key) = text_of(&item?)? {
                keys.push(key);
            }
        }
        return Ok((!keys.is_empty()).then(|| keys.join(";")));
    }
    if cell.hasattr("isoformat")? {
        // pandas' NaT is a datetime whose isoformat is `NaT`: missing, as None.
        let text: String = cell.call_method0("isoformat")?.extract()?;
        if text == "NaT" {
            return Ok(None);
        }
        let date = text.strip_suffix("T00:00:00").unwrap_or(&text);
        return Ok(Some(date.to_owned()));
    }
    let text = cell.str()?.to_cow()?.into_owned();
    // A Decimal NaN, or pandas' NA, is missing too.
    Ok((!matches!(text.as_str(), "NaN" | "<NA>" | "nan")).then_some(text))
}
