//! Calendar months for action deadlines (SPEC §3 step 10).
//!
//! ```
//! use needmatrix::{calendar::add_months, jiff::civil::date};
//!
//! // A red gap assessed on 30 November is due three calendar months later, at the month's end.
//! assert_eq!(add_months(date(2008, 11, 30), 3), Some(date(2009, 2, 28)));
//! ```

use jiff::Span;
use jiff::civil::Date;

/// `date` plus `months` calendar months, the day clamped to the last day of the target month
/// (31 January + 1 month = 28 or 29 February). `None` past the last representable date
/// (9999-12-31).
///
/// ```
/// use jiff::civil::date;
/// use needmatrix::calendar::add_months;
///
/// assert_eq!(add_months(date(2008, 1, 31), 1), Some(date(2008, 2, 29)));
/// assert_eq!(add_months(date(2009, 1, 31), 1), Some(date(2009, 2, 28)));
/// assert_eq!(add_months(date(2008, 6, 20), 3), Some(date(2008, 9, 20)));
/// assert_eq!(add_months(date(9999, 12, 1), 1), None);
/// ```
#[must_use]
pub fn add_months(date: Date, months: u8) -> Option<Date> {
    add_calendar_months(date, u32::from(months))
}

/// [`add_months`] for periods longer than a grade's (a review period of years).
pub(crate) fn add_calendar_months(date: Date, months: u32) -> Option<Date> {
    // jiff clamps the day to the end of the month when adding months, which is the rule here.
    let span = Span::new().try_months(i64::from(months)).ok()?;
    date.checked_add(span).ok()
}
