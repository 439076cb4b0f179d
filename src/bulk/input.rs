//! Assessments and positions turned into packed bulk inputs, with the checks of SPEC §3.

use jiff::civil::Date;

use super::Scorer;
use super::compile::fixed;
use super::packed::BulkInput;
use crate::assessment::Assessment;
use crate::error::{Error, Location, Result};
use crate::points::Points;

impl Scorer {
    /// Resolves an assessment to a bulk input, with the checks of SPEC §3.
    ///
    /// # Errors
    /// As [`Matrix::score`](crate::Matrix::score).
    pub fn input(&self, assessment: &Assessment) -> Result<BulkInput> {
        let r = assessment.resolve(&self.matrix)?;
        let weighting = r.weighting.iter().fold(0u64, |m, &f| m | 1 << f);
        let mut points = vec![Points::ZERO; self.ameliorative_max.len()];
        for (k, p) in &r.ameliorative {
            if let Some(slot) = points.get_mut(*k) {
                *slot = *p;
            }
        }
        let narrow = |v: usize| u8::try_from(v).unwrap_or(u8::MAX);
        let input = self.input_from_positions(
            r.area,
            narrow(r.impact),
            narrow(r.probability),
            weighting,
            &points,
            narrow(r.capability),
            narrow(r.capacity),
            assessment.measure_in_place(),
            assessment.assessed_on(),
        )?;
        Ok(BulkInput {
            lead_high_risk: assessment.lead_high_risk(),
            ..input
        })
    }

    /// A bulk input from positions in the matrix (scale order, from 0), a bit mask of the
    /// weighting factors that apply (bit j for the j-th factor) and the points of each
    /// ameliorative kind in matrix order. The lead's judgement of high risk is recorded with
    /// [`BulkInput::with_lead_high_risk`].
    ///
    /// # Errors
    /// `unknown_area`, `unknown_level`, `unknown_factor`, `unknown_ameliorative` for positions
    /// outside the matrix; `precision` or `ameliorative_out_of_range` for points.
    #[allow(clippy::too_many_arguments)]
    pub fn input_from_positions(
        &self,
        area: usize,
        impact: u8,
        probability: u8,
        weighting: u64,
        ameliorative: &[Points],
        capability: u8,
        capacity: u8,
        measure_in_place: bool,
        assessed_on: Option<Date>,
    ) -> Result<BulkInput> {
        let position = |field: &str, value: usize, len: usize| -> Result<()> {
            if value < len {
                return Ok(());
            }
            let at = Location::field(field);
            let value = value.to_string();
            Err(match field {
                // Positions, not keys: there is no key to suggest.
                "area" => Error::from(crate::error::Fault::UnknownArea {
                    at,
                    value,
                    known: crate::error::Known::default(),
                }),
                _ => Error::from(crate::error::Fault::UnknownLevel {
                    at,
                    value,
                    known: crate::error::Known::default(),
                }),
            })
        };
        position("area", area, self.n_areas)?;
        position("impact", usize::from(impact), self.n_impact)?;
        position("probability", usize::from(probability), self.n_probability)?;
        let n_factors = self.factors.len();
        if n_factors < 64 && weighting >> n_factors != 0 {
            return Err(Error::from(crate::error::Fault::UnknownFactor {
                at: Location::field("weighting"),
                value: format!("bit {}", 63 - weighting.leading_zeros()),
                known: crate::error::Known::default(),
            }));
        }
        if ameliorative.len() > self.ameliorative_max.len() {
            return Err(Error::from(crate::error::Fault::UnknownAmeliorative {
                at: Location::field("ameliorative"),
                value: format!("kind {}", self.ameliorative_max.len()),
                known: crate::error::Known::default(),
            }));
        }
        let mut mitigation: i64 = 0;
        for (k, (p, max)) in ameliorative.iter().zip(&self.ameliorative_max).enumerate() {
            let field = || Location::field(format!("ameliorative[{k}]"));
            if p.value().normalize().scale() > crate::points::MAX_INPUT_PLACES as u32 {
                return Err(Error::from(crate::error::Fault::Precision {
                    at: field(),
                    value: p.to_string(),
                }));
            }
            let v = fixed(p.value(), self.scale).filter(|v| (0..=*max).contains(v));
            let Some(v) = v else {
                return Err(Error::from(crate::error::Fault::AmeliorativeOutOfRange {
                    at: field(),
                    value: p.to_string(),
                    max: self.points(*max).to_string(),
                }));
            };
            // Bounded by the sum of the maxima, checked on compilation.
            mitigation += v;
        }
        position("capability", usize::from(capability), self.n_capability)?;
        position("capacity", usize::from(capacity), self.n_capacity)?;
        Ok(BulkInput::from_checked(
            area,
            impact,
            probability,
            weighting,
            mitigation,
            capability,
            capacity,
            measure_in_place,
            assessed_on,
            None,
        ))
    }
}
