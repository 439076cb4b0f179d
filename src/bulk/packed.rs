//! The packed forms bulk scoring works on: an input in 32 bytes and an outcome in 16, with no
//! heap.

use jiff::civil::Date;

use crate::calendar::add_months;
use crate::matrix::Grade;
use crate::score::compute::Judgement;

/// One assessment resolved to positions in a compiled matrix: 32 bytes, no heap.
///
/// ```
/// use needmatrix::{Assessment, Matrix, bulk::Scorer, jiff::civil::date};
///
/// let scorer = Scorer::new(Matrix::reference())?;
/// let a = Assessment::new("x", "public_order", "major", "likely", "limited", "good")?
///     .with_assessed_on(date(2008, 6, 20));
/// let input = scorer.input(&a)?;
/// assert_eq!(input.assessed_on(), Some(date(2008, 6, 20)));
/// assert_eq!(input.area(), Matrix::reference().areas().iter().position(|x| x.key() == "public_order").unwrap());
/// assert_eq!(std::mem::size_of_val(&input), 32);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BulkInput {
    pub(super) mitigation: i64,
    pub(super) weighting: u64,
    /// `assessed_on` packed by [`pack_date`]; 0 for none.
    pub(super) assessed_on: u32,
    pub(super) area: u16,
    pub(super) impact: u8,
    pub(super) probability: u8,
    pub(super) capability: u8,
    pub(super) capacity: u8,
    pub(super) measure_in_place: bool,
    /// The lead's judgement of high risk, when recorded (SPEC §3 step 11).
    pub(super) lead_high_risk: Option<bool>,
}

impl BulkInput {
    /// An input from positions already checked against the scorer's matrix (the streaming
    /// reader resolves keys itself) and a mitigation in fixed point within the kinds' maxima.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_checked(
        area: usize,
        impact: u8,
        probability: u8,
        weighting: u64,
        mitigation: i64,
        capability: u8,
        capacity: u8,
        measure_in_place: bool,
        assessed_on: Option<Date>,
        lead_high_risk: Option<bool>,
    ) -> BulkInput {
        BulkInput {
            mitigation,
            weighting,
            assessed_on: pack_date(assessed_on),
            area: u16::try_from(area).unwrap_or(u16::MAX),
            impact,
            probability,
            capability,
            capacity,
            measure_in_place,
            lead_high_risk,
        }
    }

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

    /// The lead's judgement of whether the risk is high, when recorded.
    #[must_use]
    pub fn lead_high_risk(&self) -> Option<bool> {
        self.lead_high_risk
    }

    /// Records the lead's judgement of whether the risk is high, which replaces the computed
    /// high risk (SPEC §3 step 11), as [`Assessment::with_lead_high_risk`] does.
    ///
    /// ```
    /// use needmatrix::{Assessment, Matrix, bulk::Scorer};
    ///
    /// let scorer = Scorer::new(Matrix::reference())?;
    /// let a = Assessment::new("x", "major_crime", "critical", "likely", "none", "none")?;
    /// let input = scorer.input(&a)?;
    /// assert!(scorer.score(&input).high_need());
    /// assert!(!scorer.score(&input.with_lead_high_risk(false)).high_need());
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// [`Assessment::with_lead_high_risk`]: crate::Assessment::with_lead_high_risk
    #[must_use]
    pub fn with_lead_high_risk(mut self, high: bool) -> Self {
        self.lead_high_risk = Some(high);
        self
    }

    /// The weighting factors that apply, as a mask of their positions in the matrix.
    #[cfg(feature = "csv")]
    pub(crate) fn weighting_mask(&self) -> u64 {
        self.weighting
    }

    /// Whether a proportionate measure is in place (SPEC §3 step 12).
    #[cfg(feature = "csv")]
    pub(crate) fn measure_in_place(&self) -> bool {
        self.measure_in_place
    }

    /// The level positions of the four judgement calls, in SPEC §13's order: impact,
    /// probability, capability, capacity.
    pub(crate) fn calls(&self) -> [u8; 4] {
        [
            self.impact,
            self.probability,
            self.capability,
            self.capacity,
        ]
    }

    /// The same input with judgement call `call` (an index of [`BulkInput::calls`]) at level
    /// `position`, every other field kept: a one-notch neighbour when the position is adjacent.
    pub(crate) fn with_call(mut self, call: usize, position: u8) -> Self {
        match call {
            0 => self.impact = position,
            1 => self.probability = position,
            2 => self.capability = position,
            _ => self.capacity = position,
        }
        self
    }
}

/// What bulk scoring keeps of one outcome: 16 bytes, the values that registers and roll-ups
/// aggregate. The rest of SPEC §3 (risk, comparator, threat, ability) follows from the input
/// through the compiled tables: [`Scorer::outcome`](super::Scorer::outcome) gives the full
/// outcome.
///
/// ```
/// use needmatrix::{Assessment, Grade, Matrix, bulk::Scorer};
///
/// let scorer = Scorer::new(Matrix::reference())?;
/// let a = Assessment::new("x", "major_crime", "critical", "likely", "none", "none")?;
/// let o = scorer.score(&scorer.input(&a)?);
/// assert_eq!((o.grade(), o.high_need(), o.high_risk()), (Some(Grade::Red), true, true));
/// assert_eq!(std::mem::size_of_val(&o), 16);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    /// `threat − ability` in fixed point.
    pub(super) gap: i64,
    /// `action_due` packed by [`pack_date`]; 0 for none.
    pub(super) action_due: u32,
    pub(super) threat_band: u8,
    pub(super) need_band: u8,
    pub(super) grade: Option<Grade>,
    /// `HIGH_RISK | HIGH_NEED | DEADLINE_OVERFLOW`.
    pub(super) flags: u8,
}

pub(super) const HIGH_RISK: u8 = 1;
pub(super) const HIGH_NEED: u8 = 2;
/// The deadline would fall after 9999-12-31 (the one-at-a-time path refuses the assessment).
pub(super) const DEADLINE_OVERFLOW: u8 = 4;

impl BulkOutcome {
    /// An outcome from steps 6–12, its deadline (step 10) left to be filled in.
    #[inline(always)]
    pub(super) fn judged(
        gap: i64,
        threat_band: usize,
        need_band: usize,
        judged: Judgement,
    ) -> Self {
        let flags =
            (u8::from(judged.high_risk) * HIGH_RISK) | (u8::from(judged.high_need) * HIGH_NEED);
        BulkOutcome {
            gap,
            action_due: 0,
            // Positions are below the band counts, which a compiled scorer keeps within u8.
            threat_band: u8::try_from(threat_band).unwrap_or(u8::MAX),
            need_band: u8::try_from(need_band).unwrap_or(u8::MAX),
            grade: judged.grade,
            flags,
        }
    }

    /// Step 10 for an input with a date: the deadline `months` after it, or the overflow flag.
    #[inline]
    pub(super) fn set_deadline(&mut self, assessed_on: u32, months: u8) {
        match unpack_date(assessed_on).and_then(|d| add_months(d, months)) {
            Some(due) => self.action_due = pack_date(Some(due)),
            None => self.flags |= DEADLINE_OVERFLOW,
        }
    }
}

/// Packs a date into a `u32` that is never 0 (years −9999 ..= 9999 are offset to positive).
pub(super) fn pack_date(date: Option<Date>) -> u32 {
    date.map_or(0, |d| {
        let year = u32::try_from(i32::from(d.year()) + 10_000).unwrap_or(0);
        let month = u32::from(d.month().unsigned_abs());
        let day = u32::from(d.day().unsigned_abs());
        (year << 9) | (month << 5) | day
    })
}

pub(super) fn unpack_date(packed: u32) -> Option<Date> {
    if packed == 0 {
        return None;
    }
    let year = i16::try_from(i64::from(packed >> 9) - 10_000).ok()?;
    let month = i8::try_from((packed >> 5) & 0xF).ok()?;
    let day = i8::try_from(packed & 0x1F).ok()?;
    Date::new(year, month, day).ok()
}

impl BulkOutcome {
    /// Whether the deadline would fall after 9999-12-31 (scoring one at a time refuses it).
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn deadline_overflowed(&self) -> bool {
        self.flags & DEADLINE_OVERFLOW != 0
    }

    /// `gap` in fixed point ([`Scorer::points`](super::Scorer::points) turns it into points).
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
        self.grade
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
