//! Outcomes read back from files (SPEC §3 JSON or TOML) and checked against a matrix.

use super::compute::Values;
use super::outcome::Outcome;
use crate::error::{Error, Location, Result};
use crate::matrix::{Grade, Matrix};
use crate::points::Points;

/// An outcome as a file holds it (SPEC §3 JSON), before its keys are checked against a matrix.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutcomeRecord {
    id: String,
    area: String,
    risk: Points,
    comparator: Points,
    mitigation: Points,
    threat: Points,
    ability: Points,
    gap: Points,
    need: Points,
    surplus: Points,
    threat_band: String,
    need_band: String,
    #[serde(default)]
    grade: Option<Grade>,
    #[serde(default)]
    action_due: Option<String>,
    high_risk: bool,
    high_need: bool,
    #[serde(default)]
    matrix: Option<String>,
    #[serde(default)]
    fingerprint: Option<String>,
}

impl OutcomeRecord {
    /// Checks the record against `matrix`: its keys must exist and any matrix it names must be
    /// this one.
    pub(crate) fn into_outcome(self, matrix: &Matrix) -> Result<Outcome> {
        let record = self.id.clone();
        let located = |e: Error| e.map_location(|at| at.with_record(record.as_str()));
        crate::assessment::check_id(&self.id).map_err(located)?;
        for (named, field, ours) in [
            (&self.matrix, "matrix", matrix.label()),
            (&self.fingerprint, "fingerprint", matrix.fingerprint()),
        ] {
            if let Some(named) = named
                && named != ours
            {
                return Err(located(Error::from(crate::error::Fault::MatrixMismatch {
                    at: Location::field(field),
                    expected: ours.to_owned(),
                    found: named.clone(),
                })));
            }
        }
        let area = matrix.area_position(&self.area).ok_or_else(|| {
            located(Error::from(crate::error::Fault::UnknownArea {
                at: Location::field("area"),
                value: self.area.clone(),
            }))
        })?;
        let band = |bands: &[crate::matrix::Band], key: &str, field: &str| {
            bands.iter().position(|b| b.key() == key).ok_or_else(|| {
                located(Error::from(crate::error::Fault::UnknownBand {
                    at: Location::field(field),
                    value: key.to_owned(),
                }))
            })
        };
        let threat_band = band(matrix.threat_bands(), &self.threat_band, "threat_band")?;
        let need_band = band(matrix.need_bands(), &self.need_band, "need_band")?;
        let action_due = self
            .action_due
            .as_deref()
            .map(|d| {
                crate::assessment::parse_date(d)
                    .map_err(|e| located(e.map_location(|_| Location::field("action_due"))))
            })
            .transpose()?;
        let values = Values {
            risk: self.risk,
            comparator: self.comparator,
            mitigation: self.mitigation,
            threat: self.threat,
            ability: self.ability,
            gap: self.gap,
            need: self.need,
            surplus: self.surplus,
            threat_band,
            need_band,
            grade: self.grade,
            action_due,
            high_risk: self.high_risk,
            high_need: self.high_need,
        };
        Ok(Outcome::from_parts(matrix, &self.id, area, values))
    }
}

impl Outcome {
    /// Reads an outcome written as SPEC §3's JSON, checking its area and bands against `matrix`
    /// and, when it names its matrix, that it is this one.
    ///
    /// # Errors
    /// `parse` for malformed JSON; `unknown_area`, `unknown_band`, `invalid_date`; and
    /// `matrix_mismatch` when it names another matrix or fingerprint.
    pub fn from_json_str(matrix: &Matrix, text: &str) -> Result<Outcome> {
        crate::text::json::from_json::<OutcomeRecord>(text)?.into_outcome(matrix)
    }

    #[cfg(feature = "toml")]
    #[cfg_attr(docsrs, doc(cfg(feature = "toml")))]
    /// Reads an outcome written in TOML (the same fields; absent `grade` and `action_due` are
    /// none), as [`Outcome::from_json_str`].
    ///
    /// # Errors
    /// As [`Outcome::from_json_str`].
    pub fn from_toml_str(matrix: &Matrix, text: &str) -> Result<Outcome> {
        crate::text::toml::from_toml::<OutcomeRecord>(text)?.into_outcome(matrix)
    }
}
