//! Reviews due (SPEC §12): the entries nobody has re-assessed within the review period, which
//! would otherwise sit in the register looking current.

use jiff::civil::Date;

use crate::calendar::add_calendar_months;
use crate::register::ScoredRegister;

/// The review period when none is given: a year (SPEC §12).
pub const DEFAULT_REVIEW_MONTHS: u16 = 12;

/// Whether an assessment dated `assessed_on` is overdue for review on `as_of`: it has no date,
/// or its date plus `review_months` calendar months (the day clamped to the month's end, as a
/// deadline) is before `as_of`. A review date past 9999-12-31 is never before `as_of`.
///
/// ```
/// use needmatrix::{jiff::civil::date, plan::review_overdue};
///
/// // Exactly twelve months old is not yet overdue; a day more is.
/// assert!(!review_overdue(Some(date(2008, 1, 15)), date(2009, 1, 15), 12));
/// assert!(review_overdue(Some(date(2008, 1, 15)), date(2009, 1, 16), 12));
/// // 29 February plus a year is 28 February.
/// assert!(review_overdue(Some(date(2008, 2, 29)), date(2009, 3, 1), 12));
/// // Never assessed on a known date: always due.
/// assert!(review_overdue(None, date(2009, 1, 1), 12));
/// ```
#[must_use]
pub fn review_overdue(assessed_on: Option<Date>, as_of: Date, review_months: u16) -> bool {
    match assessed_on {
        None => true,
        Some(date) => {
            add_calendar_months(date, u32::from(review_months)).is_some_and(|review| review < as_of)
        }
    }
}

/// The ids of a scored register whose assessment is overdue for review on `as_of`
/// ([`review_overdue`]), in priority order: the action plan's `review_overdue` list.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, jiff::civil::date, plan::reviews_due};
///
/// let m = Matrix::reference();
/// let jsonl = [
///     r#"{"id": "fresh", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none", "assessed_on": "2009-01-10"}"#,
///     r#"{"id": "stale", "area": "major_crime", "impact": "minor", "probability": "rare", "capability": "good", "capacity": "good", "assessed_on": "2007-11-30"}"#,
///     r#"{"id": "undated", "area": "public_order", "impact": "minor", "probability": "rare", "capability": "good", "capacity": "good"}"#,
/// ].join("\n");
/// let scored = Register::from_text(m, &jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// assert_eq!(reviews_due(&scored, date(2009, 1, 31), 12), ["stale", "undated"]);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[must_use]
pub fn reviews_due(register: &ScoredRegister, as_of: Date, review_months: u16) -> Vec<&str> {
    register
        .entries()
        .iter()
        .filter(|e| review_overdue(e.assessment().assessed_on(), as_of, review_months))
        .map(|e| e.outcome().id())
        .collect()
}
