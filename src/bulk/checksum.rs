//! The checksum of SPEC §8 over bulk outcomes.

use std::fmt;

use rust_decimal::Decimal;

use super::packed::BulkOutcome;
use crate::matrix::Grade;
use crate::points::Points;

/// The checksum of SPEC §8: the sum of need, entries per grade, and high-need entries.
///
/// ```
/// use needmatrix::{Assessment, Grade, Matrix, bulk::Scorer};
///
/// let scorer = Scorer::new(Matrix::reference())?;
/// let a = Assessment::new("x", "major_crime", "critical", "likely", "none", "none")?;
/// let mut out = Vec::new();
/// scorer.score_into(&[scorer.input(&a)?; 3], &mut out);
/// let c = scorer.checksum(&out);
/// assert_eq!((c.count(), c.grade_count(Some(Grade::Red)), c.high_need()), (3, 3, 3));
/// assert_eq!(c.need_sum().to_string(), "60");
/// # Ok::<(), needmatrix::Error>(())
/// ```
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
    /// An empty checksum at a scorer's scale.
    pub(super) fn at_scale(scale: u32) -> Self {
        Checksum {
            scale,
            ..Checksum::default()
        }
    }

    /// Counts one outcome in.
    pub fn add(&mut self, o: &BulkOutcome) {
        self.need_sum += i128::from(o.gap.max(0));
        self.count += 1;
        match o.grade() {
            Some(Grade::Red) => self.red += 1,
            Some(Grade::Amber) => self.amber += 1,
            Some(Grade::Green) => self.green += 1,
            None => self.none += 1,
        }
        self.high_need += usize::from(o.high_need());
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
