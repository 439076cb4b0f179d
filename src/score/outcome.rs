//! The outcome of scoring one assessment: its values, its priority order, and its JSON.

use std::cmp::Ordering;
use std::fmt;

use jiff::civil::Date;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::compute::Values;
use super::explain::Explanation;
use super::field::OutcomeField;
use crate::matrix::{Grade, Matrix};
use crate::points::Points;

/// The result of scoring one assessment: every value of SPEC §3 steps 1–12, and the matrix it
/// was scored with.
///
/// ```
/// use needmatrix::{Assessment, Grade, Matrix};
///
/// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?;
/// let o = Matrix::reference().score(&a)?;
/// assert_eq!((o.risk().to_string(), o.need().to_string()), ("16".to_owned(), "12".to_owned()));
/// assert_eq!((o.need_band(), o.grade()), ("high", Some(Grade::Red)));
/// let json = serde_json::to_string(&o)?;
/// assert_eq!(needmatrix::Outcome::from_json_str(Matrix::reference(), &json)?, o);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Outcome {
    matrix: Matrix,
    id: String,
    area: usize,
    pub(crate) values: Values,
    explanation: Option<Box<Explanation>>,
}

impl fmt::Debug for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outcome")
            .field("matrix", &self.matrix.label())
            .field("id", &self.id)
            .field("area", &self.area())
            .field("values", &self.values)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Outcome {
    /// Equal when scored with the same matrix (by fingerprint) to the same values.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.area == other.area
            && self.values == other.values
            && self.matrix.fingerprint() == other.matrix.fingerprint()
    }
}

impl Eq for Outcome {}

impl Outcome {
    /// An outcome from values computed elsewhere (the compiled scorer).
    pub(crate) fn from_parts(matrix: &Matrix, id: &str, area: usize, values: Values) -> Outcome {
        Outcome {
            matrix: matrix.clone(),
            id: id.to_owned(),
            area,
            values,
            explanation: None,
        }
    }

    /// The same outcome, its explanation (if kept) saying where its keys came from.
    pub(crate) fn with_translation(mut self, t: super::translation::Translation) -> Outcome {
        self.explanation = self.explanation.map(|e| Box::new((*e).with_translation(t)));
        self
    }

    /// The same outcome with its explanation kept.
    pub(crate) fn with_explanation(mut self, explanation: Explanation) -> Outcome {
        self.explanation = Some(Box::new(explanation));
        self
    }

    /// The matrix it was scored with.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// The assessment id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The area key.
    #[must_use]
    pub fn area(&self) -> &str {
        self.matrix
            .areas()
            .get(self.area)
            .map_or("", crate::matrix::Area::key)
    }

    /// Position of the area in the matrix.
    #[must_use]
    pub fn area_position(&self) -> usize {
        self.area
    }

    /// Step 1: impact × probability (or the grid cell).
    #[must_use]
    pub fn risk(&self) -> Points {
        self.values.risk
    }

    /// Step 2: risk + weighting factors.
    #[must_use]
    pub fn comparator(&self) -> Points {
        self.values.comparator
    }

    /// Step 3: the sum of ameliorative points.
    #[must_use]
    pub fn mitigation(&self) -> Points {
        self.values.mitigation
    }

    /// Step 4: `max(0, comparator − mitigation)`.
    #[must_use]
    pub fn threat(&self) -> Points {
        self.values.threat
    }

    /// Step 5: capability and capacity combined.
    #[must_use]
    pub fn ability(&self) -> Points {
        self.values.ability
    }

    /// Step 6: `threat − ability`, signed (negative is spare ability).
    #[must_use]
    pub fn gap(&self) -> Points {
        self.values.gap
    }

    /// Step 7: `max(0, gap)`.
    #[must_use]
    pub fn need(&self) -> Points {
        self.values.need
    }

    /// Step 7: `max(0, −gap)`, possible over-provision.
    #[must_use]
    pub fn surplus(&self) -> Points {
        self.values.surplus
    }

    /// Step 8: the threat band key.
    #[must_use]
    pub fn threat_band(&self) -> &str {
        band_key(self.matrix.threat_bands(), self.values.threat_band)
    }

    /// Step 8: the need band key.
    #[must_use]
    pub fn need_band(&self) -> &str {
        band_key(self.matrix.need_bands(), self.values.need_band)
    }

    /// Position of the threat band (0 is the lowest).
    #[must_use]
    pub fn threat_band_position(&self) -> usize {
        self.values.threat_band
    }

    /// Position of the need band (0 is the lowest).
    #[must_use]
    pub fn need_band_position(&self) -> usize {
        self.values.need_band
    }

    /// Step 9: the grade of the need band, if it has one.
    #[must_use]
    pub fn grade(&self) -> Option<Grade> {
        self.values.grade
    }

    /// Step 10: the action deadline, if graded and dated.
    #[must_use]
    pub fn action_due(&self) -> Option<Date> {
        self.values.action_due
    }

    /// Step 11: threat band at or above the matrix's high-risk band.
    #[must_use]
    pub fn high_risk(&self) -> bool {
        self.values.high_risk
    }

    /// Step 12: red, high risk and no proportionate measure in place.
    #[must_use]
    pub fn high_need(&self) -> bool {
        self.values.high_need
    }

    /// The explanation, when scored with [`Matrix::score_explained`].
    #[must_use]
    pub fn explanation(&self) -> Option<&Explanation> {
        self.explanation.as_deref()
    }

    /// The priority order of SPEC §3: `high_need` first, then `need`, `threat` and `risk`
    /// descending, then `id` ascending by bytes. Total over outcomes with distinct ids.
    #[must_use]
    pub fn priority_cmp(&self, other: &Outcome) -> Ordering {
        other
            .values
            .high_need
            .cmp(&self.values.high_need)
            .then_with(|| other.values.need.cmp(&self.values.need))
            .then_with(|| other.values.threat.cmp(&self.values.threat))
            .then_with(|| other.values.risk.cmp(&self.values.risk))
            .then_with(|| self.id.as_bytes().cmp(other.id.as_bytes()))
    }

    /// One field as canonical text, as a CSV cell writes it: points canonical (SPEC §1), bands
    /// and grade by key, dates `YYYY-MM-DD`, flags `true`/`false`; `None` for an absent grade or
    /// deadline.
    ///
    /// ```
    /// use needmatrix::{Assessment, Matrix, OutcomeField};
    ///
    /// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?;
    /// let o = Matrix::reference().score(&a)?;
    /// assert_eq!(o.field_text(OutcomeField::Need).as_deref(), Some("12"));
    /// assert_eq!(o.field_text(OutcomeField::ActionDue), None);
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    #[must_use]
    pub fn field_text(&self, field: OutcomeField) -> Option<String> {
        let v = &self.values;
        Some(match field {
            OutcomeField::Id => self.id.clone(),
            OutcomeField::Area => self.area().to_owned(),
            OutcomeField::Risk => v.risk.to_string(),
            OutcomeField::Comparator => v.comparator.to_string(),
            OutcomeField::Mitigation => v.mitigation.to_string(),
            OutcomeField::Threat => v.threat.to_string(),
            OutcomeField::Ability => v.ability.to_string(),
            OutcomeField::Gap => v.gap.to_string(),
            OutcomeField::Need => v.need.to_string(),
            OutcomeField::Surplus => v.surplus.to_string(),
            OutcomeField::ThreatBand => self.threat_band().to_owned(),
            OutcomeField::NeedBand => self.need_band().to_owned(),
            OutcomeField::Grade => v.grade?.as_str().to_owned(),
            OutcomeField::ActionDue => v.action_due?.to_string(),
            OutcomeField::HighRisk => v.high_risk.to_string(),
            OutcomeField::HighNeed => v.high_need.to_string(),
            OutcomeField::Matrix => self.matrix.label().to_owned(),
            OutcomeField::Fingerprint => self.matrix.fingerprint().to_owned(),
        })
    }

    /// Serialises without the matrix fields, as a file of many outcomes writes each one.
    #[must_use]
    pub fn without_matrix(&self) -> impl Serialize + '_ {
        OutcomeJson {
            outcome: self,
            with_matrix: false,
        }
    }
}

pub(super) fn band_key(bands: &[crate::matrix::Band], position: usize) -> &str {
    bands.get(position).map_or("", crate::matrix::Band::key)
}

struct OutcomeJson<'a> {
    outcome: &'a Outcome,
    with_matrix: bool,
}

impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let o = self.outcome;
        let v = &o.values;
        let fields = OutcomeField::ALL
            .iter()
            .filter(|f| self.with_matrix || !f.names_matrix());
        let mut s = serializer.serialize_struct("Outcome", fields.clone().count())?;
        for &field in fields {
            let name = field.as_str();
            match field {
                OutcomeField::Id => s.serialize_field(name, &o.id)?,
                OutcomeField::Area => s.serialize_field(name, o.area())?,
                OutcomeField::Risk => s.serialize_field(name, &v.risk)?,
                OutcomeField::Comparator => s.serialize_field(name, &v.comparator)?,
                OutcomeField::Mitigation => s.serialize_field(name, &v.mitigation)?,
                OutcomeField::Threat => s.serialize_field(name, &v.threat)?,
                OutcomeField::Ability => s.serialize_field(name, &v.ability)?,
                OutcomeField::Gap => s.serialize_field(name, &v.gap)?,
                OutcomeField::Need => s.serialize_field(name, &v.need)?,
                OutcomeField::Surplus => s.serialize_field(name, &v.surplus)?,
                OutcomeField::ThreatBand => s.serialize_field(name, o.threat_band())?,
                OutcomeField::NeedBand => s.serialize_field(name, o.need_band())?,
                OutcomeField::Grade => s.serialize_field(name, &v.grade)?,
                OutcomeField::ActionDue => {
                    s.serialize_field(name, &v.action_due.map(|d| d.to_string()))?;
                }
                OutcomeField::HighRisk => s.serialize_field(name, &v.high_risk)?,
                OutcomeField::HighNeed => s.serialize_field(name, &v.high_need)?,
                OutcomeField::Matrix => s.serialize_field(name, o.matrix.label())?,
                OutcomeField::Fingerprint => s.serialize_field(name, o.matrix.fingerprint())?,
            }
        }
        s.end()
    }
}

impl Serialize for Outcome {
    /// The JSON outcome of SPEC §3, with `matrix` (`id@version`) and `fingerprint`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        OutcomeJson {
            outcome: self,
            with_matrix: true,
        }
        .serialize(serializer)
    }
}
