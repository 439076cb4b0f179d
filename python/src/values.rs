//! Outcome values to Python objects: decimals as `decimal.Decimal`, dates as `datetime.date`,
//! keys and flags as `str` and `bool`. A register repeats its values (a few dozen distinct
//! points, bands and dates among a million rows), so each distinct value is made once and shared:
//! `Decimal` and `date` objects are immutable.

use std::collections::HashMap;

use needmatrix::jiff::civil::Date;
use needmatrix::rust_decimal::Decimal;
use needmatrix::{Outcome, OutcomeField};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// A `datetime.date`.
pub(crate) fn date(py: Python<'_>, d: Date) -> PyResult<Bound<'_, PyAny>> {
    py.import("datetime")?
        .getattr("date")?
        .call1((d.year(), d.month(), d.day()))
}

/// The Python objects made so far, by value.
pub(crate) struct Values<'py> {
    py: Python<'py>,
    date_class: Bound<'py, PyAny>,
    decimals: HashMap<Decimal, Bound<'py, PyAny>>,
    dates: HashMap<Date, Bound<'py, PyAny>>,
    keys: HashMap<String, Bound<'py, PyString>>,
}

impl<'py> Values<'py> {
    pub(crate) fn new(py: Python<'py>) -> PyResult<Self> {
        Ok(Values {
            py,
            date_class: py.import("datetime")?.getattr("date")?,
            decimals: HashMap::new(),
            dates: HashMap::new(),
            keys: HashMap::new(),
        })
    }

    /// A `decimal.Decimal` of the value, digits as they are (`17.50` stays `17.50`).
    pub(crate) fn decimal(&mut self, value: Decimal) -> PyResult<Bound<'py, PyAny>> {
        if let Some(d) = self.decimals.get(&value) {
            // Decimals equal in value may differ in places (`17.5`, `17.50`): keep the places.
            if d.str()?.to_cow()? == value.to_string() {
                return Ok(d.clone());
            }
            return value.into_pyobject(self.py).map(Bound::into_any);
        }
        let d = value.into_pyobject(self.py)?.into_any();
        self.decimals.insert(value, d.clone());
        Ok(d)
    }

    fn key(&mut self, text: &str) -> Bound<'py, PyString> {
        if let Some(s) = self.keys.get(text) {
            return s.clone();
        }
        let s = PyString::new(self.py, text);
        self.keys.insert(text.to_owned(), s.clone());
        s
    }

    fn date(&mut self, d: Date) -> PyResult<Bound<'py, PyAny>> {
        if let Some(obj) = self.dates.get(&d) {
            return Ok(obj.clone());
        }
        let obj = self.date_class.call1((d.year(), d.month(), d.day()))?;
        self.dates.insert(d, obj.clone());
        Ok(obj)
    }

    /// A field that is not a decimal: the id as a new `str`; area, bands, grade, matrix and
    /// fingerprint as shared `str` (the grade `None` when there is none); the deadline as a
    /// `date` or `None`; the flags as `bool`.
    pub(crate) fn field(
        &mut self,
        o: &Outcome,
        field: OutcomeField,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match field {
            OutcomeField::Id => PyString::new(py, o.id()).into_any(),
            OutcomeField::Area => self.key(o.area()).into_any(),
            OutcomeField::ThreatBand => self.key(o.threat_band()).into_any(),
            OutcomeField::NeedBand => self.key(o.need_band()).into_any(),
            OutcomeField::Grade => match o.grade() {
                Some(g) => self.key(g.as_str()).into_any(),
                None => py.None().into_bound(py),
            },
            OutcomeField::ActionDue => match o.action_due() {
                Some(d) => self.date(d)?,
                None => py.None().into_bound(py),
            },
            OutcomeField::HighRisk => pyo3::types::PyBool::new(py, o.high_risk())
                .to_owned()
                .into_any(),
            OutcomeField::HighNeed => pyo3::types::PyBool::new(py, o.high_need())
                .to_owned()
                .into_any(),
            _ => match o.field_text(field) {
                Some(text) => self.key(&text).into_any(),
                None => py.None().into_bound(py),
            },
        })
    }
}
