//! Outcome values to Python objects: decimals as `decimal.Decimal` (or canonical text), dates
//! as `datetime.date`, keys as `str`, flags as `bool`. A register repeats its values (a few dozen
//! distinct points, bands and dates among a million rows), so a scored column goes back
//! dictionary-encoded: each distinct value made once, and each row's position among them, for
//! the frame library to expand (`Decimal` and `date` objects are immutable, so sharing is safe).

use rustc_hash::FxHashMap;

use needmatrix::jiff::civil::Date;
use needmatrix::rust_decimal::Decimal;
use needmatrix::{Outcome, OutcomeField};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

/// A `datetime.date`.
pub(crate) fn date(py: Python<'_>, d: Date) -> PyResult<Bound<'_, PyAny>> {
    py.import("datetime")?
        .getattr("date")?
        .call1((d.year(), d.month(), d.day()))
}

/// A decimal as a Python object: a `decimal.Decimal`, digits as they are (`17.50` stays
/// `17.50`), or its canonical text.
pub(crate) fn decimal(py: Python<'_>, value: Decimal, as_text: bool) -> PyResult<Bound<'_, PyAny>> {
    if as_text {
        Ok(PyString::new(py, &needmatrix::Points::new(value).to_string()).into_any())
    } else {
        Ok(value.into_pyobject(py)?.into_any())
    }
}

/// A field that is not a decimal: area, bands and grade as `str` (the grade `None` when there is
/// none), the deadline as a `date` or `None`, the flags as `bool`, anything else by its text.
pub(crate) fn field<'py>(
    py: Python<'py>,
    o: &Outcome,
    field: OutcomeField,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match field {
        OutcomeField::ActionDue => match o.action_due() {
            Some(d) => date(py, d)?,
            None => py.None().into_bound(py),
        },
        OutcomeField::HighRisk => PyBool::new(py, o.high_risk()).to_owned().into_any(),
        OutcomeField::HighNeed => PyBool::new(py, o.high_need()).to_owned().into_any(),
        _ => match o.field_text(field) {
            Some(text) => PyString::new(py, &text).into_any(),
            None => py.None().into_bound(py),
        },
    })
}

/// What identifies a value of a field: two outcomes with the same key have the same value.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    /// Mantissa and scale: `17.5` and `17.50` are equal decimals, written differently.
    Decimal(i128, u32),
    /// A position in the matrix (area, band), a grade, a flag.
    Position(usize),
    Date(Option<Date>),
}

/// The key of an outcome's field.
fn key(o: &Outcome, field: OutcomeField) -> Key {
    if field.is_decimal() {
        let d = crate::decimal_of(o, field);
        return Key::Decimal(d.mantissa(), d.scale());
    }
    Key::Position(match field {
        OutcomeField::Area => o.area_position(),
        OutcomeField::ThreatBand => o.threat_band_position(),
        OutcomeField::NeedBand => o.need_band_position(),
        OutcomeField::Grade => o
            .grade()
            .and_then(|g| needmatrix::Grade::ALL.iter().position(|x| *x == g))
            .map_or(0, |p| p + 1),
        OutcomeField::HighRisk => usize::from(o.high_risk()),
        OutcomeField::HighNeed => usize::from(o.high_need()),
        OutcomeField::ActionDue => return Key::Date(o.action_due()),
        // Id, matrix and fingerprint are not encoded.
        _ => 0,
    })
}

/// One scored column, dictionary-encoded.
pub(crate) struct Column<'py> {
    pub(crate) field: OutcomeField,
    pub(crate) values: Vec<Bound<'py, PyAny>>,
    pub(crate) codes: Vec<u8>,
    /// A fast hash: the keys are the crate's own values, not input an attacker chooses.
    index: FxHashMap<Key, u32>,
}

impl<'py> Column<'py> {
    pub(crate) fn new(field: OutcomeField, rows: usize) -> Self {
        Column {
            field,
            values: Vec::new(),
            codes: Vec::with_capacity(rows * 4),
            index: FxHashMap::default(),
        }
    }

    /// Adds an outcome's value, made as a Python object the first time it is seen.
    pub(crate) fn push(&mut self, py: Python<'py>, o: &Outcome, as_text: bool) -> PyResult<()> {
        let key = key(o, self.field);
        let code = match self.index.get(&key) {
            Some(code) => *code,
            None => {
                let value = if self.field.is_decimal() {
                    decimal(py, crate::decimal_of(o, self.field), as_text)?
                } else {
                    field(py, o, self.field)?
                };
                let code = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
                self.values.push(value);
                self.index.insert(key, code);
                code
            }
        };
        self.codes.extend_from_slice(&code.to_le_bytes());
        Ok(())
    }
}
