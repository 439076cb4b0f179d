//! The hot loop: a scorer whose tables are small, scored with everything in locals.

use super::Scorer;
use super::compile::Floors;
use super::packed::{BulkInput, BulkOutcome};
use crate::matrix::Grade;
use crate::score::compute::judge;

/// The hot loop's view of a scorer whose tables are small: comparators precomputed for every
/// cell and factor subset, floors and grades in fixed arrays, everything in locals so nothing is
/// reloaded per entry. Results are those of [`Scorer::score`] (a property test checks).
pub(super) struct Kernel<'s> {
    /// `comparator[(cell << bits) | mask]`.
    comparator: &'s [i64],
    bits: u32,
    n_impact: usize,
    ability: &'s [i64],
    n_capacity: usize,
    /// Floors after the first (which is 0).
    threat_floors: &'s [i64],
    need_floors: &'s [i64],
    grades: [Option<(Grade, u8)>; Floors::FAST],
    high_risk_band: usize,
}

impl<'s> Kernel<'s> {
    /// The kernel of a scorer with a comparator table and at most [`Floors::FAST`] need bands.
    pub(super) fn new(s: &'s Scorer) -> Option<Kernel<'s>> {
        let comparator = s.comparators.as_deref()?;
        if s.grades.len() > Floors::FAST {
            return None;
        }
        let threat_floors = s.threat_floors.all.get(1..)?;
        let need_floors = s.need_floors.all.get(1..)?;
        let mut grades = [None; Floors::FAST];
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
        let band_grade = self.grades.get(need_band).copied().flatten();
        let judged = judge(
            band_grade,
            threat_band,
            self.high_risk_band,
            input.lead_high_risk,
            input.measure_in_place,
        );
        // Deadlines are filled in by `Kernel::deadlines` for the entries that have a date.
        BulkOutcome::judged(gap, threat_band, need_band, judged)
    }
}

impl Kernel<'_> {
    /// Scores `inputs` onto the end of `out`, then fills in the deadlines of those with a date.
    pub(super) fn run(&self, inputs: &[BulkInput], out: &mut Vec<BulkOutcome>) {
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
            if input.assessed_on == 0 {
                continue;
            }
            if let Some(Some((_, months))) = self.grades.get(usize::from(o.need_band)) {
                o.set_deadline(input.assessed_on, *months);
            }
        }
    }
}
