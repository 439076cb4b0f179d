//! Progress between two assessments of a register (SPEC §10, with §12's deadlines kept): what
//! improved, worsened, appeared or went, per area the need before and after, and whether the
//! deadlines set by the earlier assessment were kept.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::error::{Error, Location, Result};
use crate::points::Points;
use crate::register::ScoredRegister;

crate::closed::closed_set! {
    /// The status of one id between two assessments (SPEC §10).
    ///
    /// ```
    /// use needmatrix::plan::Status;
    ///
    /// assert_eq!("worsened".parse::<Status>()?, Status::Worsened);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Status ("a status") {
        /// Only in the later register.
        New => "new",
        /// Only in the earlier register.
        Removed => "removed",
        /// Need lower after.
        Improved => "improved",
        /// Need higher after.
        Worsened => "worsened",
        /// Need the same.
        Unchanged => "unchanged",
    }
}

crate::closed::closed_set! {
    /// Whether the deadline an earlier assessment set was kept (SPEC §12), judged by the later
    /// assessment of the same id: did its need band fall, and was it assessed by the deadline?
    ///
    /// ```
    /// use needmatrix::plan::Deadline;
    ///
    /// assert_eq!("missed".parse::<Deadline>()?, Deadline::Missed);
    /// assert_eq!(Deadline::Late.to_string(), "late");
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Deadline ("a deadline status") {
        /// The need band fell, and the later assessment is dated on or before the deadline.
        Met => "met",
        /// The need band fell, but the later assessment is dated after the deadline.
        Late => "late",
        /// The need band did not fall, and the deadline has passed: by the later assessment, or
        /// by the plan's as-of date.
        Missed => "missed",
        /// The need band has not fallen yet, and the deadline had not passed when it was
        /// assessed again, nor by the plan's as-of date.
        Pending => "pending",
        /// The later assessment has no date, so nothing can be said.
        Unknown => "unknown",
    }
}

impl Deadline {
    /// SPEC §12's rule: `before_band` and `after_band` are need band positions, `due` the
    /// earlier assessment's `action_due`, `assessed_on` the later assessment's date.
    ///
    /// ```
    /// use needmatrix::{jiff::civil::date, plan::Deadline};
    ///
    /// let due = date(2009, 3, 31);
    /// assert_eq!(Deadline::judge(3, 2, due, Some(date(2009, 3, 31))), Deadline::Met);
    /// assert_eq!(Deadline::judge(3, 2, due, Some(date(2009, 4, 1))), Deadline::Late);
    /// assert_eq!(Deadline::judge(3, 3, due, Some(date(2009, 4, 1))), Deadline::Missed);
    /// assert_eq!(Deadline::judge(3, 3, due, Some(date(2009, 3, 1))), Deadline::Pending);
    /// assert_eq!(Deadline::judge(3, 0, due, None), Deadline::Unknown);
    /// ```
    #[must_use]
    pub fn judge(
        before_band: usize,
        after_band: usize,
        due: jiff::civil::Date,
        assessed_on: Option<jiff::civil::Date>,
    ) -> Deadline {
        Self::judge_as_of(before_band, after_band, due, assessed_on, None)
    }

    /// SPEC §12's rule judged against a plan's as-of date D: a deadline not met by a
    /// re-assessment on or before it is `missed` once D is past it, `pending` only while it has
    /// not passed (or without D).
    ///
    /// ```
    /// use needmatrix::{jiff::civil::date, plan::Deadline};
    ///
    /// let due = date(2009, 3, 31);
    /// let before = Some(date(2009, 3, 1)); // re-assessed before the deadline, band not lowered
    /// assert_eq!(Deadline::judge_as_of(3, 3, due, before, None), Deadline::Pending);
    /// assert_eq!(Deadline::judge_as_of(3, 3, due, before, Some(date(2009, 3, 31))), Deadline::Pending);
    /// assert_eq!(Deadline::judge_as_of(3, 3, due, before, Some(date(2009, 4, 1))), Deadline::Missed);
    /// // A lowered band was met whatever the date.
    /// assert_eq!(Deadline::judge_as_of(3, 2, due, before, Some(date(2010, 1, 1))), Deadline::Met);
    /// ```
    #[must_use]
    pub fn judge_as_of(
        before_band: usize,
        after_band: usize,
        due: jiff::civil::Date,
        assessed_on: Option<jiff::civil::Date>,
        as_of: Option<jiff::civil::Date>,
    ) -> Deadline {
        let Some(d) = assessed_on else {
            return Deadline::Unknown;
        };
        match (after_band < before_band, d <= due) {
            (true, true) => Deadline::Met,
            (true, false) => Deadline::Late,
            (false, false) => Deadline::Missed,
            (false, true) if as_of.is_some_and(|date| date > due) => Deadline::Missed,
            (false, true) => Deadline::Pending,
        }
    }
}

/// Counts of the deadline statuses (SPEC §12), every status present.
///
/// ```
/// use needmatrix::plan::DeadlineCounts;
///
/// let counts = DeadlineCounts::default();
/// assert_eq!(serde_json::to_string(&counts)?, r#"{"met":0,"late":0,"missed":0,"pending":0,"unknown":0}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DeadlineCounts {
    /// Met.
    pub met: usize,
    /// Late.
    pub late: usize,
    /// Missed.
    pub missed: usize,
    /// Pending.
    pub pending: usize,
    /// Unknown.
    pub unknown: usize,
}

impl DeadlineCounts {
    fn add(&mut self, deadline: Deadline) {
        match deadline {
            Deadline::Met => self.met += 1,
            Deadline::Late => self.late += 1,
            Deadline::Missed => self.missed += 1,
            Deadline::Pending => self.pending += 1,
            Deadline::Unknown => self.unknown += 1,
        }
    }
}

/// One id's change.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::{Progress, Status}};
///
/// let m = Matrix::reference();
/// let row = |capacity: &str| format!(r#"{{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "good", "capacity": "{capacity}"}}"#);
/// let before = Register::from_text(m, &row("none"), RegisterFormat::JsonLines)?.score(m)?;
/// let after = Register::from_text(m, &row("good"), RegisterFormat::JsonLines)?.score(m)?;
/// let progress = Progress::between(&before, &after)?;
/// assert_eq!(progress.entries[0].status, Status::Improved);
/// assert_eq!(progress.counts.improved, 1);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The id.
    pub id: String,
    /// Its status.
    pub status: Status,
    /// Need before, if it was there.
    pub need_before: Option<Points>,
    /// Need after, if it is there.
    pub need_after: Option<Points>,
    /// Whether the earlier assessment's deadline was kept (SPEC §12): none when the id is not
    /// in both registers or the earlier outcome had no deadline.
    pub deadline: Option<Deadline>,
    /// The earlier assessment's action deadline, if it set one (not in the JSON of §10).
    #[serde(skip)]
    pub due: Option<jiff::civil::Date>,
    /// The later assessment's date, if the id is there and dated (not in the JSON of §10).
    #[serde(skip)]
    pub reassessed_on: Option<jiff::civil::Date>,
}

/// One area's change.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Progress};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let progress = Progress::between(&scored, &scored)?;
/// let (area, change) = &progress.areas[0];
/// assert!(!area.is_empty());
/// assert_eq!(change.need_before, change.need_after);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AreaChange {
    /// Sum of need before.
    pub need_before: Points,
    /// Sum of need after.
    pub need_after: Points,
    /// `need_after − need_before`.
    pub change: Points,
    /// High-need entries before.
    pub high_need_before: usize,
    /// High-need entries after.
    pub high_need_after: usize,
}

/// Counts of the statuses, and of closed gaps (improved from need above 0 to 0).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Progress};
///
/// let m = Matrix::reference();
/// let before = Register::from_text(m, r#"{"id": "old", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#, RegisterFormat::JsonLines)?.score(m)?;
/// let after = Register::from_text(m, r#"{"id": "new", "area": "major_crime", "impact": "minor", "probability": "rare", "capability": "none", "capacity": "none"}"#, RegisterFormat::JsonLines)?.score(m)?;
/// let counts = Progress::between(&before, &after)?.counts;
/// assert_eq!((counts.new, counts.removed), (1, 1));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// New ids.
    pub new: usize,
    /// Removed ids.
    pub removed: usize,
    /// Improved.
    pub improved: usize,
    /// Worsened.
    pub worsened: usize,
    /// Unchanged.
    pub unchanged: usize,
    /// Improved from need above 0 to 0.
    pub closed: usize,
}

/// Progress between two scored registers of one matrix (SPEC §10).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Progress};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let progress = Progress::between(&scored, &scored)?;
/// assert_eq!(progress.counts.unchanged, 1);
/// assert!(serde_json::to_string(&progress)?.contains("\"unchanged\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Progress {
    /// Counts.
    pub counts: Counts,
    /// Counts of the deadline statuses.
    pub deadlines: DeadlineCounts,
    /// Per area, every area of the matrix, in matrix order.
    #[serde(serialize_with = "ordered_areas")]
    pub areas: Vec<(String, AreaChange)>,
    /// Per id, in id order (bytes).
    pub entries: Vec<Change>,
}

fn ordered_areas<S: Serializer>(
    areas: &[(String, AreaChange)],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_map(areas.iter().map(|(k, v)| (k, v)))
}

impl Progress {
    /// Compares `before` with `after`, matched by id.
    ///
    /// # Errors
    /// `matrix_mismatch` naming both fingerprints when the registers were scored with different
    /// matrices.
    pub fn between(before: &ScoredRegister, after: &ScoredRegister) -> Result<Progress> {
        Self::between_as_of(before, after, None)
    }

    /// [`Progress::between`], deadlines judged against an as-of date ([`Deadline::judge_as_of`]).
    ///
    /// # Errors
    /// As [`Progress::between`].
    pub fn between_as_of(
        before: &ScoredRegister,
        after: &ScoredRegister,
        as_of: Option<jiff::civil::Date>,
    ) -> Result<Progress> {
        let (mb, ma) = (before.matrix(), after.matrix());
        if mb.fingerprint() != ma.fingerprint() {
            return Err(Error::from(crate::error::Fault::MatrixMismatch {
                at: Location::new().with_field_prefix("fingerprint"),
                expected: format!(
                    "earlier register scored with {} fingerprint {}",
                    mb.label(),
                    mb.fingerprint()
                ),
                found: format!(
                    "later register scored with {} fingerprint {}",
                    ma.label(),
                    ma.fingerprint()
                ),
            }));
        }
        let (b, a) = (Seen::by_id(before), Seen::by_id(after));
        let mut counts = Counts::default();
        let mut deadlines = DeadlineCounts::default();
        let mut ids: Vec<&String> = b.keys().chain(a.keys()).collect();
        ids.sort_by(|x, y| x.as_bytes().cmp(y.as_bytes()));
        ids.dedup();
        let entries: Vec<Change> = ids
            .into_iter()
            .map(|id| {
                let (was, is) = (b.get(id), a.get(id));
                let (nb, na) = (was.map(|v| v.need), is.map(|v| v.need));
                let status = match (nb, na) {
                    (None, _) => Status::New,
                    (_, None) => Status::Removed,
                    (Some(x), Some(y)) if y < x => Status::Improved,
                    (Some(x), Some(y)) if y > x => Status::Worsened,
                    _ => Status::Unchanged,
                };
                match status {
                    Status::New => counts.new += 1,
                    Status::Removed => counts.removed += 1,
                    Status::Improved => {
                        counts.improved += 1;
                        if na == Some(Points::ZERO) {
                            counts.closed += 1;
                        }
                    }
                    Status::Worsened => counts.worsened += 1,
                    Status::Unchanged => counts.unchanged += 1,
                }
                let deadline = match (was, is) {
                    (Some(was), Some(is)) => was.action_due.map(|due| {
                        Deadline::judge_as_of(
                            was.need_band,
                            is.need_band,
                            due,
                            is.assessed_on,
                            as_of,
                        )
                    }),
                    _ => None,
                };
                if let Some(d) = deadline {
                    deadlines.add(d);
                }
                Change {
                    id: id.clone(),
                    status,
                    need_before: nb,
                    need_after: na,
                    deadline,
                    due: was.and_then(|v| v.action_due),
                    reassessed_on: is.and_then(|v| v.assessed_on),
                }
            })
            .collect();
        let areas = mb
            .areas()
            .iter()
            .enumerate()
            .map(|(position, area)| {
                let sum = |m: &BTreeMap<String, Seen>| -> (Decimal, usize) {
                    m.values()
                        .filter(|v| v.area == position)
                        .fold((Decimal::ZERO, 0), |(s, h), v| {
                            (s + v.need.value(), h + usize::from(v.high_need))
                        })
                };
                let ((need_before, high_before), (need_after, high_after)) = (sum(&b), sum(&a));
                (
                    area.key().to_owned(),
                    AreaChange {
                        need_before: Points::new(need_before),
                        need_after: Points::new(need_after),
                        change: Points::new(need_after - need_before),
                        high_need_before: high_before,
                        high_need_after: high_after,
                    },
                )
            })
            .collect();
        Ok(Progress {
            counts,
            deadlines,
            areas,
            entries,
        })
    }
}

/// What progress needs of one id in one register.
struct Seen {
    need: Points,
    high_need: bool,
    area: usize,
    need_band: usize,
    action_due: Option<jiff::civil::Date>,
    assessed_on: Option<jiff::civil::Date>,
}

impl Seen {
    fn by_id(register: &ScoredRegister) -> BTreeMap<String, Seen> {
        register
            .entries()
            .iter()
            .map(|e| {
                let o = e.outcome();
                let seen = Seen {
                    need: o.need(),
                    high_need: o.high_need(),
                    area: o.area_position(),
                    need_band: o.need_band_position(),
                    action_due: o.action_due(),
                    assessed_on: e.assessment().assessed_on(),
                };
                (o.id().to_owned(), seen)
            })
            .collect()
    }
}
