//! A scored table read back as a register: its derived cells (`priority`, `risk` … `high_need`)
//! compared with what its inputs give now. They are never trusted, only recomputed; where one
//! differs (an input was edited after the table was written), the difference is counted and the
//! first few are kept to be reported.

use std::fmt;

use rust_decimal::Decimal;

use super::field::OutcomeField;
use super::outcome::Outcome;
use crate::error::Location;
use crate::quote::Quoted;

/// How many differences are kept to be shown; the rest are counted.
pub const SHOWN_DIFFERENCES: usize = 5;

/// One derived cell of a scored table that differs from the value its record's inputs give now.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat};
///
/// # #[cfg(feature = "csv")] { // CSV registers need the `csv` feature
/// let m = Matrix::reference();
/// // A scored table whose impact was edited from `critical` to `major` after it was written.
/// let csv = "id,area,impact,probability,capability,capacity,risk\n\
///            a,major_crime,major,likely,none,none,20\n";
/// let scored = Register::from_text(m, csv, RegisterFormat::Csv)?.score(m)?;
/// let difference = &scored.recomputed().first()[0];
/// assert_eq!(difference.field(), "risk");
/// assert_eq!((difference.given(), difference.recomputed()), ("20", "16"));
/// assert_eq!(difference.location().line(), Some(2));
/// # }
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    at: Location,
    field: &'static str,
    given: String,
    recomputed: String,
}

impl Difference {
    /// Where the cell is: record, line (or cell, for a workbook), file and field.
    #[must_use]
    pub fn location(&self) -> &Location {
        &self.at
    }

    /// The derived column (`priority`, `need`, `grade`, …).
    #[must_use]
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// The cell's text as the table gave it.
    #[must_use]
    pub fn given(&self) -> &str {
        &self.given
    }

    /// The value recomputed from the inputs, as a scored table writes it (empty for none).
    #[must_use]
    pub fn recomputed(&self) -> &str {
        &self.recomputed
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let now = if self.recomputed.is_empty() {
            "none"
        } else {
            &self.recomputed
        };
        write!(
            f,
            "{}: `{}`, recomputed `{}`",
            self.at,
            Quoted(&self.given),
            now
        )
    }
}

/// What scoring a register found in the derived columns of the scored table it was read from:
/// how many cells were compared, how many differed from what the inputs give now, and the first
/// [`SHOWN_DIFFERENCES`] of those. A register read from anything else compares none.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat};
///
/// # #[cfg(feature = "csv")] { // CSV registers need the `csv` feature
/// let m = Matrix::reference();
/// let csv = "priority,id,area,impact,probability,capability,capacity,need,grade\n\
///            1,a,major_crime,critical,likely,none,none,20,red\n";
/// let scored = Register::from_text(m, csv, RegisterFormat::Csv)?.score(m)?;
/// // `priority`, `need` and `grade` agree with the inputs: nothing to report.
/// assert_eq!(scored.recomputed().compared(), 3);
/// assert!(scored.recomputed().is_consistent());
/// # }
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recomputed {
    compared: usize,
    differences: usize,
    first: Vec<Difference>,
}

impl Recomputed {
    /// Nothing compared.
    pub(crate) const NONE: Recomputed = Recomputed {
        compared: 0,
        differences: 0,
        first: Vec::new(),
    };

    /// The derived cells compared (empty cells are not compared).
    #[must_use]
    pub fn compared(&self) -> usize {
        self.compared
    }

    /// How many of them differed from what the inputs give now.
    #[must_use]
    pub fn differences(&self) -> usize {
        self.differences
    }

    /// Whether every derived cell agreed (or there were none).
    #[must_use]
    pub fn is_consistent(&self) -> bool {
        self.differences == 0
    }

    /// The first [`SHOWN_DIFFERENCES`] differences, in reading order.
    #[must_use]
    pub fn first(&self) -> &[Difference] {
        &self.first
    }

    /// Compares one derived cell, given as `given`, with the value recomputed; `at` names the
    /// record and is filled in (field, line, cell, file) only for a difference kept.
    pub(crate) fn compare(
        &mut self,
        field: &'static str,
        given: &str,
        recomputed: &str,
        at: impl FnOnce(Location) -> Location,
    ) {
        self.compared += 1;
        if agrees(field, given, recomputed) {
            return;
        }
        self.differences += 1;
        if self.first.len() < SHOWN_DIFFERENCES {
            self.first.push(Difference {
                at: at(Location::field(field)),
                field,
                given: given.to_owned(),
                recomputed: recomputed.to_owned(),
            });
        }
    }
}

impl fmt::Display for Recomputed {
    /// One paragraph for a terminal: the count, then the first differences, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{} of {} derived value{} given differ{} from what the inputs give now (an input was edited after the table was scored?); every derived value was recomputed",
            self.differences,
            self.compared,
            s(self.compared),
            if self.differences == 1 { "s" } else { "" },
        )?;
        for d in &self.first {
            write!(f, "\n  {d}")?;
        }
        if self.differences > self.first.len() {
            write!(f, "\n  … and {} more", self.differences - self.first.len())?;
        }
        Ok(())
    }
}

/// Whether a derived cell as given agrees with its recomputed value: numbers by value (`20.0`
/// is `20`, as a spreadsheet may write it), flags in any case, keys and dates as text.
fn agrees(field: &str, given: &str, recomputed: &str) -> bool {
    let numeric = field == "priority"
        || OutcomeField::ALL
            .iter()
            .any(|f| f.is_decimal() && f.as_str() == field);
    if numeric {
        let value = |t: &str| t.trim().parse::<Decimal>().ok();
        return matches!((value(given), value(recomputed)), (Some(a), Some(b)) if a == b);
    }
    if matches!(field, "high_risk" | "high_need") {
        return given.trim().eq_ignore_ascii_case(recomputed);
    }
    given.trim() == recomputed
}

/// The text of a derived field of `outcome` as a scored table writes it (empty for none).
pub(crate) fn derived_text(outcome: &Outcome, field: &str) -> String {
    OutcomeField::ALL
        .iter()
        .find(|f| f.as_str() == field)
        .and_then(|f| outcome.field_text(*f))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::agrees;

    #[test]
    fn numbers_agree_by_value_flags_in_any_case_keys_exactly() {
        assert!(agrees("need", "20.0", "20"));
        assert!(agrees("priority", "3", "3"));
        assert!(!agrees("priority", "3", "4"));
        assert!(!agrees("need", "twenty", "20"));
        assert!(agrees("high_need", "TRUE", "true"));
        assert!(!agrees("high_need", "false", "true"));
        assert!(agrees("grade", "red", "red"));
        assert!(!agrees("grade", "Red", "red"));
        assert!(!agrees("grade", "red", ""));
        assert!(agrees("action_due", "2009-03-31", "2009-03-31"));
    }
}
