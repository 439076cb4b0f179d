//! Compiling a matrix for bulk scoring: every value as a fixed-point integer at the matrix's
//! decimal scale, lookup tables for risk, factor sums, comparators and ability, band floors.

use rust_decimal::Decimal;

use super::Scorer;
use crate::error::{Error, Location, Result};
use crate::matrix::Matrix;
use crate::points::Points;

/// Factor-sum tables are precomputed for up to this many factors (2^12 entries).
const FACTOR_TABLE_MAX: usize = 12;

/// Largest precomputed comparator table, in entries (512 KiB).
const COMPARATOR_TABLE_MAX: usize = 1 << 16;

fn scale_of(d: Decimal) -> u32 {
    d.normalize().scale()
}

/// `d` as an integer × 10^-scale; exact because `scale` is at least `d`'s scale. `None` when it
/// does not fit in an `i64`.
pub(super) fn fixed(d: Decimal, scale: u32) -> Option<i64> {
    let d = d.normalize();
    let up = scale.checked_sub(d.scale())?;
    let value = d.mantissa().checked_mul(10i128.checked_pow(up)?)?;
    i64::try_from(value).ok()
}

/// Largest magnitude the compiled scorer lets any value reach: sums of four such values stay
/// inside `i64`.
const FIXED_LIMIT: i64 = i64::MAX / 8;

impl Scorer {
    /// Compiles `matrix`.
    ///
    /// # Errors
    /// `out_of_range` when the matrix's values at its decimal scale do not fit the scorer's
    /// 64-bit integers (points near 1 000 000 with many decimal places on both impact and
    /// probability): such a matrix is scored exactly by [`Matrix::score`] instead.
    pub fn new(matrix: &Matrix) -> Result<Self> {
        let n_impact = matrix.impact().len();
        let n_probability = matrix.probability().len();
        // `risk[probability * n_impact + impact]`: the order of `Matrix::cells`.
        let risks: Vec<Decimal> = matrix
            .cells()
            .map(|cell| matrix.risk_of(cell).unwrap_or(Points::ZERO).value())
            .collect();
        let abilities: Vec<Decimal> = crate::score::ability_grid(matrix)
            .into_iter()
            .map(Points::value)
            .collect();
        let factors: Vec<Decimal> = matrix
            .weighting()
            .iter()
            .map(|f| f.points().value())
            .collect();
        let maxima: Vec<Decimal> = matrix
            .ameliorative()
            .iter()
            .map(|k| k.max().value())
            .collect();
        let floors = |bands: &[crate::matrix::Band]| -> Vec<Decimal> {
            bands.iter().map(|b| b.min().value()).collect()
        };
        let (threat_floors, need_floors) =
            (floors(matrix.threat_bands()), floors(matrix.need_bands()));
        let input_places = if maxima.is_empty() {
            0
        } else {
            crate::points::MAX_INPUT_PLACES as u32
        };
        let scale = risks
            .iter()
            .chain(&abilities)
            .chain(&factors)
            .chain(&maxima)
            .chain(&threat_floors)
            .chain(&need_floors)
            .map(|d| scale_of(*d))
            .max()
            .unwrap_or(0)
            .max(input_places);
        let too_large = |what: &str| {
            Error::from(crate::error::Fault::OutOfRange {
                at: Location::field(what),
                value: matrix.label().to_owned(),
                rule: format!(
                    "the compiled scorer holds values up to {FIXED_LIMIT} at {scale} decimal places; score this matrix with Matrix::score"
                ),
            })
        };
        let to_fixed = |list: &[Decimal], what: &str| -> Result<Vec<i64>> {
            list.iter()
                .map(|d| {
                    fixed(*d, scale)
                        .filter(|v| v.abs() <= FIXED_LIMIT)
                        .ok_or_else(|| too_large(what))
                })
                .collect()
        };
        let risk = to_fixed(&risks, "risk")?;
        let factors = to_fixed(&factors, "weighting")?;
        let ability = to_fixed(&abilities, "ability")?;
        let ameliorative_max = to_fixed(&maxima, "ameliorative")?;
        // Every intermediate value is bounded by these sums.
        let sum = |list: &[i64]| list.iter().try_fold(0i64, |s, v| s.checked_add(*v));
        let bound = [
            risk.iter().copied().max().unwrap_or(0),
            sum(&factors).ok_or_else(|| too_large("weighting"))?,
            sum(&ameliorative_max).ok_or_else(|| too_large("ameliorative"))?,
            ability.iter().copied().max().unwrap_or(0),
        ];
        if bound.iter().any(|b| *b > FIXED_LIMIT) {
            return Err(too_large("risk"));
        }
        let factor_sums = if factors.len() <= FACTOR_TABLE_MAX {
            (0..1usize << factors.len())
                .map(|mask| {
                    factors
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| mask >> j & 1 == 1)
                        .map(|(_, f)| f)
                        .sum()
                })
                .collect()
        } else {
            Vec::new()
        };
        let grades = (0..matrix.need_bands().len())
            .map(|b| matrix.band_grade(b))
            .collect();
        let comparators = (factors.len() <= FACTOR_TABLE_MAX
            && risk.len() << factors.len() <= COMPARATOR_TABLE_MAX)
            .then(|| {
                risk.iter()
                    .flat_map(|r| factor_sums.iter().map(move |w| r + w))
                    .collect()
            });
        Ok(Scorer {
            comparators,
            matrix: matrix.clone(),
            scale,
            n_impact,
            risk,
            factors,
            factor_sums,
            n_capacity: matrix.capacity().len(),
            ability,
            // Floors above every reachable value behave alike, so clamping them loses nothing.
            threat_floors: Floors::new(saturating_floors(&threat_floors, scale)),
            need_floors: Floors::new(saturating_floors(&need_floors, scale)),
            grades,
            high_risk_band: matrix.high_risk_position(),
            ameliorative_max,
            n_areas: matrix.areas().len(),
            n_probability,
            n_capability: matrix.capability().len(),
            comparator_bound: bound[0] + bound[1],
        })
    }
}

/// Band floors as fixed point, those too large for `i64` clamped to its maximum: no value the
/// scorer computes reaches them.
fn saturating_floors(floors: &[Decimal], scale: u32) -> Vec<i64> {
    floors
        .iter()
        .map(|d| fixed(*d, scale).unwrap_or(i64::MAX))
        .collect()
}

/// Band floors, sorted, the first 0. Up to [`Floors::FAST`] bands are kept in a fixed array
/// padded with `i64::MAX`, so finding a band is a few branch-free comparisons.
#[derive(Clone, Debug)]
pub(super) struct Floors {
    fast: Option<[i64; Floors::FAST]>,
    pub(super) all: Vec<i64>,
}

impl Floors {
    pub(super) const FAST: usize = 8;

    pub(super) fn new(all: Vec<i64>) -> Self {
        let fast = (all.len() <= Self::FAST).then(|| {
            let mut fast = [i64::MAX; Self::FAST];
            for (slot, f) in fast.iter_mut().zip(&all) {
                *slot = *f;
            }
            fast
        });
        Floors { fast, all }
    }

    /// Position of the band of `value` (≥ 0): the last floor at or below it.
    #[inline(always)]
    pub(super) fn band(&self, value: i64) -> usize {
        match &self.fast {
            // A branch-free binary search over the padded array (the first floor is 0, so
            // position 0 always qualifies): three selects, no unpredictable branch, and no
            // 64-bit vector compares (baseline x86-64 has none).
            Some(fast) => {
                let mut pos = 0usize;
                for step in [4, 2, 1] {
                    let next = pos + step;
                    let floor = fast.get(next).copied().unwrap_or(i64::MAX);
                    pos += step * usize::from(floor <= value);
                }
                pos
            }
            None => self.all.partition_point(|&f| f <= value).saturating_sub(1),
        }
    }
}
