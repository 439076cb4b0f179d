//! The synthetic workload of SPEC §8, for benchmarks and peers: deterministic entries from a
//! seed. Not part of the stable API.

use rust_decimal::Decimal;

use super::Scorer;
use super::compile::fixed;
use super::packed::BulkInput;
use crate::assessment::Assessment;
use crate::matrix::Matrix;
use crate::points::Points;

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
            lead_high_risk: None,
        }
    }
}

impl Scorer {
    /// A quarter point in fixed point (the workload's ameliorative step).
    fn quarter_point(&self) -> i64 {
        fixed(Decimal::new(25, 2), self.scale).unwrap_or(0)
    }
}
