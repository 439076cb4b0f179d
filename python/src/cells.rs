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

use std::collections::HashMap;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

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

/// A column dictionary-encoded: its distinct cells' text once (entry 0 the missing value) and
/// each row's position among them. Equal texts of different Python values (`1` and `1.0`)
/// share an entry; a frame's column holds few distinct values, so each is read once.
pub(crate) struct Encoded {
    pub(crate) dictionary: Vec<Option<String>>,
    pub(crate) codes: Vec<u32>,
}

impl Encoded {
    pub(crate) fn of(list: &Bound<'_, PyList>) -> PyResult<Encoded> {
        let mut e = Encoded {
            dictionary: vec![None],
            codes: Vec::with_capacity(list.len()),
        };
        // `str` cells by value through a Python dict (their hash is cached, nothing is
        // copied); other cells by their text (so `True` and `1`, equal as dict keys, stay
        // apart), floats by their bits first.
        let strings = PyDict::new(list.py());
        let mut floats: HashMap<u64, u32> = HashMap::new();
        let mut texts: HashMap<Option<String>, u32> = HashMap::new();
        for cell in list.iter() {
            let code = if cell.is_none() {
                0
            } else if cell.is_exact_instance_of::<PyString>() {
                match strings.get_item(&cell)? {
                    Some(code) => code.extract()?,
                    None => {
                        let code = e.add(text_of(&cell)?)?;
                        strings.set_item(&cell, code)?;
                        code
                    }
                }
            } else if let Ok(f) = cell.cast::<PyFloat>() {
                let bits = f.value().to_bits();
                match floats.get(&bits) {
                    Some(code) => *code,
                    None => {
                        let code = e.add_text(&mut texts, text_of(&cell)?)?;
                        floats.insert(bits, code);
                        code
                    }
                }
            } else {
                e.add_text(&mut texts, text_of(&cell)?)?
            };
            e.codes.push(code);
        }
        Ok(e)
    }

    /// Each cell read in turn as its own dictionary entry (for a column of distinct values,
    /// such as the ids, where looking each up would only cost).
    pub(crate) fn each(list: &Bound<'_, PyList>) -> PyResult<Encoded> {
        let mut e = Encoded {
            dictionary: Vec::with_capacity(list.len() + 1),
            codes: Vec::with_capacity(list.len()),
        };
        e.dictionary.push(None);
        for cell in list.iter() {
            let code = e.add(text_of(&cell)?)?;
            e.codes.push(code);
        }
        Ok(e)
    }

    fn add(&mut self, text: Option<String>) -> PyResult<u32> {
        let code = u32::try_from(self.dictionary.len())
            .map_err(|_| pyo3::exceptions::PyValueError::new_err("too many distinct cells"))?;
        self.dictionary.push(text);
        Ok(code)
    }

    fn add_text(
        &mut self,
        texts: &mut HashMap<Option<String>, u32>,
        text: Option<String>,
    ) -> PyResult<u32> {
        if let Some(code) = texts.get(&text) {
            return Ok(*code);
        }
        let code = self.add(text.clone())?;
        texts.insert(text, code);
        Ok(code)
    }
}

/// Whether every cell of a free-text column is a `str` of at most
/// [`MAX_TEXT_CHARS`](needmatrix::MAX_TEXT_CHARS) characters or missing (`None`, a float NaN):
/// text the library would take as it is.
pub(crate) fn plain_text(list: &Bound<'_, PyList>) -> PyResult<bool> {
    for cell in list.iter() {
        let plain = if cell.is_none() {
            true
        } else if cell.is_exact_instance_of::<PyString>() {
            cell.len()? <= needmatrix::MAX_TEXT_CHARS
        } else if let Ok(f) = cell.cast::<PyFloat>() {
            f.value().is_nan()
        } else {
            false
        };
        if !plain {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One cell's text, `None` for an absent field.
pub(crate) fn text_of(cell: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
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
