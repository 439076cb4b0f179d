//! Scoring one assessment (SPEC §3): the twelve exact steps ([`compute`]), the outcome and its
//! priority order ([`outcome`]), outcomes read back from files ([`record`]) and the explanation
//! ([`explain`]).

use crate::assessment::{Assessment, Resolved};
use crate::error::Result;
use crate::matrix::Matrix;

#[cfg(feature = "csv")]
pub(crate) mod columns;
pub(crate) mod compute;
pub(crate) mod explain;
pub(crate) mod field;
pub(crate) mod outcome;
pub(crate) mod recheck;
pub(crate) mod record;
pub(crate) mod translation;

pub(crate) use compute::{Values, ability_grid, compute};
pub use explain::{Explanation, Operand, Step};
pub use field::OutcomeField;
#[cfg(feature = "csv")]
#[cfg(feature = "xlsx")]
pub(crate) use field::SCORED_NOTES;
pub use outcome::Outcome;
pub use recheck::{Difference, Recomputed, SHOWN_DIFFERENCES};
pub use translation::{KeyChange, Translation};

impl Matrix {
    /// Scores one assessment (SPEC §3).
    ///
    /// ```
    /// use needmatrix::{Assessment, Grade, Matrix};
    ///
    /// let a = Assessment::new("dv-7", "domestic_abuse", "critical", "likely", "limited", "adequate")?
    ///     .with_weighting(["vulnerable_victims", "repeat_victimisation"])
    ///     .with_assessed_on(jiff::civil::date(2008, 1, 31));
    /// let o = Matrix::reference().score(&a)?;
    /// // risk 5 × 4 = 20; comparator 20 + 3 + 2 = 25; threat 25; ability min(4, 8) = 4; need 21.
    /// assert_eq!(o.need().to_string(), "21");
    /// assert_eq!(o.grade(), Some(Grade::Red));
    /// assert_eq!(o.action_due(), Some(jiff::civil::date(2008, 4, 30)));
    /// assert!(o.high_need());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The codes of SPEC §3 for keys the matrix does not have or points out of range, each naming
    /// the field; `invalid_date` when the deadline would fall after 9999-12-31.
    pub fn score(&self, assessment: &Assessment) -> Result<Outcome> {
        let resolved = assessment.resolve(self)?;
        self.outcome(assessment, &resolved, false)
    }

    /// Scores one assessment and keeps its explanation ([`Outcome::explanation`]).
    ///
    /// # Errors
    /// As [`Matrix::score`].
    pub fn score_explained(&self, assessment: &Assessment) -> Result<Outcome> {
        let resolved = assessment.resolve(self)?;
        self.outcome(assessment, &resolved, true)
    }

    fn outcome(&self, a: &Assessment, r: &Resolved, explain: bool) -> Result<Outcome> {
        let values = compute(
            self,
            r,
            a.measure_in_place(),
            a.assessed_on(),
            a.lead_high_risk(),
        )
        .map_err(|e| e.map_location(|at| at.with_record(a.id())))?;
        let outcome = Outcome::from_parts(self, a.id(), r.area, values);
        Ok(if explain {
            let explanation = Explanation::of(self, a, r, &outcome.values);
            outcome.with_explanation(explanation)
        } else {
            outcome
        })
    }
}
