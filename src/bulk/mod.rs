//! Bulk scoring: a matrix compiled to lookup tables and fixed-point integers, a batch API that
//! scores a slice into a reused buffer with no allocation per entry, and the synthetic workload
//! of SPEC §8.
//!
//! Every value is exact. The compiled scorer works in integers at the matrix's decimal scale
//! (the most decimal places any of its values, or an ameliorative input, can have; at most 9)
//! and turns them into [`Points`] only at the edge. Its results are those of [`Matrix::score`],
//! value for value: a property test compares the two on random matrices and inputs.
//!
//! ```
//! use needmatrix::{Matrix, bulk::{Scorer, Workload}};
//!
//! let scorer = Scorer::new(Matrix::reference())?;
//! let inputs = Workload::new(2008).take(&scorer, 1000);
//! let mut outcomes = Vec::new();
//! scorer.score_into(&inputs, &mut outcomes);
//! let checksum = scorer.checksum(&outcomes);
//! assert_eq!(checksum.count(), 1000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod checksum;
mod compile;
mod input;
mod kernel;
mod packed;
#[doc(hidden)]
pub mod workload;

use std::fmt;

use rust_decimal::Decimal;

use crate::error::{Error, Location, Result};
use crate::matrix::Grade;
use crate::matrix::Matrix;
use crate::points::Points;
use crate::score::Outcome;
use crate::score::compute::judge;

pub use checksum::Checksum;
use compile::Floors;
use kernel::Kernel;
pub use packed::{BulkInput, BulkOutcome};
#[doc(hidden)]
pub use workload::{SplitMix64, Workload, WorkloadEntry};

/// A matrix compiled for bulk scoring.
///
/// ```
/// use needmatrix::{Assessment, Matrix, bulk::Scorer};
///
/// let m = Matrix::reference();
/// let scorer = Scorer::new(m)?;
/// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?;
/// let input = scorer.input(&a)?;
/// let mut out = Vec::new();
/// scorer.score_into(&[input], &mut out);
/// assert_eq!(scorer.points(out[0].need_fixed()).to_string(), "12");
/// assert_eq!(scorer.outcome("x", &input, &out[0])?, m.score(&a)?);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone)]
pub struct Scorer {
    matrix: Matrix,
    /// Values are integers × 10^-scale.
    scale: u32,
    n_impact: usize,
    /// `risk[probability * n_impact + impact]`.
    risk: Vec<i64>,
    factors: Vec<i64>,
    /// Sums of factor subsets by bit mask, when there are few factors.
    factor_sums: Vec<i64>,
    n_capacity: usize,
    /// `ability[capability * n_capacity + capacity]`.
    ability: Vec<i64>,
    threat_floors: Floors,
    need_floors: Floors,
    /// Per need band: its grade and months (the matrix's step 9 table).
    grades: Vec<Option<(Grade, u8)>>,
    high_risk_band: usize,
    ameliorative_max: Vec<i64>,
    n_areas: usize,
    n_probability: usize,
    n_capability: usize,
    /// Risk plus every factor subset, for each cell: `[(cell << factors) | mask]`, when that
    /// table is small (see [`COMPARATOR_TABLE_MAX`]).
    comparators: Option<Vec<i64>>,
    /// The largest comparator any input can have (the largest risk plus every factor): it
    /// bounds risk, threat and need too.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    comparator_bound: i64,
}

impl fmt::Debug for Scorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scorer")
            .field("matrix", &self.matrix.label())
            .field("scale", &self.scale)
            .finish_non_exhaustive()
    }
}

impl Scorer {
    /// The matrix compiled.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// The decimal places of the fixed-point integers.
    #[must_use]
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// A fixed-point value as points.
    #[must_use]
    pub fn points(&self, value: i64) -> Points {
        Points::new(Decimal::new(value, self.scale))
    }

    /// Steps 1, 2 and 5: risk, comparator and ability of an input.
    #[inline(always)]
    fn lookups(&self, input: &BulkInput) -> (i64, i64, i64) {
        let cell = usize::from(input.probability) * self.n_impact + usize::from(input.impact);
        let risk = self.risk.get(cell).copied().unwrap_or(0);
        let weighting = match self.factor_sums.get(input.weighting as usize) {
            Some(sum) => *sum,
            None => self.sum_factors(input.weighting),
        };
        let ability = self
            .ability
            .get(usize::from(input.capability) * self.n_capacity + usize::from(input.capacity))
            .copied()
            .unwrap_or(0);
        (risk, risk + weighting, ability)
    }

    /// Scores one input (SPEC §3 steps 1–12 over the compiled tables).
    #[must_use]
    #[inline(always)]
    pub fn score(&self, input: &BulkInput) -> BulkOutcome {
        let (_, comparator, ability) = self.lookups(input);
        let threat = (comparator - input.mitigation).max(0);
        let gap = threat - ability;
        let threat_band = self.threat_floors.band(threat);
        let need_band = self.need_floors.band(gap.max(0));
        let band_grade = self.grades.get(need_band).copied().flatten();
        let judged = judge(
            band_grade,
            threat_band,
            self.high_risk_band,
            input.lead_high_risk,
            input.measure_in_place,
        );
        let mut outcome = BulkOutcome::judged(gap, threat_band, need_band, judged);
        if judged.grade.is_some() && input.assessed_on != 0 {
            outcome.set_deadline(input.assessed_on, judged.months);
        }
        outcome
    }

    fn sum_factors(&self, mask: u64) -> i64 {
        let mut sum = 0;
        let mut bits = mask;
        while bits != 0 {
            let j = bits.trailing_zeros() as usize;
            sum += self.factors.get(j).copied().unwrap_or(0);
            bits &= bits - 1;
        }
        sum
    }

    /// Scores a slice into `out` (cleared first; its allocation is reused, so a caller that
    /// scores batch after batch allocates once).
    pub fn score_into(&self, inputs: &[BulkInput], out: &mut Vec<BulkOutcome>) {
        out.clear();
        out.reserve(inputs.len());
        match Kernel::new(self) {
            Some(kernel) => kernel.run(inputs, out),
            None => out.extend(inputs.iter().map(|i| self.score(i))),
        }
    }

    /// Scores a slice into `out` on `threads` scoped threads (standard library only), each
    /// scoring one contiguous part. `threads` ≤ 1 scores on the calling thread.
    pub fn score_into_threads(
        &self,
        inputs: &[BulkInput],
        out: &mut Vec<BulkOutcome>,
        threads: usize,
    ) {
        if threads <= 1 || inputs.len() < 2 * 4096 {
            return self.score_into(inputs, out);
        }
        out.clear();
        out.resize(inputs.len(), BulkOutcome::default());
        let chunk = inputs.len().div_ceil(threads);
        std::thread::scope(|scope| {
            for (o, i) in out.chunks_mut(chunk).zip(inputs.chunks(chunk)) {
                scope.spawn(move || {
                    for (slot, input) in o.iter_mut().zip(i) {
                        *slot = self.score(input);
                    }
                });
            }
        });
    }

    /// Scores a slice into `out` with rayon (feature `parallel`), on the caller's current
    /// rayon pool: the global pool, or the one a surrounding
    /// [`ThreadPool::install`](rayon::ThreadPool::install) chose. The crate builds no pool of
    /// its own.
    ///
    /// ```
    /// use needmatrix::{Matrix, bulk::Scorer};
    /// # use needmatrix::bulk::Workload;
    ///
    /// let scorer = Scorer::new(Matrix::reference())?;
    /// # let inputs = Workload::new(2008).take(&scorer, 20_000);
    /// let mut out = Vec::new();
    /// let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    /// pool.install(|| scorer.score_into_parallel(&inputs, &mut out));
    /// assert_eq!(out.len(), inputs.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "parallel")]
    #[cfg_attr(docsrs, doc(cfg(feature = "parallel")))]
    pub fn score_into_parallel(&self, inputs: &[BulkInput], out: &mut Vec<BulkOutcome>) {
        use rayon::prelude::*;
        out.clear();
        out.resize(inputs.len(), BulkOutcome::default());
        // Enough chunks to balance the pool's threads, none so small that scheduling shows.
        let chunk = inputs
            .len()
            .div_ceil(rayon::current_num_threads().max(1) * 8)
            .max(4096);
        out.par_chunks_mut(chunk)
            .zip(inputs.par_chunks(chunk))
            .for_each(|(o, i)| {
                for (slot, input) in o.iter_mut().zip(i) {
                    *slot = self.score(input);
                }
            });
    }

    /// The full outcome of a bulk result, value for value what [`Matrix::score`] gives.
    ///
    /// # Errors
    /// `invalid_id` for a bad id; `invalid_date` when the deadline would fall after 9999-12-31,
    /// as [`Matrix::score`].
    pub fn outcome(&self, id: &str, input: &BulkInput, o: &BulkOutcome) -> Result<Outcome> {
        crate::assessment::check_id(id)?;
        if o.flags & packed::DEADLINE_OVERFLOW != 0 {
            return Err(Error::from(crate::error::Fault::InvalidDate {
                at: Location::field("assessed_on").with_record(id),
                value: input
                    .assessed_on()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                rule: "the action deadline falls after 9999-12-31",
            }));
        }
        let (risk, comparator, ability) = self.lookups(input);
        let threat = (comparator - input.mitigation).max(0);
        let values = crate::score::Values {
            risk: self.points(risk),
            comparator: self.points(comparator),
            mitigation: self.points(input.mitigation),
            threat: self.points(threat),
            ability: self.points(ability),
            gap: self.points(o.gap),
            need: self.points(o.gap.max(0)),
            surplus: self.points((-o.gap).max(0)),
            threat_band: o.threat_band(),
            need_band: o.need_band(),
            grade: o.grade(),
            action_due: o.action_due(),
            high_risk: o.high_risk(),
            high_need: o.high_need(),
        };
        Ok(Outcome::from_parts(&self.matrix, id, input.area(), values))
    }

    /// Risk and threat of an input, in fixed point (steps 1, 2 and 4): what the priority order
    /// compares after high need and need.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn risk_and_threat(&self, input: &BulkInput) -> (i64, i64) {
        let (risk, comparator, _) = self.lookups(input);
        (risk, (comparator - input.mitigation).max(0))
    }

    /// Steps 1 to 7 of an input and its outcome in fixed point: risk, comparator, mitigation,
    /// threat, ability, gap, need and surplus.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn values_fixed(&self, input: &BulkInput, o: &BulkOutcome) -> [i64; 8] {
        let (risk, comparator, ability) = self.lookups(input);
        let threat = (comparator - input.mitigation).max(0);
        [
            risk,
            comparator,
            input.mitigation,
            threat,
            ability,
            o.gap,
            o.gap.max(0),
            (-o.gap).max(0),
        ]
    }

    /// The largest comparator any input can have, in fixed point: a bound on risk, threat and
    /// need.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn comparator_bound(&self) -> i64 {
        self.comparator_bound
    }

    /// Each ameliorative kind's `max`, in fixed point at [`Scorer::scale`].
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn ameliorative_max_fixed(&self) -> &[i64] {
        &self.ameliorative_max
    }

    /// The checksum of SPEC §8 over some outcomes.
    #[must_use]
    pub fn checksum(&self, outcomes: &[BulkOutcome]) -> Checksum {
        let mut c = Checksum::at_scale(self.scale);
        for o in outcomes {
            c.add(o);
        }
        c
    }
}
