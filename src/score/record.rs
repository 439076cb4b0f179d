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
                known: crate::error::Known::of(
                    &self.area,
                    matrix.areas().iter().map(crate::Area::key),
                ),
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
        self.check_identities(matrix, threat_band, need_band)
            .map_err(located)?;
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

impl OutcomeRecord {
    /// The identities of SPEC §3 between an outcome's numbers, bands and flags, for the matrix:
    /// a read-back outcome that contradicts them (need in the wrong band, high need without a
    /// red grade, a negative need, …) is refused, naming the field, so it never reaches a sum.
    fn check_identities(
        &self,
        matrix: &Matrix,
        threat_band: usize,
        need_band: usize,
    ) -> Result<()> {
        let wrong = |field: &str, value: String, rule: String| {
            Err(Error::from(crate::error::Fault::OutOfRange {
                at: Location::field(field),
                value,
                rule,
            }))
        };
        for (field, value) in [
            ("risk", self.risk),
            ("comparator", self.comparator),
            ("mitigation", self.mitigation),
            ("threat", self.threat),
            ("ability", self.ability),
            ("need", self.need),
            ("surplus", self.surplus),
        ] {
            if value.is_negative() {
                return wrong(field, value.to_string(), "it is never negative".to_owned());
            }
        }
        if self.comparator < self.risk {
            return wrong(
                "comparator",
                self.comparator.to_string(),
                format!("risk + weighting is at least risk ({})", self.risk),
            );
        }
        let want = super::compute::gap(self.comparator, self.mitigation, self.ability)?;
        for (field, given, want, rule) in [
            (
                "threat",
                self.threat,
                want.threat,
                "max(0, comparator − mitigation)",
            ),
            ("gap", self.gap, want.gap, "threat − ability"),
            ("need", self.need, want.need, "max(0, gap)"),
            ("surplus", self.surplus, want.surplus, "max(0, −gap)"),
        ] {
            if given != want {
                return wrong(field, given.to_string(), format!("it is {rule} = {want}"));
            }
        }
        let band_rule = |bands: &[crate::matrix::Band], position: usize| {
            bands.get(position).map_or("", |b| b.key()).to_owned()
        };
        if threat_band != matrix.threat_band_of(self.threat) {
            let want = band_rule(matrix.threat_bands(), matrix.threat_band_of(self.threat));
            return wrong(
                "threat_band",
                self.threat_band.clone(),
                format!("threat {} is in band `{want}`", self.threat),
            );
        }
        if need_band != matrix.need_band_of(self.need) {
            let want = band_rule(matrix.need_bands(), matrix.need_band_of(self.need));
            return wrong(
                "need_band",
                self.need_band.clone(),
                format!("need {} is in band `{want}`", self.need),
            );
        }
        let grade = matrix.band_grade(need_band).map(|(grade, _)| grade);
        if self.grade != grade {
            return wrong(
                "grade",
                self.grade.map_or("none", Grade::as_str).to_owned(),
                format!(
                    "need band `{}` is graded {}",
                    self.need_band,
                    grade.map_or("none", Grade::as_str)
                ),
            );
        }
        if grade.is_none() && self.action_due.is_some() {
            return wrong(
                "action_due",
                self.action_due.clone().unwrap_or_default(),
                "an ungraded need has no deadline".to_owned(),
            );
        }
        // `high_risk` is not checked against the threat band: the national lead's judgement
        // (SPEC §3 step 11) may have replaced it, and an outcome does not say whether it did.
        if self.high_need && !(self.high_risk && grade == Some(Grade::Red)) {
            return wrong(
                "high_need",
                "true".to_owned(),
                "high need is a red grade and a high risk".to_owned(),
            );
        }
        Ok(())
    }
}

impl Outcome {
    /// Reads an outcome written as SPEC §3's JSON, checking its area and bands against `matrix`
    /// and, when it names its matrix, that it is this one.
    ///
    /// # Errors
    /// `parse` for malformed JSON; `unknown_area`, `unknown_band`, `invalid_date`;
    /// `matrix_mismatch` when it names another matrix or fingerprint; `out_of_range`, naming the
    /// field, when its numbers, bands, grade or flags contradict the identities of SPEC §3 for
    /// this matrix (`high_risk` may differ from its threat band's: the national lead's judgement
    /// can replace it).
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
