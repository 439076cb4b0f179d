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

use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::assessment::Assessment;
use crate::calendar::add_months;
use crate::error::{Error, Location, Result};
use crate::matrix::{Grade, Matrix};
use crate::points::Points;
use crate::score::Outcome;

/// Factor-sum tables are precomputed for up to this many factors (2^12 entries).
const FACTOR_TABLE_MAX: usize = 12;

/// A matrix compiled for bulk scoring.
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
    /// Per need band: the grade code and its months.
    grades: Vec<(u8, u8)>,
    high_risk_band: usize,
    ameliorative_max: Vec<i64>,
    n_areas: usize,
    n_probability: usize,
    n_capability: usize,
    /// Risk plus every factor subset, for each cell: `[(cell << factors) | mask]`, when that
    /// table is small (see [`COMPARATOR_TABLE_MAX`]).
    comparators: Option<Vec<i64>>,
}

/// Largest precomputed comparator table, in entries (512 KiB).
const COMPARATOR_TABLE_MAX: usize = 1 << 16;

impl fmt::Debug for Scorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scorer")
            .field("matrix", &self.matrix.label())
            .field("scale", &self.scale)
            .finish_non_exhaustive()
    }
}

/// One assessment resolved to positions in a compiled matrix: 32 bytes, no heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BulkInput {
    mitigation: i64,
    weighting: u64,
    /// `assessed_on` packed by [`pack_date`]; 0 for none.
    assessed_on: u32,
    area: u16,
    impact: u8,
    probability: u8,
    capability: u8,
    capacity: u8,
    measure_in_place: bool,
}

impl BulkInput {
    /// The date of the assessment.
    #[must_use]
    pub fn assessed_on(&self) -> Option<Date> {
        unpack_date(self.assessed_on)
    }

    /// Position of the area.
    #[must_use]
    pub fn area(&self) -> usize {
        usize::from(self.area)
    }
}

/// What bulk scoring keeps of one outcome: 16 bytes, the values that registers and roll-ups
/// aggregate. The rest of SPEC §3 (risk, comparator, threat, ability) follows from the input
/// through the compiled tables: [`Scorer::outcome`] gives the full outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    /// `threat − ability` in fixed point.
    gap: i64,
    /// `action_due` packed by [`pack_date`]; 0 for none.
    action_due: u32,
    threat_band: u8,
    need_band: u8,
    /// 0 none, 1 green, 2 amber, 3 red.
    grade: u8,
    /// `HIGH_RISK | HIGH_NEED | DEADLINE_OVERFLOW`.
    flags: u8,
}

const HIGH_RISK: u8 = 1;
const HIGH_NEED: u8 = 2;
/// The deadline would fall after 9999-12-31 (the one-at-a-time path refuses the assessment).
const DEADLINE_OVERFLOW: u8 = 4;

fn grade_code(grade: Option<Grade>) -> u8 {
    match grade {
        None => 0,
        Some(Grade::Green) => 1,
        Some(Grade::Amber) => 2,
        Some(Grade::Red) => 3,
    }
}

fn grade_of_code(code: u8) -> Option<Grade> {
    match code {
        1 => Some(Grade::Green),
        2 => Some(Grade::Amber),
        3 => Some(Grade::Red),
        _ => None,
    }
}

/// Packs a date into a `u32` that is never 0 (years −9999 ..= 9999 are offset to positive).
fn pack_date(date: Option<Date>) -> u32 {
    date.map_or(0, |d| {
        let year = u32::try_from(i32::from(d.year()) + 10_000).unwrap_or(0);
        let month = u32::from(d.month().unsigned_abs());
        let day = u32::from(d.day().unsigned_abs());
        (year << 9) | (month << 5) | day
    })
}

fn unpack_date(packed: u32) -> Option<Date> {
    if packed == 0 {
        return None;
    }
    let year = i16::try_from(i64::from(packed >> 9) - 10_000).ok()?;
    let month = i8::try_from((packed >> 5) & 0xF).ok()?;
    let day = i8::try_from(packed & 0x1F).ok()?;
    Date::new(year, month, day).ok()
}

impl BulkOutcome {
    /// `gap` in fixed point ([`Scorer::points`] turns it into points).
    #[must_use]
    pub fn gap_fixed(&self) -> i64 {
        self.gap
    }

    /// `need = max(0, gap)` in fixed point.
    #[must_use]
    pub fn need_fixed(&self) -> i64 {
        self.gap.max(0)
    }

    /// The grade.
    #[must_use]
    pub fn grade(&self) -> Option<Grade> {
        grade_of_code(self.grade)
    }

    /// High need.
    #[must_use]
    pub fn high_need(&self) -> bool {
        self.flags & HIGH_NEED != 0
    }

    /// High risk.
    #[must_use]
    pub fn high_risk(&self) -> bool {
        self.flags & HIGH_RISK != 0
    }

    /// Position of the need band.
    #[must_use]
    pub fn need_band(&self) -> usize {
        usize::from(self.need_band)
    }

    /// Position of the threat band.
    #[must_use]
    pub fn threat_band(&self) -> usize {
        usize::from(self.threat_band)
    }

    /// The action deadline.
    #[must_use]
    pub fn action_due(&self) -> Option<Date> {
        unpack_date(self.action_due)
    }
}

fn scale_of(d: Decimal) -> u32 {
    d.normalize().scale()
}

/// `d` as an integer × 10^-scale; exact because `scale` is at least `d`'s scale. `None` when it
/// does not fit in an `i64`.
fn fixed(d: Decimal, scale: u32) -> Option<i64> {
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
        let risks: Vec<Decimal> = (0..n_probability)
            .flat_map(|p| (0..n_impact).map(move |i| (i, p)))
            .map(|(i, p)| matrix.risk_of(i, p).unwrap_or(Points::ZERO).value())
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
        let too_large = |what: &str| Error::from(crate::error::Fault::OutOfRange {
            at: Location::field(what),
            value: matrix.label().to_owned(),
            rule: format!(
                "the compiled scorer holds values up to {FIXED_LIMIT} at {scale} decimal places; score this matrix with Matrix::score"
            ),
        });
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
            .map(|b| {
                matrix
                    .grade_of_band(b)
                    .map_or((0, 0), |g| (grade_code(Some(g.grade())), g.months()))
            })
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
        })
    }

    /// A quarter point in fixed point (the workload's ameliorative step).
    fn quarter_point(&self) -> i64 {
        fixed(Decimal::new(25, 2), self.scale).unwrap_or(0)
    }

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

    /// Resolves an assessment to a bulk input, with the checks of SPEC §3.
    ///
    /// # Errors
    /// As [`Matrix::score`].
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
        self.input_from_positions(
            r.area,
            narrow(r.impact),
            narrow(r.probability),
            weighting,
            &points,
            narrow(r.capability),
            narrow(r.capacity),
            assessment.measure_in_place(),
            assessment.assessed_on(),
        )
    }

    /// A bulk input from positions in the matrix (scale order, from 0), a bit mask of the
    /// weighting factors that apply (bit j for the j-th factor) and the points of each
    /// ameliorative kind in matrix order.
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
                "area" => Error::from(crate::error::Fault::UnknownArea { at, value }),
                _ => Error::from(crate::error::Fault::UnknownLevel { at, value }),
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
            }));
        }
        if ameliorative.len() > self.ameliorative_max.len() {
            return Err(Error::from(crate::error::Fault::UnknownAmeliorative {
                at: Location::field("ameliorative"),
                value: format!("kind {}", self.ameliorative_max.len()),
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
        Ok(BulkInput {
            mitigation,
            weighting,
            assessed_on: pack_date(assessed_on),
            area: u16::try_from(area).unwrap_or(u16::MAX),
            impact,
            probability,
            capability,
            capacity,
            measure_in_place,
        })
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
        let (grade, months) = self.grades.get(need_band).copied().unwrap_or((0, 0));
        let mut flags = 0;
        let mut action_due = 0;
        if grade != 0 && input.assessed_on != 0 {
            match unpack_date(input.assessed_on).and_then(|d| add_months(d, months)) {
                Some(due) => action_due = pack_date(Some(due)),
                None => flags |= DEADLINE_OVERFLOW,
            }
        }
        // Branch-free: these flags are unpredictable from entry to entry.
        let high_risk = u8::from(threat_band >= self.high_risk_band);
        let red_unmet = u8::from(grade == 3) & u8::from(!input.measure_in_place);
        flags |= (high_risk * HIGH_RISK) | ((high_risk & red_unmet) * HIGH_NEED);
        BulkOutcome {
            gap,
            action_due,
            threat_band: u8::try_from(threat_band).unwrap_or(u8::MAX),
            need_band: u8::try_from(need_band).unwrap_or(u8::MAX),
            grade,
            flags,
        }
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

    /// Scores a slice into `out` with rayon on a pool of `threads` threads (feature
    /// `parallel`), for embedders that already use rayon.
    #[cfg(feature = "parallel")]
    pub fn score_into_parallel(
        &self,
        inputs: &[BulkInput],
        out: &mut Vec<BulkOutcome>,
        threads: usize,
    ) {
        use rayon::prelude::*;
        out.clear();
        out.resize(inputs.len(), BulkOutcome::default());
        let chunk = inputs.len().div_ceil(threads.max(1) * 8).max(4096);
        let work = |out: &mut [BulkOutcome]| {
            out.par_chunks_mut(chunk)
                .zip(inputs.par_chunks(chunk))
                .for_each(|(o, i)| {
                    for (slot, input) in o.iter_mut().zip(i) {
                        *slot = self.score(input);
                    }
                });
        };
        match rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
        {
            Ok(pool) => pool.install(|| work(out)),
            Err(_) => work(out),
        }
    }

    /// The full outcome of a bulk result, value for value what [`Matrix::score`] gives.
    ///
    /// # Errors
    /// `invalid_id` for a bad id; `invalid_date` when the deadline would fall after 9999-12-31,
    /// as [`Matrix::score`].
    pub fn outcome(&self, id: &str, input: &BulkInput, o: &BulkOutcome) -> Result<Outcome> {
        crate::assessment::check_id(id)?;
        if o.flags & DEADLINE_OVERFLOW != 0 {
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

    /// The checksum of SPEC §8 over some outcomes.
    #[must_use]
    pub fn checksum(&self, outcomes: &[BulkOutcome]) -> Checksum {
        let mut c = Checksum {
            scale: self.scale,
            ..Checksum::default()
        };
        for o in outcomes {
            c.add(o);
        }
        c
    }
}

/// The hot loop's view of a scorer whose tables are small: comparators precomputed for every
/// cell and factor subset, floors and grades in fixed arrays, everything in locals so nothing is
/// reloaded per entry. Results are those of [`Scorer::score`] (a property test checks).
struct Kernel<'s> {
    /// `comparator[(cell << bits) | mask]`.
    comparator: &'s [i64],
    bits: u32,
    n_impact: usize,
    ability: &'s [i64],
    n_capacity: usize,
    /// Floors after the first (which is 0).
    threat_floors: &'s [i64],
    need_floors: &'s [i64],
    grades: [(u8, u8); Floors::FAST],
    high_risk_band: usize,
}

impl<'s> Kernel<'s> {
    /// The kernel of a scorer with a comparator table and at most [`Floors::FAST`] need bands.
    fn new(s: &'s Scorer) -> Option<Kernel<'s>> {
        let comparator = s.comparators.as_deref()?;
        if s.grades.len() > Floors::FAST {
            return None;
        }
        let threat_floors = s.threat_floors.all.get(1..)?;
        let need_floors = s.need_floors.all.get(1..)?;
        let mut grades = [(0, 0); Floors::FAST];
        for (slot, g) in grades.iter_mut().zip(&s.grades) {
            *slot = *g;
        }
        Some(Kernel {
            comparator,
            bits: s.factors.len() as u32,
            n_impact: s.n_impact,
            ability: &s.ability,
            n_capacity: s.n_capacity,
            threat_floors,
            need_floors,
            grades,
            high_risk_band: s.high_risk_band,
        })
    }

    /// The band's position: how many floors after the first are at or below the value (a short
    /// scalar loop; measured faster here than a branch-free binary search or a vectorised
    /// count, which baseline x86-64 does without 64-bit compares).
    #[inline(always)]
    fn band(floors: &[i64], value: i64) -> usize {
        let mut count = 0;
        for f in floors {
            count += usize::from(*f <= value);
        }
        count
    }

    #[inline(always)]
    fn score(&self, input: &BulkInput) -> BulkOutcome {
        let cell = usize::from(input.probability) * self.n_impact + usize::from(input.impact);
        let index = (cell << self.bits) | input.weighting as usize;
        let comparator = self.comparator.get(index).copied().unwrap_or(0);
        let ability = self
            .ability
            .get(usize::from(input.capability) * self.n_capacity + usize::from(input.capacity))
            .copied()
            .unwrap_or(0);
        let threat = (comparator - input.mitigation).max(0);
        let gap = threat - ability;
        let threat_band = Self::band(self.threat_floors, threat);
        let need_band = Self::band(self.need_floors, gap.max(0));
        let (grade, _) = self.grades.get(need_band).copied().unwrap_or((0, 0));
        let high_risk = u8::from(threat_band >= self.high_risk_band);
        let red_unmet = u8::from(grade == 3) & u8::from(!input.measure_in_place);
        let flags = (high_risk * HIGH_RISK) | ((high_risk & red_unmet) * HIGH_NEED);
        BulkOutcome {
            gap,
            // Deadlines are filled in by `Kernel::deadlines` for the entries that have a date.
            action_due: 0,
            threat_band: threat_band as u8,
            need_band: need_band as u8,
            grade,
            flags,
        }
    }
}

impl Kernel<'_> {
    /// Scores `inputs` onto the end of `out`, then fills in the deadlines of those with a date.
    fn run(&self, inputs: &[BulkInput], out: &mut Vec<BulkOutcome>) {
        let start = out.len();
        let mut dates = 0u32;
        out.extend(inputs.iter().map(|i| {
            dates |= i.assessed_on;
            self.score(i)
        }));
        if dates != 0 {
            self.deadlines(inputs, out.get_mut(start..).unwrap_or_default());
        }
    }

    /// Step 10 for the scored entries that have a date and a grade: kept out of the hot loop,
    /// as most bulk inputs have no date.
    fn deadlines(&self, inputs: &[BulkInput], out: &mut [BulkOutcome]) {
        for (input, o) in inputs.iter().zip(out.iter_mut()) {
            if input.assessed_on == 0 || o.grade == 0 {
                continue;
            }
            let months = self.grades.get(usize::from(o.need_band)).map_or(0, |g| g.1);
            match unpack_date(input.assessed_on).and_then(|d| add_months(d, months)) {
                Some(due) => o.action_due = pack_date(Some(due)),
                None => o.flags |= DEADLINE_OVERFLOW,
            }
        }
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
struct Floors {
    fast: Option<[i64; Floors::FAST]>,
    all: Vec<i64>,
}

impl Floors {
    const FAST: usize = 8;

    fn new(all: Vec<i64>) -> Self {
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
    fn band(&self, value: i64) -> usize {
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

/// The checksum of SPEC §8: the sum of need, entries per grade, and high-need entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checksum {
    scale: u32,
    need_sum: i128,
    count: usize,
    red: usize,
    amber: usize,
    green: usize,
    none: usize,
    high_need: usize,
}

impl Checksum {
    /// Counts one outcome in.
    pub fn add(&mut self, o: &BulkOutcome) {
        self.need_sum += i128::from(o.gap.max(0));
        self.count += 1;
        match o.grade {
            3 => self.red += 1,
            2 => self.amber += 1,
            1 => self.green += 1,
            _ => self.none += 1,
        }
        self.high_need += usize::from(o.flags & HIGH_NEED != 0);
    }

    /// Adds another checksum of the same scorer in.
    pub fn merge(&mut self, other: &Checksum) {
        self.need_sum += other.need_sum;
        self.count += other.count;
        self.red += other.red;
        self.amber += other.amber;
        self.green += other.green;
        self.none += other.none;
        self.high_need += other.high_need;
    }

    /// Entries counted.
    #[must_use]
    pub fn count(&self) -> usize {
        self.count
    }

    /// The sum of need.
    #[must_use]
    pub fn need_sum(&self) -> Points {
        Points::new(Decimal::from_i128_with_scale(self.need_sum, self.scale))
    }

    /// Entries with this grade (`None`: without a grade).
    #[must_use]
    pub fn grade_count(&self, grade: Option<Grade>) -> usize {
        match grade {
            Some(Grade::Red) => self.red,
            Some(Grade::Amber) => self.amber,
            Some(Grade::Green) => self.green,
            None => self.none,
        }
    }

    /// High-need entries.
    #[must_use]
    pub fn high_need(&self) -> usize {
        self.high_need
    }
}

impl fmt::Display for Checksum {
    /// `checksum need_sum=… red=… amber=… green=… none=… high_need=…` (SPEC §8).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "checksum need_sum={} red={} amber={} green={} none={} high_need={}",
            self.need_sum(),
            self.red,
            self.amber,
            self.green,
            self.none,
            self.high_need
        )
    }
}

/// SplitMix64, as SPEC §8 defines it.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next output.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The bulk workload of SPEC §8 over the reference matrix: entry k from the (k+1)-th output of
/// SplitMix64 seeded with S.
#[derive(Clone, Debug)]
pub struct Workload {
    rng: SplitMix64,
    next_k: u64,
}

/// The fields of one workload entry, as SPEC §8 reads them from x.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkloadEntry {
    /// k.
    pub k: u64,
    /// Area number (x mod 10).
    pub area: u8,
    /// Impact level number.
    pub impact: u8,
    /// Probability level number.
    pub probability: u8,
    /// Weighting bits ((x >> 24) and 63).
    pub weighting: u64,
    /// Partnership points × 4.
    pub partnership_quarters: u8,
    /// Resources points × 4.
    pub resources_quarters: u8,
    /// Capability level number.
    pub capability: u8,
    /// Capacity level number.
    pub capacity: u8,
    /// Bit 60.
    pub measure_in_place: bool,
}

impl WorkloadEntry {
    /// Reads an entry from x (SPEC §8).
    #[must_use]
    pub fn from_x(k: u64, x: u64) -> Self {
        WorkloadEntry {
            k,
            area: (x % 10) as u8,
            impact: ((x >> 8) % 5) as u8,
            probability: ((x >> 16) % 5) as u8,
            weighting: (x >> 24) & 63,
            partnership_quarters: ((x >> 32) % 21) as u8,
            resources_quarters: ((x >> 40) % 21) as u8,
            capability: ((x >> 48) % 5) as u8,
            capacity: ((x >> 52) % 5) as u8,
            measure_in_place: (x >> 60) & 1 == 1,
        }
    }

    /// The entry as an assessment over the reference matrix (id `b` followed by k).
    #[must_use]
    pub fn assessment(&self) -> Assessment {
        let m = Matrix::reference();
        let key = |list: &[crate::matrix::Level], n: u8| {
            list.get(usize::from(n)).map_or("", |l| l.key()).to_owned()
        };
        let quarters = |q: u8| Points::new(Decimal::new(i64::from(q) * 25, 2));
        let area = m
            .areas()
            .get(usize::from(self.area))
            .map_or("", |a| a.key())
            .to_owned();
        // The id is `b` and digits, and the keys come from the matrix: always valid.
        let base = Assessment::new(
            format!("b{}", self.k),
            area,
            key(m.impact(), self.impact),
            key(m.probability(), self.probability),
            key(m.capability(), self.capability),
            key(m.capacity(), self.capacity),
        );
        let Ok(base) = base else {
            unreachable!("workload ids are valid")
        };
        base.with_weighting(
            m.weighting()
                .iter()
                .enumerate()
                .filter(|(j, _)| self.weighting >> j & 1 == 1)
                .map(|(_, f)| f.key().to_owned()),
        )
        .with_ameliorative("partnership", quarters(self.partnership_quarters))
        .with_ameliorative("resources", quarters(self.resources_quarters))
        .with_measure_in_place(self.measure_in_place)
    }
}

impl Workload {
    /// The workload seeded with `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Workload {
            rng: SplitMix64::new(seed),
            next_k: 0,
        }
    }

    /// The next entry.
    pub fn next_entry(&mut self) -> WorkloadEntry {
        let k = self.next_k;
        self.next_k += 1;
        WorkloadEntry::from_x(k, self.rng.next_u64())
    }

    /// The next `n` entries as bulk inputs for `scorer`, a scorer of the reference matrix.
    #[must_use]
    pub fn take(mut self, scorer: &Scorer, n: usize) -> Vec<BulkInput> {
        let quarter = scorer.quarter_point();
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.next_entry().input_with_quarter(quarter));
        }
        out
    }
}

impl WorkloadEntry {
    /// The entry as a bulk input for `scorer`, a scorer of the reference matrix.
    #[must_use]
    pub fn bulk_input(&self, scorer: &Scorer) -> BulkInput {
        self.input_with_quarter(scorer.quarter_point())
    }

    fn input_with_quarter(&self, quarter: i64) -> BulkInput {
        let quarters = i64::from(self.partnership_quarters) + i64::from(self.resources_quarters);
        BulkInput {
            mitigation: quarter * quarters,
            weighting: self.weighting,
            assessed_on: 0,
            area: u16::from(self.area),
            impact: self.impact,
            probability: self.probability,
            capability: self.capability,
            capacity: self.capacity,
            measure_in_place: self.measure_in_place,
        }
    }
}
